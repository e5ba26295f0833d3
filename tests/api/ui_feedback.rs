//! What the UI says after an action (a flash shown once: "Saved" with the short link and a
//! copy button, a new link's panel, a channel added), forgiving forms (a destination without
//! `https://`, a channel's key made from its label), and finding links (the search through
//! campaigns, channels and themes; empty lists that say what to do).

use lanterne::auth::Role;
use reqwest::Method;
use serde_json::json;

use crate::both;
use crate::helpers::TestApp;
use crate::ui_campaigns::kit;

const FR: &str = "fr-FR,fr;q=0.9";

/// The `Set-Cookie` of a response, all of them joined.
fn set_cookies(response: &reqwest::Response) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

async fn an_edit_from_a_campaign_goes_back_to_it_saying_saved(app: &TestApp) {
    let b = app.signed_in("mark@example.com", Role::Marketer).await;
    let id = kit(&b, "Soldes").await;
    let campaign = format!("/campaigns/{id}");
    let (_, html) = b.page(&campaign).await;
    let slug = app
        .api(Method::GET, "/links?campaign=Soldes&channel=email", None)
        .await
        .1["links"][0]["slug"]
        .as_str()
        .unwrap()
        .to_owned();
    let short = format!("{}/{slug}", app.base);
    // The campaign's edit link says where the edit came from; the form carries it.
    let edit = format!("/links/{slug}/edit?back=%2Fcampaigns%2F{id}");
    assert!(html.contains(&format!(r#"href="{edit}""#)), "{html}");
    let (_, form) = b.page(&edit).await;
    assert!(
        form.contains(&format!(r#"name="back" value="/campaigns/{id}""#)),
        "{form}"
    );
    assert!(form.contains(r#"name="url" type="text" inputmode="url""#));

    // Saved with a destination typed without its scheme: back to the campaign, which says so
    // once, with the short link and a copy button.
    let back = format!("/campaigns/{id}");
    let sent = [
        ("url", "boutique.example/soldes"),
        ("campaign", "Soldes"),
        ("channel", "email"),
        ("back", back.as_str()),
    ];
    let response = b.post(&format!("/links/{slug}/edit"), &sent).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], back.as_str());
    let cookie = set_cookies(&response);
    assert!(
        cookie.contains("lanterne_flash=")
            && cookie.contains(&format!("Path=/campaigns/{id};"))
            && cookie.contains("HttpOnly")
            && cookie.contains("Max-Age=60"),
        "{cookie}"
    );
    assert_eq!(
        app.link(&slug).await["url"],
        "https://boutique.example/soldes"
    );
    let (status, html) = b.page_in(FR, &back).await;
    assert_eq!(status, 200);
    assert!(
        html.contains(r#"<div class="flash" role="status">"#),
        "{html}"
    );
    assert!(
        html.contains("Enregistré."),
        "the flash is in the page's language"
    );
    assert!(html.contains(&format!(r#"data-copy="{short}">Copier</button>"#)));
    assert!(
        html.contains(r#"data-copied="Copié""#),
        "app.js takes its word from the page"
    );
    let (_, again) = b.page(&back).await;
    assert!(!again.contains("role=\"status\">"), "a flash is said once");

    // Without where it came from, an edit goes back to the links; a made-up place too.
    let elsewhere = [
        ("url", "https://boutique.example/"),
        ("back", "//evil.example/"),
    ];
    let response = b.post(&format!("/links/{slug}/edit"), &elsewhere).await;
    assert_eq!(response.headers()["location"], "/links");
    let (_, html) = b.follow(response).await;
    assert!(html.contains("Saved."), "{html}");

    // The short link's redirect never carries or sets a cookie, even right after a flash.
    let response = b
        .post(
            &format!("/links/{slug}/enabled"),
            &[("enabled", "true"), ("back", "/links")],
        )
        .await;
    assert!(set_cookies(&response).contains("Path=/links;"));
    let redirect = b.get(&format!("/{slug}")).await;
    assert_eq!(redirect.status(), 302);
    assert!(redirect.headers().get("set-cookie").is_none());
    let (_, html) = b.page("/links").await;
    assert!(html.contains("Turned on: the link leads to its destination again."));
}
both!(an_edit_from_a_campaign_goes_back_to_it_saying_saved);

async fn a_new_link_shows_its_short_url_in_a_panel(app: &TestApp) {
    let b = app.signed_in("mark@example.com", Role::Marketer).await;
    let made = [("url", "boutique.example/soldes?x=1"), ("slug", "soldes")];
    let response = b.post("/links", &made).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/links");
    let (_, html) = b.follow(response).await;
    let short = format!("{}/soldes", app.base);
    assert!(
        html.contains(r#"<div class="flash card" role="status">"#),
        "{html}"
    );
    assert!(html.contains("<h2>Your new short link is ready</h2>"));
    assert!(html.contains(&format!(r#"<a class="short" href="{short}">{short}</a> <button type="button" class="secondary" data-copy="{short}">Copy</button>"#)), "{html}");
    assert_eq!(
        app.link("soldes").await["url"],
        "https://boutique.example/soldes?x=1"
    );

    // The API takes URLs as they come: no scheme is still refused there.
    let (status, _) = app
        .api(
            Method::POST,
            "/links",
            Some(json!({"url": "boutique.example/x"})),
        )
        .await;
    assert_eq!(status, 422);
    // A scheme the form was given is judged as it is.
    let bad = [("url", "javascript:alert(1)")];
    let response = b.post("/links", &bad).await;
    assert_eq!(response.status(), 422);

    // Turned off, then deleted from the list: each says what it did.
    let off = [("enabled", "false")];
    let (_, html) = b.submit("/links/soldes/enabled", &off).await;
    assert!(html.contains("Turned off: the link answers"), "{html}");
    let (_, html) = b.page_in(FR, "/links").await;
    assert!(!html.contains("Désactivé :"), "once only");
    let response = b.post("/links/soldes/delete", &[]).await;
    let (_, html) = b.follow(response).await;
    assert!(html.contains("Link deleted."));
}
both!(a_new_link_shows_its_short_url_in_a_panel);

async fn a_channel_key_comes_from_its_label_and_its_row_is_pointed_at(app: &TestApp) {
    let admin = app.signed_in("ada@example.com", Role::Admin).await;
    let (_, page) = admin.page("/settings/channels").await;
    assert!(page.contains(r#"data-key-from="label""#));
    assert!(
        !page.contains(r#"name="key" type="text" required"#),
        "the key is optional"
    );
    let added = [
        ("label", "Newsletter d'Été partenaire"),
        ("reach", "private"),
    ];
    let response = admin.post("/settings/channels", &added).await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        "/settings/channels#channel-newsletter-dete-partenaire"
    );
    let (_, html) = admin.follow(response).await;
    assert!(html.contains(r#"<tr id="channel-newsletter-dete-partenaire">"#));
    assert!(
        html.contains("Channel &#34;Newsletter d&#39;Été partenaire&#34; added"),
        "{html}"
    );
    let (status, catalogue) = app.api(Method::GET, "/channels", None).await;
    assert_eq!(status, 200);
    assert!(
        catalogue
            .to_string()
            .contains("\"newsletter-dete-partenaire\"")
    );

    // A key given is kept; refusals are in French for a French browser.
    let given = [
        ("key", "intranet"),
        ("label", "Intranet du siège"),
        ("reach", "private"),
    ];
    admin.submit("/settings/channels", &given).await;
    let clash = [("label", "WhatsApp"), ("reach", "private")];
    let response = admin
        .request(Method::POST, "/settings/channels")
        .header("accept-language", FR)
        .form(&[("csrf", csrf(&page).as_str()), clash[0], clash[1]])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("est déjà un canal intégré"), "{html}");
    let nothing = [("label", "!!!"), ("reach", "other")];
    let response = admin
        .request(Method::POST, "/settings/channels")
        .header("accept-language", FR)
        .form(&[("csrf", csrf(&page).as_str()), nothing[0], nothing[1]])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    // The label is at fault, not the key field left empty.
    let html = response.text().await.unwrap();
    assert!(html.contains("ne donne aucune clé utilisable"), "{html}");
}
both!(a_channel_key_comes_from_its_label_and_its_row_is_pointed_at);

fn csrf(html: &str) -> String {
    let at = html.find(r#"name="csrf" value=""#).unwrap() + 19;
    html[at..at + 32].to_owned()
}

async fn the_search_finds_campaigns_channels_and_themes(app: &TestApp) {
    let b = app.signed_in("ana@example.com", Role::Analyst).await;
    // Empty: an analyst is told where clicks come from, an editor pointed to the kit.
    let (_, html) = b.page("/dashboard").await;
    assert!(
        html.contains("Nothing to show for this period yet"),
        "{html}"
    );
    assert!(!html.contains(r#"href="/links/kit""#));
    let editor = app.signed_in("mark@example.com", Role::Marketer).await;
    let (_, html) = editor.page_in(FR, "/dashboard").await;
    assert!(html.contains(r#"<a class="button" href="/links/kit">Ouvrir le kit de partage</a>"#));
    let (_, html) = editor.page("/links").await;
    assert!(html.contains("No links yet."), "{html}");

    for (slug, campaign, channel, tags) in [
        ("a1", "Soldes d'hiver", "whatsapp", vec!["chaussures"]),
        ("b2", "Rentrée", "copy-link", vec!["cartables"]),
        ("c3", "", "", vec![]),
    ] {
        app.create_link(json!({"url": "https://shop.example/", "slug": slug,
            "campaign": campaign, "channel": channel, "tags": tags}))
            .await;
    }
    for (q, expected) in [
        ("hiver", vec!["a1"]),
        ("WhatsApp", vec!["a1"]),
        ("copy link", vec!["b2"]),
        ("CARTABLE", vec!["b2"]),
        ("c3", vec!["c3"]),
    ] {
        let (_, html) = b.page(&format!("/links?q={}", q.replace(' ', "+"))).await;
        for slug in ["a1", "b2", "c3"] {
            let shown = html.contains(&format!("href=\"{}/{slug}\"", app.base));
            assert_eq!(shown, expected.contains(&slug), "q={q} {slug}");
        }
        let (_, list) = app
            .api(
                Method::GET,
                &format!("/links?q={}", q.replace(' ', "%20")),
                None,
            )
            .await;
        assert_eq!(
            list["links"].as_array().unwrap().len(),
            expected.len(),
            "API q={q}"
        );
    }
    let (_, html) = b.page("/links?q=nothing-like-it").await;
    assert!(html.contains("No link matches this search or these filters."));
    assert!(html.contains(r#"<a href="/links">Show all links</a>"#));
    assert!(!html.contains("create one above"));
    assert!(
        html.contains("data-apply-on-change"),
        "filters apply as they change"
    );
    let (_, html) = b.page("/dashboard").await;
    assert!(html.contains("<table class=\"cards\" data-sortable>"));
}
both!(the_search_finds_campaigns_channels_and_themes);

async fn utm_parameters_are_fields_and_campaign_defaults_apply(app: &TestApp) {
    let b = app.signed_in("mark@example.com", Role::Marketer).await;
    let tagged =
        "https://shop.example/a?x=1&utm_source=whatsapp&utm_medium=messaging&utm_campaign=soldes";
    app.create_link(json!({"url": tagged, "slug": "tagged"}))
        .await;
    let (_, html) = b.page_in(FR, "/links/tagged/edit").await;
    assert!(html.contains("Paramètres UTM"), "{html}");
    assert!(
        html.contains(r#"value="https://shop.example/a?x=1""#)
            || html.contains(r#"value="https://shop.example/a?x=1&"#),
        "{html}"
    );
    for (name, value) in [
        ("utm_source", "whatsapp"),
        ("utm_medium", "messaging"),
        ("utm_campaign", "soldes"),
        ("utm_term", ""),
    ] {
        assert!(
            html.contains(&format!(r#"name="{name}" type="text" maxlength="200" autocapitalize="off" spellcheck="false" value="{value}""#)),
            "{name}: {html}"
        );
    }
    let sent = [
        ("url", "shop.example/a?x=1"),
        ("utm_source", "whatsapp"),
        ("utm_medium", "messaging"),
        ("utm_campaign", "soldes-hiver"),
        ("utm_content", "bouton vert"),
    ];
    assert_eq!(b.post("/links/tagged/edit", &sent).await.status(), 303);
    assert_eq!(
        app.link("tagged").await["url"],
        "https://shop.example/a?x=1&utm_source=whatsapp&utm_medium=messaging&utm_campaign=soldes-hiver&utm_content=bouton+vert"
    );

    // A link made on the Links page for a campaign with UTM on, with a channel, is tagged as
    // the kit tags its links; without a channel, or for a campaign with UTM off, it is not.
    let kit = [
        ("campaign", "Soldes d'hiver"),
        ("url", "https://shop.example/kit"),
        ("utm", "on"),
        ("channel", "email"),
    ];
    assert_eq!(b.post("/links/kit", &kit).await.status(), 201);
    let made = [
        ("url", "shop.example/hiver"),
        ("slug", "hiver-sms"),
        ("campaign", "soldes d'hiver"),
        ("channel", "sms"),
    ];
    assert_eq!(b.post("/links", &made).await.status(), 303);
    assert_eq!(
        app.link("hiver-sms").await["url"],
        "https://shop.example/hiver?utm_source=sms&utm_medium=sms&utm_campaign=soldes-d-hiver"
    );
    let plain = [
        ("url", "https://shop.example/x"),
        ("slug", "hiver-plain"),
        ("campaign", "Soldes d'hiver"),
    ];
    assert_eq!(b.post("/links", &plain).await.status(), 303);
    assert_eq!(
        app.link("hiver-plain").await["url"],
        "https://shop.example/x"
    );
    let own = [
        ("url", "https://shop.example/y?utm_source=partner"),
        ("slug", "hiver-own"),
        ("campaign", "Soldes d'hiver"),
        ("channel", "sms"),
    ];
    assert_eq!(b.post("/links", &own).await.status(), 303);
    assert_eq!(
        app.link("hiver-own").await["url"],
        "https://shop.example/y?utm_source=partner"
    );

    // A campaign the Links page makes starts with UTM on, as the kit's do: its first link is
    // tagged, and so are the links it gets later.
    let new = [
        ("url", "https://exemple.fr/noel"),
        ("slug", "promo-noel"),
        ("campaign", "Noël 2026"),
        ("channel", "instagram"),
    ];
    assert_eq!(b.post("/links", &new).await.status(), 303);
    assert_eq!(
        app.link("promo-noel").await["url"],
        "https://exemple.fr/noel?utm_source=instagram&utm_medium=social&utm_campaign=noel-2026"
    );
    let (_, campaigns) = app.api(Method::GET, "/campaigns", None).await;
    let noel = campaigns["campaigns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Noël 2026")
        .expect("the campaign's record")
        .clone();
    assert_eq!(
        (&noel["url"], &noel["utm"], &noel["utm_campaign"]),
        (
            &json!("https://exemple.fr/noel"),
            &json!(true),
            &json!("noel-2026")
        )
    );
    let (_, html) = b.page_in(FR, &format!("/campaigns/{}", noel["id"])).await;
    assert!(html.contains("utm_campaign=noel-2026"), "{html}");
    assert!(!html.contains("désactivé"), "{html}");
}
both!(utm_parameters_are_fields_and_campaign_defaults_apply);
