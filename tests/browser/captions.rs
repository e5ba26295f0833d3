//! Tables of figures (campaigns, reports, dashboards) say what they hold in their caption, in
//! the page's language.

use std::time::{Duration, Instant};

use fantoccini::Locator;

use crate::accessible::accessible_names;
use crate::link_edit::fill_two_variants;
use crate::support::{click_submit, in_french, soldes_kit_clicked_once};

/// The captions of the dashboard's tables `ids`, in their order, in French (a split table by
/// what it is per: « pays »).
fn dashboard_captions(ids: &[&str]) -> Vec<String> {
    let caption = |id: &str| -> String {
        match id {
            "channels" => {
                "Clics, part du dark social, fuite et partages détectés par canal déclaré".into()
            }
            "themes" => "Clics dark social et publics par thème".into(),
            "links" => {
                "Clics par source et partages détectés par lien, avec sa campagne et son canal"
                    .into()
            }
            "days" => {
                "Clics par source et partages détectés sur la période, dans l’ordre du temps".into()
            }
            "destinations" => {
                "Clics par source et partages détectés par destination de ce lien".into()
            }
            "recent" => "Dernières requêtes de ce lien, chacune avec sa classe et les indices \
                qui l’ont décidée"
                .into(),
            per => format!("Clics par source et partages détectés par {per}"),
        }
    };
    ids.iter().map(|id| caption(id)).collect()
}

/// Tables without a control on their rows say what they hold in their caption, in the page's
/// language: the campaigns' list, a campaign's report on its page and as its client reads it
/// through a share link (the campaign and the period), every table of the dashboard and of a
/// link's dashboard, and the last 30 minutes' table once a click is there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_table_of_figures_says_what_it_holds_in_its_caption() {
    let Some((browser, base, mut running)) = in_french("browser-captions").await else {
        return;
    };
    let client = &browser.client;
    // A person's click on it, for the last 30 minutes' table.
    let short = soldes_kit_clicked_once(&browser, &base, &["whatsapp", "email"]).await;
    let slug = short.rsplit('/').next().unwrap().to_owned();

    browser.visit(&format!("{base}/campaigns")).await;
    assert_eq!(
        accessible_names(client, "main table").await,
        [
            "Toutes les campagnes, des plus récentes aux plus anciennes, avec leur destination, \
             leurs thèmes, leurs liens et leurs clics"
        ]
    );

    browser.submit("main table a[href^='/campaigns/']").await;
    let campaign = client.current_url().await.unwrap().path().to_owned();
    let covers = browser.text_of("p.report-period strong").await;
    let (_, days) = covers.split_once(':').expect("« Période : … – … »");
    let report = [format!(
        "Clics, part du dark social, fuite et partages de la campagne Soldes par canal, {}",
        days.trim()
    )];
    assert_eq!(accessible_names(client, "table.report").await, report);
    browser.fill("share-label", "Maison Dupont").await;
    click_submit(&browser, &format!("{campaign}/shares")).await;
    let shared = browser.run("return document.querySelector('#new-share a.short').href;");
    let shared = shared.await.as_str().unwrap().to_owned();
    browser.visit(&shared).await;
    assert_eq!(
        accessible_names(client, "table.report").await,
        report,
        "the client's copy"
    );

    let every = [
        "channels",
        "themes",
        "campagne",
        "appareil",
        "pays",
        "ville",
        "référent",
        "plateforme",
        "links",
        "days",
    ];
    browser.visit(&format!("{base}/dashboard")).await;
    assert_eq!(
        accessible_names(client, "main table.cards").await,
        dashboard_captions(&every)
    );
    // The last 30 minutes arrive by script, and the click through the hits' writer.
    let live = "[data-live] table";
    let deadline = Instant::now() + Duration::from_secs(30);
    while client.find(Locator::Css(live)).await.is_err() {
        assert!(Instant::now() < deadline, "no minute of the click shown");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert_eq!(
        accessible_names(client, live).await,
        ["Clics par source, minute par minute, sur les 30 dernières minutes"]
    );

    // Split in two, the link has a table of its destinations too.
    browser.visit(&format!("{base}/links/{slug}/edit")).await;
    browser.click("details.options summary").await;
    fill_two_variants(client).await;
    click_submit(&browser, &format!("/links/{slug}/edit")).await;
    browser
        .visit(&format!("{base}/dashboard?link={slug}"))
        .await;
    let mut own = vec!["destinations", "recent"];
    own.extend(every);
    assert_eq!(
        accessible_names(client, "main table.cards").await,
        dashboard_captions(&own)
    );
    browser.close().await;
    running.stop().await;
}
