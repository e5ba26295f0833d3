//! `LANTERNE_BLOCKED_DOMAINS` as operators write it (a URL, a trailing `/`, `*.`, an accented
//! name), for new links and for the links made before a domain was blocked.

use serde_json::json;

use crate::both;
use crate::helpers::process::{Server, create_token};
use crate::helpers::{Backend, TestApp, client, forget_database, fresh_database};

/// A link's slug and destination.
const LINKS: [(&str, &str); 4] = [
    ("ok1", "https://x.com/"),
    ("sub1", "https://www.x.com/a"),
    ("idn1", "https://café.fr/menu"),
    ("fine", "https://example.org/"),
];

async fn links_made_before_their_domain_was_blocked_answer_410(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    let token = create_token(&database_url).await;
    let http = client();
    let before = Server::start(&database_url, &[], false).await;
    for (slug, url) in LINKS {
        let made = http
            .post(format!("{}/api/v1/links", before.base))
            .bearer_auth(&token)
            .json(&json!({ "url": url, "slug": slug }))
            .send()
            .await
            .unwrap();
        assert_eq!(made.status(), 201, "{slug}");
    }
    before.stop();

    let blocked = [("LANTERNE_BLOCKED_DOMAINS", "https://x.com/, *.café.fr")];
    let after = Server::start(&database_url, &blocked, true).await;
    for (slug, _) in &LINKS[..3] {
        let answer = http
            .get(format!("{}/{slug}", after.base))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 410, "{slug}");
    }
    let answer = http
        .get(format!("{}/fine", after.base))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 302);
    let refused = http
        .post(format!("{}/api/v1/links", after.base))
        .bearer_auth(&token)
        .json(&json!({ "url": "https://shop.café.fr/" }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let logs = after.stop();
    assert!(
        logs.contains(
            "3 links point at a domain of LANTERNE_BLOCKED_DOMAINS and answer 410 Gone: ok1, sub1, idn1;"
        ),
        "{logs}"
    );
    forget_database(&database_url).await;
}
both!(
    links_made_before_their_domain_was_blocked_answer_410,
    backend
);

/// `lanterne import csv FILE --dry-run` with `LANTERNE_BLOCKED_DOMAINS=list`: its summary line.
fn dry_run(app: &TestApp, file: &std::path::Path, list: &str) -> String {
    let done = std::process::Command::new(env!("CARGO_BIN_EXE_lanterne"))
        .args(["import", "csv", "--dry-run"])
        .arg(file)
        .env("DATABASE_URL", &app.database_url)
        .env("LANTERNE_BLOCKED_DOMAINS", list)
        .env("RUST_LOG", "warn")
        .env_remove("RUST_BACKTRACE")
        .output()
        .unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&done.stdout),
        String::from_utf8_lossy(&done.stderr)
    )
}

async fn an_import_refuses_blocked_domains_however_they_are_written(app: &TestApp) {
    let file = std::env::temp_dir().join(format!("blocked-{}.csv", app.addr.port()));
    std::fs::write(
        &file,
        "url,slug\nhttps://bad.org/z,u1\nhttps://café.fr/x,idn1\nhttps://www.bad.org/y,w1\nhttps://fine.org/,ok\n",
    )
    .unwrap();
    for list in [
        "https://bad.org/,café.fr",
        "bad.org/, *.CAFÉ.fr",
        "*.bad.org,https://xn--caf-dma.fr",
    ] {
        let said = dry_run(app, &file, list);
        assert!(
            said.contains("Would import 1 link; 0 unchanged; 3 not imported."),
            "{list}: {said}"
        );
    }
    let said = dry_run(app, &file, "bad.org/phishing");
    assert!(
        said.contains("\"bad.org/phishing\": whole domains are blocked, not pages: write bad.org"),
        "{said}"
    );
    let said = dry_run(app, &file, "bad org");
    assert!(said.contains("\"bad org\" is not a domain name"), "{said}");
    std::fs::remove_file(file).unwrap();
}
both!(an_import_refuses_blocked_domains_however_they_are_written);
