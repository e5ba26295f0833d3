//! A refused form marks the field it is about: `aria-invalid`, an `aria-describedby` naming
//! the sentence that says why (on the page), and `autofocus`, with what was typed kept; a
//! refusal about no one field (a wrong sign-in) marks none.

use lanterne::auth::Role;
use serde_json::json;

use crate::both;
use crate::helpers::{Browser, PASSWORD, TestApp, id_after};

/// The tag of the element whose id is `id`.
fn tag<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!(r#" id="{id}""#))
        .unwrap_or_else(|| panic!("no #{id} in {html}"));
    let start = html[..at].rfind('<').unwrap();
    let end = at + html[at..].find('>').unwrap();
    &html[start..=end]
}

/// Checks that `html` marks the field `id`, and it alone, and that the sentence its
/// `aria-describedby` names first is on the page and says `why`.
fn assert_marked(html: &str, id: &str, why: &str) {
    let input = tag(html, id);
    assert!(input.contains(r#"aria-invalid="true""#), "{input}");
    assert!(input.contains(" autofocus"), "{input}");
    let described = input
        .split(r#"aria-describedby=""#)
        .nth(1)
        .and_then(|rest| rest.split(['"', ' ']).next())
        .unwrap_or_else(|| panic!("{input} is described by nothing"));
    let sentence = tag(html, described);
    let at = html.find(sentence).unwrap() + sentence.len();
    let said = &html[at..at + html[at..].find('<').unwrap()];
    assert!(
        said.contains(why),
        "#{described} says {said:?}, not {why:?}"
    );
    assert_eq!(html.matches(r#"aria-invalid="true""#).count(), 1, "{html}");
    assert_eq!(html.matches(" autofocus").count(), 1, "{html}");
}

/// Posts `form` to `path` and checks it is refused with `status` at the field `at.0`, with a
/// sentence that says `at.1`: its page.
async fn refused_at(
    b: &Browser,
    path: &str,
    form: &[(&str, &str)],
    status: u16,
    at: (&str, &str),
) -> String {
    let html = refused(b, path, form, status).await;
    assert_marked(&html, at.0, at.1);
    html
}

/// Posts `form` to `path` and checks it is refused with `status`: its page.
async fn refused(b: &Browser, path: &str, form: &[(&str, &str)], status: u16) -> String {
    let response = b.post(path, form).await;
    assert_eq!(response.status(), status, "{path}");
    response.text().await.unwrap()
}

async fn a_refused_link_marks_the_field_it_is_about(app: &TestApp) {
    let b = app.signed_in("ada@example.com", Role::Admin).await;
    app.create_link(json!({ "url": "https://example.com/", "slug": "taken" }))
        .await;
    let typed = [
        ("url", "shop.example/spring"),
        ("slug", "taken"),
        ("campaign", "Spring"),
    ];
    let html = refused_at(&b, "/links", &typed, 409, ("slug", "already taken")).await;
    assert!(tag(&html, "url").contains(r#"value="shop.example/spring""#));
    assert!(tag(&html, "campaign").contains(r#"value="Spring""#));
    refused_at(
        &b,
        "/links",
        &[("url", "ftp://example.com/")],
        422,
        ("url", "http and https URLs"),
    )
    .await;

    // The edit page: the link's own fields, its options and the rows of its rules.
    let edit = "/links/taken/edit";
    let url = ("url", "https://example.com/");
    let html = refused_at(
        &b,
        edit,
        &[url, ("max_clicks", "many")],
        422,
        ("max_clicks", "whole number"),
    )
    .await;
    assert!(html.contains(r#"<details class="options" open>"#));
    let alone = [url, ("expired_url", "https://example.com/over")];
    refused_at(
        &b,
        edit,
        &alone,
        422,
        ("expired_url", "only applies once the link has ended"),
    )
    .await;
    let rule = [
        url,
        ("rule_when", "country"),
        ("rule_country", "UK"),
        ("rule_url", "https://example.com/uk"),
    ];
    let html = refused_at(&b, edit, &rule, 422, ("rule_country-1", "GB")).await;
    assert!(tag(&html, "rule_country-1").contains(r#"value="UK""#));
}
both!(a_refused_link_marks_the_field_it_is_about);

async fn campaign_forms_mark_the_field_refused(app: &TestApp) {
    let b = app.signed_in("ada@example.com", Role::Admin).await;
    for (slug, campaign) in [("one", "Spring"), ("two", "Autumn")] {
        let link = json!({ "url": "https://example.com/", "slug": slug, "campaign": campaign });
        app.create_link(link).await;
    }
    let kit = [("campaign", "Winter"), ("url", "https://example.com/w")];
    let html = refused_at(
        &b,
        "/links/kit",
        &kit,
        422,
        ("channel", "at least one channel"),
    )
    .await;
    assert!(tag(&html, "campaign").contains(r#"value="Winter""#));

    let (_, list) = b.page("/campaigns").await;
    let id = id_after(&list, "href=\"/campaigns/");
    let rename = format!("/campaigns/{id}/rename");
    let (_, page) = b.page(&format!("/campaigns/{id}")).await;
    let spring = tag(&page, "name").contains(r#"value="Spring""#);
    let other = if spring { "Autumn" } else { "Spring" };
    refused_at(
        &b,
        &rename,
        &[("name", other)],
        409,
        ("name", "already exists"),
    )
    .await;
    let settings = format!("/campaigns/{id}");
    refused_at(
        &b,
        &settings,
        &[("url", "javascript:alert(1)")],
        422,
        ("url", "http and https URLs"),
    )
    .await;
}
both!(campaign_forms_mark_the_field_refused);

async fn settings_forms_mark_the_field_refused(app: &TestApp) {
    let b = app.signed_in("ada@example.com", Role::Admin).await;
    let host = [("host", "192.0.2.1"), ("root_url", "")];
    refused_at(&b, "/settings/domains", &host, 422, ("host", "IP address")).await;
    let root = [
        ("host", "go.example.com"),
        ("root_url", "ftp://example.com/"),
    ];
    let html = refused_at(
        &b,
        "/settings/domains",
        &root,
        422,
        ("root_url", "http and https URLs"),
    )
    .await;
    // Its own hint still describes it, after the sentence.
    assert!(tag(&html, "root_url").contains(r#"aria-describedby="root_url-error root-hint""#));

    let token = [("name", " \u{7} "), ("role", "analyst")];
    let html = refused_at(
        &b,
        "/settings/tokens",
        &token,
        422,
        ("name", "control characters"),
    )
    .await;
    assert!(tag(&html, "name").contains("value="));
    let hook = [("url", "ftp://hooks.example/"), ("events", "link.created")];
    let html = refused_at(&b, "/settings/webhooks", &hook, 422, ("url", "http")).await;
    assert!(tag(&html, "url").contains(r#"value="ftp://hooks.example/""#));
    let html = refused(
        &b,
        "/settings/webhooks",
        &[("url", "https://a.example/")],
        422,
    )
    .await;
    assert_marked(&html, "events", "at least one event");

    let channel = [
        ("label", "WhatsApp"),
        ("reach", "private"),
        ("gender", "masculine"),
    ];
    let html = refused(&b, "/settings/channels", &channel, 422).await;
    // The key, left empty, is made from the label: the label is what to mend.
    assert_marked(&html, "label", "built-in channel");
    let site = [("name", "News"), ("domains", "*.news.example")];
    let html = refused_at(&b, "/settings/sites", &site, 422, ("domains", "wildcard")).await;
    assert!(tag(&html, "name").contains(r#"value="News""#));
    let invite = [("email", "not an address"), ("role", "marketer")];
    let html = refused_at(
        &b,
        "/settings/users",
        &invite,
        422,
        ("email", "valid email address"),
    )
    .await;
    assert!(tag(&html, "email").contains(r#"value="not an address""#));
}
both!(settings_forms_mark_the_field_refused);

async fn account_forms_mark_the_field_but_sign_in_names_none(app: &TestApp) {
    let setup = [
        ("email", "ada@example.com"),
        ("password", "a long enough password 9"),
        ("confirm", "another long password 9"),
    ];
    let html = refused_at(
        &app.browser(),
        "/setup",
        &setup,
        422,
        ("confirm", "not the same"),
    )
    .await;
    assert!(tag(&html, "email").contains(r#"value="ada@example.com""#));

    let b = app.signed_in("bob@example.com", Role::Admin).await;
    let wrong = [
        ("current", "not it at all"),
        ("password", "a long enough password 9"),
        ("confirm", "a long enough password 9"),
    ];
    refused_at(
        &b,
        "/account/password",
        &wrong,
        422,
        ("current", "current password is not right"),
    )
    .await;
    let weak = [
        ("current", PASSWORD),
        ("password", "short"),
        ("confirm", "short"),
    ];
    refused_at(
        &b,
        "/account/password",
        &weak,
        422,
        ("password", "at least 10 characters"),
    )
    .await;
    let zone = [("locale", ""), ("timezone", "Mars/Olympus")];
    refused_at(&b, "/account", &zone, 422, ("timezone", "Mars/Olympus")).await;

    // A wrong sign-in never says which of the two fields was wrong.
    let login = [("email", "bob@example.com"), ("password", "wrong")];
    let html = refused(&app.browser(), "/login", &login, 401).await;
    assert!(html.contains(r#"role="alert""#), "{html}");
    assert!(!html.contains("aria-invalid"), "{html}");
    assert!(!html.contains("autofocus"), "{html}");
}
both!(account_forms_mark_the_field_but_sign_in_names_none);
