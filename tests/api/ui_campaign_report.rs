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
        whatsapp_row.contains("WhatsApp\u{a0}: 3 clics sur 30 jours"),
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
    assert!(html.contains("Comment s’est passée cette campagne\u{202f}?"));
    assert!(html.contains("data-print"));
    // Every link ready to paste into a brief, channel first, in French typography.
    let copy_all = format!(
        "data-copy=\"WhatsApp\u{a0}: {}/{}\nFacebook\u{a0}: {}/{}\"",
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

/// The report cites the benchmark of 36 % of dark sharing on mobile: it shows the campaign's
/// own figure beside it. And it lists every channel the campaign has a link on: the posters'
/// QR code with no click reads 0, on the campaign's page and on the report its client reads.
async fn the_report_shows_mobile_dark_clicks_and_channels_without_clicks(app: &TestApp) {
    let (status, body) = app
        .api(
            reqwest::Method::POST,
            "/campaigns",
            Some(
                json!({"name": "Affiches", "url": "https://boutique.example/affiches",
                        "channels": ["whatsapp", "facebook", "qr"]}),
            ),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let id = body["campaign"]["id"].as_i64().unwrap();
    let links = body["links"].as_array().unwrap();
    let slug = |channel: &str| {
        links.iter().find(|l| l["channel"] == channel).unwrap()["slug"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let whatsapp = app.link_id(&slug("whatsapp")).await;
    let qr = app.link_id(&slug("qr")).await;
    let mut rows = hit(whatsapp).device("mobile").times(2);
    rows.push(hit(whatsapp).device("desktop").row());
    // The QR code was only ever fetched by a crawler: no click, no share.
    rows.push(hit(qr).kind("bot").row());
    app.insert_hits(&rows).await;

    let marketer = app.signed_in("agence@example.com", Role::Marketer).await;
    let (_, campaign_page) = marketer
        .page_in("fr-FR,fr;q=0.9", &format!("/campaigns/{id}"))
        .await;
    let response = marketer
        .post_in("fr-FR,fr;q=0.9", &format!("/campaigns/{id}/shares"), &[])
        .await;
    let (_, made) = marketer.follow(response).await;
    let prefix = format!("{}/shared/", app.base);
    let start = made.find(&prefix).expect("a share link");
    let url = &made[start..start + prefix.len() + 32];
    let report = crate::helpers::client()
        .get(url)
        .header("accept-language", "fr-FR,fr;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();

    for (page, html) in [("campaign", &campaign_page), ("shared report", &report)] {
        // Two of the three dark clicks came from a phone: 67 %, against 36 %.
        let mobile =
            "<dt>Clics du dark social sur mobile</dt><dd><span class=\"big\">67\u{202f}%</span>";
        assert!(html.contains(mobile), "{page}: no mobile share:\n{html}");
        assert!(
            html.contains("— référence 36\u{202f}% (RadiumOne/po.st, 2014)"),
            "{page}: no mobile benchmark:\n{html}"
        );
        let row = |label: &str| {
            let start = html
                .find(&format!("<strong>{label}</strong>"))
                .unwrap_or_else(|| panic!("{page}: no row for {label}:\n{html}"));
            html[start..start + html[start..].find("</tr>").unwrap()].to_owned()
        };
        assert!(row("WhatsApp").contains(">3</td>"), "{page}");
        for quiet in ["QR / imprimé", "Facebook"] {
            let line = row(quiet);
            assert!(line.contains(">0</td>"), "{page}: {line}");
            assert!(
                line.contains(&format!("{quiet}\u{a0}: 0 clic sur 30 jours")),
                "{page}: {line}"
            );
        }
        // Private and public channels say so; print, neither, as the kit shows it.
        assert!(row("WhatsApp").contains("pill-private\">priv"), "{page}");
        assert!(row("Facebook").contains("pill-public\">public"), "{page}");
        assert!(!row("QR / imprimé").contains("class=\"reach"), "{page}");
        // Busiest first, then the quiet ones in the catalogue's order.
        let at = |label: &str| html.find(&format!("<strong>{label}</strong>")).unwrap();
        assert!(at("WhatsApp") < at("Facebook") && at("Facebook") < at("QR / imprimé"));
    }
    // The shared report defines the figure for a client who never saw the dashboard.
    assert!(
        report.contains(
            "\">Clics du dark social sur mobile</dt><dd>La part des clics du dark social"
        ),
        "{report}"
    );
}
both!(the_report_shows_mobile_dark_clicks_and_channels_without_clicks);
