//! `LANTERNE_BLOCKED_DOMAINS` as operators write it (a URL, a trailing `/`, `*.`, an accented
//! name), for new links and for the links made before a domain was blocked: by their URL or by
//! any destination of their options (rules, variants, `expired_url`), as the redirect, the
//! lists, their filters and the API's view tell them.

use lanterne::auth::Role;
use lanterne::config::ServeArgs;
use lanterne::db::Db;
use reqwest::Method;
use serde_json::{Value, json};

use crate::both;
use crate::filter_names::listed;
use crate::helpers::process::{Server, create_token};
use crate::helpers::{
    Backend, TestApp, client, execute, forget_database, fresh_database, serve_args,
};
use crate::ui_links::{order, row};

/// A link's slug and destination.
const LINKS: [(&str, &str); 4] = [
    ("ok1", "https://x.com/"),
    ("sub1", "https://www.x.com/a"),
    ("idn1", "https://café.fr/menu"),
    ("fine", "https://example.org/"),
];

async fn links_made_before_their_domain_was_blocked_answer_410(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    let token = create_token(&database_url).await;
    let http = client();
    let before = Server::start(&database_url, &[], false).await;
    let split = json!([
        { "url": "https://example.org/a", "weight": 1 },
        { "url": "https://x.com/b", "weight": 1 },
    ]);
    let made = LINKS
        .iter()
        .map(|(slug, url)| json!({ "url": url, "slug": slug }))
        .chain([json!({ "url": "https://example.org/", "slug": "ab1", "variants": split })]);
    for body in made {
        let made = http
            .post(format!("{}/api/v1/links", before.base))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(made.status(), 201, "{body}");
    }
    before.stop();

    let blocked = [("LANTERNE_BLOCKED_DOMAINS", "https://x.com/, *.café.fr")];
    let after = Server::start(&database_url, &blocked, true).await;
    for slug in ["ok1", "sub1", "idn1", "ab1"] {
        let answer = http
            .get(format!("{}/{slug}", after.base))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 410, "{slug}");
    }
    let answer = http
        .get(format!("{}/fine", after.base))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 302);
    let refused = http
        .post(format!("{}/api/v1/links", after.base))
        .bearer_auth(&token)
        .json(&json!({ "url": "https://shop.café.fr/" }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let logs = after.stop();
    assert!(
        logs.contains(
            "4 links point at a domain of LANTERNE_BLOCKED_DOMAINS and answer 410 Gone: ok1, sub1, idn1, ab1;"
        ),
        "{logs}"
    );
    forget_database(&database_url).await;
}
both!(
    links_made_before_their_domain_was_blocked_answer_410,
    backend
);

/// `lanterne import csv FILE --dry-run` with `LANTERNE_BLOCKED_DOMAINS=list`: its summary line.
fn dry_run(app: &TestApp, file: &std::path::Path, list: &str) -> String {
    let done = std::process::Command::new(env!("CARGO_BIN_EXE_lanterne"))
        .args(["import", "csv", "--dry-run"])
        .arg(file)
        .env("DATABASE_URL", &app.database_url)
        .env("LANTERNE_BLOCKED_DOMAINS", list)
        .env("RUST_LOG", "warn")
        .env_remove("RUST_BACKTRACE")
        .output()
        .unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&done.stdout),
        String::from_utf8_lossy(&done.stderr)
    )
}

async fn an_import_refuses_blocked_domains_however_they_are_written(app: &TestApp) {
    let file = std::env::temp_dir().join(format!("blocked-{}.csv", app.addr.port()));
    std::fs::write(
        &file,
        "url,slug\nhttps://bad.org/z,u1\nhttps://café.fr/x,idn1\nhttps://www.bad.org/y,w1\nhttps://fine.org/,ok\n",
    )
    .unwrap();
    for list in [
        "https://bad.org/,café.fr",
        "bad.org/, *.CAFÉ.fr",
        "*.bad.org,https://xn--caf-dma.fr",
    ] {
        let said = dry_run(app, &file, list);
        assert!(
            said.contains("Would import 1 link; 0 unchanged; 3 not imported."),
            "{list}: {said}"
        );
    }
    let said = dry_run(app, &file, "bad.org/phishing");
    assert!(
        said.contains("\"bad.org/phishing\": whole domains are blocked, not pages: write bad.org"),
        "{said}"
    );
    let said = dry_run(app, &file, "bad org");
    assert!(said.contains("\"bad org\" is not a domain name"), "{said}");
    std::fs::remove_file(file).unwrap();
}
both!(an_import_refuses_blocked_domains_however_they_are_written);

/// The refusal of a request to the API: its status and message.
async fn refused(app: &TestApp, method: Method, path: &str, body: Value) -> (u16, String) {
    let (status, answer) = app.api(method, path, Some(body)).await;
    (
        status,
        answer["error"].as_str().unwrap_or_default().to_owned(),
    )
}

/// What the API says of a destination on the tests' blocked domain (`blocked.example`).
fn on_blocked(place: &str, url: &str) -> String {
    format!(
        "{place}{url} is on blocked.example, a domain this server blocks: links to it are not allowed"
    )
}

async fn every_destination_on_a_blocked_domain_is_refused_naming_it(app: &TestApp) {
    let url = "https://example.org/";
    let bad = "https://www.blocked.example/x";
    let ios = |to: &str| json!([{ "device": "ios", "url": to }]);
    let split = json!([{ "url": url, "weight": 1 }, { "url": bad, "weight": 1 }]);
    for (body, said) in [
        (json!({ "url": bad }), on_blocked("", bad)),
        (
            json!({ "url": url, "rules": ios(bad) }),
            on_blocked("rule 1: ", bad),
        ),
        (
            json!({ "url": url, "variants": split }),
            on_blocked("variant 2: ", bad),
        ),
        (
            json!({ "url": url, "max_clicks": 3, "expired_url": bad }),
            on_blocked("expired_url: ", bad),
        ),
    ] {
        let answer = refused(app, Method::POST, "/links", body.clone()).await;
        assert_eq!(answer, (422, said), "{body}");
    }
    app.create_link(json!({ "url": url, "slug": "fine", "rules": ios(url) }))
        .await;
    let answer = refused(
        app,
        Method::PATCH,
        "/links/fine",
        json!({ "rules": ios(bad) }),
    )
    .await;
    assert_eq!(answer, (422, on_blocked("rule 1: ", bad)));
    assert_eq!(app.link("fine").await["rules"][0]["url"], url);
}
both!(every_destination_on_a_blocked_domain_is_refused_naming_it);

/// A navigation to `/{slug}` from a desktop browser: its status and `Location`.
async fn visit(app: &TestApp, slug: &str) -> (u16, Option<String>) {
    let answer = app
        .http
        .get(app.url(&format!("/{slug}")))
        .header("user-agent", crate::ui_links::CHROME)
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    let location = answer.headers().get("location");
    let location = location.map(|l| l.to_str().unwrap().to_owned());
    (answer.status().as_u16(), location)
}

/// Links whose options lead to example.net, then example.net blocked under them, as a
/// database holds links made before their domain was blocked (the tests' server blocks
/// `blocked.example`): the slugs of those blocked, by a rule, a variant and `expired_url`.
async fn links_blocked_since(app: &TestApp) -> [&'static str; 3] {
    let to = "https://example.net/";
    let split =
        json!([{ "url": "https://example.org/a", "weight": 1 }, { "url": to, "weight": 1 }]);
    for body in [
        json!({ "slug": "by-rule", "rules": [{ "device": "desktop", "url": to }] }),
        json!({ "slug": "by-variant", "variants": split }),
        json!({ "slug": "by-expiry", "expires_at": "2020-01-01T00:00:00Z", "expired_url": to }),
        json!({ "slug": "untouched" }),
    ] {
        let mut body = body;
        body["url"] = json!("https://example.org/");
        app.create_link(body).await;
    }
    let db = Db::connect(&app.database_url).await.unwrap();
    execute(
        &db,
        "UPDATE links SET options = REPLACE(options, 'https://example.net/', 'https://www.blocked.example/')",
    )
    .await;
    db.close().await;
    ["by-rule", "by-variant", "by-expiry"]
}

async fn links_whose_option_is_on_a_domain_blocked_since_answer_410(app: &TestApp) {
    let blocked = links_blocked_since(app).await;
    for slug in blocked {
        // Asked several times: a variant is drawn at random.
        for _ in 0..6 {
            assert_eq!(visit(app, slug).await, (410, None), "{slug}");
        }
    }
    let fine = visit(app, "untouched").await;
    assert_eq!(fine, (302, Some("https://example.org/".to_owned())));
    // The redirect it got is stored as a hit, as before.
    app.wait_for_hits("untouched", 1).await;

    // Changing its options another way keeps no blocked destination.
    let answer = refused(
        app,
        Method::PATCH,
        "/links/by-rule",
        json!({ "max_clicks": 5 }),
    )
    .await;
    assert_eq!(
        answer,
        (422, on_blocked("rule 1: ", "https://www.blocked.example/"))
    );
}
both!(links_whose_option_is_on_a_domain_blocked_since_answer_410);

async fn the_links_page_shows_links_blocked_since_as_blocked_saying_why(app: &TestApp) {
    let blocked = links_blocked_since(app).await;
    let b = app.signed_in("marie@agence.fr", Role::Marketer).await;
    let html = b.page_in("fr-FR,fr;q=0.9", "/links").await.1;
    for (slug, place) in blocked.into_iter().zip([
        "la destination de la règle 1",
        "la destination de la variante 2",
        "sa destination après expiration",
    ]) {
        let shown = row(app, &html, slug);
        assert!(shown.contains("<strong>Bloqué</strong>"), "{shown}");
        let why = format!(
            "{place} est sur blocked.example, un domaine bloqué par ce serveur\u{a0}: les visiteurs reçoivent 410 Gone"
        );
        assert!(shown.contains(&why), "{why} not in {shown}");
    }
    assert!(row(app, &html, "untouched").contains(">Actif"), "{html}");
    let html = b.page("/links").await.1;
    let shown = row(app, &html, "by-rule");
    assert!(shown.contains("<strong>Blocked</strong>"), "{shown}");
    assert!(
        shown.contains("the destination of rule 1 is on blocked.example, a domain this server blocks: visitors get 410 Gone"),
        "{shown}"
    );
}
both!(the_links_page_shows_links_blocked_since_as_blocked_saying_why);

/// A server on `database_url` blocking `blocked` (comma-separated; `""` for none).
async fn blocking(database_url: &str, blocked: &str) -> TestApp {
    let args = ServeArgs {
        blocked_domains: blocked.parse().unwrap(),
        ..serve_args()
    };
    TestApp::spawn_on(database_url, args).await
}

/// The links of [`a_link_blocked_since_says_so_in_the_api_and_leaves_the_on_filter`].
const ALL: [&str; 4] = ["fine", "by-url", "by-rule", "off"];

async fn a_link_blocked_since_says_so_in_the_api_and_leaves_the_on_filter(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    let before = blocking(&database_url, "").await;
    let bad = "https://shop.bad.org/x";
    for body in [
        json!({ "slug": "fine", "url": "https://example.org/" }),
        json!({ "slug": "by-url", "url": bad }),
        json!({ "slug": "by-rule", "url": "https://example.org/",
                "rules": [{ "country": "FR", "url": bad }] }),
        json!({ "slug": "off", "url": bad }),
    ] {
        before.create_link(body).await;
    }
    before.turn_off("off").await;
    before.stop().await;

    let app = blocking(&database_url, "bad.org").await;
    let link = app.link("by-rule").await;
    assert_eq!(
        (&link["enabled"], &link["blocked"], &link["blocked_domain"]),
        (&json!(true), &json!(true), &json!("bad.org")),
        "{link}"
    );
    let link = app.link("off").await;
    assert_eq!(
        (&link["enabled"], &link["blocked"]),
        (&json!(false), &json!(true))
    );
    let link = app.link("fine").await;
    assert_eq!(
        (&link["blocked"], &link["blocked_domain"]),
        (&json!(false), &Value::Null)
    );
    // `enabled` filters on what the owner set; `blocked` on the blocklist.
    assert_eq!(
        listed(&app, "enabled=true").await,
        ["by-rule", "by-url", "fine"]
    );
    assert_eq!(listed(&app, "enabled=true&blocked=false").await, ["fine"]);
    assert_eq!(
        listed(&app, "blocked=true").await,
        ["off", "by-rule", "by-url"]
    );
    assert_eq!(listed(&app, "enabled=false&blocked=false").await, [""; 0]);
    // The Links page's State filter: a blocked link is Blocked, on or off, as its cell says.
    let b = app.signed_in("ana@example.com", Role::Analyst).await;
    for (state, shown) in [
        ("on", &["fine"][..]),
        ("off", &[]),
        ("blocked", &["by-url", "by-rule", "off"]),
        ("", &ALL),
    ] {
        let html = b
            .page(&format!("/links?enabled={state}&sort=oldest"))
            .await
            .1;
        assert_eq!(order(&app, &html, &ALL), shown, "enabled={state}");
    }
    let html = b.page("/links?enabled=blocked").await.1;
    assert!(
        html.contains("<option value=\"blocked\" selected>"),
        "{html}"
    );
    app.stop().await;

    // Unblocked, they are back as their owner left them.
    let app = blocking(&database_url, "").await;
    let link = app.link("by-url").await;
    assert_eq!(
        (&link["enabled"], &link["blocked"], &link["blocked_domain"]),
        (&json!(true), &json!(false), &Value::Null),
        "{link}"
    );
    assert_eq!(
        listed(&app, "enabled=true&blocked=false").await,
        ["by-rule", "by-url", "fine"]
    );
    assert_eq!(listed(&app, "blocked=true").await, [""; 0]);
    let b = app.signed_in("ana@example.com", Role::Analyst).await;
    let html = b.page("/links?enabled=on&sort=oldest").await.1;
    assert_eq!(order(&app, &html, &ALL), ["fine", "by-url", "by-rule"]);
    let html = b.page("/links?enabled=off").await.1;
    assert_eq!(order(&app, &html, &ALL), ["off"]);
    app.stop().await;
    forget_database(&database_url).await;
}
both!(
    a_link_blocked_since_says_so_in_the_api_and_leaves_the_on_filter,
    backend
);
