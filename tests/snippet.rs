//! The site snippet in headless Chromium playing people: a publisher's page, served by the
//! test from another origin with a strict Content-Security-Policy, includes `/lanterne.js`;
//! each test checks one promise of the snippet through `/api/v1/sites/{id}/pages`.
//!
//! Without chromedriver the tests say loudly that they were skipped (and fail under CI).

#[path = "support/chromium.rs"]
mod chromium;
#[path = "support/server.rs"]
mod server;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::response::{Html, IntoResponse};
use chromium::{Chromium, Options};
use fantoccini::Locator;
use fantoccini::actions::InputSource;
use serde_json::{Value, json};
use server::{Served, add_admin, serve_args};

/// A running Lanterne with a registered site whose domain is `localhost`, and the
/// publisher's web server on another port.
struct Publisher {
    lanterne: String,
    token: String,
    database_url: String,
    site: Value,
    /// `http://localhost:PORT`: the site's pages.
    pages: String,
    /// The port of the publisher's server, which also answers for other hosts (t.co).
    port: u16,
    running: Served,
}

fn temp(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("lanterne-snippet-{name}-{}", rand::random::<u64>()))
}

/// The snippet's element, as the Settings page gives it, with the options used here.
fn snippet(lanterne: &str, key: &str) -> String {
    format!(
        r##"<script defer src="{lanterne}/lanterne.js" data-site="{key}" data-copy data-clean-utm data-buttons="whatsapp,x,email,copy" data-buttons-into="#share"></script>"##
    )
}

/// The publisher's server: an article at every path of `localhost`, and on any other host
/// (`t.co`, resolved here by the browser) a page that links to the article.
async fn publisher_server(lanterne: String, key: String) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let csp = format!(
        "default-src 'self'; script-src {lanterne}; connect-src {lanterne}; img-src 'self'; style-src 'self'"
    );
    let app = axum::Router::new().fallback(move |request: Request| {
        let (lanterne, key, csp) = (lanterne.clone(), key.clone(), csp.clone());
        async move {
            let host = request.headers().get("host").and_then(|h| h.to_str().ok()).unwrap_or("");
            if !host.starts_with("localhost") && !host.starts_with("127.0.0.1") {
                let link = format!("http://localhost:{port}/articles/linked");
                let page = format!(
                    r#"<!doctype html><title>A post</title><a id="go" href="{link}">Read this</a>"#
                );
                return Html(page).into_response();
            }
            let path = request.uri().path().to_owned();
            let lang = if path.starts_with("/fr/") { r#" lang="fr-FR""# } else { "" };
            let page = format!(
                r##"<!doctype html><html{lang}><head><meta charset="utf-8"><title>An article worth sharing</title>
                {}</head><body><h1>An article worth sharing</h1><p id="text">{path}: a paragraph to copy.</p>
                <p><a href="#comments">Comments</a></p><div id="share"></div><h2 id="comments">Comments</h2></body></html>"##,
                snippet(&lanterne, &key)
            );
            ([("content-security-policy", csp)], Html(page)).into_response()
        }
    });
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
    });
    port
}

impl Publisher {
    async fn start() -> Publisher {
        let dir = temp("run");
        let database_url = format!("sqlite://{}", temp("db").with_extension("db").display());
        let running = Served::start(&database_url, &serve_args(dir.join("spool"))).await;
        let db = lanterne::db::Db::connect(&database_url).await.unwrap();
        let token = lanterne::auth::create_token(&db, "snippet", lanterne::auth::Role::Admin, 0)
            .await
            .unwrap();
        db.close().await;
        let mut publisher = Publisher {
            lanterne: running.base.clone(),
            token,
            database_url,
            site: Value::Null,
            pages: String::new(),
            port: 0,
            running,
        };
        let (status, site) = publisher
            .api(
                reqwest::Method::POST,
                "/sites",
                Some(json!({ "name": "Fixture news", "domains": ["localhost"] })),
            )
            .await;
        assert_eq!(status, 201, "{site}");
        let key = site["key"].as_str().unwrap().to_owned();
        publisher.port = publisher_server(publisher.lanterne.clone(), key).await;
        publisher.pages = format!("http://localhost:{}", publisher.port);
        publisher.site = site;
        publisher
    }

    async fn api(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = reqwest::Client::new()
            .request(method, format!("{}/api/v1{path}", self.lanterne))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// The row of the page at `path` once `done` holds of it, within 10 s.
    async fn page_when(&self, path: &str, done: impl Fn(&Value) -> bool) -> Value {
        let url = format!("{}{path}", self.pages);
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let (_, pages) = self
                .api(
                    reqwest::Method::GET,
                    &format!("/sites/{}/pages", self.site["id"]),
                    None,
                )
                .await;
            let row = pages["pages"]
                .as_array()
                .and_then(|rows| rows.iter().find(|p| p["url"] == url.as_str()).cloned())
                .unwrap_or(Value::Null);
            if done(&row) {
                return row;
            }
            assert!(Instant::now() < deadline, "{path} never got there: {pages}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Rows of a table, counted by the database itself.
    async fn count(&self, sql: &'static str) -> i64 {
        let db = lanterne::db::Db::connect(&self.database_url).await.unwrap();
        let n = match &db {
            lanterne::db::Db::Sqlite(pool, _) => {
                sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
            }
            lanterne::db::Db::Postgres(pool) => {
                sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
            }
        };
        db.close().await;
        n
    }

    /// Stops Lanterne the way SIGTERM does.
    async fn stop_lanterne(&mut self) {
        self.running.stop().await;
    }
}

/// A publisher, and a reader in Chromium set up with `options` (None without Chromium).
async fn open(options: Options<'_>) -> Option<(Publisher, Chromium)> {
    let publisher = Publisher::start().await;
    let reader = Chromium::start(options).await?;
    Some((publisher, reader))
}

/// Clicks the share button of `channel` and reads the address of the window it opens (the
/// platform's share page, within 10 s), then closes that window and comes back.
async fn share_with(reader: &Chromium, channel: &str) -> String {
    let home = reader.client.window().await.unwrap();
    reader
        .click(&format!("#share button[data-channel={channel}]"))
        .await;
    let deadline = Instant::now() + Duration::from_secs(10);
    let window = loop {
        let windows = reader.client.windows().await.unwrap();
        if let Some(new) = windows.into_iter().find(|w| *w != home) {
            break new;
        }
        assert!(Instant::now() < deadline, "no window opened for {channel}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    reader.client.switch_to_window(window).await.unwrap();
    let opened = reader.url_when(|u| u.starts_with("https://")).await;
    reader.client.close_window().await.unwrap();
    reader.client.switch_to_window(home).await.unwrap();
    opened
}

/// Errors the page's console got from scripts (what a script threw or logged).
async fn script_errors(browser: &Chromium) -> Vec<String> {
    browser
        .console()
        .await
        .into_iter()
        .filter(|(source, level, _)| level == "SEVERE" && source != "network")
        .map(|(_, _, message)| message)
        .collect()
}

/// The share id the snippet wrote into the address bar, once it is there.
async fn share_id(browser: &Chromium) -> String {
    let url = browser.url_when(|u| u.contains("#.")).await;
    let id = url
        .split_once("#.")
        .map(|(_, id)| id.to_owned())
        .unwrap_or_default();
    assert!(
        id.len() == 10 && id.bytes().all(|b| b.is_ascii_alphanumeric()),
        "no share id in {url}"
    );
    id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dark_view_then_the_copied_address_opened_in_a_fresh_browser_is_an_address_bar_share() {
    let Some((publisher, reader)) = open(Options::default()).await else {
        return;
    };
    let article = "/articles/dark-social";
    reader
        .visit(&format!(
            "{}{article}?utm_source=newsletter&utm_medium=email&page=2",
            publisher.pages
        ))
        .await;
    let first = share_id(&reader).await;
    let copied = reader.client.current_url().await.unwrap().to_string();
    assert_eq!(
        copied,
        format!("{}{article}?page=2#.{first}", publisher.pages),
        "UTM parameters left the address bar (data-clean-utm), other parameters stayed"
    );
    // A reader who copies a paragraph (data-copy): counted, the text never sent.
    let text = reader.client.find(Locator::Id("text")).await.unwrap();
    text.click().await.unwrap();
    reader
        .client
        .execute(
            "const r = document.createRange(); r.selectNodeContents(document.getElementById('text')); \
             const s = getSelection(); s.removeAllRanges(); s.addRange(r);",
            vec![],
        )
        .await
        .unwrap();
    let copy = fantoccini::actions::KeyActions::new("keys".into())
        .then(fantoccini::actions::KeyAction::Down {
            value: fantoccini::key::Key::Control.into(),
        })
        .then(fantoccini::actions::KeyAction::Down { value: 'c' })
        .then(fantoccini::actions::KeyAction::Up { value: 'c' })
        .then(fantoccini::actions::KeyAction::Up {
            value: fantoccini::key::Key::Control.into(),
        });
    reader.client.perform_actions(copy).await.unwrap();
    let row = publisher
        .page_when(article, |row| row["views"] == 1 && row["copies"] == 1)
        .await;
    assert_eq!(
        (&row["dark"], &row["direct"]),
        (&json!(1), &json!(1)),
        "no referrer: {row}"
    );
    assert!(script_errors(&reader).await.is_empty());
    reader.close().await;

    // A friend, in a browser of their own, opens the address the reader pasted in a chat.
    let Some(friend) = Chromium::start(Options::default()).await else {
        return;
    };
    friend.visit(&copied).await;
    let second = share_id(&friend).await;
    assert_ne!(
        second, first,
        "the arriving view gets its own id: re-shares are counted too"
    );
    let row = publisher
        .page_when(article, |row| row["address_bar_shares"] == 1)
        .await;
    assert_eq!(
        (&row["views"], &row["dark"]),
        (&json!(2), &json!(2)),
        "{row}"
    );
    assert_eq!(row["generations"], json!([1, 1]));
    // A reload, then a link followed and a step back, show the friend's own view again:
    // the same view, neither one more share nor one more arrival.
    friend.client.refresh().await.unwrap();
    friend.client.refresh().await.unwrap();
    assert_eq!(
        friend.client.current_url().await.unwrap().fragment(),
        Some(&*format!(".{second}"))
    );
    friend
        .visit(&format!("{}/articles/next", publisher.pages))
        .await;
    share_id(&friend).await;
    friend.client.back().await.unwrap();
    friend.url_when(|u| u.contains(article)).await;
    assert_eq!(
        friend.client.current_url().await.unwrap().fragment(),
        Some(&*format!(".{second}"))
    );
    // One more page, whose view is sent after anything the reloads and the step back sent.
    friend
        .visit(&format!("{}/articles/later", publisher.pages))
        .await;
    publisher
        .page_when("/articles/later", |row| row["views"] == 1)
        .await;
    let row = publisher.page_when(article, |row| !row.is_null()).await;
    assert_eq!(
        (&row["views"], &row["dark"], &row["direct"]),
        (&json!(2), &json!(2), &json!(2)),
        "{row}"
    );
    assert_eq!(row["address_bar_shares"], 1, "{row}");
    assert_eq!(row["generations"], json!([1, 1]), "{row}");
    // An anchor of the page is the page's own fragment: left as it is.
    friend
        .visit(&format!("{}/articles/anchored#comments", publisher.pages))
        .await;
    publisher
        .page_when("/articles/anchored", |row| row["views"] == 1)
        .await;
    assert_eq!(
        friend.client.current_url().await.unwrap().fragment(),
        Some("comments")
    );
    // Reloaded there, the page has no id of ours to show its view again: a share from it
    // names no view rather than one the server never saw.
    friend.client.refresh().await.unwrap();
    friend.click("#share button[data-channel=copy]").await;
    let row = publisher
        .page_when("/articles/anchored", |row| {
            row["button_shares"]["copy"] == 1
        })
        .await;
    assert_eq!(row["views"], 1, "{row}");
    let unseen = publisher
        .count(
            "SELECT COUNT(*) FROM site_events e WHERE e.event <> 'view' AND e.share_id IS NOT NULL \
             AND NOT EXISTS (SELECT 1 FROM site_events v WHERE v.event = 'view' AND v.share_id = e.share_id)",
        )
        .await;
    assert_eq!(unseen, 0, "an event names a view that was never sent");
    assert!(script_errors(&friend).await.is_empty());
    friend.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visit_through_a_link_on_another_origin_counts_by_its_referrer() {
    let options = Options {
        local_hosts: &["t.co"],
        ..Options::default()
    };
    let Some((publisher, reader)) = open(options).await else {
        return;
    };
    reader
        .visit(&format!("http://t.co:{}/post", publisher.port))
        .await;
    reader
        .client
        .find(Locator::Id("go"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    share_id(&reader).await;
    let row = publisher
        .page_when("/articles/linked", |row| row["views"] == 1)
        .await;
    assert_eq!(
        (&row["public"], &row["dark"], &row["direct"]),
        (&json!(1), &json!(0), &json!(0)),
        "a click on t.co is public sharing: {row}"
    );
    reader.close().await;
}

/// The texts of the share buttons the snippet put on the reader's page, in order.
async fn share_button_labels(reader: &Chromium) -> Vec<String> {
    let buttons = reader
        .client
        .find_all(Locator::Css("#share button.lanterne-share"))
        .await
        .unwrap();
    let mut labels = Vec::new();
    for button in &buttons {
        labels.push(button.text().await.unwrap());
    }
    labels
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_share_button_mints_one_link_per_channel_and_opens_the_platforms_share_url() {
    let Some((publisher, reader)) = open(Options::default()).await else {
        return;
    };
    let article = "/articles/buttons";
    reader.visit(&format!("{}{article}", publisher.pages)).await;
    let labels = share_button_labels(&reader).await;
    assert_eq!(labels, ["WhatsApp", "X", "Email", "Copy link"]);
    let group = reader.run("return document.getElementById('share').getAttribute('aria-label')");
    assert_eq!(group.await, "Share");
    // Each use of a button opens the platform's share page in a new window.
    let mut opened = Vec::new();
    for channel in ["whatsapp", "whatsapp", "x"] {
        opened.push(share_with(&reader, channel).await);
    }
    let (status, links) = publisher.api(reqwest::Method::GET, "/links", None).await;
    assert_eq!(status, 200);
    let links = links["links"].as_array().unwrap().clone();
    assert_eq!(links.len(), 2, "one link per channel: {links:?}");
    let short = |channel: &str| {
        links
            .iter()
            .find(|l| l["channel"] == channel)
            .map(|l| l["short_url"].as_str().unwrap().to_owned())
            .unwrap()
    };
    let encoded = |s: &str| s.replace(':', "%3A").replace('/', "%2F");
    assert!(
        opened[0].starts_with("https://wa.me/?text="),
        "{}",
        opened[0]
    );
    assert!(
        opened[0].contains(&encoded(&short("whatsapp"))),
        "{}",
        opened[0]
    );
    assert_eq!(opened[1], opened[0], "the same link the second time");
    assert!(
        opened[2].starts_with("https://x.com/intent/post?url="),
        "{}",
        opened[2]
    );
    assert!(opened[2].contains(&encoded(&short("x"))), "{}", opened[2]);
    let row = publisher
        .page_when(article, |row| row["button_shares"]["x"] == 1)
        .await;
    assert_eq!(row["button_shares"]["whatsapp"], 2, "{row}");
    assert!(script_errors(&reader).await.is_empty());
    reader.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_french_page_gets_french_share_buttons() {
    let Some((publisher, reader)) = open(Options::default()).await else {
        return;
    };
    reader
        .visit(&format!("{}/fr/articles/boutons", publisher.pages))
        .await;
    let labels = share_button_labels(&reader).await;
    assert_eq!(labels, ["WhatsApp", "X", "E-mail", "Copier le lien"]);
    let group = reader.run("return document.getElementById('share').getAttribute('aria-label')");
    assert_eq!(group.await, "Partager");
    assert!(script_errors(&reader).await.is_empty());
    reader.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_asking_not_to_be_tracked_is_counted_and_nothing_else_is_kept() {
    let options = Options {
        do_not_track: true,
        ..Options::default()
    };
    let Some((publisher, reader)) = open(options).await else {
        return;
    };
    reader
        .visit(&format!("{}/articles/private", publisher.pages))
        .await;
    let row = publisher
        .page_when("/articles/private", |row| row["views"] == 1)
        .await;
    assert_eq!(row["private_views"], 1, "{row}");
    assert_eq!(publisher.count("SELECT COUNT(*) FROM site_events").await, 0);
    let url = reader.client.current_url().await.unwrap();
    assert_eq!(
        url.fragment(),
        None,
        "no share id was written for this reader"
    );
    reader.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_lanterne_down_no_error_reaches_the_console_from_the_snippet() {
    let Some((mut publisher, reader)) = open(Options::default()).await else {
        return;
    };
    let article = format!("{}/articles/down", publisher.pages);
    reader.visit(&article).await;
    share_id(&reader).await;
    publisher
        .page_when("/articles/down", |row| row["views"] == 1)
        .await;
    publisher.stop_lanterne().await;

    // The page already open: a copy and a share button with Lanterne gone. The button shares
    // the page's own address instead of a short link.
    let opened = share_with(&reader, "whatsapp").await;
    assert!(
        opened.contains("localhost%3A") && opened.contains("%2Farticles%2Fdown"),
        "{opened}"
    );
    // A new page with the script cached, and one where it cannot be loaded at all.
    reader
        .visit(&format!("{}/articles/down-again", publisher.pages))
        .await;
    reader
        .client
        .wait()
        .for_element(Locator::Css("h1"))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    // What a script threw or logged: nothing. The browser itself notes each request that
    // found nobody at Lanterne's address ("Failed to load resource", source `network`); no
    // script can silence that, and those notes name Lanterne's address only.
    let console = reader.console().await;
    let (network, scripts): (Vec<_>, Vec<_>) = console
        .into_iter()
        .filter(|(_, level, _)| level == "SEVERE")
        .partition(|(source, _, _)| source == "network");
    assert!(
        scripts.is_empty(),
        "the snippet put errors in the console: {scripts:?}"
    );
    for (_, _, message) in network {
        assert!(message.starts_with(&publisher.lanterne), "{message}");
    }
    let title = reader.text_of("h1").await;
    assert_eq!(
        title, "An article worth sharing",
        "the page works as before"
    );
    reader.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_is_counted_for_a_page_outside_the_sites_domains() {
    let Some((publisher, reader)) = open(Options::default()).await else {
        return;
    };
    // The same page, on 127.0.0.1: not one of the site's domains (`localhost`).
    reader
        .visit(&format!(
            "http://127.0.0.1:{}/articles/copied-elsewhere",
            publisher.port
        ))
        .await;
    reader
        .client
        .wait()
        .for_element(Locator::Css("h1"))
        .await
        .unwrap();
    // A page of the site afterwards, to know the earlier event had its turn.
    reader
        .visit(&format!("{}/articles/home", publisher.pages))
        .await;
    publisher
        .page_when("/articles/home", |row| row["views"] == 1)
        .await;
    let (_, pages) = publisher
        .api(
            reqwest::Method::GET,
            &format!("/sites/{}/pages", publisher.site["id"]),
            None,
        )
        .await;
    assert_eq!(pages["pages"].as_array().unwrap().len(), 1, "{pages}");
    assert_eq!(publisher.count("SELECT COUNT(*) FROM site_events").await, 1);
    reader.close().await;
}

/// A browser with `options`, signed in to the publisher's Lanterne as an admin, on the
/// dashboard; `None` where there is no Chromium.
async fn signed_in_admin(publisher: &Publisher, options: Options<'_>) -> Option<Chromium> {
    let db = lanterne::db::Db::connect(&publisher.database_url)
        .await
        .unwrap();
    let password = "correct horse battery";
    add_admin(&db, "ada@example.com", password).await;
    db.close().await;
    let admin = Chromium::start(options).await?;
    admin.visit(&format!("{}/login", publisher.lanterne)).await;
    admin.fill("email", "ada@example.com").await;
    admin.fill("password", password).await;
    admin.submit("button[type=submit]").await;
    admin.url_when(|u| u.ends_with("/dashboard")).await;
    Some(admin)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_copies_the_snippet_from_settings_and_reads_the_sites_dashboard() {
    let publisher = Publisher::start().await;
    let Some(admin) = signed_in_admin(&publisher, Options::default()).await else {
        return;
    };
    let lanterne = &publisher.lanterne;

    // Settings → Sites: the snippet shown is the one the API gives, on a copy button too.
    admin.submit("nav a[href='/settings/sites']").await;
    let shown = admin.text_of("pre.snippet code").await;
    assert_eq!(shown, publisher.site["snippet"].as_str().unwrap());
    let copy = admin
        .client
        .find(Locator::Css("button[data-copy]"))
        .await
        .unwrap()
        .attr("data-copy")
        .await
        .unwrap();
    assert_eq!(copy.as_deref(), Some(shown.as_str()));
    // A second site, registered through the form.
    admin.fill("name", "Second site").await;
    admin.fill("domains", "second.example").await;
    admin
        .submit("form[action='/settings/sites'] button[type=submit]")
        .await;
    admin.url_when(|u| u.contains("#site-")).await;
    let headings = admin
        .client
        .find_all(Locator::Css("section h2"))
        .await
        .unwrap();
    let mut names = Vec::new();
    for h in headings {
        names.push(h.text().await.unwrap());
    }
    assert!(names.contains(&"Second site".to_owned()), "{names:?}");

    // A reader's view, then the site's dashboard.
    admin
        .visit(&format!("{}/articles/first", publisher.pages))
        .await;
    share_id(&admin).await;
    publisher
        .page_when("/articles/first", |row| row["views"] == 1)
        .await;
    admin.visit(&format!("{lanterne}/dashboard/sites")).await;
    admin.run("document.body.dataset.left = 'yes'").await;
    admin
        .client
        .find(Locator::LinkText("Fixture news"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let main = admin.text_of("body:not([data-left]) main").await;
    assert!(main.contains("100% of arrivals are dark"), "{main}");
    assert!(main.contains("/articles/first"), "{main}");
    let errors = script_errors(&admin).await;
    assert!(
        errors.is_empty(),
        "console errors on Lanterne's pages: {errors:?}"
    );
    admin.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_sites_in_french_fits_a_phone_without_scrolling_sideways() {
    let publisher = Publisher::start().await;
    let options = Options {
        languages: Some("fr-FR,fr"),
        ..Options::default()
    };
    let Some(admin) = signed_in_admin(&publisher, options).await else {
        return;
    };
    let lanterne = &publisher.lanterne;
    admin.client.set_window_size(375, 800).await.unwrap();
    admin.visit(&format!("{lanterne}/settings/sites")).await;
    let button = admin.text_of("button[data-copy]:last-of-type").await;
    assert!(!button.is_empty());
    let widths = admin
        .run(
            "const e = document.documentElement; \
             return [e.scrollWidth, e.clientWidth, document.documentElement.lang];",
        )
        .await;
    assert_eq!(widths[2], "fr", "{widths}");
    assert!(
        widths[0].as_i64() <= widths[1].as_i64(),
        "the page is wider than the phone: {widths}"
    );
    admin.close().await;
}
