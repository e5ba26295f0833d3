//! Coming to the web UI: first-run setup, sign-in and its limit, roles and CSRF on forms.

use lanterne::auth::Role;

use crate::both;
use crate::helpers::{PASSWORD, TestApp};

async fn first_run_setup_is_one_time(app: &TestApp) {
    let b = app.browser();
    let response = b.get("/").await;
    assert_eq!(response.headers()["location"], "/setup");
    let (status, html) = b.page("/setup").await;
    assert_eq!(status, 200);
    assert!(html.contains("Create the first administrator"));

    let response = b
        .post(
            "/setup",
            &[
                ("email", "Ada@Example.com"),
                ("password", "short"),
                ("confirm", "short"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("at least 10 characters")
    );

    let response = b
        .post(
            "/setup",
            &[
                ("email", "Ada@Example.com"),
                ("password", PASSWORD),
                ("confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert_eq!(b.page("/links").await.0, 200);

    // Once a user exists, the setup page is gone for everyone.
    let stranger = app.browser();
    let response = stranger.get("/setup").await;
    assert_eq!(response.headers()["location"], "/login");
    let response = stranger
        .post(
            "/setup",
            &[
                ("email", "eve@example.com"),
                ("password", PASSWORD),
                ("confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.headers()["location"], "/login");
    // Pages need a session.
    assert_eq!(
        stranger.get("/dashboard").await.headers()["location"],
        "/login"
    );
}
both!(first_run_setup_is_one_time);

async fn sign_in_is_checked_and_rate_limited(app: &TestApp) {
    app.signed_in("ana@example.com", Role::Analyst).await;
    let wrong = app.browser();
    let response = wrong
        .post(
            "/login",
            &[
                ("email", "ana@example.com"),
                ("password", "not the password"),
            ],
        )
        .await;
    assert_eq!(response.status(), 401);
    assert!(response.text().await.unwrap().contains("not right"));
    let mut last = 0;
    for _ in 0..lanterne::app::LOGIN_LIMIT {
        last = wrong
            .post(
                "/login",
                &[("email", "ana@example.com"), ("password", "guess")],
            )
            .await
            .status()
            .as_u16();
    }
    assert_eq!(last, 429, "sign-in attempts are limited");
}
both!(sign_in_is_checked_and_rate_limited);

async fn signing_in_returns_to_the_page_asked_for(app: &TestApp) {
    app.add_user("mark@example.com", Role::Marketer).await;
    let browser = app.browser();
    let response = browser.get("/campaigns/1?period=7d").await;
    assert_eq!(response.status(), 303);
    let login = response.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(login, "/login?next=%2Fcampaigns%2F1%3Fperiod%3D7d");
    let field = r#"<input type="hidden" name="next" value="/campaigns/1?period=7d">"#;
    let (status, html) = browser.page(&login).await;
    assert_eq!(status, 200);
    assert!(html.contains(field), "{html}");

    // A wrong password keeps the page asked for; the right one goes there.
    let form = |password| {
        [
            ("email", "mark@example.com"),
            ("password", password),
            ("next", "/campaigns/1?period=7d"),
        ]
    };
    let wrong = browser.post("/login", &form("not the password")).await;
    assert_eq!(wrong.status(), 401);
    assert!(wrong.text().await.unwrap().contains(field));
    let right = browser.post("/login", &form(PASSWORD)).await;
    assert_eq!(right.status(), 303);
    assert_eq!(right.headers()["location"], "/campaigns/1?period=7d");

    // Never another site: the sign-in page drops it, and sign-in goes to the dashboard.
    for elsewhere in [
        "//evil.example/campaigns",
        "https://evil.example/",
        "/\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
    ] {
        let asked = format!("/login?next={}", percent(elsewhere));
        let (_, html) = app.browser().page(&asked).await;
        assert!(!html.contains("name=\"next\""), "{elsewhere:?}: {html}");
        let response = app
            .browser()
            .post(
                "/login",
                &[
                    ("email", "mark@example.com"),
                    ("password", PASSWORD),
                    ("next", elsewhere),
                ],
            )
            .await;
        assert_eq!(response.status(), 303);
        assert_eq!(
            response.headers()["location"],
            "/dashboard",
            "{elsewhere:?}"
        );
    }
}
both!(signing_in_returns_to_the_page_asked_for);

/// `text` with every byte percent-encoded, as a query's value.
fn percent(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

async fn roles_and_csrf_are_enforced(app: &TestApp) {
    let analyst = app.signed_in("ana@example.com", Role::Analyst).await;
    let response = analyst
        .post("/links", &[("url", "https://example.com/")])
        .await;
    assert_eq!(
        response.status(),
        403,
        "an analyst cannot create a link in the UI"
    );
    let (status, html) = analyst.page("/links").await;
    assert_eq!(status, 200);
    assert!(
        !html.contains("Create link"),
        "an analyst sees no create form"
    );
    let response = app
        .http
        .post(app.url("/api/v1/links"))
        .bearer_auth(app.token_with_role(Role::Analyst).await)
        .json(&serde_json::json!({ "url": "https://example.com/" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403, "nor through the API");

    let marketer = app.signed_in("mark@example.com", Role::Marketer).await;
    let response = marketer
        .post(
            "/links",
            &[
                ("csrf", "forged-token-forged-token-forged"),
                ("url", "https://example.com/"),
            ],
        )
        .await;
    assert_eq!(
        response.status(),
        403,
        "a form without the session's token is refused"
    );
    let response = marketer
        .post("/links", &[("url", "javascript:alert(1)")])
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Only http and https URLs are allowed")
    );
    let response = marketer
        .post(
            "/links",
            &[("url", "https://example.com/"), ("slug", "mine")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let response = marketer
        .post(
            "/links",
            &[("url", "https://example.com/"), ("slug", "mine")],
        )
        .await;
    assert_eq!(response.status(), 409);
    assert!(response.text().await.unwrap().contains("already taken"));
}
both!(roles_and_csrf_are_enforced);
