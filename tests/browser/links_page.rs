//! The Links page as a screen reader reads it: each row's controls named after its link.

use fantoccini::Locator;

use crate::accessible::accessible_names;
use crate::support::{click_submit, french_chrome, serve, set_up_as_ada, sqlite_url};

/// On the Links page a screen reader tells the rows apart: each row's controls are named
/// after its short link (« Copier 127.0.0.1:PORT/promo »), in the page's language, and the
/// table says what it holds in its caption.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_row_of_the_links_page_names_its_controls_after_its_link() {
    let Some(browser) = french_chrome().await else {
        return;
    };
    let client = &browser.client;
    let database_url = sqlite_url("browser-row-names");
    let (base, mut running) = serve(&database_url).await;
    client.set_window_size(1280, 1200).await.unwrap();
    set_up_as_ada(&browser, &base).await;
    let slugs = ["promo", "soldes"];
    for slug in slugs {
        browser
            .fill("url", &format!("https://boutique.example/{slug}"))
            .await;
        browser.fill("slug", slug).await;
        click_submit(&browser, "/links").await;
        client
            .wait()
            .for_element(Locator::Css(&format!("table a.short[href$='/{slug}']")))
            .await
            .unwrap();
    }
    // A closed disclosure's content is not in the accessibility tree: open the QR codes.
    client
        .execute(
            "document.querySelectorAll('details.qr').forEach(d => d.open = true);",
            vec![],
        )
        .await
        .unwrap();

    let host = base.trim_start_matches("http://");
    for (css, name) in [
        ("button[data-copy]", "Copier"),
        ("a[href$='/edit']", "Modifier"),
        ("a[href^='/dashboard?link=']", "Statistiques du lien"),
        ("details.qr summary", "QR code du lien"),
        ("a[href*='qr.png']", "PNG du QR code du lien"),
        ("a[href*='qr.svg']", "SVG du QR code du lien"),
        ("form[action$='/enabled'] button", "Désactiver"),
        ("form[action$='/delete'] button", "Supprimer"),
    ] {
        let mut names = accessible_names(client, &format!("table.stack tbody {css}")).await;
        names.sort();
        let expected: Vec<String> = slugs.map(|slug| format!("{name} {host}/{slug}")).into();
        assert_eq!(names, expected, "{css}");
    }
    assert_eq!(
        accessible_names(client, "table.stack").await,
        ["Tous les liens"],
        "the table's caption names it"
    );
    browser.close().await;
    running.stop().await;
}
