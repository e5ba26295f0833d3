//! An agency's day in Chromium, in French and in English, playing a person: sign in, make a
//! campaign's links with the share kit, follow one as a visitor, read the campaign's report
//! with its comparison and each channel's dark share, download a CSV as the reader's Excel
//! would read it, and read the dashboard on a 390 px phone with no sideways scroll and every
//! text at a contrast of at least 4.5:1; then share a campaign's report with a client who
//! reads it signed in nowhere, invite a colleague who chooses a password and changes it; set
//! each option of a link on its edit page and follow the links as people and chat apps do;
//! add a branded domain on Settings → Domains, follow a link made on it, remove another.
//! Screenshots go to `test-artifacts/`.

#[path = "support/chromium.rs"]
mod chromium;
#[path = "support/server.rs"]
mod server;

use std::time::{Duration, Instant};

use chromium::{CHROME_UA, Chromium, Options};
use fantoccini::Locator;
use lanterne::config::ServeArgs;
use server::{Served, add_admin, serve_args};

const PASSWORD: &str = "un mot de passe assez long 9";

/// Lanterne on a fresh SQLite file, and a shop to land on (`localhost`: Lanterne refuses
/// links to its own 127.0.0.1).
async fn serve() -> (String, String, Served) {
    let dir = std::env::temp_dir().join(format!("lanterne-agency-{}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).unwrap();
    let database_url = format!("sqlite://{}", dir.join("lanterne.db").display());
    let args = ServeArgs {
        timezone: "Europe/Paris".into(),
        ..serve_args(dir.join("spool"))
    };
    let running = Served::start(&database_url, &args).await;
    let db = lanterne::db::Db::connect(&database_url).await.unwrap();
    add_admin(&db, "agence@example.com", PASSWORD).await;
    db.close().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let shop = format!("http://localhost:{}", listener.local_addr().unwrap().port());
    let page = axum::Router::new().fallback(|| async { "Les soldes" });
    tokio::spawn(async move { axum::serve(listener, page).await });
    (running.base.clone(), shop, running)
}

/// Lanterne and the shop served, and Chromium in `languages` (None without Chromium).
async fn open(languages: &'static str) -> Option<(String, String, Served, Chromium)> {
    let (base, shop, running) = serve().await;
    let options = Options {
        languages: Some(languages),
        ..Options::default()
    };
    let browser = Chromium::start(options).await?;
    Some((base, shop, running, browser))
}

/// Ends a test's browsing: no error in the console (a failed request is the test's to check),
/// Chromium closed, the servers stopped.
async fn finish(browser: Chromium, mut running: Served) {
    let errors: Vec<_> = browser
        .console()
        .await
        .into_iter()
        .filter(|(source, level, _)| level == "SEVERE" && source != "network")
        .collect();
    assert!(errors.is_empty(), "console errors: {errors:?}");
    browser.close().await;
    running.stop().await;
}

/// Every element with text of its own whose contrast against the background it sits on is
/// under 4.5:1 (WCAG AA), computed from the browser's own styles.
const LOW_CONTRAST: &str = r#"
const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
  .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
const background = (el) => {
  for (; el; el = el.parentElement) {
    const c = rgb(getComputedStyle(el).backgroundColor);
    if (c.length === 3 || c[3] > 0) return c.slice(0, 3);
  }
  return [255, 255, 255];
};
const low = [];
for (const el of document.querySelectorAll("body *")) {
  const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  const style = getComputedStyle(el);
  if (!own || style.visibility === "hidden" || el.getClientRects().length === 0) continue;
  if (el.closest(".visually-hidden, .skip, noscript")) continue;
  const [a, b] = [lum(rgb(style.color)), lum(background(el))];
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  if (ratio < 4.5) low.push(`${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
}
return low;
"#;

/// The first bytes and line of a CSV download, fetched by the page as a spreadsheet gets it.
const CSV_START: &str = r#"
const done = arguments[arguments.length - 1];
fetch(arguments[0]).then((r) => r.arrayBuffer()).then((buffer) => {
  const bytes = new Uint8Array(buffer);
  const text = new TextDecoder().decode(bytes);
  done({ bom: bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf, first: text.replace(/^\uFEFF/, "").split("\n").slice(0, 2) });
});
"#;

async fn an_agency_s_day(language: &str) {
    let languages = if language == "fr" {
        "fr-FR,fr"
    } else {
        "en-GB,en"
    };
    let Some((base, shop, running, browser)) = open(languages).await else {
        return;
    };
    let fr = language == "fr";
    let page_lang = async || browser.run("return document.documentElement.lang").await;

    // Sign in: the page is in the browser's language.
    browser.client.goto(&format!("{base}/login")).await.unwrap();
    assert_eq!(page_lang().await, language);
    browser.fill("email", "agence@example.com").await;
    browser.fill("password", PASSWORD).await;
    browser.click("button[type=submit]").await;
    browser.url_when(|u| u.ends_with("/dashboard")).await;
    let heading = browser.client.find(Locator::Css("h1")).await.unwrap();
    let expected = if fr {
        "Tableau de bord du dark social"
    } else {
        "Dark social dashboard"
    };
    assert_eq!(heading.text().await.unwrap(), expected);

    // The share kit: two channels, among the built-in ones named in the page's language.
    browser.click("nav a[href='/links/kit']").await;
    let offered = browser.text_of("form[action='/links/kit'] fieldset").await;
    let names: &[&str] = if fr {
        &["QR / imprimé", "Copie du lien", "E-mail", "Autre"]
    } else {
        &["QR / print", "Copy link", "Email", "Other"]
    };
    for name in names {
        assert!(offered.contains(name), "no {name} in the kit: {offered}");
    }
    browser.fill("campaign", "Soldes d'été").await;
    browser.fill("url", &format!("{shop}/soldes")).await;
    browser.tick("channel", &["whatsapp", "facebook"]).await;
    browser
        .click("form[action='/links/kit'] button[type=submit]")
        .await;
    browser
        .client
        .wait()
        .for_element(Locator::Id("created"))
        .await
        .unwrap();
    let whatsapp = browser
        .client
        .find(Locator::Css(
            "section.notice tr:first-child a[href^='http://127.0.0.1']",
        ))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    browser.click("section.notice a[href^='/campaigns/']").await;
    let campaign = browser.url_when(|u| u.contains("/campaigns/")).await;

    // A visitor follows the WhatsApp link (no referrer: dark), then the report counts it.
    browser.client.goto(&whatsapp).await.unwrap();
    let landed = browser.url_when(|u| u.starts_with(&shop)).await;
    assert!(
        landed.starts_with(&shop),
        "the WhatsApp link landed on {landed}"
    );
    // Every channel of the campaign has its line, with 0 until its click is counted.
    let hundred = if fr { "100\u{202f}%" } else { "100%" };
    let deadline = Instant::now() + Duration::from_secs(20);
    let row = loop {
        browser.client.goto(&campaign).await.unwrap();
        let rows = browser
            .client
            .find_all(Locator::Css("table.report tbody tr"))
            .await
            .unwrap();
        let mut text = String::new();
        for row in rows {
            text.push_str(&row.text().await.unwrap());
            text.push('\n');
        }
        if text.contains("WhatsApp") && text.contains(hundred) {
            break text;
        }
        assert!(
            Instant::now() < deadline,
            "the click never reached the report: {text}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    assert!(row.contains("WhatsApp"), "WhatsApp's line: {row}");
    let report = browser.text_of("section[aria-labelledby=report]").await;
    // WebDriver's element text turns a no-break space into a space.
    let compared = if fr {
        "nouveau : +1, rien sur la période précédente"
    } else {
        "new: +1, none before"
    };
    assert!(report.contains(compared), "the comparison: {report}");
    let copy_all = browser
        .client
        .find(Locator::Css("button.secondary[data-copy]"))
        .await
        .unwrap()
        .attr("data-copy")
        .await
        .unwrap()
        .unwrap();
    // In the page's typography: « WhatsApp : … » in French.
    let colon = if fr { "\u{a0}:" } else { ":" };
    assert!(
        copy_all.contains(&format!("WhatsApp{colon} {whatsapp}")),
        "{copy_all}"
    );
    std::fs::create_dir_all("test-artifacts").unwrap();
    let png = browser.client.screenshot().await.unwrap();
    std::fs::write(
        format!("test-artifacts/campaign-report-{language}.png"),
        png,
    )
    .unwrap();

    // A CSV as the reader's Excel gets it.
    let csv = browser
        .client
        .execute_async(
            CSV_START,
            vec![serde_json::json!(
                "/dashboard/export.csv?table=channels&period=7d"
            )],
        )
        .await
        .unwrap();
    assert_eq!(csv["bom"], fr, "{csv}");
    let header = csv["first"][0].as_str().unwrap();
    let separator = if fr { ';' } else { ',' };
    assert!(
        header.contains(separator) && header.starts_with(if fr { "Canal" } else { "Channel" }),
        "{csv}"
    );
    let line = csv["first"][1].as_str().unwrap().to_owned();
    let cells: Vec<&str> = line.split(separator).collect();
    let private = if fr { "privé" } else { "private" };
    assert_eq!(cells[..4], ["WhatsApp", private, "1", "1"], "{line}");

    // On a phone, 390 px wide: nothing scrolls sideways; every text readable.
    browser.client.set_window_size(390, 844).await.unwrap();
    for path in ["/dashboard", campaign.trim_start_matches(&base)] {
        browser.client.goto(&format!("{base}{path}")).await.unwrap();
        let width = browser
            .run("return [document.documentElement.scrollWidth, window.innerWidth]")
            .await;
        assert!(
            width[0].as_i64() <= width[1].as_i64(),
            "{path} scrolls sideways at 390 px: {width}"
        );
        let low = browser.run(LOW_CONTRAST).await;
        assert_eq!(low, serde_json::json!([]), "{path}: text under 4.5:1");
        let png = browser.client.screenshot().await.unwrap();
        let name = if path == "/dashboard" {
            "dashboard"
        } else {
            "campaign"
        };
        std::fs::write(format!("test-artifacts/{name}-390-{language}.png"), png).unwrap();
    }
    finish(browser, running).await;
}

async fn sign_in(browser: &Chromium, base: &str, email: &str, password: &str) {
    browser.client.goto(&format!("{base}/login")).await.unwrap();
    browser.fill("email", email).await;
    browser.fill("password", password).await;
    browser.click("button[type=submit]").await;
    browser.url_when(|u| u.ends_with("/dashboard")).await;
}

async fn sign_out(browser: &Chromium) {
    browser.click("form[action='/logout'] button").await;
    browser.url_when(|u| u.ends_with("/login")).await;
}

/// The `href` of the first element `css`, once it is there.
async fn href(browser: &Chromium, css: &str) -> String {
    browser
        .client
        .wait()
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("no {css}"))
        .attr("href")
        .await
        .unwrap()
        .unwrap()
}

/// Every link on the page that leads elsewhere than the shared report itself.
const LINKS_AWAY: &str = r#"
return [...document.querySelectorAll("a[href], form[action]")]
  .map((el) => el.getAttribute("href") || el.getAttribute("action"))
  .filter((to) => !to.startsWith(location.pathname + "?period="));
"#;

/// A French agency shares a campaign's report with its client, who reads it with no account;
/// then invites a colleague, who chooses a password through the link and changes it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_shared_and_a_colleague_invited() {
    let Some((base, shop, running, browser)) = open("fr-FR,fr").await else {
        return;
    };
    let main_text = async || browser.text_of("main").await;
    sign_in(&browser, &base, "agence@example.com", PASSWORD).await;
    browser
        .client
        .goto(&format!("{base}/links/kit"))
        .await
        .unwrap();
    browser.fill("campaign", "Rentrée").await;
    browser.fill("url", &format!("{shop}/rentree")).await;
    browser.click("input[name=channel][value='whatsapp']").await;
    browser
        .click("form[action='/links/kit'] button[type=submit]")
        .await;
    browser.click("section.notice a[href^='/campaigns/']").await;
    browser.url_when(|u| u.contains("/campaigns/")).await;

    // The share link, made on the campaign's page and shown once.
    browser
        .click("form[action$='/shares'] button[type=submit]")
        .await;
    let shared = href(&browser, "#new-share a.short").await;
    assert!(shared.starts_with(&format!("{base}/shared/")), "{shared}");
    let text = main_text().await;
    assert!(text.contains("Créé le"), "the share is listed: {text}");
    sign_out(&browser).await;

    // The client reads it signed in nowhere, in French, and can go nowhere else.
    browser.client.goto(&shared).await.unwrap();
    assert_eq!(browser.text_of("h1").await, "Rentrée");
    let text = main_text().await;
    assert!(
        text.contains("Comment s’est passée cette campagne\u{202f}?"),
        "{text}"
    );
    assert!(text.contains("lecture seule"), "{text}");
    assert_eq!(browser.run(LINKS_AWAY).await, serde_json::json!([]));
    browser.click("nav.periods a[href$='period=7d']").await;
    browser.url_when(|u| u.ends_with("period=7d")).await;
    std::fs::create_dir_all("test-artifacts").unwrap();
    let png = browser.client.screenshot().await.unwrap();
    std::fs::write("test-artifacts/shared-report-fr.png", png).unwrap();

    // A colleague invited as an analyst.
    sign_in(&browser, &base, "agence@example.com", PASSWORD).await;
    browser
        .client
        .goto(&format!("{base}/settings/users"))
        .await
        .unwrap();
    browser.fill("email", "collegue@example.com").await;
    browser.click("select#role option[value=analyst]").await;
    browser
        .click("form[action='/settings/users'] button[type=submit]")
        .await;
    let invitation = href(&browser, "#invited a.short").await;
    sign_out(&browser).await;

    // The colleague chooses a password and is signed in; then changes it.
    browser.client.goto(&invitation).await.unwrap();
    let text = main_text().await;
    assert!(text.contains("collegue@example.com (analyste)"), "{text}");
    let first = "mon premier mot de passe";
    browser.fill("password", first).await;
    browser.fill("confirm", first).await;
    browser.click("button[type=submit]").await;
    browser.url_when(|u| u.ends_with("/dashboard")).await;
    browser.click("header a[href='/account']").await;
    browser.click("main a[href='/account/password']").await;
    let second = "un second mot de passe";
    browser.fill("current", first).await;
    browser.fill("password", second).await;
    browser.fill("confirm", second).await;
    browser
        .click("form[action='/account/password'] button[type=submit]")
        .await;
    browser.url_when(|u| u.ends_with("/account")).await;
    let text = main_text().await;
    assert!(text.contains("Mot de passe changé"), "{text}");
    sign_out(&browser).await;
    sign_in(&browser, &base, "collegue@example.com", second).await;

    finish(browser, running).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agency_s_day_in_french() {
    an_agency_s_day("fr").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agency_s_day_in_english() {
    an_agency_s_day("en").await;
}

/// A 1×1 PNG: the card's image, uploaded from a file.
const PIXEL_PNG: &[u8] = include_bytes!("fixtures/pixel.png");

const WHATSAPP: &str = "WhatsApp/2.23.20.0 A";
const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 \
    (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";

/// Sets a field a person picks from a widget (a date and time picker) rather than types.
async fn set_value(browser: &Chromium, id: &str, value: &str) {
    let script = "document.getElementById(arguments[0]).value = arguments[1];";
    let args = vec![serde_json::json!(id), serde_json::json!(value)];
    browser.client.execute(script, args).await.unwrap();
}

/// Makes the plain link `{base}/{slug}` to `{shop}/{slug}` on the Links page, then opens its
/// edit page with the options shown.
async fn new_link_to_edit(browser: &Chromium, base: &str, shop: &str, slug: &str) {
    browser.client.goto(&format!("{base}/links")).await.unwrap();
    browser.fill("url", &format!("{shop}/{slug}")).await;
    browser.fill("slug", slug).await;
    browser
        .click("form[action='/links'] button[type=submit]")
        .await;
    let edit = format!("/links/{slug}/edit");
    browser.click(&format!("a[href='{edit}']")).await;
    browser.url_when(|u| u.ends_with(&edit)).await;
    browser.click("details.options summary").await;
}

/// Saves the edit page of `slug`, back on the Links page.
async fn save(browser: &Chromium, slug: &str) {
    browser
        .click(&format!(
            "form[action='/links/{slug}/edit'] button[type=submit]"
        ))
        .await;
    let url = browser.url_when(|u| u.ends_with("/links")).await;
    assert!(url.ends_with("/links"), "{slug} not saved: at {url}");
}

/// Where a person opening `{base}/{slug}` in the browser ends up once the page has loaded
/// (on Lanterne when it answers itself).
async fn follow(browser: &Chromium, base: &str, slug: &str) -> String {
    let client = &browser.client;
    client.goto(&format!("{base}/{slug}")).await.unwrap();
    client.current_url().await.unwrap().to_string()
}

/// What a client with `user_agent` gets for `{base}/{slug}`: status, `Location`, body.
async fn fetch(base: &str, slug: &str, user_agent: &str) -> (u16, String, String) {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = client
        .get(format!("{base}/{slug}"))
        .header("user-agent", user_agent)
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location, response.text().await.unwrap())
}

/// A marketer sets each option of a link on its edit page (a card with an image uploaded from
/// a file, a start, an end with a page for latecomers, a click limit, a password, a device rule,
/// an A/B split), then each link is followed as people and chat apps do.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_option_set_on_the_edit_page_holds_through_the_redirect() {
    let Some((base, shop, running, browser)) = open("en-GB,en").await else {
        return;
    };
    browser.client.set_window_size(1280, 2000).await.unwrap();
    sign_in(&browser, &base, "agence@example.com", PASSWORD).await;

    new_link_to_edit(&browser, &base, &shop, "card").await;
    browser.fill("card_title", "Summer sale card").await;
    let image = std::env::temp_dir().join(format!("card-{}.png", rand::random::<u64>()));
    std::fs::write(&image, PIXEL_PNG).unwrap();
    browser.fill("card_image", image.to_str().unwrap()).await;
    save(&browser, "card").await;

    new_link_to_edit(&browser, &base, &shop, "later").await;
    set_value(&browser, "starts_at", "2999-01-01T00:00").await;
    save(&browser, "later").await;

    new_link_to_edit(&browser, &base, &shop, "ended").await;
    set_value(&browser, "expires_at", "2020-01-01T00:00").await;
    browser.fill("expired_url", &format!("{shop}/over")).await;
    // An end already past is asked about once, the fields kept, before it is saved.
    browser
        .click("form[action='/links/ended/edit'] button[type=submit]")
        .await;
    browser.click("input[name=end_in_past]").await;
    save(&browser, "ended").await;

    new_link_to_edit(&browser, &base, &shop, "limited").await;
    browser.fill("max_clicks", "1").await;
    save(&browser, "limited").await;

    new_link_to_edit(&browser, &base, &shop, "secret").await;
    browser.fill("password", "open sesame").await;
    save(&browser, "secret").await;

    new_link_to_edit(&browser, &base, &shop, "phones").await;
    let when = browser.client.find(Locator::Css("select[name=rule_when]"));
    when.await.unwrap().select_by_value("ios").await.unwrap();
    let url = browser.client.find(Locator::Css("input[name=rule_url]"));
    let ios = format!("{shop}/app-store");
    url.await.unwrap().send_keys(&ios).await.unwrap();
    save(&browser, "phones").await;

    new_link_to_edit(&browser, &base, &shop, "split").await;
    let urls = browser
        .client
        .find_all(Locator::Css("input[name=variant_url]"));
    let urls = urls.await.unwrap();
    let weights = browser
        .client
        .find_all(Locator::Css("input[name=variant_weight]"));
    let weights = weights.await.unwrap();
    for (i, (variant, weight)) in [("a", "1"), ("b", "0")].into_iter().enumerate() {
        urls[i]
            .send_keys(&format!("{shop}/{variant}"))
            .await
            .unwrap();
        weights[i].send_keys(weight).await.unwrap();
    }
    save(&browser, "split").await;

    // The card: a chat app gets it with the uploaded image, which is served as a PNG; a
    // person goes on.
    let (status, _, page) = fetch(&base, "card", WHATSAPP).await;
    assert_eq!(status, 200);
    assert!(
        page.contains(r#"<meta property="og:title" content="Summer sale card">"#),
        "{page}"
    );
    let image_url = page
        .split(r#"<meta property="og:image" content=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("an og:image")
        .to_owned();
    assert!(
        image_url.starts_with(&format!("{base}/media/")),
        "{image_url}"
    );
    let served = reqwest::get(&image_url).await.unwrap();
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.bytes().await.unwrap().as_ref(), PIXEL_PNG);
    assert_eq!(
        follow(&browser, &base, "card").await,
        format!("{shop}/card")
    );

    // Not started: a page says when it opens. Ended: on to the page for latecomers.
    assert_eq!(fetch(&base, "later", CHROME_UA).await.0, 403);
    follow(&browser, &base, "later").await;
    let heading = browser.client.find(Locator::Css("h1")).await.unwrap();
    assert_eq!(heading.text().await.unwrap(), "Link not active yet");
    assert_eq!(
        follow(&browser, &base, "ended").await,
        format!("{shop}/over")
    );

    // A limit of one: the first person goes on, the next finds the link expired.
    assert_eq!(
        follow(&browser, &base, "limited").await,
        format!("{shop}/limited")
    );
    follow(&browser, &base, "limited").await;
    let heading = browser.client.find(Locator::Css("h1")).await.unwrap();
    assert_eq!(heading.text().await.unwrap(), "Link expired");

    // The password: a form first, the right password on to the page.
    follow(&browser, &base, "secret").await;
    browser.fill("password", "open sesame").await;
    browser.click("main.visitor button[type=submit]").await;
    let landed = browser.url_when(|u| u.starts_with(&shop)).await;
    assert_eq!(landed, format!("{shop}/secret"));

    // The rule: an iPhone goes to the app store, this desktop to the link's page.
    let (status, location, _) = fetch(&base, "phones", IPHONE).await;
    assert_eq!((status, location.as_str()), (302, ios.as_str()));
    assert_eq!(
        follow(&browser, &base, "phones").await,
        format!("{shop}/phones")
    );

    // The split: a variant of weight 0 gets nobody.
    assert_eq!(follow(&browser, &base, "split").await, format!("{shop}/a"));
    for _ in 0..5 {
        let (_, location, _) = fetch(&base, "split", CHROME_UA).await;
        assert_eq!(location, format!("{shop}/a"));
    }

    finish(browser, running).await;
    let _ = std::fs::remove_file(image);
}

/// An admin sets up the agency's branded domain on Settings → Domains: a URL where the host
/// goes is refused with what to type, the host is added and listed, a link made on it from the
/// Links page takes a person from the branded short URL to the shop, and a domain added by
/// mistake is removed after the page asks to confirm.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_adds_a_branded_domain_uses_it_and_removes_another() {
    let (base, shop, running) = serve().await;
    let options = Options {
        local_hosts: &["go.agence.example"],
        languages: Some("en-GB,en"),
        ..Options::default()
    };
    let Some(browser) = Chromium::start(options).await else {
        return;
    };
    let text_of = async |css: &str| browser.text_of(css).await;
    let add = async |host: &str, root: &str| {
        browser.fill("host", host).await;
        browser.fill("root_url", root).await;
        browser
            .submit("form[action='/settings/domains'] button[type=submit]")
            .await;
    };
    sign_in(&browser, &base, "agence@example.com", PASSWORD).await;
    browser.click("a[href='/settings/domains']").await;
    browser.url_when(|u| u.ends_with("/settings/domains")).await;
    assert!(text_of("main").await.contains("No branded domain yet"));

    add("https://go.agence.example/", "").await;
    let refusal = text_of("p.error").await;
    assert!(
        refusal.contains("is a URL: give the host alone"),
        "{refusal}"
    );
    add("Go.Agence.Example", &format!("{shop}/accueil")).await;
    add("old.agence.example", "").await;
    let listed = text_of("section[aria-labelledby=registered] tbody").await;
    assert!(listed.contains("go.agence.example"), "{listed}");
    assert!(listed.contains(&format!("{shop}/accueil")), "{listed}");
    assert!(listed.contains("old.agence.example"), "{listed}");

    // A link on the branded domain, made as any link is, followed by a person.
    browser.client.goto(&format!("{base}/links")).await.unwrap();
    browser.fill("url", &format!("{shop}/affiche")).await;
    browser.fill("slug", "affiche").await;
    browser
        .click("select#domain option[value='go.agence.example']")
        .await;
    browser
        .submit("form[action='/links'] button[type=submit]")
        .await;
    let port = base.rsplit(':').next().unwrap();
    let short = format!("http://go.agence.example:{port}/affiche");
    let shown = text_of("a.short").await;
    assert_eq!(shown, "http://go.agence.example/affiche");
    browser.client.goto(&short).await.unwrap();
    let landed = browser.url_when(|u| u.ends_with("/affiche")).await;
    assert_eq!(landed, format!("{shop}/affiche"));

    // The domain added by mistake, removed once confirmed.
    browser
        .client
        .goto(&format!("{base}/settings/domains"))
        .await
        .unwrap();
    browser
        .click("form[action='/settings/domains/old.agence.example/delete'] button")
        .await;
    let question = browser.client.get_alert_text().await.unwrap();
    assert!(
        question.contains("Remove the domain old.agence.example?"),
        "{question}"
    );
    browser.client.accept_alert().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    let listed = loop {
        let listed = text_of("section[aria-labelledby=registered] tbody").await;
        if !listed.contains("old.agence.example") || Instant::now() > deadline {
            break listed;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(!listed.contains("old.agence.example"), "{listed}");
    assert!(listed.contains("go.agence.example"), "{listed}");

    finish(browser, running).await;
}

/// Makes a link on the Links page with the person's own words: its destination as typed,
/// and a campaign and channel when given. Waits for the page the form leads to: a visit
/// started while the form's answer is still on its way is cancelled by it, and its click is
/// never made.
async fn make_link(browser: &Chromium, base: &str, typed: &str, slug: &str, channel: &str) {
    browser.client.goto(&format!("{base}/links")).await.unwrap();
    browser.fill("url", typed).await;
    browser.fill("slug", slug).await;
    if !channel.is_empty() {
        browser.fill("campaign", "Soldes").await;
        let select = browser.client.find(Locator::Id("channel")).await.unwrap();
        select.select_by_value(channel).await.unwrap();
    }
    browser
        .submit("form[action='/links'] button[type=submit]")
        .await;
}

/// A French marketer makes a link typing its destination without `https://`, reads its short
/// URL in the panel the Links page shows and copies it ("Copié"); narrows the links by
/// choosing a campaign, pressing no button; and sorts the dashboard's channel table by its
/// clicks, one way then the other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_link_copied_the_links_narrowed_and_a_table_sorted() {
    let Some((base, shop, mut running, browser)) = open("fr-FR,fr").await else {
        return;
    };
    sign_in(&browser, &base, "agence@example.com", PASSWORD).await;

    make_link(&browser, &base, "boutique.example/soldes", "soldes", "").await;
    let panel = browser.text_of(".flash.card").await;
    assert!(
        panel.contains("Votre nouveau lien court est prêt"),
        "{panel}"
    );
    assert!(panel.contains(&format!("{base}/soldes")), "{panel}");
    browser.click(".flash.card button[data-copy]").await;
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let said = browser.text_of(".flash.card button[data-copy]").await;
        if said == "Copié" {
            break;
        }
        assert!(Instant::now() < deadline, "the copy button says {said:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let field = browser.client.find(Locator::Id("url")).await.unwrap();
    assert_eq!(field.attr("type").await.unwrap().as_deref(), Some("text"));

    // Two links of the campaign Soldes, followed by people: WhatsApp once, email twice.
    make_link(
        &browser,
        &base,
        &format!("{shop}/wa"),
        "soldes-wa",
        "whatsapp",
    )
    .await;
    make_link(
        &browser,
        &base,
        &format!("{shop}/mail"),
        "soldes-mail",
        "email",
    )
    .await;
    for slug in ["soldes-wa", "soldes-mail", "soldes-mail"] {
        browser
            .client
            .goto(&format!("{base}/{slug}"))
            .await
            .unwrap();
        let landed = browser.url_when(|u| u.starts_with(&shop)).await;
        assert!(landed.starts_with(&shop), "{slug} landed on {landed}");
    }

    // Choosing a campaign narrows the list at once.
    browser.client.goto(&format!("{base}/links")).await.unwrap();
    let campaign = browser
        .client
        .find(Locator::Id("f-campaign"))
        .await
        .unwrap();
    campaign.select_by_value("Soldes").await.unwrap();
    browser.url_when(|u| u.contains("campaign=Soldes")).await;
    let list = browser.text_of("#all-links + p + form + div table").await;
    assert!(
        list.contains("soldes-wa") && list.contains("soldes-mail"),
        "{list}"
    );
    assert!(!list.contains(&format!("{base}/soldes\n")), "{list}");

    // The channel table sorted by clicks: most first, then fewest first.
    let rows = "section[aria-labelledby='t-channels'] tbody tr";
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        browser
            .client
            .goto(&format!("{base}/dashboard"))
            .await
            .unwrap();
        let found = browser.client.find_all(Locator::Css(rows)).await.unwrap();
        let mut text = String::new();
        for row in &found {
            text.push_str(&row.text().await.unwrap());
        }
        // French names the built-in channel "E-mail".
        if text.contains("WhatsApp") && text.contains("E-mail") && text.contains('2') {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the clicks never reached the table: {text}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let header = "section[aria-labelledby='t-channels'] th:nth-child(3) button.sort";
    browser.click(header).await;
    assert!(browser.text_of(rows).await.starts_with("E-mail"));
    let th = "section[aria-labelledby='t-channels'] th:nth-child(3)";
    let order = browser.client.find(Locator::Css(th)).await.unwrap();
    assert_eq!(
        order.attr("aria-sort").await.unwrap().as_deref(),
        Some("descending")
    );
    browser.click(header).await;
    assert!(browser.text_of(rows).await.starts_with("WhatsApp"));
    assert_eq!(
        order.attr("aria-sort").await.unwrap().as_deref(),
        Some("ascending")
    );
    browser.close().await;
    running.stop().await;
}
