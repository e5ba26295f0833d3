//! The web UI over HTTP: first-run setup, sign-in, roles, CSRF, the share kit, turning a link
//! off, and the dashboard's numbers.

use lanterne::auth::Role;
use lanterne::db::Db;
use serde_json::Value;

use crate::both;
use crate::helpers::{Backend, TestApp};
use crate::web::{PASSWORD, browser, page, post, sign_in};

async fn first_run_setup_is_one_time(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let b = browser();
    let response = b.get(app.url("/")).send().await.unwrap();
    assert_eq!(response.headers()["location"], "/setup");
    let (status, html) = page(&app, &b, "/setup").await;
    assert_eq!(status, 200);
    assert!(html.contains("Create the first administrator"));

    let response = post(
        &app,
        &b,
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

    let response = post(
        &app,
        &b,
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
    assert_eq!(page(&app, &b, "/links").await.0, 200);

    // Once a user exists, the setup page is gone for everyone.
    let stranger = browser();
    let response = stranger.get(app.url("/setup")).send().await.unwrap();
    assert_eq!(response.headers()["location"], "/login");
    let response = post(
        &app,
        &stranger,
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
        stranger
            .get(app.url("/dashboard"))
            .send()
            .await
            .unwrap()
            .headers()["location"],
        "/login"
    );
    app.stop().await;
}
both!(first_run_setup_is_one_time);

async fn sign_in_is_checked_and_rate_limited(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let b = browser();
    sign_in(&app, &b, "ana@example.com", Some(Role::Analyst)).await;
    let wrong = browser();
    let response = post(
        &app,
        &wrong,
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
        last = post(
            &app,
            &wrong,
            "/login",
            &[("email", "ana@example.com"), ("password", "guess")],
        )
        .await
        .status()
        .as_u16();
    }
    assert_eq!(last, 429, "sign-in attempts are limited");
    app.stop().await;
}
both!(sign_in_is_checked_and_rate_limited);

async fn roles_and_csrf_are_enforced(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let analyst = browser();
    let csrf = sign_in(&app, &analyst, "ana@example.com", Some(Role::Analyst)).await;
    let response = post(
        &app,
        &analyst,
        "/links",
        &[("csrf", &csrf), ("url", "https://example.com/")],
    )
    .await;
    assert_eq!(
        response.status(),
        403,
        "an analyst cannot create a link in the UI"
    );
    let (status, html) = page(&app, &analyst, "/links").await;
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

    let marketer = browser();
    let csrf = sign_in(&app, &marketer, "mark@example.com", Some(Role::Marketer)).await;
    let response = post(
        &app,
        &marketer,
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
    let response = post(
        &app,
        &marketer,
        "/links",
        &[("csrf", &csrf), ("url", "javascript:alert(1)")],
    )
    .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Only http and https URLs are allowed")
    );
    let response = post(
        &app,
        &marketer,
        "/links",
        &[
            ("csrf", &csrf),
            ("url", "https://example.com/"),
            ("slug", "mine"),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    let response = post(
        &app,
        &marketer,
        "/links",
        &[
            ("csrf", &csrf),
            ("url", "https://example.com/"),
            ("slug", "mine"),
        ],
    )
    .await;
    assert_eq!(response.status(), 409);
    assert!(response.text().await.unwrap().contains("already taken"));
    app.stop().await;
}
both!(roles_and_csrf_are_enforced);

async fn share_kit_then_a_click_then_the_dashboard(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let b = browser();
    let csrf = sign_in(&app, &b, "mark@example.com", Some(Role::Marketer)).await;
    let form = [
        ("csrf", csrf.as_str()),
        ("campaign", "Spring sale"),
        ("url", "https://shop.example/spring?ref=kit"),
        ("tags", "offers"),
        ("channel", "whatsapp"),
        ("channel", "email"),
        ("channel", "facebook"),
        ("utm", "on"),
    ];
    let response = b
        .post(app.url("/links/kit"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let html = response.text().await.unwrap();
    assert!(html.contains("3 links for Spring sale"), "{html}");

    let (_, list) = app
        .api(reqwest::Method::GET, "/links?campaign=Spring%20sale", None)
        .await;
    let links = list["links"].as_array().unwrap();
    assert_eq!(links.len(), 3);
    let facebook = links.iter().find(|l| l["channel"] == "facebook").unwrap();
    assert_eq!(
        facebook["url"],
        "https://shop.example/spring?ref=kit&utm_source=facebook&utm_medium=social&utm_campaign=spring-sale"
    );
    assert_eq!(facebook["tags"], serde_json::json!(["offers"]));

    // A click with no referrer on the Facebook link: dark leakage.
    let slug = facebook["slug"].as_str().unwrap();
    let response = app.http.get(app.url(&format!("/{slug}"))).header("user-agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1").send().await.unwrap();
    assert_eq!(response.status(), 302);
    app.wait_for_hits(slug, 1).await;
    let (status, dashboard) = page(&app, &b, "/dashboard?campaign=Spring%20sale").await;
    assert_eq!(status, 200);
    assert!(dashboard.contains("How much of each channel leaks into private chats?"));
    assert!(
        dashboard.contains("<span class=\"big\">100 %</span> of clicks are dark"),
        "the click is dark"
    );
    let (_, links_page) = page(&app, &b, "/links").await;
    assert!(links_page.contains(&format!("/{slug}")));

    // Editing in the UI: a bad URL is refused with a reason, a good one redirects at once.
    let edit = format!("/links/{slug}/edit");
    assert_eq!(page(&app, &b, &edit).await.0, 200);
    let response = post(
        &app,
        &b,
        &edit,
        &[
            ("csrf", &csrf),
            ("url", "ftp://x.example/"),
            ("channel", "facebook"),
            ("tags", "offers"),
        ],
    )
    .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Only http and https")
    );
    let response = post(
        &app,
        &b,
        &edit,
        &[
            ("csrf", &csrf),
            ("url", "https://shop.example/new"),
            ("campaign", "Spring sale"),
            ("channel", "x"),
            ("tags", "offers, summer"),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        app.get(&format!("/{slug}")).await.headers()["location"],
        "https://shop.example/new"
    );
    assert_eq!(
        app.link(slug).await["tags"],
        serde_json::json!(["offers", "summer"])
    );

    // Turning the link off in the UI takes effect at once.
    let response = post(
        &app,
        &b,
        &format!("/links/{slug}/enabled"),
        &[("csrf", &csrf), ("enabled", "false")],
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(app.get(&format!("/{slug}")).await.status(), 410);
    let (status, svg) = page(&app, &b, &format!("/links/{slug}/qr.svg")).await;
    assert_eq!(status, 200);
    assert!(svg.contains("<svg"));
    app.stop().await;
}
both!(share_kit_then_a_click_then_the_dashboard);

async fn stats_api_counts_known_hits(backend: Backend) {
    use lanterne::hits::HitRow;
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    for (slug, channel, tag) in [("fb", "facebook", "travel"), ("wa", "whatsapp", "food")] {
        app.create_link(serde_json::json!({ "url": "https://example.com/", "slug": slug, "channel": channel, "tags": [tag] })).await;
    }
    app.create_link(
        serde_json::json!({ "url": "https://example.com/", "slug": "sp", "campaign": "Spring" }),
    )
    .await;
    let id = |slug: &str| {
        let slug = slug.to_owned();
        let url = app.database_url.clone();
        async move {
            let db = Db::connect(&url).await.unwrap();
            let link = db.link_by_slug(&slug).await.unwrap().unwrap();
            db.close().await;
            link.id
        }
    };
    let (fb, wa) = (id("fb").await, id("wa").await);
    let now = lanterne::clock::now_ms();
    let hit = |link_id: i64,
               kind: &'static str,
               source: Option<&'static str>,
               device: &'static str,
               country: &str| HitRow {
        link_id,
        at: now - 3_600_000,
        method: "GET",
        referrer: None,
        referrer_host: None,
        user_agent: None,
        browser: None,
        os: None,
        device,
        country: Some(country.into()),
        city: None,
        visitor: Some(link_id),
        kind,
        source,
        platform: "",
        evidence: "none",
    };
    let mut rows = Vec::new();
    rows.extend((0..6).map(|_| hit(fb, "click", Some("dark"), "mobile", "GB")));
    rows.extend((0..4).map(|_| hit(fb, "click", Some("public"), "desktop", "FR")));
    rows.extend((0..9).map(|_| hit(wa, "click", Some("dark"), "mobile", "GB")));
    rows.extend((0..1).map(|_| hit(wa, "click", Some("search"), "desktop", "GB")));
    rows.extend((0..3).map(|_| hit(wa, "preview", None, "bot", "US")));
    let db = Db::connect(&app.database_url).await.unwrap();
    db.insert_hits(&rows).await.unwrap();
    db.close().await;

    let stats = async |group: &str| {
        app.api(
            reqwest::Method::GET,
            &format!("/stats?period=7d&group_by={group}"),
            None,
        )
        .await
    };
    let (status, by_channel) = stats("channel").await;
    assert_eq!(status, 200, "{by_channel}");
    assert_eq!(by_channel["total"]["clicks"], 20);
    assert_eq!(by_channel["total"]["dark"], 15);
    assert_eq!(by_channel["total"]["previews"], 3);
    assert_eq!(by_channel["unique_visitors"], 2);
    let row = |v: &Value, key: &str| {
        v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == key)
            .cloned()
            .unwrap()
    };
    assert_eq!(row(&by_channel, "facebook")["dark"], 6);
    assert_eq!(row(&by_channel, "facebook")["public"], 4);
    let (_, by_tag) = stats("tag").await;
    assert_eq!(
        by_tag["rows"][0]["key"], "food",
        "the most privately shared theme comes first"
    );
    let (_, by_device) = stats("device").await;
    assert_eq!(row(&by_device, "mobile")["dark"], 15);
    let (_, by_country) = stats("country").await;
    assert_eq!(row(&by_country, "GB")["clicks"], 16);
    let (_, by_source) = stats("source").await;
    assert_eq!(row(&by_source, "search")["clicks"], 1);
    assert_eq!(row(&by_source, "search")["search"], 1);
    assert_eq!(row(&by_source, "dark")["dark"], 15);
    assert_eq!(row(&by_source, "dark")["public"], 0);
    assert_eq!(row(&by_source, "public")["public"], 4);
    // Links carry their campaign and channel, so a script needs no second request.
    let (_, by_link) = stats("link").await;
    assert_eq!(row(&by_link, "wa")["clicks"], 10);
    assert_eq!(row(&by_link, "wa")["channel"], "whatsapp");
    assert_eq!(row(&by_link, "fb")["channel"], "facebook");
    assert!(row(&by_link, "fb").get("campaign").is_none());
    let sp = id("sp").await;
    let db = Db::connect(&app.database_url).await.unwrap();
    db.insert_hits(&[hit(sp, "click", Some("dark"), "mobile", "GB")])
        .await
        .unwrap();
    db.close().await;
    let (_, by_link) = stats("link").await;
    assert_eq!(row(&by_link, "sp")["campaign"], "Spring");
    assert!(row(&by_link, "sp").get("channel").is_none());
    let (status, _) = app
        .api(reqwest::Method::GET, "/stats?period=2y", None)
        .await;
    assert_eq!(status, 422);
    app.stop().await;
}
both!(stats_api_counts_known_hits);

async fn admins_manage_api_tokens(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = browser();
    let csrf = sign_in(&app, &admin, "ada@example.com", Some(Role::Admin)).await;
    let response = post(
        &app,
        &admin,
        "/settings/tokens",
        &[("csrf", &csrf), ("name", "CRM export"), ("role", "analyst")],
    )
    .await;
    assert_eq!(response.status(), 201);
    let html = response.text().await.unwrap();
    let start = html
        .find("<code>lnt_")
        .expect("the new token is shown once")
        + 6;
    let token = html[start..start + 36].to_owned();
    let api = |token: String| {
        let http = app.http.clone();
        let url = app.url("/api/v1/links");
        async move {
            http.get(url)
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(api(token.clone()).await, 200, "the token works");
    let (_, list) = page(&app, &admin, "/settings/tokens").await;
    assert!(
        list.contains("CRM export") && !list.contains(&token),
        "listed, never shown again"
    );
    let id_at = list.find("/settings/tokens/").unwrap() + 17;
    let id: String = list[id_at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let response = post(
        &app,
        &admin,
        &format!("/settings/tokens/{id}/revoke"),
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(api(token).await, 401, "a revoked token is refused");

    let marketer = browser();
    let csrf = sign_in(&app, &marketer, "mark@example.com", Some(Role::Marketer)).await;
    assert_eq!(page(&app, &marketer, "/settings/tokens").await.0, 403);
    let response = post(
        &app,
        &marketer,
        "/settings/tokens",
        &[("csrf", &csrf), ("name", "x"), ("role", "admin")],
    )
    .await;
    assert_eq!(response.status(), 403);
    app.stop().await;
}
both!(admins_manage_api_tokens);
