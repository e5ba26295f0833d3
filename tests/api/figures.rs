//! Figures that must agree wherever they are shown: a link's destinations add up to its
//! total, tables are ordered by the clicks they show, every request a link answered is
//! accounted for, and previews are not called robots.

use lanterne::auth::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::both;
use crate::helpers::TestApp;

const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const ANDROID: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";
const DESKTOP: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
const WHATSAPP: &str = "WhatsApp/2.23.20.0 A";

/// A GET of `/{slug}` as a browser's navigation (or a fetcher's) sends it: its status.
async fn visit(app: &TestApp, slug: &str, user_agent: &str, extra: &[(&str, &str)]) -> u16 {
    let response = crate::link_options::visit(app, slug, user_agent, extra).await;
    response.status().as_u16()
}

/// The link's stats by destination, as `(key, clicks, previews)`, and its total clicks.
async fn by_destination(app: &TestApp, slug: &str) -> (Vec<(String, i64, i64)>, i64) {
    let path = format!("/stats?link={slug}&group_by=destination&period=24h");
    let (status, stats) = app.api(Method::GET, &path, None).await;
    assert_eq!(status, 200, "{stats}");
    let rows = (stats["rows"].as_array().unwrap().iter())
        .map(|r: &Value| {
            let n = |k: &str| r[k].as_i64().unwrap();
            (
                r["key"].as_str().unwrap().to_owned(),
                n("clicks"),
                n("previews"),
            )
        })
        .collect();
    (rows, stats["total"]["clicks"].as_i64().unwrap())
}

async fn hits_from_before_a_link_had_rules_count_for_its_url(app: &TestApp) {
    app.create_link(json!({"url": "https://example.org/landing", "slug": "grew"}))
        .await;
    for _ in 0..5 {
        assert_eq!(visit(app, "grew", DESKTOP, &[]).await, 302);
    }
    visit(app, "grew", WHATSAPP, &[]).await;
    app.wait_for_hits("grew", 6).await;
    // Some of the earlier hits folded into rollups, one not yet.
    let db = lanterne::db::Db::connect(&app.database_url).await.unwrap();
    lanterne::hits::rollup::fold_all(&db).await.unwrap();
    visit(app, "grew", DESKTOP, &[]).await;
    app.wait_for_hits("grew", 7).await;

    let rules = json!({"rules": [
        {"device": "ios", "url": "https://example.org/ios"},
        {"device": "android", "url": "https://example.org/android"},
    ]});
    let (status, body) = app.api(Method::PATCH, "/links/grew", Some(rules)).await;
    assert_eq!(status, 200, "{body}");
    visit(app, "grew", IPHONE, &[]).await;
    visit(app, "grew", ANDROID, &[]).await;
    let facebook = [("referer", "https://l.facebook.com/")];
    visit(app, "grew", DESKTOP, &facebook).await;
    app.wait_for_hits("grew", 10).await;

    let expected = (
        vec![
            ("url".to_owned(), 7, 1),
            ("rule 1".to_owned(), 1, 0),
            ("rule 2".to_owned(), 1, 0),
        ],
        9,
    );
    assert_eq!(by_destination(app, "grew").await, expected);
    // The same once every hit is folded in.
    lanterne::hits::rollup::fold_all(&db).await.unwrap();
    db.close().await;
    assert_eq!(by_destination(app, "grew").await, expected);

    // The link's dashboard shows the same rows.
    let analyst = app.signed_in("ann@example.com", Role::Analyst).await;
    let csv = analyst
        .get("/dashboard/export.csv?table=destinations&link=grew&period=24h")
        .await
        .text()
        .await
        .unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 4, "{csv}");
    assert!(
        lines[1].starts_with("The link's URL,https://example.org/landing,,7,"),
        "{csv}"
    );
}
both!(hits_from_before_a_link_had_rules_count_for_its_url);

/// Where each channel's row is in `text`, by its label, in order.
fn order_of<'a>(text: &str, labels: &[&'a str]) -> Vec<&'a str> {
    let mut found: Vec<(usize, &str)> = (labels.iter())
        .map(|label| {
            (
                text.find(label)
                    .unwrap_or_else(|| panic!("{label}: {text}")),
                *label,
            )
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, label)| label).collect()
}

async fn channel_tables_are_ordered_by_the_clicks_they_show(app: &TestApp) {
    let campaign = json!({"name": "Spring", "url": "https://shop.example/spring",
        "channels": ["facebook", "whatsapp", "email", "sms"]});
    let (status, body) = app.api(Method::POST, "/campaigns", Some(campaign)).await;
    assert_eq!(status, 201, "{body}");
    let id = body["campaign"]["id"].as_i64().unwrap();
    let mut link = std::collections::HashMap::new();
    for l in body["links"].as_array().unwrap() {
        let slug = l["slug"].as_str().unwrap();
        link.insert(
            l["channel"].as_str().unwrap().to_owned(),
            app.link_id(slug).await,
        );
    }
    let hit = |channel: &str| crate::helpers::hit(link[channel]);
    let mut rows = hit("facebook").source("public").times(2);
    // Many shares detected but fewer clicks: clicks order the rows, previews only break ties.
    rows.extend(
        hit("facebook")
            .kind("preview")
            .platform("facebook")
            .times(5),
    );
    rows.extend(hit("whatsapp").times(3));
    rows.extend(hit("email").times(3));
    rows.extend(hit("sms").kind("preview").platform("imessage").times(1));
    app.insert_hits(&rows).await;

    let expected = ["Email", "WhatsApp", "Facebook", "SMS"];
    let browser = app.signed_in("ann@example.com", Role::Marketer).await;
    let (_, html) = browser.page(&format!("/campaigns/{id}")).await;
    let labels = expected.map(|l| format!("<strong>{l}</strong>"));
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    assert_eq!(order_of(&html, &labels), labels, "the campaign's page");

    let csv = browser
        .get("/dashboard/export.csv?table=channels&period=7d&campaign=Spring")
        .await
        .text()
        .await
        .unwrap();
    let firsts: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(firsts, expected, "the dashboard's channels: {csv}");
    let (_, stats) = app
        .api(
            Method::GET,
            "/stats?campaign=Spring&group_by=channel&period=7d",
            None,
        )
        .await;
    let keys: Vec<&str> = (stats["rows"].as_array().unwrap().iter())
        .map(|r| r["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["email", "whatsapp", "facebook", "sms"], "{stats}");
}
both!(channel_tables_are_ordered_by_the_clicks_they_show);

const GOOGLEBOT: &str = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

/// The link's dashboard, in the language `accept_language`, once it shows `expected`.
async fn dashboard_showing(
    app: &TestApp,
    accept_language: &str,
    slug: &str,
    expected: &str,
) -> String {
    let analyst = app.signed_in("ann@example.com", Role::Analyst).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let path = format!("/dashboard?link={slug}&period=24h");
        let (status, html) = analyst.page_in(accept_language, &path).await;
        assert_eq!(status, 200);
        if html.contains(expected) || std::time::Instant::now() > deadline {
            return html;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

async fn a_link_s_dashboard_says_how_many_visits_were_not_tracked(app: &TestApp) {
    app.create_link(json!({"url": "https://example.org/landing", "slug": "quiet"}))
        .await;
    // Asked first: the writer stores hits in order, so it is counted once the others are.
    visit(app, "quiet", IPHONE, &[("dnt", "1")]).await;
    visit(app, "quiet", IPHONE, &[("sec-gpc", "1")]).await;
    visit(
        app,
        "quiet",
        DESKTOP,
        &[("referer", "https://blog.example/post")],
    )
    .await;
    visit(app, "quiet", GOOGLEBOT, &[]).await;
    app.wait_for_hits("quiet", 2).await;

    let expected = "And 2 visits without tracking (DNT/GPC) since the link was created";
    let html = dashboard_showing(app, "en", "quiet", expected).await;
    assert!(html.contains(expected), "{html}");
    let attendu =
        "Et 2 visites sans suivi (DNT/GPC) depuis la création du lien\u{a0}: comptées à part";
    let html = dashboard_showing(app, "fr-FR,fr;q=0.9", "quiet", attendu).await;
    assert!(html.contains(attendu), "{html}");
    // A link without any says nothing of them.
    app.create_link(json!({"url": "https://example.org/landing", "slug": "loud"}))
        .await;
    let (_, html) = (app.signed_in("bob@example.com", Role::Analyst).await)
        .page("/dashboard?link=loud&period=24h")
        .await;
    assert!(!html.contains("without tracking (DNT/GPC)"), "{html}");
}
both!(a_link_s_dashboard_says_how_many_visits_were_not_tracked);

async fn previews_and_robots_are_named_apart(app: &TestApp) {
    app.create_link(json!({"url": "https://example.org/landing", "slug": "seen"}))
        .await;
    let link = app.link_id("seen").await;
    let hit = || crate::helpers::hit(link);
    let mut rows = hit().kind("bot").platform("google").times(2);
    rows.push(hit().kind("preview").platform("whatsapp").row());
    rows.push(hit().device("mobile").row());
    app.insert_hits(&rows).await;

    let analyst = app.signed_in("ann@example.com", Role::Analyst).await;
    let csv = |table: &str| {
        let path = format!("/dashboard/export.csv?table={table}&link=seen&period=7d");
        let analyst = &analyst;
        async move { analyst.get(&path).await.text().await.unwrap() }
    };
    let recent = csv("recent").await;
    let mut seen: Vec<(String, String)> = (recent.lines().skip(1))
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            (cells[1].to_owned(), cells[6].to_owned())
        })
        .collect();
    seen.sort();
    let pair = |kind: &str, device: &str| (kind.to_owned(), device.to_owned());
    assert_eq!(
        seen,
        [
            pair("bot", "Bot"),
            pair("bot", "Bot"),
            pair("click", "Mobile"),
            pair("preview", "Link preview"),
        ],
        "{recent}"
    );
    // The devices table counts no robot: the row of their device holds the previews.
    let devices = csv("devices").await;
    assert!(devices.contains("\nLink previews,0,"), "{devices}");
    assert!(!devices.contains("Bot"), "{devices}");
}
both!(previews_and_robots_are_named_apart);

async fn the_links_list_tells_clicks_after_a_link_s_end_from_those_it_let_through(app: &TestApp) {
    let options = json!({"url": "https://example.org/landing", "slug": "once",
        "max_clicks": 1, "expired_url": "https://example.org/sold-out"});
    app.create_link(options).await;
    for _ in 0..3 {
        visit(app, "once", DESKTOP, &[]).await;
    }
    app.wait_for_hits("once", 3).await;
    let marketer = app.signed_in("mia@example.com", Role::Marketer).await;
    let row = |html: &str| {
        let start = html.find(&app.url("/once")).expect("the link's row");
        html[start..start + html[start..].find("</tr>").unwrap()].to_owned()
    };
    let (_, html) = marketer.page("/links").await;
    let once = row(&html);
    assert!(once.contains("Click limit 1 / 1"), "{once}");
    assert!(once.contains("including 2 after its end"), "{once}");
    // The same once the clicks are folded into rollups.
    let db = lanterne::db::Db::connect(&app.database_url).await.unwrap();
    lanterne::hits::rollup::fold_all(&db).await.unwrap();
    db.close().await;
    let (_, html) = marketer.page_in("fr-FR,fr;q=0.9", "/links").await;
    let once = row(&html);
    assert!(once.contains("dont 2 après sa fin"), "{once}");
}
both!(the_links_list_tells_clicks_after_a_link_s_end_from_those_it_let_through);
