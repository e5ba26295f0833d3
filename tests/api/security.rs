//! Web security headers on everything Lanterne renders.

use crate::both;
use crate::helpers::{Backend, TestApp};

async fn pages_and_api_carry_security_headers(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    for path in ["/", "/no-such-slug", "/api/v1/links", "/static/base.css"] {
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
