//! SQLite under the load the fault tests use, plus everything else at once: redirects on
//! twenty links, links created and changed through the API (each change sends the next
//! redirects of that link to the database), the API's lists, hits, CSV and stats, and the
//! dashboard in a browser session. No answer is a 5xx, the log never says the database was
//! locked or busy, nothing had to be spooled, and every redirect served is stored.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lanterne::auth::password;
use lanterne::db::Db;
use serde_json::json;

use crate::helpers::process::{Server, create_token};
use crate::helpers::{Backend, count, fresh_database, metric};

const LINKS: usize = 20;
const REDIRECT_WORKERS: usize = 6;
const RUN_FOR: Duration = Duration::from_secs(8);
const PASSWORD: &str = "correct horse battery";

/// Every answer that was not what it should have been: (what was asked, status).
type Wrong = Arc<Mutex<Vec<(String, u16)>>>;

async fn check(
    wrong: &Wrong,
    what: String,
    response: reqwest::Result<reqwest::Response>,
    want: u16,
) {
    let status = response.map_or(0, |r| r.status().as_u16());
    if status != want {
        wrong.lock().unwrap().push((what, status));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_under_mixed_load_is_never_locked() {
    let database_url = fresh_database(Backend::Sqlite).await.unwrap();
    let token = create_token(&database_url).await;
    let db = Db::connect(&database_url).await.unwrap();
    db.insert_user("ops@example.com", &password::hash(PASSWORD), "admin", 0)
        .await
        .unwrap();
    db.close().await;
    let server = Server::start(&database_url, &[("RUST_LOG", "info")], true).await;
    let base = server.base.clone();
    let http = crate::helpers::client();
    for i in 0..LINKS {
        let created = http
            .post(format!("{base}/api/v1/links"))
            .bearer_auth(&token)
            .json(
                &json!({ "url": format!("https://example.com/{i}"), "slug": format!("s{i}"),
                           "campaign": "load", "channel": "whatsapp", "tags": ["t"] }),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), 201);
    }

    let wrong: Wrong = Arc::default();
    let deadline = Instant::now() + RUN_FOR;
    let mut tasks = Vec::new();
    let mut redirects = Vec::new();
    for worker in 0..REDIRECT_WORKERS {
        let (http, base, wrong) = (http.clone(), base.clone(), wrong.clone());
        redirects.push(tokio::spawn(async move {
            let mut served = 0u64;
            let mut i = worker;
            while Instant::now() < deadline {
                let path = format!("/s{}", i % LINKS);
                let response = http.get(format!("{base}{path}")).send().await;
                match response.as_ref().map(|r| r.status().as_u16()) {
                    Ok(302) => served += 1,
                    _ => check(&wrong, path, response, 302).await,
                }
                i += 1;
            }
            served
        }));
    }
    // Links created and changed through the API, within the per-token creation limit.
    {
        let (http, base, token, wrong) = (http.clone(), base.clone(), token.clone(), wrong.clone());
        tasks.push(tokio::spawn(async move {
            let mut n = 0;
            while Instant::now() < deadline {
                let created = http
                    .post(format!("{base}/api/v1/links"))
                    .bearer_auth(&token)
                    .json(&json!({ "url": format!("https://example.org/{n}"), "tags": ["new"] }))
                    .send()
                    .await;
                check(&wrong, "POST /api/v1/links".into(), created, 201).await;
                let slug = format!("s{}", n % LINKS);
                let changed = http
                    .patch(format!("{base}/api/v1/links/{slug}"))
                    .bearer_auth(&token)
                    .json(
                        &json!({ "tags": [format!("tag{n}")], "campaign": format!("c{}", n % 3) }),
                    )
                    .send()
                    .await;
                check(&wrong, format!("PATCH /api/v1/links/{slug}"), changed, 200).await;
                n += 1;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }));
    }
    // The API's reads.
    {
        let (http, base, token, wrong) = (http.clone(), base.clone(), token.clone(), wrong.clone());
        tasks.push(tokio::spawn(async move {
            let paths = [
                "/api/v1/links?limit=50",
                "/api/v1/links?campaign=c1&tag=t",
                "/api/v1/links/s3",
                "/api/v1/links/s3/hits?limit=200",
                "/api/v1/links/s4/hits?format=csv",
                "/api/v1/stats?group_by=day&period=24h",
                "/api/v1/stats?group_by=channel&period=7d",
            ];
            while Instant::now() < deadline {
                for path in paths {
                    let response = http
                        .get(format!("{base}{path}"))
                        .bearer_auth(&token)
                        .send()
                        .await;
                    check(&wrong, path.into(), response, 200).await;
                }
            }
        }));
    }
    // The web UI in a signed-in session.
    {
        let (base, wrong) = (base.clone(), wrong.clone());
        tasks.push(tokio::spawn(async move {
            let session = reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap();
            let signed_in = session
                .post(format!("{base}/login"))
                .form(&[("email", "ops@example.com"), ("password", PASSWORD)])
                .send()
                .await;
            check(&wrong, "POST /login".into(), signed_in, 303).await;
            while Instant::now() < deadline {
                for path in [
                    "/dashboard",
                    "/dashboard?period=24h&campaign=load",
                    "/dashboard/live",
                    "/links",
                ] {
                    let response = session.get(format!("{base}{path}")).send().await;
                    check(&wrong, path.into(), response, 200).await;
                }
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let mut served = 0;
    for task in redirects {
        served += task.await.unwrap();
    }
    assert!(served > 1_000, "only {served} redirects in {RUN_FOR:?}");
    assert_eq!(
        *wrong.lock().unwrap(),
        Vec::new(),
        "answers that were not right"
    );

    let settle = Instant::now() + Duration::from_secs(30);
    while metric(&base, "lanterne_hits_stored_total").await < served {
        assert!(Instant::now() < settle, "the writer did not catch up");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(metric(&base, "lanterne_hits_stored_total").await, served);
    assert_eq!(
        metric(&base, "lanterne_hits_spooled_total").await,
        0,
        "the writer had to spool: SQLite refused a batch"
    );
    let log = server.stop();
    assert!(log.contains("hit writer stopped"), "the log was captured");
    for sign in [
        "database is locked",
        "database table is locked",
        "SQLITE_BUSY",
        "busy",
    ] {
        assert!(!log.contains(sign), "the log says {sign:?}:\n{log}");
    }
    let stored = count(&database_url, "SELECT COUNT(*) FROM hits").await;
    assert_eq!(stored, served, "rows against redirects served");
}
