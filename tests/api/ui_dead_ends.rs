//! Where a person could be stranded in the web UI: the address of a refused form, which only
//! takes a POST, reloaded or bookmarked; a method a page's address does not take (the
//! addresses of programs answer a bare 405); an error page with no way back.

use lanterne::auth::Role;
use reqwest::Method;

use crate::both;
use crate::helpers::{Browser, TestApp};
use crate::ui_campaigns::kit;

/// Where a GET of `path` is sent (303).
async fn sent_from(b: &Browser, path: &str) -> String {
    let response = b.get(path).await;
    assert_eq!(response.status(), 303, "{path}");
    response.headers()["location"].to_str().unwrap().to_owned()
}

async fn a_refused_form_s_address_leads_back_to_its_page(app: &TestApp) {
    let b = app.signed_in("mark@example.com", Role::Marketer).await;
    let spring = kit(&b, "Spring sale").await;
    kit(&b, "Autumn").await;
    let page = format!("/campaigns/{spring}");

    // Refused, the forms answer at their own addresses: a reload of one is a GET of it.
    let rename = format!("{page}/rename");
    let response = b.post(&rename, &[("name", "autumn")]).await;
    assert_eq!(response.status(), 409);
    let add = format!("{page}/links");
    let response = b.post(&add, &[]).await;
    assert_eq!(response.status(), 422);
    for path in [
        &rename,
        &add,
        &format!("{page}/delete"),
        &format!("{page}/shares"),
    ] {
        assert_eq!(sent_from(&b, path).await, page, "{path}");
        let head = b.request(reqwest::Method::HEAD, path).send().await.unwrap();
        assert_eq!(head.status(), 303, "HEAD {path}");
    }
    // Signed out too: to the page, which then asks to sign in.
    assert_eq!(sent_from(&app.browser(), &rename).await, page);

    // Every form-only address of the UI goes to the page its form is on; a link's page keeps
    // the link's domain.
    for (path, to) in [
        (
            "/links/spring/enabled?domain=go.example",
            "/links/spring/edit?domain=go.example",
        ),
        ("/links/spring/delete", "/links"),
        ("/links/import/confirm", "/links/import"),
        ("/campaigns/7/shares/3/revoke", "/campaigns/7"),
        ("/settings/users/3/role", "/settings/users"),
        ("/settings/users/3/delete", "/settings/users"),
        ("/settings/invitations/3/cancel", "/settings/users"),
        ("/settings/tokens/3/revoke", "/settings/tokens"),
        ("/settings/channels/fax/delete", "/settings/channels"),
        ("/settings/channels/fax/gender", "/settings/channels"),
        ("/settings/domains/go.example/delete", "/settings/domains"),
        ("/settings/sites/3", "/settings/sites"),
        ("/settings/sites/3/domains", "/settings/sites"),
        ("/settings/sites/3/delete", "/settings/sites"),
        ("/settings/webhooks/3/delete", "/settings/webhooks"),
        ("/settings/webhooks/3/retry", "/settings/webhooks"),
        ("/settings/webhooks/3/test", "/settings/webhooks"),
        ("/logout", "/"),
    ] {
        assert_eq!(sent_from(&b, path).await, to, "{path}");
    }
}
both!(a_refused_form_s_address_leads_back_to_its_page);

async fn a_method_an_address_does_not_take_gets_a_page(app: &TestApp) {
    let b = app.signed_in("mark@example.com", Role::Marketer).await;
    let spring = kit(&b, "Spring sale").await;
    for (method, path) in [
        (reqwest::Method::PUT, format!("/campaigns/{spring}")),
        (reqwest::Method::DELETE, "/links".to_owned()),
        (reqwest::Method::POST, "/dashboard".to_owned()),
    ] {
        let response = b.request(method.clone(), &path).send().await.unwrap();
        assert_eq!(response.status(), 405, "{method} {path}");
        assert!(response.headers().contains_key("allow"), "{method} {path}");
        let html = response.text().await.unwrap();
        assert!(
            html.contains("Not available this way"),
            "{method} {path}: {html}"
        );
        assert!(html.contains("href=\"/links\""), "in the frame: {html}");
    }
    // The API keeps its own answers.
    let response = b
        .request(reqwest::Method::PUT, "/api/v1/links")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    assert!(
        !response
            .text()
            .await
            .unwrap()
            .contains("Not available this way")
    );
}
both!(a_method_an_address_does_not_take_gets_a_page);

async fn addresses_of_programs_answer_a_bare_405(app: &TestApp) {
    app.create_link(serde_json::json!({"url": "https://example.org/", "slug": "spring"}))
        .await;
    // Signed in, as someone whose browser loads the assets and images of the pages.
    let b = app.signed_in("mark@example.com", Role::Marketer).await;
    for (method, path) in [
        (Method::DELETE, "/healthz"),
        (Method::POST, "/readyz"),
        (Method::PUT, "/metrics"),
        (Method::DELETE, "/static/app.css"),
        (Method::POST, "/media/0123456789abcdef0123456789abcdef.png"),
        (Method::POST, "/lanterne.js"),
        (Method::DELETE, "/spring"),
        (Method::PUT, "/e"),
        (Method::GET, "/e/link"),
    ] {
        let response = b.request(method.clone(), path).send().await.unwrap();
        assert_eq!(response.status(), 405, "{method} {path}");
        assert!(response.headers().contains_key("allow"), "{method} {path}");
        let kind = response.headers().get("content-type").cloned();
        let body = response.text().await.unwrap();
        assert!(
            kind.is_none() && body.is_empty(),
            "{method} {path}: {kind:?} {body}"
        );
    }
}
both!(addresses_of_programs_answer_a_bare_405);

/// The link back under an error page: its `href` and its words.
fn back_link(html: &str) -> (String, String) {
    let tail = html.rsplit("<main id=\"content\">").next().unwrap();
    let start = tail.rfind("<p><a href=\"").expect("a link back") + 12;
    let (href, rest) = tail[start..].split_once("\">").unwrap();
    let (text, _) = rest.split_once("</a>").unwrap();
    (href.to_owned(), text.to_owned())
}

async fn error_pages_of_signed_in_people_keep_the_frame_and_a_way_back(app: &TestApp) {
    let admin = app.signed_in("ada@example.com", Role::Admin).await;
    for (path, back, words) in [
        ("/campaigns/999", "/campaigns", "Back to Campaigns"),
        ("/links/nope/edit", "/links", "Back to Links"),
        (
            "/dashboard/sites/99",
            "/dashboard/sites",
            "Back to Site sharing",
        ),
    ] {
        let (status, html) = admin.page(path).await;
        assert_eq!(status, 404, "{path}");
        assert!(
            html.contains("aria-label=\"Main\""),
            "no navigation on {path}: {html}"
        );
        assert!(html.contains("action=\"/logout\""), "{path}: {html}");
        assert_eq!(
            back_link(&html),
            (back.to_owned(), words.to_owned()),
            "{path}"
        );
    }
    let marketer = app.signed_in("mark@example.com", Role::Marketer).await;
    let (status, html) = marketer.page("/settings/users").await;
    assert_eq!(status, 403);
    assert!(html.contains("Only admins manage users"), "{html}");
    assert!(html.contains("aria-label=\"Main\""), "{html}");
    assert_eq!(
        back_link(&html),
        ("/dashboard".to_owned(), "Back to Dashboard".to_owned())
    );
    // In the person's language.
    let (status, html) = marketer.page_in("fr-FR,fr;q=0.9", "/campaigns/999").await;
    assert_eq!(status, 404);
    assert_eq!(
        back_link(&html),
        (
            "/campaigns".to_owned(),
            "Retour à la page Campagnes".to_owned()
        )
    );

    // Someone signed out gets the bare page (here, the sign-in page first).
    let (status, html) = app.browser().page("/invite/nothing").await;
    assert_eq!(status, 410);
    assert!(!html.contains("aria-label=\"Main\""), "{html}");
}
both!(error_pages_of_signed_in_people_keep_the_frame_and_a_way_back);
