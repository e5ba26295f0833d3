//! The web UI end to end: a share kit, a click on one of its links, the dashboard that counts
//! it, editing the link, turning it off, its QR code; a card image uploaded with the kit.

use lanterne::auth::Role;
use serde_json::Value;

use crate::both;
use crate::helpers::{TestApp, count, id_after};

/// A 1×1 PNG.
const PIXEL_PNG: &[u8] = include_bytes!("../fixtures/pixel.png");

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

/// The kit's form for the campaign `name` (one word), on WhatsApp and email, with a card.
fn kit_with_card(name: &str) -> Vec<(&str, &str)> {
    vec![
        ("campaign", name),
        ("url", "https://shop.example/spring"),
        ("channel", "whatsapp"),
        ("channel", "email"),
        ("card_title", "Spring sale"),
        ("card_image_url", ""),
    ]
}

/// The links of the campaign `name` (one word), as the API gives them.
async fn links_of(app: &TestApp, name: &str) -> Vec<Value> {
    let path = format!("/links?campaign={name}");
    let (_, list) = app.api(reqwest::Method::GET, &path, None).await;
    list["links"].as_array().unwrap().clone()
}

/// A PNG other than [`PIXEL_PNG`] (the same with bytes after it), stored under another name.
fn other_png() -> Vec<u8> {
    [PIXEL_PNG, b"another"].concat()
}

/// Where Lanterne serves `bytes` once they are uploaded.
fn media_path(bytes: &[u8]) -> String {
    format!(
        "/media/{}",
        lanterne::links::media::check(bytes).unwrap().id
    )
}

/// The uploaded images the database holds.
async fn media_count(app: &TestApp) -> u64 {
    count(&app.database_url, "SELECT COUNT(*) FROM media").await
}

async fn the_kit_s_uploaded_card_image_is_on_every_link_it_makes(app: &TestApp) {
    let b = app.signed_in("mark@example.com", Role::Marketer).await;
    let (_, kit) = b.page("/links/kit").await;
    assert!(kit.contains(r#"enctype="multipart/form-data""#), "{kit}");
    assert!(kit.contains(r#"name="card_image" type="file""#), "{kit}");

    // A forged token, or an analyst, is refused before the file is looked at.
    let mut forged = kit_with_card("Forged");
    forged.insert(0, ("csrf", "forged-token-forged-token-forged"));
    let refused = b
        .post_with_file("/links/kit", &forged, "card.png", PIXEL_PNG)
        .await;
    assert_eq!(refused.status(), 403);
    let analyst = app.signed_in("ana@example.com", Role::Analyst).await;
    let refused = analyst
        .post_with_file(
            "/links/kit",
            &kit_with_card("Forged"),
            "card.png",
            PIXEL_PNG,
        )
        .await;
    assert_eq!(refused.status(), 403);
    assert!(links_of(app, "Forged").await.is_empty());

    // Something else named .png, or an image over 2 MB, is refused as the edit page refuses
    // it, on the form as sent, and nothing is made.
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
    let mut big = PIXEL_PNG.to_vec();
    big.resize(2 * 1024 * 1024 + 1, 0);
    // A phone's photo of several megabytes, far over the image's limit, is refused the same
    // way: the form is read through, not cut off with nothing kept.
    let mut photo = b"\xFF\xD8\xFF\xE0".to_vec();
    photo.resize(6 * 1024 * 1024, 7);
    for (file, bytes, why) in [
        (
            "card.png",
            &svg[..],
            "The image must be a PNG, JPEG or WebP file",
        ),
        ("big.png", &big[..], "The image is larger than 2 MB."),
        ("photo.jpg", &photo[..], "The image is larger than 2 MB."),
    ] {
        let refused = b
            .post_with_file("/links/kit", &kit_with_card("Refused"), file, bytes)
            .await;
        assert_eq!(refused.status(), 422, "{file}");
        let page = refused.text().await.unwrap();
        assert!(page.contains(why), "{file}: {page}");
        assert!(page.contains(r#"value="Refused""#), "{file}: {page}");
    }
    // Past what a form may hold, a page says so in the visitor's words.
    let mut huge = b"\xFF\xD8\xFF\xE0".to_vec();
    huge.resize(40 * 1024 * 1024, 7);
    let refused = b
        .post_with_file("/links/kit", &kit_with_card("Refused"), "huge.jpg", &huge)
        .await;
    assert_eq!(refused.status(), 413);
    let page = refused.text().await.unwrap();
    assert!(page.contains("The form is larger than 32 MB"), "{page}");
    assert!(links_of(app, "Refused").await.is_empty());
    let (_, campaigns) = app.api(reqwest::Method::GET, "/campaigns", None).await;
    assert!(!campaigns.to_string().contains("Refused"), "{campaigns}");

    // A PNG: every link the kit makes carries it on its card, served as the edit page's are.
    let made = b
        .post_with_file(
            "/links/kit",
            &kit_with_card("Spring"),
            "card.png",
            PIXEL_PNG,
        )
        .await;
    assert_eq!(made.status(), 201, "{}", made.text().await.unwrap());
    let links = links_of(app, "Spring").await;
    assert_eq!(links.len(), 2, "{links:?}");
    let image = links[0]["preview"]["image"].as_str().unwrap().to_owned();
    let path = image.strip_prefix(&app.base).expect("served by Lanterne");
    assert!(
        path.starts_with("/media/") && path.ends_with(".png"),
        "{path}"
    );
    for link in &links {
        assert_eq!(link["preview"]["title"], "Spring sale");
        assert_eq!(link["preview"]["image"], image.as_str());
        let slug = link["slug"].as_str().unwrap();
        let card = app
            .http
            .get(app.url(&format!("/{slug}")))
            .header("user-agent", "WhatsApp/2.23.20.0 A")
            .send()
            .await
            .unwrap();
        assert_eq!(card.status(), 200, "a preview fetcher gets the card");
        let card = card.text().await.unwrap();
        let meta = format!(r#"<meta property="og:image" content="{image}">"#);
        assert!(card.contains(&meta), "{slug}: {card}");
    }
    let served = app.get(path).await;
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.headers()["x-content-type-options"], "nosniff");
    assert_eq!(served.bytes().await.unwrap().as_ref(), PIXEL_PNG);

    // A kit refused for another mistake keeps no image: nothing is left stored for it, and the
    // form says to choose it again.
    let stored = media_count(app).await;
    let mut unticked = kit_with_card("Autumn");
    unticked.retain(|(name, _)| *name != "channel");
    let refused = b
        .post_with_file("/links/kit", &unticked, "card.png", &other_png())
        .await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(page.contains("Choose at least one channel."), "{page}");
    assert!(page.contains("choose it again"), "{page}");
    assert!(!page.contains(r#"<img class="card-image""#), "{page}");
    assert_eq!(
        media_count(app).await,
        stored,
        "the refused kit's image is gone"
    );
    assert_eq!(app.get(&media_path(&other_png())).await.status(), 404);
    // An image cards already name is left alone by a refusal.
    let refused = b
        .post_with_file("/links/kit", &unticked, "card.png", PIXEL_PNG)
        .await;
    assert_eq!(refused.status(), 422);
    assert_eq!(app.get(path).await.status(), 200);
}
both!(the_kit_s_uploaded_card_image_is_on_every_link_it_makes);

async fn a_kit_joining_a_campaign_fills_its_card_and_says_what_it_kept(app: &TestApp) {
    let b = app.signed_in("mark@example.com", Role::Marketer).await;
    let mut plain = kit_with_card("Autumn");
    plain.retain(|(name, _)| !name.starts_with("card_"));
    let made = b.post("/links/kit", &plain).await;
    assert_eq!(made.status(), 201);
    let id = id_after(&made.text().await.unwrap(), "href=\"/campaigns/");
    let campaign = format!("/campaigns/{id}");

    // The campaign has no card: the form's, its image uploaded, becomes the campaign's, and is
    // on the links made now and later.
    let mut sms = kit_with_card("Autumn");
    sms.retain(|(name, _)| *name != "channel");
    sms.push(("channel", "sms"));
    let joined = b
        .post_with_file("/links/kit", &sms, "card.png", PIXEL_PNG)
        .await;
    assert_eq!(joined.status(), 201);
    let page = joined.text().await.unwrap();
    assert!(page.contains("They joined the existing campaign"), "{page}");
    assert!(!page.contains("card-kept"), "nothing was kept: {page}");
    let image = format!("{}{}", app.base, media_path(PIXEL_PNG));
    let (_, card) = app.api(reqwest::Method::GET, &campaign, None).await;
    assert_eq!(
        card["preview"],
        serde_json::json!({"title": "Spring sale", "image": image})
    );
    let links = links_of(app, "Autumn").await;
    let sms = links.iter().find(|l| l["channel"] == "sms").unwrap();
    assert_eq!(sms["preview"], card["preview"]);

    // Another title and image, and a description: the description fills the card's gap, the
    // title and image the campaign has are kept, and the page says so and where to change them.
    let other = [
        ("campaign", "Autumn"),
        ("url", "https://shop.example/spring"),
        ("channel", "facebook"),
        ("card_title", "Autumn sale"),
        ("card_description", "Two days only"),
        ("card_image_url", ""),
    ];
    let stored = media_count(app).await;
    let joined = b
        .post_with_file("/links/kit", &other, "card.png", &other_png())
        .await;
    assert_eq!(joined.status(), 201);
    let page = joined.text().await.unwrap();
    for said in [
        "The campaign&#39;s card kept its own title; the title in the form was not used.",
        "The campaign&#39;s card kept its own image; the image in the form was not used.",
        &format!(r#"<a href="/campaigns/{id}#settings">"#),
    ] {
        assert!(page.contains(said), "{said}: {page}");
    }
    assert!(!page.contains("kept its own description"), "{page}");
    let filled =
        serde_json::json!({"title": "Spring sale", "description": "Two days only", "image": image});
    let (_, card) = app.api(reqwest::Method::GET, &campaign, None).await;
    assert_eq!(card["preview"], filled);
    let links = links_of(app, "Autumn").await;
    let facebook = links.iter().find(|l| l["channel"] == "facebook").unwrap();
    assert_eq!(facebook["preview"], filled);
    // The image the campaign did not take is not left stored.
    assert_eq!(media_count(app).await, stored);
    assert_eq!(app.get(&media_path(&other_png())).await.status(), 404);
}
both!(a_kit_joining_a_campaign_fills_its_card_and_says_what_it_kept);
