//! A link's options in the web UI: set and cleared on its edit page, a card image uploaded
//! with the form (checked by its bytes, served with its type and `nosniff`; not kept by a
//! refused form), a refusal shown on the form with what was sent.

use lanterne::auth::Role;
use serde_json::{Value, json};

use crate::both;
use crate::helpers::{Browser, TestApp, count};

/// A 1×1 PNG.
const PIXEL_PNG: &[u8] = include_bytes!("../fixtures/pixel.png");

/// The edit form of the link `spring` with its base fields and `extra`.
fn form<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("url", "https://example.org/landing"),
        ("campaign", ""),
        ("channel", ""),
        ("tags", ""),
    ];
    fields.extend_from_slice(extra);
    fields
}

/// `path` asked for with the user agent `agent`.
async fn visit(app: &TestApp, path: &str, agent: &str) -> reqwest::Response {
    let request = app.http.get(app.url(path)).header("user-agent", agent);
    request.send().await.unwrap()
}

/// The page a chat app's preview fetcher gets at `path`.
async fn preview_of(app: &TestApp, path: &str) -> String {
    let page = visit(app, path, "WhatsApp/2.23.20.0 A").await;
    page.text().await.unwrap()
}

/// The edit page a French browser gets back for `sent`, which is refused.
async fn refused_in_french(browser: &Browser, sent: &[(&str, &str)]) -> String {
    let response = browser
        .post_in("fr-FR,fr;q=0.9", "/links/spring/edit", sent)
        .await;
    assert_eq!(response.status(), 422);
    response.text().await.unwrap()
}

async fn marketer(app: &TestApp) -> Browser {
    app.create_link(json!({"url": "https://example.org/landing", "slug": "spring"}))
        .await;
    app.signed_in("mia@example.com", Role::Marketer).await
}

async fn every_option_is_set_and_cleared_on_the_edit_page(app: &TestApp) {
    let browser = marketer(app).await;
    let response = browser
        .post(
            "/links/spring/edit",
            &form(&[
                ("card_title", "Spring sale"),
                ("card_description", "Two days only"),
                ("card_image_url", "https://cdn.example/card.png"),
                ("starts_at", "2020-01-01T00:00"),
                ("expires_at", "2999-01-01T00:00"),
                ("expired_url", "https://example.org/late"),
                ("max_clicks", "50"),
                ("password", "open sesame"),
                ("rule_when", "android"),
                ("rule_country", ""),
                ("rule_url", "https://example.org/android"),
                ("rule_when", "country"),
                ("rule_country", "fr"),
                ("rule_url", "https://example.org/fr"),
                ("variant_url", "https://example.org/a"),
                ("variant_weight", "3"),
                ("variant_url", "https://example.org/b"),
                ("variant_weight", "1"),
            ]),
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let link = app.link("spring").await;
    assert_eq!(
        link["preview"],
        json!({"title": "Spring sale", "description": "Two days only", "image": "https://cdn.example/card.png"})
    );
    // The test server's time zone is UTC.
    assert_eq!(link["starts_at"], "2020-01-01T00:00:00.000Z");
    assert_eq!(link["expires_at"], "2999-01-01T00:00:00.000Z");
    assert_eq!(link["max_clicks"], 50);
    assert_eq!(link["password_protected"], true);
    assert_eq!(
        link["rules"],
        json!([{"device": "android", "url": "https://example.org/android"}, {"country": "FR", "url": "https://example.org/fr"}])
    );
    assert_eq!(
        link["variants"][0],
        json!({"url": "https://example.org/a", "weight": 3})
    );

    // The page shows them back; the password stays unless a new one is typed.
    let (status, page) = browser.page("/links/spring/edit").await;
    assert_eq!(status, 200);
    for shown in [
        r#"value="Spring sale""#,
        r#"value="2999-01-01T00:00""#,
        r#"value="50""#,
        r#"<option value="android" selected>"#,
        r#"value="FR""#,
        r#"value="https://example.org/b""#,
        // Each row's fields named after their row (tests/browser.rs, in French).
        r#"aria-label="send to (rule 2)""#,
        r#"aria-label="Weight (variant 2)""#,
        "Remove the password",
    ] {
        assert!(page.contains(shown), "the edit page does not show {shown}");
    }
    assert!(!page.contains("open sesame"));

    // Emptied fields clear their options; the password goes when asked.
    let response = browser
        .post("/links/spring/edit", &form(&[("password_remove", "on")]))
        .await;
    assert_eq!(response.status(), 303);
    let link = app.link("spring").await;
    for field in [
        "preview",
        "starts_at",
        "expires_at",
        "expired_url",
        "max_clicks",
    ] {
        assert!(link[field].is_null(), "{field} was not cleared: {link}");
    }
    assert_eq!(link["rules"], json!([]));
    assert_eq!(link["variants"], json!([]));
    assert_eq!(link["password_protected"], false);
    let response = app.get("/spring").await;
    assert_eq!(response.status(), 302, "a plain link again");
}
both!(every_option_is_set_and_cleared_on_the_edit_page);

/// A marketer whose preferred time zone is Paris types times in Paris time, on the edit page
/// and in the share kit, and reads them back in it.
async fn dates_are_typed_and_shown_in_the_viewer_s_time_zone(app: &TestApp) {
    let browser = marketer(app).await;
    let saved = browser
        .post("/account", &[("locale", ""), ("timezone", "Europe/Paris")])
        .await;
    assert_eq!(saved.status(), 303);
    let response = browser
        .post(
            "/links/spring/edit",
            &form(&[
                ("starts_at", "2030-06-01T09:00"),
                ("expires_at", "2030-12-01T09:00"),
            ]),
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let link = app.link("spring").await;
    assert_eq!(link["starts_at"], "2030-06-01T07:00:00.000Z", "summer time");
    assert_eq!(
        link["expires_at"], "2030-12-01T08:00:00.000Z",
        "winter time"
    );
    let (_, page) = browser.page("/links/spring/edit").await;
    assert!(
        page.contains(r#"value="2030-06-01T09:00""#) && page.contains("(Europe/Paris)"),
        "{page}"
    );

    let (_, kit) = browser.page("/links/kit").await;
    assert!(kit.contains("(Europe/Paris)"), "{kit}");
    let made = browser
        .post(
            "/links/kit",
            &[
                ("campaign", "Summer"),
                ("url", "https://shop.example/summer"),
                ("channel", "whatsapp"),
                ("starts_at", "2030-06-01T09:00"),
            ],
        )
        .await;
    assert_eq!(made.status(), 201, "{}", made.text().await.unwrap());
    let (_, list) = app
        .api(reqwest::Method::GET, "/links?campaign=Summer", None)
        .await;
    assert_eq!(list["links"][0]["starts_at"], "2030-06-01T07:00:00.000Z");
}
both!(dates_are_typed_and_shown_in_the_viewer_s_time_zone);

async fn a_card_beside_a_password_is_said_to_go_unseen(app: &TestApp) {
    let browser = marketer(app).await;
    let both = form(&[("card_title", "Noël"), ("password", "open sesame 42")]);
    let (_, page) = browser.submit("/links/spring/edit", &both).await;
    assert!(
        page.contains("Saved. This link has a password, so chat apps show"),
        "{page}"
    );
    let notice = r#"<p class="notice" role="note">"#;
    let (_, page) = browser.page("/links/spring/edit").await;
    assert!(
        page.contains(&format!(
            "{notice}This link has a password: previews of it show"
        )),
        "{page}"
    );
    let (_, page) = browser
        .page_in("fr-FR,fr;q=0.9", "/links/spring/edit")
        .await;
    assert!(
        page.contains(&format!(
            "{notice}Ce lien a un mot de passe\u{a0}: ses aperçus affichent"
        )),
        "{page}"
    );
    // Previews do get the protected page, not the card.
    let preview = preview_of(app, "/spring").await;
    assert!(!preview.contains("Noël"), "{preview}");

    // The card alone: no word of it.
    let card_only = form(&[("card_title", "Noël"), ("password_remove", "on")]);
    let (_, page) = browser.submit("/links/spring/edit", &card_only).await;
    assert!(
        page.contains("Saved.") && !page.contains("has a password"),
        "{page}"
    );
    let (_, page) = browser.page("/links/spring/edit").await;
    assert!(!page.contains(notice), "{page}");
}
both!(a_card_beside_a_password_is_said_to_go_unseen);

async fn a_refused_option_is_shown_on_the_form_with_what_was_sent(app: &TestApp) {
    let browser = marketer(app).await;
    let response = browser
        .post(
            "/links/spring/edit",
            &form(&[
                ("card_title", "Kept as typed"),
                ("variant_url", "https://example.org/a"),
                ("variant_weight", "1"),
            ]),
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("An A/B split needs at least two variants."),
        "{page}"
    );
    assert!(page.contains(r#"value="Kept as typed""#));
    assert!(page.contains(r#"value="https://example.org/a""#));
    assert_eq!(
        app.link("spring").await["preview"],
        Value::Null,
        "nothing was changed"
    );
    // An analyst may not.
    let analyst = app.signed_in("ana@example.com", Role::Analyst).await;
    let refused = analyst
        .post("/links/spring/edit", &form(&[("max_clicks", "1")]))
        .await;
    assert_eq!(refused.status(), 403);
}
both!(a_refused_option_is_shown_on_the_form_with_what_was_sent);

async fn a_refused_expiry_url_is_named_by_its_label(app: &TestApp) {
    let browser = marketer(app).await;
    let sent = form(&[
        ("expires_at", "2030-01-01T00:00"),
        ("expired_url", "ftp://exemple.fr/fin"),
    ]);
    let page = refused_in_french(&browser, &sent).await;
    assert!(
        page.contains(
            "Une fois expiré, envoyer vers\u{a0}: seules les URL http et https sont acceptées, pas ftp:"
        ),
        "{page}"
    );
    assert!(!page.contains("xpired_url :"), "{page}");
    // The API says the JSON field, and takes URLs as they come: no scheme is a refusal there.
    let (status, error) = app
        .api(
            reqwest::Method::PATCH,
            "/links/spring",
            Some(json!({ "expires_at": "2030-01-01T00:00:00Z", "expired_url": "exemple.fr/fin" })),
        )
        .await;
    assert_eq!(status, 422, "{error}");
    assert!(
        error["error"]
            .as_str()
            .unwrap()
            .starts_with("expired_url: the URL must be absolute"),
        "{error}"
    );
    // The form forgives it, as the address bar does: https:// goes in front.
    let sent = form(&[
        ("expires_at", "2030-01-01T00:00"),
        ("expired_url", "exemple.fr/fin"),
    ]);
    let saved = browser.post("/links/spring/edit", &sent).await;
    assert_eq!(saved.status(), 303);
    assert_eq!(
        app.link("spring").await["expired_url"],
        "https://exemple.fr/fin"
    );
}
both!(a_refused_expiry_url_is_named_by_its_label);

async fn a_rule_to_an_own_domain_is_refused_in_the_page_language(app: &TestApp) {
    app.add_domain("go.example", None).await;
    let browser = marketer(app).await;
    let sent = form(&[
        ("rule_when", "ios"),
        ("rule_country", ""),
        ("rule_url", "https://example.org/ios"),
        ("rule_when", "country"),
        ("rule_country", "FR"),
        ("rule_url", "go.example/fr"),
    ]);
    let page = refused_in_french(&browser, &sent).await;
    assert!(
        page.contains("Règle 2\u{a0}: les liens vers go.example ne sont pas acceptés\u{a0}: c’est l’un des domaines de ce serveur."),
        "{page}"
    );
    // A rule's and a variant's URL typed without a scheme get https://, as the link's own does.
    let sent = form(&[
        ("rule_when", "android"),
        ("rule_country", ""),
        ("rule_url", "example.org/android"),
        ("variant_url", "example.org/a"),
        ("variant_weight", "1"),
        ("variant_url", "example.org/b"),
        ("variant_weight", "1"),
    ]);
    assert_eq!(
        browser.post("/links/spring/edit", &sent).await.status(),
        303
    );
    let link = app.link("spring").await;
    assert_eq!(
        (
            &link["rules"][0]["url"],
            &link["variants"][0]["url"],
            &link["variants"][1]["url"]
        ),
        (
            &json!("https://example.org/android"),
            &json!("https://example.org/a"),
            &json!("https://example.org/b")
        )
    );
}
both!(a_rule_to_an_own_domain_is_refused_in_the_page_language);

async fn the_edit_page_counts_clicks_and_requests(app: &TestApp) {
    let browser = marketer(app).await;
    // A person, then a preview fetcher: one click, two requests.
    let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
    assert_eq!(visit(app, "/spring", firefox).await.status(), 302);
    preview_of(app, "/spring").await;
    app.wait_for_hits("spring", 2).await;
    let (_, page) = browser.page("/links/spring/edit").await;
    assert!(page.contains("1 click and 2 requests so far"), "{page}");
    let (_, page) = browser
        .page_in("fr-FR,fr;q=0.9", "/links/spring/edit")
        .await;
    assert!(page.contains("1 clic et 2 requêtes jusqu’ici"), "{page}");
}
both!(the_edit_page_counts_clicks_and_requests);

/// The edit form as a browser sends it with the file `name` holding `bytes`.
pub(crate) async fn post_with_image(
    browser: &Browser,
    csrf: &str,
    name: &str,
    bytes: &[u8],
) -> reqwest::Response {
    let mut fields = vec![("csrf", csrf)];
    fields.extend(form(&[
        ("card_title", "With a picture"),
        ("card_image_url", ""),
    ]));
    browser
        .post_with_file("/links/spring/edit", &fields, name, bytes)
        .await
}

async fn a_card_image_is_checked_by_its_bytes_and_served_with_its_type(app: &TestApp) {
    let browser = marketer(app).await;
    let (_, page) = browser.page("/links/spring/edit").await;
    let csrf = page
        .split(r#"name="csrf" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    assert!(page.contains(r#"enctype="multipart/form-data""#));

    // Something else named .png is refused for what it is.
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
    let refused = post_with_image(&browser, &csrf, "card.png", svg).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("PNG, JPEG or WebP"));
    let mut big = PIXEL_PNG.to_vec();
    big.resize(2 * 1024 * 1024 + 1, 0);
    let refused = post_with_image(&browser, &csrf, "big.png", &big).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("larger than 2 MB"));

    let saved = post_with_image(&browser, &csrf, "card.png", PIXEL_PNG).await;
    assert_eq!(saved.status(), 303, "{}", saved.text().await.unwrap());
    let image = app.link("spring").await["preview"]["image"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = image
        .strip_prefix(&app.base)
        .expect("served by Lanterne")
        .to_owned();
    assert!(
        path.starts_with("/media/") && path.ends_with(".png"),
        "{path}"
    );
    let served = app.get(&path).await;
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.headers()["x-content-type-options"], "nosniff");
    assert!(
        served.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert!(served.headers().get("set-cookie").is_none());
    assert_eq!(served.bytes().await.unwrap().as_ref(), PIXEL_PNG);
    assert_eq!(
        app.get("/media/0123456789abcdef0123456789abcdef.png")
            .await
            .status(),
        404
    );
    assert_eq!(app.get("/media/..%2Fetc%2Fpasswd").await.status(), 404);

    // Preview fetchers get the uploaded image on the card.
    let card = preview_of(app, "/spring").await;
    assert!(
        card.contains(&format!(r#"<meta property="og:image" content="{image}">"#)),
        "{card}"
    );
    // The edit page shows it (an image of this site: the pages' policy allows it).
    let (_, page) = browser.page("/links/spring/edit").await;
    assert!(page.contains(&format!(r#"<img class="card-image" src="{image}""#)));
}
both!(a_card_image_is_checked_by_its_bytes_and_served_with_its_type);

async fn a_refused_edit_leaves_no_uploaded_image(app: &TestApp) {
    let browser = marketer(app).await;
    let mut fields = form(&[("card_title", "With a picture"), ("card_image_url", "")]);
    fields[0] = ("url", "ftp://x.example/");
    let refused = browser
        .post_with_file("/links/spring/edit", &fields, "card.png", PIXEL_PNG)
        .await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(page.contains("Only http and https"), "{page}");
    assert!(page.contains("choose it again"), "{page}");
    let media = "SELECT COUNT(*) FROM media";
    assert_eq!(count(&app.database_url, media).await, 0, "no image left");
    assert_eq!(app.link("spring").await["preview"], Value::Null);
}
both!(a_refused_edit_leaves_no_uploaded_image);

/// An English form says its fields as its labels read; the API keeps its JSON names.
async fn an_english_refusal_names_the_fields_by_their_labels(app: &TestApp) {
    let browser = marketer(app).await;
    for (sent, said) in [
        (
            form(&[("max_clicks", "0")]),
            "The click limit must be between 1 and 1,000,000,000.",
        ),
        (
            form(&[
                ("starts_at", "2031-01-02T09:00"),
                ("expires_at", "2031-01-01T09:00"),
            ]),
            "The end date (Expires) must be after the start date (Starts).",
        ),
        (
            form(&[("expired_url", "https://example.org/later")]),
            "&#34;Once expired, send people to&#34; only applies once the link has ended",
        ),
    ] {
        let response = browser.post("/links/spring/edit", &sent).await;
        assert_eq!(response.status(), 422);
        let page = response.text().await.unwrap();
        assert!(page.contains(said), "{said}:\n{page}");
        for leak in ["Max_clicks", "Expires_at", "expired_url is"] {
            assert!(!page.contains(leak), "{leak}:\n{page}");
        }
    }
    let (status, error) = app
        .api(
            reqwest::Method::PATCH,
            "/links/spring",
            Some(json!({ "max_clicks": 0 })),
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        error["error"]
            .as_str()
            .unwrap()
            .starts_with("max_clicks must be between"),
        "{error}"
    );
}
both!(an_english_refusal_names_the_fields_by_their_labels);

/// An end date already past would make the link answer 410 at once: the form asks first,
/// keeping what was typed, and saves it once confirmed. The API takes it as it comes.
async fn an_end_date_already_past_is_confirmed_before_it_is_saved(app: &TestApp) {
    let browser = marketer(app).await;
    let past = form(&[("expires_at", "2020-01-01T10:00")]);
    let response = browser.post("/links/spring/edit", &past).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("The end date, 2020-01-01 10:00, is already past"),
        "{page}"
    );
    assert!(page.contains(r#"value="2020-01-01T10:00""#), "{page}");
    assert!(page.contains(r#"name="end_in_past""#), "{page}");
    assert_eq!(app.link("spring").await["expires_at"], Value::Null);
    // Confirmed, it is saved; saved again unchanged, nothing is asked.
    let confirmed = form(&[("expires_at", "2020-01-01T10:00"), ("end_in_past", "on")]);
    let saved = browser.post("/links/spring/edit", &confirmed).await;
    assert_eq!(saved.status(), 303);
    assert_eq!(
        app.link("spring").await["expires_at"],
        "2020-01-01T10:00:00.000Z"
    );
    let again = browser.post("/links/spring/edit", &past).await;
    assert_eq!(again.status(), 303);
    // In French too.
    let french = form(&[("expires_at", "2021-03-01T10:00")]);
    let page = refused_in_french(&browser, &french).await;
    assert!(
        page.contains("La date de fin, le 01/03/2021 10:00, est déjà passée"),
        "{page}"
    );
    let (status, link) = app
        .api(
            reqwest::Method::PATCH,
            "/links/spring",
            Some(json!({ "expires_at": "2021-03-01T10:00:00Z" })),
        )
        .await;
    assert_eq!(status, 200, "{link}");
}
both!(an_end_date_already_past_is_confirmed_before_it_is_saved);
