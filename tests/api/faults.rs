//! The database going away: redirects of known slugs keep answering, unknown slugs get a
//! quick 503, hits wait in the queue and the spool, and every one is stored exactly once
//! when the database is back.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::helpers::{Backend, TestApp, fresh_database, serve_args};
use crate::proxy::Proxy;

/// Redirect load on `slug` from `workers` loops until `stop`; counts 302s and anything else.
fn load(
    app: &TestApp,
    slug: &str,
    workers: usize,
    stop: Arc<AtomicBool>,
) -> (
    Arc<AtomicU64>,
    Arc<AtomicU64>,
    Vec<tokio::task::JoinHandle<()>>,
) {
    let found = Arc::new(AtomicU64::new(0));
    let other = Arc::new(AtomicU64::new(0));
    let tasks = (0..workers)
        .map(|_| {
            let (http, url) = (app.http.clone(), app.url(&format!("/{slug}")));
            let (found, other, stop) = (found.clone(), other.clone(), stop.clone());
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    // A visitor behind the trusted proxy: the address must never reach the disk.
                    let request = http.get(&url).header("x-forwarded-for", VISITOR);
                    match request.send().await.map(|r| r.status().as_u16()) {
                        Ok(302) => found.fetch_add(1, Ordering::Relaxed),
                        _ => other.fetch_add(1, Ordering::Relaxed),
                    };
                }
            })
        })
        .collect();
    (found, other, tasks)
}

async fn metric(app: &TestApp, name: &str) -> u64 {
    let text = app.get("/metrics").await.text().await.unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{name} ")))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

const VISITOR: &str = "81.2.69.142";

async fn app_behind(proxy: &Proxy, spool: &std::path::Path) -> TestApp {
    let database_url = fresh_database(Backend::Postgres).await.unwrap();
    let via_proxy = database_url.replace("127.0.0.1:5432", &proxy.addr.to_string());
    let mut args = serve_args();
    args.spool_dir = spool.to_owned();
    TestApp::spawn_on(&via_proxy, args).await
}

/// Everything in the spool directory, as text.
fn spool_contents(dir: &std::path::Path) -> String {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter_map(|e| std::fs::read(e.path()).ok())
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_down_for_20_seconds_loses_nothing() {
    if fresh_database(Backend::Postgres).await.is_none() {
        return;
    }
    let proxy = Proxy::start("127.0.0.1:5432".parse().unwrap()).await;
    let spool = std::env::temp_dir().join(format!("lanterne-spool-outage-{}", proxy.addr.port()));
    let app = app_behind(&proxy, &spool).await;
    app.create_link(json!({ "url": "https://example.com/", "slug": "up" }))
        .await;
    assert_eq!(app.get("/up").await.status(), 302); // now cached

    let stop = Arc::new(AtomicBool::new(false));
    let (found, other, tasks) = load(&app, "up", 4, stop.clone());
    tokio::time::sleep(Duration::from_millis(500)).await;

    proxy.set_down(true);
    let down_since = Instant::now();
    while down_since.elapsed() < Duration::from_secs(20) {
        // An unknown slug cannot be looked up: a quick 503 that says when to come back.
        let asked = Instant::now();
        let response = app
            .get(&format!("/unknown{}", down_since.elapsed().as_millis()))
            .await;
        assert_eq!(response.status(), 503);
        assert_eq!(response.headers()["retry-after"], "1");
        assert!(
            asked.elapsed() < Duration::from_secs(1),
            "503 took {:?}",
            asked.elapsed()
        );
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    assert!(
        metric(&app, "lanterne_hits_spooled_total").await > 0,
        "hits went to the spool"
    );
    // The spooled hits are on disk, placed in Great Britain, with no address in them.
    let spooled = spool_contents(&spool);
    assert!(spooled.contains("\"GB\""), "the spool holds the hits");
    assert!(
        !spooled.contains("81.2.69"),
        "an address reached the spool file"
    );
    proxy.set_down(false);
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, Ordering::Relaxed);
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(
        other.load(Ordering::Relaxed),
        0,
        "a redirect of a known slug failed"
    );
    let served = found.load(Ordering::Relaxed) + 1;

    // The spool is replayed within a few seconds; every hit is stored exactly once.
    let deadline = Instant::now() + Duration::from_secs(90);
    while metric(&app, "lanterne_hits_stored_total").await < served {
        assert!(
            Instant::now() < deadline,
            "hits were not all stored after the outage"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(metric(&app, "lanterne_hits_stored_total").await, served);
    assert_eq!(app.link("up").await["hit_count"], served);
    let database_url = app.database_url.clone();
    app.stop().await;
    let pool =
        sqlx::PgPool::connect(&database_url.replace(&proxy.addr.to_string(), "127.0.0.1:5432"))
            .await
            .unwrap();
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM hits")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(
        stored as u64, served,
        "rows in the database against redirects served"
    );
    pool.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_postgres_never_fails_a_redirect() {
    if fresh_database(Backend::Postgres).await.is_none() {
        return;
    }
    let proxy = Proxy::start("127.0.0.1:5432".parse().unwrap()).await;
    let spool = std::env::temp_dir().join(format!("lanterne-spool-slow-{}", proxy.addr.port()));
    let app = app_behind(&proxy, &spool).await;
    app.create_link(json!({ "url": "https://example.com/", "slug": "slow" }))
        .await;
    assert_eq!(app.get("/slow").await.status(), 302);

    let stop = Arc::new(AtomicBool::new(false));
    let (found, other, tasks) = load(&app, "slow", 4, stop.clone());
    proxy.set_latency(Duration::from_secs(2));
    tokio::time::sleep(Duration::from_secs(8)).await;
    proxy.set_latency(Duration::ZERO);
    stop.store(true, Ordering::Relaxed);
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(
        other.load(Ordering::Relaxed),
        0,
        "a redirect failed while the database was slow"
    );
    let served = found.load(Ordering::Relaxed) + 1;
    let deadline = Instant::now() + Duration::from_secs(90);
    while metric(&app, "lanterne_hits_stored_total").await < served {
        assert!(Instant::now() < deadline, "the queue did not drain");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(metric(&app, "lanterne_hit_queue_depth").await, 0);
    app.stop().await;
}
