//! Abuse: slug scans slowed down, link creation rate-limited per token (each link of a
//! campaign counted) and per user, oversized headers refused.

use std::io::{Read, Write};

use lanterne::app::{CREATE_LIMIT, SCAN_LIMIT};
use lanterne::auth::Role;
use serde_json::json;

use crate::both;
use crate::helpers::{TestApp, count, link_body};

async fn slug_scans_get_429(app: &TestApp) {
    app.create_link(json!({ "url": "https://example.com/", "slug": "real" }))
        .await;
    for i in 0..SCAN_LIMIT {
        assert_eq!(app.get(&format!("/guess{i}")).await.status(), 404);
    }
    // The limit gives one back a second: a slow run may see a 404 or two more first.
    let mut response = app.get("/guess-one-more").await;
    for _ in 0..2 {
        if response.status() == 404 {
            response = app.get("/guess-yet-another").await;
        }
    }
    assert_eq!(response.status(), 429);
    assert!(
        response.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );
    // Real links keep working for the same client, and other clients are not affected.
    assert_eq!(app.get("/real").await.status(), 302);
    let other = app
        .http
        .get(app.url("/guess-from-elsewhere"))
        .header("x-forwarded-for", "81.2.69.142")
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 404);
}
both!(slug_scans_get_429);

async fn link_creation_is_rate_limited(app: &TestApp) {
    for i in 0..CREATE_LIMIT - 2 {
        app.create_link(link_body(&format!("https://example.com/{i}")))
            .await;
    }
    // A campaign makes one link per channel, and each counts: three would go over, so the
    // request is refused whole, with how long to wait, and nothing of it is made.
    let campaign = |channels: &[&str]| {
        let body = json!({"name": "Late", "url": "https://example.com/late", "channels": channels});
        app.http
            .post(app.url("/api/v1/campaigns"))
            .bearer_auth(&app.token)
            .json(&body)
            .send()
    };
    let refused = campaign(&["whatsapp", "email", "sms"]).await.unwrap();
    assert_eq!(refused.status(), 429);
    let wait: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "Retry-After: {wait}");
    let body: serde_json::Value = refused.json().await.unwrap();
    assert!(
        body["error"].as_str().unwrap().contains("links a minute"),
        "{body}"
    );
    // Two fit exactly.
    assert_eq!(
        campaign(&["whatsapp", "email"]).await.unwrap().status(),
        201
    );
    let (status, body) = app
        .api(
            reqwest::Method::POST,
            "/links",
            Some(link_body("https://example.com/more")),
        )
        .await;
    assert_eq!(status, 429, "{body}");
    assert!(body["error"].as_str().unwrap().contains("a minute"));
    let made = count(&app.database_url, "SELECT COUNT(*) FROM links").await;
    assert_eq!(made, u64::from(CREATE_LIMIT));
}
both!(link_creation_is_rate_limited);

/// In the web UI the limit is per user, apart from any token's.
async fn link_creation_is_rate_limited_per_user(app: &TestApp) {
    let ada = app.signed_in("ada@example.com", Role::Marketer).await;
    let create = async |n: u32| {
        let url = format!("https://example.com/{n}");
        ada.post("/links", &[("url", &url)]).await
    };
    for n in 0..CREATE_LIMIT {
        assert_eq!(create(n).await.status(), 303, "link {n}");
    }
    let refused = create(CREATE_LIMIT).await;
    assert_eq!(refused.status(), 429);
    assert!(refused.text().await.unwrap().contains("a minute"));
    // Another user, and the API token, each have their own allowance.
    let bob = app.signed_in("bob@example.com", Role::Marketer).await;
    let created = bob
        .post("/links", &[("url", "https://example.com/bob")])
        .await;
    assert_eq!(created.status(), 303);
    app.create_link(link_body("https://example.com/api")).await;
}
both!(link_creation_is_rate_limited_per_user);

/// A share kit makes one link per channel, and each counts against the user's limit; a kit
/// refused for a mistake counts nothing.
async fn a_share_kit_counts_each_link_against_the_limit(app: &TestApp) {
    let ada = app.signed_in("ada@example.com", Role::Marketer).await;
    let kit = async |n: u32, channels: &[&str]| {
        let (campaign, url) = (format!("Kit {n}"), format!("https://example.com/kit/{n}"));
        let mut form = vec![("campaign", campaign.as_str()), ("url", url.as_str())];
        form.extend(channels.iter().map(|c| ("channel", *c)));
        ada.post("/links/kit", &form).await.status()
    };
    let three = ["whatsapp", "email", "facebook"];
    // A form with a mistake is refused for it, and counts nothing against the limit.
    for _ in 0..5 {
        let mut form = vec![("campaign", "Broken"), ("url", "ftp://example.com/")];
        form.extend(three.iter().map(|c| ("channel", *c)));
        let status = ada.post("/links/kit", &form).await.status();
        assert_eq!(status, 422);
    }
    let whole_kits = CREATE_LIMIT / 3;
    for n in 0..whole_kits {
        assert_eq!(kit(n, &three).await, 201, "kit {n}");
    }
    let left = CREATE_LIMIT - whole_kits * 3;
    if left < 3 {
        // Three more would go over: refused whole, and nothing of it made.
        assert_eq!(kit(whole_kits, &three).await, 429);
    }
    let made = count(&app.database_url, "SELECT COUNT(*) FROM links").await;
    assert_eq!(made, u64::from(whole_kits * 3));
}
both!(a_share_kit_counts_each_link_against_the_limit);

fn raw(app: &TestApp, request: &[u8]) -> String {
    let mut stream = std::net::TcpStream::connect(app.addr).unwrap();
    let _ = stream.write_all(request);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response)
        .lines()
        .next()
        .unwrap_or("")
        .to_owned()
}

async fn a_500_kb_header_gets_431_and_the_server_keeps_serving(app: &TestApp) {
    app.create_link(json!({ "url": "https://example.com/", "slug": "ok" }))
        .await;
    let mut request = b"GET /ok HTTP/1.1\r\nHost: x\r\nX-Big: ".to_vec();
    request.extend(std::iter::repeat_n(b'a', 500_000));
    request.extend(b"\r\nConnection: close\r\n\r\n");
    let status = tokio::task::block_in_place(|| raw(app, &request));
    assert!(status.contains(" 431 "), "{status}");
    assert_eq!(app.get("/ok").await.status(), 302);
}
both!(a_500_kb_header_gets_431_and_the_server_keeps_serving);
