//! `lanterne export` read back by `lanterne import csv` into a fresh database, and
//! `lanterne backup` taken while hits are being written.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use lanterne::config::ExportFormat;
use lanterne::db::Db;
use lanterne::domains::Domain;
use lanterne::export;
use lanterne::import::{self, Format, ImportOptions};
use lanterne::links::Link;
use serde_json::{Value, json};

use crate::both;
use crate::helpers::{Backend, TestApp, count, forget_database, fresh_database};

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

fn carried(links: &[Link]) -> Vec<Carried> {
    let mut links: Vec<Carried> = links
        .iter()
        .map(|l| {
            let l = l.clone();
            (
                l.spec.domain,
                l.spec.slug,
                l.spec.url,
                l.spec.campaign,
                l.spec.channel,
                l.spec.tags,
                l.created_at,
            )
        })
        .collect();
    links.sort();
    links
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
    app.create_link(json!({
        "url": "https://example.org/d", "slug": "d",
        "preview": {"title": "Soldes, deux jours", "description": "Vite \"ici\"", "image": "https://cdn.example/d.png"},
        "starts_at": "2030-01-01T00:00:00Z", "expires_at": "2031-01-01T00:00:00Z",
        "expired_url": "https://example.org/late", "max_clicks": 40, "password": "secret-d",
        "rules": [{"device": "ios", "url": "https://example.org/ios"}, {"country": "FR", "url": "https://example.org/fr"}],
        "variants": [{"url": "https://example.org/x", "weight": 3}, {"url": "https://example.org/y", "weight": 1}]
    }))
    .await;
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
    // The host its short URL is on, the base URL's too, as the API gives it.
    assert_eq!(cell("b", "domain"), "sho.rt");

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
    let rows = import::read(Format::Csv, &csv).unwrap();
    // Read back by a server on the same base URL, as a backup is restored: the base URL's
    // host is its own, so those links go back on it.
    let options = ImportOptions {
        base_host: "sho.rt".into(),
        ..ImportOptions::default()
    };
    let plan = import::check(&fresh, rows, &options).await.unwrap();
    let summary = import::apply(&fresh, plan, &|_| {}).await.unwrap();
    assert_eq!(
        (summary.created, summary.problems.len()),
        (5, 0),
        "{summary:?}"
    );
    let imported = export::all_links(&fresh).await.unwrap();
    assert_eq!(carried(&imported), carried(&links));
    fresh.close().await;
    forget_database(&fresh_url).await;
}
both!(an_export_imports_into_a_fresh_database_as_the_same_links);

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
