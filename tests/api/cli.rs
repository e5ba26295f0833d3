//! The `lanterne` commands run as an operator runs them, from a folder of their own: what
//! they refuse, and what they say when they do.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use lanterne::db::Db;

use crate::both;
use crate::helpers::process::Server;
use crate::helpers::{Backend, forget_database, fresh_database};

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
    let commands: [&[&str]; 7] = [
        &["export", "--output", "out.csv"],
        &["backup", "copy.db"],
        &["token", "create", "--name", "me"],
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
