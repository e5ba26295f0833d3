//! A copy of the database does not give a visitor's address back: the brute force
//! (every address of 127.0.0.0/16 under every key-sized value the database holds, against the
//! stored visitor hashes) finds nothing, because the key of the day is never written down.

use std::net::{IpAddr, Ipv4Addr};

use lanterne::db::Db;
use lanterne::hits::visitor::visitor_hash;
use serde_json::json;
use sqlx::Row;

use crate::both;
use crate::helpers::TestApp;

const USER_AGENT: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

/// Every table of the database as text, one row a line, binary values as hex: what a
/// copy of the database shows whoever holds it.
async fn every_row(db: &Db) -> Vec<String> {
    let mut rows = Vec::new();
    match db {
        Db::Sqlite(pool, _) => {
            let tables: Vec<String> =
                sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
                    .fetch_all(pool)
                    .await
                    .unwrap();
            for table in tables {
                let columns: Vec<String> =
                    sqlx::query_scalar("SELECT name FROM pragma_table_info($1)")
                        .bind(&table)
                        .fetch_all(pool)
                        .await
                        .unwrap();
                let hexes: Vec<String> = columns
                    .iter()
                    .map(|c| format!("COALESCE(hex(\"{c}\"), '')"))
                    .collect();
                let sql = format!("SELECT {} FROM \"{table}\"", hexes.join(" || ',' || "));
                for row in sqlx::query(sqlx::AssertSqlSafe(sql))
                    .fetch_all(pool)
                    .await
                    .unwrap()
                {
                    rows.push(row.get::<String, _>(0));
                }
            }
        }
        Db::Postgres(pool) => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'",
            )
            .fetch_all(pool)
            .await
            .unwrap();
            for table in tables {
                let sql = format!("SELECT t::text FROM \"{table}\" t");
                rows.extend(
                    sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql))
                        .fetch_all(pool)
                        .await
                        .unwrap(),
                );
            }
        }
    }
    rows
}

/// Every 32-byte value in `rows` that could be a key: runs of exactly 64 hex digits (a blob,
/// a `bytea`), and the same once more for text that itself holds hex.
fn candidate_keys(rows: &[String]) -> Vec<[u8; 32]> {
    let mut keys = Vec::new();
    let mut texts: Vec<String> = rows.to_vec();
    for _ in 0..2 {
        let mut decoded = Vec::new();
        for text in &texts {
            let runs = text.split(|c: char| !c.is_ascii_hexdigit());
            for run in runs.filter(|run| run.len() >= 64) {
                if let Ok(bytes) = hex::decode(run) {
                    if let Ok(key) = <[u8; 32]>::try_from(bytes.as_slice()) {
                        keys.push(key);
                    }
                    decoded.push(String::from_utf8_lossy(&bytes).into_owned());
                }
            }
        }
        texts = decoded;
    }
    keys
}

async fn a_database_copy_gives_no_address_back(app: &TestApp) {
    app.create_link(json!({ "url": "https://example.com/", "slug": "seen" }))
        .await;
    // Somewhere in 127.0.0.0/16, as the probe had it.
    let visitor = Ipv4Addr::new(127, 0, rand::random(), rand::random::<u8>().max(1));
    let response = app
        .http
        .get(app.url("/seen"))
        .header("user-agent", USER_AGENT)
        .header("x-forwarded-for", visitor.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    app.wait_for_hits("seen", 1).await;

    let db = Db::connect(&app.database_url).await.unwrap();
    let stored: Vec<i64> = match &db {
        Db::Sqlite(pool, _) => sqlx::query_scalar("SELECT visitor FROM hits")
            .fetch_all(pool)
            .await
            .unwrap(),
        Db::Postgres(pool) => sqlx::query_scalar("SELECT visitor FROM hits")
            .fetch_all(pool)
            .await
            .unwrap(),
    };
    assert_eq!(stored.len(), 1, "the hit is stored with its visitor hash");
    let keys = candidate_keys(&every_row(&db).await);
    db.close().await;
    assert!(
        !keys.is_empty(),
        "the search sees key-sized values (token digests at least)"
    );

    let mut found = Vec::new();
    for key in &keys {
        for n in 0..=u16::MAX {
            let [a, b] = n.to_be_bytes();
            let ip = IpAddr::V4(Ipv4Addr::new(127, 0, a, b));
            if stored.contains(&visitor_hash(key, ip, USER_AGENT.as_bytes())) {
                found.push(ip);
            }
        }
    }
    assert!(
        found.is_empty(),
        "the visitor {visitor} was found back from the database: {found:?}"
    );
}
both!(a_database_copy_gives_no_address_back);
