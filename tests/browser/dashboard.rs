//! The dashboard's filters: an address naming no campaign says so, and the filters still apply.

use fantoccini::Locator;
use serde_json::json;

use crate::support::{click_submit, desktop_chrome, serve_with_ada, sign_in_as_ada};

/// A dashboard address naming a campaign no one has says so, and its filters still apply as
/// they change: choosing a campaign in the list shows that campaign's figures.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dashboard_filter_naming_no_campaign_says_so_and_the_filters_still_apply() {
    let Some(browser) = desktop_chrome().await else {
        return;
    };
    let client = &browser.client;
    let (base, mut running) = serve_with_ada("browser-unknown-filter").await;
    sign_in_as_ada(&browser, &base).await;
    browser.visit(&format!("{base}/links")).await;
    browser.fill("url", "https://shop.example/").await;
    browser.fill("campaign", "Spring sale").await;
    click_submit(&browser, "/links").await;

    browser
        .visit(&format!("{base}/dashboard?period=7d&campaign=Autumn"))
        .await;
    let notice = browser.text_of("p.error[role=alert]").await;
    assert!(
        notice.starts_with("No campaign is named \"Autumn\""),
        "{notice}"
    );
    let figures = "return document.querySelector('[data-live]') === null;";
    assert_eq!(
        browser.run(figures).await,
        json!(true),
        "no figures of zeros"
    );
    client
        .find(Locator::Id("campaign"))
        .await
        .unwrap()
        .select_by_value("Spring sale")
        .await
        .unwrap();
    let url = browser
        .url_when(|url| url.contains("campaign=Spring+sale"))
        .await;
    assert!(url.contains("period=7d&"), "the period stays: {url}");
    client
        .wait()
        .for_element(Locator::Css("[data-live]"))
        .await
        .unwrap();
    let errors = browser.run("return document.querySelectorAll('p.error').length;");
    assert_eq!(errors.await, json!(0));
    browser.close().await;
    running.stop().await;
}
