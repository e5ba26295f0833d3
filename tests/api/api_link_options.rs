//! A link's options through the API: set on creation, shown by `GET`, changed and cleared by
//! `PATCH` (`null` clears, absent keeps), refused with a 422 that says what is wrong.

use reqwest::Method;
use serde_json::{Value, json};

use crate::both;
use crate::helpers::{TestApp, dump};

fn every_option() -> Value {
    json!({
        "url": "https://example.org/landing",
        "slug": "full",
        "preview": {"title": "Spring sale", "description": "Two days only", "image": "https://cdn.example/card.png"},
        "starts_at": "2020-01-01T00:00:00Z",
        "expires_at": "2999-01-01T00:00:00+01:00",
        "expired_url": "https://example.org/too-late",
        "max_clicks": 100,
        "password": "open sesame 42",
        "rules": [{"device": "ios", "url": "https://example.org/ios"}, {"country": "fr", "url": "https://example.org/fr"}],
        "variants": [{"url": "https://example.org/a", "weight": 1}, {"url": "https://example.org/b", "weight": 0}],
    })
}

async fn options_are_set_shown_changed_and_cleared(app: &TestApp) {
    let created = app.create_link(every_option()).await;
    let shown = app.link("full").await;
    assert_eq!(created, shown);
    assert_eq!(shown["preview"]["title"], "Spring sale");
    assert_eq!(shown["preview"]["image"], "https://cdn.example/card.png");
    assert_eq!(shown["starts_at"], "2020-01-01T00:00:00.000Z");
    assert_eq!(shown["expires_at"], "2998-12-31T23:00:00.000Z");
    assert_eq!(shown["expired_url"], "https://example.org/too-late");
    assert_eq!(shown["max_clicks"], 100);
    assert_eq!(shown["password_protected"], true);
    assert_eq!(
        shown["rules"],
        json!([{"device": "ios", "url": "https://example.org/ios"}, {"country": "FR", "url": "https://example.org/fr"}])
    );
    assert_eq!(
        shown["variants"][1],
        json!({"url": "https://example.org/b", "weight": 0})
    );
    // The password is stored as an argon2 hash and shown nowhere.
    assert!(!shown.to_string().contains("sesame"));
    let (_, list) = app.api(Method::GET, "/links", None).await;
    assert!(!list.to_string().contains("sesame"));
    let stored = dump(&app.database_url, "links").await;
    assert!(
        !stored.contains("open sesame"),
        "the password is stored in clear"
    );
    assert!(stored.contains("$argon2id$"));

    // Absent keeps, null clears.
    let (status, changed) = app
        .api(
            Method::PATCH,
            "/links/full",
            Some(json!({"max_clicks": 5, "rules": null, "password": null, "preview": {"title": "New"}})),
        )
        .await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["max_clicks"], 5);
    assert_eq!(changed["rules"], json!([]));
    assert_eq!(changed["password_protected"], false);
    assert_eq!(changed["preview"], json!({"title": "New"}));
    assert_eq!(changed["variants"], shown["variants"]);
    assert_eq!(changed["expires_at"], shown["expires_at"]);

    let (status, cleared) = app
        .api(
            Method::PATCH,
            "/links/full",
            Some(
                json!({"preview": null, "starts_at": null, "expires_at": null, "expired_url": null,
                        "max_clicks": null, "variants": []}),
            ),
        )
        .await;
    assert_eq!(status, 200, "{cleared}");
    for field in [
        "preview",
        "starts_at",
        "expires_at",
        "expired_url",
        "max_clicks",
    ] {
        assert!(cleared[field].is_null(), "{field}: {cleared}");
    }
    assert_eq!(cleared["variants"], json!([]));
    // A plain link again: it redirects as any link does.
    let response = app.get("/full").await;
    assert_eq!(response.status(), 302);
    assert_eq!(
        response.headers()["location"],
        "https://example.org/landing"
    );
}
both!(options_are_set_shown_changed_and_cleared);

async fn bad_options_get_a_422_saying_what_is_wrong(app: &TestApp) {
    for (body, says) in [
        (json!({"preview": {"title": ""}}), "needs a title"),
        (
            json!({"preview": {"title": "t", "image": "http://cdn.example/a.png"}}),
            "https",
        ),
        (
            json!({"expires_at": "tomorrow"}),
            "expires_at is not a time",
        ),
        (
            json!({"starts_at": "2030-01-02T00:00:00Z", "expires_at": "2030-01-01T00:00:00Z"}),
            "after starts_at",
        ),
        (
            json!({"expired_url": "https://example.org/late"}),
            "give expires_at or max_clicks",
        ),
        (json!({"max_clicks": 0}), "between 1 and"),
        (json!({"password": "   "}), "password is empty"),
        (
            json!({"rules": [{"device": "tv", "url": "https://example.org/"}]}),
            "rule 1: unknown device",
        ),
        (
            json!({"rules": [{"country": "FRA", "url": "https://example.org/"}]}),
            "country code",
        ),
        (
            json!({"rules": [{"url": "https://example.org/"}]}),
            "needs a device or a country",
        ),
        (
            json!({"rules": [{"device": "ios", "url": "javascript:alert(1)"}]}),
            "rule 1",
        ),
        (
            json!({"variants": [{"url": "https://example.org/a", "weight": 1}]}),
            "at least two",
        ),
        (
            json!({"variants": [{"url": "https://example.org/a", "weight": 0}, {"url": "https://example.org/b", "weight": 0}]}),
            "weight 0",
        ),
        (
            json!({"variants": [{"url": "https://example.org/a", "weight": 1}, {"url": "https://blocked.example/", "weight": 1}]}),
            "variant 2",
        ),
    ] {
        let mut create = body.clone();
        create["url"] = json!("https://example.org/");
        let (status, answer) = app.api(Method::POST, "/links", Some(create)).await;
        assert_eq!(status, 422, "{body} → {answer}");
        let message = answer["error"].as_str().unwrap_or_default();
        assert!(
            message.contains(says),
            "{body}: {message:?} does not say {says:?}"
        );
    }
    app.create_link(json!({"url": "https://example.org/", "slug": "p"}))
        .await;
    let (status, answer) = app
        .api(
            Method::PATCH,
            "/links/p",
            Some(json!({"expired_url": "https://example.org/late"})),
        )
        .await;
    assert_eq!(status, 422, "{answer}");
    let (status, _) = app
        .api(
            Method::PATCH,
            "/links/p",
            Some(json!({"variants": [{"url": "https://example.org/a", "weight": -1}]})),
        )
        .await;
    assert_eq!(status, 422, "a negative weight");
    // Nothing was changed by the refusals.
    assert_eq!(app.link("p").await["expired_url"], Value::Null);
}
both!(bad_options_get_a_422_saying_what_is_wrong);

async fn the_openapi_document_describes_every_option(app: &TestApp) {
    let document: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let schemas = &document["components"]["schemas"];
    for field in [
        "preview",
        "starts_at",
        "expires_at",
        "expired_url",
        "max_clicks",
        "password",
        "rules",
        "variants",
    ] {
        assert!(
            schemas["CreateLink"]["properties"][field].is_object(),
            "CreateLink.{field}"
        );
        assert!(
            schemas["UpdateLink"]["properties"][field].is_object(),
            "UpdateLink.{field}"
        );
    }
    let view = document.to_string();
    for field in ["password_protected", "picked_by", "destination"] {
        assert!(view.contains(field), "{field} is not documented");
    }
}
both!(the_openapi_document_describes_every_option);
