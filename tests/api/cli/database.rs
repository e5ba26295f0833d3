//! Which database a command opens: none where the operator's folder has none, and none of
//! another kind than SQLite or PostgreSQL.

use super::{folder, lanterne, said};

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
