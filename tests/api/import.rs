//! `lanterne import`: each format's fixture (tests/fixtures/import/, written from the
//! columns each tool's export has) imported with its slugs, a second time with no change,
//! its bad rows reported by line; the command's exit status and summary.

use lanterne::db::Db;
use lanterne::import::{self, Format, ImportOptions, Summary};
use serde_json::json;

use crate::both;
use crate::helpers::TestApp;

/// A fixture: its format, file, the links it holds (slug, destination) and the lines of its
/// bad rows (a slug taken by another destination, an invalid URL).
struct Fixture {
    format: Format,
    file: &'static str,
    links: &'static [(&'static str, &'static str)],
    bad_lines: &'static [u64],
}

const FIXTURES: [Fixture; 6] = [
    Fixture {
        format: Format::Csv,
        file: "lanterne.csv",
        links: &[
            ("spring", "https://example.org/spring"),
            ("summer", "https://example.org/summer"),
        ],
        bad_lines: &[4, 5],
    },
    Fixture {
        format: Format::Bitly,
        file: "bitly.csv",
        links: &[
            ("3bTl1Ya", "https://example.org/bitly/one"),
            ("bitly-two", "https://example.org/bitly/two"),
            ("bitly-three", "https://example.org/bitly/three"),
        ],
        bad_lines: &[5, 6],
    },
    Fixture {
        format: Format::Shlink,
        file: "shlink.csv",
        links: &[
            ("shl-one", "https://example.org/shlink/one"),
            ("shl-two", "https://example.org/shlink/two"),
            ("shl-three", "https://example.org/shlink/three"),
        ],
        bad_lines: &[5, 6],
    },
    Fixture {
        format: Format::Yourls,
        file: "yourls.csv",
        links: &[
            ("yourls-one", "https://example.org/yourls/one"),
            ("yourls-two", "https://example.org/yourls/two"),
            ("yourls-three", "https://example.org/yourls/three"),
        ],
        bad_lines: &[5, 6],
    },
    Fixture {
        format: Format::Kutt,
        file: "kutt.json",
        links: &[
            ("kutt-one", "https://example.org/kutt/one"),
            ("kutt-two", "https://example.org/kutt/two"),
            ("kutt-three", "https://example.org/kutt/three"),
        ],
        bad_lines: &[47, 60],
    },
    Fixture {
        format: Format::Dub,
        file: "dub.csv",
        links: &[
            ("dub-one", "https://example.org/dub/one"),
            ("dub-two", "https://example.org/dub/two"),
            ("dub-three", "https://example.org/dub/three"),
        ],
        bad_lines: &[5, 6],
    },
];

pub fn fixture(file: &str) -> String {
    format!(
        "{}/tests/fixtures/import/{file}",
        env!("CARGO_MANIFEST_DIR")
    )
}

async fn import_file(db: &Db, format: Format, file: &str) -> Summary {
    let rows = import::read(format, &std::fs::read(fixture(file)).unwrap()).unwrap();
    let options = ImportOptions {
        base_url: "http://127.0.0.1".into(),
        ..ImportOptions::default()
    };
    let plan = import::check(db, rows, &options).await.unwrap();
    import::apply(db, plan, &|_| {}).await.unwrap()
}

async fn each_format_s_fixture_imports_with_its_slugs_once(app: &TestApp) {
    app.create_link(json!({ "url": "https://example.org/elsewhere", "slug": "taken" }))
        .await;
    let db = Db::connect(&app.database_url).await.unwrap();
    for fixture in &FIXTURES {
        let name = fixture.file;
        // The unslugged row of Lanterne's CSV is a link too, under a random slug.
        let links = fixture.links.len() + usize::from(fixture.format == Format::Csv);
        let first = import_file(&db, fixture.format, name).await;
        let lines: Vec<u64> = first.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, fixture.bad_lines, "{name}: {:?}", first.problems);
        assert!(
            first.problems[0]
                .reason
                .english()
                .contains("taken by another destination"),
            "{name}"
        );
        assert_eq!((first.created, first.unchanged), (links, 0), "{name}");
        for (slug, url) in fixture.links {
            let answer = app.get(&format!("/{slug}")).await;
            assert_eq!(answer.status(), 302, "{name}: /{slug}");
            assert_eq!(answer.headers()["location"], url, "{name}: /{slug}");
        }
        let second = import_file(&db, fixture.format, name).await;
        assert_eq!((second.created, second.unchanged), (0, links), "{name}");
        assert_eq!(second.problems, first.problems, "{name}");
    }
    let spring = app.link("spring").await;
    assert_eq!(
        (&spring["campaign"], &spring["channel"], &spring["tags"]),
        (
            &json!("Soldes"),
            &json!("newsletter"),
            &json!(["promo", "spring"])
        )
    );
    assert_eq!(
        spring["created_at"], "2025-03-01T09:00:00.000Z",
        "the file's creation date"
    );
    let url = app.link("taken").await["url"].clone();
    assert_eq!(
        url, "https://example.org/elsewhere",
        "a taken slug is left alone"
    );
    db.close().await;
}
both!(each_format_s_fixture_imports_with_its_slugs_once);

/// The command itself: a summary, each problem by line, exit status 1 when a row failed.
async fn the_command_reports_problems_by_line_and_fails(app: &TestApp) {
    app.create_link(json!({ "url": "https://example.org/elsewhere", "slug": "taken" }))
        .await;
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_lanterne"))
            .args([
                "import",
                "csv",
                &fixture("lanterne.csv"),
                "--campaign",
                "moved",
            ])
            .env("DATABASE_URL", &app.database_url)
            .env("RUST_LOG", "warn")
            .output()
            .unwrap()
    };
    let first = run();
    let (out, err) = (
        String::from_utf8_lossy(&first.stdout),
        String::from_utf8_lossy(&first.stderr),
    );
    assert!(!first.status.success(), "a failed row fails the command");
    assert!(
        out.contains("Imported 3 links; 0 unchanged; 2 not imported."),
        "{out}"
    );
    assert!(
        err.contains("line 4: the slug \"taken\" is taken by another destination"),
        "{err}"
    );
    assert!(err.contains("line 5: the URL must be absolute"), "{err}");
    let answer = app.get("/summer").await;
    assert_eq!(answer.headers()["location"], "https://example.org/summer");
    assert_eq!(
        app.link("summer").await["campaign"],
        "Soldes",
        "the row's own campaign wins"
    );
    let second = run();
    let out = String::from_utf8_lossy(&second.stdout);
    assert!(
        out.contains("Imported 0 links; 3 unchanged; 2 not imported."),
        "{out}"
    );

    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_lanterne"))
        .args([
            "import",
            "csv",
            &fixture("lanterne.csv"),
            "--domain",
            "go.example",
        ])
        .env("DATABASE_URL", &app.database_url)
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("--domain: \"go.example\" is not a registered domain: add it first"),
        "{err}"
    );
}
both!(the_command_reports_problems_by_line_and_fails);

/// `lanterne import csv FILE [--domain HOST]` with `DATABASE_URL` of `app`: its exit status,
/// standard output and error.
fn import_command(app: &TestApp, file: &std::path::Path, domain: Option<&str>) -> (bool, String) {
    let mut args = vec!["import", "csv", file.to_str().unwrap()];
    if let Some(domain) = domain {
        args.extend(["--domain", domain]);
    }
    lanterne_on(&app.database_url, &args)
}

/// `lanterne ARGS` with `DATABASE_URL`: its exit status, and its standard output then error.
pub fn lanterne_on(database_url: &str, args: &[&str]) -> (bool, String) {
    let done = std::process::Command::new(env!("CARGO_BIN_EXE_lanterne"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&done.stdout),
        String::from_utf8_lossy(&done.stderr)
    );
    (done.status.success(), said)
}

/// Lanterne's JSON export cut short (or a CSV chosen as it) is refused whole, saying where
/// and what it is not; in a whole export, each link that cannot be imported is reported by
/// the line its object opens on, and the others go in as they were.
async fn a_broken_json_export_is_refused_and_its_bad_links_reported_by_line(app: &TestApp) {
    app.add_domain("go.example", None).await;
    let file = |name: &str, text: &str| {
        let path = std::env::temp_dir().join(format!("import-{}-{name}", app.addr.port()));
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let cut = file(
        "cut.json",
        "[\n  {\n    \"slug\": \"cut\",\n    \"url\": \"https://example.org/cut\",\n",
    );
    let (ok, said) = lanterne_on(&app.database_url, &["import", "json", &cut]);
    assert!(!ok);
    assert!(
        said.contains(
            "Error: Lanterne's JSON export cannot be read from line 5, column 0: is the file whole?"
        ),
        "{said}"
    );
    let (status, _) = app.api(reqwest::Method::GET, "/links/cut", None).await;
    assert_eq!(status, 404, "nothing of a broken file is imported");
    let csv = file("links.csv", "url,slug\nhttps://example.org/c,c\n");
    let (ok, said) = lanterne_on(&app.database_url, &["import", "json", &csv]);
    assert!(
        !ok && said.contains("Error: the file is not Lanterne's JSON export"),
        "{said}"
    );

    let links = file(
        "links.json",
        r#"[
  {"slug": "good", "url": "https://example.org/good", "enabled": false, "max_clicks": 5,
   "hits": 12, "password_protected": false},
  {"slug": "count", "url": "https://example.org/count", "max_clicks": "forty"},
  {"slug": "pigeon", "url": "https://example.org/pigeon", "channel": "pigeon"},
  {"slug": "ruled", "url": "https://example.org/ruled",
   "rules": [{"device": "ios", "url": "https://go.example/loop"}]},
  "https://example.org/not-a-link",
  {"slug": "split", "url": "https://example.org/split",
   "variants": [{"url": "https://example.org/v", "weight": 1}]},
  {"slug": "late", "url": "https://example.org/late", "expires_at": "next week"}
]
"#,
    );
    let (ok, said) = lanterne_on(&app.database_url, &["import", "json", &links]);
    assert!(!ok, "{said}");
    for expected in [
        "Imported 1 link; 0 unchanged; 6 not imported.",
        "line 4: max_clicks: invalid type: string \"forty\", expected i64",
        "line 5: the channel \"pigeon\" is not in the catalogue",
        "line 6: rule 1: links to go.example are not allowed",
        "line 8: this element of the list is not a link",
        "line 9: an A/B split needs at least two variants",
        "line 11: expires_at is not a time",
    ] {
        assert!(said.contains(expected), "{expected}: {said}");
    }
    let good = app.link("good").await;
    assert_eq!(
        (&good["enabled"], &good["max_clicks"]),
        (&json!(false), &json!(5)),
        "{good}"
    );
    assert_eq!(app.get("/good").await.status(), 410, "turned off");
    for path in [cut, csv, links] {
        std::fs::remove_file(path).unwrap();
    }
}
both!(a_broken_json_export_is_refused_and_its_bad_links_reported_by_line);

/// A file of `lines` in the temporary directory, named after the test's server.
fn csv_file(app: &TestApp, name: &str, lines: &[&str]) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("import-{}-{name}.csv", app.addr.port()));
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

/// Lanterne's CSV export says whether each link is on and whether a password protects it: a
/// link exported off is imported off, and one a password protects is refused by its line
/// rather than imported open (the file never holds the password), as from the JSON export,
/// whatever letter case a spreadsheet re-saved the values in.
async fn a_csv_export_s_off_and_protected_links_are_not_imported_open(app: &TestApp) {
    let file = csv_file(
        app,
        "states",
        &[
            "slug,url,enabled,hits,password_protected",
            "on,https://example.org/on,true,3,false",
            "off,https://example.org/off,false,0,false",
            "shouted,https://example.org/shouted,FALSE,0,FALSE",
            "secret,https://example.org/secret,true,9,true",
            "unsure,https://example.org/unsure,true,0,yes",
            "plain,https://example.org/plain,,,",
        ],
    );
    let (ok, said) = import_command(app, &file, None);
    assert!(!ok, "{said}");
    for expected in [
        "Imported 4 links; 0 unchanged; 2 not imported.",
        "line 5: a password protects this link, and an export never holds it",
        "line 6: password_protected: expected true or false, not the text \"yes\"",
    ] {
        assert!(said.contains(expected), "{expected}: {said}");
    }
    for (slug, status) in [
        ("on", 302),
        ("off", 410),
        ("shouted", 410),
        ("plain", 302),
        ("secret", 404),
        ("unsure", 404),
    ] {
        assert_eq!(
            app.get(&format!("/{slug}")).await.status(),
            status,
            "{slug}"
        );
    }
    assert_eq!(app.link("off").await["enabled"], false);
    let (_, said) = import_command(app, &file, None);
    assert!(
        said.contains("Imported 0 links; 4 unchanged; 2 not imported."),
        "{said}"
    );
    std::fs::remove_file(file).unwrap();
}
both!(a_csv_export_s_off_and_protected_links_are_not_imported_open);

async fn one_slug_imported_on_two_domains_goes_to_two_destinations_by_host(app: &TestApp) {
    app.add_domain("go.example", None).await;
    let plain = csv_file(
        app,
        "plain",
        &["url,slug", "https://example.org/plain,same"],
    );
    let posters = csv_file(
        app,
        "posters",
        &[
            "url,slug",
            "https://example.org/branded,same",
            "https://example.org/poster,poster",
        ],
    );
    let cells = csv_file(
        app,
        "cells",
        &[
            "url,slug,domain",
            "https://example.org/cell,cell,GO.example",
            "https://example.org/base-cell,cell,",
            "https://example.org/lost,lost,nowhere.example",
            "https://go.example/same,loop,",
        ],
    );
    let (ok, said) = import_command(app, &plain, None);
    assert!(
        ok && said.contains("Imported 1 link; 0 unchanged"),
        "{said}"
    );
    let (ok, said) = import_command(app, &posters, Some("Go.Example."));
    assert!(
        ok && said.contains("Imported 2 links; 0 unchanged"),
        "{said}"
    );
    let (ok, said) = import_command(app, &cells, None);
    assert!(
        !ok && said.contains("Imported 2 links; 0 unchanged; 2 not imported."),
        "{said}"
    );
    assert!(
        said.contains("line 4: \"nowhere.example\" is not a registered domain: add it first"),
        "{said}"
    );
    assert!(
        said.contains(
            "line 5: links to go.example are not allowed: it is one of this server's domains"
        ),
        "{said}"
    );

    for (host, path, to) in [
        ("go.example", "/same", "https://example.org/branded"),
        ("go.example", "/poster", "https://example.org/poster"),
        ("go.example", "/cell", "https://example.org/cell"),
        (&app.addr.to_string(), "/same", "https://example.org/plain"),
        (
            &app.addr.to_string(),
            "/cell",
            "https://example.org/base-cell",
        ),
    ] {
        let answer = app.get_on(host, path).await;
        assert_eq!(answer.status(), 302, "{host}{path}");
        assert_eq!(answer.headers()["location"], to, "{host}{path}");
    }
    assert_eq!(app.get("/poster").await.status(), 404, "only on go.example");

    // Idempotent per (domain, slug): every file again changes nothing.
    let (ok, said) = import_command(app, &posters, Some("go.example"));
    assert!(
        ok && said.contains("Imported 0 links; 2 unchanged"),
        "{said}"
    );
    let (_, said) = import_command(app, &cells, None);
    assert!(
        said.contains("Imported 0 links; 2 unchanged; 2 not imported."),
        "{said}"
    );
    let (ok, said) = import_command(app, &plain, Some("go.example"));
    assert!(!ok, "{said}");
    assert!(
        said.contains("line 2: the slug \"same\" on go.example is taken by another destination (https://example.org/branded)"),
        "{said}"
    );
    for file in [plain, posters, cells] {
        std::fs::remove_file(file).unwrap();
    }
}
both!(one_slug_imported_on_two_domains_goes_to_two_destinations_by_host);

/// An imported link keeps its tool's creation date, and takes its place by it: last in the
/// links list's newest first, first in the export's oldest first. The API pages by storage
/// order (its cursor is an id), so there the import comes first. Every export row writes its
/// date in one shape.
async fn imported_links_take_their_place_by_creation_date(app: &TestApp) {
    app.create_link(json!({ "url": "https://example.org/fresh", "slug": "fresh" }))
        .await;
    let db = Db::connect(&app.database_url).await.unwrap();
    import_file(&db, Format::Csv, "lanterne.csv").await;
    let slugs = |links: &[lanterne::links::Link]| -> Vec<String> {
        links.iter().map(|l| l.spec.slug.clone()).collect()
    };

    let newest = db
        .list_links(&lanterne::links::LinkFilter {
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(slugs(&newest).last().map(String::as_str), Some("spring"));
    let exported = lanterne::export::all_links(&db).await.unwrap();
    assert_eq!(slugs(&exported.links)[0], "spring");
    let csv = lanterne::export::write(
        &exported,
        lanterne::config::ExportFormat::Csv,
        "http://127.0.0.1",
    )
    .unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.contains(",2025-03-01T09:00:00.000Z,"), "{csv}");

    let (_, listed) = app.api(reqwest::Method::GET, "/links", None).await;
    let api: Vec<&str> = listed["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["slug"].as_str().unwrap())
        .collect();
    assert_eq!(api.last(), Some(&"fresh"), "{api:?}");
}
both!(imported_links_take_their_place_by_creation_date);

/// The campaigns through the API: (name, links), by name.
async fn campaign_links(app: &TestApp) -> Vec<(String, i64)> {
    let (_, list) = app.api(reqwest::Method::GET, "/campaigns", None).await;
    let mut campaigns: Vec<(String, i64)> = list["campaigns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_owned(),
                c["links"].as_i64().unwrap(),
            )
        })
        .collect();
    campaigns.sort();
    campaigns
}

async fn an_import_joins_campaigns_whatever_their_letter_case(app: &TestApp) {
    app.create_link(
        json!({ "url": "https://example.org/p", "slug": "p0", "campaign": "Printemps 2027" }),
    )
    .await;
    let file = [
        "url,slug,campaign",
        "https://example.org/p,p1,PRINTEMPS 2027",
        "https://example.org/e,e1,Été 2027",
        "https://example.org/e,e2,ÉTÉ 2027",
        "https://example.org/e,e3,été 2027",
        "https://example.org/h,h1,Hiver",
    ];
    let rows = import::read(Format::Csv, (file.join("\n") + "\n").as_bytes()).unwrap();
    let options = ImportOptions {
        base_url: "http://127.0.0.1".into(),
        ..ImportOptions::default()
    };
    let db = Db::connect(&app.database_url).await.unwrap();
    let plan = import::check(&db, rows, &options).await.unwrap();
    // The preview (and --dry-run) shows the campaigns as they will be written.
    let planned: Vec<Option<&str>> = plan.rows.iter().map(|r| r.campaign.as_deref()).collect();
    let (spring, summer) = (Some("Printemps 2027"), Some("Été 2027"));
    assert_eq!(planned, [spring, summer, summer, summer, Some("Hiver")]);
    // Between the check (a preview) and the import, someone names "HIVER" first.
    app.create_link(json!({ "url": "https://example.org/h", "slug": "h0", "campaign": "HIVER" }))
        .await;
    let summary = import::apply(&db, plan, &|_| {}).await.unwrap();
    db.close().await;
    assert_eq!((summary.created, summary.problems), (5, vec![]));
    assert_eq!(
        campaign_links(app).await,
        [
            ("HIVER".to_owned(), 2),
            ("Printemps 2027".to_owned(), 2),
            ("Été 2027".to_owned(), 3),
        ]
    );
    assert_eq!(app.link("p1").await["campaign"], "Printemps 2027");
    assert_eq!(app.link("e3").await["campaign"], "Été 2027");
    assert_eq!(app.link("h1").await["campaign"], "HIVER");
}
both!(an_import_joins_campaigns_whatever_their_letter_case);

/// A channel is stored by its catalogue key, named by key or label; a row naming a channel
/// the catalogue does not have is reported by its line; a link already there is left alone.
async fn an_import_names_channels_as_the_catalogue_keys_them(app: &TestApp) {
    app.create_link(json!({ "url": "https://example.org/old", "slug": "old" }))
        .await;
    let db = Db::connect(&app.database_url).await.unwrap();
    crate::helpers::execute(
        &db,
        "UPDATE links SET channel = 'whatsap' WHERE slug = 'old'",
    )
    .await;
    db.close().await;
    let file = csv_file(
        app,
        "channels",
        &[
            "url,slug,channel",
            "https://example.org/1,ch1,WhatsApp",
            "https://example.org/2,ch2,whatsap",
            "https://example.org/3,ch3,Copy link",
            "https://example.org/old,old,whatsap",
            "https://example.org/4,ch4,",
        ],
    );
    let (ok, said) = import_command(app, &file, None);
    assert!(!ok, "{said}");
    assert!(
        said.contains("Imported 3 links; 1 unchanged; 1 not imported."),
        "{said}"
    );
    assert!(
        said.contains("line 3: the channel \"whatsap\" is not in the catalogue: give one of its keys (whatsapp,"),
        "{said}"
    );
    assert_eq!(app.link("ch1").await["channel"], "whatsapp");
    assert_eq!(app.link("ch3").await["channel"], "copy-link");
    assert_eq!(app.link("ch4").await["channel"], serde_json::Value::Null);
    assert_eq!(app.get("/ch2").await.status(), 404);
    assert_eq!(app.link("old").await["channel"], "whatsap");
}
both!(an_import_names_channels_as_the_catalogue_keys_them);
