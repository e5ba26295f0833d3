//! `lanterne user create`: where it takes the new admin's password from.

use std::io::Write;
use std::process::Stdio;

use lanterne::db::Db;

use super::{folder, lanterne, said};
use crate::both;
use crate::helpers::{Backend, forget_database, fresh_database};

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
