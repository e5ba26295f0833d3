//! The period a campaign's report covers, on its page and on a share link: the last 7, 30 or
//! 90 days, since the campaign began, or a range of days compared with as many days before;
//! anything else refused, saying why; a share link opening on the period its maker chose.

use lanterne::auth::Role;
use lanterne::db::Db;
use serde_json::json;

use crate::both;
use crate::helpers::{TestApp, execute, hit};
use crate::ui_report_share::{read, share_url};

const DAY_MS: i64 = 86_400_000;

/// The day `n` days before today, in the tests' time zone (UTC).
fn day(n: i64) -> jiff::civil::Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .checked_sub(jiff::Span::new().days(n))
        .unwrap()
}

fn noon(date: jiff::civil::Date) -> i64 {
    date.at(12, 0, 0, 0)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .unwrap()
        .timestamp()
        .as_millisecond()
}

/// How the French pages write a day.
fn fr(date: jiff::civil::Date) -> String {
    date.strftime("%d/%m/%Y").to_string()
}

/// A campaign that ran seven months ago: its links made 210 days ago, 3 WhatsApp clicks 200
/// days ago, 1 the week before and 1 three weeks after. Its id.
async fn campaign_of_last_spring(app: &TestApp) -> i64 {
    let (status, body) = app
        .api(
            reqwest::Method::POST,
            "/campaigns",
            Some(
                json!({"name": "Printemps", "url": "https://boutique.example/printemps",
                        "channels": ["whatsapp", "facebook"]}),
            ),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let slug = body["links"][0]["slug"].as_str().unwrap().to_owned();
    let link = app.link_id(&slug).await;
    let db = Db::connect(&app.database_url).await.unwrap();
    // 210 days.
    execute(
        &db,
        "UPDATE links SET created_at = created_at - 18144000000",
    )
    .await;
    assert_eq!(210 * DAY_MS, 18_144_000_000);
    db.close().await;
    let mut rows = hit(link).at(noon(day(200))).times(3);
    rows.push(hit(link).at(noon(day(203))).row());
    rows.push(hit(link).at(noon(day(180))).row());
    app.insert_hits(&rows).await;
    body["campaign"]["id"].as_i64().unwrap()
}

async fn a_campaign_s_report_covers_a_range_of_days_or_its_whole_life(app: &TestApp) {
    let id = campaign_of_last_spring(app).await;
    let agency = app.signed_in("agence@example.com", Role::Marketer).await;
    let page = async |query: &str| {
        let (status, html) = agency
            .page_in("fr-FR,fr;q=0.9", &format!("/campaigns/{id}?{query}"))
            .await;
        (status, html.replace("&#39;", "'"))
    };

    // Three days around the campaign's busiest, against the three days before.
    let range = format!("from={}&to={}", day(201), day(199));
    let (status, html) = page(&range).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("<span class=\"big\">3</span>"), "{html}");
    assert!(html.contains("+200\u{202f}% par rapport à 1"), "{html}");
    let covers = format!("Période\u{a0}: {} – {}", fr(day(201)), fr(day(199)));
    assert!(html.contains(&covers), "{covers}:\n{html}");
    let before = format!("du {} au {}, de même durée", fr(day(204)), fr(day(202)));
    assert!(html.contains(&before), "{before}:\n{html}");
    let chosen = format!(
        "aria-current=\"page\">Du {} au {}</a>",
        fr(day(201)),
        fr(day(199))
    );
    assert!(html.contains(&chosen), "{chosen}:\n{html}");
    assert!(
        html.contains(&format!(
            "name=\"from\" type=\"date\" required value=\"{}\"",
            day(201)
        )),
        "the form holds the range: {html}"
    );
    // The dashboard, a click away, over the same days.
    assert!(html.contains(&format!("&amp;from={}&#38;to={}\"", day(201), day(199))));

    // Since the campaign began: every click, and no period before it to compare with.
    let (status, html) = page("period=all").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("<span class=\"big\">5</span>"), "{html}");
    let covers = format!("Période\u{a0}: {} – {}", fr(day(210)), fr(day(0)));
    assert!(html.contains(&covers), "{covers}:\n{html}");
    assert!(
        !html.contains("Par rapport à la période précédente"),
        "{html}"
    );
    assert!(html.contains("aria-current=\"page\">Depuis le lancement</a>"));
    // The dashboard has no "since": the days it covers.
    assert!(html.contains(&format!("&amp;from={}&#38;to={}\"", day(210), day(0))));

    // Anything else is refused, saying why, above the report of the last 30 days.
    let refusals = [
        (
            format!("from={}&to={}", day(199), day(201)),
            "La période finit avant de commencer.".to_owned(),
        ),
        (
            "from=2026-02-30&to=2026-03-01".to_owned(),
            "«\u{a0}2026-02-30\u{a0}» n’est pas une date (AAAA-MM-JJ).".to_owned(),
        ),
        (
            format!("from={}", day(3)),
            "Un début demande une fin".to_owned(),
        ),
        (
            "from=2000-01-01&to=2026-12-01".to_owned(),
            "Une période compte au plus 1\u{202f}827 jours".to_owned(),
        ),
        (
            "period=1y".to_owned(),
            "Période inconnue «\u{a0}1y\u{a0}»".to_owned(),
        ),
    ];
    for (query, why) in refusals {
        let (status, html) = page(&query).await;
        assert_eq!(status, 400, "{query}");
        assert!(html.contains(&why), "{query}: no {why}:\n{html}");
        // Said to the agency, not printed in the client's report.
        assert!(
            html.contains("<p class=\"error no-print\" role=\"alert\">"),
            "{query}: {html}"
        );
        assert!(html.contains("aria-current=\"page\">30 derniers jours</a>"));
    }
}
both!(a_campaign_s_report_covers_a_range_of_days_or_its_whole_life);

async fn a_share_link_opens_on_the_period_its_maker_chose(app: &TestApp) {
    let id = campaign_of_last_spring(app).await;
    let agency = app.signed_in("agence@example.com", Role::Marketer).await;
    let (from, to) = (day(201).to_string(), day(199).to_string());
    // The page showing a range of days sends it with the share link it makes.
    let (_, html) = agency
        .page_in(
            "fr-FR,fr;q=0.9",
            &format!("/campaigns/{id}?from={from}&to={to}"),
        )
        .await;
    for (name, value) in [("from", &from), ("to", &to)] {
        let field = format!("<input type=\"hidden\" name=\"{name}\" value=\"{value}\">");
        assert!(html.contains(&field), "{field}:\n{html}");
    }
    let shares = format!("/campaigns/{id}/shares");
    let (_, made) = agency
        .submit(&shares, &[("from", &from), ("to", &to), ("language", "fr")])
        .await;
    let url = share_url(app, &made);
    let secret = url.rsplit('/').next().unwrap();

    let (status, _, page) = read(&url, "fr-FR,fr;q=0.9").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("<span class=\"big\">3</span>"), "{page}");
    let covers = format!("Période\u{a0}: {} – {}", fr(day(201)), fr(day(199)));
    assert!(page.contains(&covers), "{covers}:\n{page}");
    let kept =
        format!("<a href=\"/shared/{secret}?from={from}&#38;to={to}\" aria-current=\"page\">");
    assert!(page.contains(&kept), "{kept}:\n{page}");

    // Its reader may look at another period, and come back to the one chosen for them.
    let (status, _, page) = read(&format!("{url}?period=7d"), "fr-FR,fr;q=0.9").await;
    assert_eq!(status, 200);
    assert!(page.contains("<span class=\"big\">0</span>"), "{page}");
    assert!(page.contains(&format!(
        "<a href=\"/shared/{secret}?from={from}&#38;to={to}\" >"
    )));
    let (status, _, page) = read(&format!("{url}?from={to}&to={from}"), "fr-FR,fr;q=0.9").await;
    assert_eq!(status, 400);
    assert!(
        page.contains("La période finit avant de commencer."),
        "{page}"
    );
    assert!(page.contains(&covers), "the kept period instead:\n{page}");

    // Made from the report since the campaign began, it opens on that; the campaign's page
    // says which period each link opens on.
    let (_, made) = agency
        .submit(&shares, &[("period", "all"), ("language", "fr")])
        .await;
    let (_, _, page) = read(&share_url(app, &made), "en").await;
    assert!(page.contains("<span class=\"big\">5</span>"), "{page}");
    let (_, html) = agency
        .page_in("fr-FR,fr;q=0.9", &format!("/campaigns/{id}"))
        .await;
    let html = html.replace("&#39;", "'");
    assert!(
        html.contains("S’ouvre sur\u{a0}: Depuis le lancement"),
        "{html}"
    );
    let range = format!("S’ouvre sur\u{a0}: Du {} au {}", fr(day(201)), fr(day(199)));
    assert!(html.contains(&range), "{range}:\n{html}");

    // A period that is none makes no link.
    let response = agency.post(&shares, &[("period", "1y")]).await;
    assert_eq!(response.status(), 400);
    let body = response.text().await.unwrap();
    assert!(body.contains("Unknown period &#34;1y&#34;"), "{body}");
    assert_eq!(body.matches("/revoke\"").count(), 2, "{body}");
}
both!(a_share_link_opens_on_the_period_its_maker_chose);
