//! The `lanterne` commands run as an operator runs them, from a folder of their own: what
//! they refuse, and what they say when they do.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use lanterne::auth::Role;
use lanterne::db::Db;

use crate::both;
use crate::helpers::process::Server;
use crate::helpers::{Backend, TestApp, forget_database, fresh_database};

/// A new empty folder under the temporary directory, as the operator's working directory.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "lanterne-cli-{name}-{}",
        nanoid::nanoid!(8, &nanoid::alphabet::SAFE)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir.canonicalize().unwrap()
}

/// `lanterne ARGS` run in `dir`, with none of this machine's settings: no `DATABASE_URL`, no
/// backtraces, warnings only.
fn lanterne(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lanterne"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env_remove("RUST_BACKTRACE")
        .env("RUST_LOG", "warn")
        .env("LANTERNE_SPOOL_DIR", dir.join("spool"));
    command
}

/// What `output` printed on standard error.
fn said(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn commands_other_than_serve_refuse_a_sqlite_file_that_is_not_there() {
    let dir = folder("missing");
    std::fs::write(dir.join("links.csv"), "url,slug\nhttps://example.org/a,a\n").unwrap();
    let commands: [&[&str]; 9] = [
        &["export", "--output", "out.csv"],
        &["backup", "copy.db"],
        &["token", "create", "--name", "me"],
        &["token", "list"],
        &["token", "revoke", "me"],
        &["user", "create", "--email", "ops@example.com"],
        &["import", "csv", "links.csv"],
        &["import", "csv", "links.csv", "--dry-run"],
        &["reclassify"],
    ];
    for args in commands {
        // The default, relative path, from a folder where Lanterne does not run.
        let output = lanterne(&dir, args)
            .env("LANTERNE_ADMIN_PASSWORD", "correct horse battery")
            .output()
            .unwrap();
        assert!(!output.status.success(), "{args:?} succeeded");
        let expected = format!(
            "no Lanterne database at {}: run from the folder where Lanterne runs, or set DATABASE_URL / --database-url",
            dir.join("lanterne.db").display()
        );
        assert!(
            said(&output).contains(&expected),
            "{args:?}: {}",
            said(&output)
        );
        // A typo, given as a flag.
        let output = lanterne(&dir, args)
            .args(["--database-url", "sqlite://typo.db"])
            .env("LANTERNE_ADMIN_PASSWORD", "correct horse battery")
            .output()
            .unwrap();
        assert!(!output.status.success(), "{args:?} succeeded");
        let expected = format!("no Lanterne database at {}", dir.join("typo.db").display());
        assert!(
            said(&output).contains(&expected),
            "{args:?}: {}",
            said(&output)
        );
        for made in ["lanterne.db", "typo.db", "copy.db", "out.csv"] {
            assert!(!dir.join(made).exists(), "{args:?} made {made}");
        }
    }
    std::fs::remove_dir_all(dir).unwrap();
}

async fn user_create_with_no_password_and_no_terminal_says_what_to_set(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    Db::connect(&database_url).await.unwrap().close().await;
    let dir = folder("password");
    let create = |email: &str| {
        let mut command = lanterne(&dir, &["user", "create", "--email", email]);
        command
            .env("DATABASE_URL", &database_url)
            .env_remove("LANTERNE_ADMIN_PASSWORD");
        command
    };
    let output = create("y@example.com")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        said(&output).contains("no password: set LANTERNE_ADMIN_PASSWORD or run in a terminal"),
        "{}",
        said(&output)
    );
    // A password piped in is still taken.
    let mut piped = create("z@example.com")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    piped
        .stdin
        .take()
        .unwrap()
        .write_all(b"correct horse battery\n")
        .unwrap();
    let output = piped.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", said(&output));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "Created admin z@example.com."
    );
    forget_database(&database_url).await;
    std::fs::remove_dir_all(dir).unwrap();
}
both!(
    user_create_with_no_password_and_no_terminal_says_what_to_set,
    backend
);

#[test]
fn a_database_url_of_another_database_is_refused_by_its_scheme() {
    let dir = folder("scheme");
    for args in [
        &["serve"][..],
        &["export"],
        &["token", "create", "--name", "me"],
    ] {
        let output = lanterne(&dir, args)
            .args(["--database-url", "mysql://x/y"])
            .env("LANTERNE_LISTEN", "127.0.0.1:0")
            .output()
            .unwrap();
        assert!(!output.status.success(), "{args:?}");
        assert!(
            said(&output).contains(
                "unsupported database URL scheme \"mysql\": Lanterne stores its data in SQLite (sqlite://lanterne.db) or PostgreSQL (postgres://user@host/db)"
            ),
            "{args:?}: {}",
            said(&output)
        );
    }
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        0,
        "a file was made"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

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

/// A user's mistake is said in a line, without the backtrace `RUST_BACKTRACE=1` asks for.
#[test]
fn a_mistake_on_the_command_line_prints_no_backtrace() {
    let dir = folder("backtrace");
    let output = lanterne(&dir, &["token", "create", "--name", "me", "--role", "boss"])
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(said(&output).starts_with("Error: "), "{}", said(&output));
    assert!(!said(&output).contains("backtrace"), "{}", said(&output));
    std::fs::remove_dir_all(dir).unwrap();
}

/// `lanterne ARGS` on `database_url`, from a folder of its own, run to the end; blocking in
/// place so that a server of the same test keeps answering meanwhile.
fn run_on(database_url: &str, args: &[&str]) -> Output {
    let dir = folder("run");
    let output = tokio::task::block_in_place(|| {
        lanterne(&dir, args)
            .env("DATABASE_URL", database_url)
            .env("LANTERNE_ADMIN_PASSWORD", "correct horse battery")
            .output()
            .unwrap()
    });
    std::fs::remove_dir_all(dir).unwrap();
    output
}

/// What `output` printed on standard output.
fn printed(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `lanterne token create --name NAME`'s token (its last line).
fn token_made(database_url: &str, name: &str) -> String {
    let output = run_on(
        database_url,
        &["token", "create", "--name", name, "--role", "analyst"],
    );
    assert!(output.status.success(), "{}", said(&output));
    printed(&output).lines().last().unwrap().trim().to_owned()
}

/// The `token list` row of the token named `name` (the first, newest).
fn listed(database_url: &str, name: &str) -> Vec<String> {
    let output = run_on(database_url, &["token", "list"]);
    assert!(output.status.success(), "{}", said(&output));
    printed(&output)
        .lines()
        .map(|line| line.split("  ").map(str::trim).filter(|c| !c.is_empty()))
        .map(|cells| cells.map(str::to_owned).collect::<Vec<_>>())
        .find(|cells| cells.get(1).map(String::as_str) == Some(name))
        .unwrap_or_else(|| panic!("{name} not listed"))
}

async fn api_tokens_are_listed_and_revoked_from_the_command_line(app: &TestApp) {
    let status = |token: String| async move {
        let (status, _) = app
            .api_as(&token, reqwest::Method::GET, "/links", None)
            .await;
        status
    };
    let ci = token_made(&app.database_url, "ci");
    assert_eq!(status(ci.clone()).await, 200);
    let list = printed(&run_on(&app.database_url, &["token", "list"]));
    assert!(
        list.starts_with("ID") && list.contains("NAME") && list.contains("REVOKED"),
        "{list}"
    );
    assert!(!list.contains(&ci) && !list.contains("lnt_"), "{list}");
    let row = listed(&app.database_url, "ci");
    assert_eq!((row[2].as_str(), row.len()), ("analyst", 5), "{row:?}");
    assert!(row[3].ends_with(" UTC") && row[4] == "-", "{row:?}");
    // Two tokens of one name: a revocation by that name never guesses.
    let (first, second) = (
        token_made(&app.database_url, "laptop"),
        token_made(&app.database_url, "laptop"),
    );
    let output = run_on(&app.database_url, &["token", "revoke", "laptop"]);
    assert!(!output.status.success());
    assert!(
        said(&output).contains("\"laptop\" matches 2 live API tokens (ids ")
            && said(&output).contains("): revoke one with --id ID"),
        "{}",
        said(&output)
    );
    let output = run_on(&app.database_url, &["token", "revoke", "nobody"]);
    assert!(!output.status.success());
    assert!(
        said(&output).contains("no API token matches \"nobody\": `lanterne token list` shows"),
        "{}",
        said(&output)
    );
    // Revoked by name: refused at once by the server that runs.
    let output = run_on(&app.database_url, &["token", "revoke", "ci"]);
    assert!(output.status.success(), "{}", said(&output));
    let id = listed(&app.database_url, "ci")[0].clone();
    assert_eq!(
        printed(&output).trim(),
        format!("Revoked API token \"ci\" (id {id}): the API refuses it from now on.")
    );
    assert_eq!(status(ci).await, 401);
    assert!(listed(&app.database_url, "ci")[4].ends_with(" UTC"));
    let output = run_on(&app.database_url, &["token", "revoke", &id]);
    assert!(
        said(&output).contains(&format!(
            "names no live API token: it was revoked already (id {id})"
        )),
        "{}",
        said(&output)
    );
    // By id: the newest "laptop" goes, the other stays.
    let newest = listed(&app.database_url, "laptop")[0].clone();
    let output = run_on(&app.database_url, &["token", "revoke", "--id", &newest]);
    assert!(output.status.success(), "{}", said(&output));
    assert_eq!(status(second).await, 401);
    assert_eq!(status(first).await, 200);
    assert_eq!(status(app.token.clone()).await, 200);
}
both!(api_tokens_are_listed_and_revoked_from_the_command_line);

/// `lanterne token create` refuses the names the web form refuses (one check, in
/// `auth::token`), says why on standard error and makes no token; a name is kept without the
/// spaces around it, as the form keeps it.
async fn token_create_refuses_the_names_the_web_form_refuses(app: &TestApp) {
    let admin = app.signed_in("ada@example.com", Role::Admin).await;
    let long = "x".repeat(65);
    let refusals = [
        ("", "an API token's name must not be blank"),
        ("  \t ", "an API token's name must not be blank"),
        (
            long.as_str(),
            "an API token's name has at most 64 characters",
        ),
        (
            "ci\u{1b}[2J",
            "an API token's name must not contain control characters",
        ),
        (
            "ci\nprod",
            "an API token's name must not contain control characters",
        ),
    ];
    for (name, why) in refusals {
        let output = run_on(&app.database_url, &["token", "create", "--name", name]);
        assert!(!output.status.success(), "{name:?} was taken");
        assert_eq!(said(&output).trim(), format!("Error: {why}: {name:?}"));
        assert_eq!(printed(&output), "", "{name:?}");
        // The web form, with the same reason (an apostrophe is escaped in HTML).
        let why = why.replace('\'', "&#39;");
        admin
            .assert_refused(
                "/settings/tokens",
                &[("name", name), ("role", "analyst")],
                422,
                &why,
            )
            .await;
    }
    let list = printed(&run_on(&app.database_url, &["token", "list"]));
    assert_eq!(
        list.lines().count(),
        2,
        "only the tests' own token:\n{list}"
    );
    token_made(&app.database_url, "  ci ");
    assert_eq!(listed(&app.database_url, "ci")[2], "analyst");
}
both!(token_create_refuses_the_names_the_web_form_refuses);

/// Counts the links of `database_url`.
async fn links_in(database_url: &str) -> i64 {
    let db = Db::connect(database_url).await.unwrap();
    let links = db.count_links().await.unwrap();
    db.close().await;
    links
}

async fn demo_fills_only_a_new_database_unless_forced(backend: Backend) {
    // A new database (not even there yet, for SQLite) takes the demo.
    let Some(new) = fresh_database(backend).await else {
        return;
    };
    let output = run_on(&new, &["demo", "--hits", "50"]);
    assert!(output.status.success(), "{}", said(&output));
    assert_eq!(links_in(&new).await, 20);
    forget_database(&new).await;
    // One in use: a first admin, then a link.
    let used = fresh_database(backend).await.unwrap();
    Db::connect(&used).await.unwrap().close().await;
    let output = run_on(&used, &["user", "create", "--email", "ops@example.com"]);
    assert!(output.status.success(), "{}", said(&output));
    let refusal = |counts: &str| {
        format!(
            "Error: this database is in use ({counts}), and demo hits could not be told from real ones: give `lanterne demo` a new database (DATABASE_URL / --database-url, such as sqlite://demo.db), or add --force to add the demo to this one anyway"
        )
    };
    let output = run_on(&used, &["demo", "--hits", "50"]);
    assert!(!output.status.success());
    assert_eq!(said(&output).trim(), refusal("links: 0, users: 1"));
    assert_eq!(links_in(&used).await, 0);
    let dir = folder("demo");
    std::fs::write(dir.join("links.csv"), "url,slug\nhttps://example.org/a,a\n").unwrap();
    let file = dir.join("links.csv");
    let output = run_on(&used, &["import", "csv", file.to_str().unwrap()]);
    assert!(output.status.success(), "{}", said(&output));
    let output = run_on(&used, &["demo", "--hits", "50"]);
    assert_eq!(said(&output).trim(), refusal("links: 1, users: 1"));
    assert_eq!(links_in(&used).await, 1);
    // Told to.
    let output = run_on(&used, &["demo", "--hits", "50", "--force"]);
    assert!(output.status.success(), "{}", said(&output));
    assert_eq!(links_in(&used).await, 21);
    forget_database(&used).await;
    std::fs::remove_dir_all(dir).unwrap();
}
both!(demo_fills_only_a_new_database_unless_forced, backend);

#[test]
fn a_commands_help_lists_the_server_settings_it_reads_and_no_other() {
    let dir = folder("help");
    let help = |args: &[&str]| printed(&lanterne(&dir, args).arg("--help").output().unwrap());
    let create = help(&["token", "create"]);
    assert!(create.contains("--name") && create.contains("--database-url"));
    assert!(
        !create.contains("Server settings") && !create.contains("--listen"),
        "{create}"
    );
    let export = help(&["export"]);
    assert!(export.contains("--base-url") && export.contains("--listen"));
    assert!(!export.contains("--spool-dir"), "{export}");
    let demo = help(&["demo"]);
    assert!(
        demo.contains("--timezone") && !demo.contains("--base-url"),
        "{demo}"
    );
    for all in [help(&["serve"]), help(&[])] {
        assert!(
            all.contains("Server settings:") && all.contains("--webhooks-retry-base-ms"),
            "{all}"
        );
    }
    // Still taken anywhere, as before: only the help changed.
    let output = lanterne(&dir, &["token", "list", "--listen", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert!(
        said(&output).contains("no Lanterne database at"),
        "{}",
        said(&output)
    );
    std::fs::remove_dir_all(dir).unwrap();
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
