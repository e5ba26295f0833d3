//! `POST /e/link`: a share button's short link, one per page and channel, minted on first use
//! for the site (in no campaign); clicks on it counted as the page's share clicks.

use reqwest::Method;
use serde_json::{Value, json};

use lanterne::db::Db;

use crate::both;
use crate::helpers::{TestApp, execute};
use crate::sites::register;

/// Asks for a page's link as the snippet does (`fetch` with a `text/plain` body).
async fn ask(app: &TestApp, site: &Value, url: &str, channel: &str) -> (u16, Value) {
    let body = json!({ "site": site["key"], "url": url, "channel": channel });
    let response = app
        .http
        .post(app.url("/e/link"))
        .header("content-type", "text/plain;charset=UTF-8")
        .header("origin", "https://news.example")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "*",
        "the page's script may read every answer"
    );
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn one_link_per_page_and_channel_clicks_counted(app: &TestApp) {
    let site = register(app, "Daily News", &["news.example"]).await;
    let page = "https://news.example/story";
    let (status, first) = ask(
        app,
        &site,
        &format!("{page}?utm_source=x&id=3#top"),
        "whatsapp",
    )
    .await;
    assert_eq!(status, 200, "{first}");
    let short = first["short_url"].as_str().unwrap().to_owned();
    assert!(short.starts_with(&format!("{}/", app.base)), "{short}");
    let (_, again) = ask(app, &site, page, "whatsapp").await;
    assert_eq!(
        again["short_url"], short,
        "the page's WhatsApp link is minted once"
    );
    let (_, copy) = ask(app, &site, page, "copy").await;
    assert_ne!(copy["short_url"], short, "another channel, another link");

    let (status, list) = app.api(Method::GET, "/links", None).await;
    assert_eq!(status, 200);
    let mut links: Vec<(String, String)> = list["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            assert_eq!(
                l["campaign"],
                Value::Null,
                "the site's, in no campaign: {l}"
            );
            (
                l["channel"].as_str().unwrap().into(),
                l["url"].as_str().unwrap().into(),
            )
        })
        .collect();
    links.sort();
    assert_eq!(
        links,
        [
            (
                "copy-link".to_owned(),
                format!("{page}?utm_source=copy-link&utm_medium=referral&utm_campaign=daily-news")
            ),
            (
                "whatsapp".to_owned(),
                format!("{page}?utm_source=whatsapp&utm_medium=messaging&utm_campaign=daily-news")
            ),
        ]
    );

    // A friend follows the WhatsApp link: an ordinary hit, and the page's share click.
    let slug = short.rsplit('/').next().unwrap();
    let followed = app
        .http
        .get(&short)
        .header("user-agent", crate::site_events::CHROME)
        .send()
        .await
        .unwrap();
    assert_eq!(followed.status(), 302);
    app.wait_for_hits(slug, 1).await;
    let path = format!("/sites/{}/pages", site["id"]);
    let (_, pages) = app.api(Method::GET, &path, None).await;
    assert_eq!(pages["pages"][0]["url"], page);
    assert_eq!(pages["pages"][0]["share_clicks"], 1);

    // The links page names the site that made them, where a campaign would be.
    let analyst = app
        .signed_in("ann@example.com", lanterne::auth::Role::Analyst)
        .await;
    let (status, html) = analyst.page("/links").await;
    assert_eq!(status, 200);
    let named = format!(
        r#"<a href="/dashboard/sites/{}">Share button on Daily News</a>"#,
        site["id"]
    );
    assert_eq!(html.matches(&named).count(), 2, "{html}");
    let (_, french) = analyst.page_in("fr-FR,fr;q=0.9", "/links").await;
    assert!(
        french.contains("Bouton de partage du site Daily News"),
        "{french}"
    );
}
both!(one_link_per_page_and_channel_clicks_counted);

async fn links_only_for_the_sites_pages_and_never_too_many(app: &TestApp) {
    let site = register(app, "News", &["news.example", "127.0.0.1"]).await;
    for (url, channel, status, error) in [
        (
            "https://elsewhere.example/a",
            "whatsapp",
            403,
            "elsewhere.example is not one of the site's domains",
        ),
        (
            "https://news.example/a",
            "myspace",
            422,
            "channel \"myspace\" is not a share button",
        ),
    ] {
        let (got, answer) = ask(app, &site, url, channel).await;
        assert_eq!((got, answer["error"].as_str()), (status, Some(error)));
    }
    // Lanterne's own host cannot be a destination: the snippet then shares the page itself.
    let (status, answer) = ask(app, &site, "http://127.0.0.1/a", "x").await;
    assert_eq!(status, 422, "{answer}");
    let mut last = 0;
    for i in 0..31 {
        last = ask(app, &site, &format!("https://news.example/{i}"), "x")
            .await
            .0;
    }
    assert_eq!(last, 429, "one client asks for at most 30 links a minute");
    let (_, list) = app.api(Method::GET, "/links", None).await;
    assert_eq!(
        list["links"].as_array().unwrap().len(),
        29,
        "30 asked in the minute (the refused one for Lanterne's host among them)"
    );
}
both!(links_only_for_the_sites_pages_and_never_too_many);

/// The campaigns a client's links belong to, and how many links each has.
async fn campaign_links(app: &TestApp) -> Vec<(String, i64)> {
    let (_, list) = app.api(Method::GET, "/campaigns", None).await;
    list["campaigns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().into(),
                c["links"].as_i64().unwrap(),
            )
        })
        .collect()
}

/// A client's campaign, "Soldes d'hiver 2026", with two links of its own.
async fn clients_campaign(app: &TestApp) {
    let start = json!({
        "name": "Soldes d'hiver 2026",
        "url": "https://client.example/soldes",
        "channels": ["whatsapp", "email"],
    });
    let (status, started) = app.api(Method::POST, "/campaigns", Some(start)).await;
    assert_eq!(status, 201, "{started}");
}

async fn a_site_named_like_a_clients_campaign_keeps_its_links_out_of_it(app: &TestApp) {
    clients_campaign(app).await;
    let site = register(app, "Agence", &["news.example"]).await;
    let (status, renamed) = app
        .api(
            Method::PATCH,
            &format!("/sites/{}", site["id"]),
            Some(json!({ "name": "Soldes d'hiver 2026" })),
        )
        .await;
    assert_eq!(status, 200, "{renamed}");
    let (status, x) = ask(app, &site, "https://news.example/a", "x").await;
    assert_eq!(status, 200, "{x}");
    // Renamed again: its links stay together, whatever its name.
    let (status, _) = app
        .api(
            Method::PATCH,
            &format!("/sites/{}", site["id"]),
            Some(json!({ "name": "Agence 2" })),
        )
        .await;
    assert_eq!(status, 200);
    let (status, wa) = ask(app, &site, "https://news.example/a", "whatsapp").await;
    assert_eq!(status, 200, "{wa}");
    assert_eq!(
        campaign_links(app).await,
        [("Soldes d'hiver 2026".to_owned(), 2)],
        "the client's campaign has its own two links, and no other campaign started"
    );
    let (_, list) = app
        .api(
            Method::GET,
            "/links?campaign=Soldes%20d%27hiver%202026",
            None,
        )
        .await;
    assert_eq!(list["links"].as_array().unwrap().len(), 2, "{list}");
    // Both button links are still the page's, counted for the site.
    let (_, again) = ask(app, &site, "https://news.example/a", "x").await;
    assert_eq!(again["short_url"], x["short_url"]);
}
both!(a_site_named_like_a_clients_campaign_keeps_its_links_out_of_it);

async fn button_links_minted_into_a_campaign_before_leave_it_with_their_hits(app: &TestApp) {
    clients_campaign(app).await;
    let renamed = register(app, "Agence", &["news.example"]).await;
    let daily = register(app, "Daily", &["daily.example"]).await;
    assert_eq!(
        ask(app, &renamed, "https://news.example/a", "x").await.0,
        200
    );
    let (_, minted) = ask(app, &daily, "https://daily.example/a", "whatsapp").await;
    // What Lanterne made before migration 23: a site renamed like the client's campaign had
    // put its link in it, and a site's links had a campaign of their own named after it.
    let db = Db::connect(&app.database_url).await.unwrap();
    for sql in [
        "UPDATE links SET campaign = 'Soldes d''hiver 2026' WHERE id IN \
         (SELECT link_id FROM site_links WHERE site_id = (SELECT id FROM sites WHERE name = 'Agence'))",
        "UPDATE links SET campaign = 'Daily' WHERE id IN \
         (SELECT link_id FROM site_links WHERE site_id = (SELECT id FROM sites WHERE name = 'Daily'))",
        "INSERT INTO campaigns (name, url, utm_campaign, created_at) \
         VALUES ('Daily', 'https://daily.example/a', 'daily', 0)",
        "DELETE FROM _sqlx_migrations WHERE version = 23",
    ] {
        execute(&db, sql).await;
    }
    assert_eq!(campaign_links(app).await.len(), 2);
    db.close().await;
    let db = Db::connect(&app.database_url).await.unwrap();
    db.close().await;
    assert_eq!(
        campaign_links(app).await,
        [("Soldes d'hiver 2026".to_owned(), 2)],
        "the client's campaign has its own links again, and the site's campaign went"
    );
    let (_, again) = ask(app, &daily, "https://daily.example/a", "whatsapp").await;
    assert_eq!(
        again["short_url"], minted["short_url"],
        "the link is still the page's"
    );
}
both!(button_links_minted_into_a_campaign_before_leave_it_with_their_hits);

/// The Links page's download names the site whose button made a link (such a link has no
/// campaign), and counts its clicks beside its hits, as the page does.
async fn the_links_download_names_a_button_s_site_and_counts_its_clicks(app: &TestApp) {
    let site = register(app, "Daily News", &["news.example"]).await;
    let (_, made) = ask(app, &site, "https://news.example/story", "whatsapp").await;
    let short = made["short_url"].as_str().unwrap();
    let slug = short.rsplit('/').next().unwrap().to_owned();
    let id = app.link_id(&slug).await;
    let mut rows = crate::helpers::hit(id).times(2);
    rows.push(crate::helpers::hit(id).kind("bot").row());
    app.insert_hits(&rows).await;

    let analyst = app
        .signed_in("analyst@example.com", lanterne::auth::Role::Analyst)
        .await;
    let csv = analyst.get("/links/export.csv").await.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let row = (reader.records().map(Result::unwrap))
        .find(|r| r[0] == *slug)
        .unwrap_or_else(|| panic!("no {slug} in {csv}"));
    let cell = |column: &str| row[header.iter().position(|h| h == column).unwrap()].to_owned();
    assert_eq!(
        (cell("hits"), cell("clicks"), cell("site"), cell("campaign")),
        ("3".into(), "2".into(), "Daily News".into(), String::new())
    );
}
both!(the_links_download_names_a_button_s_site_and_counts_its_clicks);
