//! Settings' pages: Sites' forms stacked on a phone, and each row of the lists (tokens,
//! channels, people, domains, webhooks, sites) naming its controls after its row.

use fantoccini::Locator;
use lanterne::config::ServeArgs;

use crate::accessible::{assert_named, each};
use crate::chromium::{Chromium, Options};
use crate::server::{free_port, serve_args};
use crate::support::{
    click_submit, french_chrome, screenshot, serve_with_ada, sign_in_as_ada, signed_in,
};

/// Safari on an iPhone: the phone the layout below is for.
const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 \
    (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";

/// Settings → Sites on a phone (375 px wide, in French, whose labels are the longer): in the
/// form that registers a site and in the one that changes it, the site's name and its domains
/// are one above the other, each the form's width, and nothing passes the screen's edge.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sites_forms_stack_their_fields_on_a_phone() {
    let options = Options {
        user_agent: Some(IPHONE),
        languages: Some("fr-FR,fr"),
        ..Options::default()
    };
    let Some(browser) = Chromium::start(options).await else {
        return;
    };
    let client = &browser.client;
    let (base, mut running) = serve_with_ada("browser-sites-phone").await;
    client.set_window_size(375, 812).await.unwrap();
    sign_in_as_ada(&browser, &base).await;
    client
        .goto(&format!("{base}/settings/sites"))
        .await
        .unwrap();
    browser.fill("name", "Le Quotidien de l'agence").await;
    browser
        .fill("domains", "www.lequotidien.example\nlequotidien.example")
        .await;
    click_submit(&browser, "/settings/sites").await;
    client
        .wait()
        .for_element(Locator::Css("section[id^='site-'] form.site-form"))
        .await
        .unwrap();
    browser
        .run("document.querySelector('section[id^=\"site-\"] form.site-form').scrollIntoView()")
        .await;
    screenshot(client, "sites-phone").await;

    let layout = browser
        .run(
            "const e = document.documentElement; \
             const box = (el) => { const r = el.getBoundingClientRect(); \
                 return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; }; \
             return { width: e.clientWidth, scroll: e.scrollWidth, \
                 forms: [...document.querySelectorAll('main form')] \
                     .filter((f) => f.querySelector('textarea[name=domains]')) \
                     .map((f) => ({ action: f.getAttribute('action'), form: box(f), \
                         name: box(f.querySelector('input[name=name]')), \
                         domains: box(f.querySelector('textarea[name=domains]')) })) };",
        )
        .await;
    let px = |v: &serde_json::Value| v.as_f64().unwrap();
    let width = px(&layout["width"]);
    assert!(width <= 375.0, "not a phone's width: {layout}");
    assert!(
        px(&layout["scroll"]) <= width,
        "the page scrolls sideways: {layout}"
    );
    let forms = layout["forms"].as_array().unwrap();
    assert_eq!(
        forms.len(),
        2,
        "the new site's form and the site's: {layout}"
    );
    for form in forms {
        let (outer, name, domains) = (&form["form"], &form["name"], &form["domains"]);
        let inner = px(&outer["right"]) - px(&outer["left"]);
        for field in [name, domains] {
            assert!(
                px(&field["left"]) >= px(&outer["left"]) - 0.5
                    && px(&field["right"]) <= px(&outer["right"]) + 0.5
                    && px(&field["right"]) <= width,
                "a field passes its form's edge: {form}"
            );
            assert!(
                px(&field["right"]) - px(&field["left"]) >= 0.95 * inner,
                "a field narrower than its form: {form}"
            );
        }
        assert!(
            px(&domains["top"]) >= px(&name["bottom"]),
            "the name and the domains side by side: {form}"
        );
    }
    browser.close().await;
    running.stop().await;
}

/// What the Settings test adds, two of each: API tokens, channels (label, key), people
/// invited, branded domains, webhooks, sites (name, domain).
const TOKENS: [&str; 2] = ["ci", "zapier"];
const CHANNELS: [(&str, &str); 2] = [("Intranet", "intranet"), ("Affichage", "affichage")];
const INVITED: [&str; 2] = ["mark@example.com", "lea@example.com"];
const DOMAINS: [&str; 2] = ["go.example.com", "lien.example.org"];
const HOOKS: [&str; 2] = ["http://127.0.0.1:9/crm", "http://127.0.0.1:9/chat"];
const SITES: [(&str, &str); 2] = [
    ("Le Quotidien", "quotidien.example"),
    ("Le Mensuel", "mensuel.example"),
];

/// Adds two of each of Settings' lists through each page's form, as an admin would.
async fn add_two_of_each(browser: &Chromium, base: &str) {
    let add = async |page: &str, fields: &[(&str, &str)]| {
        browser.visit(&format!("{base}{page}")).await;
        for (id, value) in fields {
            browser.fill(id, value).await;
        }
        click_submit(browser, page).await;
    };
    for name in TOKENS {
        add("/settings/tokens", &[("name", name)]).await;
    }
    for (label, key) in CHANNELS {
        add("/settings/channels", &[("label", label), ("key", key)]).await;
    }
    for email in INVITED {
        add("/settings/users", &[("email", email)]).await;
    }
    for host in DOMAINS {
        add("/settings/domains", &[("host", host)]).await;
    }
    for url in HOOKS {
        add("/settings/webhooks", &[("url", url)]).await;
    }
    for (name, domain) in SITES {
        add("/settings/sites", &[("name", name), ("domains", domain)]).await;
    }
}

/// The delete (remove, unsubscribe) button of each row of Settings' lists.
const DELETE: &str = "form[action$='/delete'] button";

/// Asserts that on the page at `url` the controls of each of `checks` (a selector and the
/// names expected) are named so, in any order.
async fn assert_page_named(browser: &Chromium, url: &str, checks: &[(&str, Vec<String>)]) {
    browser.visit(url).await;
    for (css, expected) in checks {
        assert_named(&browser.client, css, expected).await;
    }
}

/// Settings' lists as a screen reader reads them, in French: on Tokens, Channels, People,
/// Domains, Webhooks and Sites each row's controls are named after its row (« Révoquer le
/// jeton ci », « Retirer le domaine go.example.com »), and each table says what it holds in
/// its caption.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_row_of_the_settings_lists_names_its_controls_after_its_row() {
    let Some(browser) = french_chrome().await else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("lanterne-browser-{}", free_port()));
    // Webhooks to a receiver on this machine.
    let args = ServeArgs {
        webhooks_allow_private: true,
        ..serve_args(dir.join("spool"))
    };
    let (base, mut running) = signed_in(&browser, "browser-settings-names", args).await;
    add_two_of_each(&browser, &base).await;

    let on = async |page: &str, checks: &[(&str, Vec<String>)]| {
        assert_page_named(&browser, &format!("{base}{page}"), checks).await;
    };
    let tables = |captions: &[&str]| ("main table", each("", captions));
    let checks = [
        (
            "form[action$='/revoke'] button",
            each("Révoquer le jeton", &TOKENS),
        ),
        tables(&["Jetons"]),
    ];
    on("/settings/tokens", &checks).await;

    let channels = CHANNELS.map(|(label, _)| label);
    let checks = [
        (
            "form[action$='/gender'] button",
            each("Enregistrer le genre du canal", &channels),
        ),
        (DELETE, each("Retirer le canal", &channels)),
        tables(&["Catalogue"]),
    ];
    on("/settings/channels", &checks).await;

    let people = ["ada@example.com", "bob@example.com"];
    let checks = [
        (
            "form[action$='/cancel'] button",
            each("Annuler l’invitation envoyée à", &INVITED),
        ),
        (
            "form[action$='/role'] button",
            each("Modifier le rôle du compte", &people),
        ),
        // No one deletes themselves: ada's row has no such button.
        (DELETE, each("Supprimer", &people[1..])),
        tables(&["Invitations pas encore utilisées", "Personnes"]),
    ];
    on("/settings/users", &checks).await;

    let checks = [
        (DELETE, each("Retirer le domaine", &DOMAINS)),
        tables(&["Domaines enregistrés"]),
    ];
    on("/settings/domains", &checks).await;

    let checks = [
        (
            "form[action$='/test'] button",
            each("Envoyer un test vers", &HOOKS),
        ),
        (DELETE, each("Se désabonner de", &HOOKS)),
        ("main table", each("Envois vers", &HOOKS)),
    ];
    on("/settings/webhooks", &checks).await;

    let sites = SITES.map(|(name, _)| name);
    let mut copies = each("Copier le code de suivi du site", &sites);
    copies.extend(each(
        "Copier le code de suivi avec toutes les options, site",
        &sites,
    ));
    let checks = [
        ("button[data-copy]", copies),
        (
            "form.site-form[action^='/settings/sites/'] button",
            each("Enregistrer le site", &sites),
        ),
        (
            DELETE,
            sites.map(|s| format!("Supprimer ce site ({s})")).into(),
        ),
        ("input[id^='name-']", each("Nom du site", &sites)),
        ("textarea[id^='domains-']", each("Domaines du site", &sites)),
        tables(&[]),
    ];
    on("/settings/sites", &checks).await;
    browser.close().await;
    running.stop().await;
}
