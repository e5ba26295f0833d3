//! A campaign's preview card: given through the API or the share kit and the campaign's
//! settings form, it is the card of every link the kit makes for the campaign (a preview
//! fetcher gets it, a person the redirect); changed or removed, links made later follow and
//! links made before keep theirs; a bad card is refused with what is wrong. Its image may be
//! uploaded in the campaign's settings, as in the kit.

use lanterne::auth::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::both;
use crate::helpers::{TestApp, count, id_after};

/// A 1×1 PNG.
const PIXEL_PNG: &[u8] = include_bytes!("../fixtures/pixel.png");
const WHATSAPP: &str = "WhatsApp/2.23.20.0 A";
const CHROME: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 \
    (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

/// The page or redirect `user_agent` gets for `slug`: its status and body.
async fn fetch(app: &TestApp, slug: &str, user_agent: &str) -> (u16, String) {
    let response = app
        .http
        .get(app.url(&format!("/{slug}")))
        .header("user-agent", user_agent)
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

fn og_title(title: &str) -> String {
    format!(r#"<meta property="og:title" content="{title}">"#)
}

fn slugs(started: &Value) -> Vec<String> {
    started["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["slug"].as_str().unwrap().to_owned())
        .collect()
}

async fn the_campaign_card_is_every_kit_link_card(app: &TestApp) {
    let card = json!({"title": "Soldes d'été", "description": "Deux jours", "image": "https://cdn.example/soldes.png"});
    let body = json!({
        "name": "Summer sale",
        "url": "https://shop.example/summer",
        "channels": ["whatsapp", "email"],
        "preview": card,
    });
    let (status, started) = app.api(Method::POST, "/campaigns", Some(body)).await;
    assert_eq!(status, 201, "{started}");
    assert_eq!(started["campaign"]["preview"], card);
    let first = slugs(&started);
    for slug in &first {
        assert_eq!(app.link(slug).await["preview"], card, "{slug}");
        let (status, page) = fetch(app, slug, WHATSAPP).await;
        assert_eq!(status, 200);
        assert!(page.contains(&og_title("Soldes d&#39;été")), "{page}");
        assert_eq!(fetch(app, slug, CHROME).await.0, 302, "a person");
    }

    // A new card: links made from now on get it, those made before keep theirs.
    let id = started["campaign"]["id"].as_i64().unwrap();
    let path = format!("/campaigns/{id}");
    let newer = json!({"preview": {"title": "Last day"}});
    let (status, changed) = app.api(Method::PATCH, &path, Some(newer)).await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["preview"], json!({"title": "Last day"}));
    let again =
        json!({"name": "Summer sale", "url": "https://shop.example/summer", "channels": ["sms"]});
    let (status, joined) = app
        .api(Method::POST, "/campaigns", Some(again.clone()))
        .await;
    assert_eq!(status, 201, "{joined}");
    let sms = &slugs(&joined)[0];
    assert!(
        fetch(app, sms, WHATSAPP)
            .await
            .1
            .contains(&og_title("Last day"))
    );
    assert_eq!(app.link(&first[0]).await["preview"], card);

    // Removed: the kit's next links have no card, and previews follow the redirect.
    let (status, cleared) = app
        .api(Method::PATCH, &path, Some(json!({"preview": null})))
        .await;
    assert_eq!((status, &cleared["preview"]), (200, &Value::Null));
    let (status, other) = app
        .api(Method::PATCH, &path, Some(json!({"tags": ["sale"]})))
        .await;
    assert_eq!(
        (status, &other["preview"]),
        (200, &Value::Null),
        "left out, it stays"
    );
    let mut plain = again;
    plain["channels"] = json!(["facebook"]);
    let (_, joined) = app.api(Method::POST, "/campaigns", Some(plain)).await;
    assert_eq!(fetch(app, &slugs(&joined)[0], WHATSAPP).await.0, 302);

    // A bad card is refused for what it is, and nothing is made.
    for (card, why) in [
        (json!({"title": " "}), "a card needs a title"),
        (
            json!({"title": "Sale", "image": "http://cdn.example/a.png"}),
            "https",
        ),
    ] {
        let body = json!({"name": "Refused", "url": "https://shop.example/", "channels": ["email"], "preview": card});
        let (status, error) = app.api(Method::POST, "/campaigns", Some(body)).await;
        assert_eq!(status, 422, "{error}");
        assert!(error["error"].as_str().unwrap().contains(why), "{error}");
        let (status, error) = app
            .api(Method::PATCH, &path, Some(json!({"preview": card})))
            .await;
        assert_eq!(status, 422, "{error}");
    }
    let (_, list) = app.api(Method::GET, "/campaigns", None).await;
    assert!(!list.to_string().contains("Refused"), "{list}");
}
both!(the_campaign_card_is_every_kit_link_card);

async fn the_kit_and_the_campaign_page_set_the_card(app: &TestApp) {
    let b = app.signed_in("mark@example.com", Role::Marketer).await;
    let (_, kit) = b.page("/links/kit").await;
    assert!(kit.contains(r#"name="card_title""#), "{kit}");
    let form = [
        ("campaign", "Winter"),
        ("url", "https://shop.example/winter"),
        ("channel", "whatsapp"),
        ("card_title", "Winter is here"),
        ("card_image_url", "https://cdn.example/winter.png"),
    ];
    let response = b.post("/links/kit", &form).await;
    assert_eq!(response.status(), 201);
    let id = id_after(&response.text().await.unwrap(), "href=\"/campaigns/");
    let (_, list) = app.api(Method::GET, "/links?campaign=Winter", None).await;
    let slug = list["links"][0]["slug"].as_str().unwrap().to_owned();
    assert!(
        fetch(app, &slug, WHATSAPP)
            .await
            .1
            .contains(&og_title("Winter is here"))
    );

    // The campaign's page shows the card in its settings, and changes it.
    let (_, page) = b.page(&format!("/campaigns/{id}")).await;
    assert!(page.contains(r#"value="Winter is here""#), "{page}");
    let settings = format!("/campaigns/{id}");
    let untitled = [
        ("url", "https://shop.example/winter"),
        ("card_description", "no title"),
    ];
    b.assert_refused(&settings, &untitled, 422, "a card needs a title")
        .await;
    let changed = [
        ("url", "https://shop.example/winter"),
        ("card_title", "Winter sale"),
    ];
    let (status, _) = b.submit(&settings, &changed).await;
    assert_eq!(status, 200);
    let (_, campaign) = app
        .api(Method::GET, &format!("/campaigns/{id}"), None)
        .await;
    assert_eq!(campaign["preview"], json!({"title": "Winter sale"}));
}
both!(the_kit_and_the_campaign_page_set_the_card);

async fn the_campaign_settings_take_an_uploaded_card_image(app: &TestApp) {
    let b = app.signed_in("mark@example.com", Role::Marketer).await;
    let form = [
        ("campaign", "Winter"),
        ("url", "https://shop.example/winter"),
        ("channel", "whatsapp"),
    ];
    let made = b.post("/links/kit", &form).await;
    let id = id_after(&made.text().await.unwrap(), "href=\"/campaigns/");
    let settings = format!("/campaigns/{id}");
    let (_, page) = b.page(&settings).await;
    let form_tag =
        format!(r#"<form method="post" action="/campaigns/{id}" enctype="multipart/form-data">"#);
    assert!(page.contains(&form_tag), "{page}");
    assert!(page.contains(r#"name="card_image" type="file""#), "{page}");
    let card = [
        ("url", "https://shop.example/winter"),
        ("card_title", "Winter sale"),
        ("card_image_url", ""),
    ];

    // A forged token is refused before the file is looked at; a file that is no image is
    // refused for what it is; neither stores anything.
    let mut forged = card.to_vec();
    forged.insert(0, ("csrf", "forged-token-forged-token-forged"));
    let refused = b
        .post_with_file(&settings, &forged, "card.png", PIXEL_PNG)
        .await;
    assert_eq!(refused.status(), 403);
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"></svg>"#;
    let refused = b.post_with_file(&settings, &card, "card.png", svg).await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(page.contains("must be a PNG, JPEG or WebP file"), "{page}");
    assert!(page.contains(r#"value="Winter sale""#), "{page}");

    // Refused for another field, the form keeps no image: none is left stored, and the page
    // says to choose it again.
    let media = "SELECT COUNT(*) FROM media";
    assert_eq!(count(&app.database_url, media).await, 0);
    let mut untitled = card.to_vec();
    untitled.retain(|(name, _)| *name != "card_title");
    untitled.push(("card_description", "no title"));
    let refused = b
        .post_with_file(&settings, &untitled, "card.png", PIXEL_PNG)
        .await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(page.contains("a card needs a title"), "{page}");
    assert!(page.contains("choose it again"), "{page}");
    assert_eq!(count(&app.database_url, media).await, 0, "no image left");

    // A PNG: the campaign's card has it, served by Lanterne, and the kit's next links too.
    let saved = b
        .post_with_file(&settings, &card, "card.png", PIXEL_PNG)
        .await;
    assert_eq!(saved.status(), 303, "{}", saved.text().await.unwrap());
    let (_, campaign) = app.api(Method::GET, &settings, None).await;
    let image = campaign["preview"]["image"].as_str().unwrap().to_owned();
    let path = image.strip_prefix(&app.base).expect("served by Lanterne");
    assert!(path.starts_with("/media/"), "{path}");
    let served = app.get(path).await;
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.bytes().await.unwrap().as_ref(), PIXEL_PNG);
    let (_, page) = b.page(&settings).await;
    assert!(
        page.contains(&format!(r#"<img class="card-image" src="{image}""#)),
        "{page}"
    );
    let more = [("channel", "email")];
    assert_eq!(
        b.post(&format!("{settings}/links"), &more).await.status(),
        303
    );
    let (_, list) = app.api(Method::GET, "/links?campaign=Winter", None).await;
    let email = list["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["channel"] == "email");
    assert_eq!(email.unwrap()["preview"]["image"], image.as_str());
}
both!(the_campaign_settings_take_an_uploaded_card_image);

async fn the_api_kit_says_which_fields_of_its_card_the_campaign_kept(app: &TestApp) {
    let start = json!({
        "name": "Spring", "url": "https://shop.example/spring", "channels": ["whatsapp"],
        "preview": {"title": "Spring sale", "image": "https://cdn.example/spring.png"},
    });
    let (status, started) = app.api(Method::POST, "/campaigns", Some(start)).await;
    assert_eq!(
        (status, &started["card_kept"]),
        (201, &json!([])),
        "{started}"
    );

    // Joining with another title and image, and a description: the description fills the
    // card's gap; the answer says the title and image were kept, as the web kit's page does.
    let join = json!({
        "name": "Spring", "url": "https://shop.example/spring", "channels": ["email"],
        "preview": {"title": "Spring days", "description": "Two days only", "image": "https://cdn.example/other.png"},
    });
    let (status, joined) = app.api(Method::POST, "/campaigns", Some(join)).await;
    assert_eq!(status, 201, "{joined}");
    assert_eq!(joined["reused"], true);
    assert_eq!(joined["card_kept"], json!(["title", "image"]));
    assert_eq!(
        joined["campaign"]["preview"],
        json!({"title": "Spring sale", "description": "Two days only", "image": "https://cdn.example/spring.png"})
    );
    let same = json!({
        "name": "Spring", "url": "https://shop.example/spring", "channels": ["sms"],
        "preview": {"title": "Spring sale"},
    });
    let (_, joined) = app.api(Method::POST, "/campaigns", Some(same)).await;
    assert_eq!(joined["card_kept"], json!([]), "nothing said otherwise");

    // The document says what the field holds.
    let document: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let schemas = &document["components"]["schemas"];
    let field = &schemas["StartedCampaign"]["properties"]["card_kept"];
    assert!(
        field["description"].as_str().unwrap().contains("kept"),
        "{field}"
    );
    assert_eq!(field["items"]["$ref"], "#/components/schemas/CardField");
    assert_eq!(
        schemas["CardField"]["enum"],
        json!(["title", "description", "image"])
    );
    let required = schemas["StartedCampaign"]["required"].as_array().unwrap();
    assert!(required.contains(&json!("card_kept")), "{required:?}");
}
both!(the_api_kit_says_which_fields_of_its_card_the_campaign_kept);
