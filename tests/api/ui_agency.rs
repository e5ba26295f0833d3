//! Settings → Agency: the agency's name, set by an admin for the whole instance, that every
//! campaign's report says it was prepared by — printed from the campaign's page and through a
//! share link, in the report's language, with whom it is for when the link says so.

use lanterne::auth::Role;
use lanterne::db::Db;

use crate::both;
use crate::helpers::{Browser, TestApp};
use crate::ui_report_share::{campaign_with_clicks, read, share_url};

/// The campaign's page in `accept_language`, as printed.
async fn campaign_page(browser: &Browser, id: i64, language: &str) -> String {
    let (status, html) = browser.page_in(language, &format!("/campaigns/{id}")).await;
    assert_eq!(status, 200, "{html}");
    html
}

/// The agency's name as the database holds it.
async fn stored(app: &TestApp) -> Option<String> {
    let db = Db::connect(&app.database_url).await.unwrap();
    let name = db.instance_setting("agency_name").await.unwrap();
    db.close().await;
    name
}

/// A share link of campaign `id` made with `form`; the report it opens, read from an English
/// browser.
async fn shared_report(app: &TestApp, maker: &Browser, id: i64, form: &[(&str, &str)]) -> String {
    let (status, made) = maker.submit(&format!("/campaigns/{id}/shares"), form).await;
    assert_eq!(status, 200, "{made}");
    let (status, _, page) = read(&share_url(app, &made), "en-GB,en;q=0.9").await;
    assert_eq!(status, 200, "{page}");
    page
}

async fn the_reports_say_which_agency_prepared_them(app: &TestApp) {
    let id = campaign_with_clicks(app, "Soldes d'été").await;
    let admin = app.signed_in("ada@example.com", Role::Admin).await;
    let heading = "<h1>Soldes d&#39;été</h1>\n";
    // No name yet: the reports name no agency.
    let (status, html) = admin.page("/settings/agency").await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains(r#"<a href="/settings/agency" aria-current="page">Agency</a>"#),
        "{html}"
    );
    assert!(
        html.contains(
            r#"name="name" type="text" maxlength="100" placeholder="Bright Lane Agency" value="""#
        ),
        "{html}"
    );
    assert!(
        !campaign_page(&admin, id, "en")
            .await
            .contains("Prepared by")
    );

    // Saved trimmed; the page says so, and shows it.
    let response = admin
        .post("/settings/agency", &[("name", "  Agence Lumière  ")])
        .await;
    assert_eq!(response.headers()["location"], "/settings/agency");
    let (status, html) = admin.follow(response).await;
    assert_eq!(status, 200);
    assert!(html.contains("Saved: campaign reports"), "{html}");
    assert!(html.contains(r#"value="Agence Lumière""#), "{html}");
    assert_eq!(stored(app).await.as_deref(), Some("Agence Lumière"));

    // The campaign's page, printed: in the viewer's language.
    let line = format!("{heading}<p class=\"byline\">Prepared by Agence Lumière</p>");
    let html = campaign_page(&admin, id, "en").await;
    assert!(html.contains(&line), "{html}");
    let line = format!("{heading}<p class=\"byline\">Préparé par Agence Lumière</p>");
    let html = campaign_page(&admin, id, "fr-FR,fr;q=0.9").await;
    assert!(html.contains(&line), "{html}");

    // A share link: in its own language whatever the reader's, by the agency and for the
    // client it names; by the agency alone when it names no one.
    let for_maison = [
        ("label", "Maison Dupont"),
        ("label_on_report", "on"),
        ("language", "fr"),
    ];
    let page = shared_report(app, &admin, id, &for_maison).await;
    let line =
        format!("{heading}<p class=\"byline\">Préparé par Agence Lumière pour Maison Dupont</p>");
    assert!(page.contains(&line), "{page}");
    let for_maison = [
        ("label", "Maison Dupont"),
        ("label_on_report", "on"),
        ("language", "en"),
    ];
    let page = shared_report(app, &admin, id, &for_maison).await;
    let line =
        format!("{heading}<p class=\"byline\">Prepared by Agence Lumière for Maison Dupont</p>");
    assert!(page.contains(&line), "{page}");
    let page = shared_report(app, &admin, id, &[("language", "fr")]).await;
    let line = format!("{heading}<p class=\"byline\">Préparé par Agence Lumière</p>");
    assert!(page.contains(&line), "{page}");

    // Emptied: no agency on any report again, and the client's name alone where asked.
    let (status, html) = admin.submit("/settings/agency", &[("name", "   ")]).await;
    assert_eq!(status, 200);
    assert!(
        html.contains(r#"placeholder="Bright Lane Agency" value="""#),
        "{html}"
    );
    assert_eq!(stored(app).await, None);
    assert!(!campaign_page(&admin, id, "en").await.contains("byline"));
    let page = shared_report(app, &admin, id, &[("language", "en")]).await;
    assert!(!page.contains("byline"), "{page}");
    let page = shared_report(app, &admin, id, &for_maison).await;
    let line = format!("{heading}<p class=\"byline\">Prepared for Maison Dupont</p>");
    assert!(page.contains(&line), "{page}");
}
both!(the_reports_say_which_agency_prepared_them);

async fn only_admins_name_the_agency_and_a_name_past_100_characters_is_refused(app: &TestApp) {
    let id = campaign_with_clicks(app, "Soldes d'été").await;
    let marketer = app.signed_in("mark@example.com", Role::Marketer).await;
    let (status, html) = marketer.page("/settings/agency").await;
    assert_eq!(status, 403);
    assert!(
        html.replace("&#39;", "'")
            .contains("Only admins change the agency's name"),
        "{html}"
    );
    assert!(!html.contains(r#"href="/settings/agency""#), "{html}");
    let form = [("name", "Agence Pirate")];
    let why = "Only admins change the agency";
    marketer
        .assert_refused("/settings/agency", &form, 403, why)
        .await;

    let admin = app.signed_in("ada@example.com", Role::Admin).await;
    admin
        .submit("/settings/agency", &[("name", "Agence Lumière")])
        .await;
    // 100 characters (accented letters count as one) are kept, 101 refused in the admin's
    // language, the field keeping what was typed, the name saved before left as it was.
    let longest = format!(" {} ", "é".repeat(100));
    let (status, _) = admin
        .submit("/settings/agency", &[("name", longest.as_str())])
        .await;
    assert_eq!(status, 200);
    let too_long = "é".repeat(101);
    let why = "The agency name is 101 characters long; it can be 100 at most.";
    admin
        .assert_refused("/settings/agency", &[("name", too_long.as_str())], 422, why)
        .await;
    let response = admin
        .post_in(
            "fr-FR,fr;q=0.9",
            "/settings/agency",
            &[("name", too_long.as_str())],
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Le nom de l’agence fait 101 caractères\u{a0}: 100 au maximum."),
        "{html}"
    );
    assert!(html.contains(&format!(r#"value="{too_long}""#)), "{html}");
    let kept = format!("<p class=\"byline\">Prepared by {}</p>", "é".repeat(100));
    let html = campaign_page(&admin, id, "en").await;
    assert!(html.contains(&kept), "{html}");
    assert!(!html.contains(&too_long), "{html}");
    assert!(
        !marketer
            .page(&format!("/campaigns/{id}"))
            .await
            .1
            .contains("Pirate")
    );
}
both!(only_admins_name_the_agency_and_a_name_past_100_characters_is_refused);
