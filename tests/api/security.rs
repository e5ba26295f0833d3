//! Web security headers on everything Lanterne renders.

use crate::both;
use crate::helpers::{Backend, TestApp};

async fn pages_and_api_carry_security_headers(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    for path in [
        "/login",
        "/setup",
        "/no-such-slug",
        "/api/v1/links",
        &lanterne::routes::assets::url("base.css"),
    ] {
        let response = app.get(path).await;
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert!(headers.contains_key("referrer-policy"), "{path}");
        assert!(headers.get("set-cookie").is_none(), "{path}");
    }
    let home = app.get("/").await.text().await.unwrap();
    assert!(
        !home.contains("<style") && !home.contains("<script"),
        "inline code on the home page"
    );
    app.stop().await;
}
both!(pages_and_api_carry_security_headers);

async fn the_openapi_document_describes_the_api(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
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
    app.stop().await;
}
both!(the_openapi_document_describes_the_api);

async fn metrics_are_closed_to_other_addresses(backend: Backend) {
    let Some(database_url) = crate::helpers::fresh_database(backend).await else {
        return;
    };
    let mut args = crate::helpers::serve_args();
    args.metrics_allow = "10.0.0.0/8".into();
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
both!(metrics_are_closed_to_other_addresses);
