//! `lanterne export` read back by `lanterne import csv` (and its JSON by `lanterne import
//! json`) into a fresh database, and `lanterne backup` taken while hits are being written.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use lanterne::config::ExportFormat;
use lanterne::db::Db;
use lanterne::domains::Domain;
use lanterne::export;
use lanterne::i18n::Message;
use lanterne::import::{self, Format, ImportOptions, Problem};
use lanterne::links::Link;
use lanterne::links::options::LinkOptions;
use serde_json::{Value, json};

use crate::both;
use crate::helpers::{Backend, TestApp, count, forget_database, fresh_database};
use crate::import::lanterne_on;

/// What an import can carry over of a link: domain, slug, URL, campaign, channel, tags,
/// creation.
type Carried = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Vec<String>,
    i64,
);

fn carried_one(link: &Link) -> Carried {
    let l = link.clone();
    (
        l.spec.domain,
        l.spec.slug,
        l.spec.url,
        l.spec.campaign,
        l.spec.channel,
        l.spec.tags,
        l.created_at,
    )
}

/// What Lanterne's exports (CSV or JSON) carry over besides: whether the link is on, its
/// options.
fn whole(links: &[Link]) -> Vec<(Carried, bool, LinkOptions)> {
    let mut links: Vec<_> = links
        .iter()
        .map(|l| (carried_one(l), l.enabled, l.spec.options.clone()))
        .collect();
    links.sort_by(|a, b| a.0.cmp(&b.0));
    links
}

/// The link `slug` with every option set (and `fields` besides, or instead).
async fn create_with_every_option(app: &TestApp, slug: &str, fields: Value) {
    let mut link = json!({
        "url": format!("https://example.org/{slug}"), "slug": slug,
        "preview": {"title": "Soldes, deux jours", "description": "Vite \"ici\"", "image": "https://cdn.example/d.png"},
        "starts_at": "2030-01-01T00:00:00Z", "expires_at": "2031-01-01T00:00:00Z",
        "expired_url": "https://example.org/late", "max_clicks": 40,
        "rules": [{"device": "ios", "url": "https://example.org/ios"}, {"country": "FR", "url": "https://example.org/fr"}],
        "variants": [{"url": "https://example.org/x", "weight": 3}, {"url": "https://example.org/y", "weight": 1}]
    });
    let Value::Object(fields) = fields else {
        panic!("fields are an object: {fields}");
    };
    link.as_object_mut().unwrap().extend(fields);
    app.create_link(link).await;
}

/// The link `d` with every option set (and `fields` besides, or instead), and the link `off`,
/// turned off.
async fn create_d_and_off(app: &TestApp, fields: Value) {
    create_with_every_option(app, "d", fields).await;
    app.create_link(json!({ "url": "https://example.org/off", "slug": "off" }))
        .await;
    app.turn_off("off").await;
}

async fn an_export_imports_into_a_fresh_database_as_the_same_links(app: &TestApp) {
    app.create_link(json!({
        "url": "https://example.org/a?x=1,2", "slug": "a", "campaign": "Soldes d'été",
        "channel": "newsletter", "tags": ["promo", "été"]
    }))
    .await;
    app.create_link(json!({ "url": "https://example.org/b", "slug": "b", "tags": ["x"] }))
        .await;
    app.create_link(
        json!({ "url": "https://example.org/c", "expires_at": "2031-01-01T00:00:00Z" }),
    )
    .await;
    app.add_domain("go.example", None).await;
    app.create_link(
        json!({ "url": "https://example.org/branded-a", "slug": "a", "domain": "go.example" }),
    )
    .await;
    create_d_and_off(app, json!({ "password": "secret-d" })).await;
    create_with_every_option(app, "e", json!({})).await;
    app.get("/a").await;
    app.wait_for_hits("a", 1).await;
    let db = Db::connect(&app.database_url).await.unwrap();
    let links = export::all_links(&db).await.unwrap();
    db.close().await;

    let base = "https://sho.rt";
    let json: Value =
        serde_json::from_slice(&export::write(&links, ExportFormat::Json, base).unwrap()).unwrap();
    let exported = |slug: &str| {
        json.as_array()
            .unwrap()
            .iter()
            .find(|l| l["slug"] == slug && l["domain"] == "sho.rt")
            .unwrap()
            .clone()
    };
    let a = exported("a");
    assert_eq!(
        (&a["hits"], &a["campaign"]),
        (&json!(1), &json!("Soldes d'été"))
    );
    let branded = json
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["domain"] == "go.example");
    assert_eq!(branded.unwrap()["url"], "https://example.org/branded-a");
    assert_eq!(a["password_protected"], false);
    // The options as the API shows them, the password only as whether there is one.
    let d = exported("d");
    let api = app.link("d").await;
    for field in [
        "preview",
        "starts_at",
        "expires_at",
        "expired_url",
        "max_clicks",
        "password_protected",
        "rules",
        "variants",
    ] {
        assert_eq!(d[field], api[field], "{field}: {d}");
    }
    assert_eq!(d["password_protected"], true);

    let csv = export::write(&links, ExportFormat::Csv, base).unwrap();
    let text = String::from_utf8(csv.clone()).unwrap();
    assert!(!text.contains("secret-d"), "never the password: {text}");
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let cell = |slug: &str, column: &str| -> String {
        let at = header.iter().position(|h| h == column).unwrap();
        let row = rows.iter().find(|r| &r[0] == slug).unwrap();
        row[at].to_owned()
    };
    for (column, value) in [
        ("preview_title", "Soldes, deux jours"),
        ("preview_description", "Vite \"ici\""),
        ("preview_image", "https://cdn.example/d.png"),
        ("starts_at", "2030-01-01T00:00:00.000Z"),
        ("expires_at", "2031-01-01T00:00:00.000Z"),
        ("expired_url", "https://example.org/late"),
        ("max_clicks", "40"),
        ("password_protected", "true"),
        (
            "rules",
            r#"[{"device":"ios","url":"https://example.org/ios"},{"country":"FR","url":"https://example.org/fr"}]"#,
        ),
        (
            "variants",
            r#"[{"url":"https://example.org/x","weight":3},{"url":"https://example.org/y","weight":1}]"#,
        ),
    ] {
        assert_eq!(cell("d", column), value, "{column}");
    }
    for column in ["preview_title", "max_clicks", "rules", "variants"] {
        assert_eq!(cell("b", column), "", "a plain link's {column}");
    }
    assert_eq!(cell("b", "password_protected"), "false");
    assert_eq!(
        (cell("b", "enabled"), cell("off", "enabled")),
        ("true".into(), "false".into())
    );
    // The host its short URL is on, the base URL's too, as the API gives it.
    assert_eq!(cell("b", "domain"), "sho.rt");

    let fresh_url = fresh_with_go_example(app).await;
    let fresh = Db::connect(&fresh_url).await.unwrap();
    let rows = import::read(Format::Csv, &csv).unwrap();
    // The Links page's download in French (';', a byte order mark) reads as the same rows.
    let spreadsheet = export::csv_for_spreadsheet(&links, base, b';', true).unwrap();
    assert_eq!(import::read(Format::Csv, &spreadsheet).unwrap(), rows);
    // Read back by a server on the same base URL, as a backup is restored: the base URL's
    // host is its own, so those links go back on it.
    let options = ImportOptions {
        base_url: "https://sho.rt".into(),
        ..ImportOptions::default()
    };
    let d_line = text.lines().position(|l| l.starts_with("d,")).unwrap() as u64 + 1;
    let plan = import::check(&fresh, rows, &options).await.unwrap();
    let summary = import::apply(&fresh, plan, &|_| {}).await.unwrap();
    // The password is not in the file: the protected link is refused by its line rather
    // than imported open, as from the JSON export.
    assert_eq!(summary.created, 6, "{summary:?}");
    assert_eq!(
        summary.problems,
        [Problem {
            line: d_line,
            reason: Message::new("refusal-import-password")
        }]
    );
    let imported = export::all_links(&fresh).await.unwrap().links;
    let mut moved = links.links.clone();
    moved.retain(|l| l.spec.slug != "d");
    let imported = whole(&imported);
    assert_eq!(imported, whole(&moved));
    let off = imported.iter().find(|l| l.0.1 == "off").unwrap();
    assert!(!off.1, "the link turned off is imported off");
    let e = imported.iter().find(|l| l.0.1 == "e").unwrap();
    assert_eq!(
        (e.2.rules.len(), e.2.variants.len(), e.2.max_clicks),
        (2, 2, Some(40)),
        "the options come back with the link: {e:?}"
    );
    fresh.close().await;
    forget_database(&fresh_url).await;
}
both!(an_export_imports_into_a_fresh_database_as_the_same_links);

/// A fresh database of `app`'s backend, with the branded domain `go.example` registered.
async fn fresh_with_go_example(app: &TestApp) -> String {
    let backend = if app.database_url.starts_with("sqlite") {
        Backend::Sqlite
    } else {
        Backend::Postgres
    };
    let fresh_url = fresh_database(backend).await.unwrap();
    let fresh = Db::connect(&fresh_url).await.unwrap();
    let domain = Domain {
        host: "go.example".into(),
        root_url: None,
        created_at: 0,
    };
    assert!(fresh.insert_domain(&domain).await.unwrap());
    fresh.close().await;
    fresh_url
}

/// The commands as an operator moves links between two servers on one base URL: every link
/// comes back with its options and its off state, but one a password protects, which no
/// export carries, and which is reported by its line rather than imported open.
async fn a_json_export_imports_into_a_fresh_database_with_its_options(app: &TestApp) {
    app.add_domain("go.example", None).await;
    app.create_link(json!({
        "url": "https://example.org/a", "slug": "a", "campaign": "Soldes d'été",
        "channel": "newsletter", "tags": ["promo", "été"]
    }))
    .await;
    app.create_link(json!({
        "url": "https://example.org/branded-a", "slug": "a", "domain": "go.example",
        "channel": "whatsapp", "max_clicks": 3
    }))
    .await;
    create_d_and_off(
        app,
        json!({ "campaign": "Soldes d'été", "expires_at": "2031-01-01T00:00:00.250Z" }),
    )
    .await;
    app.create_link(
        json!({ "url": "https://example.org/s", "slug": "secret", "password": "secret-s" }),
    )
    .await;
    app.get("/a").await;
    app.wait_for_hits("a", 1).await;

    let file = std::env::temp_dir().join(format!("export-{}.json", app.addr.port()));
    let file = file.to_str().unwrap();
    let base = ["--base-url", "https://sho.rt"];
    let export = ["export", "--format", "json", "--output", file];
    let (ok, said) = lanterne_on(&app.database_url, &[&export[..], &base].concat());
    assert!(ok, "{said}");
    let text = std::fs::read_to_string(file).unwrap();
    assert!(!text.contains("secret-s"), "never the password: {text}");
    // Pretty-printed: each link's object opens on the line before its slug's.
    let secret_line = text
        .lines()
        .position(|l| l.contains("\"slug\": \"secret\""))
        .unwrap();

    let fresh_url = fresh_with_go_example(app).await;
    let (ok, said) = lanterne_on(&fresh_url, &[&["import", "json", file][..], &base].concat());
    assert!(!ok, "the password's row fails the command: {said}");
    assert!(
        said.contains("Imported 4 links; 0 unchanged; 1 not imported."),
        "{said}"
    );
    assert!(
        said.contains(&format!(
            "line {secret_line}: a password protects this link, and an export never holds it"
        )),
        "{said}"
    );
    let db = Db::connect(&app.database_url).await.unwrap();
    let mut exported = export::all_links(&db).await.unwrap().links;
    db.close().await;
    exported.retain(|l| l.spec.slug != "secret");
    let fresh = Db::connect(&fresh_url).await.unwrap();
    let imported = export::all_links(&fresh).await.unwrap().links;
    fresh.close().await;
    let imported = whole(&imported);
    assert_eq!(imported, whole(&exported));
    let d = imported.iter().find(|l| l.0.1 == "d").unwrap();
    assert_eq!(
        (d.2.rules.len(), d.2.variants.len(), d.2.max_clicks),
        (2, 2, Some(40)),
        "{d:?}"
    );
    assert!(!imported.iter().find(|l| l.0.1 == "off").unwrap().1);

    // The same export chosen as Lanterne's CSV is read as what it is: nothing changes.
    let (_, said) = lanterne_on(&fresh_url, &[&["import", "csv", file][..], &base].concat());
    assert!(
        said.contains("Imported 0 links; 4 unchanged; 1 not imported."),
        "{said}"
    );
    std::fs::remove_file(file).unwrap();
    forget_database(&fresh_url).await;
}
both!(a_json_export_imports_into_a_fresh_database_with_its_options);

async fn a_backup_taken_under_load_holds_every_hit_written_before_it(app: &TestApp) {
    app.create_link(json!({ "url": "https://example.org/busy", "slug": "busy" }))
        .await;
    let copy = std::env::temp_dir().join(format!("backup-{}.db", app.addr.port()));
    let db = Db::connect(&app.database_url).await.unwrap();
    if matches!(db, Db::Postgres(_)) {
        let refused = db.backup_into(&copy).await.unwrap_err().to_string();
        assert!(refused.contains("docs/reliability.md"), "{refused}");
        db.close().await;
        return;
    }
    let stop = Arc::new(AtomicBool::new(false));
    let load = tokio::spawn({
        let (http, url, stop) = (app.http.clone(), app.url("/busy"), stop.clone());
        async move {
            while !stop.load(Ordering::Relaxed) {
                http.get(&url).send().await.unwrap();
            }
        }
    });
    let hits = "SELECT COUNT(*) FROM hits";
    let deadline = Instant::now() + Duration::from_secs(30);
    while count(&app.database_url, hits).await < 50 {
        assert!(
            Instant::now() < deadline,
            "the load's hits were not written"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let before = count(&app.database_url, hits).await;
    db.backup_into(&copy).await.unwrap();
    let after = count(&app.database_url, hits).await;
    stop.store(true, Ordering::Relaxed);
    load.await.unwrap();
    db.close().await;

    let copy_url = format!("sqlite://{}", copy.display());
    let pool = sqlx::SqlitePool::connect(&copy_url).await.unwrap();
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(check, "ok");
    let copied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM hits")
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    let copied = copied as u64;
    assert!(
        before <= copied && copied <= after,
        "{before} <= {copied} <= {after}"
    );
    let again = Db::connect(&app.database_url).await.unwrap();
    let refused = again.backup_into(&copy).await.unwrap_err().to_string();
    assert!(refused.contains("exists already"), "{refused}");
    again.close().await;
    let _ = std::fs::remove_file(&copy);
}
both!(a_backup_taken_under_load_holds_every_hit_written_before_it);

/// The 1-based line of the first line of `text` that `starts` (CSV: a link's row) or, for
/// the JSON export, of the object that holds it (pretty-printed, its `{` is the line before
/// its slug's).
fn line_of(text: &str, found: impl Fn(&str) -> bool) -> u64 {
    text.lines().position(found).unwrap() as u64 + 1
}

/// An export edited and imported again, as either file: a row that now gives its link other
/// options (or another on state, campaign or tags) is reported by its line and its link left
/// as it is; the untouched export, and files that carry none of those, import as unchanged.
async fn a_re_imported_export_reports_the_links_whose_options_it_changed(app: &TestApp) {
    create_d_and_off(
        app,
        json!({ "campaign": "Soldes", "channel": "newsletter", "tags": ["promo"] }),
    )
    .await;
    app.create_link(json!({ "url": "https://example.org/b", "slug": "b", "tags": ["x"] }))
        .await;
    let base = ["--base-url", "https://sho.rt"];
    for format in ["csv", "json"] {
        let file = std::env::temp_dir().join(format!("reimport-{}.{format}", app.addr.port()));
        let file = file.to_str().unwrap();
        let export = ["export", "--format", format, "--output", file];
        let (ok, said) = lanterne_on(&app.database_url, &[&export[..], &base].concat());
        assert!(ok, "{said}");
        let import = [&["import", format, file][..], &base].concat();
        let (ok, said) = lanterne_on(&app.database_url, &import);
        assert!(
            ok && said.contains("Imported 0 links; 3 unchanged; 0 not imported."),
            "{format}, untouched: {said}"
        );

        let text = std::fs::read_to_string(file).unwrap();
        let (edited, expected) = if format == "csv" {
            let edited = text
                .replace(",40,false,", ",50,false,")
                .replace("sho.rt,false,", "sho.rt,true,")
                .replace(",,,x,", ",,,x|y,");
            let line = |slug: &str| line_of(&text, |l| l.starts_with(&format!("{slug},")));
            let expected = [
                (line("d"), "d", "max_clicks"),
                (line("off"), "off", "enabled"),
                (line("b"), "b", "tags"),
            ];
            (edited, expected)
        } else {
            let edited = text
                .replace("\"max_clicks\": 40", "\"max_clicks\": 50")
                .replace("\"enabled\": false", "\"enabled\": true")
                .replace("\"campaign\": \"Soldes\"", "\"campaign\": \"Hiver\"");
            let line =
                |slug: &str| line_of(&text, |l| l.contains(&format!("\"slug\": \"{slug}\""))) - 1;
            let expected = [
                (line("d"), "d", "campaign, max_clicks"),
                (line("off"), "off", "enabled"),
                (line("b"), "b", ""),
            ];
            (edited, expected)
        };
        assert_ne!(edited, text, "{format}: the edits apply");
        std::fs::write(file, &edited).unwrap();
        let (ok, said) = lanterne_on(&app.database_url, &import);
        assert!(!ok, "{format}: a refused row fails the command: {said}");
        let refused = expected.iter().filter(|e| !e.2.is_empty()).count();
        let summary = format!(
            "Imported 0 links; {} unchanged; {refused} not imported.",
            3 - refused
        );
        assert!(said.contains(&summary), "{format}: {summary}: {said}");
        for (line, slug, fields) in expected.iter().filter(|e| !e.2.is_empty()) {
            let problem = format!(
                "line {line}: the slug \"{slug}\" already exists with different options ({fields}): not changed"
            );
            assert!(said.contains(&problem), "{format}: {problem}: {said}");
        }
        std::fs::remove_file(file).unwrap();
    }
    let d = app.link("d").await;
    assert_eq!(
        (&d["max_clicks"], &d["campaign"]),
        (&json!(40), &json!("Soldes")),
        "left as it was: {d}"
    );
    assert_eq!(app.link("off").await["enabled"], false);
    assert_eq!(app.link("b").await["tags"], json!(["x"]));

    // Files that carry only the URL and slug say nothing of the options: unchanged.
    for (format, name, text) in [
        ("csv", "plain.csv", "slug,url\nd,https://example.org/d\n"),
        (
            "json",
            "plain.json",
            "[{\"slug\": \"d\", \"url\": \"https://example.org/d\"}]\n",
        ),
    ] {
        let file = std::env::temp_dir().join(format!("reimport-{}-{name}", app.addr.port()));
        std::fs::write(&file, text).unwrap();
        let file = file.to_str().unwrap();
        let (ok, said) = lanterne_on(
            &app.database_url,
            &[&["import", format, file][..], &base].concat(),
        );
        assert!(
            ok && said.contains("Imported 0 links; 1 unchanged; 0 not imported."),
            "{name}: {said}"
        );
        std::fs::remove_file(file).unwrap();
    }
}
both!(a_re_imported_export_reports_the_links_whose_options_it_changed);
