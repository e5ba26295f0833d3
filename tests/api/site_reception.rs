//! Whether a site's snippet is heard: Settings → Sites and `GET /api/v1/sites/{id}` say when
//! its last event was received and which hosts' events were refused lately (a forgotten
//! `www.`), and one click adds such a host to the site's domains.

use std::time::{Duration, Instant};

use lanterne::auth::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::both;
use crate::helpers::{TestApp, count};
use crate::site_events::beacon;
use crate::sites::register;

fn view(site: &Value, url: &str) -> Value {
    json!({ "site": site["key"], "event": "view", "url": url })
}

/// The site as the API shows it once `done` holds of it (10 s at most).
async fn site_when(app: &TestApp, site: &Value, done: impl Fn(&Value) -> bool) -> Value {
    let path = format!("/sites/{}", site["id"]);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (status, shown) = app.api(Method::GET, &path, None).await;
        assert_eq!(status, 200, "{shown}");
        if done(&shown) {
            return shown;
        }
        assert!(Instant::now() < deadline, "never: {shown}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Rows of `site_refusals` once there are `n` of them (10 s at most): they are written in
/// batches, a few seconds after the refusals.
async fn stored_refusals_reach(app: &TestApp, n: u64) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let stored = count(&app.database_url, "SELECT COUNT(*) FROM site_refusals").await;
        if stored == n {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{stored} refused hosts stored, not {n}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn refused_hosts_and_the_last_event_say_whether_the_snippet_works(app: &TestApp) {
    let site = register(app, "Blog", &["blog.agence.test"]).await;
    let id = site["id"].as_i64().unwrap();
    let admin = app.signed_in("ada@example.com", Role::Admin).await;
    let (_, html) = admin.page("/settings/sites").await;
    assert!(html.contains("No event received yet."), "{html}");
    assert_eq!(
        (site["last_event_at"].clone(), site["refused_hosts"].clone()),
        (Value::Null, json!([]))
    );

    // A forgotten www. (twice), a request whose Origin is elsewhere, and a key no site has.
    for _ in 0..2 {
        let refused = beacon(
            app,
            view(&site, "https://www.blog.agence.test/article"),
            &[],
        )
        .await;
        assert_eq!(refused.0, 403);
    }
    let origin = [("origin", "https://staging.agence.test")];
    let refused = beacon(
        app,
        view(&site, "https://blog.agence.test/article"),
        &origin,
    )
    .await;
    assert_eq!(refused.0, 403);
    let unknown =
        json!({ "site": "0123456789abcdef", "event": "view", "url": "https://other.test/" });
    assert_eq!(beacon(app, unknown, &[]).await.0, 404);

    let (_, shown) = app.api(Method::GET, &format!("/sites/{id}"), None).await;
    assert_eq!(shown["last_event_at"], Value::Null, "{shown}");
    let refused = shown["refused_hosts"].as_array().unwrap();
    let hosts: Vec<(&str, &str, i64)> = refused
        .iter()
        .map(|r| {
            (
                r["host"].as_str().unwrap(),
                r["reason"].as_str().unwrap(),
                r["count"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        hosts,
        [
            ("staging.agence.test", "origin", 1),
            ("www.blog.agence.test", "page", 2)
        ],
        "latest first: {shown}"
    );
    assert!(refused[0]["last_at"].as_str().unwrap().ends_with('Z'));
    // Written to the database, where every instance reads them.
    stored_refusals_reach(app, 2).await;
    let (_, listed) = app.api(Method::GET, "/sites", None).await;
    assert_eq!(listed["sites"][0]["refused_hosts"], shown["refused_hosts"]);

    let (_, french) = admin.page_in("fr-FR,fr;q=0.9", "/settings/sites").await;
    assert!(
        french.contains("Refusés récemment")
            && french.contains(
                "www.blog.agence.test (pas un des domaines du site)\u{a0}: 2 événements, le dernier le "
            ),
        "{french}"
    );
    assert!(
        french.contains("Ajouter www.blog.agence.test au site"),
        "{french}"
    );
    assert!(
        french.contains("Aucun événement reçu pour l’instant")
            || french.contains("Aucun événement reçu pour l’instant"),
        "{french}"
    );
    let (_, html) = admin.page("/settings/sites").await;
    assert!(
        html.contains(
            "www.blog.agence.test (not one of the site&#39;s domains): 2 events, the last on "
        ) || html.contains(
            "www.blog.agence.test (not one of the site's domains): 2 events, the last on "
        ),
        "{html}"
    );
    assert!(html.contains(&format!(r#"action="/settings/sites/{id}/domains""#)));

    // One click adds it (a form with the session's CSRF token), and the refusal is gone.
    let (status, html) = admin
        .submit(
            &format!("/settings/sites/{id}/domains"),
            &[("domain", "www.blog.agence.test")],
        )
        .await;
    assert_eq!(status, 200);
    assert!(
        html.contains("www.blog.agence.test is now one of the site"),
        "{html}"
    );
    assert!(
        !html.contains("Add www.blog.agence.test to the site"),
        "{html}"
    );
    let forged = admin
        .post(
            &format!("/settings/sites/{id}/domains"),
            &[("domain", "evil.example"), ("csrf", "forged")],
        )
        .await;
    assert_eq!(forged.status(), 403);
    let (_, shown) = app.api(Method::GET, &format!("/sites/{id}"), None).await;
    assert_eq!(
        shown["domains"],
        json!(["blog.agence.test", "www.blog.agence.test"])
    );
    assert_eq!(
        shown["refused_hosts"].as_array().unwrap().len(),
        1,
        "{shown}"
    );
    stored_refusals_reach(app, 1).await;

    // The page's events now count, and the site says when the last one came.
    let accepted = beacon(
        app,
        view(&site, "https://www.blog.agence.test/article"),
        &[],
    )
    .await;
    assert_eq!(accepted.0, 204);
    let shown = site_when(app, &site, |s| s["last_event_at"].is_string()).await;
    assert!(shown["last_event_at"].as_str().unwrap().starts_with("20"));
    let (_, html) = admin.page("/settings/sites").await;
    assert!(html.contains("Last event received: "), "{html}");
    assert!(!html.contains("No event received yet."));
}
both!(refused_hosts_and_the_last_event_say_whether_the_snippet_works);

/// The key is public: anyone may send events with made-up hosts. A site keeps its latest
/// ten, in memory and in the database.
async fn a_site_keeps_its_ten_latest_refused_hosts(app: &TestApp) {
    let site = register(app, "News", &["news.example"]).await;
    for i in 0..12 {
        let url = format!("https://h{i:02}.example/");
        assert_eq!(beacon(app, view(&site, &url), &[]).await.0, 403);
        // Distinct times, so that "the oldest" is the first sent.
        tokio::time::sleep(Duration::from_millis(3)).await;
    }
    let shown = site_when(app, &site, |_| true).await;
    let hosts: Vec<&str> = shown["refused_hosts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["host"].as_str().unwrap())
        .collect();
    let latest: Vec<String> = (2..12).rev().map(|i| format!("h{i:02}.example")).collect();
    assert_eq!(hosts, latest);
    stored_refusals_reach(app, 10).await;
}
both!(a_site_keeps_its_ten_latest_refused_hosts);
