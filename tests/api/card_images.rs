//! The life of an uploaded card image: it stays while a link's card or a campaign's names it,
//! and goes once none does (a card that switches to another image or drops its own, a link or
//! a campaign deleted), through the web UI's forms and the API alike; a saved form's image
//! stays without a look at the cards.

use lanterne::auth::Role;
use lanterne::db::Db;
use lanterne::links::media;
use reqwest::Method;
use serde_json::json;

use crate::both;
use crate::helpers::{
    Backend, Browser, TestApp, count, execute, forget_database, fresh_database, id_after, run,
};

/// A 1×1 PNG.
const PIXEL_PNG: &[u8] = include_bytes!("../fixtures/pixel.png");

/// A PNG other than [`PIXEL_PNG`] (the same with `tail` after it), stored under another name.
pub fn png(tail: &str) -> Vec<u8> {
    [PIXEL_PNG, tail.as_bytes()].concat()
}

/// Where Lanterne serves `bytes` once they are uploaded.
pub fn media_path(bytes: &[u8]) -> String {
    format!("/media/{}", media::check(bytes).unwrap().id)
}

/// The uploaded images the database holds.
async fn media_count(app: &TestApp) -> u64 {
    count(&app.database_url, "SELECT COUNT(*) FROM media").await
}

/// Whether Lanterne still serves the upload of `bytes`.
pub async fn served(app: &TestApp, bytes: &[u8]) -> bool {
    app.get(&media_path(bytes)).await.status() == 200
}

async fn a_saved_form_s_image_stays_without_a_look_at_the_cards(backend: Backend) {
    let Some(url) = fresh_database(backend).await else {
        return;
    };
    let db = Db::connect(&url).await.unwrap();
    // No card names either image, so a look at the cards would remove both: the one of a
    // saved form is not looked for (its card names it), the one of a refused form is.
    let saved = media::store(&db, PIXEL_PNG).await.unwrap();
    saved.release(&db, true).await;
    let refused = media::store(&db, &png("refused")).await.unwrap();
    refused.release(&db, false).await;
    let stored = async |bytes: &[u8]| {
        let id = media::check(bytes).unwrap().id;
        db.media(&id).await.unwrap().is_some()
    };
    assert!(
        stored(PIXEL_PNG).await,
        "the saved form's image was not looked for"
    );
    assert!(
        !stored(&png("refused")).await,
        "the refused form's image is gone"
    );
    db.close().await;
    forget_database(&url).await;
}
both!(
    a_saved_form_s_image_stays_without_a_look_at_the_cards,
    backend
);

/// The settings page of a campaign `name` leading to `url`, made by the share kit on WhatsApp
/// with no card.
pub async fn campaign_made(b: &Browser, name: &str, url: &str) -> String {
    let kit = [("campaign", name), ("url", url), ("channel", "whatsapp")];
    let made = b.post("/links/kit", &kit).await;
    assert_eq!(made.status(), 201);
    let id = id_after(&made.text().await.unwrap(), "href=\"/campaigns/");
    format!("/campaigns/{id}")
}

/// The settings form of a campaign leading to `url`, its card titled "Sale" with no image URL.
pub fn card_form(url: &str) -> [(&str, &str); 3] {
    [("url", url), ("card_title", "Sale"), ("card_image_url", "")]
}

/// What a statement-level trigger of PostgreSQL sees that no row shows: every look for the
/// cards naming an image (a `DELETE FROM media`, whether it deletes or not) adds a row to
/// `media_looks`. SQLite has no such trigger; [`a_saved_form_s_image_stays_without_a_look_at_the_cards`]
/// covers it below the forms.
async fn count_media_looks(app: &TestApp) {
    let db = Db::connect(&app.database_url).await.unwrap();
    execute(&db, "CREATE TABLE media_looks (n INT)").await;
    execute(
        &db,
        "CREATE FUNCTION media_looked() RETURNS trigger LANGUAGE plpgsql AS \
         $$ BEGIN INSERT INTO media_looks VALUES (1); RETURN NULL; END $$",
    )
    .await;
    execute(
        &db,
        "CREATE TRIGGER media_looked AFTER DELETE ON media \
         FOR EACH STATEMENT EXECUTE FUNCTION media_looked()",
    )
    .await;
    db.close().await;
}

async fn the_three_upload_forms_saved_look_for_nothing(app: &TestApp) {
    count_media_looks(app).await;
    let looks = async || count(&app.database_url, "SELECT COUNT(*) FROM media_looks").await;
    app.create_link(json!({"url": "https://example.org/landing", "slug": "spring"}))
        .await;
    let b = app.signed_in("mia@example.com", Role::Marketer).await;
    let edited = b
        .post_with_file(
            "/links/spring/edit",
            &edit_form(""),
            "card.png",
            &png("edit"),
        )
        .await;
    assert_eq!(edited.status(), 303);
    let kit = [
        ("campaign", "Winter"),
        ("url", "https://shop.example/winter"),
        ("channel", "whatsapp"),
        ("card_title", "Winter sale"),
        ("card_image_url", ""),
    ];
    let made = b
        .post_with_file("/links/kit", &kit, "card.png", &png("kit"))
        .await;
    assert_eq!(made.status(), 201);
    let summer = "https://shop.example/summer";
    let settings = campaign_made(&b, "Summer", summer).await;
    let card = card_form(summer);
    let saved = b
        .post_with_file(&settings, &card, "card.png", &png("settings"))
        .await;
    assert_eq!(saved.status(), 303);
    assert_eq!(media_count(app).await, 3);
    assert_eq!(looks().await, 0, "saved forms whose cards name their image");

    // A refused form looks, and removes its image.
    let mut refused = edit_form("");
    refused[0] = ("url", "ftp://x.example/");
    let answer = b
        .post_with_file("/links/spring/edit", &refused, "card.png", &png("refused"))
        .await;
    assert_eq!(answer.status(), 422);
    assert_eq!((looks().await, media_count(app).await), (1, 3));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_three_upload_forms_saved_look_for_nothing_postgres() {
    run(
        the_three_upload_forms_saved_look_for_nothing,
        Backend::Postgres,
    )
    .await;
}

/// The edit form of the link `spring` with a card titled "Spring" and the image URL `image`.
pub fn edit_form(image: &str) -> Vec<(&str, &str)> {
    vec![
        ("url", "https://example.org/landing"),
        ("campaign", ""),
        ("channel", ""),
        ("tags", ""),
        ("card_title", "Spring"),
        ("card_image_url", image),
    ]
}

/// The links `spring` and `autumn`, with no card; Mia, a marketer, signed in.
async fn spring_and_autumn(app: &TestApp) -> Browser {
    app.create_link(json!({"url": "https://example.org/landing", "slug": "spring"}))
        .await;
    app.create_link(json!({"url": "https://example.org/other", "slug": "autumn"}))
        .await;
    app.signed_in("mia@example.com", Role::Marketer).await
}

async fn a_link_s_card_leaves_no_image_behind_when_it_changes_its_own(app: &TestApp) {
    let b = spring_and_autumn(app).await;
    let (first, second) = (png("first"), png("second"));
    let upload = async |bytes: &[u8]| {
        let saved = b
            .post_with_file("/links/spring/edit", &edit_form(""), "card.png", bytes)
            .await;
        assert_eq!(saved.status(), 303, "{}", saved.text().await.unwrap());
    };

    // Another image uploaded in its place: the first is named by nothing and goes.
    upload(&first).await;
    upload(&second).await;
    assert!(!served(app, &first).await, "the image replaced is gone");
    assert!(served(app, &second).await);
    assert_eq!(media_count(app).await, 1);

    // Dropped by one link while another names it (given through the API): it stays; dropped
    // by that one too (through the API), it goes.
    let image = format!("{}{}", app.base, media_path(&second));
    let card = json!({"preview": {"title": "Autumn", "image": image}});
    let (status, body) = app.api(Method::PATCH, "/links/autumn", Some(card)).await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = b.submit("/links/spring/edit", &edit_form("")).await;
    assert_eq!(status, 200);
    assert_eq!(
        app.link("spring").await["preview"],
        json!({"title": "Spring"})
    );
    assert!(served(app, &second).await, "another link's card names it");
    let plain = json!({"preview": {"title": "Autumn"}});
    let (status, body) = app.api(Method::PATCH, "/links/autumn", Some(plain)).await;
    assert_eq!(status, 200, "{body}");
    assert!(!served(app, &second).await, "named by no card, it is gone");
    assert_eq!(media_count(app).await, 0);
}
both!(a_link_s_card_leaves_no_image_behind_when_it_changes_its_own);

/// The slug of the (one) email link the API lists at `path`.
async fn email_link(app: &TestApp, path: &str) -> String {
    let (_, list) = app.api(Method::GET, path, None).await;
    list["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["channel"] == "email")
        .unwrap()["slug"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn a_campaign_s_card_leaves_no_image_behind_when_it_changes_its_own(app: &TestApp) {
    let b = app.signed_in("mark@example.com", Role::Marketer).await;
    let winter = "https://shop.example/winter";
    let settings = campaign_made(&b, "Winter", winter).await;
    let card = card_form(winter);
    let (first, second) = (png("first"), png("second"));
    for bytes in [&first, &second] {
        let saved = b.post_with_file(&settings, &card, "card.png", bytes).await;
        assert_eq!(saved.status(), 303, "{}", saved.text().await.unwrap());
    }
    assert!(!served(app, &first).await, "the image replaced is gone");
    assert!(served(app, &second).await);

    // A link made since carries the card: dropped by the campaign, the image stays for it.
    let more = [("channel", "email")];
    assert_eq!(
        b.post(&format!("{settings}/links"), &more).await.status(),
        303
    );
    let (status, _) = b.submit(&settings, &card).await;
    assert_eq!(status, 200);
    let (_, campaign) = app.api(Method::GET, &settings, None).await;
    assert_eq!(campaign["preview"], json!({"title": "Sale"}));
    assert!(served(app, &second).await, "the email link's card names it");

    // Given to the campaign again through the API and dropped there, it stays for the link;
    // once the link drops it too, nothing names it and it goes.
    let image = format!("{}{}", app.base, media_path(&second));
    let with = json!({"preview": {"title": "Sale", "image": image}});
    assert_eq!(app.api(Method::PATCH, &settings, Some(with)).await.0, 200);
    let without = json!({"preview": null});
    assert_eq!(
        app.api(Method::PATCH, &settings, Some(without)).await.0,
        200
    );
    assert!(served(app, &second).await, "the email link's card names it");
    let email = email_link(app, "/links?campaign=Winter").await;
    let plain = json!({"preview": null});
    let (status, body) = app
        .api(Method::PATCH, &format!("/links/{email}"), Some(plain))
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(!served(app, &second).await, "named by no card, it is gone");
    assert_eq!(media_count(app).await, 0);
}
both!(a_campaign_s_card_leaves_no_image_behind_when_it_changes_its_own);

async fn a_deleted_link_leaves_no_image_behind(app: &TestApp) {
    let b = spring_and_autumn(app).await;
    let image = png("deleted");
    let saved = b
        .post_with_file("/links/spring/edit", &edit_form(""), "card.png", &image)
        .await;
    assert_eq!(saved.status(), 303, "{}", saved.text().await.unwrap());
    let url = format!("{}{}", app.base, media_path(&image));
    let card = json!({"preview": {"title": "Autumn", "image": url}});
    assert_eq!(
        app.api(Method::PATCH, "/links/autumn", Some(card)).await.0,
        200
    );

    // Deleted in the web UI while another link's card names it: it stays; that one deleted
    // too (through the API), nothing names it and it goes.
    let deleted = b.post("/links/spring/delete", &[("back", "/links")]).await;
    assert_eq!(deleted.status(), 303);
    assert!(served(app, &image).await, "the autumn link's card names it");
    assert_eq!(app.api(Method::DELETE, "/links/autumn", None).await.0, 204);
    assert!(!served(app, &image).await, "named by no card, it is gone");
    assert_eq!(media_count(app).await, 0);
}
both!(a_deleted_link_leaves_no_image_behind);

/// A campaign leading to `url` whose card has the image `bytes` (uploaded on its settings
/// page), with an email link made since that carries the card. The campaign's path.
async fn campaign_with_image(b: &Browser, name: &str, url: &str, bytes: &[u8]) -> String {
    let settings = campaign_made(b, name, url).await;
    let saved = b
        .post_with_file(&settings, &card_form(url), "card.png", bytes)
        .await;
    assert_eq!(saved.status(), 303, "{}", saved.text().await.unwrap());
    let more = [("channel", "email")];
    assert_eq!(
        b.post(&format!("{settings}/links"), &more).await.status(),
        303
    );
    settings
}

async fn a_deleted_campaign_leaves_no_image_behind(app: &TestApp) {
    let b = app.signed_in("mark@example.com", Role::Marketer).await;
    let (kept, dropped) = (png("kept"), png("dropped"));

    // Deleted keeping its links (through the API): the email link's card still names the
    // image; once that link is deleted, nothing does and it goes.
    let winter = campaign_with_image(&b, "Winter", "https://shop.example/winter", &kept).await;
    let detach = format!("{winter}?links=detach");
    assert_eq!(app.api(Method::DELETE, &detach, None).await.0, 204);
    assert!(served(app, &kept).await, "the email link's card names it");
    let email = email_link(app, "/links").await;
    let path = format!("/links/{email}");
    assert_eq!(app.api(Method::DELETE, &path, None).await.0, 204);
    assert!(!served(app, &kept).await, "named by no card, it is gone");

    // Deleted with its links (in the web UI): the image goes with them.
    let summer = campaign_with_image(&b, "Summer", "https://shop.example/summer", &dropped).await;
    let deleted = b
        .post(&format!("{summer}/delete"), &[("links", "delete")])
        .await;
    assert_eq!(deleted.status(), 303, "{}", deleted.text().await.unwrap());
    assert!(!served(app, &dropped).await, "named by no card, it is gone");

    // Named by the campaign's card alone (its link was made before the card), deleted
    // keeping its link: the image goes.
    let own = png("own");
    let autumn = campaign_made(&b, "Autumn", "https://shop.example/autumn").await;
    let card = card_form("https://shop.example/autumn");
    let saved = b.post_with_file(&autumn, &card, "card.png", &own).await;
    assert_eq!(saved.status(), 303);
    let detach = format!("{autumn}?links=detach");
    assert_eq!(app.api(Method::DELETE, &detach, None).await.0, 204);
    assert!(!served(app, &own).await, "named by no card, it is gone");
    assert_eq!(media_count(app).await, 0);
}
both!(a_deleted_campaign_leaves_no_image_behind);
