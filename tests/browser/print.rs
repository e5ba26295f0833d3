//! A campaign's report printed on A4 as Chromium saves a PDF, from the campaign's page and
//! from its share link: the client's report from page 1, its words defined, and none of the
//! agency's workings (destination, UTM, short links). Read back with `pdftotext` (Debian's
//! `poppler-utils`), which the test needs as it needs chromedriver.

use std::path::Path;
use std::process::Command;

use fantoccini::wd::PrintConfiguration;

use crate::chromium::Chromium;
use crate::support::{artifacts, click_submit, in_french, soldes_kit_clicked_once};

const PDFTOTEXT: &str = "/usr/bin/pdftotext";

/// The page shown, printed on A4 (saved under `test-artifacts/{name}.pdf`): the text of its
/// first page, and of all of it.
async fn printed(browser: &Chromium, name: &str) -> (String, String) {
    let config = PrintConfiguration::builder().build().unwrap();
    let pdf = browser.client.print(config).await.unwrap();
    let file = artifacts().join(format!("{name}.pdf"));
    std::fs::write(&file, pdf).unwrap();
    let text = |pages: &[&str]| {
        let out = Command::new(PDFTOTEXT)
            .args(pages)
            .arg(&file)
            .arg("-")
            .output()
            .unwrap();
        assert!(out.status.success(), "pdftotext: {out:?}");
        // Words as a reader reads them, whatever the lines a column wraps them into.
        let text = String::from_utf8(out.stdout).unwrap();
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    (text(&["-f", "1", "-l", "1"]), text(&[]))
}

/// What a client's printed report holds, and what it leaves out.
fn assert_client_s_report(what: &str, (first, all): &(String, String), short: &str) {
    for figure in [
        "Période",
        "Clics",
        "Part du dark social",
        "Clics du dark social sur mobile",
    ] {
        assert!(
            first.contains(figure),
            "{what}: no {figure} on page 1: {first}"
        );
    }
    assert!(all.contains("Par canal"), "{what}: no channels: {all}");
    assert!(
        all.contains("Ce que veulent dire les mots"),
        "{what}: no words: {all}"
    );
    assert!(
        all.contains("Un clic sans aucun signe de source publique"),
        "{what}: {all}"
    );
    for internal in ["utm_", "boutique.example", short] {
        assert!(!all.contains(internal), "{what} prints {internal}: {all}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_campaign_s_report_prints_as_the_client_s_report_from_page_one() {
    if !Path::new(PDFTOTEXT).exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdftotext is required under CI"
        );
        eprintln!("SKIPPED: no {PDFTOTEXT} (poppler-utils)");
        return;
    }
    let Some((browser, base, mut running)) = in_french("browser-print").await else {
        return;
    };
    // An agency's usual kit: its report is longer than a page.
    let kit: Vec<&str> = "whatsapp messenger telegram signal sms email newsletter slack facebook \
        x linkedin instagram qr"
        .split_whitespace()
        .collect();
    let short = soldes_kit_clicked_once(&browser, &base, &kit).await;
    let slug = short.rsplit('/').next().unwrap().to_owned();

    browser.visit(&format!("{base}/campaigns")).await;
    browser.submit("main table a[href^='/campaigns/']").await;
    let campaign = browser
        .client
        .current_url()
        .await
        .unwrap()
        .path()
        .to_owned();
    // The agency's page has the UTM and the links the print leaves out.
    let page = browser.run("return document.body.innerText;").await;
    assert!(page.as_str().unwrap().contains("utm_campaign="), "{page}");
    assert_client_s_report(
        "campaign page",
        &printed(&browser, "print-campaign").await,
        &slug,
    );

    browser.fill("share-label", "Maison Dupont").await;
    click_submit(&browser, &format!("{campaign}/shares")).await;
    let shared = browser.run("return document.querySelector('#new-share a.short').href;");
    let shared = shared.await.as_str().unwrap().to_owned();
    browser.visit(&shared).await;
    assert_client_s_report(
        "shared report",
        &printed(&browser, "print-shared").await,
        &slug,
    );
    browser.close().await;
    running.stop().await;
}
