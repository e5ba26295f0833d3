//! `lanterne user`: where `create` takes the new admin's password from, and the commands that list,
//! change and delete accounts.

use std::io::Write;
use std::process::Stdio;

use lanterne::db::Db;

use super::{folder, lanterne, printed, run_on, said};
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

/// The operator's commands on accounts: list, another role, a forgotten password, a deletion,
/// the last admin kept and an unknown address named.
async fn user_commands_list_change_and_delete_accounts_and_keep_an_admin(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    let db = Db::connect(&database_url).await.unwrap();
    let ok = |output: &std::process::Output| {
        assert!(output.status.success(), "{}", said(output));
        printed(output)
    };
    ok(&run_on(
        &database_url,
        &["user", "create", "--email", "Boss@Example.com"],
    ));
    ok(&run_on(
        &database_url,
        &[
            "user",
            "create",
            "--email",
            "m@example.com",
            "--role",
            "marketer",
        ],
    ));
    let listed = ok(&run_on(&database_url, &["user", "list"]));
    let lines: Vec<&str> = listed.lines().collect();
    assert!(
        lines[0].starts_with("EMAIL") && lines[0].contains("ROLE"),
        "{listed}"
    );
    assert!(lines[1].starts_with("boss@example.com  admin "), "{listed}");
    assert!(
        lines[2].starts_with("m@example.com     marketer"),
        "{listed}"
    );

    // The last admin keeps the role, and the account.
    for args in [
        &[
            "user",
            "set-role",
            "--email",
            "boss@example.com",
            "--role",
            "analyst",
        ][..],
        &["user", "delete", "--email", "boss@example.com"],
    ] {
        let refused = run_on(&database_url, args);
        assert!(!refused.status.success());
        assert!(
            said(&refused).contains("boss@example.com is the last admin"),
            "{}",
            said(&refused)
        );
    }
    let promoted = ok(&run_on(
        &database_url,
        &[
            "user",
            "set-role",
            "--email",
            "m@example.com",
            "--role",
            "admin",
        ],
    ));
    assert_eq!(promoted.trim(), "m@example.com is now admin.");

    // A new password ends the sessions held with the old one.
    let boss = db.user_by_email("boss@example.com").await.unwrap().unwrap();
    db.insert_session("held", boss.id, "csrf", i64::MAX)
        .await
        .unwrap();
    let dir = folder("set-password");
    let set = tokio::task::block_in_place(|| {
        lanterne(
            &dir,
            &["user", "set-password", "--email", "boss@example.com"],
        )
        .env("DATABASE_URL", &database_url)
        .env("LANTERNE_ADMIN_PASSWORD", "a new horse battery staple")
        .output()
        .unwrap()
    });
    ok(&set);
    let boss = db.user_by_email("boss@example.com").await.unwrap().unwrap();
    assert!(lanterne::auth::password::verify(
        "a new horse battery staple",
        &boss.password_hash
    ));
    assert!(db.session("held", 0).await.unwrap().is_none());

    let deleted = ok(&run_on(
        &database_url,
        &["user", "delete", "--email", "boss@example.com"],
    ));
    assert_eq!(deleted.trim(), "Deleted boss@example.com.");
    let unknown = run_on(
        &database_url,
        &["user", "set-password", "--email", "boss@example.com"],
    );
    assert!(!unknown.status.success());
    assert!(
        said(&unknown).contains("no user has the email boss@example.com"),
        "{}",
        said(&unknown)
    );

    db.close().await;
    forget_database(&database_url).await;
    std::fs::remove_dir_all(dir).unwrap();
}
both!(
    user_commands_list_change_and_delete_accounts_and_keep_an_admin,
    backend
);
