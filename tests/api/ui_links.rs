//! The links page: orders, the on/off filter and pages; what a visitor meets at each link,
//! its options, its clicks beside its requests; destinations read as letters and edited
//! without change; QR codes as SVG and PNG; static assets under fingerprinted names with a
//! long cache.

use std::time::{Duration, Instant};

use lanterne::auth::Role;
use lanterne::db::Db;
use reqwest::Method;
use serde_json::json;

use crate::both;
use crate::helpers::{TestApp, hit, id_after};

const FRENCH: &str = "fr-FR,fr;q=0.9";
pub(crate) const CHROME: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
const WHATSAPP: &str = "WhatsApp/2.23.20.0 A";

/// A navigation to `/{slug}` as `user_agent`: its status.
async fn visit(app: &TestApp, slug: &str, user_agent: &str) -> u16 {
    app.http
        .get(app.url(&format!("/{slug}")))
        .header("user-agent", user_agent)
        .header("accept", "text/html")
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// The row of a list that shows the short link `slug`, from that link to the row's end.
pub(crate) fn row<'a>(app: &TestApp, html: &'a str, slug: &str) -> &'a str {
    let at = html
        .find(&format!("href=\"{}/{slug}\"", app.base))
        .unwrap_or_else(|| panic!("no {slug} in {html}"));
    let end = at + html[at..].find("</tr>").unwrap();
    &html[at..end]
}

/// The slugs of `slugs` in the order the page shows them.
pub(crate) fn order<'a>(app: &TestApp, html: &str, slugs: &[&'a str]) -> Vec<&'a str> {
    let mut found: Vec<(usize, &str)> = slugs
        .iter()
        .filter_map(|s| {
            html.find(&format!("href=\"{}/{s}\"", app.base))
                .map(|at| (at, *s))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, s)| s).collect()
}

async fn links_sort_filter_and_page(app: &TestApp) {
    for slug in ["b-link", "A-link", "c_link"] {
        app.create_link(
            json!({ "url": "https://example.com/", "slug": slug, "campaign": "Sorted" }),
        )
        .await;
    }
    for slug in ["c_link", "c_link", "A-link"] {
        assert_eq!(app.get(&format!("/{slug}")).await.status(), 302);
    }
    app.wait_for_hits("c_link", 2).await;
    app.wait_for_hits("A-link", 1).await;
    let (status, _) = app
        .api(
            reqwest::Method::PATCH,
            "/links/b-link",
            Some(json!({ "enabled": false })),
        )
        .await;
    assert_eq!(status, 200);

    let b = app.signed_in("ana@example.com", Role::Analyst).await;
    let all = ["b-link", "A-link", "c_link"];
    for (sort, expected) in [
        ("", ["c_link", "A-link", "b-link"]),
        ("newest", ["c_link", "A-link", "b-link"]),
        ("oldest", ["b-link", "A-link", "c_link"]),
        ("hits", ["c_link", "A-link", "b-link"]),
        ("slug", ["A-link", "b-link", "c_link"]),
    ] {
        let (status, html) = b.page(&format!("/links?sort={sort}")).await;
        assert_eq!(status, 200);
        assert_eq!(order(app, &html, &all), expected, "sort={sort}");
    }
    let html = b.page("/links?enabled=off").await.1;
    assert_eq!(order(app, &html, &all), ["b-link"]);
    let html = b
        .page("/links?enabled=on&sort=oldest&campaign=Sorted")
        .await
        .1;
    assert_eq!(order(app, &html, &all), ["A-link", "c_link"]);
    assert!(
        html.contains("<option value=\"on\" selected>"),
        "the filter stays chosen"
    );
    assert!(
        html.contains("<option value=\"Sorted\" selected>"),
        "campaigns are a choice"
    );

    // 51 links make two pages; the next page keeps the filters.
    for n in 0..48 {
        app.create_link(json!({ "url": "https://example.com/", "slug": format!("more-{n:02}") }))
            .await;
    }
    // Askama writes `&` in attributes as `&#38;`.
    let html = b.page("/links?sort=slug").await.1.replace("&#38;", "&");
    assert!(
        html.contains("href=\"/links?sort=slug&page=2\" rel=\"next\""),
        "a next page"
    );
    let html = b
        .page("/links?sort=slug&page=2")
        .await
        .1
        .replace("&#38;", "&");
    assert_eq!(order(app, &html, &["c_link", "more-47"]), ["more-47"]);
    assert!(
        html.contains("href=\"/links?sort=slug&page=1\" rel=\"prev\""),
        "a previous page"
    );
    assert!(!html.contains("page=3"));
}
both!(links_sort_filter_and_page);

/// Most and fewest clicks: people, as the list shows them, folded into rollups or not yet;
/// previews and bots left out; ties newest first; the order kept across pages.
async fn links_sort_by_clicks_across_pages(app: &TestApp) {
    let create = async |slug: String| {
        app.create_link(json!({ "url": "https://example.com/", "slug": slug }))
            .await;
    };
    for n in 0..25 {
        create(format!("z-{n:02}")).await;
    }
    for slug in ["second", "top", "third"] {
        create(slug.to_owned()).await;
    }
    for n in 25..49 {
        create(format!("z-{n:02}")).await;
    }
    let (top, second, third) = (
        app.link_id("top").await,
        app.link_id("second").await,
        app.link_id("third").await,
    );
    // Folded: 5 clicks of `top`; 6 of `second`, with more requests than anyone (previews).
    let mut rows = hit(top).days_ago(2).times(5);
    rows.extend(hit(second).days_ago(3).times(6));
    rows.extend(hit(second).kind("preview").times(10));
    rows.extend(hit(third).kind("bot").times(4));
    app.insert_hits(&rows).await;
    let db = Db::connect(&app.database_url).await.unwrap();
    while db.fold_hits().await.unwrap() {}
    db.close().await;
    // Not folded yet: `top` goes past `second` with them, `third` has only these.
    let mut rows = hit(top).times(2);
    rows.extend(hit(third).times(3));
    app.insert_hits(&rows).await;

    let b = app.signed_in("ana@example.com", Role::Analyst).await;
    let page = async |path: &str| b.page(path).await.1.replace("&#38;", "&");
    let html = page("/links?sort=clicks").await;
    let watched = ["top", "second", "third", "z-48", "z-02", "z-01", "z-00"];
    assert_eq!(
        order(app, &html, &watched),
        ["top", "second", "third", "z-48", "z-02"]
    );
    assert!(row(app, &html, "top").contains(r#"data-label="Clicks">7"#));
    assert!(row(app, &html, "second").contains(r#"data-label="Clicks">6"#));
    assert!(html.contains("<option value=\"clicks\" selected>"));
    assert!(
        html.contains("href=\"/links?sort=clicks&page=2\" rel=\"next\""),
        "a next page"
    );
    let html = page("/links?sort=clicks&page=2").await;
    assert_eq!(order(app, &html, &watched), ["z-01", "z-00"]);
    assert!(html.contains("href=\"/links?sort=clicks&page=1\" rel=\"prev\""));

    let html = page("/links?sort=fewest-clicks").await;
    assert_eq!(
        order(app, &html, &watched),
        ["z-48", "z-02", "z-01", "z-00", "third"]
    );
    assert!(html.contains("<option value=\"fewest-clicks\" selected>"));
    let html = page("/links?sort=fewest-clicks&page=2").await;
    assert_eq!(order(app, &html, &watched), ["second", "top"]);
    assert!(!html.contains("page=3"));
}
both!(links_sort_by_clicks_across_pages);

async fn qr_codes_as_svg_and_png(app: &TestApp) {
    app.create_link(json!({ "url": "https://example.com/", "slug": "poster" }))
        .await;
    let b = app.signed_in("ana@example.com", Role::Analyst).await;
    let get = async |path: &str| b.get(path).await;

    let png = get("/links/poster/qr.png").await;
    assert_eq!(png.status(), 200);
    assert_eq!(png.headers()["content-type"], "image/png");
    assert_eq!(
        png.headers()["content-disposition"],
        "inline; filename=\"127.0.0.1-poster.png\""
    );
    let bytes = png.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG signature");
    let png = get("/links/poster/qr.png?download=1").await;
    assert_eq!(
        png.headers()["content-disposition"],
        "attachment; filename=\"127.0.0.1-poster.png\""
    );

    let svg = get("/links/poster/qr.svg?download=1").await;
    assert_eq!(svg.headers()["content-type"], "image/svg+xml");
    assert_eq!(
        svg.headers()["content-disposition"],
        "attachment; filename=\"127.0.0.1-poster.svg\""
    );
    assert!(svg.text().await.unwrap().contains("<svg"));
    assert_eq!(get("/links/nothing/qr.png").await.status(), 404);
    // The links page shows the code and offers both downloads.
    let html = b.page("/links").await.1;
    for part in [
        "<img src=\"/links/poster/qr.svg\"",
        "/links/poster/qr.png?download=1",
        "/links/poster/qr.svg?download=1",
    ] {
        assert!(html.contains(part), "{part}");
    }
    // Only for people signed in.
    let stranger = app.get("/links/poster/qr.png").await;
    assert_eq!(
        stranger.headers()["location"],
        "/login?next=%2Flinks%2Fposter%2Fqr.png"
    );
}
both!(qr_codes_as_svg_and_png);

async fn assets_have_fingerprinted_names_and_a_long_cache(app: &TestApp) {
    let login = app.get("/login").await.text().await.unwrap();
    let error = app.get("/no-such-link").await.text().await.unwrap();
    let mut assets = Vec::new();
    for html in [&login, &error] {
        for attribute in ["href=\"/static/", "src=\"/static/"] {
            for (at, _) in html.match_indices(attribute) {
                let rest = &html[at + attribute.len() - 8..];
                assets.push(rest[..rest.find('"').unwrap()].to_owned());
            }
        }
    }
    assert!(assets.len() >= 2, "{assets:?}");
    // A real icon, so that browsers do not ask for /favicon.ico (a 404) on every page.
    let icon = assets
        .iter()
        .find(|a| a.starts_with("/static/favicon."))
        .unwrap_or_else(|| panic!("no icon linked: {assets:?}"));
    assert_eq!(
        app.get(icon).await.headers()["content-type"],
        "image/svg+xml"
    );
    for path in &assets {
        let name = path.trim_start_matches("/static/");
        let parts: Vec<&str> = name.split('.').collect();
        assert!(
            parts.len() == 3 && parts[1].len() == 8,
            "{path} is not fingerprinted"
        );
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(
            response.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        let plain = format!("/static/{}.{}", parts[0], parts[2]);
        assert_eq!(
            app.get(&plain).await.status(),
            404,
            "{plain} is served unversioned"
        );
    }
}
both!(assets_have_fingerprinted_names_and_a_long_cache);

async fn the_list_says_what_visitors_meet_and_which_options_are_set(app: &TestApp) {
    let url = "https://exemple.fr/a";
    for body in [
        json!({ "url": url, "slug": "promo-noel", "max_clicks": 2 }),
        json!({ "url": url, "slug": "later", "starts_at": "2999-01-01T09:30:00Z" }),
        json!({ "url": url, "slug": "over", "expires_at": "2020-01-01T00:00:00Z" }),
        json!({ "url": url, "slug": "guarded", "password": "open sesame 42", "preview": { "title": "Noël" } }),
        json!({ "url": url, "slug": "paused" }),
        json!({ "url": url, "slug": "plain" }),
    ] {
        app.create_link(body).await;
    }
    let (status, _) = app
        .api(
            Method::PATCH,
            "/links/paused",
            Some(json!({ "enabled": false })),
        )
        .await;
    assert_eq!(status, 200);
    // Two people use up the limit, a chat app's preview between them; the next gets 410.
    for user_agent in [CHROME, WHATSAPP, CHROME] {
        assert_eq!(visit(app, "promo-noel", user_agent).await, 302);
    }
    assert_eq!(visit(app, "promo-noel", CHROME).await, 410);
    app.wait_for_hits("promo-noel", 3).await;

    let b = app.signed_in("marie@agence.fr", Role::Marketer).await;
    // The limit is counted in the background: the list shows it once the database has it.
    let deadline = Instant::now() + Duration::from_secs(10);
    let html = loop {
        let html = b.page_in(FRENCH, "/links").await.1;
        if row(app, &html, "promo-noel").contains("Expiré") || Instant::now() > deadline {
            break html;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let promo = row(app, &html, "promo-noel");
    for shown in [
        "<strong>Expiré</strong>",
        "sa limite de clics est atteinte",
        "Limite de clics 2 / 2",
        // Two people clicked; the preview is one more request.
        r#"data-label="Clics">2"#,
        "3\u{a0}requêtes",
    ] {
        assert!(promo.contains(shown), "{shown} not in {promo}");
    }
    let expected = [
        (
            "later",
            &[
                "<strong>Pas encore actif</strong>",
                "Dès le 01/01/2999 09:30",
            ][..],
        ),
        (
            "over",
            &[
                "<strong>Expiré</strong>",
                "sa date de fin est passée",
                "Jusqu’au 01/01/2020 00:00",
            ],
        ),
        (
            "guarded",
            &[
                "Actif",
                "Mot de passe · Carte d’aperçu (masquée par le mot de passe)",
            ],
        ),
        ("paused", &["<strong>Désactivé</strong>"]),
        (
            "plain",
            &["Actif", r#"data-label="Clics">0"#, "0\u{a0}requête"],
        ),
    ];
    for (slug, shown) in expected {
        let found = row(app, &html, slug).replace("&#39;", "'");
        for shown in shown {
            assert!(found.contains(shown), "{shown} not in {found}");
        }
    }
    assert!(!row(app, &html, "plain").contains("Mot de passe"));
    assert!(!row(app, &html, "guarded").contains("<strong>"));
    // The column says what it counts, in the page's language.
    assert!(html.contains(">Clics</th>"), "{html}");
    let html = b.page("/links?q=promo-noel").await.1;
    let promo = row(app, &html, "promo-noel");
    for shown in [
        "<strong>Expired</strong>",
        "its click limit is reached",
        "Click limit 2 / 2",
        "3\u{a0}requests",
    ] {
        assert!(promo.contains(shown), "{shown} not in {promo}");
    }
}
both!(the_list_says_what_visitors_meet_and_which_options_are_set);

async fn lists_count_clicks_as_the_dashboard_does_folded_or_not(app: &TestApp) {
    app.create_link(json!({ "url": "https://exemple.fr/ete", "slug": "ete", "campaign": "Été" }))
        .await;
    app.create_link(json!({ "url": "https://exemple.fr/ete", "slug": "ete-2", "campaign": "Été" }))
        .await;
    let (one, two) = (app.link_id("ete").await, app.link_id("ete-2").await);
    let mut rows = hit(one).days_ago(3).times(6);
    rows.extend(hit(one).kind("preview").times(2));
    rows.extend(hit(one).kind("bot").times(1));
    rows.extend(hit(two).days_ago(40).times(4));
    rows.extend(hit(two).kind("preview").times(3));
    app.insert_hits(&rows).await;

    let b = app.signed_in("ana@example.com", Role::Analyst).await;
    let check = async || {
        let html = b.page_in(FRENCH, "/links?campaign=%C3%89t%C3%A9").await.1;
        for (slug, clicks, requests) in [("ete", 6, 9), ("ete-2", 4, 7)] {
            let found = row(app, &html, slug);
            assert!(
                found.contains(&format!(r#"data-label="Clics">{clicks}"#)),
                "{found}"
            );
            assert!(
                found.contains(&format!("{requests}\u{a0}requêtes")),
                "{found}"
            );
        }
        let html = b.page_in(FRENCH, "/campaigns").await.1;
        let at = html.find(">Été</a>").expect("the campaign");
        let found = &html[at..at + html[at..].find("</tr>").unwrap()];
        assert!(found.contains("<td class=\"num\">10"), "{found}");
        assert!(found.contains("16\u{a0}requêtes"), "{found}");
        let dashboard = b
            .page_in(FRENCH, "/dashboard?campaign=%C3%89t%C3%A9&period=90d")
            .await
            .1;
        assert!(
            dashboard.contains(">10<"),
            "the dashboard's clicks: {dashboard}"
        );
    };
    // The hits as written, then as folded into rollups: the same numbers.
    check().await;
    let db = Db::connect(&app.database_url).await.unwrap();
    while db.fold_hits().await.unwrap() {}
    db.close().await;
    check().await;
}
both!(lists_count_clicks_as_the_dashboard_does_folded_or_not);

async fn accented_destinations_read_as_letters_and_edit_without_change(app: &TestApp) {
    let encoded = "https://boutique-exemple.fr/soldes-%C3%A9t%C3%A9?ref=newsletter\
        &utm_source=facebook&utm_medium=social&utm_campaign=soldes-d-ete-2026";
    app.create_link(json!({
        "url": "https://boutique-exemple.fr/soldes-été?ref=newsletter&utm_source=facebook&utm_medium=social&utm_campaign=soldes-d-ete-2026",
        "slug": "ete",
        "campaign": "Soldes d'été 2026",
        "channel": "facebook",
    }))
    .await;
    assert_eq!(app.link("ete").await["url"], encoded, "stored encoded");
    let response = app.get("/ete").await;
    assert_eq!(response.headers()["location"], encoded, "sent encoded");

    let b = app.signed_in("marie@agence.fr", Role::Marketer).await;
    let readable = "https://boutique-exemple.fr/soldes-été?ref=newsletter";
    let html = b.page_in(FRENCH, "/links").await.1;
    assert!(row(app, &html, "ete").contains(readable), "{html}");
    assert!(!html.contains("%C3%A9"), "{html}");
    let html = b.page_in(FRENCH, "/campaigns").await.1;
    assert!(
        html.contains(readable) && !html.contains("%C3%A9"),
        "{html}"
    );
    let id = id_after(&html, "/campaigns/");
    let html = b.page_in(FRENCH, &format!("/campaigns/{id}")).await.1;
    assert!(html.contains(&format!(">{readable}</a>")), "{html}");
    assert!(
        html.contains(&format!(r#"value="{readable}""#)),
        "the settings' field: {html}"
    );

    // The edit field shows the letters; saved as it is, it gives back the same URL.
    let html = b.page_in(FRENCH, "/links/ete/edit").await.1;
    assert!(html.contains(&format!(r#"value="{readable}""#)), "{html}");
    let form = [
        ("url", readable),
        ("utm_source", "facebook"),
        ("utm_medium", "social"),
        ("utm_campaign", "soldes-d-ete-2026"),
        ("campaign", "Soldes d'été 2026"),
        ("channel", "facebook"),
        ("tags", ""),
    ];
    assert_eq!(b.post("/links/ete/edit", &form).await.status(), 303);
    assert_eq!(app.link("ete").await["url"], encoded);
    // And the campaign's settings, saved as shown, keep its destination.
    let settings = [
        ("url", readable),
        ("tags", ""),
        ("utm", "on"),
        ("utm_campaign", "soldes-d-ete-2026"),
    ];
    assert_eq!(
        b.post(&format!("/campaigns/{id}"), &settings)
            .await
            .status(),
        303
    );
    let (_, campaigns) = app.api(Method::GET, "/campaigns", None).await;
    assert_eq!(
        campaigns["campaigns"][0]["url"],
        "https://boutique-exemple.fr/soldes-%C3%A9t%C3%A9?ref=newsletter"
    );
}
both!(accented_destinations_read_as_letters_and_edit_without_change);
