//! The links page: orders, the on/off filter and pages; QR codes as SVG and PNG; static
//! assets under fingerprinted names with a long cache.

use lanterne::auth::Role;
use serde_json::json;

use crate::both;
use crate::helpers::TestApp;

/// The slugs of `slugs` in the order the page shows them.
fn order<'a>(app: &TestApp, html: &str, slugs: &[&'a str]) -> Vec<&'a str> {
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
        "inline; filename=\"poster-qr.png\""
    );
    let bytes = png.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG signature");
    let png = get("/links/poster/qr.png?download=1").await;
    assert_eq!(
        png.headers()["content-disposition"],
        "attachment; filename=\"poster-qr.png\""
    );

    let svg = get("/links/poster/qr.svg?download=1").await;
    assert_eq!(svg.headers()["content-type"], "image/svg+xml");
    assert_eq!(
        svg.headers()["content-disposition"],
        "attachment; filename=\"poster-qr.svg\""
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
    assert_eq!(stranger.headers()["location"], "/login");
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
