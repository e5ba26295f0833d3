//! The OpenAPI document: its links lead from what a request makes to where it is removed, in
//! the words OpenAPI clients read, and following one does what it says.

use reqwest::Method;
use serde_json::{Value, json};

use crate::both;
use crate::helpers::TestApp;

/// The operation an `operationRef` such as `#/paths/~1api~1v1~1domains~1%7Bhost%7D/delete`
/// points at: its path and method.
fn target(operation_ref: &str) -> (String, String) {
    let pointer = operation_ref
        .strip_prefix("#/paths/")
        .expect("a local reference");
    let (path, method) = pointer.rsplit_once('/').expect("a path, then a method");
    let path = path
        .replace("~1", "/")
        .replace("%7B", "{")
        .replace("%7D", "}");
    (path, method.to_owned())
}

async fn links_lead_to_operations_the_document_has(app: &TestApp) {
    let document: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let mut links = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            for (status, response) in operation["responses"].as_object().unwrap() {
                for (name, link) in response["links"].as_object().into_iter().flatten() {
                    links.push((format!("{method} {path} {status} {name}"), link.clone()));
                }
            }
        }
    }
    let named: Vec<&str> = links.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        named.contains(&"post /api/v1/domains 201 remove")
            && named.contains(&"post /api/v1/webhooks 201 unsubscribe"),
        "{named:?}"
    );
    for (name, link) in &links {
        assert!(link.get("operation_ref").is_none(), "{name}: {link}");
        let (path, method) = target(link["operationRef"].as_str().expect(name));
        let operation = &document["paths"][&path][&method];
        assert!(operation.is_object(), "{name}: no {method} {path}");
        for parameter in link["parameters"].as_object().unwrap().keys() {
            let declared = operation["parameters"].as_array().unwrap();
            assert!(
                declared.iter().any(|p| p["name"] == parameter.as_str()),
                "{name}: {path} has no parameter {parameter}"
            );
        }
    }

    // Following the link from an added domain removes it.
    let (status, added) = app
        .api(
            Method::POST,
            "/domains",
            Some(json!({"host": "Go.Example.com"})),
        )
        .await;
    assert_eq!(status, 201, "{added}");
    let link = &document["paths"]["/api/v1/domains"]["post"]["responses"]["201"]["links"]["remove"];
    assert_eq!(link["parameters"]["host"], "$response.body#/host");
    let host = added.pointer("/host").and_then(Value::as_str).unwrap();
    let (status, _) = app
        .api(Method::DELETE, &format!("/domains/{host}"), None)
        .await;
    assert_eq!(status, 204);
}
both!(links_lead_to_operations_the_document_has);

async fn every_operation_has_its_own_operation_id(app: &TestApp) {
    let document: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let mut seen = std::collections::BTreeMap::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let operation_id = operation["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path} has no operationId"));
            if let Some(first) = seen.insert(operation_id.to_owned(), format!("{method} {path}")) {
                panic!("{operation_id} names both {first} and {method} {path}");
            }
        }
    }
    assert!(seen.contains_key("listLinks"), "{seen:?}");
    assert_eq!(document["servers"], json!([{"url": "/"}]));
}
both!(every_operation_has_its_own_operation_id);

/// A query parameter of `operation` on `path` in the document.
fn parameter<'a>(document: &'a Value, path: &str, name: &str) -> &'a Value {
    document["paths"][path]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("{path} has no {name}"))
}

/// The bounds the server holds `limit` to, and the periods a report covers, are in the
/// document, so a client generated from it knows them.
async fn page_sizes_and_periods_are_in_the_document(app: &TestApp) {
    let document: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    for (path, max, default) in [
        ("/api/v1/links", 500, 50),
        ("/api/v1/links/{slug}/hits", 100_000, 100),
        ("/api/v1/campaigns", 500, 100),
        ("/api/v1/sites/{id}/pages", 1000, 100),
    ] {
        let schema = &parameter(&document, path, "limit")["schema"];
        assert_eq!(
            (&schema["minimum"], &schema["maximum"], &schema["default"]),
            (&json!(1), &json!(max), &json!(default)),
            "{path}: {schema}"
        );
    }
    for path in ["/api/v1/stats", "/api/v1/sites/{id}/pages"] {
        let schema = &parameter(&document, path, "period")["schema"];
        // utoipa puts an inline schema with a default of its own under `oneOf`.
        let values = schema["oneOf"]
            .as_array()
            .map_or(&schema["enum"], |one_of| &one_of[0]["enum"]);
        assert_eq!(
            values,
            &json!(["24h", "7d", "30d", "90d"]),
            "{path}: {schema}"
        );
        assert_eq!(schema["default"], "30d", "{path}");
    }
    // The server holds them: past the bound is refused, in words.
    let (status, answer) = app.api(Method::GET, "/links?limit=501", None).await;
    assert_eq!(
        (status, answer["error"].as_str()),
        (422, Some("limit must be between 1 and 500"))
    );
    let described = document.to_string();
    assert!(
        !described.contains("[`crate::"),
        "rustdoc links in the document"
    );
}
both!(page_sizes_and_periods_are_in_the_document);
