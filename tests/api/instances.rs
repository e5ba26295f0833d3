//! Many instances on one PostgreSQL: a change made on one is followed by the others within a
//! second, and every redirect served by any of them is stored.

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::json;

use crate::helpers::{Backend, TestApp, fresh_database, serve_args};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_on_one_instance_reaches_the_other() {
    let Some(database_url) = fresh_database(Backend::Postgres).await else {
        return;
    };
    let a = TestApp::spawn_on(&database_url, serve_args()).await;
    let b = TestApp::spawn_on(&database_url, serve_args()).await;
    a.create_link(json!({ "url": "https://example.com/one", "slug": "shared" }))
        .await;

    // Load both; B caches the slug.
    let mut served = 0;
    for _ in 0..200 {
        for app in [&a, &b] {
            let response = app.get("/shared").await;
            assert_eq!(response.headers()["location"], "https://example.com/one");
            served += 1;
        }
    }

    // Edit on A: B must follow within a second.
    let (status, _) = a
        .api(
            Method::PATCH,
            "/links/shared",
            Some(json!({ "url": "https://example.com/two" })),
        )
        .await;
    assert_eq!(status, 200);
    let edited = Instant::now();
    loop {
        let response = b.get("/shared").await;
        served += 1;
        if response.headers()["location"] == "https://example.com/two" {
            break;
        }
        assert!(
            edited.elapsed() < Duration::from_secs(1),
            "instance B still serves the old URL"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    // Disable on B: A answers 410 within a second.
    b.api(
        Method::PATCH,
        "/links/shared",
        Some(json!({ "enabled": false })),
    )
    .await;
    let disabled = Instant::now();
    loop {
        let response = a.get("/shared").await;
        if response.status() == 410 {
            break;
        }
        served += 1;
        assert!(
            disabled.elapsed() < Duration::from_secs(1),
            "instance A still redirects"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    // A slug that B once found unknown appears on B as soon as A creates it.
    assert_eq!(b.get("/later").await.status(), 404);
    a.create_link(json!({ "url": "https://example.com/later", "slug": "later" }))
        .await;
    let created = Instant::now();
    while b.get("/later").await.status() != 302 {
        assert!(
            created.elapsed() < Duration::from_secs(1),
            "instance B still says 404"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    a.stop().await;
    b.stop().await;
    let pool = sqlx::PgPool::connect(&database_url).await.unwrap();
    let stored: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM hits h JOIN links l ON l.id = h.link_id WHERE l.slug = 'shared'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        stored, served,
        "stored hits against redirects served by both instances"
    );
    pool.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hits_land_in_monthly_partitions_and_retention_drops_them() {
    let Some(database_url) = fresh_database(Backend::Postgres).await else {
        return;
    };
    let app = TestApp::spawn_on(&database_url, serve_args()).await;
    app.create_link(json!({ "url": "https://example.com/", "slug": "p" }))
        .await;
    app.get("/p").await;
    app.wait_for_hits("p", 1).await;
    app.stop().await;

    let pool = sqlx::PgPool::connect(&database_url).await.unwrap();
    let partition: String = sqlx::query_scalar("SELECT tableoid::regclass::text FROM hits LIMIT 1")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(
        partition.starts_with("hits_2"),
        "the hit is in {partition}, not a monthly partition"
    );
    let db = lanterne::db::Db::connect(&database_url).await.unwrap();
    let purged = db
        .purge_hits_before(lanterne::clock::now_ms() + 1)
        .await
        .unwrap();
    assert_eq!(purged, 1);
    let far_future = lanterne::clock::now_ms() + 400 * 86_400_000;
    db.purge_hits_before(far_future).await.unwrap();
    let left: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM pg_inherits WHERE inhparent = 'hits'::regclass")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(
        left, 1,
        "only the default partition is left after every month expired"
    );
    db.close().await;
    pool.close().await;
}
