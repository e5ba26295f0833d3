//! Campaigns as records: the share kit creates or reuses one, more channels join it, UTM
//! tagging on and off, and campaigns named only by links (the API, older data) have records.

use lanterne::auth::Role;
use lanterne::campaigns::NewCampaign;
use lanterne::db::Db;
use serde_json::{Value, json};

use crate::both;
use crate::helpers::{TestApp, execute, id_after};

/// The links of a campaign through the API, by channel.
async fn links_of(app: &TestApp, campaign: &str) -> Vec<Value> {
    let path = format!("/links?campaign={}", campaign.replace(' ', "%20"));
    let (_, list) = app.api(reqwest::Method::GET, &path, None).await;
    list["links"].as_array().unwrap().clone()
}

fn url_of(links: &[Value], channel: &str) -> String {
    let link = links.iter().find(|l| l["channel"] == channel).unwrap();
    link["url"].as_str().unwrap().to_owned()
}

async fn the_share_kit_creates_or_reuses_the_campaign(app: &TestApp) {
    let b = app.signed_in("mark@example.com", Role::Marketer).await;
    let kit = async |campaign: &str, url: &str, channels: &[&str]| {
        let mut form = vec![
            ("campaign", campaign),
            ("url", url),
            ("tags", "offers, Family"),
            ("utm", "on"),
        ];
        form.extend(channels.iter().map(|c| ("channel", *c)));
        let response = b.post("/links/kit", &form).await;
        (response.status().as_u16(), response.text().await.unwrap())
    };
    let (status, html) = kit(
        "Spring sale",
        "https://shop.example/spring?ref=kit",
        &["whatsapp", "email", "facebook"],
    )
    .await;
    assert_eq!(status, 201, "{html}");
    assert!(html.contains("3 links for Spring sale"));
    let id = id_after(&html, "href=\"/campaigns/");

    let links = links_of(app, "Spring sale").await;
    assert_eq!(links.len(), 3);
    assert_eq!(
        url_of(&links, "email"),
        "https://shop.example/spring?ref=kit&utm_source=email&utm_medium=email&utm_campaign=spring-sale"
    );
    assert!(
        links
            .iter()
            .all(|l| l["tags"] == json!(["offers", "family"]))
    );

    let (status, list) = b.page("/campaigns").await;
    assert_eq!(status, 200);
    assert!(
        list.contains(&format!("href=\"/campaigns/{id}\">Spring sale</a>")),
        "{list}"
    );
    let (status, campaign) = b.page(&format!("/campaigns/{id}")).await;
    assert_eq!(status, 200);
    assert!(campaign.contains("https://shop.example/spring?ref=kit"));
    assert!(campaign.contains("utm_campaign=spring-sale"));
    for link in &links {
        let slug = link["slug"].as_str().unwrap();
        assert!(
            campaign.contains(&format!("/links/{slug}/qr.svg")),
            "QR of {slug}"
        );
        assert!(campaign.contains(&format!(
            "data-copy=\"{}\"",
            link["short_url"].as_str().unwrap()
        )));
    }

    // The same name in other letters, or with another destination, is another campaign: refused.
    let (status, html) = kit(
        "spring SALE",
        "https://shop.example/spring?ref=kit",
        &["sms"],
    )
    .await;
    assert_eq!(status, 409);
    assert!(
        html.contains("A campaign named &#34;Spring sale&#34; already exists"),
        "{html}"
    );
    let (status, html) = kit("Spring sale", "https://shop.example/other", &["sms"]).await;
    assert_eq!(status, 409);
    assert!(
        html.contains("already exists with the destination https://shop.example/spring?ref=kit")
    );
    // The same campaign again: the new links join it.
    let (status, html) = kit(
        "Spring sale",
        "https://shop.example/spring?ref=kit",
        &["sms"],
    )
    .await;
    assert_eq!(status, 201);
    assert!(html.contains("joined the existing campaign"));
    assert_eq!(id_after(&html, "href=\"/campaigns/"), id);
    assert_eq!(links_of(app, "Spring sale").await.len(), 4);
    // Refusals say what is wrong and create nothing.
    let (status, html) = kit("Autumn", "https://shop.example/autumn", &[]).await;
    assert_eq!(status, 422);
    assert!(html.contains("Choose at least one channel."));
    let (status, html) = kit("Autumn", "javascript:alert(1)", &["sms"]).await;
    assert_eq!(status, 422);
    assert!(html.contains("Only http and https URLs are allowed"));
    assert!(!b.page("/campaigns").await.1.contains("Autumn"));

    // A newer campaign comes first; an analyst reads campaigns but cannot add links.
    assert_eq!(
        kit("Autumn", "https://shop.example/autumn", &["x"]).await.0,
        201
    );
    let list = b.page("/campaigns").await.1;
    assert!(list.find(">Autumn<").unwrap() < list.find(">Spring sale<").unwrap());
    let analyst = app.signed_in("ana@example.com", Role::Analyst).await;
    assert_eq!(analyst.page(&format!("/campaigns/{id}")).await.0, 200);
    let path = format!("/campaigns/{id}/links");
    let response = analyst.post(&path, &[("channel", "x")]).await;
    assert_eq!(response.status(), 403);
}
both!(the_share_kit_creates_or_reuses_the_campaign);

async fn channels_join_an_existing_campaign_with_or_without_utm(app: &TestApp) {
    let b = app.signed_in("mark@example.com", Role::Marketer).await;
    // UTM turned off: the box is not sent.
    let form = [
        ("campaign", "Launch"),
        ("url", "https://acme.example/launch"),
        ("channel", "linkedin"),
    ];
    let response = b.post("/links/kit", &form).await;
    assert_eq!(response.status(), 201);
    let id = id_after(&response.text().await.unwrap(), "href=\"/campaigns/");
    let campaign = format!("/campaigns/{id}");
    let add = format!("{campaign}/links");

    let response = b
        .post(&add, &[("channel", "slack"), ("channel", "x")])
        .await;
    let (_, html) = b.follow(response).await;
    assert!(html.contains("2 links added."), "{html}");
    assert!(
        !html.contains("value=\"slack\""),
        "a channel with a link is not offered again"
    );
    let links = links_of(app, "Launch").await;
    assert_eq!(links.len(), 3);
    assert!(
        links
            .iter()
            .all(|l| l["url"] == "https://acme.example/launch"),
        "no UTM: {links:?}"
    );

    // New settings apply to links made from now on; older ones keep their destination.
    let settings = [
        ("url", "https://acme.example/v2"),
        ("tags", "tech"),
        ("utm", "on"),
        ("utm_campaign", "launch-2026"),
    ];
    let (_, html) = b.submit(&campaign, &settings).await;
    assert!(html.contains("Saved"));
    let response = b.post(&add, &[("channel", "email")]).await;
    assert_eq!(response.status(), 303);
    let links = links_of(app, "Launch").await;
    assert_eq!(
        url_of(&links, "email"),
        "https://acme.example/v2?utm_source=email&utm_medium=email&utm_campaign=launch-2026"
    );
    assert_eq!(url_of(&links, "slack"), "https://acme.example/launch");
    let email = links.iter().find(|l| l["channel"] == "email").unwrap();
    assert_eq!(email["tags"], json!(["tech"]));

    // Refusals.
    let tick = "Choose at least one channel.";
    b.assert_refused(&add, &[], 422, tick).await;
    let unknown = [("channel", "carrier-pigeon")];
    b.assert_refused(&add, &unknown, 422, "is not in the catalogue")
        .await;
    let bad = [("url", "ftp://acme.example/")];
    b.assert_refused(&campaign, &bad, 422, "Only http and https")
        .await;
    assert_eq!(b.page("/campaigns/999999").await.0, 404);
    assert_eq!(b.page("/campaigns/nope").await.0, 404);
}
both!(channels_join_an_existing_campaign_with_or_without_utm);

async fn campaigns_named_by_links_have_records(app: &TestApp) {
    let link = app
        .create_link(json!({
            "url": "https://x.example/a?utm_source=news&utm_campaign=api-spring",
            "campaign": "From the API",
            "channel": "newsletter",
            "tags": ["news"],
        }))
        .await;
    let slug = link["slug"].as_str().unwrap();
    let (status, _) = app
        .api(
            reqwest::Method::PATCH,
            &format!("/links/{slug}"),
            Some(json!({ "campaign": "Renamed" })),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(app.get(&format!("/{slug}")).await.status(), 302);
    app.wait_for_hits(slug, 1).await;

    let db = Db::connect(&app.database_url).await.unwrap();
    let record = db.campaign_named("From the API").await.unwrap().unwrap();
    assert_eq!(
        (
            record.url.as_str(),
            record.utm,
            record.utm_campaign.as_str()
        ),
        ("https://x.example/a", true, "api-spring")
    );
    assert_eq!(record.tags, ["news"]);
    let renamed = db.campaign_named("renamed").await.unwrap().unwrap();
    assert_eq!(renamed.name, "Renamed");
    let summaries = db.campaigns().await.unwrap();
    let summary = summaries
        .iter()
        .find(|s| s.campaign.name == "Renamed")
        .unwrap();
    assert_eq!((summary.links, summary.hits), (1, 1));
    let old = summaries
        .iter()
        .find(|s| s.campaign.name == "From the API")
        .unwrap();
    assert_eq!((old.links, old.hits), (0, 0));

    // A database from before campaigns were records: migration 0006 makes them from links.
    let new = NewCampaign::from_link("x", "https://x.example/", Some("email"), &[]);
    assert!(!new.utm);
    let tagged =
        "https://shop.example/s?x=1&utm_source=wa&utm_medium=messaging&utm_campaign=Old+one#top";
    for (slug, url) in [("old1", tagged), ("old2", "https://shop.example/other")] {
        let body = json!({ "url": url, "slug": slug, "campaign": "Old one" });
        app.create_link(body).await;
    }
    app.create_link(json!({ "url": "https://p.example/", "slug": "plain", "campaign": "Plain" }))
        .await;
    // Tables made since (report_shares) refer to campaigns: PostgreSQL drops those references.
    let drop_campaigns = match db {
        Db::Postgres(_) => "DROP TABLE campaigns CASCADE",
        Db::Sqlite(..) => "DROP TABLE campaigns",
    };
    for sql in [
        drop_campaigns,
        "DROP TABLE custom_channels",
        "DELETE FROM _sqlx_migrations WHERE version = 6",
        "DELETE FROM _sqlx_migrations WHERE version = 25",
    ] {
        execute(&db, sql).await;
    }
    db.close().await;
    let db = Db::connect(&app.database_url).await.unwrap();
    // Migrations 6 and 25 made the table again; the column migration 12 added to it comes back
    // too.
    execute(&db, "ALTER TABLE campaigns ADD COLUMN preview TEXT").await;
    let old = db.campaign_named("Old one").await.unwrap().unwrap();
    assert_eq!(
        (old.url.as_str(), old.utm, old.utm_campaign.as_str()),
        ("https://shop.example/s?x=1#top", true, "Old one")
    );
    let plain = db.campaign_named("Plain").await.unwrap().unwrap();
    assert_eq!(
        (plain.url.as_str(), plain.utm),
        ("https://p.example/", false)
    );
    assert!(
        db.campaign_named("From the API").await.unwrap().is_none(),
        "no link names it now"
    );
    assert_eq!(db.campaigns().await.unwrap().len(), 3);
    db.close().await;
}
both!(campaigns_named_by_links_have_records);
