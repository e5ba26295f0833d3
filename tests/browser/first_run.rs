//! A first run end to end: setup, sign-in, a campaign's share kit of three channels, a click
//! on one of its links counted on the campaign's page, a user invited; then screenshots of the
//! main pages at a desktop and a phone-sized window, which fit a phone's width.

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};

use crate::support::{
    PASSWORD, arrived, desktop_chrome, landing_page, screenshot, serve, sqlite_url,
};

/// The main pages at a desktop and a phone-sized window, and whole (a tall window: a
/// screenshot holds the viewport only) to see the end of long pages. On a phone, no page
/// scrolls sideways and the account page stays one tap away.
async fn screenshots(client: &Client, base: &str, campaign: &str, slug: &str) {
    let (edit, stats) = (
        format!("/links/{slug}/edit"),
        format!("/dashboard?link={slug}"),
    );
    for (size, width, height) in [
        ("desktop", 1280, 900),
        ("phone", 375, 812),
        ("desktop-whole", 1280, 2200),
        ("phone-whole", 375, 3000),
    ] {
        client.set_window_size(width, height).await.unwrap();
        for (name, path) in [
            ("links", "/links"),
            ("campaigns", "/campaigns"),
            ("campaign", campaign),
            ("kit", "/links/kit"),
            ("edit", &edit),
            ("link-dashboard", &stats),
            ("users", "/settings/users"),
            ("channels", "/settings/channels"),
        ] {
            client.goto(&format!("{base}{path}")).await.unwrap();
            screenshot(client, &format!("{name}-{size}")).await;
            if width > 400 {
                continue;
            }
            let fit = client
                .execute(
                    "const e = document.documentElement; \
                     const account = document.querySelector('header a.show-phone[href=\"/account\"]'); \
                     return [e.scrollWidth, e.clientWidth, account !== null && account.offsetWidth > 0];",
                    vec![],
                )
                .await
                .unwrap();
            assert!(
                fit[0].as_i64() <= fit[1].as_i64(),
                "{path} is wider than a phone: {fit}"
            );
            assert_eq!(
                fit[2], true,
                "{path}: no way to the account page on a phone"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn setup_login_campaign_kit_click_counted_on_the_campaign() {
    let Some(browser) = desktop_chrome().await else {
        return;
    };
    let client = &browser.client;
    let database_url = sqlite_url("browser-flow");
    let (base, mut running) = serve(&database_url).await;
    client.set_window_size(1280, 900).await.unwrap();

    // First run: the setup page creates the admin and signs in.
    client.goto(&format!("{base}/")).await.unwrap();
    arrived(client, "h1", "/setup").await;
    screenshot(client, "setup").await;
    browser.fill("email", "ada@example.com").await;
    browser.fill("password", PASSWORD).await;
    browser.fill("confirm", PASSWORD).await;
    browser.click("button[type=submit]").await;
    arrived(client, "h1", "/links").await;

    // Sign out, and in again.
    browser.click("form[action='/logout'] button").await;
    arrived(client, "#password", "/login").await;
    screenshot(client, "login").await;
    browser.fill("email", "ada@example.com").await;
    browser.fill("password", PASSWORD).await;
    browser.click("button[type=submit]").await;
    arrived(client, "h1", "/dashboard").await;

    // A campaign's share kit of three channels, from the navigation.
    browser.click("nav a[href='/links/kit']").await;
    let shop = landing_page().await;
    browser.fill("campaign", "Spring sale").await;
    browser.fill("url", &format!("{shop}/spring")).await;
    browser.fill("tags", "offers").await;
    browser
        .tick("channel", &["whatsapp", "email", "facebook"])
        .await;
    browser
        .click("form[action='/links/kit'] button[type=submit]")
        .await;
    let created = client
        .wait()
        .for_element(Locator::Id("created"))
        .await
        .unwrap();
    assert!(
        created
            .text()
            .await
            .unwrap()
            .contains("3 links for Spring sale")
    );
    screenshot(client, "kit-created").await;
    let short = client
        .find(Locator::Css("section.notice table a"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    browser.click("section.notice a[href^='/campaigns/']").await;
    client
        .wait()
        .for_element(Locator::Css("dl.facts"))
        .await
        .unwrap();
    let campaign = client.current_url().await.unwrap().path().to_owned();
    assert_eq!(browser.text_of("dl.facts .big").await, "0");
    assert_eq!(
        client
            .find_all(Locator::Css("img.qr-thumb"))
            .await
            .unwrap()
            .len(),
        3
    );

    // Open one of its short links: the browser lands on the shop, and the hit is counted,
    // once, on the campaign's page.
    client.goto(&short).await.unwrap();
    assert_eq!(browser.text_of("body").await, "The spring sale");
    let landed = client.current_url().await.unwrap();
    assert_eq!(
        landed.query(),
        Some("utm_source=whatsapp&utm_medium=messaging&utm_campaign=spring-sale")
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        client.goto(&format!("{base}{campaign}")).await.unwrap();
        if browser.text_of("dl.facts .big").await == "1" {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the click on {short} was not counted on {campaign}:\n{}",
            browser.text_of("main").await
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let row = browser.text_of(&format!("tr:has(a[href='{short}'])")).await;
    assert!(row.contains('1'), "the link's row counts its hit: {row}");
    // A real browser's navigation is a person's click, with nothing in its headers against it.
    let db = lanterne::db::Db::connect(&database_url).await.unwrap();
    let stored = db.hits_for_classification(0, 10).await.unwrap();
    let classes: Vec<_> = stored
        .iter()
        .map(|h| {
            (
                h.kind.as_str(),
                h.source.as_deref(),
                h.evidence.as_str(),
                h.signals,
            )
        })
        .collect();
    assert_eq!(classes, [("click", Some("dark"), "none", 0)]);
    db.close().await;

    // An admin invites a marketer on the users page.
    client
        .goto(&format!("{base}/settings/users"))
        .await
        .unwrap();
    browser.fill("email", "mark@example.com").await;
    browser
        .click("form[action='/settings/users'] button[type=submit]")
        .await;
    client.wait().for_element(Locator::Css("h1")).await.unwrap();
    assert!(browser.text_of("main").await.contains("mark@example.com"));

    client.goto(&format!("{base}/dashboard")).await.unwrap();
    let text = browser.text_of("main").await;
    assert!(
        text.contains("Which theme is shared most in private?"),
        "{text}"
    );
    screenshot(client, "dashboard-first-run").await;
    let slug = short.rsplit('/').next().unwrap();
    screenshots(client, &base, &campaign, slug).await;
    browser.close().await;
    running.stop().await;
}
