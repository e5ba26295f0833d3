//! Hostile names, tags, referrers and user agents, on a dashboard full of demo data: shown as
//! text on every page without running, and no console error anywhere.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::json;

use crate::chromium::Chromium;
use crate::server::add_admin;
use crate::support::{
    PASSWORD, click_submit, desktop_chrome, screenshot, serve, sign_in_as_ada, sqlite_url,
};

/// Script-shaped values: closing an attribute, closing a script element, closing a JS string.
const HOSTILE: [&str; 3] = [
    r#""><script>window.pwned=1</script>"#,
    "</script><script>window.pwned=2</script>",
    "';window.pwned=3;alert(1)//",
];

/// The page shows no sign of script having run: no `window.pwned`, no alert open, nothing
/// refused by the CSP or failed in the console.
async fn assert_nothing_ran(browser: &Chromium, page: &str) {
    let client = &browser.client;
    assert!(
        client.get_alert_text().await.is_err(),
        "an alert is open on {page}"
    );
    let pwned = client
        .execute(
            "return window.pwned === undefined ? null : window.pwned;",
            vec![],
        )
        .await
        .unwrap();
    assert!(pwned.is_null(), "injected script ran on {page}");
    let errors = browser.console_errors().await;
    assert!(errors.is_empty(), "console errors on {page}: {errors:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboard_with_demo_data_has_no_console_error_and_no_injected_script() {
    let Some(browser) = desktop_chrome().await else {
        return;
    };
    let client = &browser.client;
    let database_url = sqlite_url("browser-demo");
    let db = lanterne::db::Db::connect(&database_url).await.unwrap();
    lanterne::demo::fill(&db, 20_000, 7).await.unwrap();
    add_admin(&db, "ada@example.com", PASSWORD).await;
    let token = lanterne::auth::create_token(&db, "browser", lanterne::auth::Role::Admin, 0)
        .await
        .unwrap();
    db.close().await;
    let (base, mut running) = serve(&database_url).await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    sign_in_as_ada(&browser, &base).await;

    // Hostile names wherever a person can type one: a link's campaign and tags (links
    // page), a share kit's campaign and tags, an API token's name; a link's channel stored
    // as typed before channels were checked; and a visitor's referrer and user agent.
    client.goto(&format!("{base}/links")).await.unwrap();
    browser.fill("url", "https://example.com/x").await;
    browser.fill("slug", "hostile").await;
    browser.fill("campaign", HOSTILE[1]).await;
    browser
        .fill("tags", &format!("{}, {}", HOSTILE[0], HOSTILE[2]))
        .await;
    click_submit(&browser, "/links").await;
    assert_nothing_ran(&browser, "the links page after creating").await;

    client.goto(&format!("{base}/links/kit")).await.unwrap();
    browser.fill("campaign", HOSTILE[2]).await;
    browser.fill("url", "https://shop.example/kit").await;
    browser.fill("tags", HOSTILE[1]).await;
    client
        .find(Locator::Css("input[name=channel][value='whatsapp']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    click_submit(&browser, "/links/kit").await;
    let created = client.find(Locator::Id("created")).await.unwrap();
    assert!(
        created.text().await.unwrap().contains(HOSTILE[2]),
        "the kit names its campaign"
    );
    assert_nothing_ran(&browser, "the share kit's result").await;

    client
        .goto(&format!("{base}/settings/tokens"))
        .await
        .unwrap();
    browser.fill("name", HOSTILE[0]).await;
    click_submit(&browser, "/settings/tokens").await;
    assert_nothing_ran(&browser, "the new token").await;

    let create = |channel: &str| {
        http.post(format!("{base}/api/v1/links"))
            .bearer_auth(&token)
            .json(
                &json!({ "url": "https://example.com/y", "slug": "hostile-api",
                           "campaign": HOSTILE[0], "channel": channel, "tags": [HOSTILE[1]] }),
            )
            .send()
    };
    // A channel outside the catalogue is refused; one stored before channels were checked
    // is staged in the database.
    assert_eq!(create(HOSTILE[2]).await.unwrap().status(), 422);
    assert_eq!(create("sms").await.unwrap().status(), 201);
    let db = lanterne::db::Db::connect(&database_url).await.unwrap();
    let lanterne::db::Db::Sqlite(pool, _) = &db else {
        unreachable!("the browser tests run on SQLite")
    };
    sqlx::query("UPDATE links SET channel = $1 WHERE slug = 'hostile-api'")
        .bind(HOSTILE[2])
        .execute(pool)
        .await
        .unwrap();
    db.close().await;
    for slug in ["hostile", "hostile-api"] {
        http.get(format!("{base}/{slug}"))
            .header(
                "referer",
                format!("https://evil.example/{}", HOSTILE.concat()),
            )
            .header("user-agent", HOSTILE.concat())
            .send()
            .await
            .unwrap();
    }
    tokio::time::sleep(Duration::from_millis(500)).await;

    // Every page that can show them, with filters set to them too.
    let with = |path: &str, params: &[(&str, &str)]| {
        reqwest::Url::parse_with_params(&format!("{base}{path}"), params)
            .unwrap()
            .to_string()
    };
    client.set_window_size(1280, 3200).await.unwrap();
    let pages = [
        with("/links", &[]),
        with(
            "/links",
            &[
                ("q", HOSTILE[0]),
                ("campaign", HOSTILE[1]),
                ("tag", HOSTILE[2]),
            ],
        ),
        with("/links", &[("campaign", HOSTILE[1])]),
        with("/links/hostile/edit", &[]),
        with("/links/hostile-api/edit", &[]),
        with("/links/kit", &[]),
        with("/settings/tokens", &[]),
        with("/dashboard", &[]),
        with("/dashboard", &[("period", "24h"), ("link", "hostile")]),
        with("/dashboard", &[("period", "24h"), ("campaign", HOSTILE[1])]),
        with(
            "/dashboard",
            &[
                ("period", "24h"),
                ("campaign", HOSTILE[0]),
                ("tag", HOSTILE[2]),
            ],
        ),
    ];
    for page in &pages {
        client.goto(page).await.unwrap();
        if page.contains("/dashboard") {
            // The live section (the latest hits, with their referrers) is fetched into the
            // page: wait for it.
            let deadline = Instant::now() + Duration::from_secs(5);
            let script = "const s = document.querySelector('[data-live]'); \
                          return s === null || !s.textContent.includes('Loading the last');";
            while client.execute(script, vec![]).await.unwrap() != json!(true) {
                assert!(
                    Instant::now() < deadline,
                    "the live section did not load on {page}"
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            // The script asks for the bare fragment, not the page the address answers alone.
            let nested =
                "return document.querySelectorAll('[data-live] header, [data-live] main').length;";
            assert_eq!(
                client.execute(nested, vec![]).await.unwrap(),
                json!(0),
                "the live section holds a whole page on {page}"
            );
            // Printed, the legend keeps its colours: browsers drop backgrounds unless told.
            let printed = "return [...document.styleSheets].flatMap((s) => [...s.cssRules]) \
                .filter((r) => r.media && r.media.mediaText === 'print') \
                .flatMap((r) => [...r.cssRules]) \
                .some((r) => r.selectorText && r.selectorText.includes('.swatch') \
                    && r.style.printColorAdjust === 'exact');";
            assert_eq!(
                client.execute(printed, vec![]).await.unwrap(),
                json!(true),
                "the legend's colours are left out of print on {page}"
            );
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_nothing_ran(&browser, page).await;
    }
    // Shown as text where they belong.
    client.goto(&format!("{base}/links")).await.unwrap();
    let text = browser.text_of("main").await;
    for hostile in HOSTILE {
        assert!(
            text.contains(hostile),
            "{hostile:?} is not shown on /links:\n{text}"
        );
    }
    client
        .goto(&format!("{base}/links/hostile/edit"))
        .await
        .unwrap();
    let campaign = client.find(Locator::Id("campaign")).await.unwrap();
    assert_eq!(
        campaign.prop("value").await.unwrap().as_deref(),
        Some(HOSTILE[1])
    );
    client
        .goto(&format!("{base}/settings/tokens"))
        .await
        .unwrap();
    let text = browser.text_of("main").await;
    assert!(text.contains(HOSTILE[0]), "the token's name is shown");

    client.goto(&format!("{base}/dashboard")).await.unwrap();
    let text = browser.text_of("main").await;
    for question in [
        "How much is dark?",
        "Which theme is shared most in private?",
        "How much of each channel leaks into private chats?",
        "Is dark social on mobile?",
    ] {
        assert!(
            text.contains(question),
            "the dashboard does not answer {question:?}"
        );
    }
    screenshot(client, "dashboard").await;
    // On a phone the chart shrinks to the screen; its scale and dates are the page's text,
    // and stay readable.
    client.set_window_size(375, 812).await.unwrap();
    client.goto(&format!("{base}/dashboard")).await.unwrap();
    let sizes = client
        .execute(
            "return [...document.querySelectorAll('.chart-scale, .chart-dates span')]\
             .map(e => [e.textContent, parseFloat(getComputedStyle(e).fontSize)]);",
            vec![],
        )
        .await
        .unwrap();
    let sizes = sizes.as_array().unwrap();
    assert_eq!(
        sizes.len(),
        3,
        "the scale, the first and the last day: {sizes:?}"
    );
    for label in sizes {
        assert!(
            !label[0].as_str().unwrap().is_empty() && label[1].as_f64().unwrap() >= 11.0,
            "a chart label too small to read on a phone: {label}"
        );
    }
    screenshot(client, "dashboard-phone").await;
    browser.close().await;
    running.stop().await;
}
