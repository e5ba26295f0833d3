//! What the server's log says: a task in the background that meets a database error words
//! it as a request's error is (PostgreSQL's own message, without the "at line N", a line of
//! PostgreSQL's C source, that sqlx adds to it), and a first start says nothing of work it
//! did not have to do.

use std::time::Duration;

use sqlx::Connection;

use crate::helpers::process::{Server, create_token};
use crate::helpers::{Backend, client, fresh_database};

/// The fold fails while the rollups' table is away; its warning names the relation.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_fold_is_logged_in_postgresqls_words() {
    let Some(database_url) = fresh_database(Backend::Postgres).await else {
        return;
    };
    let token = create_token(&database_url).await;
    let server = Server::start(&database_url, &[], true).await;
    let (base, http) = (server.base.clone(), client());
    let made = http
        .post(format!("{base}/api/v1/links"))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "url": "https://example.com/", "slug": "folded" }))
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), 201);
    let mut db = sqlx::PgConnection::connect(&database_url).await.unwrap();
    sqlx::query("ALTER TABLE rollups RENAME TO rollups_away")
        .execute(&mut db)
        .await
        .unwrap();
    http.get(format!("{base}/folded")).send().await.unwrap();
    // A fold is due every five seconds: two of them meet the table away.
    tokio::time::sleep(Duration::from_secs(11)).await;
    sqlx::query("ALTER TABLE rollups_away RENAME TO rollups")
        .execute(&mut db)
        .await
        .unwrap();
    db.close().await.unwrap();

    let log = server.stop();
    let failed = log
        .lines()
        .find(|line| line.contains("folding hits into rollups failed"))
        .unwrap_or_else(|| panic!("no failed fold in the log:\n{log}"));
    assert!(
        failed.contains("relation \\\"rollups\\\" does not exist")
            || failed.contains("relation \"rollups\" does not exist"),
        "{failed}"
    );
    assert!(!failed.contains(" at line "), "{failed}");
}

/// A new database has no views from before migration 0032 to fill the UTM tags of: the start
/// does not report filling none.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_start_reports_no_fill_of_nothing() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(database_url) = fresh_database(backend).await else {
            continue;
        };
        let server = Server::start(&database_url, &[("RUST_LOG", "info")], true).await;
        // The fill runs in the background once the server serves.
        tokio::time::sleep(Duration::from_secs(1)).await;
        let log = server.stop();
        assert!(log.contains("Lanterne is listening"), "{log}");
        assert!(!log.contains("UTM tags"), "{backend:?}:\n{log}");
    }
}
