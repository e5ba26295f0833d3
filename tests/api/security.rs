//! Web security: the headers and the absence of inline code on everything Lanterne renders,
//! the API contract's document, tokens kept as digests, `/metrics` closed to strangers.

use lanterne::app::SCAN_LIMIT;
use lanterne::auth::Role;
use reqwest::Method;
use serde_json::json;

use crate::both;
use crate::helpers::{Backend, TestApp, dump};

fn assert_security_headers(path: &str, headers: &reqwest::header::HeaderMap) {
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
    assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
    assert!(!csp.contains("unsafe-eval"), "{path}: {csp}");
    assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
    assert_eq!(headers["x-frame-options"], "DENY", "{path}");
    assert!(headers.contains_key("referrer-policy"), "{path}");
}

/// No inline script, style or event handler: with the CSP above, none would run anyway.
fn assert_no_inline_code(path: &str, html: &str) {
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<style"), "{path}: inline <style>");
    assert!(!lower.contains(" style="), "{path}: style attribute");
    assert!(!lower.contains("javascript:"), "{path}: javascript: URL");
    for (at, _) in lower.match_indices("<script") {
        let tag = &lower[at..at + lower[at..].find('>').unwrap()];
        assert!(tag.contains(" src="), "{path}: inline <script>");
    }
    let handler = lower
        .split(|c: char| c.is_whitespace())
        .find(|word| word.starts_with("on") && word.contains('=') && !word.starts_with("one"));
    assert!(handler.is_none(), "{path}: event handler {handler:?}");
}

async fn pages_and_api_carry_security_headers(app: &TestApp) {
    app.create_link(json!({ "url": "https://example.com/", "slug": "here" }))
        .await;
    app.create_link(json!({ "url": "https://example.com/", "slug": "off" }))
        .await;
    app.api(
        Method::PATCH,
        "/links/off",
        Some(json!({ "enabled": false })),
    )
    .await;
    // Signed out: the pages a visitor or a stranger meets.
    let style_sheet = lanterne::routes::assets::url("base.css");
    for (path, status) in [
        ("/login", 200),
        ("/setup", 200),
        ("/no-such-slug", 404),
        ("/off", 410),
        ("/api/v1/links", 401),
        ("/api/openapi.json", 200),
        (style_sheet.as_str(), 200),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), status, "{path}");
        assert_security_headers(path, response.headers());
        assert!(response.headers().get("set-cookie").is_none(), "{path}");
        assert_no_inline_code(path, &response.text().await.unwrap());
    }
    // Signed in: every page of the web UI.
    let browser = app.signed_in("ada@example.com", Role::Admin).await;
    for path in [
        "/links",
        "/links?q=here",
        "/links/kit",
        "/links/here/edit",
        "/links/here/qr.svg",
        "/settings/tokens",
        "/dashboard",
        "/dashboard?period=24h&link=here",
        "/dashboard/live",
        "/api/v1/links/here/hits?format=csv",
    ] {
        let response = browser
            .request(Method::GET, path)
            .bearer_auth(&app.token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_security_headers(path, response.headers());
        assert_no_inline_code(path, &response.text().await.unwrap());
    }
    // The pages' script and style sheet.
    let (_, html) = browser.page("/links").await;
    for attribute in ["<script src=\"", "<link rel=\"stylesheet\" href=\""] {
        let start = html.find(attribute).expect(attribute) + attribute.len();
        let asset = &html[start..start + html[start..].find('"').unwrap()];
        let response = app.get(asset).await;
        assert_eq!(response.status(), 200, "{asset}");
        assert_security_headers(asset, response.headers());
    }
    // A slug scanner's 429.
    for i in 0..=SCAN_LIMIT {
        let response = app.get(&format!("/scan{i}")).await;
        if response.status() == 429 {
            assert_security_headers("429", response.headers());
            return;
        }
    }
    panic!("the scan was never answered 429");
}
both!(pages_and_api_carry_security_headers);

async fn the_openapi_document_describes_the_api(app: &TestApp) {
    let document: serde_json::Value = app.get("/api/openapi.json").await.json().await.unwrap();
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/links",
        "/api/v1/links/{slug}",
        "/api/v1/links/{slug}/hits",
        "/api/v1/channels",
        "/api/v1/channels/{key}",
    ] {
        assert!(
            document["paths"][path].is_object(),
            "{path} is not documented"
        );
    }
    assert!(document["components"]["securitySchemes"]["bearer"].is_object());
}
both!(the_openapi_document_describes_the_api);

async fn metrics_are_closed_to_other_addresses(backend: Backend) {
    let Some(database_url) = crate::helpers::fresh_database(backend).await else {
        return;
    };
    let mut args = crate::helpers::serve_args();
    args.metrics_allow = "10.0.0.0/8".parse().unwrap();
    let app = TestApp::spawn_on(&database_url, args).await;
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 403);
    // Forwarding headers cannot open it.
    let response = app
        .http
        .get(app.url("/metrics"))
        .header("x-forwarded-for", "10.1.2.3")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    app.stop().await;
}
both!(metrics_are_closed_to_other_addresses, backend);

/// API tokens are stored as SHA-256 digests only: the database holds no usable token, and
/// a token is found by its digest, so no stored secret is compared with what a client sent.
async fn tokens_are_stored_as_digests_only(app: &TestApp) {
    let (status, _) = app.api(Method::GET, "/links", None).await;
    assert_eq!(status, 200);
    let dump = dump(&app.database_url, "api_tokens").await;
    assert!(
        dump.contains(&lanterne::auth::hash_token(&app.token)),
        "the digest is stored"
    );
    assert!(
        !dump.contains(app.token.trim_start_matches("lnt_")),
        "a token is stored in clear"
    );
}
both!(tokens_are_stored_as_digests_only);
