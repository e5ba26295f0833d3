//! The links API: creating, refusing, listing, changing and deleting links.

use lanterne::auth::Role;
use reqwest::Method;
use serde_json::json;

use crate::both;
use crate::helpers::{TestApp, link_body};

async fn create_returns_the_link(app: &TestApp) {
    let link = app
        .create_link(json!({
            "url": "https://example.com/offer?x=1",
            "slug": "summer-offer",
            "campaign": "Summer 2026",
            "channel": "whatsapp",
            "tags": ["Travel", "travel", " deals "]
        }))
        .await;
    assert_eq!(link["slug"], "summer-offer");
    assert_eq!(link["short_url"], app.url("/summer-offer"));
    assert_eq!(link["url"], "https://example.com/offer?x=1");
    assert_eq!(link["campaign"], "Summer 2026");
    assert_eq!(link["channel"], "whatsapp");
    assert_eq!(link["tags"], json!(["travel", "deals"]));
    assert_eq!(link["enabled"], true);
    assert_eq!(link["hit_count"], 0);
    assert!(link["created_at"].as_str().unwrap().ends_with('Z'));

    let random = app.create_link(link_body("https://example.com/")).await;
    let slug = random["slug"].as_str().unwrap();
    assert!(slug.len() >= 7, "random slug {slug} is too short");
    assert_eq!(app.link("summer-offer").await, link);
}
both!(create_returns_the_link);

async fn bad_destinations_are_refused_with_a_reason(app: &TestApp) {
    let own = app.url("/loop");
    let cases = [
        ("javascript:alert(1)", "only http and https"),
        ("JaVaScRiPt:alert(1)", "only http and https"),
        ("jav\tascript:alert(1)", "control characters"),
        (
            "data:text/html,<script>alert(1)</script>",
            "only http and https",
        ),
        ("vbscript:msgbox(1)", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("ftp://example.com/file", "only http and https"),
        ("https://example.com/\u{0}", "control characters"),
        ("\u{7}https://example.com/", "control characters"),
        (
            "https://example.com/%0d%0aSet-Cookie:%20a=b",
            "encoded control",
        ),
        ("  javascript:alert(1)", "only http and https"),
        ("\u{1}javascript:alert(1)", "control characters"),
        ("\u{0}javascript:alert(1)", "control characters"),
        ("java\nscript:alert(1)", "control characters"),
        ("\u{1f} https://example.com/", "control characters"),
        (
            "https://example.com/\r\nSet-Cookie: a=b",
            "control characters",
        ),
        (
            "https://example.com/%0D%0ALocation:%20https://evil.example/",
            "encoded control",
        ),
        ("https://example.com/a%0ab", "encoded control"),
        ("https://bank.example@evil.example/", "user name"),
        ("//evil.example/", "absolute"),
        ("\\\\evil.example\\", "absolute"),
        ("not a url", "absolute"),
        (own.as_str(), "not allowed"),
        ("https://www.blocked.example/phish", "not allowed"),
    ];
    for (url, reason) in cases {
        let (status, body) = app.api(Method::POST, "/links", Some(link_body(url))).await;
        assert_eq!(status, 422, "{url:?} → {body}");
        let message = body["error"].as_str().unwrap();
        assert!(
            message.contains(reason),
            "{url:?}: {message:?} should say {reason:?}"
        );
    }
    let long = format!("https://example.com/{}", "a".repeat(4100));
    let (status, _) = app
        .api(Method::POST, "/links", Some(link_body(&long)))
        .await;
    assert_eq!(status, 422);

    let idn = app
        .create_link(link_body("https://bücher.example/straße"))
        .await;
    assert_eq!(idn["url"], "https://xn--bcher-kva.example/stra%C3%9Fe");
    // A Cyrillic look-alike of example.com is stored as the punycode that gives it away.
    let lookalike = app.create_link(link_body("https://ехаmрlе.com/")).await;
    assert!(
        lookalike["url"]
            .as_str()
            .unwrap()
            .starts_with("https://xn--"),
        "{lookalike}"
    );
    // Leading and trailing spaces around a valid destination are trimmed.
    let spaced = app
        .create_link(link_body("  https://example.com/spaced  "))
        .await;
    assert_eq!(spaced["url"], "https://example.com/spaced");
}
both!(bad_destinations_are_refused_with_a_reason);

async fn slugs_are_checked(app: &TestApp) {
    for (slug, reason) in [
        ("api", "reserved"),
        ("healthz", "reserved"),
        ("a/b", "only hold"),
        ("", "empty"),
    ] {
        let body = json!({ "url": "https://example.com/", "slug": slug });
        let (status, body) = app.api(Method::POST, "/links", Some(body)).await;
        assert_eq!(status, 422, "{slug:?}");
        assert!(
            body["error"].as_str().unwrap().contains(reason),
            "{slug:?}: {body}"
        );
    }
    app.create_link(json!({ "url": "https://example.com/", "slug": "taken" }))
        .await;
    let (status, body) = app
        .api(
            Method::POST,
            "/links",
            Some(json!({ "url": "https://example.org/", "slug": "taken" })),
        )
        .await;
    assert_eq!(status, 409);
    assert!(body["error"].as_str().unwrap().contains("already taken"));
}
both!(slugs_are_checked);

async fn tokens_and_roles_are_enforced(app: &TestApp) {
    let response = app.http.get(app.url("/api/v1/links")).send().await.unwrap();
    assert_eq!(response.status(), 401);
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("Bearer"));

    let response = app
        .http
        .get(app.url("/api/v1/links"))
        .bearer_auth("lnt_not-a-real-token")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);

    let analyst = app.token_with_role(Role::Analyst).await;
    let response = app
        .http
        .post(app.url("/api/v1/links"))
        .bearer_auth(&analyst)
        .json(&link_body("https://example.com/"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let response = app
        .http
        .get(app.url("/api/v1/links"))
        .bearer_auth(&analyst)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}
both!(tokens_and_roles_are_enforced);

async fn malformed_requests_get_json_errors(app: &TestApp) {
    let post = |body: &'static [u8]| {
        app.http
            .post(app.url("/api/v1/links"))
            .bearer_auth(&app.token)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    for (body, status) in [
        (&b"{not json"[..], 400),
        (b"{\"url\": \"\xff\xfe\"}", 400),
        (b"{\"url\": 5}", 422),
        (b"{}", 422),
        (b"{\"url\": \"https://example.com/\", \"colour\": 1}", 422),
        (b"{\"url\": \"https://example.com/\\u0000\"}", 422),
    ] {
        let response = post(body).await.unwrap();
        assert_eq!(
            response.status(),
            status,
            "{}",
            String::from_utf8_lossy(body)
        );
        let error: serde_json::Value = response.json().await.unwrap();
        assert!(error["error"].is_string());
    }
    let (status, _) = app.api(Method::GET, "/links?limit=0", None).await;
    assert_eq!(status, 422);
    // A value of the wrong kind in a query is invalid input, as in a JSON body.
    let (status, _) = app.api(Method::GET, "/links?enabled=maybe", None).await;
    assert_eq!(status, 422);
    let (status, body) = app.api(Method::GET, "/nothing-here", None).await;
    assert_eq!(status, 404);
    assert!(body["error"].is_string());
}
both!(malformed_requests_get_json_errors);

async fn list_filters_and_pages(app: &TestApp) {
    for i in 0..5 {
        let channel = if i % 2 == 0 { "email" } else { "facebook" };
        app.create_link(json!({
            "url": format!("https://example.com/{i}"),
            "slug": format!("link-{i}"),
            "campaign": "launch",
            "channel": channel,
            "tags": if i < 2 { vec!["news"] } else { vec![] },
        }))
        .await;
    }
    app.create_link(json!({ "url": "https://other.example/", "slug": "other" }))
        .await;

    let slugs = |page: &serde_json::Value| -> Vec<String> {
        page["links"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["slug"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, all) = app.api(Method::GET, "/links", None).await;
    assert_eq!(
        slugs(&all),
        ["other", "link-4", "link-3", "link-2", "link-1", "link-0"]
    );
    assert!(all["next_cursor"].is_null());
    let (_, email) = app.api(Method::GET, "/links?channel=email", None).await;
    assert_eq!(slugs(&email), ["link-4", "link-2", "link-0"]);
    let (_, tagged) = app.api(Method::GET, "/links?tag=NEWS", None).await;
    assert_eq!(slugs(&tagged), ["link-1", "link-0"]);
    let (_, launch) = app
        .api(Method::GET, "/links?campaign=launch&limit=2", None)
        .await;
    assert_eq!(slugs(&launch), ["link-4", "link-3"]);
    let cursor = launch["next_cursor"].as_str().unwrap();
    let (_, next) = app
        .api(
            Method::GET,
            &format!("/links?campaign=launch&limit=2&cursor={cursor}"),
            None,
        )
        .await;
    assert_eq!(slugs(&next), ["link-2", "link-1"]);
    // A last page that is full still says it is the last.
    let (_, exact) = app.api(Method::GET, "/links?limit=6", None).await;
    assert_eq!(slugs(&exact).len(), 6);
    assert!(exact["next_cursor"].is_null(), "{exact}");
    let (_, search) = app.api(Method::GET, "/links?q=OTHER", None).await;
    assert_eq!(slugs(&search), ["other"]);
    let (_, percent) = app.api(Method::GET, "/links?q=%25", None).await;
    assert_eq!(slugs(&percent), Vec::<String>::new());
}
both!(list_filters_and_pages);

/// A search typed with a keyboard's apostrophe finds a campaign written with a typographic
/// one, and the other way round; an apostrophe still stands for one character only.
async fn search_reads_either_apostrophe(app: &TestApp) {
    app.create_link(
        json!({ "url": "https://example.com/e", "slug": "ete", "campaign": "Soldes d’été" }),
    )
    .await;
    app.create_link(
        json!({ "url": "https://example.com/o", "slug": "oeil", "campaign": "Clin d'œil" }),
    )
    .await;
    app.create_link(
        json!({ "url": "https://example.com/n", "slug": "plain", "campaign": "Soldes dete" }),
    )
    .await;
    let found = async |q: &str| {
        let q: String = url::form_urlencoded::byte_serialize(q.as_bytes()).collect();
        let (_, page) = app.api(Method::GET, &format!("/links?q={q}"), None).await;
        crate::helpers::sorted_slugs(&page)
    };
    assert_eq!(found("soldes d'été").await, ["ete"]);
    assert_eq!(found("soldes d’été").await, ["ete"]);
    assert_eq!(found("d’œil").await, ["oeil"]);
    assert_eq!(found("d'œil").await, ["oeil"]);
}
both!(search_reads_either_apostrophe);

async fn update_and_delete(app: &TestApp) {
    app.create_link(json!({ "url": "https://example.com/a", "slug": "edit-me", "campaign": "c", "tags": ["x"] }))
        .await;
    assert_eq!(
        app.get("/edit-me").await.headers()["location"],
        "https://example.com/a"
    );

    let (status, link) = app
        .api(
            Method::PATCH,
            "/links/edit-me",
            Some(json!({ "url": "https://example.com/b", "campaign": null, "channel": "sms", "tags": ["y", "z"] })),
        )
        .await;
    assert_eq!(status, 200, "{link}");
    assert_eq!(link["url"], "https://example.com/b");
    assert!(link["campaign"].is_null());
    assert_eq!(link["channel"], "sms");
    assert_eq!(link["tags"], json!(["y", "z"]));
    // The cached answer is replaced at once.
    assert_eq!(
        app.get("/edit-me").await.headers()["location"],
        "https://example.com/b"
    );
    let (_, tagged) = app.api(Method::GET, "/links?tag=y", None).await;
    assert_eq!(tagged["links"].as_array().unwrap().len(), 1);

    let (status, _) = app
        .api(
            Method::PATCH,
            "/links/edit-me",
            Some(json!({ "url": "javascript:x" })),
        )
        .await;
    assert_eq!(status, 422);

    let (status, _) = app
        .api(
            Method::PATCH,
            "/links/edit-me",
            Some(json!({ "enabled": false })),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(app.get("/edit-me").await.status(), 410);
    let (status, _) = app
        .api(
            Method::PATCH,
            "/links/edit-me",
            Some(json!({ "enabled": true })),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(app.get("/edit-me").await.status(), 302);

    let (status, _) = app.api(Method::DELETE, "/links/edit-me", None).await;
    assert_eq!(status, 204);
    assert_eq!(app.get("/edit-me").await.status(), 404);
    let (status, _) = app.api(Method::GET, "/links/edit-me", None).await;
    assert_eq!(status, 404);
    let (status, _) = app.api(Method::DELETE, "/links/edit-me", None).await;
    assert_eq!(status, 404);
}
both!(update_and_delete);
