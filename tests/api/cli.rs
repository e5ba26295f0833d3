//! The `lanterne` commands run as an operator runs them, from a folder of their own: what
//! they refuse, and what they say when they do.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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
