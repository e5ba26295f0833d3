//! End to end in headless Chromium (Debian's `chromium` and `chromium-driver`): first-run
//! setup, sign-in, a campaign's share kit of three channels, a click on one of its links
//! counted on the campaign's page, a user added, the dashboard with demo data free of
//! console errors, hostile names, tags, referrers and user agents shown as text without
//! running on every page; Settings → Sites' forms stacked on a phone. Screenshots of the main
//! pages, at a desktop and a phone-sized window, go to `test-artifacts/`. The names a screen
//! reader says for each row's controls on the lists (links, a campaign and its kit, Settings)
//! name their row, as do the fields of a link's targeting rules and A/B variants; tables of
//! figures (campaigns, reports, dashboards) say what they hold in their caption. A card image
//! uploaded on a link's edit page, in the share kit and in a campaign's settings. A campaign's
//! report printed to PDF (`print`).
//!
//! Without chromedriver the test says loudly that it was skipped (and fails under CI).

use std::path::PathBuf;
use std::time::{Duration, Instant};

#[path = "support/chromium.rs"]
mod chromium;
#[path = "browser/print.rs"]
mod print;
#[path = "support/server.rs"]
mod server;

use chromium::{Chromium, Options};
use fantoccini::{Client, Locator};
use lanterne::config::ServeArgs;
use serde_json::json;
use server::{Served, add_admin, free_port, serve_args};

const DESKTOP_CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

const PASSWORD: &str = "correct horse battery";

/// Chromium as a person's desktop Chrome on Linux (None without Chromium).
async fn desktop_chrome() -> Option<Chromium> {
    let options = Options {
        user_agent: Some(DESKTOP_CHROME),
        ..Options::default()
    };
    Chromium::start(options).await
}

fn artifacts() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("test-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.unwrap();
    std::fs::write(artifacts().join(format!("{name}.png")), png).unwrap();
}

async fn serve(database_url: &str) -> (String, Served) {
    let dir = std::env::temp_dir().join(format!("lanterne-browser-{}", free_port()));
    let running = Served::start(database_url, &serve_args(dir.join("spool"))).await;
    (running.base.clone(), running)
}

/// A destination to land on: a shop's page on `localhost` (Lanterne refuses links to its own
/// host, 127.0.0.1). A destination that does not answer would not do: Chrome reloads its
/// error page, and every reload is one more hit.
async fn landing_page() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let shop = axum::Router::new().fallback(|| async { "The spring sale" });
    tokio::spawn(async move { axum::serve(listener, shop).await });
    format!("http://localhost:{port}")
}

fn sqlite_url(name: &str) -> String {
    format!(
        "sqlite://{}",
        std::env::temp_dir()
            .join(format!("{name}-{}.db", free_port()))
            .display()
    )
}

/// Submits the form posting to `form` and waits for the page it answers with.
async fn click_submit(browser: &Chromium, form: &str) {
    let button = format!("form[action='{form}'] button[type=submit]");
    browser.submit(&button).await;
}

/// A server on a fresh SQLite database (`name`) with one admin, ada@example.com: its base
/// URL and the server.
async fn serve_with_ada(name: &str) -> (String, Served) {
    let database_url = sqlite_url(name);
    let db = lanterne::db::Db::connect(&database_url).await.unwrap();
    add_admin(&db, "ada@example.com", PASSWORD).await;
    db.close().await;
    serve(&database_url).await
}

/// Signs in as ada@example.com on the server at `base`.
async fn sign_in_as_ada(browser: &Chromium, base: &str) {
    browser.visit(&format!("{base}/login")).await;
    browser.fill("email", "ada@example.com").await;
    browser.fill("password", PASSWORD).await;
    click_submit(browser, "/login").await;
}

/// Waits for a page whose path ends with `path` (up to 10 s: a click's navigation may not
/// have started yet, and the page before it has the same `css` too), then for the element
/// that `css` marks on it.
async fn arrived(client: &Client, css: &str, path: &str) {
    let mut now = client.current_url().await.unwrap();
    for _ in 0..100 {
        if now.path().ends_with(path) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        now = client.current_url().await.unwrap();
    }
    assert!(now.path().ends_with(path), "at {now}, not {path}");
    client.wait().for_element(Locator::Css(css)).await.unwrap();
}

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

/// A 1×1 PNG: an image to upload as a card.
const PIXEL_PNG: &[u8] = include_bytes!("fixtures/pixel.png");

/// Sets a field whose widget cannot be typed into reliably (a date and time picker).
async fn set_value(client: &Client, id: &str, value: &str) {
    client
        .execute(
            "document.getElementById(arguments[0]).value = arguments[1];",
            vec![json!(id), json!(value)],
        )
        .await
        .unwrap();
}

/// Every option of a link set on its edit page, as a person would (a card image uploaded
/// from a file), then the link followed in the same browser: the password form, then the
/// split's destination. The options are stored as set; the image is served as a PNG that
/// cannot be sniffed into anything else; no page logs an error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_link_option_is_set_on_the_edit_page() {
    let Some(browser) = desktop_chrome().await else {
        return;
    };
    let client = &browser.client;
    let database_url = sqlite_url("browser-options");
    let (base, mut running) = serve(&database_url).await;
    client.set_window_size(1280, 2000).await.unwrap();
    client.goto(&format!("{base}/")).await.unwrap();
    arrived(client, "h1", "/setup").await;
    browser.fill("email", "ada@example.com").await;
    browser.fill("password", PASSWORD).await;
    browser.fill("confirm", PASSWORD).await;
    browser.click("button[type=submit]").await;
    arrived(client, "h1", "/links").await;
    let shop = landing_page().await;
    browser.fill("url", &format!("{shop}/spring")).await;
    browser.fill("slug", "spring").await;
    click_submit(&browser, "/links").await;

    client
        .goto(&format!("{base}/links/spring/edit"))
        .await
        .unwrap();
    browser.click("details.options summary").await;
    browser.fill("card_title", "Spring sale").await;
    browser.fill("card_description", "Two days only").await;
    let image = std::env::temp_dir().join(format!("card-{}.png", free_port()));
    std::fs::write(&image, PIXEL_PNG).unwrap();
    browser.fill("card_image", image.to_str().unwrap()).await;
    set_value(client, "expires_at", "2999-01-01T00:00").await;
    browser.fill("expired_url", &format!("{shop}/over")).await;
    browser.fill("max_clicks", "50").await;
    browser.fill("password", "open sesame").await;
    let rule_when = client
        .find(Locator::Css("select[name=rule_when]"))
        .await
        .unwrap();
    rule_when.select_by_value("ios").await.unwrap();
    client
        .find(Locator::Css("input[name=rule_url]"))
        .await
        .unwrap()
        .send_keys(&format!("{shop}/ios"))
        .await
        .unwrap();
    let variants = client
        .find_all(Locator::Css("input[name=variant_url]"))
        .await
        .unwrap();
    variants[0].send_keys(&format!("{shop}/a")).await.unwrap();
    variants[1].send_keys(&format!("{shop}/b")).await.unwrap();
    screenshot(client, "edit-options").await;
    click_submit(&browser, "/links/spring/edit").await;
    arrived(client, "h1", "/links").await;

    let db = lanterne::db::Db::connect(&database_url).await.unwrap();
    let link = db.link_by_slug("", "spring").await.unwrap().unwrap();
    let options = link.spec.options;
    let card = options.preview.clone().expect("the card");
    assert_eq!(
        (card.title.as_str(), card.description.as_deref()),
        ("Spring sale", Some("Two days only"))
    );
    let id = card
        .image
        .as_deref()
        .and_then(|i| i.strip_prefix("media:"))
        .expect("an uploaded image")
        .to_owned();
    assert!(options.expires_at.is_some() && options.max_clicks == Some(50));
    assert_eq!(options.expired_url, Some(format!("{shop}/over")));
    assert_eq!(options.rules.len(), 1);
    assert_eq!(options.variants.len(), 2);
    assert!(link.has_password);
    db.close().await;

    // The image is served with its type, never sniffed.
    let served = reqwest::get(format!("{base}/media/{id}")).await.unwrap();
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.headers()["x-content-type-options"], "nosniff");
    assert_eq!(served.bytes().await.unwrap().as_ref(), PIXEL_PNG);

    // The edit page shows what was set, the uploaded image among it.
    client
        .goto(&format!("{base}/links/spring/edit"))
        .await
        .unwrap();
    let title = client.find(Locator::Id("card_title")).await.unwrap();
    assert_eq!(
        title.prop("value").await.unwrap().as_deref(),
        Some("Spring sale")
    );
    let shown: serde_json::Value = client
        .execute(
            "return document.querySelector('img.card-image').naturalWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(shown, json!(1), "the uploaded image shows on the page");
    let errors = browser.console_errors().await;
    assert!(
        errors.is_empty(),
        "console errors on the edit page: {errors:?}"
    );

    // Followed by a person: the password, then one of the split's two pages.
    client.goto(&format!("{base}/spring")).await.unwrap();
    browser.fill("password", "open sesame").await;
    browser.click("main.visitor button[type=submit]").await;
    client
        .wait()
        .for_element(Locator::Css("body"))
        .await
        .unwrap();
    for _ in 0..100 {
        if client
            .current_url()
            .await
            .unwrap()
            .as_str()
            .starts_with(&shop)
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let landed = client.current_url().await.unwrap();
    assert!(["/a", "/b"].contains(&landed.path()), "landed on {landed}");
    assert_eq!(browser.text_of("body").await, "The spring sale");
    browser.close().await;
    running.stop().await;
    let _ = std::fs::remove_file(image);
}

/// Safari on an iPhone: the phone the layout below is for.
const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 \
    (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";

/// Settings → Sites on a phone (375 px wide, in French, whose labels are the longer): in the
/// form that registers a site and in the one that changes it, the site's name and its domains
/// are one above the other, each the form's width, and nothing passes the screen's edge.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sites_forms_stack_their_fields_on_a_phone() {
    let options = Options {
        user_agent: Some(IPHONE),
        languages: Some("fr-FR,fr"),
        ..Options::default()
    };
    let Some(browser) = Chromium::start(options).await else {
        return;
    };
    let client = &browser.client;
    let (base, mut running) = serve_with_ada("browser-sites-phone").await;
    client.set_window_size(375, 812).await.unwrap();
    sign_in_as_ada(&browser, &base).await;
    client
        .goto(&format!("{base}/settings/sites"))
        .await
        .unwrap();
    browser.fill("name", "Le Quotidien de l'agence").await;
    browser
        .fill("domains", "www.lequotidien.example\nlequotidien.example")
        .await;
    click_submit(&browser, "/settings/sites").await;
    client
        .wait()
        .for_element(Locator::Css("section[id^='site-'] form.site-form"))
        .await
        .unwrap();
    browser
        .run("document.querySelector('section[id^=\"site-\"] form.site-form').scrollIntoView()")
        .await;
    screenshot(client, "sites-phone").await;

    let layout = browser
        .run(
            "const e = document.documentElement; \
             const box = (el) => { const r = el.getBoundingClientRect(); \
                 return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; }; \
             return { width: e.clientWidth, scroll: e.scrollWidth, \
                 forms: [...document.querySelectorAll('main form')] \
                     .filter((f) => f.querySelector('textarea[name=domains]')) \
                     .map((f) => ({ action: f.getAttribute('action'), form: box(f), \
                         name: box(f.querySelector('input[name=name]')), \
                         domains: box(f.querySelector('textarea[name=domains]')) })) };",
        )
        .await;
    let px = |v: &serde_json::Value| v.as_f64().unwrap();
    let width = px(&layout["width"]);
    assert!(width <= 375.0, "not a phone's width: {layout}");
    assert!(
        px(&layout["scroll"]) <= width,
        "the page scrolls sideways: {layout}"
    );
    let forms = layout["forms"].as_array().unwrap();
    assert_eq!(
        forms.len(),
        2,
        "the new site's form and the site's: {layout}"
    );
    for form in forms {
        let (outer, name, domains) = (&form["form"], &form["name"], &form["domains"]);
        let inner = px(&outer["right"]) - px(&outer["left"]);
        for field in [name, domains] {
            assert!(
                px(&field["left"]) >= px(&outer["left"]) - 0.5
                    && px(&field["right"]) <= px(&outer["right"]) + 0.5
                    && px(&field["right"]) <= width,
                "a field passes its form's edge: {form}"
            );
            assert!(
                px(&field["right"]) - px(&field["left"]) >= 0.95 * inner,
                "a field narrower than its form: {form}"
            );
        }
        assert!(
            px(&domains["top"]) >= px(&name["bottom"]),
            "the name and the domains side by side: {form}"
        );
    }
    browser.close().await;
    running.stop().await;
}

/// WebDriver's "Get Computed Label": the accessible name Chromium gives an element, which a
/// screen reader says for it.
#[derive(Debug)]
struct ComputedLabel(String);

impl fantoccini::wd::WebDriverCompatibleCommand for ComputedLabel {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session.unwrap_or_default();
        base.join(&format!(
            "session/{session}/element/{}/computedlabel",
            self.0
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        (axum::http::Method::GET, None)
    }
}

/// The accessible names of the elements `css` selects, in the page's order.
async fn accessible_names(client: &Client, css: &str) -> Vec<String> {
    let mut names = Vec::new();
    for element in client.find_all(Locator::Css(css)).await.unwrap() {
        let label = client
            .issue_cmd(ComputedLabel(element.element_id().to_string()))
            .await
            .unwrap();
        names.push(label.as_str().unwrap_or_default().to_owned());
    }
    names
}

/// On the Links page a screen reader tells the rows apart: each row's controls are named
/// after its short link (« Copier 127.0.0.1:PORT/promo »), in the page's language, and the
/// table says what it holds in its caption.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_row_of_the_links_page_names_its_controls_after_its_link() {
    let Some(browser) = french_chrome().await else {
        return;
    };
    let client = &browser.client;
    let database_url = sqlite_url("browser-row-names");
    let (base, mut running) = serve(&database_url).await;
    client.set_window_size(1280, 1200).await.unwrap();
    client.goto(&format!("{base}/")).await.unwrap();
    arrived(client, "h1", "/setup").await;
    browser.fill("email", "ada@example.com").await;
    browser.fill("password", PASSWORD).await;
    browser.fill("confirm", PASSWORD).await;
    browser.click("button[type=submit]").await;
    arrived(client, "h1", "/links").await;
    let slugs = ["promo", "soldes"];
    for slug in slugs {
        browser
            .fill("url", &format!("https://boutique.example/{slug}"))
            .await;
        browser.fill("slug", slug).await;
        click_submit(&browser, "/links").await;
        client
            .wait()
            .for_element(Locator::Css(&format!("table a.short[href$='/{slug}']")))
            .await
            .unwrap();
    }
    // A closed disclosure's content is not in the accessibility tree: open the QR codes.
    client
        .execute(
            "document.querySelectorAll('details.qr').forEach(d => d.open = true);",
            vec![],
        )
        .await
        .unwrap();

    let host = base.trim_start_matches("http://");
    for (css, name) in [
        ("button[data-copy]", "Copier"),
        ("a[href$='/edit']", "Modifier"),
        ("a[href^='/dashboard?link=']", "Statistiques de"),
        ("details.qr summary", "QR code de"),
        ("a[href*='qr.png']", "PNG du QR code de"),
        ("a[href*='qr.svg']", "SVG du QR code de"),
        ("form[action$='/enabled'] button", "Désactiver"),
        ("form[action$='/delete'] button", "Supprimer"),
    ] {
        let mut names = accessible_names(client, &format!("table.stack tbody {css}")).await;
        names.sort();
        let expected: Vec<String> = slugs.map(|slug| format!("{name} {host}/{slug}")).into();
        assert_eq!(names, expected, "{css}");
    }
    assert_eq!(
        accessible_names(client, "table.stack").await,
        ["Tous les liens"],
        "the table's caption names it"
    );
    browser.close().await;
    running.stop().await;
}

/// Chromium as a person's desktop Chrome asking for pages in French.
async fn french_chrome() -> Option<Chromium> {
    let options = Options {
        user_agent: Some(DESKTOP_CHROME),
        languages: Some("fr-FR,fr"),
        ..Options::default()
    };
    Chromium::start(options).await
}

/// Lanterne served with `args` (a fresh SQLite database named after `name`, with two admins),
/// and `browser` signed in as the first, ada@example.com.
async fn signed_in(browser: &Chromium, name: &str, args: ServeArgs) -> (String, Served) {
    let database_url = sqlite_url(name);
    let db = lanterne::db::Db::connect(&database_url).await.unwrap();
    add_admin(&db, "ada@example.com", PASSWORD).await;
    add_admin(&db, "bob@example.com", PASSWORD).await;
    db.close().await;
    let running = Served::start(&database_url, &args).await;
    browser.client.set_window_size(1280, 1200).await.unwrap();
    browser.visit(&format!("{}/login", running.base)).await;
    browser.fill("email", "ada@example.com").await;
    browser.fill("password", PASSWORD).await;
    click_submit(browser, "/login").await;
    (running.base.clone(), running)
}

/// Asserts that the controls `css` selects are named `expected`, in any order: one each,
/// so that no two rows' controls share a name.
async fn assert_named<S: AsRef<str>>(client: &Client, css: &str, expected: &[S]) {
    let mut names = accessible_names(client, css).await;
    names.sort();
    let mut expected: Vec<&str> = expected.iter().map(AsRef::as_ref).collect();
    expected.sort();
    assert_eq!(names, expected, "{css}");
}

/// How the rows of the table `css` name themselves: their short link without its scheme and
/// their channel as their first cell names it (`127.0.0.1:PORT/abc (WhatsApp)`).
async fn link_rows(browser: &Chromium, css: &str) -> Vec<String> {
    let script = format!(
        "return [...document.querySelectorAll(\"{css} tbody tr\")].map(tr => \
         tr.querySelector('a.short').textContent.replace('http://', '') + ' (' + \
         tr.cells[0].firstChild.textContent.trim() + ')');"
    );
    let rows = browser.run(&script).await;
    serde_json::from_value(rows).unwrap()
}

/// `words` before each of `rows`: the names of a control on each row (the rows alone
/// without words).
fn each<S: AsRef<str>>(words: &str, rows: &[S]) -> Vec<String> {
    let words = if words.is_empty() {
        String::new()
    } else {
        format!("{words} ")
    };
    rows.iter()
        .map(|row| format!("{words}{}", row.as_ref()))
        .collect()
}

/// Asserts that each of `controls` (a selector in the table `table`'s body, and the words
/// its name starts with) is named after each row of `rows` in turn.
async fn assert_rows_named(
    client: &Client,
    table: &str,
    controls: &[(&str, &str)],
    rows: &[String],
) {
    for (css, words) in controls {
        assert_named(client, &format!("{table} tbody {css}"), &each(words, rows)).await;
    }
}

/// On a share kit's result and on its campaign's page a screen reader tells the rows apart:
/// each row's controls are named after its short link and its channel (« Copier
/// 127.0.0.1:PORT/abc (WhatsApp) »), in the page's language; each table says what it holds
/// in its caption; each share link of the report is named after whom it is for and when it
/// was made.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_row_of_a_campaign_names_its_controls_after_its_link_and_channel() {
    let Some(browser) = french_chrome().await else {
        return;
    };
    let client = &browser.client;
    let dir = std::env::temp_dir().join(format!("lanterne-browser-{}", free_port()));
    let args = serve_args(dir.join("spool"));
    let (base, mut running) = signed_in(&browser, "browser-campaign-names", args).await;
    browser.visit(&format!("{base}/links/kit")).await;
    browser.fill("campaign", "Soldes").await;
    browser.fill("url", "https://boutique.example/soldes").await;
    browser.tick("channel", &["whatsapp", "email"]).await;
    click_submit(&browser, "/links/kit").await;
    let kit = "section[aria-labelledby=created] table";
    let mut rows = link_rows(&browser, kit).await;
    rows.sort();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows.iter().any(|r| r.ends_with(" (WhatsApp)")), "{rows:?}");
    // A closed disclosure's content is not in the accessibility tree: open the QR codes.
    browser
        .run("document.querySelectorAll('details.qr').forEach(d => d.open = true);")
        .await;
    let qr = [
        ("a[href*='qr.png']", "PNG du QR code de"),
        ("a[href*='qr.svg']", "SVG du QR code de"),
    ];
    let mut controls = vec![
        ("button[data-copy]", "Copier"),
        ("details.qr summary", "QR code de"),
    ];
    controls.extend(qr);
    assert_rows_named(client, kit, &controls, &rows).await;
    let heading = browser.text_of("h2#created").await;
    assert_eq!(accessible_names(client, kit).await, [heading]);

    browser
        .submit("section.notice a[href^='/campaigns/']")
        .await;
    let campaign = client.current_url().await.unwrap().path().to_owned();
    let links = "section[aria-labelledby=links] table";
    let mut on_page = link_rows(&browser, links).await;
    on_page.sort();
    assert_eq!(on_page, rows, "the campaign's rows name the kit's links");
    let mut controls = vec![
        ("button[data-copy]", "Copier"),
        ("a[href^='/dashboard?link=']", "Statistiques de"),
        ("a[href*='/edit?']", "Modifier"),
        ("form[action$='/enabled'] button", "Désactiver"),
    ];
    controls.extend(qr);
    assert_rows_named(client, links, &controls, &rows).await;
    assert_eq!(
        accessible_names(client, links).await,
        ["Liens de la campagne Soldes, par canal"]
    );

    // Two share links of the report: one for a client, one for nobody said.
    for label in ["Maison Dupont", ""] {
        browser.fill("share-label", label).await;
        click_submit(&browser, &format!("{campaign}/shares")).await;
    }
    let mut names = accessible_names(client, "ul.shares button").await;
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(
        names.iter().all(
            |n| n.starts_with("Révoquer le lien de partage (") && n.contains("ada@example.com")
        ),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n.contains("(Maison Dupont, Créé le ")),
        "{names:?}"
    );
    browser.close().await;
    running.stop().await;
}

/// What the Settings test adds, two of each: API tokens, channels (label, key), people
/// invited, branded domains, webhooks, sites (name, domain).
const TOKENS: [&str; 2] = ["ci", "zapier"];
const CHANNELS: [(&str, &str); 2] = [("Intranet", "intranet"), ("Affichage", "affichage")];
const INVITED: [&str; 2] = ["mark@example.com", "lea@example.com"];
const DOMAINS: [&str; 2] = ["go.example.com", "lien.example.org"];
const HOOKS: [&str; 2] = ["http://127.0.0.1:9/crm", "http://127.0.0.1:9/chat"];
const SITES: [(&str, &str); 2] = [
    ("Le Quotidien", "quotidien.example"),
    ("Le Mensuel", "mensuel.example"),
];

/// Adds two of each of Settings' lists through each page's form, as an admin would.
async fn add_two_of_each(browser: &Chromium, base: &str) {
    let add = async |page: &str, fields: &[(&str, &str)]| {
        browser.visit(&format!("{base}{page}")).await;
        for (id, value) in fields {
            browser.fill(id, value).await;
        }
        click_submit(browser, page).await;
    };
    for name in TOKENS {
        add("/settings/tokens", &[("name", name)]).await;
    }
    for (label, key) in CHANNELS {
        add("/settings/channels", &[("label", label), ("key", key)]).await;
    }
    for email in INVITED {
        add("/settings/users", &[("email", email)]).await;
    }
    for host in DOMAINS {
        add("/settings/domains", &[("host", host)]).await;
    }
    for url in HOOKS {
        add("/settings/webhooks", &[("url", url)]).await;
    }
    for (name, domain) in SITES {
        add("/settings/sites", &[("name", name), ("domains", domain)]).await;
    }
}

/// The delete (remove, unsubscribe) button of each row of Settings' lists.
const DELETE: &str = "form[action$='/delete'] button";

/// Asserts that on the page at `url` the controls of each of `checks` (a selector and the
/// names expected) are named so, in any order.
async fn assert_page_named(browser: &Chromium, url: &str, checks: &[(&str, Vec<String>)]) {
    browser.visit(url).await;
    for (css, expected) in checks {
        assert_named(&browser.client, css, expected).await;
    }
}

/// Settings' lists as a screen reader reads them, in French: on Tokens, Channels, People,
/// Domains, Webhooks and Sites each row's controls are named after its row (« Révoquer le
/// jeton ci », « Retirer le domaine go.example.com »), and each table says what it holds in
/// its caption.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_row_of_the_settings_lists_names_its_controls_after_its_row() {
    let Some(browser) = french_chrome().await else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("lanterne-browser-{}", free_port()));
    // Webhooks to a receiver on this machine.
    let args = ServeArgs {
        webhooks_allow_private: true,
        ..serve_args(dir.join("spool"))
    };
    let (base, mut running) = signed_in(&browser, "browser-settings-names", args).await;
    add_two_of_each(&browser, &base).await;

    let on = async |page: &str, checks: &[(&str, Vec<String>)]| {
        assert_page_named(&browser, &format!("{base}{page}"), checks).await;
    };
    let tables = |captions: &[&str]| ("main table", each("", captions));
    let checks = [
        (
            "form[action$='/revoke'] button",
            each("Révoquer le jeton", &TOKENS),
        ),
        tables(&["Jetons"]),
    ];
    on("/settings/tokens", &checks).await;

    let channels = CHANNELS.map(|(label, _)| label);
    let checks = [
        (
            "form[action$='/gender'] button",
            each("Enregistrer le genre du canal", &channels),
        ),
        (DELETE, each("Retirer le canal", &channels)),
        tables(&["Catalogue"]),
    ];
    on("/settings/channels", &checks).await;

    let people = ["ada@example.com", "bob@example.com"];
    let checks = [
        (
            "form[action$='/cancel'] button",
            each("Annuler l'invitation de", &INVITED),
        ),
        (
            "form[action$='/role'] button",
            each("Modifier le rôle de", &people),
        ),
        // No one deletes themselves: ada's row has no such button.
        (DELETE, each("Supprimer", &people[1..])),
        tables(&["Invitations pas encore utilisées", "Personnes"]),
    ];
    on("/settings/users", &checks).await;

    let checks = [
        (DELETE, each("Retirer le domaine", &DOMAINS)),
        tables(&["Domaines enregistrés"]),
    ];
    on("/settings/domains", &checks).await;

    let checks = [
        (
            "form[action$='/test'] button",
            each("Envoyer un test vers", &HOOKS),
        ),
        (DELETE, each("Se désabonner de", &HOOKS)),
        ("main table", each("Envois vers", &HOOKS)),
    ];
    on("/settings/webhooks", &checks).await;

    let sites = SITES.map(|(name, _)| name);
    let mut copies = each("Copier le code de suivi du site", &sites);
    copies.extend(each(
        "Copier le code de suivi avec toutes les options, site",
        &sites,
    ));
    let checks = [
        ("button[data-copy]", copies),
        (
            "form.site-form[action^='/settings/sites/'] button",
            each("Enregistrer le site", &sites),
        ),
        (
            DELETE,
            sites.map(|s| format!("Supprimer ce site ({s})")).into(),
        ),
        ("input[id^='name-']", each("Nom du site", &sites)),
        ("textarea[id^='domains-']", each("Domaines du site", &sites)),
        tables(&[]),
    ];
    on("/settings/sites", &checks).await;
    browser.close().await;
    running.stop().await;
}

/// A dashboard address naming a campaign no one has says so, and its filters still apply as
/// they change: choosing a campaign in the list shows that campaign's figures.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dashboard_filter_naming_no_campaign_says_so_and_the_filters_still_apply() {
    let Some(browser) = desktop_chrome().await else {
        return;
    };
    let client = &browser.client;
    let (base, mut running) = serve_with_ada("browser-unknown-filter").await;
    sign_in_as_ada(&browser, &base).await;
    browser.visit(&format!("{base}/links")).await;
    browser.fill("url", "https://shop.example/").await;
    browser.fill("campaign", "Spring sale").await;
    click_submit(&browser, "/links").await;

    browser
        .visit(&format!("{base}/dashboard?period=7d&campaign=Autumn"))
        .await;
    let notice = browser.text_of("p.error[role=alert]").await;
    assert!(
        notice.starts_with("No campaign is named \"Autumn\""),
        "{notice}"
    );
    let figures = "return document.querySelector('[data-live]') === null;";
    assert_eq!(
        browser.run(figures).await,
        json!(true),
        "no figures of zeros"
    );
    client
        .find(Locator::Id("campaign"))
        .await
        .unwrap()
        .select_by_value("Spring sale")
        .await
        .unwrap();
    let url = browser
        .url_when(|url| url.contains("campaign=Spring+sale"))
        .await;
    assert!(url.contains("period=7d&"), "the period stays: {url}");
    client
        .wait()
        .for_element(Locator::Css("[data-live]"))
        .await
        .unwrap();
    let errors = browser.run("return document.querySelectorAll('p.error').length;");
    assert_eq!(errors.await, json!(0));
    browser.close().await;
    running.stop().await;
}

/// Files to choose in a card's image field: something that is no image, and a PNG.
fn card_files() -> (String, String) {
    let file = |name: &str, bytes: &[u8]| {
        let path = std::env::temp_dir().join(format!("{name}-{}.png", free_port()));
        std::fs::write(&path, bytes).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let svg = file(
        "not-an-image",
        br#"<svg xmlns="http://www.w3.org/2000/svg"></svg>"#,
    );
    (svg, file("card", PIXEL_PNG))
}

/// Submits the form posting to `form`, its image field holding a file that is no image, and
/// checks the refusal says why; its status is the console's only complaint.
async fn refused_as_no_image(browser: &Chromium, form: &str) {
    click_submit(browser, form).await;
    let error = browser.text_of("p.error[role=alert]").await;
    assert!(
        error.contains("must be a PNG, JPEG or WebP file"),
        "{error}"
    );
    let errors = browser.console_errors().await;
    let refusal = |(source, _, text): &(String, String, String)| {
        source == "network" && text.contains("status of 422")
    };
    assert!(errors.iter().all(refusal), "{errors:?}");
}

/// A card image chosen in the share kit's form as a person chooses a file: a file that is no
/// image is refused with its reason and makes nothing; the PNG chosen next is on the card of
/// every link the kit makes, served as an image.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_card_image_is_uploaded_in_the_share_kit() {
    let Some(browser) = desktop_chrome().await else {
        return;
    };
    let (base, mut running) = serve_with_ada("browser-kit-card").await;
    sign_in_as_ada(&browser, &base).await;
    let (svg, png) = card_files();

    browser.visit(&format!("{base}/links/kit")).await;
    browser.fill("campaign", "Spring").await;
    browser.fill("url", "https://shop.example/spring").await;
    browser.tick("channel", &["whatsapp", "email"]).await;
    browser.fill("card_title", "Spring sale").await;
    browser.fill("card_image", &svg).await;
    refused_as_no_image(&browser, "/links/kit").await;
    let made = "return document.getElementById('created') !== null;";
    assert_eq!(browser.run(made).await, json!(false), "nothing made");

    // The form keeps what was typed; the file is chosen again, an image this time.
    browser.fill("card_image", &png).await;
    click_submit(&browser, "/links/kit").await;
    let heading = browser.text_of("h2#created").await;
    assert_eq!(heading, "2 links for Spring");
    let joined = "return document.querySelector('section.notice').textContent;";
    let notice = browser.run(joined).await;
    assert!(
        !notice.as_str().unwrap().contains("existing campaign"),
        "the refused kit made no campaign: {notice}"
    );
    let links = browser
        .run("return [...document.querySelectorAll('section[aria-labelledby=created] a.short')].map(a => a.href);")
        .await;
    let links: Vec<String> = serde_json::from_value(links).unwrap();
    assert_eq!(links.len(), 2, "{links:?}");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut images = Vec::new();
    for link in &links {
        let card = http.get(link).header("user-agent", "WhatsApp/2.23.20.0 A");
        let card = card.send().await.unwrap().text().await.unwrap();
        let image = card
            .split(r#"<meta property="og:image" content=""#)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("no og:image for {link}: {card}"))
            .to_owned();
        images.push(image);
    }
    assert_eq!(images[0], images[1], "one image for every link");
    assert!(
        images[0].starts_with(&format!("{base}/media/")),
        "{images:?}"
    );
    let served = http.get(&images[0]).send().await.unwrap();
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.headers()["x-content-type-options"], "nosniff");
    assert_eq!(served.bytes().await.unwrap().as_ref(), PIXEL_PNG);
    let errors = browser.console_errors().await;
    assert!(errors.is_empty(), "console errors on the kit: {errors:?}");
    browser.close().await;
    running.stop().await;
}

/// A card image chosen in a campaign's settings as a person chooses a file: a file that is no
/// image is refused with its reason and changes nothing; the PNG chosen next is the
/// campaign's card image, shown on its page and served as an image.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_card_image_is_uploaded_in_a_campaign_s_settings() {
    let Some(browser) = desktop_chrome().await else {
        return;
    };
    let (base, mut running) = serve_with_ada("browser-campaign-card").await;
    sign_in_as_ada(&browser, &base).await;
    let (svg, png) = card_files();

    browser.visit(&format!("{base}/links/kit")).await;
    browser.fill("campaign", "Winter").await;
    browser.fill("url", "https://shop.example/winter").await;
    browser.tick("channel", &["whatsapp"]).await;
    click_submit(&browser, "/links/kit").await;
    let campaign = "return document.querySelector('section.notice a[href^=\"/campaigns/\"]').getAttribute('href');";
    let campaign = browser.run(campaign).await.as_str().unwrap().to_owned();

    browser.visit(&format!("{base}{campaign}")).await;
    browser.fill("card_title", "Winter sale").await;
    browser.fill("card_image", &svg).await;
    refused_as_no_image(&browser, &campaign).await;

    // The form keeps what was typed; the file is chosen again, an image this time.
    browser.fill("card_image", &png).await;
    click_submit(&browser, &campaign).await;
    let image = "return document.querySelector('img.card-image')?.src ?? null;";
    let image = browser.run(image).await;
    let image = image
        .as_str()
        .unwrap_or_else(|| panic!("no card image shown"));
    assert!(image.starts_with(&format!("{base}/media/")), "{image}");
    let title = "return document.getElementById('card_title').value;";
    assert_eq!(browser.run(title).await, json!("Winter sale"));
    let served = reqwest::get(image).await.unwrap();
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.bytes().await.unwrap().as_ref(), PIXEL_PNG);
    let errors = browser.console_errors().await;
    assert!(
        errors.is_empty(),
        "console errors on the campaign: {errors:?}"
    );
    browser.close().await;
    running.stop().await;
}

/// A French browser signed in as an admin of a fresh Lanterne (a SQLite database named after
/// `name`): the browser, the server's base URL and the server (None without Chromium).
async fn in_french(name: &str) -> Option<(Chromium, String, Served)> {
    let browser = french_chrome().await?;
    let dir = std::env::temp_dir().join(format!("lanterne-browser-{}", free_port()));
    let (base, running) = signed_in(&browser, name, serve_args(dir.join("spool"))).await;
    Some((browser, base, running))
}

/// The share kit of the campaign « Soldes » (to https://boutique.example/soldes, with UTM) for
/// `channels`, made in `browser`, and a person's click on its first link: that link's URL.
async fn soldes_kit_clicked_once(browser: &Chromium, base: &str, channels: &[&str]) -> String {
    browser.visit(&format!("{base}/links/kit")).await;
    browser.fill("campaign", "Soldes").await;
    browser.fill("url", "https://boutique.example/soldes").await;
    browser.tick("channel", channels).await;
    click_submit(browser, "/links/kit").await;
    let short = browser
        .run("return document.querySelector('section[aria-labelledby=created] a.short').href;")
        .await;
    let short = short.as_str().unwrap().to_owned();
    let clicked = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(DESKTOP_CHROME)
        .build()
        .unwrap()
        .get(&short)
        .send()
        .await
        .unwrap();
    assert!(clicked.status().is_redirection(), "{}", clicked.status());
    short
}

/// The captions of the dashboard's tables `ids`, in their order, in French (a split table by
/// what it is per: « pays »).
fn dashboard_captions(ids: &[&str]) -> Vec<String> {
    let caption = |id: &str| -> String {
        match id {
            "channels" => {
                "Clics, part du dark social, fuite et partages détectés par canal déclaré".into()
            }
            "themes" => "Clics dark social et publics par thème".into(),
            "links" => {
                "Clics par source et partages détectés par lien, avec sa campagne et son canal"
                    .into()
            }
            "days" => {
                "Clics par source et partages détectés sur la période, dans l'ordre du temps".into()
            }
            "destinations" => {
                "Clics par source et partages détectés par destination de ce lien".into()
            }
            "recent" => "Dernières requêtes de ce lien, chacune avec sa classe et les indices \
                qui l'ont décidée"
                .into(),
            per => format!("Clics par source et partages détectés par {per}"),
        }
    };
    ids.iter().map(|id| caption(id)).collect()
}

/// Tables without a control on their rows say what they hold in their caption, in the page's
/// language: the campaigns' list, a campaign's report on its page and as its client reads it
/// through a share link (the campaign and the period), every table of the dashboard and of a
/// link's dashboard, and the last 30 minutes' table once a click is there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_table_of_figures_says_what_it_holds_in_its_caption() {
    let Some((browser, base, mut running)) = in_french("browser-captions").await else {
        return;
    };
    let client = &browser.client;
    // A person's click on it, for the last 30 minutes' table.
    let short = soldes_kit_clicked_once(&browser, &base, &["whatsapp", "email"]).await;
    let slug = short.rsplit('/').next().unwrap().to_owned();

    browser.visit(&format!("{base}/campaigns")).await;
    assert_eq!(
        accessible_names(client, "main table").await,
        [
            "Toutes les campagnes, des plus récentes aux plus anciennes, avec leur destination, \
             leurs thèmes, leurs liens et leurs clics"
        ]
    );

    browser.submit("main table a[href^='/campaigns/']").await;
    let campaign = client.current_url().await.unwrap().path().to_owned();
    let covers = browser.text_of("p.report-period strong").await;
    let (_, days) = covers.split_once(':').expect("« Période : … – … »");
    let report = [format!(
        "Clics, part du dark social, fuite et partages de la campagne Soldes par canal, {}",
        days.trim()
    )];
    assert_eq!(accessible_names(client, "table.report").await, report);
    browser.fill("share-label", "Maison Dupont").await;
    click_submit(&browser, &format!("{campaign}/shares")).await;
    let shared = browser.run("return document.querySelector('#new-share a.short').href;");
    let shared = shared.await.as_str().unwrap().to_owned();
    browser.visit(&shared).await;
    assert_eq!(
        accessible_names(client, "table.report").await,
        report,
        "the client's copy"
    );

    let every = [
        "channels",
        "themes",
        "campagne",
        "appareil",
        "pays",
        "ville",
        "référent",
        "plateforme",
        "links",
        "days",
    ];
    browser.visit(&format!("{base}/dashboard")).await;
    assert_eq!(
        accessible_names(client, "main table.cards").await,
        dashboard_captions(&every)
    );
    // The last 30 minutes arrive by script, and the click through the hits' writer.
    let live = "[data-live] table";
    let deadline = Instant::now() + Duration::from_secs(30);
    while client.find(Locator::Css(live)).await.is_err() {
        assert!(Instant::now() < deadline, "no minute of the click shown");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert_eq!(
        accessible_names(client, live).await,
        ["Clics par source, minute par minute, sur les 30 dernières minutes"]
    );

    // Split in two, the link has a table of its destinations too.
    browser.visit(&format!("{base}/links/{slug}/edit")).await;
    browser.click("details.options summary").await;
    fill_two_variants(client).await;
    click_submit(&browser, &format!("/links/{slug}/edit")).await;
    browser
        .visit(&format!("{base}/dashboard?link={slug}"))
        .await;
    let mut own = vec!["destinations", "recent"];
    own.extend(every);
    assert_eq!(
        accessible_names(client, "main table.cards").await,
        dashboard_captions(&own)
    );
    browser.close().await;
    running.stop().await;
}

/// The fields `name` of the page, in its order.
async fn fields(client: &Client, name: &str) -> Vec<fantoccini::elements::Element> {
    let css = format!("[name={name}]");
    client.find_all(Locator::Css(&css)).await.unwrap()
}

/// Types two pages of boutique.example (`/a`, `/b`) into the first two A/B variants of a
/// link's edit page.
async fn fill_two_variants(client: &Client) {
    for (field, page) in fields(client, "variant_url").await.iter().zip(["a", "b"]) {
        let url = format!("https://boutique.example/{page}");
        field.send_keys(&url).await.unwrap();
    }
}

/// The accessible names of the fields `name` of the link's options, in the page's order.
async fn row_field_names(client: &Client, name: &str) -> Vec<String> {
    accessible_names(client, &format!("details.options [name={name}]")).await
}

/// `field` followed by each row's number in turn (« Poids (variante 1) », « Poids (variante
/// 2) »): the names of one field of `rows` rows.
fn numbered(field: &str, row: &str, rows: usize) -> Vec<String> {
    (1..=rows).map(|n| format!("{field} ({row} {n})")).collect()
}

/// Asserts that the edit page's targeting rules have `rules` rows and its A/B split
/// `variants`, each field named after its row, in French.
async fn assert_rows_numbered(client: &Client, rules: usize, variants: usize) {
    for (name, field, row, rows) in [
        ("rule_when", "Si", "règle", rules),
        ("rule_country", "Pays", "règle", rules),
        ("rule_url", "envoyer vers", "règle", rules),
        ("variant_url", "Destination", "variante", variants),
        ("variant_weight", "Poids", "variante", variants),
    ] {
        assert_eq!(
            row_field_names(client, name).await,
            numbered(field, row, rows),
            "{name}"
        );
    }
}

/// On a link's edit page a screen reader tells the targeting rules' and A/B variants' rows
/// apart: each field is named after its row (« envoyer vers (règle 2) », « Destination
/// (variante 1) »), in the page's language. The rows the page adds once the spare ones are
/// filled and saved are numbered on, and a rule cleared away leaves the others numbered
/// from 1 again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_rule_and_variant_row_of_a_link_names_its_fields_after_its_row() {
    let Some((browser, base, mut running)) = in_french("browser-option-rows").await else {
        return;
    };
    let client = &browser.client;
    browser.visit(&format!("{base}/links")).await;
    browser.fill("url", "https://boutique.example/promo").await;
    browser.fill("slug", "promo").await;
    click_submit(&browser, "/links").await;
    let edit = format!("{base}/links/promo/edit");
    browser.visit(&edit).await;
    // A closed disclosure's content is not in the accessibility tree.
    browser.click("details.options summary").await;
    assert_rows_numbered(client, 2, 2).await;

    // Both spare rules and both variants filled: saved, the page offers two more of each.
    let fields = async |name: &str| fields(client, name).await;
    let when = fields("rule_when").await;
    when[0].select_by_value("ios").await.unwrap();
    when[1].select_by_value("country").await.unwrap();
    fields("rule_country").await[1]
        .send_keys("FR")
        .await
        .unwrap();
    let urls = fields("rule_url").await;
    urls[0]
        .send_keys("https://boutique.example/ios")
        .await
        .unwrap();
    urls[1]
        .send_keys("https://boutique.example/fr")
        .await
        .unwrap();
    fill_two_variants(client).await;
    click_submit(&browser, "/links/promo/edit").await;
    browser.visit(&edit).await;
    assert_rows_numbered(client, 4, 4).await;

    // The first rule cleared away: the country's rule is rule 1 now.
    fields("rule_when").await[0]
        .select_by_value("")
        .await
        .unwrap();
    fields("rule_url").await[0].clear().await.unwrap();
    click_submit(&browser, "/links/promo/edit").await;
    browser.visit(&edit).await;
    assert_rows_numbered(client, 3, 4).await;
    let first = browser.run("return document.querySelector('[name=rule_url]').value;");
    assert_eq!(first.await, json!("https://boutique.example/fr"));
    browser.close().await;
    running.stop().await;
}
