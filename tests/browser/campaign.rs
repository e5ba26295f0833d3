//! A share kit's result and its campaign's page as a screen reader reads them: each row's
//! controls named after its link and channel, each share link after whom it is for.

use crate::accessible::{accessible_names, assert_rows_named, link_rows};
use crate::server::{free_port, serve_args};
use crate::support::{click_submit, french_chrome, signed_in};

/// On a share kit's result and on its campaign's page a screen reader tells the rows apart:
/// each row's controls are named after its short link and its channel (« Copier
/// 127.0.0.1:PORT/abc (WhatsApp) »), in the page's language; each table says what it holds
/// in its caption; each share link of the report is named after whom it is for and when it
/// was made.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_row_of_a_campaign_names_its_controls_after_its_link_and_channel() {
    let Some(browser) = french_chrome().await else {
        return;
    };
    let client = &browser.client;
    let dir = std::env::temp_dir().join(format!("lanterne-browser-{}", free_port()));
    let args = serve_args(dir.join("spool"));
    let (base, mut running) = signed_in(&browser, "browser-campaign-names", args).await;
    browser.visit(&format!("{base}/links/kit")).await;
    browser.fill("campaign", "Soldes").await;
    browser.fill("url", "https://boutique.example/soldes").await;
    browser.tick("channel", &["whatsapp", "email"]).await;
    click_submit(&browser, "/links/kit").await;
    let kit = "section[aria-labelledby=created] table";
    let mut rows = link_rows(&browser, kit).await;
    rows.sort();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows.iter().any(|r| r.ends_with(" (WhatsApp)")), "{rows:?}");
    // A closed disclosure's content is not in the accessibility tree: open the QR codes.
    browser
        .run("document.querySelectorAll('details.qr').forEach(d => d.open = true);")
        .await;
    let qr = [
        ("a[href*='qr.png']", "PNG du QR code du lien"),
        ("a[href*='qr.svg']", "SVG du QR code du lien"),
    ];
    let mut controls = vec![
        ("button[data-copy]", "Copier"),
        ("details.qr summary", "QR code du lien"),
    ];
    controls.extend(qr);
    assert_rows_named(client, kit, &controls, &rows).await;
    let heading = browser.text_of("h2#created").await;
    assert_eq!(accessible_names(client, kit).await, [heading]);

    browser
        .submit("section.notice a[href^='/campaigns/']")
        .await;
    let campaign = client.current_url().await.unwrap().path().to_owned();
    let links = "section[aria-labelledby=links] table";
    let mut on_page = link_rows(&browser, links).await;
    on_page.sort();
    assert_eq!(on_page, rows, "the campaign's rows name the kit's links");
    let mut controls = vec![
        ("button[data-copy]", "Copier"),
        ("a[href^='/dashboard?link=']", "Statistiques du lien"),
        ("a[href*='/edit?']", "Modifier"),
        ("form[action$='/enabled'] button", "Désactiver"),
    ];
    controls.extend(qr);
    assert_rows_named(client, links, &controls, &rows).await;
    assert_eq!(
        accessible_names(client, links).await,
        ["Liens de la campagne Soldes, par canal"]
    );

    // Two share links of the report: one for a client, one for nobody said.
    for label in ["Maison Dupont", ""] {
        browser.fill("share-label", label).await;
        click_submit(&browser, &format!("{campaign}/shares")).await;
    }
    let mut names = accessible_names(client, "ul.shares button").await;
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(
        names.iter().all(
            |n| n.starts_with("Révoquer le lien de partage (") && n.contains("ada@example.com")
        ),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n.contains("(Maison Dupont, Créé le ")),
        "{names:?}"
    );
    browser.close().await;
    running.stop().await;
}
