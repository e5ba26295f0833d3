//! `lanterne serve` as an operator starts it: a start its settings or PostgreSQL refuse, and
//! the logs of one that runs.

use super::{folder, lanterne, said};
use crate::helpers::process::Server;
use crate::helpers::{Backend, forget_database, fresh_database};

/// The crash ledger (`running` in the spool directory) marks a run as started: a start that
/// its settings stop must not leave one, or the next start warns of hits lost by a crash.
#[test]
fn a_start_its_settings_stop_leaves_no_crash_ledger_behind() {
    let dir = folder("ledger");
    let output = lanterne(&dir, &["serve"])
        .env("DATABASE_URL", "sqlite://lanterne.db")
        .env("LANTERNE_LISTEN", "127.0.0.1:0")
        .env(
            "LANTERNE_READ_DATABASE_URL",
            "postgres://postgres@127.0.0.1/postgres",
        )
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        said(&output).contains("LANTERNE_READ_DATABASE_URL needs DATABASE_URL on PostgreSQL"),
        "{}",
        said(&output)
    );
    assert!(!dir.join("spool").join("running").exists());
    std::fs::remove_dir_all(dir).unwrap();
}

/// Logs go to a file, journald or `docker logs` as plain text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_carry_no_colour_codes_when_they_go_elsewhere_than_a_terminal() {
    let database_url = fresh_database(Backend::Sqlite).await.unwrap();
    let server = Server::start(&database_url, &[("RUST_LOG", "info")], true).await;
    let logs = server.stop();
    assert!(logs.contains("Lanterne is listening"), "{logs}");
    assert!(!logs.contains('\u{1b}'), "{logs:?}");
    forget_database(&database_url).await;
}

/// A start PostgreSQL refuses says what PostgreSQL said, its detail included, once, and without
/// the line of PostgreSQL's C source that sqlx adds to it (`… at line 948`): a database that is
/// not there, a role that may not connect, a role that may not create the tables.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_start_postgresql_refuses_says_what_postgresql_said() {
    let Some(database_url) = fresh_database(Backend::Postgres).await else {
        return;
    };
    let name = database_url.rsplit_once('/').unwrap().1.to_owned();
    let role = format!("{name}_role");
    let db = sqlx::PgPool::connect(&database_url).await.unwrap();
    let run = async |sql: String| {
        let done = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&db).await;
        done.unwrap();
    };
    run(format!("CREATE ROLE {role} LOGIN")).await;
    run(format!("REVOKE CONNECT ON DATABASE {name} FROM PUBLIC")).await;
    run("REVOKE CREATE ON SCHEMA public FROM PUBLIC".to_owned()).await;
    let dir = folder("postgres");
    let start = |url: &url::Url| {
        let output = lanterne(&dir, &["serve"])
            .env("DATABASE_URL", url.as_str())
            .env("LANTERNE_LISTEN", "127.0.0.1:0")
            .output()
            .unwrap();
        (output.status.success(), said(&output))
    };
    let mut url = url::Url::parse(&database_url).unwrap();
    url.set_path(&format!("{name}_missing"));
    let missing = start(&url);
    url.set_path(&name);
    url.set_username(&role).unwrap();
    let no_connect = start(&url);
    run(format!("GRANT CONNECT ON DATABASE {name} TO {role}")).await;
    let no_create = start(&url);
    // The role goes before any assertion, whatever they find: roles outlive test databases.
    run(format!("REVOKE CONNECT ON DATABASE {name} FROM {role}")).await;
    run(format!("DROP ROLE {role}")).await;
    db.close().await;

    for (started, said) in [&missing, &no_connect, &no_create] {
        assert!(!started, "{said}");
        assert!(!said.contains(" at line "), "{said}");
    }
    let (_, said) = missing;
    let gone = format!("database \"{name}_missing\" does not exist");
    assert!(
        said.starts_with(&format!("Error: error returned from database: {gone}\n")),
        "{said}"
    );
    assert_eq!(said.matches(&gone).count(), 1, "{said}");
    let (_, said) = no_connect;
    let refused = format!(
        "permission denied for database \"{name}\". Detail: User does not have CONNECT privilege."
    );
    assert_eq!(said.matches(&refused).count(), 1, "{said}");
    let (_, said) = no_create;
    assert!(
        said.starts_with("Error: applying database migrations\n"),
        "{said}"
    );
    assert_eq!(
        said.matches("permission denied for schema public").count(),
        1,
        "{said}"
    );
    forget_database(&database_url).await;
    std::fs::remove_dir_all(dir).unwrap();
}
