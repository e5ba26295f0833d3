//! The web UI end to end: a share kit, a click on one of its links, the dashboard that counts
//! it, editing the link, turning it off, its QR code.

use lanterne::auth::Role;

use crate::both;
use crate::helpers::TestApp;

async fn share_kit_then_a_click_then_the_dashboard(app: &TestApp) {
    let b = app.signed_in("mark@example.com", Role::Marketer).await;
    let form = [
        ("campaign", "Spring sale"),
        ("url", "https://shop.example/spring?ref=kit"),
        ("tags", "offers"),
        ("channel", "whatsapp"),
        ("channel", "email"),
        ("channel", "facebook"),
        ("utm", "on"),
    ];
    let response = b.post("/links/kit", &form).await;
    assert_eq!(response.status(), 201);
    let html = response.text().await.unwrap();
    assert!(html.contains("3 links for Spring sale"), "{html}");

    let (_, list) = app
        .api(reqwest::Method::GET, "/links?campaign=Spring%20sale", None)
        .await;
    let links = list["links"].as_array().unwrap();
    assert_eq!(links.len(), 3);
    let facebook = links.iter().find(|l| l["channel"] == "facebook").unwrap();
    assert_eq!(
        facebook["url"],
        "https://shop.example/spring?ref=kit&utm_source=facebook&utm_medium=social&utm_campaign=spring-sale"
    );
    assert_eq!(facebook["tags"], serde_json::json!(["offers"]));

    // A click with no referrer on the Facebook link: dark leakage.
    let slug = facebook["slug"].as_str().unwrap();
    let response = app.http.get(app.url(&format!("/{slug}"))).header("user-agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1").send().await.unwrap();
    assert_eq!(response.status(), 302);
    app.wait_for_hits(slug, 1).await;
    let (status, dashboard) = b.page("/dashboard?campaign=Spring%20sale").await;
    assert_eq!(status, 200);
    assert!(dashboard.contains("How much of each channel leaks into private chats?"));
    assert!(
        dashboard.contains("<span class=\"big\">100%</span> of clicks are dark"),
        "the click is dark"
    );
    let (_, links_page) = b.page("/links").await;
    assert!(links_page.contains(&format!("/{slug}")));

    // Editing in the UI: a bad URL is refused with a reason, a good one redirects at once.
    let edit = format!("/links/{slug}/edit");
    assert_eq!(b.page(&edit).await.0, 200);
    let response = b
        .post(
            &edit,
            &[
                ("url", "ftp://x.example/"),
                ("channel", "facebook"),
                ("tags", "offers"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Only http and https")
    );
    let response = b
        .post(
            &edit,
            &[
                ("url", "https://shop.example/new"),
                ("campaign", "Spring sale"),
                ("channel", "x"),
                ("tags", "offers, summer"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        app.get(&format!("/{slug}")).await.headers()["location"],
        "https://shop.example/new"
    );
    assert_eq!(
        app.link(slug).await["tags"],
        serde_json::json!(["offers", "summer"])
    );

    // Turning the link off in the UI takes effect at once.
    let response = b
        .post(&format!("/links/{slug}/enabled"), &[("enabled", "false")])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(app.get(&format!("/{slug}")).await.status(), 410);
    let (status, svg) = b.page(&format!("/links/{slug}/qr.svg")).await;
    assert_eq!(status, 200);
    assert!(svg.contains("<svg"));
}
both!(share_kit_then_a_click_then_the_dashboard);

async fn an_analyst_is_refused_the_share_kit_before_filling_it_in(app: &TestApp) {
    app.create_link(serde_json::json!({ "url": "https://example.com/", "slug": "spring" }))
        .await;
    let analyst = app.signed_in("ana@example.com", Role::Analyst).await;
    // The same answer as the edit page gives: the refusal, and no form to fill in for nothing.
    for path in ["/links/kit", "/links/spring/edit"] {
        let (status, html) = analyst.page(path).await;
        assert_eq!(status, 403, "{path}");
        assert!(html.contains("but not change them"), "{path}: {html}");
        assert!(!html.contains("name=\"campaign\""), "{path}: {html}");
    }
    let marketer = app.signed_in("mark@example.com", Role::Marketer).await;
    let (status, html) = marketer.page("/links/kit").await;
    assert_eq!(status, 200);
    assert!(html.contains("name=\"campaign\""), "{html}");
}
both!(an_analyst_is_refused_the_share_kit_before_filling_it_in);
