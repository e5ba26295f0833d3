//! A card image chosen as a person chooses a file, in the share kit and in a campaign's
//! settings: a file that is no image refused with its reason, a PNG kept and served.

use serde_json::json;

use crate::chromium::Chromium;
use crate::server::free_port;
use crate::support::{PIXEL_PNG, click_submit, desktop_chrome, serve_with_ada, sign_in_as_ada};

/// Files to choose in a card's image field: something that is no image, and a PNG.
fn card_files() -> (String, String) {
    let file = |name: &str, bytes: &[u8]| {
        let path = std::env::temp_dir().join(format!("{name}-{}.png", free_port()));
        std::fs::write(&path, bytes).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let svg = file(
        "not-an-image",
        br#"<svg xmlns="http://www.w3.org/2000/svg"></svg>"#,
    );
    (svg, file("card", PIXEL_PNG))
}

/// Submits the form posting to `form`, its image field holding a file that is no image, and
/// checks the refusal says why; its status is the console's only complaint.
async fn refused_as_no_image(browser: &Chromium, form: &str) {
    click_submit(browser, form).await;
    let error = browser.text_of("p.error[role=alert]").await;
    assert!(
        error.contains("must be a PNG, JPEG or WebP file"),
        "{error}"
    );
    let errors = browser.console_errors().await;
    let refusal = |(source, _, text): &(String, String, String)| {
        source == "network" && text.contains("status of 422")
    };
    assert!(errors.iter().all(refusal), "{errors:?}");
}

/// A card image chosen in the share kit's form as a person chooses a file: a file that is no
/// image is refused with its reason and makes nothing; the PNG chosen next is on the card of
/// every link the kit makes, served as an image.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_card_image_is_uploaded_in_the_share_kit() {
    let Some(browser) = desktop_chrome().await else {
        return;
    };
    let (base, mut running) = serve_with_ada("browser-kit-card").await;
    sign_in_as_ada(&browser, &base).await;
    let (svg, png) = card_files();

    browser.visit(&format!("{base}/links/kit")).await;
    browser.fill("campaign", "Spring").await;
    browser.fill("url", "https://shop.example/spring").await;
    browser.tick("channel", &["whatsapp", "email"]).await;
    browser.fill("card_title", "Spring sale").await;
    browser.fill("card_image", &svg).await;
    refused_as_no_image(&browser, "/links/kit").await;
    let made = "return document.getElementById('created') !== null;";
    assert_eq!(browser.run(made).await, json!(false), "nothing made");

    // The form keeps what was typed; the file is chosen again, an image this time.
    browser.fill("card_image", &png).await;
    click_submit(&browser, "/links/kit").await;
    let heading = browser.text_of("h2#created").await;
    assert_eq!(heading, "2 links for Spring");
    let joined = "return document.querySelector('section.notice').textContent;";
    let notice = browser.run(joined).await;
    assert!(
        !notice.as_str().unwrap().contains("existing campaign"),
        "the refused kit made no campaign: {notice}"
    );
    let links = browser
        .run("return [...document.querySelectorAll('section[aria-labelledby=created] a.short')].map(a => a.href);")
        .await;
    let links: Vec<String> = serde_json::from_value(links).unwrap();
    assert_eq!(links.len(), 2, "{links:?}");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut images = Vec::new();
    for link in &links {
        let card = http.get(link).header("user-agent", "WhatsApp/2.23.20.0 A");
        let card = card.send().await.unwrap().text().await.unwrap();
        let image = card
            .split(r#"<meta property="og:image" content=""#)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("no og:image for {link}: {card}"))
            .to_owned();
        images.push(image);
    }
    assert_eq!(images[0], images[1], "one image for every link");
    assert!(
        images[0].starts_with(&format!("{base}/media/")),
        "{images:?}"
    );
    let served = http.get(&images[0]).send().await.unwrap();
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.headers()["x-content-type-options"], "nosniff");
    assert_eq!(served.bytes().await.unwrap().as_ref(), PIXEL_PNG);
    let errors = browser.console_errors().await;
    assert!(errors.is_empty(), "console errors on the kit: {errors:?}");
    browser.close().await;
    running.stop().await;
}

/// A card image chosen in a campaign's settings as a person chooses a file: a file that is no
/// image is refused with its reason and changes nothing; the PNG chosen next is the
/// campaign's card image, shown on its page and served as an image.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_card_image_is_uploaded_in_a_campaign_s_settings() {
    let Some(browser) = desktop_chrome().await else {
        return;
    };
    let (base, mut running) = serve_with_ada("browser-campaign-card").await;
    sign_in_as_ada(&browser, &base).await;
    let (svg, png) = card_files();

    browser.visit(&format!("{base}/links/kit")).await;
    browser.fill("campaign", "Winter").await;
    browser.fill("url", "https://shop.example/winter").await;
    browser.tick("channel", &["whatsapp"]).await;
    click_submit(&browser, "/links/kit").await;
    let campaign = "return document.querySelector('section.notice a[href^=\"/campaigns/\"]').getAttribute('href');";
    let campaign = browser.run(campaign).await.as_str().unwrap().to_owned();

    browser.visit(&format!("{base}{campaign}")).await;
    browser.fill("card_title", "Winter sale").await;
    browser.fill("card_image", &svg).await;
    refused_as_no_image(&browser, &campaign).await;

    // The form keeps what was typed; the file is chosen again, an image this time.
    browser.fill("card_image", &png).await;
    click_submit(&browser, &campaign).await;
    let image = "return document.querySelector('img.card-image')?.src ?? null;";
    let image = browser.run(image).await;
    let image = image
        .as_str()
        .unwrap_or_else(|| panic!("no card image shown"));
    assert!(image.starts_with(&format!("{base}/media/")), "{image}");
    let title = "return document.getElementById('card_title').value;";
    assert_eq!(browser.run(title).await, json!("Winter sale"));
    let served = reqwest::get(image).await.unwrap();
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.bytes().await.unwrap().as_ref(), PIXEL_PNG);
    let errors = browser.console_errors().await;
    assert!(
        errors.is_empty(),
        "console errors on the campaign: {errors:?}"
    );
    browser.close().await;
    running.stop().await;
}
