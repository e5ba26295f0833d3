//! The hit log: every redirect stored once, classified, located, with no address in it.

use reqwest::Method;

use crate::both;
use crate::helpers::{Backend, TestApp, link_body};

const IPHONE_SAFARI: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";

async fn hits_are_classified_and_located(app: &TestApp) {
    let link = app.create_link(link_body("https://example.com/")).await;
    let slug = link["slug"].as_str().unwrap();
    let path = format!("/{slug}");

    // A dark click from London through the trusted proxy (the test peer, 127.0.0.1).
    let response = app
        .http
        .get(app.url(&path))
        .header("user-agent", IPHONE_SAFARI)
        .header("x-forwarded-for", "81.2.69.142")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    let hits = app.wait_for_hits(slug, 1).await;
    let hit = &hits[0];
    assert_eq!(hit["kind"], "click");
    assert_eq!(hit["source"], "dark");
    assert_eq!(hit["evidence"], "none");
    assert_eq!(hit["country"], "GB");
    assert_eq!(hit["city"], "London");
    assert_eq!(hit["device"], "mobile");
    assert_eq!(hit["os"], "iPhone");
    assert!(hit["referrer_host"].is_null());

    // A HEAD request is a bot.
    app.http.head(app.url(&path)).send().await.unwrap();
    let hits = app.wait_for_hits(slug, 2).await;
    assert_eq!(hits[0]["kind"], "bot");
    assert_eq!(hits[0]["method"], "HEAD");

    // A referrer is stored without its query.
    app.http
        .get(app.url(&path))
        .header("user-agent", IPHONE_SAFARI)
        .header(
            "referer",
            "https://www.example.org/blog/post?session=secret#frag",
        )
        .send()
        .await
        .unwrap();
    let hits = app.wait_for_hits(slug, 3).await;
    assert_eq!(hits[0]["referrer_host"], "www.example.org");
    assert_eq!(hits[0]["referrer"], "https://www.example.org/blog/post");
    assert_eq!(hits[0]["source"], "referral");

    assert_eq!(app.link(slug).await["hit_count"], 3);
}
both!(hits_are_classified_and_located);

async fn forwarded_headers_need_a_trusted_peer(backend: Backend) {
    let Some(database_url) = crate::helpers::fresh_database(backend).await else {
        return;
    };
    let mut args = crate::helpers::serve_args();
    args.trusted_proxies = Default::default();
    let app = TestApp::spawn_on(&database_url, args).await;
    let link = app.create_link(link_body("https://example.com/")).await;
    let slug = link["slug"].as_str().unwrap();
    app.http
        .get(app.url(&format!("/{slug}")))
        .header("x-forwarded-for", "81.2.69.142")
        .send()
        .await
        .unwrap();
    let hits = app.wait_for_hits(slug, 1).await;
    // The peer is 127.0.0.1, which has no country: the spoofed header was ignored.
    assert!(hits[0]["country"].is_null(), "{}", hits[0]);
    app.stop().await;
}
both!(forwarded_headers_need_a_trusted_peer, backend);

/// Behind a trusted proxy (the test peer, 127.0.0.1) the client is the right-most hop that is
/// not a trusted proxy; whatever the client wrote to the left of it is ignored.
async fn forwarded_headers_take_the_right_most_untrusted_hop(app: &TestApp) {
    app.create_link(serde_json::json!({ "url": "https://example.com/", "slug": "hop" }))
        .await;
    // 203.0.113.0/24 is Japan in the test database, 81.2.69.0/24 London.
    for (name, value) in [
        ("x-forwarded-for", "203.0.113.9, 81.2.69.142"),
        ("x-forwarded-for", "203.0.113.9, 81.2.69.142, 127.0.0.1"),
        (
            "forwarded",
            r#"for=203.0.113.9, for="81.2.69.142:4711";proto=https"#,
        ),
    ] {
        let response = app
            .http
            .get(app.url("/hop"))
            .header(name, value)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 302);
    }
    for hit in app.wait_for_hits("hop", 3).await {
        assert_eq!(hit["country"], "GB", "{hit}");
    }
}
both!(forwarded_headers_take_the_right_most_untrusted_hop);

async fn huge_headers_are_cropped_not_refused(app: &TestApp) {
    let link = app.create_link(link_body("https://example.com/")).await;
    let slug = link["slug"].as_str().unwrap();
    let user_agent = format!("Mozilla/5.0 {}", "é".repeat(50_000));
    let referrer = format!("https://example.org/{}", "a".repeat(100_000));
    let response = app
        .http
        .get(app.url(&format!("/{slug}")))
        .header("user-agent", user_agent.as_bytes())
        .header("referer", referrer)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    let hits = app.wait_for_hits(slug, 1).await;
    let stored = hits[0]["user_agent"].as_str().unwrap();
    assert!(
        stored.len() <= 512 && stored.len() >= 510,
        "{} bytes",
        stored.len()
    );
    assert!(stored.starts_with("Mozilla/5.0 é"));
    assert_eq!(hits[0]["referrer_host"], "example.org");
}
both!(huge_headers_are_cropped_not_refused);

async fn hits_page_and_export_as_csv(app: &TestApp) {
    app.create_link(serde_json::json!({ "url": "https://example.com/", "slug": "csv" }))
        .await;
    for _ in 0..5 {
        app.get("/csv").await;
    }
    app.wait_for_hits("csv", 5).await;
    let (_, page) = app.api(Method::GET, "/links/csv/hits?limit=2", None).await;
    assert_eq!(page["hits"].as_array().unwrap().len(), 2);
    let cursor = page["next_cursor"].as_str().unwrap();
    let (_, rest) = app
        .api(
            Method::GET,
            &format!("/links/csv/hits?limit=10&cursor={cursor}"),
            None,
        )
        .await;
    assert_eq!(rest["hits"].as_array().unwrap().len(), 3);
    assert!(rest["next_cursor"].is_null());

    let response = app
        .http
        .get(app.url("/api/v1/links/csv/hits?format=csv"))
        .bearer_auth(&app.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let body = response.text().await.unwrap();
    let mut lines = body.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("at,method,kind,source,platform,evidence")
    );
    assert_eq!(lines.count(), 5);
    let (status, _) = app
        .api(Method::GET, "/links/csv/hits?format=xml", None)
        .await;
    assert_eq!(status, 422);
    let (status, _) = app.api(Method::GET, "/links/nope/hits", None).await;
    assert_eq!(status, 404);
}
both!(hits_page_and_export_as_csv);

async fn no_address_is_stored(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.create_link(serde_json::json!({ "url": "https://example.com/", "slug": "private" }))
        .await;
    for (header, value) in [("dnt", "1"), ("sec-gpc", "1"), ("x-ignored", "1")] {
        let response = app
            .http
            .get(app.url("/private"))
            .header("user-agent", IPHONE_SAFARI)
            .header("x-forwarded-for", "81.2.69.142")
            .header(header, value)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 302);
    }
    // An IPv6 visitor: placed (Paris, from its full address), then the address is dropped.
    let response = app
        .http
        .get(app.url("/private"))
        .header("x-forwarded-for", "2001:db8:1::1234")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    // Visitors who asked not to be tracked are counted, and nothing else of them is kept.
    let hits = app.wait_for_hits("private", 2).await;
    assert_eq!(hits[0]["country"], "FR");
    assert_eq!(hits[1]["country"], "GB");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while app.link("private").await["hit_count"] != 4 {
        assert!(
            std::time::Instant::now() < deadline,
            "private hits were not counted"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let database_url = app.database_url.clone();
    app.stop().await;
    // Every stored byte, whatever the backend, is searched for the address.
    let dump = crate::helpers::dump(&database_url, "hits").await;
    assert!(
        dump.contains("GB") && dump.contains("Paris"),
        "the dump holds the hits"
    );
    // Not even the /24 or /48 network is kept.
    for address in ["81.2.69", "2001:db8", "2001:0db8", "20010db8"] {
        assert!(!dump.contains(address), "{address} was stored");
    }
}
both!(no_address_is_stored, backend);
