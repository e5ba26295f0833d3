//! The database going away: redirects of known slugs keep answering, unknown slugs get a
//! quick 503, hits wait in the queue and the spool, and every one is stored exactly once
//! when the database is back.
//!
//! A real stop and a real restart run against a throw-away PostgreSQL cluster of the test's
//! own (`cluster.rs`); connections cut mid-flight and a slow database are staged with a proxy
//! in front of the shared server (`proxy.rs`). Neither disturbs the tests running beside them.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use lanterne::hits::queue::CAPACITY;
use serde_json::json;

use crate::helpers::cluster::Cluster;
use crate::helpers::proxy::Proxy;
use crate::helpers::{Backend, TestApp, count, fresh_database, metric, serve_args};

const HITS: &str = "SELECT COUNT(*) FROM hits";

/// A visitor behind the trusted proxy: the address must never reach the disk.
const VISITOR: &str = "81.2.69.142";

/// Redirect load on one cached slug from a few keep-alive loops, counting 302s and anything
/// else, until it is stopped.
struct Load {
    stop: Arc<AtomicBool>,
    found: Arc<AtomicU64>,
    /// What came instead of a 302: a status or an error.
    other: Arc<std::sync::Mutex<Vec<String>>>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Load {
    /// Creates `slug`, caches it with one redirect, and starts the load.
    async fn start(app: &TestApp, slug: &str) -> Load {
        app.create_link(json!({ "url": "https://example.com/", "slug": slug }))
            .await;
        let stop = Arc::new(AtomicBool::new(false));
        let found = Arc::new(AtomicU64::new(0));
        let other = Arc::new(std::sync::Mutex::new(Vec::new()));
        let tasks = (0..4)
            .map(|_| {
                let (http, url) = (app.http.clone(), app.url(&format!("/{slug}")));
                let (found, other, stop) = (found.clone(), other.clone(), stop.clone());
                tokio::spawn(async move {
                    while !stop.load(Ordering::Relaxed) {
                        let request = http.get(&url).header("x-forwarded-for", VISITOR);
                        match request.send().await.map(|r| r.status().as_u16()) {
                            Ok(302) => {
                                found.fetch_add(1, Ordering::Relaxed);
                            }
                            Ok(status) => other.lock().unwrap().push(status.to_string()),
                            Err(err) => other.lock().unwrap().push(err.to_string()),
                        }
                    }
                })
            })
            .collect();
        let load = Load {
            stop,
            found,
            other,
            tasks,
        };
        // Cached before anything goes wrong; and the load is running.
        while load.found.load(Ordering::Relaxed) < 50 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        load
    }

    /// Stops the load, asserts that no redirect failed, and returns the redirects served.
    async fn finish(self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        for task in self.tasks {
            task.await.unwrap();
        }
        let other = self.other.lock().unwrap();
        assert!(
            other.is_empty(),
            "a redirect of a known slug did not answer 302: {other:?}"
        );
        self.found.load(Ordering::Relaxed)
    }
}

/// Waits until the writer (and the spool's replay) stored `served` hits, then checks that
/// exactly that many are stored: nothing lost, nothing twice.
async fn assert_stored_exactly(app: &TestApp, slug: &str, served: u64) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while metric(&app.base, "lanterne_hits_stored_total").await < served {
        assert!(
            Instant::now() < deadline,
            "hits were not all stored after the fault"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        metric(&app.base, "lanterne_hits_stored_total").await,
        served
    );
    assert_eq!(metric(&app.base, "lanterne_hit_queue_depth").await, 0);
    assert_eq!(app.link(slug).await["hit_count"], served);
}

/// While the database is away, unknown slugs answer a quick 503 that says when to come back.
async fn probe_unknown_slugs(app: &TestApp, how_long: Duration) {
    let since = Instant::now();
    while since.elapsed() < how_long {
        let asked = Instant::now();
        let response = app
            .get(&format!("/unknown{}", since.elapsed().as_millis()))
            .await;
        let took = asked.elapsed();
        assert_eq!(response.status(), 503);
        assert_eq!(response.headers()["retry-after"], "1");
        assert!(took < Duration::from_secs(1), "503 took {took:?}");
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}

/// Once the database is back, lookups work again: an unknown slug is a 404.
async fn lookups_recover(app: &TestApp) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let status = app.get("/never-created").await.status().as_u16();
        if status == 404 {
            return;
        }
        assert_eq!(status, 503, "an unknown slug while the database comes back");
        assert!(Instant::now() < deadline, "lookups did not recover");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Every spool file of `dir`, as text.
fn spool_contents(dir: &Path) -> String {
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

/// The hits beyond the queue went to the spool, not to memory: nothing overflowed the
/// bounded queue. On disk they are placed in Great Britain, with no address in them.
async fn assert_spooled_without_address(app: &TestApp, spool: &Path) {
    assert!(
        metric(&app.base, "lanterne_hits_spooled_total").await > 0,
        "hits went to the spool"
    );
    assert_eq!(metric(&app.base, "lanterne_hits_overflowed_total").await, 0);
    assert!(metric(&app.base, "lanterne_hit_queue_depth").await < CAPACITY as u64);
    let spooled = spool_contents(spool);
    assert!(spooled.contains("\"GB\""), "the spool holds the hits");
    assert!(
        !spooled.contains("81.2.69"),
        "an address reached the spool file"
    );
}

fn spool_dir(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "lanterne-spool-{name}-{}",
        crate::helpers::free_port()
    ))
}

async fn app_on(database_url: &str, spool: &Path) -> TestApp {
    let mut args = serve_args();
    args.spool_dir = spool.to_owned();
    TestApp::spawn_on(database_url, args).await
}

/// The case: PostgreSQL really stopped (`pg_ctl stop -m fast`) for 20 s under load.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_stopped_for_20_seconds_loses_nothing() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let spool = spool_dir("stopped");
    let app = app_on(&cluster.url(), &spool).await;
    let load = Load::start(&app, "up").await;

    cluster.stop();
    probe_unknown_slugs(&app, Duration::from_secs(20)).await;
    assert_spooled_without_address(&app, &spool).await;
    cluster.start_again();
    lookups_recover(&app).await;
    let served = load.finish().await;

    // The spool is replayed within seconds; every hit is stored exactly once.
    assert_stored_exactly(&app, "up", served).await;
    app.stop().await;
    assert_eq!(
        count(&cluster.url(), HITS).await,
        served,
        "rows in the database against redirects served"
    );
}

/// PostgreSQL restarted twice under load (`pg_ctl restart -m fast`: every connection is
/// terminated by the server, which is refused for a moment, then starts up again).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_restarted_under_load_never_fails_a_redirect() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let spool = spool_dir("restart");
    let app = app_on(&cluster.url(), &spool).await;
    let load = Load::start(&app, "restart").await;
    for _ in 0..2 {
        tokio::time::sleep(Duration::from_secs(1)).await;
        cluster.restart();
    }
    lookups_recover(&app).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let served = load.finish().await;
    assert_stored_exactly(&app, "restart", served).await;
    app.stop().await;
    assert_eq!(count(&cluster.url(), HITS).await, served);
}

/// Every connection cut mid-flight by the network, new ones refused for a while, then back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_cut_for_a_while_lose_nothing() {
    let Some(database_url) = fresh_database(Backend::Postgres).await else {
        return;
    };
    let proxy = Proxy::start("127.0.0.1:5432".parse().unwrap()).await;
    let spool = spool_dir("cut");
    let via_proxy = database_url.replace("127.0.0.1:5432", &proxy.addr.to_string());
    let app = app_on(&via_proxy, &spool).await;
    let load = Load::start(&app, "cut").await;

    proxy.set_down(true);
    probe_unknown_slugs(&app, Duration::from_secs(6)).await;
    assert_spooled_without_address(&app, &spool).await;
    proxy.set_down(false);
    lookups_recover(&app).await;
    let served = load.finish().await;
    assert_stored_exactly(&app, "cut", served).await;
    app.stop().await;
    assert_eq!(count(&database_url, HITS).await, served);
}

/// PostgreSQL answering with 2 s of latency on every round trip.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_postgres_never_fails_a_redirect() {
    let Some(database_url) = fresh_database(Backend::Postgres).await else {
        return;
    };
    let proxy = Proxy::start("127.0.0.1:5432".parse().unwrap()).await;
    let via_proxy = database_url.replace("127.0.0.1:5432", &proxy.addr.to_string());
    let app = app_on(&via_proxy, &spool_dir("slow")).await;
    let load = Load::start(&app, "slow").await;
    proxy.set_latency(Duration::from_secs(2));
    tokio::time::sleep(Duration::from_secs(8)).await;
    proxy.set_latency(Duration::ZERO);
    let served = load.finish().await;
    // The queue drains: every hit served while the database was slow is stored once.
    assert_stored_exactly(&app, "slow", served).await;
    app.stop().await;
    assert_eq!(count(&database_url, HITS).await, served);
}
