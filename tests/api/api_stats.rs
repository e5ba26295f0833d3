//! `/api/v1/stats`: the dashboard's numbers for programs, counted from hits written straight
//! into the database.

use serde_json::Value;

use crate::both;
use crate::helpers::{TestApp, hit};

async fn stats_api_counts_known_hits(app: &TestApp) {
    for (slug, channel, tag) in [("fb", "facebook", "travel"), ("wa", "whatsapp", "food")] {
        app.create_link(serde_json::json!({ "url": "https://example.com/", "slug": slug, "channel": channel, "tags": [tag] })).await;
    }
    app.create_link(
        serde_json::json!({ "url": "https://example.com/", "slug": "sp", "campaign": "Spring" }),
    )
    .await;
    let (fb, wa) = (app.link_id("fb").await, app.link_id("wa").await);
    // One visitor per link.
    let mobile = |link| hit(link).visitor(link).device("mobile").country("GB");
    let desktop = |link| hit(link).visitor(link).device("desktop");
    let mut rows = Vec::new();
    rows.extend(mobile(fb).times(6));
    rows.extend(desktop(fb).source("public").country("FR").times(4));
    rows.extend(mobile(wa).times(9));
    rows.extend(desktop(wa).source("search").country("GB").times(1));
    rows.extend(hit(wa).visitor(wa).kind("preview").country("US").times(3));
    app.insert_hits(&rows).await;

    let stats = async |group: &str| {
        app.api(
            reqwest::Method::GET,
            &format!("/stats?period=7d&group_by={group}"),
            None,
        )
        .await
    };
    let (status, by_channel) = stats("channel").await;
    assert_eq!(status, 200, "{by_channel}");
    assert_eq!(by_channel["total"]["clicks"], 20);
    assert_eq!(by_channel["total"]["dark"], 15);
    assert_eq!(by_channel["total"]["previews"], 3);
    assert_eq!(by_channel["unique_visitors"], 2);
    let row = |v: &Value, key: &str| {
        v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == key)
            .cloned()
            .unwrap()
    };
    assert_eq!(row(&by_channel, "facebook")["dark"], 6);
    assert_eq!(row(&by_channel, "facebook")["public"], 4);
    let (_, by_tag) = stats("tag").await;
    assert_eq!(
        by_tag["rows"][0]["key"], "food",
        "the most privately shared theme comes first"
    );
    let (_, by_device) = stats("device").await;
    assert_eq!(row(&by_device, "mobile")["dark"], 15);
    let (_, by_country) = stats("country").await;
    assert_eq!(row(&by_country, "GB")["clicks"], 16);
    let (_, by_source) = stats("source").await;
    assert_eq!(row(&by_source, "search")["clicks"], 1);
    assert_eq!(row(&by_source, "search")["search"], 1);
    assert_eq!(row(&by_source, "dark")["dark"], 15);
    assert_eq!(row(&by_source, "dark")["public"], 0);
    assert_eq!(row(&by_source, "public")["public"], 4);
    // Links carry their campaign and channel, so a script needs no second request.
    let (_, by_link) = stats("link").await;
    assert_eq!(row(&by_link, "wa")["clicks"], 10);
    assert_eq!(row(&by_link, "wa")["channel"], "whatsapp");
    assert_eq!(row(&by_link, "fb")["channel"], "facebook");
    assert!(row(&by_link, "fb").get("campaign").is_none());
    let sp = app.link_id("sp").await;
    app.insert_hits(&[mobile(sp).row()]).await;
    let (_, by_link) = stats("link").await;
    assert_eq!(row(&by_link, "sp")["campaign"], "Spring");
    assert!(row(&by_link, "sp").get("channel").is_none());
    let (status, _) = app
        .api(reqwest::Method::GET, "/stats?period=2y", None)
        .await;
    assert_eq!(status, 422);
}
both!(stats_api_counts_known_hits);
