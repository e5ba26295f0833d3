//! `POST /e/link`: a share button's short link, one per page and channel, minted on first use
//! in a campaign named after the site; clicks on it counted as the page's share clicks.

use reqwest::Method;
use serde_json::{Value, json};

use crate::both;
use crate::helpers::TestApp;
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

    let (status, list) = app
        .api(Method::GET, "/links?campaign=Daily%20News", None)
        .await;
    assert_eq!(status, 200);
    let mut links: Vec<(String, String)> = list["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
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
    let (_, list) = app.api(Method::GET, "/links?campaign=News", None).await;
    assert_eq!(
        list["links"].as_array().unwrap().len(),
        29,
        "30 asked in the minute (the refused one for Lanterne's host among them)"
    );
}
both!(links_only_for_the_sites_pages_and_never_too_many);
