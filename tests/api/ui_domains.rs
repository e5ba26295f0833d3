//! Settings → Domains and branded links in the web UI: adding and removing a domain in English
//! and French, a link made on a domain from the links form and the share kit, and its short
//! URL, QR code, edit page and switches on that domain.

use lanterne::auth::Role;
use lanterne::links::qr;
use serde_json::json;

use crate::both;
use crate::helpers::TestApp;

async fn admins_add_and_remove_domains_in_english_and_french(app: &TestApp) {
    let marketer = app.signed_in("mark@example.com", Role::Marketer).await;
    let (status, _) = marketer.page("/settings/domains").await;
    assert_eq!(status, 403);
    marketer
        .assert_refused(
            "/settings/domains",
            &[("host", "go.example")],
            403,
            "Only admins",
        )
        .await;

    let admin = app.signed_in("ada@example.com", Role::Admin).await;
    let (status, html) = admin.page("/settings/domains").await;
    assert_eq!(status, 200);
    assert!(html.contains("No branded domain yet"), "{html}");
    assert!(html.contains("href=\"/settings/domains\" aria-current=\"page\""));
    admin
        .assert_refused(
            "/settings/domains",
            &[("host", "https://go.example/"), ("root_url", "")],
            422,
            "is a URL: give the host alone",
        )
        .await;
    let form = [
        ("host", "Go.Example"),
        ("root_url", "https://example.org/home"),
    ];
    let (status, html) = admin.submit("/settings/domains", &form).await;
    assert_eq!(status, 200);
    assert!(html.contains("<code>go.example</code>"), "{html}");
    assert!(html.contains("https://example.org/home"));
    admin
        .assert_refused("/settings/domains", &form, 409, "is registered already")
        .await;
    let (_, french) = admin.page_in("fr-FR,fr;q=0.9", "/settings/domains").await;
    for words in [
        "<h1>Domaines</h1>",
        "Ajouter un domaine",
        "URL racine",
        "Retirer",
    ] {
        assert!(french.contains(words), "{words} missing in French");
    }
    let root = app.get_on("go.example", "/").await;
    assert_eq!(root.headers()["location"], "https://example.org/home");

    app.create_link(
        json!({ "url": "https://example.org/", "slug": "kept", "domain": "go.example" }),
    )
    .await;
    admin
        .assert_refused(
            "/settings/domains/go.example/delete",
            &[],
            409,
            "1 link uses the domain go.example",
        )
        .await;
    app.api(
        reqwest::Method::DELETE,
        "/links/kept?domain=go.example",
        None,
    )
    .await;
    let (status, html) = admin
        .submit("/settings/domains/go.example/delete", &[])
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("No branded domain yet"));
    assert_eq!(
        app.get_on("go.example", "/").await.status(),
        303,
        "the base host's home again"
    );
}
both!(admins_add_and_remove_domains_in_english_and_french);

async fn a_refused_root_url_is_named_by_its_label_with_a_hint(app: &TestApp) {
    let admin = app.signed_in("ada@example.com", Role::Admin).await;
    let form = [
        ("host", "go.agence.example"),
        ("root_url", "ftp://agence.fr"),
    ];
    let response = admin
        .post_in("fr-FR,fr;q=0.9", "/settings/domains", &form)
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("URL racine\u{a0}: seules les URL http et https sont acceptées, pas ftp:"),
        "{html}"
    );
    assert!(
        !html.contains("root_url :") && !html.contains("Root_url"),
        "{html}"
    );
    let english = admin.post_in("en", "/settings/domains", &form).await;
    let english = english.text().await.unwrap();
    assert!(english.contains("Root URL: only http"), "{english}");
    // The API names the field as its JSON does, and takes URLs as they come: a missing
    // scheme is refused there, with a hint.
    let (status, error) = app
        .api(
            reqwest::Method::POST,
            "/domains",
            Some(json!({ "host": "go.agence.example", "root_url": "agence.fr" })),
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        error["error"]
            .as_str()
            .unwrap()
            .starts_with("root_url: the URL must be absolute, starting with http:// or https://: add https:// in front, as in https://agence.fr"),
        "{error}"
    );
    // The form forgives it, as the address bar does: https:// goes in front.
    let typed = [("host", "go.agence.example"), ("root_url", "agence.fr")];
    let added = admin.post("/settings/domains", &typed).await;
    assert_eq!(added.status(), 303);
    let (_, domains) = app.api(reqwest::Method::GET, "/domains", None).await;
    assert_eq!(
        domains["domains"][0]["root_url"], "https://agence.fr/",
        "{domains}"
    );
}
both!(a_refused_root_url_is_named_by_its_label_with_a_hint);

async fn a_link_on_a_domain_has_its_short_url_qr_code_and_edits_there(app: &TestApp) {
    app.add_domain("go.example", None).await;
    let editor = app.signed_in("mark@example.com", Role::Marketer).await;
    let (_, html) = editor.page("/links").await;
    assert!(
        html.contains("<option value=\"go.example\" >go.example</option>"),
        "{html}"
    );
    let form = [
        ("url", "https://example.org/branded"),
        ("slug", "same"),
        ("domain", "go.example"),
    ];
    assert_eq!(editor.post("/links", &form).await.status(), 303);
    let form = [
        ("url", "https://example.org/plain"),
        ("slug", "same"),
        ("domain", ""),
    ];
    assert_eq!(editor.post("/links", &form).await.status(), 303);
    let (_, html) = editor.page("/links").await;
    assert!(html.contains("href=\"http://go.example/same\""), "{html}");
    assert!(html.contains(&format!("href=\"{}\"", app.url("/same"))));
    assert!(html.contains("href=\"/links/same/edit?domain=go.example\""));
    assert!(html.contains("src=\"/links/same/qr.svg?domain=go.example\""));

    let svg = |path: &'static str| {
        let editor = &editor;
        async move { editor.get(path).await.text().await.unwrap() }
    };
    assert_eq!(
        svg("/links/same/qr.svg?domain=go.example").await,
        qr::svg("http://go.example/same").unwrap()
    );
    assert_eq!(
        svg("/links/same/qr.svg").await,
        qr::svg(&app.url("/same")).unwrap()
    );

    let (status, html) = editor.page("/links/same/edit?domain=go.example").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("<a href=\"http://go.example/same\">"),
        "{html}"
    );
    assert!(html.contains("action=\"/links/same/edit?domain=go.example\""));
    let form = [
        ("url", "https://example.org/branded-2"),
        ("campaign", ""),
        ("channel", ""),
        ("tags", ""),
    ];
    let response = editor
        .post("/links/same/edit?domain=go.example", &form)
        .await;
    assert_eq!(response.status(), 303);
    let branded = app.get_on("go.example", "/same").await;
    assert_eq!(
        branded.headers()["location"],
        "https://example.org/branded-2"
    );
    assert_eq!(
        app.get("/same").await.headers()["location"],
        "https://example.org/plain"
    );

    let off = [("enabled", "false")];
    assert_eq!(
        editor
            .post("/links/same/enabled?domain=go.example", &off)
            .await
            .status(),
        303
    );
    assert_eq!(app.get_on("go.example", "/same").await.status(), 410);
    assert_eq!(app.get("/same").await.status(), 302);
    assert_eq!(
        editor
            .post("/links/same/delete?domain=go.example", &[])
            .await
            .status(),
        303
    );
    assert_eq!(app.get_on("go.example", "/same").await.status(), 404);
    assert_eq!(app.get("/same").await.status(), 302);

    // The share kit makes its links on the domain chosen.
    let kit = [
        ("campaign", "Poster"),
        ("url", "https://example.org/poster"),
        ("channel", "qr"),
        ("domain", "go.example"),
    ];
    let response = editor.post("/links/kit", &kit).await;
    assert_eq!(response.status(), 201);
    let html = response.text().await.unwrap();
    assert!(html.contains("http://go.example/"), "{html}");
    let (_, links) = app
        .api(reqwest::Method::GET, "/links?campaign=Poster", None)
        .await;
    assert_eq!(links["links"][0]["domain"], "go.example");

    // The campaign's page adds channels on the domain chosen, its links' first.
    let (_, list) = app.api(reqwest::Method::GET, "/campaigns", None).await;
    let id = list["campaigns"][0]["id"].as_i64().unwrap();
    let page = format!("/campaigns/{id}");
    let (_, html) = editor.page(&page).await;
    assert!(
        html.contains("<option value=\"go.example\" selected>go.example</option>"),
        "{html}"
    );
    let add =
        |channel: &'static str, domain: &'static str| [("channel", channel), ("domain", domain)];
    editor
        .assert_refused(
            &format!("{page}/links"),
            &add("sms", "nowhere.example"),
            422,
            "&#34;nowhere.example&#34; is not a registered domain",
        )
        .await;
    for (channel, domain) in [("whatsapp", ""), ("email", "go.example")] {
        let response = editor
            .post(&format!("{page}/links"), &add(channel, domain))
            .await;
        assert_eq!(response.status(), 303, "{channel}");
    }
    let (_, links) = app
        .api(reqwest::Method::GET, "/links?campaign=Poster", None)
        .await;
    let on: Vec<(&str, &str)> = links["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["channel"].as_str().unwrap(),
                l["domain"].as_str().unwrap(),
            )
        })
        .collect();
    for made in [
        ("whatsapp", "127.0.0.1"),
        ("email", "go.example"),
        ("qr", "go.example"),
    ] {
        assert!(on.contains(&made), "{made:?} in {on:?}");
    }
    assert_eq!(on.len(), 3, "the refused channel made nothing: {on:?}");
}
both!(a_link_on_a_domain_has_its_short_url_qr_code_and_edits_there);

async fn an_international_domain_reads_as_typed(app: &TestApp) {
    let admin = app.signed_in("ada@example.com", Role::Admin).await;
    let added = admin
        .post(
            "/settings/domains",
            &[("host", "café.example"), ("root_url", "")],
        )
        .await;
    assert_eq!(added.status(), 303);
    let (_, html) = admin.page("/settings/domains").await;
    assert!(html.contains("<code>café.example</code>"), "{html}");
    assert!(
        html.contains("xn--caf-dma.example"),
        "DNS's form, for the records: {html}"
    );
}
both!(an_international_domain_reads_as_typed);

async fn a_qr_code_downloads_under_its_short_link_s_host_and_slug(app: &TestApp) {
    app.add_domain("go.example.com", None).await;
    app.add_domain("café.example", None).await;
    for domain in [None, Some("go.example.com"), Some("xn--caf-dma.example")] {
        app.create_link(
            json!({ "url": "https://example.org/promo", "slug": "promo", "domain": domain }),
        )
        .await;
    }
    let viewer = app.signed_in("ana@example.com", Role::Analyst).await;
    let named = async |path: &str| {
        let response = viewer.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_owned()
    };
    // The same slug on two domains: two files, each named by where its code leads.
    assert_eq!(
        named("/links/promo/qr.png?domain=go.example.com&download=1").await,
        "attachment; filename=\"go.example.com-promo.png\""
    );
    assert_eq!(
        named("/links/promo/qr.svg?domain=go.example.com&download=1").await,
        "attachment; filename=\"go.example.com-promo.svg\""
    );
    assert_eq!(
        named("/links/promo/qr.png?download=1").await,
        "attachment; filename=\"127.0.0.1-promo.png\""
    );
    // An international name: its ASCII form for every browser, as typed for those that read
    // RFC 6266's `filename*`.
    assert_eq!(
        named("/links/promo/qr.png?domain=xn--caf-dma.example&download=1").await,
        "attachment; filename=\"xn--caf-dma.example-promo.png\"; \
         filename*=UTF-8''caf%C3%A9.example-promo.png"
    );
}
both!(a_qr_code_downloads_under_its_short_link_s_host_and_slug);
