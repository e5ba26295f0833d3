//! What the report filters name: a channel by key or label in any letter case, as links take
//! it, and a campaign, channel or link that is not there said plainly (the dashboard's 404
//! page, its exports' and the API's 404) rather than a report of zeros.

use lanterne::auth::Role;
use lanterne::db::Db;
use reqwest::Method;
use serde_json::json;

use crate::both;
use crate::helpers::{Browser, TestApp, execute, hit};

/// Links of the campaign "Spring sale": `wa` on WhatsApp with 3 clicks, `mail` on e-mail
/// with 2, and `old` with 1 on a channel the catalogue does not have (stored before channels
/// were checked).
async fn spring_sale(app: &TestApp) {
    for (slug, channel, clicks) in [("wa", "whatsapp", 3), ("mail", "email", 2), ("old", "", 1)] {
        let mut body =
            json!({ "url": "https://shop.example/", "slug": slug, "campaign": "Spring sale" });
        if !channel.is_empty() {
            body["channel"] = json!(channel);
        }
        app.create_link(body).await;
        app.insert_hits(&hit(app.link_id(slug).await).times(clicks))
            .await;
    }
    let db = Db::connect(&app.database_url).await.unwrap();
    execute(&db, "UPDATE links SET channel = 'gone' WHERE slug = 'old'").await;
    db.close().await;
}

/// The clicks `/api/v1/stats` counts for `query`, with its status.
async fn api_clicks(app: &TestApp, query: &str) -> (u16, serde_json::Value) {
    let (status, stats) = app
        .api(Method::GET, &format!("/stats?period=7d&{query}"), None)
        .await;
    (status, stats["total"]["clicks"].clone())
}

/// The slugs `GET /api/v1/links` lists for `query`.
pub(crate) async fn listed(app: &TestApp, query: &str) -> Vec<String> {
    let (status, links) = app.api(Method::GET, &format!("/links?{query}"), None).await;
    assert_eq!(status, 200, "{query}: {links}");
    let links = links["links"].as_array().unwrap();
    links
        .iter()
        .map(|l| l["slug"].as_str().unwrap().to_owned())
        .collect()
}

/// The first column of the dashboard's CSV of channels for `query`.
async fn channels_csv(analyst: &Browser, query: &str) -> Vec<String> {
    let path = format!("/dashboard/export.csv?table=channels&period=7d&{query}");
    let response = analyst.get(&path).await;
    assert_eq!(response.status(), 200, "{path}");
    let body = response.text().await.unwrap();
    body.lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_owned())
        .collect()
}

async fn channel_filters_take_a_key_or_a_label_in_any_letter_case(app: &TestApp) {
    spring_sale(app).await;
    let analyst = app.signed_in("ana@example.com", Role::Analyst).await;
    for asked in ["whatsapp", "WhatsApp", "%20WHATSAPP%20"] {
        let query = format!("channel={asked}");
        assert_eq!(api_clicks(app, &query).await, (200, json!(3)), "{asked}");
        assert_eq!(listed(app, &query).await, ["wa"], "{asked}");
        assert_eq!(
            channels_csv(&analyst, &query).await,
            ["WhatsApp"],
            "{asked}"
        );
        let (status, html) = analyst.page(&format!("/dashboard?period=7d&{query}")).await;
        assert_eq!(status, 200, "{asked}");
        // The list shows the channel chosen, and the live view asks for it too.
        assert!(
            html.contains(r#"<option value="whatsapp" selected>WhatsApp</option>"#),
            "{asked}: {html}"
        );
        let (_, links) = analyst.page(&format!("/links?{query}")).await;
        assert!(links.contains(&app.url("/wa")) && !links.contains(&app.url("/mail")));
        assert!(
            links.contains(r#"<option value="whatsapp" selected>WhatsApp</option>"#),
            "{asked}: {links}"
        );
    }
    // A label, in English or French, names its channel; so does the key of a channel the
    // catalogue no longer has, which its links keep.
    for (asked, clicks) in [("EMAIL", 2), ("E-mail", 2), ("gone", 1)] {
        let query = format!("channel={asked}");
        assert_eq!(
            api_clicks(app, &query).await,
            (200, json!(clicks)),
            "{asked}"
        );
    }
    assert_eq!(listed(app, "channel=e-mail").await, ["mail"]);
    assert_eq!(listed(app, "channel=gone").await, ["old"]);

    // A channel that is none: the API says so, as for a campaign; a list is empty.
    let (status, error) = app.api(Method::GET, "/stats?channel=whatsap", None).await;
    let error = error["error"].as_str().unwrap();
    assert_eq!(status, 404, "{error}");
    assert!(
        error.starts_with(
            "the channel \"whatsap\" is not in the catalogue: give one of its keys (whatsapp,"
        ),
        "{error}"
    );
    assert!(listed(app, "channel=whatsap").await.is_empty());
}
both!(channel_filters_take_a_key_or_a_label_in_any_letter_case);

async fn the_dashboard_says_a_filter_names_no_campaign_channel_or_link(app: &TestApp) {
    spring_sale(app).await;
    let analyst = app.signed_in("ana@example.com", Role::Analyst).await;
    for (query, english, french) in [
        (
            "campaign=Autumn",
            "No campaign is named &#34;Autumn&#34;, in any letter case: choose one in the Campaign list",
            "Aucune campagne ne s’appelle «\u{a0}Autumn\u{a0}», en majuscules comme en minuscules",
        ),
        (
            "channel=whatsap",
            "No channel is called &#34;whatsap&#34;, by key or by name: choose one in the Channel list",
            "Aucun canal ne s’appelle «\u{a0}whatsap\u{a0}», par sa clé ou par son nom",
        ),
        (
            "link=nope",
            "No link has the slug &#34;nope&#34;: check it on the Links page",
            "Aucun lien n’a pour identifiant «\u{a0}nope\u{a0}»\u{a0}: vérifiez-le",
        ),
    ] {
        let path = format!("/dashboard?period=7d&{query}");
        let (status, html) = analyst.page_in("en", &path).await;
        // Not found, said where the page says what is wrong with its filters, and no figures
        // (zeros that would read as no traffic), but the filters to choose again.
        assert_eq!(status, 404, "{query}");
        assert!(
            html.contains(&format!(
                r#"<p class="error" role="alert" id="unknown-filter">{english}"#
            )),
            "{query}: {html}"
        );
        assert!(
            html.contains(r#"<form method="get" action="/dashboard""#),
            "{query}"
        );
        assert!(html.contains(r#"<option value="Spring sale" >Spring sale</option>"#));
        assert!(html.contains(r#"<option value="7d" selected>"#), "{query}");
        assert!(
            !html.contains("class=\"big\"") && !html.contains("nothing-yet"),
            "{html}"
        );
        let (status, html) = analyst.page_in("fr-FR,fr;q=0.9", &path).await;
        assert_eq!(status, 404);
        assert!(html.contains(french), "{query}: {html}");
        // Its exports and live view do not count zeros either.
        for download in ["export.csv?table=channels&", "export.zip?", "live?"] {
            let path = format!("/dashboard/{download}period=7d&{query}");
            assert_eq!(analyst.get(&path).await.status(), 404, "{path}");
        }
    }
    // What is there, in any letter case, is shown as before.
    let (status, html) = analyst
        .page("/dashboard?period=7d&campaign=spring%20SALE&channel=Copy%20link&link=wa")
        .await;
    assert_eq!(status, 200, "{html}");
    assert!(!html.contains("id=\"unknown-filter\""));
}
both!(the_dashboard_says_a_filter_names_no_campaign_channel_or_link);

/// A short URL pasted whole, as the product copies it: the dashboard's link filter, the
/// API's `link=` (the same code) and the Links search reduce it to the link it names.
async fn a_short_url_pasted_whole_names_its_link(app: &TestApp) {
    app.create_link(json!({ "url": "https://shop.example/pasted", "slug": "BK7Rdd6" }))
        .await;
    app.insert_hits(&hit(app.link_id("BK7Rdd6").await).times(3))
        .await;
    app.add_domain("go.example", None).await;
    app.create_link(
        json!({ "url": "https://shop.example/branded", "slug": "spring", "domain": "go.example" }),
    )
    .await;
    let analyst = app.signed_in("ana@example.com", Role::Analyst).await;
    let host = app.base.trim_start_matches("http://").to_owned();
    let encoded = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    for pasted in [
        format!("{}/BK7Rdd6", app.base),
        format!("{host}/BK7Rdd6/"),
        "https://go.example/spring/".to_owned(),
        "go.example/spring".to_owned(),
    ] {
        let path = format!("/dashboard?period=7d&link={}", encoded(&pasted));
        let (status, html) = analyst.page_in("en", &path).await;
        assert_eq!(status, 200, "{pasted}: {html}");
        let (status, stats) = app
            .api(
                Method::GET,
                &format!("/stats?period=7d&link={}", encoded(&pasted)),
                None,
            )
            .await;
        assert_eq!(status, 200, "{pasted}: {stats}");
        let (_, html) = analyst
            .page(&format!("/links?q={}", encoded(&pasted)))
            .await;
        let destination = if pasted.contains("spring") {
            "branded"
        } else {
            "pasted"
        };
        assert!(
            html.contains(&format!("shop.example/{destination}")),
            "the search for {pasted} finds nothing:\n{html}"
        );
        let (status, found) = app
            .api(Method::GET, &format!("/links?q={}", encoded(&pasted)), None)
            .await;
        assert_eq!(status, 200);
        assert_eq!(
            found["links"].as_array().unwrap().len(),
            1,
            "{pasted}: {found}"
        );
    }
    let (_, stats) = app
        .api(
            Method::GET,
            &format!(
                "/stats?period=7d&link={}",
                encoded(&format!("{}/BK7Rdd6", app.base))
            ),
            None,
        )
        .await;
    assert_eq!(stats["total"]["clicks"], 3, "{stats}");
    // A destination is still searched as it is typed.
    assert_eq!(
        listed(app, "q=https%3A%2F%2Fshop.example%2Fpasted").await,
        ["BK7Rdd6"]
    );
}
both!(a_short_url_pasted_whole_names_its_link);
