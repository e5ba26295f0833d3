//! A campaign's page as the report an agency hands its client: per channel its clicks, dark
//! share, leakage, shares detected by platform and trend, the campaign against the period
//! before, and every link ready to paste; in the reader's language.

use lanterne::auth::Role;
use serde_json::{Value, json};

use crate::both;
use crate::helpers::{TestApp, hit};

async fn start_campaign(app: &TestApp) -> (i64, Vec<Value>) {
    let (status, body) = app
        .api(
            reqwest::Method::POST,
            "/campaigns",
            Some(
                json!({"name": "Soldes d'été", "url": "https://boutique.example/soldes",
                        "channels": ["whatsapp", "facebook"]}),
            ),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let id = body["campaign"]["id"].as_i64().unwrap();
    (id, body["links"].as_array().unwrap().clone())
}

async fn a_campaign_s_page_reports_each_channel(app: &TestApp) {
    let (id, links) = start_campaign(app).await;
    let slug = |channel: &str| {
        links
            .iter()
            .find(|l| l["channel"] == channel)
            .map(|l| l["slug"].as_str().unwrap().to_owned())
            .unwrap()
    };
    let whatsapp = app.link_id(&slug("whatsapp")).await;
    let facebook = app.link_id(&slug("facebook")).await;
    let days_ago = |days: i64| lanterne::clock::now_ms() - days * 86_400_000;
    let mut rows = Vec::new();
    rows.extend(hit(whatsapp).times(3));
    rows.extend(hit(facebook).times(2));
    rows.extend(hit(facebook).source("public").times(2));
    rows.push(hit(facebook).kind("preview").platform("whatsapp").row());
    // The month before: 2 clicks, for the comparison.
    rows.extend(hit(whatsapp).at(days_ago(40)).times(2));
    app.insert_hits(&rows).await;

    let browser = app.signed_in("agence@example.com", Role::Marketer).await;
    let (status, html) = browser
        .page_in("fr-FR,fr;q=0.9", &format!("/campaigns/{id}"))
        .await;
    assert_eq!(status, 200);
    let row = |label: &str| {
        let start = html
            .find(&format!("<strong>{label}</strong>"))
            .unwrap_or_else(|| panic!("no row for {label}:\n{html}"));
        html[start..start + html[start..].find("</tr>").unwrap()].to_owned()
    };
    let whatsapp_row = row("WhatsApp");
    assert!(whatsapp_row.contains(">3</td>"), "{whatsapp_row}");
    assert!(
        whatsapp_row.contains(">100\u{202f}%</td>"),
        "dark share: {whatsapp_row}"
    );
    assert!(
        whatsapp_row.contains("<svg class=\"spark\""),
        "{whatsapp_row}"
    );
    assert!(
        whatsapp_row.contains("WhatsApp : 3 clics sur 30 jours"),
        "{whatsapp_row}"
    );
    let facebook_row = row("Facebook");
    assert!(facebook_row.contains(">4</td>"), "{facebook_row}");
    // Half its clicks dark: its dark share, and as a public channel its leakage.
    assert_eq!(
        facebook_row.matches(">50\u{202f}%</td>").count(),
        2,
        "{facebook_row}"
    );
    assert!(
        facebook_row.contains("WhatsApp 1"),
        "shares by platform: {facebook_row}"
    );

    // The campaign's clicks against the 30 days before (2 clicks then).
    assert!(html.contains("<span class=\"big\">7</span>"), "{html}");
    assert!(html.contains("+250\u{202f}% par rapport à 2"), "{html}");
    assert!(html.contains("Comment s&#39;est passée cette campagne ?"));
    assert!(html.contains("data-print"));
    // Every link ready to paste into a brief, channel first.
    let copy_all = format!(
        "data-copy=\"WhatsApp: {}/{}\nFacebook: {}/{}\"",
        app.base,
        slug("whatsapp"),
        app.base,
        slug("facebook")
    );
    assert!(html.contains(&copy_all), "no {copy_all}:\n{html}");

    // The week before holds nothing: the same page over 7 days.
    let (_, html) = browser.page(&format!("/campaigns/{id}?period=7d")).await;
    assert!(
        html.contains("<a href=\"/campaigns/")
            && html.contains("aria-current=\"page\">Last 7 days</a>"),
        "{html}"
    );
    assert!(html.contains("WhatsApp: 3 clicks over 7 days"), "{html}");
}
both!(a_campaign_s_page_reports_each_channel);
