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

async fn compare_previous_answers_the_totals_of_the_period_before(app: &TestApp) {
    app.create_link(serde_json::json!({ "url": "https://example.com/", "slug": "cmp" }))
        .await;
    let link = app.link_id("cmp").await;
    let days_ago = |days: i64| lanterne::clock::now_ms() - days * 86_400_000;
    let mut rows = Vec::new();
    // This week: 3 dark clicks and a public one; the week before: 2 dark clicks (one on
    // mobile), a public one and a preview; three weeks ago, out of both.
    rows.extend(hit(link).times(3));
    rows.push(hit(link).source("public").row());
    rows.push(hit(link).at(days_ago(8)).device("mobile").visitor(1).row());
    rows.push(
        hit(link)
            .at(days_ago(10))
            .device("desktop")
            .visitor(2)
            .row(),
    );
    rows.push(hit(link).at(days_ago(9)).source("public").row());
    rows.push(hit(link).at(days_ago(9)).kind("preview").row());
    rows.extend(hit(link).at(days_ago(21)).times(5));
    app.insert_hits(&rows).await;

    let (status, body) = app
        .api(
            reqwest::Method::GET,
            "/stats?period=7d&group_by=day&compare=previous",
            None,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["total"]["clicks"], 4);
    let before = &body["previous"];
    assert_eq!(before["total"]["clicks"], 3, "{before}");
    assert_eq!(before["total"]["dark"], 2);
    assert_eq!(before["total"]["public"], 1);
    assert_eq!(before["total"]["previews"], 1);
    assert_eq!(before["unique_visitors"], 2);
    assert_eq!(before["no_referrer"], 3);
    assert_eq!(before["mobile_share_dark"], 0.5);
    let first_day = body["rows"][0]["key"].as_str().unwrap();
    assert!(
        before["to"].as_str().unwrap() < first_day,
        "the period before ends before this one: {before}"
    );

    let (_, plain) = app
        .api(reqwest::Method::GET, "/stats?period=7d", None)
        .await;
    assert!(plain.get("previous").is_none(), "only when asked");
    let (status, body) = app
        .api(reqwest::Method::GET, "/stats?compare=last-year", None)
        .await;
    assert_eq!(status, 422);
    assert!(body["error"].as_str().unwrap().contains("compare=previous"));
}
both!(compare_previous_answers_the_totals_of_the_period_before);

/// `path` with `name=value` added to its query, encoded.
fn with_param(path: &str, name: &str, value: &str) -> String {
    let url = reqwest::Url::parse_with_params(&format!("http://x{path}"), &[(name, value)]);
    let url = url.unwrap();
    format!("{}?{}", url.path(), url.query().unwrap())
}

async fn campaign_filters_take_any_letter_case_and_unknown_names_are_404(app: &TestApp) {
    use lanterne::auth::Role;
    use reqwest::Method;
    for (slug, campaign) in [("ete", "Été 2027"), ("autumn", "Autumn")] {
        let body = serde_json::json!({ "url": "https://example.com/", "slug": slug, "campaign": campaign });
        app.create_link(body).await;
    }
    app.insert_hits(&hit(app.link_id("ete").await).times(3))
        .await;
    app.insert_hits(&hit(app.link_id("autumn").await).times(2))
        .await;
    let analyst = app.signed_in("ana@example.com", Role::Analyst).await;
    for asked in ["Été 2027", "ÉTÉ 2027", " été 2027 "] {
        let (status, stats) = app
            .api(
                Method::GET,
                &with_param("/stats?period=7d", "campaign", asked),
                None,
            )
            .await;
        assert_eq!(
            (status, &stats["total"]["clicks"]),
            (200, &serde_json::json!(3)),
            "{asked}: {stats}"
        );
        let (_, links) = app
            .api(Method::GET, &with_param("/links", "campaign", asked), None)
            .await;
        let slugs: Vec<&str> = links["links"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["slug"].as_str().unwrap())
            .collect();
        assert_eq!(slugs, ["ete"], "{asked}");
        // The pages' filters too: the dashboard's export of its figures, and the links list.
        let path = with_param(
            "/dashboard/export.csv?table=campaigns&period=7d",
            "campaign",
            asked,
        );
        let csv = analyst.get(&path).await.text().await.unwrap();
        assert!(csv.contains("Été 2027,3,"), "{asked}: {csv}");
        assert!(!csv.contains("Autumn"), "{asked}: {csv}");
        let (status, html) = analyst.page(&with_param("/links", "campaign", asked)).await;
        assert_eq!(status, 200);
        assert!(html.contains(&app.url("/ete")), "{asked}");
        assert!(
            html.contains("<option value=\"Été 2027\" selected>"),
            "{asked}: {html}"
        );
        let (_, html) = analyst
            .page(&with_param("/dashboard?period=7d", "campaign", asked))
            .await;
        assert!(
            html.contains("<option value=\"Été 2027\" selected>"),
            "{asked}: {html}"
        );
        assert!(!html.contains(&app.url("/autumn")), "{asked}");
    }

    // A campaign or link no one has: 404, not a report of zeros. Accents are part of a name.
    let (status, error) = app
        .api(
            Method::GET,
            &with_param("/stats", "campaign", "ete 2027"),
            None,
        )
        .await;
    assert_eq!(
        (status, error["error"].as_str().unwrap()),
        (
            404,
            "there is no campaign named \"ete 2027\" (in any letter case)"
        )
    );
    for path in ["/stats?link=nope", "/stats?link=nope&group_by=destination"] {
        let (status, error) = app.api(Method::GET, path, None).await;
        assert_eq!(
            (status, error["error"].as_str().unwrap()),
            (404, "there is no link with the slug \"nope\""),
            "{path}"
        );
    }
    let (status, stats) = app.api(Method::GET, "/stats?link=ete", None).await;
    assert_eq!(
        (status, &stats["total"]["clicks"]),
        (200, &serde_json::json!(3))
    );
    // A list has no such link or campaign to find: it is empty, as for a tag.
    let (status, links) = app.api(Method::GET, "/links?campaign=nope", None).await;
    assert_eq!((status, &links["links"]), (200, &serde_json::json!([])));
}
both!(campaign_filters_take_any_letter_case_and_unknown_names_are_404);

async fn stats_name_their_period_and_the_mobile_share_of_dark_clicks(app: &TestApp) {
    use reqwest::Method;
    use serde_json::{Value, json};
    app.create_link(json!({ "url": "https://example.com/", "slug": "m" }))
        .await;
    let link = app.link_id("m").await;
    let mut rows = hit(link).device("mobile").times(3);
    rows.push(hit(link).device("desktop").row());
    rows.extend(hit(link).device("desktop").source("public").times(2));
    app.insert_hits(&rows).await;

    let (status, week) = app
        .api(Method::GET, "/stats?period=7d&compare=previous", None)
        .await;
    assert_eq!(status, 200, "{week}");
    let days = week["rows"].as_array().unwrap();
    assert_eq!(days.len(), 7);
    assert_eq!(week["from"], days[0]["key"], "{week}");
    assert_eq!(week["to"], days[6]["key"], "{week}");
    assert_eq!(
        week["mobile_share_dark"], 0.75,
        "three of the four dark clicks"
    );
    let before = &week["previous"];
    assert!(before["to"].as_str() < week["from"].as_str(), "{week}");
    assert_eq!(before["mobile_share_dark"], Value::Null);

    // Grouped otherwise, the answer still names its period; the last 24 hours by hour.
    let (_, day) = app
        .api(Method::GET, "/stats?period=24h&group_by=channel", None)
        .await;
    let (from, to) = (day["from"].as_str().unwrap(), day["to"].as_str().unwrap());
    assert!(from.len() == 16 && to.len() == 16 && from < to, "{day}");
    assert_eq!(day["mobile_share_dark"], 0.75);
    let (_, january) = app
        .api(
            Method::GET,
            "/stats?from=2026-01-01&to=2026-01-31&group_by=device",
            None,
        )
        .await;
    assert_eq!(
        (
            &january["from"],
            &january["to"],
            &january["mobile_share_dark"]
        ),
        (&json!("2026-01-01"), &json!("2026-01-31"), &Value::Null),
        "{january}"
    );
}
both!(stats_name_their_period_and_the_mobile_share_of_dark_clicks);
