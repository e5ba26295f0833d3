//! A campaign's report shared with a client: a secret link an editor makes on the campaign's
//! page, read with no session in the language its maker chose, naming who it is for if asked,
//! leading to no other page, kept out of search engines and caches, stored only as its
//! digest, revocable, and lapsing after the time chosen.

use lanterne::auth::Role;
use lanterne::db::Db;
use serde_json::json;

use crate::both;
use crate::helpers::{TestApp, client, dump, execute, hit, id_after};

/// A campaign of two channels with three dark WhatsApp clicks; its id and its name.
pub(crate) async fn campaign_with_clicks(app: &TestApp, name: &str) -> i64 {
    let (status, body) = app
        .api(
            reqwest::Method::POST,
            "/campaigns",
            Some(
                json!({"name": name, "url": "https://boutique.example/soldes",
                        "channels": ["whatsapp", "facebook"]}),
            ),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let whatsapp = body["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["channel"] == "whatsapp")
        .unwrap()["slug"]
        .as_str()
        .unwrap()
        .to_owned();
    let link = app.link_id(&whatsapp).await;
    app.insert_hits(&hit(link).times(3)).await;
    body["campaign"]["id"].as_i64().unwrap()
}

/// The share link's URL in the page that made it.
pub(crate) fn share_url(app: &TestApp, html: &str) -> String {
    let prefix = format!("{}/shared/", app.base);
    let start = html
        .find(&prefix)
        .unwrap_or_else(|| panic!("no share link in the page:\n{html}"));
    html[start..start + prefix.len() + 32].to_owned()
}

/// A reader with no session, in the language `accept_language`: status, headers and page.
pub(crate) async fn read(
    url: &str,
    accept_language: &str,
) -> (u16, reqwest::header::HeaderMap, String) {
    let response = client()
        .get(url)
        .header("accept-language", accept_language)
        .send()
        .await
        .unwrap();
    let (status, headers) = (response.status().as_u16(), response.headers().clone());
    (status, headers, response.text().await.unwrap())
}

/// Every address a page leads to: its links, forms, scripts and style sheets.
fn addresses(html: &str) -> Vec<String> {
    let re = regex::Regex::new(r#"(?:href|action|src)="([^"]*)""#).unwrap();
    re.captures_iter(html).map(|c| c[1].to_owned()).collect()
}

async fn a_client_reads_the_shared_report_and_nothing_else(app: &TestApp) {
    let id = campaign_with_clicks(app, "Soldes d'été").await;
    campaign_with_clicks(app, "Rentrée secrète").await;
    let marketer = app.signed_in("agence@example.com", Role::Marketer).await;
    // Post/Redirect/Get: the campaign's page shows the new link, and a reload of it makes
    // no other. Made from a French page, with no language chosen: the report is in French,
    // and says who it is for.
    let shares = format!("/campaigns/{id}/shares");
    let for_whom = [
        ("label", "Boutique Durand — Mme Lefèvre"),
        ("label_on_report", "on"),
    ];
    let response = marketer.post_in("fr-FR,fr;q=0.9", &shares, &for_whom).await;
    assert_eq!(response.headers()["location"], format!("/campaigns/{id}"));
    let (status, html) = marketer.follow(response).await;
    assert_eq!(status, 200);
    assert!(html.contains("shown only this once"), "{html}");
    assert!(html.contains(r#"id="new-share""#), "{html}");
    assert!(!html.contains(r#"class="flash"#), "shown twice: {html}");
    let url = share_url(app, &html);
    let secret = url.rsplit('/').next().unwrap().to_owned();

    // The client, signed in nowhere, on a laptop in English: the report is in French.
    let (status, headers, page) = read(&url, "en-GB,en;q=0.9").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("<html lang=\"fr\""), "{page}");
    assert!(
        page.contains("<h1>Soldes d&#39;été</h1>\n<p class=\"byline\">Préparé pour Boutique Durand — Mme Lefèvre</p>"),
        "{page}"
    );
    assert!(page.contains("Comment s’est passée cette campagne\u{202f}?"));
    assert!(page.contains("<strong>WhatsApp</strong>"), "{page}");
    assert!(
        page.contains(">100\u{202f}%</td>"),
        "WhatsApp's dark share:\n{page}"
    );
    assert!(page.contains("Soldes d&#39;été"));
    assert!(!page.contains("Rentrée secrète"), "another campaign shows");
    // A printed copy says which days it covers and when it was made (the choice of period is
    // not printed), and not the screen's note to the reader; the comparison names no
    // filters, which the client's page does not have.
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    let first = today.checked_sub(jiff::Span::new().days(29)).unwrap();
    let covers = format!(
        "<strong>Période\u{a0}: {} – {}</strong>",
        first.strftime("%d/%m/%Y"),
        today.strftime("%d/%m/%Y")
    );
    assert!(page.contains(&covers), "{covers} in:\n{page}");
    let made = format!(
        r#"<span class="print-only muted">Établi le {} "#,
        today.strftime("%d/%m/%Y")
    );
    assert!(
        page.contains(&made) && page.contains(" (UTC).</span>"),
        "{page}"
    );
    assert!(
        page.contains(r#"<p class="muted no-print">Un rapport en lecture seule"#),
        "{page}"
    );
    assert!(
        page.contains("de même durée.") && !page.contains("filtres"),
        "{page}"
    );
    // The words of the report are defined on it, for a client who never saw the dashboard.
    for (word, meaning) in [
        (
            "Part du dark social",
            "Les clics du dark social parmi tous les clics.",
        ),
        ("Partages détectés", "Des aperçus de lien"),
        ("Dark social", "Un clic sans aucun signe de source publique"),
        ("Fuite", "la part de ses clics venue du privé"),
    ] {
        let defined = format!("\">{word}</dt><dd>");
        assert!(page.contains(&defined), "{word} is not defined:\n{page}");
        assert!(page.replace("&#39;", "'").contains(meaning), "{meaning}");
    }
    assert_eq!(headers["x-robots-tag"], "noindex, nofollow");
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert!(headers.get("set-cookie").is_none());
    assert!(page.contains(r#"<meta name="robots" content="noindex, nofollow">"#));
    // Nothing on the page leads anywhere but to this report for another period and to its
    // own style and script.
    for to in addresses(&page) {
        assert!(
            to.starts_with(&format!("/shared/{secret}?period="))
                || to.starts_with("/static/")
                || to == "data:,",
            "the shared report leads to {to}"
        );
    }
    assert!(!page.contains("<form"), "a form on the shared report");

    // A link whose report is to be in English is, in a French browser too; with no one
    // named, it names no one. For the last 7 days.
    let (_, made) = marketer.submit(&shares, &[("language", "en")]).await;
    let url = share_url(app, &made);
    let (status, _, page) = read(&format!("{url}?period=7d"), "fr-FR,fr;q=0.9").await;
    assert_eq!(status, 200);
    assert!(page.contains("<html lang=\"en\""), "{page}");
    assert!(!page.contains("byline"), "{page}");
    assert!(
        page.contains("aria-current=\"page\">Last 7 days</a>"),
        "{page}"
    );
    assert!(page.contains("How did this campaign do?"));
    let first = today.checked_sub(jiff::Span::new().days(6)).unwrap();
    let covers = format!("<strong>Period: {first} – {today}</strong>");
    assert!(page.contains(&covers), "{covers} in:\n{page}");
    assert!(page.contains("Generated on "), "{page}");

    // The database holds the link's digest, not the secret.
    let stored = dump(&app.database_url, "report_shares").await;
    assert!(!stored.contains(&secret), "the secret is stored in clear");
}
both!(a_client_reads_the_shared_report_and_nothing_else);

async fn a_share_link_is_revoked_and_only_editors_make_them(app: &TestApp) {
    let id = campaign_with_clicks(app, "Soldes d'été").await;
    let analyst = app.signed_in("ana@example.com", Role::Analyst).await;
    let response = analyst.post(&format!("/campaigns/{id}/shares"), &[]).await;
    assert_eq!(response.status(), 403, "an analyst made a share link");

    let marketer = app.signed_in("agence@example.com", Role::Marketer).await;
    let response = marketer
        .post_in("fr-FR,fr;q=0.9", &format!("/campaigns/{id}/shares"), &[])
        .await;
    let (_, html) = marketer.follow(response).await;
    let url = share_url(app, &html);
    // Shown once: the page again no longer has it, and holds one share.
    let (_, page) = marketer.page(&format!("/campaigns/{id}")).await;
    assert!(page.contains("by agence@example.com"), "{page}");
    assert!(!page.contains(&url), "the secret is shown again:\n{page}");
    let share = id_after(&page, &format!("/campaigns/{id}/shares/"));

    // Revoked: the link says so, in the report's language whatever the reader's.
    let (status, page) = marketer
        .submit(&format!("/campaigns/{id}/shares/{share}/revoke"), &[])
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("Share link revoked"), "{page}");
    assert!(!page.contains(&format!("/shares/{share}/revoke")));
    let (status, headers, page) = read(&url, "en-GB,en;q=0.9").await;
    assert_eq!(status, 410);
    assert!(page.contains("Ce rapport n’est plus partagé"), "{page}");
    assert_eq!(headers["x-robots-tag"], "noindex, nofollow");
    // Twice is a missing link; a made-up secret opens nothing.
    let response = marketer
        .post(&format!("/campaigns/{id}/shares/{share}/revoke"), &[])
        .await;
    assert_eq!(response.status(), 404);
    let made_up = format!("{}/shared/{}", app.base, "A".repeat(32));
    assert_eq!(read(&made_up, "en").await.0, 404);
    assert_eq!(read(&format!("{}/shared/x", app.base), "en").await.0, 404);
}
both!(a_share_link_is_revoked_and_only_editors_make_them);

/// Two share links of one campaign are told apart by who each is for, and by their time. The
/// form says the name is shown on the report unless the box is unticked; a name kept off the
/// report is listed as such and never reaches the client.
async fn share_links_are_labelled_with_who_they_are_for(app: &TestApp) {
    let id = campaign_with_clicks(app, "Soldes d'été").await;
    let marketer = app.signed_in("agence@example.com", Role::Marketer).await;
    let (_, form) = marketer
        .page_in("fr-FR,fr;q=0.9", &format!("/campaigns/{id}"))
        .await;
    assert!(
        form.contains(r#"<input id="share-label" name="label""#),
        "{form}"
    );
    assert!(
        form.contains("<input type=\"checkbox\" name=\"label_on_report\" value=\"on\" checked> L’afficher sur le rapport, en «\u{a0}Préparé pour …\u{a0}»"),
        "{form}"
    );
    // The report's language is the maker's own unless changed.
    assert!(
        form.contains(r#"<option value="fr" selected>Français</option>"#)
            && form.contains(r#"<option value="en" >English</option>"#),
        "{form}"
    );
    let shares = format!("/campaigns/{id}/shares");
    let (status, made) = marketer
        .submit(
            &shares,
            &[
                ("label", "Maison Dupont, marketing"),
                ("label_on_report", "on"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    let shown = share_url(app, &made);
    let (_, made) = marketer
        .submit(&shares, &[("label", "  Direction  ")])
        .await;
    let kept = share_url(app, &made);
    marketer.submit(&shares, &[]).await;
    let (_, page) = marketer.page(&format!("/campaigns/{id}")).await;
    assert!(
        page.contains("<strong>Maison Dupont, marketing</strong> · Report in English")
            && page.contains(
                r#"<strong>Direction</strong> <span class="muted">(not shown on the report)</span> · Report in English"#
            ),
        "{page}"
    );
    // Made to the minute: `YYYY-MM-DD HH:MM` in English, on each line and in the name of
    // its button (for a screen reader), with whom it is for when said.
    let made =
        regex::Regex::new(r"Made on \d{4}-\d{2}-\d{2} \d{2}:\d{2} by agence@example.com").unwrap();
    assert_eq!(made.find_iter(&page).count(), 6, "{page}");
    assert!(
        page.contains(r#"aria-label="Revoke the share link (Direction, Made on "#),
        "{page}"
    );

    let (_, _, report) = read(&shown, "en").await;
    assert!(
        report.contains(r#"<p class="byline">Prepared for Maison Dupont, marketing</p>"#),
        "{report}"
    );
    let (status, _, report) = read(&kept, "en").await;
    assert_eq!(status, 200);
    assert!(
        !report.contains("Direction") && !report.contains("byline"),
        "{report}"
    );
}
both!(share_links_are_labelled_with_who_they_are_for);

/// A share link made to last 30 days says so in the list, opens the report until then, and
/// afterwards answers what a revoked one does; one made with no end lasts until revoked.
async fn a_share_link_lapses_after_the_time_chosen(app: &TestApp) {
    let id = campaign_with_clicks(app, "Soldes d'été").await;
    let marketer = app.signed_in("agence@example.com", Role::Marketer).await;
    let (_, form) = marketer.page(&format!("/campaigns/{id}")).await;
    assert!(
        form.contains(r#"<select id="share-expires" name="expires">"#)
            && form.contains(r#"<option value="">Until revoked</option>"#)
            && form.contains(r#"<option value="30">30 days</option>"#)
            && form.contains(r#"<option value="90">90 days</option>"#),
        "{form}"
    );
    let shares = format!("/campaigns/{id}/shares");
    let (_, made) = marketer
        .submit(
            &shares,
            &[
                ("label", "Mois"),
                ("label_on_report", "on"),
                ("expires", "30"),
            ],
        )
        .await;
    let lapsing = share_url(app, &made);
    let (_, made) = marketer.submit(&shares, &[("label", "Toujours")]).await;
    let lasting = share_url(app, &made);
    // A lapse the form does not offer is refused, and makes no link.
    let response = marketer.post(&shares, &[("expires", "7")]).await;
    assert_eq!(response.status(), 422);

    let (_, page) = marketer.page(&format!("/campaigns/{id}")).await;
    let in_30_days = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(30 * 24))
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    assert!(
        page.contains(&format!(
            "<strong>Mois</strong> · Report in English ·\n    Expires on {in_30_days} "
        )),
        "{page}"
    );
    let toujours = &page[page.find("<strong>Toujours</strong>").unwrap()..];
    assert!(
        !toujours[..toujours.find("</li>").unwrap()].contains("Expire"),
        "{page}"
    );
    assert_eq!(read(&lapsing, "en").await.0, 200);

    // The 30 days are over (the clock moved on: the stored end is put in the past).
    let db = Db::connect(&app.database_url).await.unwrap();
    execute(
        &db,
        "UPDATE report_shares SET expires_at = 1000 WHERE expires_at IS NOT NULL",
    )
    .await;
    db.close().await;
    let (status, headers, page) = read(&lapsing, "en").await;
    assert_eq!(status, 410);
    assert!(page.contains("This report is no longer shared"), "{page}");
    assert_eq!(headers["x-robots-tag"], "noindex, nofollow");
    assert_eq!(read(&lasting, "en").await.0, 200);
    // The list says it is over, and offers to remove it.
    let (_, page) = marketer.page(&format!("/campaigns/{id}")).await;
    assert!(
        page.contains(
            "<strong>Expired on 1970-01-01 00:00: it no longer opens the report</strong>"
        ),
        "{page}"
    );
    assert!(page.contains(">Remove</button>"), "{page}");
}
both!(a_share_link_lapses_after_the_time_chosen);
