//! What the server's log says: a task in the background that meets a database error words
//! it as a request's error is (PostgreSQL's own message, without the "at line N", a line of
//! PostgreSQL's C source, that sqlx adds to it), a request's database error keeps the values
//! PostgreSQL quotes out of it, and a first start says nothing of work it did not have to do.

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

/// Two constraints Lanterne does not know of (an operator's own, say) turn the creation of a
/// webhook into a database error, a 500 logged with PostgreSQL's words: the constraint, the
/// key's columns, but not the values its detail quotes (the URL with someone's email in it,
/// the webhook's secret in the failing row).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_logged_database_error_names_the_key_but_not_its_values() {
    let Some(database_url) = fresh_database(Backend::Postgres).await else {
        return;
    };
    let token = create_token(&database_url).await;
    let mut db = sqlx::PgConnection::connect(&database_url).await.unwrap();
    for sql in [
        "CREATE UNIQUE INDEX webhooks_url_once ON webhooks (url)",
        "ALTER TABLE webhooks ADD CONSTRAINT webhooks_not_bob CHECK (url NOT LIKE '%bob%')",
    ] {
        sqlx::query(sql).execute(&mut db).await.unwrap();
    }
    db.close().await.unwrap();
    let allow = [("LANTERNE_WEBHOOKS_ALLOW_PRIVATE", "true")];
    let server = Server::start(&database_url, &allow, true).await;
    let subscribe = async |url: &str| {
        client()
            .post(format!("{}/api/v1/webhooks", server.base))
            .bearer_auth(&token)
            .json(&serde_json::json!({ "url": url, "events": ["click"] }))
            .send()
            .await
            .unwrap()
            .status()
    };
    let alice = "http://127.0.0.1:9/hooks?for=alice@example.com";
    assert_eq!(subscribe(alice).await, 201);
    assert_eq!(subscribe(alice).await, 500);
    let bob = "http://127.0.0.1:9/hooks?for=bob@example.com";
    assert_eq!(subscribe(bob).await, 500);

    let log = server.stop().replace("\\\"", "\"");
    for words in [
        "duplicate key value violates unique constraint \"webhooks_url_once\". Detail: Key (url)=(…) already exists.",
        "new row for relation \"webhooks\" violates check constraint \"webhooks_not_bob\". Detail: Failing row contains (…).",
    ] {
        assert!(log.contains(words), "{words} not in:\n{log}");
    }
    for value in ["example.com", "whsec_"] {
        assert!(!log.contains(value), "{value} in:\n{log}");
    }
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
