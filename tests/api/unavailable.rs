//! A database that cannot serve for now is a 503 with `Retry-After`, not a 500: PostgreSQL
//! refusing connections, SQLite locked by another writer past its busy timeout.

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::json;

use crate::both;
use crate::helpers::{Backend, TestApp, execute, fresh_database, metric, serve_args};

/// The API's answer to a list of links, with its `Retry-After`.
async fn list_links(app: &TestApp) -> (u16, Option<String>) {
    let response = app
        .http
        .get(app.url("/api/v1/links"))
        .bearer_auth(&app.token)
        .send()
        .await
        .unwrap();
    let retry = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    (response.status().as_u16(), retry)
}

async fn psql(admin: &sqlx::PgPool, sql: String) {
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .execute(admin)
        .await
        .unwrap();
}

/// PostgreSQL: the database stops accepting connections and its sessions are terminated,
/// as the probe did (`ALLOW_CONNECTIONS false`); then it accepts them again.
async fn postgres_refusing_connections(app: &TestApp) {
    let (server, name) = app.database_url.rsplit_once('/').unwrap();
    let admin = sqlx::PgPool::connect(&format!("{server}/postgres"))
        .await
        .unwrap();
    psql(
        &admin,
        format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false"),
    )
    .await;
    psql(
        &admin,
        format!("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"),
    )
    .await;
    let answer = list_links(app).await;
    psql(
        &admin,
        format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true"),
    )
    .await;
    admin.close().await;
    assert_eq!(answer, (503, Some("1".into())), "refusing connections");
}

/// SQLite: another process holds the write lock longer than the busy timeout (5 s).
async fn sqlite_locked(app: &TestApp) {
    let options: sqlx::sqlite::SqliteConnectOptions = app.database_url.parse().unwrap();
    let mut other = <sqlx::SqliteConnection as sqlx::Connection>::connect_with(&options)
        .await
        .unwrap();
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut other)
        .await
        .unwrap();
    let body = json!({ "url": "https://example.com/locked" });
    let (status, error) = app.api(Method::POST, "/links", Some(body)).await;
    sqlx::query("ROLLBACK").execute(&mut other).await.unwrap();
    assert_eq!(status, 503, "a write behind a lock held too long: {error}");
}

async fn a_database_that_cannot_serve_now_is_a_503(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.create_link(json!({ "url": "https://example.com/", "slug": "before" }))
        .await;
    match backend {
        Backend::Postgres => postgres_refusing_connections(&app).await,
        Backend::Sqlite => sqlite_locked(&app).await,
    }
    // And once it serves again, so does the API, without a restart.
    let deadline = Instant::now() + Duration::from_secs(10);
    while list_links(&app).await.0 != 200 {
        assert!(Instant::now() < deadline, "the API did not recover");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.stop().await;
}
both!(a_database_that_cannot_serve_now_is_a_503, backend);

/// Visits of each link before the restart, as the links' totals (`link_stats`) hold them.
const VISITS: [(&str, i64); 3] = [("busy", 290), ("steady", 40), ("rare", 2)];

/// The review's case: a clean restart, then the database gone before anyone visited a link.
/// The busiest links were put in the slug cache at start (here two, the cache's capacity)
/// and keep redirecting; a link less visited, or never, answers the quick 503.
async fn the_busiest_links_redirect_through_an_outage_right_after_a_restart(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    let before = TestApp::spawn_on(&database_url, serve_args()).await;
    for slug in ["busy", "steady", "rare", "never"] {
        before
            .create_link(json!({ "url": format!("https://example.com/{slug}"), "slug": slug }))
            .await;
    }
    before.stop().await;
    let db = lanterne::db::Db::connect(&database_url).await.unwrap();
    execute(&db, "DELETE FROM link_stats").await;
    for (slug, visits) in VISITS {
        let id = db.link_by_slug("", slug).await.unwrap().unwrap().id;
        let sql = format!(
            "INSERT INTO link_stats (link_id, hits, private_hits) VALUES ({id}, {visits}, 0)"
        );
        match &db {
            lanterne::db::Db::Sqlite(pool, _) => sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(pool)
                .await
                .map(drop),
            lanterne::db::Db::Postgres(pool) => sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(pool)
                .await
                .map(drop),
        }
        .unwrap();
    }
    db.close().await;

    let mut args = serve_args();
    args.cache_links = 2;
    let app = TestApp::spawn_on(&database_url, args).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while metric(&app.base, "lanterne_cache_warmed_links").await != 2 {
        assert!(Instant::now() < deadline, "the cache was not warmed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let admin = match backend {
        Backend::Postgres => {
            let (server, name) = app.database_url.rsplit_once('/').unwrap();
            let admin = sqlx::PgPool::connect(&format!("{server}/postgres"))
                .await
                .unwrap();
            psql(
                &admin,
                format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false"),
            )
            .await;
            psql(
                &admin,
                format!("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"),
            )
            .await;
            Some((admin, name.to_owned()))
        }
        Backend::Sqlite => {
            app.close_server_pool().await;
            None
        }
    };
    let mut answers = Vec::new();
    for slug in ["busy", "steady", "rare", "never", "busy"] {
        let response = app.get(&format!("/{slug}")).await;
        answers.push((slug, response.status().as_u16()));
    }
    if let Some((admin, name)) = admin {
        psql(
            &admin,
            format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true"),
        )
        .await;
        admin.close().await;
    }
    assert_eq!(
        answers,
        [
            ("busy", 302),
            ("steady", 302),
            ("rare", 503),
            ("never", 503),
            ("busy", 302)
        ]
    );
    app.stop().await;
}
both!(
    the_busiest_links_redirect_through_an_outage_right_after_a_restart,
    backend
);
