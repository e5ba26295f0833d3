//! `/api/v1/sites`: registering a publisher's site (its key and the snippet to copy), listing,
//! changing and deleting it; domains read as host names; admins only for changes.

use lanterne::auth::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::both;
use crate::helpers::TestApp;

/// Registers a site and returns it, panicking unless the API answers 201.
pub async fn register(app: &TestApp, name: &str, domains: &[&str]) -> Value {
    let body = json!({ "name": name, "domains": domains });
    let (status, site) = app.api(Method::POST, "/sites", Some(body)).await;
    assert_eq!(status, 201, "registering {name}: {site}");
    site
}

async fn a_site_is_registered_with_its_key_and_snippet(app: &TestApp) {
    let site = register(
        app,
        "Daily News",
        &[
            "News.Example:8443",
            "https://www.news.example/",
            "news.example",
        ],
    )
    .await;
    assert_eq!(site["name"], "Daily News");
    assert_eq!(
        site["domains"],
        json!(["news.example", "www.news.example"]),
        "ports dropped, lowercase, each once"
    );
    let key = site["key"].as_str().unwrap();
    assert_eq!(key.len(), 16);
    assert!(key.bytes().all(|b| b.is_ascii_alphanumeric()), "{key}");
    assert_eq!(
        site["snippet"],
        format!(
            r#"<script defer src="{}/lanterne.js" data-site="{key}"></script>"#,
            app.base
        )
    );
    assert!(site["created_at"].as_str().unwrap().ends_with('Z'));
    let id = site["id"].as_i64().unwrap();

    let (status, shown) = app.api(Method::GET, &format!("/sites/{id}"), None).await;
    assert_eq!((status, &shown), (200, &site));
    let other = register(app, "Blog", &["blog.example"]).await;
    assert_ne!(other["key"], site["key"], "every site has its own key");
    let (status, list) = app.api(Method::GET, "/sites", None).await;
    assert_eq!(status, 200);
    let names: Vec<&str> = list["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Blog", "Daily News"], "by name");

    // Renamed and moved to other domains: the key stays, so pages need no change.
    let path = format!("/sites/{id}");
    let body = json!({ "name": "The Daily", "domains": ["daily.example"] });
    let (status, changed) = app.api(Method::PATCH, &path, Some(body)).await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(
        (&changed["name"], &changed["domains"], &changed["key"]),
        (&json!("The Daily"), &json!(["daily.example"]), &site["key"])
    );
    let (status, changed) = app
        .api(Method::PATCH, &path, Some(json!({ "name": "Daily" })))
        .await;
    assert_eq!(status, 200);
    assert_eq!(changed["domains"], json!(["daily.example"]), "left alone");

    let (status, _) = app.api(Method::DELETE, &path, None).await;
    assert_eq!(status, 204);
    let (status, error) = app.api(Method::GET, &path, None).await;
    assert_eq!(status, 404);
    assert_eq!(error["error"], format!("there is no site with the id {id}"));
    let (status, _) = app.api(Method::DELETE, &path, None).await;
    assert_eq!(status, 404);
}
both!(a_site_is_registered_with_its_key_and_snippet);

async fn bad_sites_are_refused_with_what_is_wrong(app: &TestApp) {
    for (body, status, error) in [
        (
            json!({ "name": "", "domains": ["news.example"] }),
            422,
            "name is required",
        ),
        (
            json!({ "name": "News", "domains": [] }),
            422,
            "domains must list at least one host name, such as news.example",
        ),
        (
            json!({ "name": "News", "domains": ["*.news.example"] }),
            422,
            "\"*.news.example\": wildcards are not accepted; list each subdomain on its own",
        ),
        (
            json!({ "name": "News", "domains": ["news.example/articles"] }),
            422,
            "\"news.example/articles\" has a path; give the host name only, such as news.example",
        ),
        (
            json!({ "name": "News", "domains": ["news example"] }),
            422,
            "\"news example\" is not a host name",
        ),
        (
            json!({ "name": "x".repeat(65), "domains": ["news.example"] }),
            422,
            "name is longer than 64 characters",
        ),
        (
            json!({ "name": "News\u{7}", "domains": ["news.example"] }),
            422,
            "name contains control characters",
        ),
    ] {
        let (got, answer) = app.api(Method::POST, "/sites", Some(body.clone())).await;
        assert_eq!(
            (got, answer["error"].as_str()),
            (status, Some(error)),
            "{body}"
        );
    }
    let (status, answer) = app
        .api(
            Method::POST,
            "/sites",
            Some(json!({ "name": "News", "domains": ["a.example"], "colour": "red" })),
        )
        .await;
    assert_eq!(status, 422, "unknown fields are refused: {answer}");
    let (status, _) = app
        .api(Method::POST, "/sites", Some(json!({ "name": "News" })))
        .await;
    assert_eq!(status, 422, "domains are required");

    // One site per name, in any letter case; nothing else was stored by the refusals.
    let site = register(app, "News", &["news.example"]).await;
    let (status, error) = app
        .api(
            Method::POST,
            "/sites",
            Some(json!({ "name": "NEWS", "domains": ["other.example"] })),
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(error["error"], "there is a site named \"NEWS\" already");
    let blog = register(app, "Blog", &["blog.example"]).await;
    let path = format!("/sites/{}", blog["id"]);
    let (status, error) = app
        .api(Method::PATCH, &path, Some(json!({ "name": "news" })))
        .await;
    assert_eq!(status, 409, "{error}");
    let (status, error) = app
        .api(Method::PATCH, &path, Some(json!({ "domains": [] })))
        .await;
    assert_eq!(status, 422, "{error}");
    let (status, _) = app
        .api(Method::PATCH, "/sites/999999", Some(json!({ "name": "X" })))
        .await;
    assert_eq!(status, 404);
    let (_, list) = app.api(Method::GET, "/sites", None).await;
    assert_eq!(list["sites"].as_array().unwrap().len(), 2);
    assert_eq!(list["sites"][1], site);
}
both!(bad_sites_are_refused_with_what_is_wrong);

async fn only_admins_change_sites(app: &TestApp) {
    let site = register(app, "News", &["news.example"]).await;
    let path = format!("/sites/{}", site["id"]);
    for role in [Role::Marketer, Role::Analyst] {
        let token = app.token_with_role(role).await;
        let body = json!({ "name": "Mine", "domains": ["mine.example"] });
        let (status, error) = app
            .api_as(&token, Method::POST, "/sites", Some(body.clone()))
            .await;
        assert_eq!(
            (status, error["error"].as_str()),
            (403, Some("only admin tokens may register sites"))
        );
        let (status, _) = app
            .api_as(
                &token,
                Method::PATCH,
                &path,
                Some(json!({ "name": "Mine" })),
            )
            .await;
        assert_eq!(status, 403);
        let (status, _) = app.api_as(&token, Method::DELETE, &path, None).await;
        assert_eq!(status, 403);
        let (status, list) = app.api_as(&token, Method::GET, "/sites", None).await;
        assert_eq!(status, 200, "every role reads sites");
        assert_eq!(list["sites"], json!([site]));
    }
    let anonymous = app.http.get(app.url("/api/v1/sites")).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
}
both!(only_admins_change_sites);
