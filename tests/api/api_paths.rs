//! Paths under `/api/` that no endpoint answers: a 404 in the API's JSON, whatever the method
//! and however deep, while an unknown path of the web UI keeps the HTML page.

use reqwest::Method;
use serde_json::json;

use crate::both;
use crate::helpers::TestApp;

async fn an_unknown_api_path_answers_404_in_json_and_an_unknown_page_in_html(app: &TestApp) {
    for (method, path) in [
        (Method::GET, "/api/v2/anything"),
        (Method::GET, "/api/v2"),
        (Method::GET, "/api/"),
        (Method::GET, "/api/links"),
        (Method::POST, "/api/v2/links"),
        (Method::DELETE, "/api/v1x/links/abc"),
        (Method::GET, "/api/v1/nothing/at/all"),
        (Method::GET, "/api/openapi.json/x"),
    ] {
        let (status, body) = app.json_answer(None, method.clone(), path).await;
        assert_eq!(status, 404, "{method} {path}");
        assert_eq!(
            body,
            json!({ "error": "no such API endpoint" }),
            "{method} {path}"
        );
    }
    for path in ["/nothing/here", "/settings/nothing", "/apis/v1/links"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        let content_type = response.headers()["content-type"].to_str().unwrap();
        assert!(
            content_type.starts_with("text/html"),
            "{path}: {content_type}"
        );
        let html = response.text().await.unwrap();
        assert!(html.contains("Link not found"), "{path}: {html}");
    }
    // What is there still answers.
    assert_eq!(app.get("/api/openapi.json").await.status(), 200);
    let (status, _) = app.api(Method::GET, "/links", None).await;
    assert_eq!(status, 200);
}
both!(an_unknown_api_path_answers_404_in_json_and_an_unknown_page_in_html);
