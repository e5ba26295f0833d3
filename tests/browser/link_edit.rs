//! A link's edit page: every option set as a person sets it (a card image uploaded from a
//! file), and the targeting rules' and A/B variants' fields named after their row.

use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::json;

use crate::accessible::accessible_names;
use crate::server::free_port;
use crate::support::{
    PIXEL_PNG, arrived, click_submit, desktop_chrome, in_french, landing_page, screenshot, serve,
    set_up_as_ada, sqlite_url,
};

/// Sets a field whose widget cannot be typed into reliably (a date and time picker).
async fn set_value(client: &Client, id: &str, value: &str) {
    client
        .execute(
            "document.getElementById(arguments[0]).value = arguments[1];",
            vec![json!(id), json!(value)],
        )
        .await
        .unwrap();
}

/// Every option of a link set on its edit page, as a person would (a card image uploaded
/// from a file), then the link followed in the same browser: the password form, then the
/// split's destination. The options are stored as set; the image is served as a PNG that
/// cannot be sniffed into anything else; no page logs an error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_link_option_is_set_on_the_edit_page() {
    let Some(browser) = desktop_chrome().await else {
        return;
    };
    let client = &browser.client;
    let database_url = sqlite_url("browser-options");
    let (base, mut running) = serve(&database_url).await;
    client.set_window_size(1280, 2000).await.unwrap();
    set_up_as_ada(&browser, &base).await;
    let shop = landing_page().await;
    browser.fill("url", &format!("{shop}/spring")).await;
    browser.fill("slug", "spring").await;
    click_submit(&browser, "/links").await;

    client
        .goto(&format!("{base}/links/spring/edit"))
        .await
        .unwrap();
    browser.click("details.options summary").await;
    browser.fill("card_title", "Spring sale").await;
    browser.fill("card_description", "Two days only").await;
    let image = std::env::temp_dir().join(format!("card-{}.png", free_port()));
    std::fs::write(&image, PIXEL_PNG).unwrap();
    browser.fill("card_image", image.to_str().unwrap()).await;
    set_value(client, "expires_at", "2999-01-01T00:00").await;
    browser.fill("expired_url", &format!("{shop}/over")).await;
    browser.fill("max_clicks", "50").await;
    browser.fill("password", "open sesame").await;
    let rule_when = client
        .find(Locator::Css("select[name=rule_when]"))
        .await
        .unwrap();
    rule_when.select_by_value("ios").await.unwrap();
    client
        .find(Locator::Css("input[name=rule_url]"))
        .await
        .unwrap()
        .send_keys(&format!("{shop}/ios"))
        .await
        .unwrap();
    let variants = client
        .find_all(Locator::Css("input[name=variant_url]"))
        .await
        .unwrap();
    variants[0].send_keys(&format!("{shop}/a")).await.unwrap();
    variants[1].send_keys(&format!("{shop}/b")).await.unwrap();
    screenshot(client, "edit-options").await;
    click_submit(&browser, "/links/spring/edit").await;
    arrived(client, "h1", "/links").await;

    let db = lanterne::db::Db::connect(&database_url).await.unwrap();
    let link = db.link_by_slug("", "spring").await.unwrap().unwrap();
    let options = link.spec.options;
    let card = options.preview.clone().expect("the card");
    assert_eq!(
        (card.title.as_str(), card.description.as_deref()),
        ("Spring sale", Some("Two days only"))
    );
    let id = card
        .image
        .as_deref()
        .and_then(|i| i.strip_prefix("media:"))
        .expect("an uploaded image")
        .to_owned();
    assert!(options.expires_at.is_some() && options.max_clicks == Some(50));
    assert_eq!(options.expired_url, Some(format!("{shop}/over")));
    assert_eq!(options.rules.len(), 1);
    assert_eq!(options.variants.len(), 2);
    assert!(link.has_password);
    db.close().await;

    // The image is served with its type, never sniffed.
    let served = reqwest::get(format!("{base}/media/{id}")).await.unwrap();
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.headers()["x-content-type-options"], "nosniff");
    assert_eq!(served.bytes().await.unwrap().as_ref(), PIXEL_PNG);

    // The edit page shows what was set, the uploaded image among it.
    client
        .goto(&format!("{base}/links/spring/edit"))
        .await
        .unwrap();
    let title = client.find(Locator::Id("card_title")).await.unwrap();
    assert_eq!(
        title.prop("value").await.unwrap().as_deref(),
        Some("Spring sale")
    );
    let shown: serde_json::Value = client
        .execute(
            "return document.querySelector('img.card-image').naturalWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(shown, json!(1), "the uploaded image shows on the page");
    let errors = browser.console_errors().await;
    assert!(
        errors.is_empty(),
        "console errors on the edit page: {errors:?}"
    );

    // Followed by a person: the password, then one of the split's two pages.
    client.goto(&format!("{base}/spring")).await.unwrap();
    browser.fill("password", "open sesame").await;
    browser.click("main.visitor button[type=submit]").await;
    client
        .wait()
        .for_element(Locator::Css("body"))
        .await
        .unwrap();
    for _ in 0..100 {
        if client
            .current_url()
            .await
            .unwrap()
            .as_str()
            .starts_with(&shop)
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let landed = client.current_url().await.unwrap();
    assert!(["/a", "/b"].contains(&landed.path()), "landed on {landed}");
    assert_eq!(browser.text_of("body").await, "The spring sale");
    browser.close().await;
    running.stop().await;
    let _ = std::fs::remove_file(image);
}

/// The fields `name` of the page, in its order.
pub async fn fields(client: &Client, name: &str) -> Vec<fantoccini::elements::Element> {
    let css = format!("[name={name}]");
    client.find_all(Locator::Css(&css)).await.unwrap()
}

/// Types two pages of boutique.example (`/a`, `/b`) into the first two A/B variants of a
/// link's edit page.
pub async fn fill_two_variants(client: &Client) {
    for (field, page) in fields(client, "variant_url").await.iter().zip(["a", "b"]) {
        let url = format!("https://boutique.example/{page}");
        field.send_keys(&url).await.unwrap();
    }
}

/// The accessible names of the fields `name` of the link's options, in the page's order.
async fn row_field_names(client: &Client, name: &str) -> Vec<String> {
    accessible_names(client, &format!("details.options [name={name}]")).await
}

/// `field` followed by each row's number in turn (« Poids (variante 1) », « Poids (variante
/// 2) »): the names of one field of `rows` rows.
fn numbered(field: &str, row: &str, rows: usize) -> Vec<String> {
    (1..=rows).map(|n| format!("{field} ({row} {n})")).collect()
}

/// Asserts that the edit page's targeting rules have `rules` rows and its A/B split
/// `variants`, each field named after its row, in French.
async fn assert_rows_numbered(client: &Client, rules: usize, variants: usize) {
    for (name, field, row, rows) in [
        ("rule_when", "Si", "règle", rules),
        ("rule_country", "Pays", "règle", rules),
        ("rule_url", "envoyer vers", "règle", rules),
        ("variant_url", "Destination", "variante", variants),
        ("variant_weight", "Poids", "variante", variants),
    ] {
        assert_eq!(
            row_field_names(client, name).await,
            numbered(field, row, rows),
            "{name}"
        );
    }
}

/// On a link's edit page a screen reader tells the targeting rules' and A/B variants' rows
/// apart: each field is named after its row (« envoyer vers (règle 2) », « Destination
/// (variante 1) »), in the page's language. The rows the page adds once the spare ones are
/// filled and saved are numbered on, and a rule cleared away leaves the others numbered
/// from 1 again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_rule_and_variant_row_of_a_link_names_its_fields_after_its_row() {
    let Some((browser, base, mut running)) = in_french("browser-option-rows").await else {
        return;
    };
    let client = &browser.client;
    browser.visit(&format!("{base}/links")).await;
    browser.fill("url", "https://boutique.example/promo").await;
    browser.fill("slug", "promo").await;
    click_submit(&browser, "/links").await;
    let edit = format!("{base}/links/promo/edit");
    browser.visit(&edit).await;
    // A closed disclosure's content is not in the accessibility tree.
    browser.click("details.options summary").await;
    assert_rows_numbered(client, 2, 2).await;

    // Both spare rules and both variants filled: saved, the page offers two more of each.
    let fields = async |name: &str| fields(client, name).await;
    let when = fields("rule_when").await;
    when[0].select_by_value("ios").await.unwrap();
    when[1].select_by_value("country").await.unwrap();
    fields("rule_country").await[1]
        .send_keys("FR")
        .await
        .unwrap();
    let urls = fields("rule_url").await;
    urls[0]
        .send_keys("https://boutique.example/ios")
        .await
        .unwrap();
    urls[1]
        .send_keys("https://boutique.example/fr")
        .await
        .unwrap();
    fill_two_variants(client).await;
    click_submit(&browser, "/links/promo/edit").await;
    browser.visit(&edit).await;
    assert_rows_numbered(client, 4, 4).await;

    // The first rule cleared away: the country's rule is rule 1 now.
    fields("rule_when").await[0]
        .select_by_value("")
        .await
        .unwrap();
    fields("rule_url").await[0].clear().await.unwrap();
    click_submit(&browser, "/links/promo/edit").await;
    browser.visit(&edit).await;
    assert_rows_numbered(client, 3, 4).await;
    let first = browser.run("return document.querySelector('[name=rule_url]').value;");
    assert_eq!(first.await, json!("https://boutique.example/fr"));
    browser.close().await;
    running.stop().await;
}
