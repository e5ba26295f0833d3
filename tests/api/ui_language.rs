//! Pages in the reader's language: a visitor's error pages and the dashboard follow the
//! browser's `Accept-Language`, a user's own setting wins over it, and numbers are written
//! as that language writes them.

use lanterne::auth::Role;
use serde_json::json;

use crate::both;
use crate::helpers::{Browser, TestApp, client, id_after};
use crate::ui_link_options::post_with_image;

const FRENCH: &str = "fr-FR,fr;q=0.9,en;q=0.8";

async fn visitor_page(app: &TestApp, path: &str, language: Option<&str>) -> (u16, String, String) {
    let mut request = client().get(app.url(path));
    if let Some(language) = language {
        request = request.header("accept-language", language);
    }
    let response = request.send().await.unwrap();
    let vary = response
        .headers()
        .get("vary")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (
        response.status().as_u16(),
        vary,
        response.text().await.unwrap(),
    )
}

async fn a_visitor_meets_error_pages_in_their_browser_s_language(app: &TestApp) {
    let (status, vary, html) = visitor_page(app, "/no-such-link", Some(FRENCH)).await;
    assert_eq!(status, 404);
    assert!(html.contains(r#"<html lang="fr">"#), "{html}");
    assert!(html.contains("Lien introuvable"), "{html}");
    assert!(vary.contains("Accept-Language"), "{vary}");

    let (status, _, html) = visitor_page(app, "/no-such-link", None).await;
    assert_eq!(status, 404);
    assert!(html.contains(r#"<html lang="en">"#) && html.contains("Link not found"));
    let (_, _, html) = visitor_page(app, "/no-such-link", Some("de-DE,de;q=0.9")).await;
    assert!(
        html.contains("Link not found"),
        "a language we lack is English"
    );

    // A disabled link (410) and an unknown path outside the slugs (the fallback).
    let link = app
        .create_link(json!({"url": "https://example.com/soldes"}))
        .await;
    let slug = link["slug"].as_str().unwrap();
    let (status, _) = app
        .api(
            reqwest::Method::PATCH,
            &format!("/links/{slug}"),
            Some(json!({"enabled": false})),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _, html) = visitor_page(app, &format!("/{slug}"), Some(FRENCH)).await;
    assert_eq!(status, 410);
    assert!(
        html.contains(r#"<html lang="fr">"#) && html.contains("Lien indisponible"),
        "{html}"
    );
    let (status, _, html) = visitor_page(app, "/a/path/that/is/no/slug", Some("fr")).await;
    assert_eq!(status, 404);
    assert!(html.contains("Lien introuvable"), "{html}");
}
both!(a_visitor_meets_error_pages_in_their_browser_s_language);

async fn a_protected_link_asks_for_its_password_in_the_visitor_s_language(app: &TestApp) {
    app.create_link(
        json!({"url": "https://example.org/", "slug": "secret", "password": "sésame ouvre-toi 42"}),
    )
    .await;
    let ask = |password: Option<&'static str>| {
        let request = match password {
            None => app.http.get(app.url("/secret")),
            Some(p) => app
                .http
                .post(app.url("/secret"))
                .form(&[("password", p), ("from", "")]),
        };
        request
            .header("accept-language", FRENCH)
            .header("accept", "text/html")
            .header("user-agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1")
            .send()
    };
    let form = ask(None).await.unwrap();
    assert_eq!(form.status(), 200);
    let html = form.text().await.unwrap();
    assert!(
        html.contains(r#"<html lang="fr">"#) && html.contains("Ce lien est protégé"),
        "{html}"
    );
    let wrong = ask(Some("pas celui-là")).await.unwrap();
    assert_eq!(wrong.status(), 403);
    let html = wrong.text().await.unwrap();
    assert!(html.contains("Ce mot de passe n’est pas le bon"), "{html}");
}
both!(a_protected_link_asks_for_its_password_in_the_visitor_s_language);

async fn the_dashboard_speaks_french_with_french_numbers(app: &TestApp) {
    let browser = app.signed_in("agence@example.com", Role::Admin).await;
    let (status, html) = browser.page_in(FRENCH, "/dashboard").await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"<html lang="fr">"#), "{html}");
    for french in [
        "Tableau de bord",
        "des clics viennent du dark social",
        "Télécharger le CSV",
    ] {
        assert!(
            html.contains(french),
            "no {french:?} on the French dashboard"
        );
    }
    // The 69 % benchmark with its source, and the narrow no-break space French puts
    // before %.
    assert!(
        html.contains("référence 69\u{202f}% (RadiumOne/po.st, 2014)"),
        "{html}"
    );
    // Every headline figure beside the period before's, and the words defined.
    assert!(html.contains("toujours rien"), "{html}");
    assert!(
        html.contains("Par rapport à la période précédente\u{a0}: du "),
        "{html}"
    );
    assert!(
        html.contains(r#"<dt id="define-dark">Dark social</dt>"#),
        "{html}"
    );
    assert!(html.contains(r##"<a class="term" href="#define-dark" title="Un clic sans"##));

    let (_, html) = browser.page_in("en-GB,en;q=0.9", "/dashboard").await;
    assert!(html.contains(r#"<html lang="en">"#) && html.contains("of clicks are dark"));
    assert!(html.contains("benchmark 69%"));
}
both!(the_dashboard_speaks_french_with_french_numbers);

async fn a_user_s_own_language_and_time_zone_win_over_the_browser_s(app: &TestApp) {
    let browser = app.signed_in("ada@example.com", Role::Analyst).await;
    let (status, html) = browser.page("/account").await;
    assert_eq!(status, 200);
    assert!(
        html.contains(r#"<option value="fr" lang="fr" >Français</option>"#),
        "{html}"
    );

    let (status, html) = browser
        .submit(
            "/account",
            &[("locale", "fr"), ("timezone", "Europe/Paris")],
        )
        .await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Enregistré."),
        "the notice is in the new language: {html}"
    );
    assert!(
        html.contains(r#"<option value="Europe/Paris" selected>"#),
        "{html}"
    );

    // An English browser now gets French pages, errors included.
    let (_, html) = browser.page_in("en-US,en;q=0.9", "/dashboard").await;
    assert!(html.contains(r#"<html lang="fr">"#) && html.contains("Tableau de bord"));
    let (status, html) = browser.page_in("en-US", "/campaigns/999999").await;
    assert_eq!(status, 404);
    assert!(html.contains("Introuvable"), "{html}");
    // The live view's minutes are in the user's zone: Paris is CET or CEST, never UTC.
    let (_, live) = browser.page("/dashboard/live").await;
    assert!(
        live.contains("0</span> clic ces 30 dernières minutes"),
        "{live}"
    );
    assert!(
        live.contains("0 en dark social</strong>"),
        "French counts nought in the singular: {live}"
    );

    browser
        .assert_refused(
            "/account",
            &[("locale", "fr"), ("timezone", "Mars/Olympus_Mons")],
            422,
            "Mars/Olympus_Mons n’est pas un fuseau horaire",
        )
        .await;
    browser
        .assert_refused(
            "/account",
            &[("locale", "tlh"), ("timezone", "")],
            422,
            "tlh",
        )
        .await;

    // Back to the browser's language and the server's zone.
    let (_, html) = browser
        .submit("/account", &[("locale", ""), ("timezone", "")])
        .await;
    assert!(
        html.contains(r#"<html lang="en">"#) && html.contains("Saved."),
        "{html}"
    );
}
both!(a_user_s_own_language_and_time_zone_win_over_the_browser_s);

/// The values of the time zone list of /account.
fn zone_options(html: &str) -> Vec<String> {
    let list = html
        .split(r#"<select id="timezone""#)
        .nth(1)
        .and_then(|rest| rest.split("</select>").next())
        .expect("a time zone list");
    list.split(r#"<option value=""#)
        .skip(1)
        .filter_map(|option| option.split('"').next())
        .filter(|value| !value.is_empty())
        .map(str::to_owned)
        .collect()
}

async fn the_time_zone_list_offers_real_zones_and_keeps_the_one_chosen(app: &TestApp) {
    let browser = app.signed_in("ana@example.com", Role::Analyst).await;
    let (_, html) = browser.page("/account").await;
    let zones = zone_options(&html);
    assert!(
        zones.iter().any(|z| z == "Europe/Paris") && zones.iter().any(|z| z == "UTC"),
        "{zones:?}"
    );
    for zone in &zones {
        assert!(
            zone == "UTC"
                || (zone.contains('/')
                    && !["posix/", "right/", "Etc/", "SystemV/"]
                        .iter()
                        .any(|tree| zone.starts_with(tree))),
            "{zone} is offered"
        );
    }

    // A zone the server still knows but no longer lists stays the user's, selected.
    let (status, html) = browser
        .submit("/account", &[("locale", ""), ("timezone", "Etc/GMT+3")])
        .await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains(r#"<option value="Etc/GMT+3" selected>Etc/GMT+3</option>"#),
        "{html}"
    );
}
both!(the_time_zone_list_offers_real_zones_and_keeps_the_one_chosen);

/// The page at `path` as a French browser gets it: in French (`<html lang="fr">`), saying
/// `phrase` (as the page escapes it).
async fn assert_french(browser: &Browser, path: &str, status: u16, phrase: &str) {
    let (got, html) = browser.page_in(FRENCH, path).await;
    assert_eq!(got, status, "{path}");
    assert!(html.contains(r#"<html lang="fr">"#), "{path}: {html}");
    assert!(html.contains(phrase), "no {phrase:?} on {path}: {html}");
}

async fn campaigns_channels_and_sites_speak_french(app: &TestApp) {
    let admin = app.signed_in("agence@example.com", Role::Admin).await;
    assert_french(&admin, "/campaigns", 200, "Aucune campagne pour l’instant").await;
    assert_french(
        &admin,
        "/campaigns/999999",
        404,
        "Cette campagne n’existe pas",
    )
    .await;
    assert_french(&admin, "/settings/channels", 200, "Ajouter un canal").await;
    assert_french(&admin, "/settings/sites", 200, "Enregistrer un site").await;
    assert_french(
        &admin,
        "/dashboard/sites",
        200,
        "Aucun site pour l’instant.",
    )
    .await;

    // A mistake in the site's form, worded in French (the admin's own setting, now, as
    // forms are posted without the browser's header here); then the site's own dashboard.
    admin
        .submit("/account", &[("locale", "fr"), ("timezone", "")])
        .await;
    admin
        .assert_refused(
            "/settings/sites",
            &[("name", "Le Quotidien"), ("domains", "*.quotidien.example")],
            422,
            "«\u{a0}*.quotidien.example\u{a0}» est un joker",
        )
        .await;
    admin
        .submit(
            "/settings/sites",
            &[("name", "Le Quotidien"), ("domains", "quotidien.example")],
        )
        .await;
    let (_, list) = app.api(reqwest::Method::GET, "/sites", None).await;
    let id = list["sites"][0]["id"].as_i64().unwrap();
    assert_french(
        &admin,
        &format!("/dashboard/sites/{id}"),
        200,
        "Le Quotidien\u{a0}: ce que partagent ses lecteurs",
    )
    .await;
    assert_french(
        &admin,
        "/dashboard/sites",
        200,
        "Quelle part du partage de vos propres pages",
    )
    .await;

    let marketer = app.signed_in("marketeur@example.com", Role::Marketer).await;
    assert_french(
        &marketer,
        "/settings/channels",
        403,
        "Seuls les administrateurs ajoutent ou retirent des canaux",
    )
    .await;
}
both!(campaigns_channels_and_sites_speak_french);

async fn settings_pages_name_what_they_are_and_point_at_nothing_out_of_reach(app: &TestApp) {
    let admin = app.signed_in("agence@example.com", Role::Admin).await;
    for language in [FRENCH, "en-GB,en;q=0.9"] {
        for path in ["/settings/sites", "/settings/domains", "/settings/webhooks"] {
            let (status, html) = admin.page_in(language, path).await;
            assert_eq!(status, 200, "{path}");
            // A file of the source tree, or an address nobody knows to exist, is no help to
            // someone reading the page.
            assert!(!html.contains("docs/"), "{path} names a file: {html}");
            assert!(!html.contains("github.com"), "{path} links away: {html}");
        }
    }
    // The two pages about sites say which is which.
    let (_, html) = admin.page_in(FRENCH, "/settings/sites").await;
    assert!(html.contains(">Partage des sites</a>"), "{html}");
    assert!(html.contains(">Codes de suivi</a>"), "{html}");
    let (_, html) = admin.page_in(FRENCH, "/settings/webhooks").await;
    assert!(html.contains("Contenu d’un envoi"), "{html}");
}
both!(settings_pages_name_what_they_are_and_point_at_nothing_out_of_reach);

async fn tokens_users_and_the_pieces_of_the_links_page_speak_french(app: &TestApp) {
    let admin = app.signed_in("agence@example.com", Role::Admin).await;
    assert_french(&admin, "/settings/tokens", 200, "Nouveau jeton").await;
    assert_french(&admin, "/settings/users", 200, "Ajouter un utilisateur").await;
    admin
        .submit("/account", &[("locale", "fr"), ("timezone", "")])
        .await;
    admin
        .assert_refused(
            "/settings/users",
            &[
                ("email", "x@example.com"),
                ("role", "patron"),
                ("password", "0123456789ab"),
            ],
            422,
            "Choisissez un rôle\u{a0}: administrateur, chargé de marketing ou analyste.",
        )
        .await;

    // The links page's QR codes, tags field and pages (50 links a page).
    for n in 0..51 {
        app.create_link(json!({"url": format!("https://example.com/{n}")}))
            .await;
    }
    for phrase in [
        "(thèmes séparés par des virgules)",
        "Télécharger <a href=",
        "rel=\"next\">Suivante →</a>",
        "Page 1</span>",
    ] {
        assert_french(&admin, "/links", 200, phrase).await;
    }
}
both!(tokens_users_and_the_pieces_of_the_links_page_speak_french);

async fn the_share_kit_links_and_the_edit_form_speak_french(app: &TestApp) {
    let admin = app.signed_in("agence@example.com", Role::Admin).await;
    assert_french(&admin, "/links/kit", 200, "Paramètres UTM").await;
    // Built-in channels by their French names; the values posted stay the keys.
    // A channel of no particular reach ("Autre") wears no badge: it would read "Autre autre".
    for name in ["E-mail", "Facebook"] {
        assert_french(&admin, "/links/kit", 200, &format!("<span>{name} <span")).await;
    }
    for name in ["QR / imprimé", "Copie du lien", "Autre"] {
        assert_french(&admin, "/links/kit", 200, &format!("<span>{name}</span>")).await;
    }
    admin
        .submit("/account", &[("locale", "fr"), ("timezone", "")])
        .await;
    let made = admin
        .post(
            "/links/kit",
            &[
                ("campaign", "Soldes d'été"),
                ("url", "https://boutique.example/soldes"),
                ("channel", "whatsapp"),
                ("channel", "facebook"),
                ("utm", "on"),
            ],
        )
        .await;
    assert_eq!(made.status(), 201);
    let html = made.text().await.unwrap();
    assert!(html.contains("2 liens pour Soldes d&#39;été"), "{html}");
    admin
        .assert_refused(
            "/settings/channels",
            &[
                ("key", "whatsapp"),
                ("label", "Le nôtre"),
                ("reach", "private"),
            ],
            422,
            "«\u{a0}whatsapp\u{a0}» est déjà un canal intégré.",
        )
        .await;

    assert_french(&admin, "/links", 200, "Les plus récents d’abord").await;
    app.create_link(json!({"url": "https://example.org/", "slug": "printemps"}))
        .await;
    assert_french(&admin, "/links/printemps/edit", 200, "Carte d’aperçu").await;
    assert_french(
        &admin,
        "/links/printemps/edit",
        200,
        r#"<option value="copy-link" >Copie du lien</option>"#,
    )
    .await;
    admin
        .assert_refused(
            "/links/printemps/edit",
            &[("url", "https://example.org/"), ("max_clicks", "beaucoup")],
            422,
            "La limite de clics doit être un nombre entier.",
        )
        .await;
}
both!(the_share_kit_links_and_the_edit_form_speak_french);

/// The domain's refusals on the forms a marketer uses, in French on the pages, while the API
/// answers the same refusals in English.
async fn refusals_are_french_on_the_pages_and_english_in_the_api(app: &TestApp) {
    let admin = app.signed_in("agence@example.com", Role::Admin).await;
    admin
        .submit("/account", &[("locale", "fr"), ("timezone", "")])
        .await;
    app.create_link(json!({"url": "https://example.org/", "slug": "printemps"}))
        .await;

    // The Links page's form: an invalid URL, a taken slug.
    admin
        .assert_refused(
            "/links",
            &[("url", "ftp://boutique.example/soldes")],
            422,
            "Seules les URL http et https sont acceptées, pas ftp:.",
        )
        .await;
    admin
        .assert_refused(
            "/links",
            &[("url", "https://boutique.example/"), ("slug", "printemps")],
            409,
            "L’identifiant «\u{a0}printemps\u{a0}» est déjà pris.",
        )
        .await;
    // The edit page: options that contradict each other.
    admin
        .assert_refused(
            "/links/printemps/edit",
            &[
                ("url", "https://example.org/"),
                ("starts_at", "2026-05-02T09:00"),
                ("expires_at", "2026-05-01T09:00"),
            ],
            422,
            "La fin doit venir après le début.",
        )
        .await;
    // Settings → Domains: a host that is no domain; the Links page: a domain not registered.
    admin
        .assert_refused(
            "/settings/domains",
            &[("host", "localhost")],
            422,
            "«\u{a0}localhost\u{a0}» n’a qu’une partie\u{a0}: un domaine est un nom comme go.example.com.",
        )
        .await;
    admin
        .assert_refused(
            "/links",
            &[
                ("url", "https://boutique.example/"),
                ("domain", "go.example"),
            ],
            422,
            "«\u{a0}go.example\u{a0}» n’est pas un domaine enregistré\u{a0}: ajoutez-le d’abord",
        )
        .await;

    // The API says each in English, as before.
    let api_error = |body: serde_json::Value| body["error"].as_str().unwrap().to_owned();
    let post = |path: &'static str, body: serde_json::Value| {
        app.api(reqwest::Method::POST, path, Some(body))
    };
    let (status, body) = post("/links", json!({"url": "ftp://boutique.example/soldes"})).await;
    assert_eq!(
        (status, api_error(body)),
        (422, "only http and https URLs are allowed, not ftp:".into())
    );
    let (status, body) = post(
        "/links",
        json!({"url": "https://boutique.example/", "slug": "printemps"}),
    )
    .await;
    assert_eq!(
        (status, api_error(body)),
        (409, r#"the slug "printemps" is already taken"#.into())
    );
    let (status, body) = post(
        "/links",
        json!({"url": "https://boutique.example/",
            "starts_at": "2026-05-02T09:00:00Z", "expires_at": "2026-05-01T09:00:00Z"}),
    )
    .await;
    assert_eq!(
        (status, api_error(body)),
        (422, "expires_at must be after starts_at".into())
    );
    let (status, body) = post("/domains", json!({"host": "localhost"})).await;
    assert_eq!(
        (status, api_error(body)),
        (
            422,
            "\"localhost\" has one label: a domain is a name such as go.example.com".into()
        )
    );
}
both!(refusals_are_french_on_the_pages_and_english_in_the_api);

/// The refusals of a link's labels, its card and its card's image, of a site that is not
/// there, of a webhook and of the dashboard's period: French on the pages, English in the API.
/// A campaign's settings and one's own preferences say "Enregistré" after the redirect, with
/// nothing added to the address.
async fn labels_cards_images_sites_webhooks_and_periods_are_refused_in_french(app: &TestApp) {
    let admin = app.signed_in("agence@example.com", Role::Admin).await;
    let saved = admin
        .post("/account", &[("locale", "fr"), ("timezone", "")])
        .await;
    assert_eq!(saved.headers()["location"], "/account");
    let (_, html) = admin.follow(saved).await;
    assert!(html.contains("Enregistré."), "{html}");
    app.create_link(json!({"url": "https://example.org/landing", "slug": "spring"}))
        .await;
    let long = "x".repeat(65);

    // A label on the Links page, a card and its image on the edit page.
    admin
        .assert_refused(
            "/links",
            &[("url", "https://boutique.example/"), ("campaign", &long)],
            422,
            "La campagne dépasse 64 caractères.",
        )
        .await;
    admin
        .assert_refused(
            "/links/spring/edit",
            &[
                ("url", "https://example.org/landing"),
                ("card_title", "Soldes"),
                ("card_image_url", "http://cdn.example/a.png"),
            ],
            422,
            "Image de l’aperçu\u{a0}: les messageries ne récupèrent que des images en https\u{202f}; donnez une URL https.",
        )
        .await;
    let (_, edit) = admin.page("/links/spring/edit").await;
    let csrf = edit
        .split(r#"name="csrf" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap();
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"></svg>"#;
    let refused = post_with_image(&admin, csrf, "card.png", svg).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("L’image doit être un fichier PNG, JPEG ou WebP (d’après son contenu)."),
        "{html}"
    );

    // A site that is not there, a webhook with no event, a period that ends before it starts.
    admin
        .assert_refused(
            "/settings/sites/999999",
            &[("name", "Le Quotidien"), ("domains", "quotidien.example")],
            404,
            "Aucun site n’a l’identifiant 999999",
        )
        .await;
    admin
        .assert_refused(
            "/settings/webhooks",
            &[("url", "https://hooks.example/")],
            422,
            "Cochez au moins un événement parmi link.created",
        )
        .await;
    let (_, html) = admin.page("/dashboard?from=2026-05-02&to=2026-05-01").await;
    assert!(
        html.contains("La période finit avant de commencer."),
        "{html}"
    );

    // A campaign's settings saved: said once, on the campaign's own address.
    let made = admin
        .post(
            "/links/kit",
            &[
                ("campaign", "Soldes"),
                ("url", "https://boutique.example/"),
                ("channel", "whatsapp"),
            ],
        )
        .await;
    assert_eq!(made.status(), 201);
    let id = id_after(&made.text().await.unwrap(), "href=\"/campaigns/");
    let campaign = format!("/campaigns/{id}");
    let saved = admin
        .post(&campaign, &[("url", "https://boutique.example/v2")])
        .await;
    assert_eq!(saved.headers()["location"], campaign.as_str());
    let (_, html) = admin.follow(saved).await;
    assert!(
        html.contains("Enregistré\u{a0}: les nouveaux liens auront ces réglages."),
        "{html}"
    );
    let (_, again) = admin.page(&campaign).await;
    assert!(!again.contains("Enregistré"), "said once");
    // So are links added to it.
    let added = admin
        .post(&format!("{campaign}/links"), &[("channel", "email")])
        .await;
    assert_eq!(added.headers()["location"], campaign.as_str());
    let (_, html) = admin.follow(added).await;
    assert!(html.contains("1 lien ajouté."), "{html}");

    // The API says each in English, as before.
    let api_error = |body: serde_json::Value| body["error"].as_str().unwrap().to_owned();
    let refused = |method, path: &'static str, body| async move {
        let (status, body) = app.api(method, path, body).await;
        (status, api_error(body))
    };
    assert_eq!(
        refused(
            reqwest::Method::POST,
            "/links",
            Some(json!({"url": "https://boutique.example/", "campaign": long}))
        )
        .await,
        (422, "campaign is longer than 64 characters".into())
    );
    assert_eq!(
        refused(
            reqwest::Method::PATCH,
            "/links/spring",
            Some(json!({"preview": {"title": "Soldes", "image": "http://cdn.example/a.png"}}))
        )
        .await,
        (
            422,
            "preview image: chat apps only fetch https images; give an https URL".into()
        )
    );
    assert_eq!(
        refused(reqwest::Method::GET, "/sites/999999", None).await,
        (404, "there is no site with the id 999999".into())
    );
    assert_eq!(
        refused(
            reqwest::Method::POST,
            "/webhooks",
            Some(json!({"url": "https://hooks.example/", "events": []}))
        )
        .await
        .1,
        "name at least one event of link.created, link.updated, link.deleted, link.expired, share.detected, click"
    );
    assert_eq!(
        refused(
            reqwest::Method::GET,
            "/stats?from=2026-05-02&to=2026-05-01",
            None
        )
        .await,
        (422, "the period ends before it starts".into())
    );
}
both!(labels_cards_images_sites_webhooks_and_periods_are_refused_in_french);

/// French that reads as French: « Toutes » the campaigns, « heure UTC », the server's zone
/// named rather than its setting, and a dashboard error that is a sentence.
async fn the_links_filter_and_the_dashboard_s_notes_read_naturally(app: &TestApp) {
    let browser = app.signed_in("ana@example.com", Role::Analyst).await;
    let (_, links) = browser.page_in(FRENCH, "/links").await;
    assert!(
        links.contains(
            r#"<select id="f-campaign" name="campaign"><option value="">Toutes</option>"#
        ) && links
            .contains(r#"<select id="f-channel" name="channel"><option value="">Tous</option>"#),
        "{links}"
    );
    let (_, french) = browser.page_in(FRENCH, "/dashboard").await;
    assert!(
        french.contains("de minuit à minuit, heure UTC (le fuseau horaire du serveur)."),
        "{french}"
    );
    let (_, english) = browser.page("/dashboard").await;
    assert!(
        english.contains("midnight to midnight, UTC time (the server&#39;s time zone)."),
        "{english}"
    );
    assert!(!french.contains("LANTERNE_") && !english.contains("LANTERNE_"));
    let backwards = "/dashboard?from=2026-05-02&to=2026-05-01";
    let (_, english) = browser.page(backwards).await;
    assert!(
        english.contains(r#"role="alert">The period ends before it starts.</p>"#),
        "{english}"
    );
}
both!(the_links_filter_and_the_dashboard_s_notes_read_naturally);

/// The word after a channel's name on a page: « Newsletter » then « privée ».
fn reach_after(html: &str, name: &str) -> String {
    let rest = html
        .split(&format!("{name} <span class=\"reach "))
        .nth(1)
        .unwrap_or_else(|| panic!("no reach after {name}: {html}"));
    let start = rest.find('>').unwrap() + 1;
    rest[start..].split('<').next().unwrap().to_owned()
}

async fn a_channel_s_reach_agrees_with_its_name_in_french(app: &TestApp) {
    let browser = app.signed_in("ana@example.com", Role::Admin).await;
    let (_, kit) = browser.page_in(FRENCH, "/links/kit").await;
    assert_eq!(reach_after(&kit, "Newsletter"), "privée");
    assert_eq!(reach_after(&kit, "WhatsApp"), "privé");
    assert_eq!(reach_after(&kit, "LinkedIn"), "public");
    let (_, channels) = browser.page_in(FRENCH, "/settings/channels").await;
    assert!(channels.contains(">privée</span>"), "{channels}");
    let (_, english) = browser.page("/links/kit").await;
    assert_eq!(reach_after(&english, "Newsletter"), "private");
}
both!(a_channel_s_reach_agrees_with_its_name_in_french);
