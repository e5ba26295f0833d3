//! A page whose database fails: it answers 500 (503 when a retry can cure it) and the
//! server's log says why, in the database's words without sqlx's noise, so that a failing page
//! is never a "try again" nobody can trace.

use lanterne::auth::{Role, password};
use lanterne::db::Db;

use crate::both;
use crate::helpers::process::Server;
use crate::helpers::{Backend, Browser, PASSWORD, execute, fresh_database};

async fn a_failing_page_is_logged_with_its_cause(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    let db = Db::connect(&database_url).await.unwrap();
    let hash = password::hash(PASSWORD);
    db.insert_user("ada@example.com", &hash, Role::Admin.as_str(), 0)
        .await
        .unwrap();
    let server = Server::start(&database_url, &[], true).await;
    let mut browser = Browser::at(&server.base);
    browser.sign_in("ada@example.com").await;
    assert_eq!(browser.page("/links").await.0, 200);

    execute(&db, "ALTER TABLE links RENAME TO links_moved").await;
    db.close().await;
    let (status, html) = browser.page("/links").await;
    assert_eq!(status, 500, "{html}");
    assert!(html.contains("Something went wrong"), "{html}");

    let log = server.stop();
    let cause = match backend {
        Backend::Sqlite => "no such table: links",
        Backend::Postgres => "relation \"links\" does not exist",
    };
    // Another line may name the cause first: a pooled connection that was running a query of
    // the same page when the page failed warns of it when it comes back.
    let logged: Vec<&str> = log
        .lines()
        .filter(|l| l.contains(cause) && l.contains("ERROR") && l.contains("database error"))
        .collect();
    assert!(
        !logged.is_empty(),
        "the log does not name the cause:\n{log}"
    );
    // Said as a failed start says it: not with sqlx's " at line N", a line of PostgreSQL's C
    // source.
    for line in logged {
        assert!(!line.contains(" at line "), "{line}");
    }
}
both!(a_failing_page_is_logged_with_its_cause, backend);
