//! `lanterne demo`: a new database takes the demo, one in use only when forced.

use lanterne::db::Db;

use super::{folder, run_on, said};
use crate::both;
use crate::helpers::{Backend, forget_database, fresh_database};

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
