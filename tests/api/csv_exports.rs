//! CSV exports: none can run a formula in a spreadsheet (visitors choose their user agent
//! and referrer, marketers their campaign names and tags, so every cell that starts like a
//! formula is written as text, with a leading `'`), and a long one streams in slices.

use lanterne::auth::Role;
use serde_json::json;

use crate::both;
use crate::helpers::TestApp;

const FORMULA_UA: &str = "=HYPERLINK(\"http://evil.example/x\",\"click\")";
const BROWSER_UA: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

/// Every table of the dashboard that downloads as CSV.
const TABLES: [&str; 11] = [
    "channels",
    "themes",
    "campaigns",
    "devices",
    "countries",
    "cities",
    "referrers",
    "platforms",
    "links",
    "days",
    "recent",
];

/// The cells of a CSV body.
fn cells(body: &str) -> Vec<String> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes())
        .records()
        .flat_map(|record| {
            record
                .unwrap()
                .iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// A cell a spreadsheet would evaluate: one that starts with `=`, `+`, `@`, a tab or a
/// carriage return, or with `-` and is not a number.
fn formula_like(cell: &str) -> bool {
    match cell.chars().next() {
        Some('=' | '+' | '@' | '\t' | '\r') => true,
        Some('-') => cell.parse::<f64>().is_err(),
        _ => false,
    }
}

async fn every_csv_export_neutralises_formulas(app: &TestApp) {
    app.create_link(json!({
        "url": "https://example.com/",
        "slug": "evil",
        "campaign": "=HYPERLINK(\"http://evil.example\")",
        "channel": "facebook",
        "tags": ["+1+1", "@sum(1)", "-2+3"],
    }))
    .await;
    // A bot with a formula for a user agent, and people whose referrers look like formulas.
    let visits = [
        (FORMULA_UA, None),
        (BROWSER_UA, Some("-2+3")),
        (BROWSER_UA, Some("=1+1")),
        (BROWSER_UA, Some("https://@evil.example/")),
    ];
    for (user_agent, referrer) in visits {
        let mut request = app
            .http
            .get(app.url("/evil"))
            .header("user-agent", user_agent);
        if let Some(referrer) = referrer {
            request = request.header("referer", referrer);
        }
        assert_eq!(request.send().await.unwrap().status(), 302);
    }
    app.wait_for_hits("evil", visits.len()).await;

    let mut exports = Vec::new();
    let response = app
        .http
        .get(app.url("/api/v1/links/evil/hits?format=csv"))
        .bearer_auth(&app.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    exports.push(("hits".to_owned(), response.text().await.unwrap()));
    let browser = app.signed_in("ana@example.com", Role::Analyst).await;
    for table in TABLES {
        let response = browser
            .get(&format!(
                "/dashboard/export.csv?table={table}&period=7d&link=evil"
            ))
            .await;
        assert_eq!(response.status(), 200, "{table}");
        exports.push((table.to_owned(), response.text().await.unwrap()));
    }

    for (export, body) in &exports {
        for cell in cells(body) {
            assert!(!formula_like(&cell), "{export}: {cell:?}");
        }
    }
    // The values are there, written as text.
    let all: Vec<String> = exports.iter().flat_map(|(_, body)| cells(body)).collect();
    for written in [
        format!("'{FORMULA_UA}"),
        "'=HYPERLINK(\"http://evil.example\")".into(),
        "'+1+1".into(),
        "'@sum(1)".into(),
        "'-2+3".into(),
    ] {
        assert!(
            all.contains(&written),
            "{written} is not in any export: {exports:?}"
        );
    }
}
both!(every_csv_export_neutralises_formulas);

/// A link's hits as CSV, with the `X-Next-Cursor` of the next page.
async fn hits_csv(app: &TestApp, query: &str) -> (Vec<String>, Option<String>) {
    let response = app
        .http
        .get(app.url(&format!("/api/v1/links/many/hits?format=csv&{query}")))
        .bearer_auth(&app.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{query}");
    let next = response
        .headers()
        .get("x-next-cursor")
        .map(|v| v.to_str().unwrap().to_owned());
    let body = response.text().await.unwrap();
    (body.lines().skip(1).map(str::to_owned).collect(), next)
}

/// The hits CSV goes out a thousand hits at a time, and its pages still join up: every hit
/// once, newest first, the next page's cursor known before the first line is sent.
async fn a_long_hits_csv_streams_in_slices_and_pages(app: &TestApp) {
    app.create_link(json!({ "url": "https://example.com/", "slug": "many" }))
        .await;
    let id = app.link_id("many").await;
    let rows: Vec<_> = (0..2_500)
        .map(|i| crate::helpers::hit(id).at(1_700_000_000_000 + i).row())
        .collect();
    app.insert_hits(&rows).await;

    let (first, next) = hits_csv(app, "limit=2400").await;
    assert_eq!(first.len(), 2_400);
    let cursor = next.expect("a full page names the next");
    let (rest, next) = hits_csv(app, &format!("limit=2400&cursor={cursor}")).await;
    assert_eq!(rest.len(), 100);
    assert_eq!(next, None, "the last page names none");
    let times: Vec<&str> = first
        .iter()
        .chain(&rest)
        .map(|line| line.split(',').next().unwrap())
        .collect();
    let mut sorted = times.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    sorted.dedup();
    assert_eq!(sorted.len(), 2_500, "every hit once");
    assert_eq!(times, sorted, "newest first");
}
both!(a_long_hits_csv_streams_in_slices_and_pages);

/// The rows of a CSV file as a spreadsheet of the given separator reads them.
fn sheet(body: &[u8], separator: u8) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(separator)
        .from_reader(body)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

async fn a_french_reader_s_csv_opens_in_french_excel(app: &TestApp) {
    let (status, body) = app
        .api(
            reqwest::Method::POST,
            "/campaigns",
            Some(
                json!({"name": "Soldes d'été", "url": "https://boutique.example/soldes",
                        "channels": ["facebook"]}),
            ),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let slug = body["links"][0]["slug"].as_str().unwrap().to_owned();
    let link = app.link_id(&slug).await;
    let mut rows = crate::helpers::hit(link).times(1);
    rows.extend(crate::helpers::hit(link).source("public").times(1));
    rows.extend(crate::helpers::hit(link).country("CA").times(1));
    app.insert_hits(&rows).await;
    let browser = app.signed_in("agence@example.com", Role::Analyst).await;
    let path = "/dashboard/export.csv?table=channels&period=7d&campaign=Soldes%20d%27%C3%A9t%C3%A9";

    let french = browser
        .request(reqwest::Method::GET, path)
        .header("accept-language", "fr-FR,fr;q=0.9")
        .send()
        .await
        .unwrap();
    assert_eq!(french.status(), 200);
    let name = french.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        name.starts_with("attachment; filename=\"lanterne-channels-2")
            && name.ends_with("-campaign-soldes-d-ete.csv\""),
        "the file says its period and filters: {name}"
    );
    let bytes = french.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let rows = sheet(&bytes[3..], b';');
    assert_eq!(
        rows[0][..4],
        ["Canal", "Portée", "Clics", "Part du dark social"]
    );
    assert_eq!(rows[1][..4], ["Facebook", "public", "3", "0,6667"]);
    // Excel in French reads the share as a number.
    assert!(rows[1][3].replace(',', ".").parse::<f64>().is_ok());

    // In English: what English Excel reads.
    let english = browser.get(path).await.bytes().await.unwrap();
    let rows = sheet(&english, b',');
    assert_eq!(rows[1][..4], ["Facebook", "public", "3", "0.6667"]);

    // Everything at once: one CSV file per table in a zip, in the same dialect.
    let zip = browser
        .request(
            reqwest::Method::GET,
            "/dashboard/export.zip?period=7d&campaign=Soldes%20d%27%C3%A9t%C3%A9",
        )
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap();
    assert_eq!(zip.headers()["content-type"], "application/zip");
    let bytes = zip.bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let names: Vec<String> = archive.file_names().map(str::to_owned).collect();
    assert_eq!(names.len(), 10, "{names:?}");
    for table in &TABLES[..10] {
        assert!(
            names
                .iter()
                .any(|n| n.starts_with(&format!("lanterne-{table}-"))),
            "no {table} in {names:?}"
        );
    }
    let mut countries = String::new();
    let file = names.iter().find(|n| n.contains("countries")).unwrap();
    std::io::Read::read_to_string(&mut archive.by_name(file).unwrap(), &mut countries).unwrap();
    assert!(
        countries.starts_with('\u{feff}') && countries.contains("\nCanada;"),
        "{countries}"
    );
}
both!(a_french_reader_s_csv_opens_in_french_excel);

async fn an_export_that_names_no_table_answers_the_app_s_404_page(app: &TestApp) {
    let browser = app.signed_in("ana@example.com", Role::Analyst).await;
    for path in [
        "/dashboard/export.csv",
        "/dashboard/export.csv?period=7d",
        "/dashboard/export.csv?table=nope",
    ] {
        let (status, html) = browser.page(path).await;
        assert_eq!(status, 404, "{path}: {html}");
        assert!(
            html.contains("There is no such table") && html.contains("<html"),
            "{path}: {html}"
        );
        let (status, french) = browser.page_in("fr-FR,fr;q=0.9", path).await;
        assert_eq!(status, 404, "{path}");
        assert!(
            french.contains("Ce tableau n’existe pas"),
            "{path}: {french}"
        );
        assert!(!french.contains("missing field"), "{path}: {french}");
    }
}
both!(an_export_that_names_no_table_answers_the_app_s_404_page);

/// The rows of one table's CSV in a language, as its spreadsheet reads them.
async fn table_in(
    browser: &crate::helpers::Browser,
    language: &str,
    table: &str,
) -> Vec<Vec<String>> {
    let response = browser
        .request(
            reqwest::Method::GET,
            &format!("/dashboard/export.csv?table={table}&period=7d"),
        )
        .header("accept-language", language)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{table}");
    let bytes = response.bytes().await.unwrap();
    match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(french) => sheet(french, b';'),
        None => sheet(&bytes, b','),
    }
}

/// A client's report made from the French CSV reads as the French page does: the channel,
/// its reach, the device, the country and the platform in French under the French headers;
/// the English CSV in English. Neither carries the keys (`email`, `private`, `desktop`).
async fn the_dashboard_s_csv_names_values_in_the_reader_s_language(app: &TestApp) {
    app.create_link(json!({"url": "https://example.com/", "slug": "nl", "channel": "email"}))
        .await;
    let link = app.link_id("nl").await;
    let mut rows = crate::helpers::hit(link)
        .device("desktop")
        .country("FR")
        .times(2);
    rows.extend(
        crate::helpers::hit(link)
            .kind("preview")
            .platform("whatsapp")
            .times(1),
    );
    app.insert_hits(&rows).await;
    let browser = app.signed_in("agence@example.com", Role::Analyst).await;

    let french = "fr-FR,fr;q=0.9";
    let (_, page) = browser.page_in(french, "/dashboard?period=7d").await;
    for shown in ["E-mail", "privé", "Ordinateur", "France"] {
        assert!(page.contains(shown), "the page says {shown}");
    }
    let channels = table_in(&browser, french, "channels").await;
    assert_eq!(channels[0][..2], ["Canal", "Portée"]);
    assert_eq!(channels[1][..3], ["E-mail", "privé", "2"], "{channels:?}");
    assert_eq!(channels[1][6], "WhatsApp=1", "{channels:?}");
    let devices = table_in(&browser, french, "devices").await;
    assert_eq!(devices[0][0], "Appareil");
    assert!(devices.iter().any(|r| r[0] == "Ordinateur"), "{devices:?}");
    let countries = table_in(&browser, french, "countries").await;
    assert_eq!(countries[0][0], "Pays");
    assert!(countries.iter().any(|r| r[0] == "France"), "{countries:?}");
    let links = table_in(&browser, french, "links").await;
    assert_eq!(links[1][..3], ["nl", "", "E-mail"], "{links:?}");

    let english = "en";
    let channels = table_in(&browser, english, "channels").await;
    assert_eq!(channels[0][..2], ["Channel", "Reach"]);
    assert_eq!(channels[1][..3], ["Email", "private", "2"], "{channels:?}");
    let devices = table_in(&browser, english, "devices").await;
    assert!(devices.iter().any(|r| r[0] == "Desktop"), "{devices:?}");
    let countries = table_in(&browser, english, "countries").await;
    assert!(countries.iter().any(|r| r[0] == "France"), "{countries:?}");

    // No key is left among the values of either language (English says "private" as its
    // key does).
    for (language, keys) in [
        (
            french,
            &["email", "private", "desktop", "FR", "whatsapp=1"][..],
        ),
        (english, &["email", "desktop", "FR", "whatsapp=1"][..]),
    ] {
        for table in ["channels", "devices", "countries", "links"] {
            for cell in table_in(&browser, language, table)
                .await
                .iter()
                .skip(1)
                .flatten()
            {
                assert!(!keys.contains(&cell.as_str()), "{language} {table}: {cell}");
            }
        }
    }
}
both!(the_dashboard_s_csv_names_values_in_the_reader_s_language);
