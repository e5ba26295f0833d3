//! Redirects: 302 to exactly the destination, no cookie, 404 and 410 pages, odd requests.

use std::io::{Read, Write};

use crate::both;
use crate::helpers::{TestApp, link_body};

async fn redirects_to_exactly_the_destination(app: &TestApp) {
    let url = "https://example.com/landing?utm_source=whatsapp&q=a%20b#top";
    let link = app.create_link(link_body(url)).await;
    let slug = link["slug"].as_str().unwrap();
    for method in [reqwest::Method::GET, reqwest::Method::HEAD] {
        let response = app
            .http
            .request(method.clone(), app.url(&format!("/{slug}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 302, "{method}");
        assert_eq!(response.headers()["location"], url);
        assert!(
            response.headers().get("set-cookie").is_none(),
            "a redirect must not set a cookie"
        );
        assert_eq!(response.headers()["cache-control"], "no-store");
    }
}
both!(redirects_to_exactly_the_destination);

async fn unknown_and_disabled_links(app: &TestApp) {
    let response = app.get("/no-such-slug").await;
    assert_eq!(response.status(), 404);
    assert!(response.text().await.unwrap().contains("Link not found"));
    // Twice: the second answer comes from the negative cache and must be the same.
    assert_eq!(app.get("/no-such-slug").await.status(), 404);
    // A slug created after a miss is found at once on this instance.
    app.create_link(serde_json::json!({ "url": "https://example.com/", "slug": "no-such-slug" }))
        .await;
    assert_eq!(app.get("/no-such-slug").await.status(), 302);

    app.create_link(serde_json::json!({ "url": "https://example.com/", "slug": "off" }))
        .await;
    app.api(
        reqwest::Method::PATCH,
        "/links/off",
        Some(serde_json::json!({ "enabled": false })),
    )
    .await;
    let response = app.get("/off").await;
    assert_eq!(response.status(), 410);
    assert!(response.text().await.unwrap().contains("turned off"));
    assert_eq!(app.get("/a/b/c").await.status(), 404);
    assert_eq!(app.get("/%F0%9F%92%A9").await.status(), 404);
}
both!(unknown_and_disabled_links);

/// Sends raw bytes and returns the status code the server answered.
fn raw_status(app: &TestApp, request: &[u8]) -> u16 {
    let mut stream = std::net::TcpStream::connect(app.addr).unwrap();
    stream.write_all(request).unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let head = String::from_utf8_lossy(&response);
    head.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

async fn hostile_requests_never_get_a_5xx(app: &TestApp) {
    app.create_link(serde_json::json!({ "url": "https://example.com/", "slug": "ok" }))
        .await;
    let requests: [&[u8]; 4] = [
        b"GET /\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"GET /ok\x00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"GET /ok HTTP/1.1\r\nHost: x\r\nUser-Agent: \xff\xfe\xfd\r\nReferer: \xc3\x28\r\nConnection: close\r\n\r\n",
        b"GET /%ff%fe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ];
    for request in requests {
        let status = tokio::task::block_in_place(|| raw_status(app, request));
        assert!(
            (300..500).contains(&status),
            "{:?} answered {status}",
            String::from_utf8_lossy(request)
        );
    }
    // The server still serves.
    assert_eq!(app.get("/ok").await.status(), 302);
}
both!(hostile_requests_never_get_a_5xx);

async fn health_and_metrics(app: &TestApp) {
    assert_eq!(app.get("/healthz").await.status(), 200);
    assert_eq!(app.get("/readyz").await.status(), 200);
    let home = app.get("/").await;
    assert_eq!(
        home.status(),
        303,
        "a new server sends people to the setup page"
    );
    assert!(
        app.get("/login")
            .await
            .text()
            .await
            .unwrap()
            .contains("dark social")
    );
    app.create_link(serde_json::json!({ "url": "https://example.com/", "slug": "m" }))
        .await;
    app.get("/m").await;
    app.get("/m").await;
    app.wait_for_hits("m", 2).await;
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(metrics.contains("lanterne_redirects_total 2"), "{metrics}");
    assert!(
        metrics.contains("lanterne_hits_stored_total 2"),
        "{metrics}"
    );
    assert!(
        metrics.contains("lanterne_hits_dropped_total 0"),
        "{metrics}"
    );
}
both!(health_and_metrics);
