//! Lanterne as a process: SIGTERM under load loses nothing; SIGKILL loses at most what the next
//! start reports; a whole run's logs hold no visitor address and no secret.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::both;
use crate::helpers::process::{Server, create_token};
use crate::helpers::proxy::Proxy;
use crate::helpers::{Backend, client, count, free_port, fresh_database, metric};

const REDIRECTS: u64 = 10_000;
const CONNECTIONS: u64 = 32;

async fn sigterm_under_load_loses_nothing(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    let token = create_token(&database_url).await;
    let server = Server::start(&database_url, &[], false).await;
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

    server.stop();

    let server = Server::start(&database_url, &[], false).await;
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
    server.stop();
}
both!(sigterm_under_load_loses_nothing, backend);

/// The bound a start reports for the previous run: "up to N hits held in memory may be lost".
fn reported_bound(log: &str) -> u64 {
    let (_, rest) = log
        .split_once("stopped without a clean shutdown: up to ")
        .unwrap_or_else(|| panic!("the restart did not report the unclean stop:\n{log}"));
    rest.split(' ').next().unwrap().parse().unwrap()
}

/// SIGKILL under load: what is lost is at most what the next start reports, nothing is
/// stored twice, and hits already spooled are all stored after the restart (on PostgreSQL the
/// database is cut by a proxy for the last seconds before the kill, so part of the hits are in
/// the spool).
async fn sigkill_loses_at_most_what_the_next_start_reports(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    let token = create_token(&database_url).await;
    let proxy = match backend {
        Backend::Postgres => Some(Proxy::start("127.0.0.1:5432".parse().unwrap()).await),
        Backend::Sqlite => None,
    };
    let served_through = match &proxy {
        Some(proxy) => database_url.replace("127.0.0.1:5432", &proxy.addr.to_string()),
        None => database_url.clone(),
    };
    let spool = std::env::temp_dir().join(format!("spool-kill-{}", free_port()));
    let spool_env = [("LANTERNE_SPOOL_DIR", spool.to_str().unwrap())];
    let Server { mut child, base } = Server::start(&served_through, &spool_env, false).await;
    let created = client()
        .post(format!("{base}/api/v1/links"))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "url": "https://example.com/", "slug": "kill" }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);

    let served = Arc::new(AtomicU64::new(0));
    let workers: Vec<_> = (0..KILL_WORKERS)
        .map(|_| {
            let (url, served) = (format!("{base}/kill"), served.clone());
            tokio::spawn(async move {
                let http = client();
                // Until the server is gone: only answers received count as served.
                while let Ok(response) = http.get(&url).send().await {
                    assert_eq!(response.status(), 302);
                    served.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let mut spooled = 0;
    if let Some(proxy) = &proxy {
        proxy.set_down(true);
        let deadline = Instant::now() + Duration::from_secs(10);
        while spooled == 0 {
            assert!(Instant::now() < deadline, "nothing was spooled");
            tokio::time::sleep(Duration::from_millis(500)).await;
            spooled = metric(&base, "lanterne_hits_spooled_total").await;
        }
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    child.kill().unwrap();
    child.wait().unwrap();
    for worker in workers {
        worker.await.unwrap();
    }
    let served = served.load(Ordering::Relaxed);

    // The restart, on the database directly, replays the spool and says what may be lost.
    let log = Server::start(&database_url, &spool_env, true).await.stop();
    let bound = reported_bound(&log);
    let stored = count(&database_url, "SELECT COUNT(*) FROM hits").await;
    assert!(
        served <= stored + bound,
        "{served} served, {stored} stored: more lost than the {bound} reported"
    );
    // A request answered after its hit was written but before the kill may not have reached
    // its client: at most one per connection.
    assert!(
        stored <= served + KILL_WORKERS,
        "{stored} stored for {served} served"
    );
    assert!(stored >= spooled, "{spooled} spooled, {stored} stored");

    // After a clean stop, the next start has nothing to report.
    let log = Server::start(&database_url, &spool_env, true).await.stop();
    assert!(!log.contains("without a clean shutdown"));
}
both!(sigkill_loses_at_most_what_the_next_start_reports, backend);

const KILL_WORKERS: u64 = 8;

/// Every log line of a run at debug level, with visitors behind a trusted proxy following
/// links and guessing slugs, and people using tokens and signing in, holds no visitor
/// address, no API token (right or wrong), no password and no session id.
async fn logs_hold_no_address_and_no_secret(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    let token = create_token(&database_url).await;
    let db = lanterne::db::Db::connect(&database_url).await.unwrap();
    let password = "correct horse battery staple";
    let hash = lanterne::auth::password::hash(password);
    db.insert_user("ada@example.com", &hash, "admin", 0)
        .await
        .unwrap();
    db.close().await;
    let server = Server::start(
        &database_url,
        &[
            ("LANTERNE_TRUSTED_PROXIES", "127.0.0.1/32"),
            ("RUST_LOG", "debug"),
        ],
        true,
    )
    .await;
    let (base, http) = (server.base.clone(), client());
    http.post(format!("{base}/api/v1/links"))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "url": "https://example.com/", "slug": "logged" }))
        .send()
        .await
        .unwrap();
    let wrong_token = "lnt_WrongButPlausibleSecret1234567";
    let refused = http
        .get(format!("{base}/api/v1/links"))
        .bearer_auth(wrong_token)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    for path in ["/logged", "/logged", "/no-such-slug", "/login"] {
        http.get(format!("{base}{path}"))
            .header("x-forwarded-for", "81.2.69.142")
            .send()
            .await
            .unwrap();
    }
    let wrong_password = "tr0ub4dor&3-wrong";
    let mut session = String::new();
    for attempt in [wrong_password, password] {
        let response = http
            .post(format!("{base}/login"))
            .header("x-forwarded-for", "81.2.69.142")
            .form(&[("email", "ada@example.com"), ("password", attempt)])
            .send()
            .await
            .unwrap();
        if let Some(cookie) = response.headers().get("set-cookie") {
            let cookie = cookie.to_str().unwrap();
            session = cookie
                .split(';')
                .next()
                .unwrap()
                .split('=')
                .nth(1)
                .unwrap()
                .to_owned();
        }
    }
    assert_eq!(session.len(), 32, "signed in");
    let log = server.stop();
    assert!(
        log.contains("DEBUG") || log.contains("INFO"),
        "the run logged something"
    );
    assert!(
        !log.contains("81.2.69"),
        "a visitor address reached the logs"
    );
    let secret = token.trim_start_matches("lnt_");
    for (what, value) in [
        ("the API token", secret),
        ("a wrong API token", wrong_token),
        ("a password", password),
        ("a wrong password", wrong_password),
        ("a session id", session.as_str()),
    ] {
        assert!(!log.contains(value), "{what} reached the logs");
    }
}
both!(logs_hold_no_address_and_no_secret, backend);
