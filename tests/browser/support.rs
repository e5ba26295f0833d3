//! What every browser test starts from: Chromium as a person's desktop Chrome (in English
//! or French), Lanterne served on a fresh SQLite database, ada@example.com signed in, a shop
//! page to land on, and waiting for and screenshotting pages.

use std::path::PathBuf;

use fantoccini::{Client, Locator};
use lanterne::config::ServeArgs;

use crate::chromium::{Chromium, Options};
use crate::server::{Served, add_admin, free_port, serve_args};

pub const DESKTOP_CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

pub const PASSWORD: &str = "correct horse battery";

/// Chromium as a person's desktop Chrome on Linux (None without Chromium).
pub async fn desktop_chrome() -> Option<Chromium> {
    let options = Options {
        user_agent: Some(DESKTOP_CHROME),
        ..Options::default()
    };
    Chromium::start(options).await
}

pub fn artifacts() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("test-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub async fn screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.unwrap();
    std::fs::write(artifacts().join(format!("{name}.png")), png).unwrap();
}

pub async fn serve(database_url: &str) -> (String, Served) {
    let dir = std::env::temp_dir().join(format!("lanterne-browser-{}", free_port()));
    let running = Served::start(database_url, &serve_args(dir.join("spool"))).await;
    (running.base.clone(), running)
}

/// A destination to land on: a shop's page on `localhost` (Lanterne refuses links to its own
/// host, 127.0.0.1). A destination that does not answer would not do: Chrome reloads its
/// error page, and every reload is one more hit.
pub async fn landing_page() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let shop = axum::Router::new().fallback(|| async { "The spring sale" });
    tokio::spawn(async move { axum::serve(listener, shop).await });
    format!("http://localhost:{port}")
}

pub fn sqlite_url(name: &str) -> String {
    format!(
        "sqlite://{}",
        std::env::temp_dir()
            .join(format!("{name}-{}.db", free_port()))
            .display()
    )
}

/// Submits the form posting to `form` and waits for the page it answers with.
pub async fn click_submit(browser: &Chromium, form: &str) {
    // A page's GET form to the same address (a campaign's range of days) only reads it.
    let button = format!("form[action='{form}']:not([method=get]) button[type=submit]");
    browser.submit(&button).await;
}

/// A server on a fresh SQLite database (`name`) with one admin, ada@example.com: its base
/// URL and the server.
pub async fn serve_with_ada(name: &str) -> (String, Served) {
    let database_url = sqlite_url(name);
    let db = lanterne::db::Db::connect(&database_url).await.unwrap();
    add_admin(&db, "ada@example.com", PASSWORD).await;
    db.close().await;
    serve(&database_url).await
}

/// Signs in as ada@example.com on the server at `base`.
pub async fn sign_in_as_ada(browser: &Chromium, base: &str) {
    browser.visit(&format!("{base}/login")).await;
    browser.fill("email", "ada@example.com").await;
    browser.fill("password", PASSWORD).await;
    click_submit(browser, "/login").await;
}

/// The first run's setup page filled in as ada@example.com, who lands on the Links page signed
/// in: a fresh Lanterne made ready by hand.
pub async fn set_up_as_ada(browser: &Chromium, base: &str) {
    let client = &browser.client;
    client.goto(&format!("{base}/")).await.unwrap();
    arrived(client, "h1", "/setup").await;
    browser.fill("email", "ada@example.com").await;
    browser.fill("password", PASSWORD).await;
    browser.fill("confirm", PASSWORD).await;
    browser.click("button[type=submit]").await;
    arrived(client, "h1", "/links").await;
}

/// Waits for a page whose path ends with `path` (up to 10 s: a click's navigation may not
/// have started yet, and the page before it has the same `css` too), then for the element
/// that `css` marks on it.
pub async fn arrived(client: &Client, css: &str, path: &str) {
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

/// Chromium as a person's desktop Chrome asking for pages in French.
pub async fn french_chrome() -> Option<Chromium> {
    let options = Options {
        user_agent: Some(DESKTOP_CHROME),
        languages: Some("fr-FR,fr"),
        ..Options::default()
    };
    Chromium::start(options).await
}

/// Lanterne served with `args` (a fresh SQLite database named after `name`, with two admins),
/// and `browser` signed in as the first, ada@example.com.
pub async fn signed_in(browser: &Chromium, name: &str, args: ServeArgs) -> (String, Served) {
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

/// A French browser signed in as an admin of a fresh Lanterne (a SQLite database named after
/// `name`): the browser, the server's base URL and the server (None without Chromium).
pub async fn in_french(name: &str) -> Option<(Chromium, String, Served)> {
    let browser = french_chrome().await?;
    let dir = std::env::temp_dir().join(format!("lanterne-browser-{}", free_port()));
    let (base, running) = signed_in(&browser, name, serve_args(dir.join("spool"))).await;
    Some((browser, base, running))
}

/// A 1×1 PNG: an image to upload as a card.
pub const PIXEL_PNG: &[u8] = include_bytes!("../fixtures/pixel.png");

/// The share kit of the campaign « Soldes » (to https://boutique.example/soldes, with UTM) for
/// `channels`, made in `browser`, and a person's click on its first link: that link's URL.
pub async fn soldes_kit_clicked_once(browser: &Chromium, base: &str, channels: &[&str]) -> String {
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
