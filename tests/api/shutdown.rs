//! SIGTERM under load: the process stops accepting, writes every queued hit and exits 0;
//! after a restart the link's hit count equals the redirects served.

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use serde_json::Value;

use crate::both;
use crate::helpers::{Backend, client, free_port, fresh_database};

const REDIRECTS: u64 = 10_000;
const CONNECTIONS: u64 = 32;

struct Server {
    child: Child,
    base: String,
}

async fn start(database_url: &str) -> Server {
    start_with(
        database_url,
        &std::env::temp_dir().join(format!("spool-{}", free_port())),
        Stdio::null(),
    )
    .await
}

async fn start_with(database_url: &str, spool: &std::path::Path, stderr: Stdio) -> Server {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_lanterne"))
        .arg("serve")
        .env("DATABASE_URL", database_url)
        .env("LANTERNE_SPOOL_DIR", spool)
        .stderr(stderr)
        .env("LANTERNE_LISTEN", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("starting lanterne");
    let base = format!("http://127.0.0.1:{port}");
    let http = client();
    let deadline = Instant::now() + Duration::from_secs(20);
    while http.get(format!("{base}/healthz")).send().await.is_err() {
        assert!(Instant::now() < deadline, "lanterne did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Server { child, base }
}

fn create_token(database_url: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_lanterne"))
        .args(["token", "create", "--name", "shutdown-test"])
        .env("DATABASE_URL", database_url)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .last()
        .unwrap()
        .trim()
        .to_owned()
}

async fn sigterm_under_load_loses_nothing(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    let token = create_token(&database_url);
    let server = start(&database_url).await;
    let http = client();
    let link: Value = http
        .post(format!("{}/api/v1/links", server.base))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "url": "https://example.com/", "slug": "load" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(link["slug"], "load");

    // 32 workers, each one keep-alive connection, 10,000 redirects in all.
    let served = Arc::new(AtomicU64::new(0));
    let mut workers = Vec::new();
    for _ in 0..CONNECTIONS {
        let url = format!("{}/load", server.base);
        let served = served.clone();
        workers.push(tokio::spawn(async move {
            let http = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .pool_max_idle_per_host(1)
                .build()
                .unwrap();
            for _ in 0..REDIRECTS / CONNECTIONS + 1 {
                if served.fetch_add(1, Ordering::Relaxed) >= REDIRECTS {
                    served.fetch_sub(1, Ordering::Relaxed);
                    break;
                }
                let response = http.get(&url).send().await.unwrap();
                assert_eq!(response.status(), 302);
            }
        }));
    }
    for worker in workers {
        worker.await.unwrap();
    }
    assert_eq!(served.load(Ordering::Relaxed), REDIRECTS);

    let Server { mut child, .. } = server;
    kill(Pid::from_raw(child.id() as i32), Signal::SIGTERM).unwrap();
    let status = tokio::task::block_in_place(|| child.wait()).unwrap();
    assert!(status.success(), "lanterne exited with {status}");

    let server = start(&database_url).await;
    let link: Value = http
        .get(format!("{}/api/v1/links/load", server.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        link["hit_count"], REDIRECTS,
        "hits stored after SIGTERM and restart"
    );
    let Server { mut child, .. } = server;
    kill(Pid::from_raw(child.id() as i32), Signal::SIGTERM).unwrap();
    assert!(
        tokio::task::block_in_place(|| child.wait())
            .unwrap()
            .success()
    );
}
both!(sigterm_under_load_loses_nothing);

async fn sigkill_is_reported_at_the_next_start(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    let spool = std::env::temp_dir().join(format!("spool-kill-{}", free_port()));
    let Server { mut child, .. } = start_with(&database_url, &spool, Stdio::null()).await;
    child.kill().unwrap();
    child.wait().unwrap();

    let Server { child, .. } = start_with(&database_url, &spool, Stdio::piped()).await;
    kill(Pid::from_raw(child.id() as i32), Signal::SIGTERM).unwrap();
    let output = tokio::task::block_in_place(|| child.wait_with_output()).unwrap();
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(
        log.contains("stopped without a clean shutdown") && log.contains("may be lost"),
        "the restart did not report the unclean stop:\n{log}"
    );
    // After a clean stop, the next start has nothing to report.
    let Server { child, .. } = start_with(&database_url, &spool, Stdio::piped()).await;
    kill(Pid::from_raw(child.id() as i32), Signal::SIGTERM).unwrap();
    let output = tokio::task::block_in_place(|| child.wait_with_output()).unwrap();
    assert!(!String::from_utf8_lossy(&output.stderr).contains("without a clean shutdown"));
}
both!(sigkill_is_reported_at_the_next_start);

/// Every log line of a run at debug level, with visitors behind a trusted proxy following
/// links and guessing slugs, holds no visitor address.
async fn logs_hold_no_address(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    let token = create_token(&database_url);
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_lanterne"))
        .arg("serve")
        .env("DATABASE_URL", &database_url)
        .env(
            "LANTERNE_SPOOL_DIR",
            std::env::temp_dir().join(format!("spool-logs-{port}")),
        )
        .env("LANTERNE_LISTEN", format!("127.0.0.1:{port}"))
        .env("LANTERNE_TRUSTED_PROXIES", "127.0.0.1/32")
        .env("RUST_LOG", "debug")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let http = client();
    let deadline = Instant::now() + Duration::from_secs(20);
    while http.get(format!("{base}/healthz")).send().await.is_err() {
        assert!(Instant::now() < deadline, "lanterne did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    http.post(format!("{base}/api/v1/links"))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "url": "https://example.com/", "slug": "logged" }))
        .send()
        .await
        .unwrap();
    for path in ["/logged", "/logged", "/no-such-slug", "/login"] {
        http.get(format!("{base}{path}"))
            .header("x-forwarded-for", "81.2.69.142")
            .send()
            .await
            .unwrap();
    }
    kill(Pid::from_raw(child.id() as i32), Signal::SIGTERM).unwrap();
    let output = tokio::task::block_in_place(|| child.wait_with_output()).unwrap();
    let log = String::from_utf8_lossy(&output.stderr).into_owned()
        + &String::from_utf8_lossy(&output.stdout);
    assert!(
        log.contains("DEBUG") || log.contains("INFO"),
        "the run logged something"
    );
    assert!(
        !log.contains("81.2.69"),
        "a visitor address reached the logs"
    );
}
both!(logs_hold_no_address);
