//! The base URL short links are made with: a server on every interface with none set is
//! told about it (log and web UI) rather than refused, as the Docker image must start.

use lanterne::auth::Role;

use crate::both;
use crate::helpers::process::Server;
use crate::helpers::{Backend, TestApp, forget_database, fresh_database, serve_args};

const UNREACHABLE_EN: &str = "Short links point at http://0.0.0.0:";
const UNREACHABLE_FR: &str = "Les liens courts pointent vers http://0.0.0.0:";

async fn on_every_interface_without_a_base_url_admins_are_warned(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    let mut args = serve_args();
    args.listen = "0.0.0.0:0".parse().unwrap();
    let app = TestApp::spawn_on(&database_url, args).await;
    let (_, link) = app
        .api(
            reqwest::Method::POST,
            "/links",
            Some(serde_json::json!({ "url": "https://example.org/" })),
        )
        .await;
    assert!(
        link["short_url"]
            .as_str()
            .unwrap()
            .starts_with("http://0.0.0.0:")
    );
    let admin = app.signed_in("ada@example.com", Role::Admin).await;
    for path in ["/links", "/dashboard", "/settings/users"] {
        let (status, html) = admin.page(path).await;
        assert_eq!(status, 200, "{path}");
        assert!(html.contains(UNREACHABLE_EN), "{path}: {html}");
        assert!(html.contains("LANTERNE_BASE_URL"), "{path}");
    }
    let (_, html) = admin.page_in("fr", "/links").await;
    assert!(html.contains(UNREACHABLE_FR), "{html}");
    // Only admins can do something about it.
    let marketer = app.signed_in("mark@example.com", Role::Marketer).await;
    let (_, html) = marketer.page("/links").await;
    assert!(!html.contains(UNREACHABLE_EN));
    app.stop().await;
    forget_database(&database_url).await;
}
both!(
    on_every_interface_without_a_base_url_admins_are_warned,
    backend
);

async fn a_reachable_base_url_brings_no_warning(app: &TestApp) {
    let admin = app.signed_in("ada@example.com", Role::Admin).await;
    let (_, html) = admin.page("/links").await;
    assert!(!html.contains(UNREACHABLE_EN));
    assert!(!html.contains("LANTERNE_BASE_URL"));
}
both!(a_reachable_base_url_brings_no_warning);

/// The process as Docker runs it: it starts, and its log says what is wrong and what to set.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_every_interface_without_a_base_url_the_start_logs_a_warning() {
    let database_url = fresh_database(Backend::Sqlite).await.unwrap();
    let server = Server::start_on("0.0.0.0", &database_url, &[], true).await;
    let logs = server.stop();
    assert!(
        logs.contains("short links will point at http://0.0.0.0:")
            && logs.contains("an address no visitor can reach: set LANTERNE_BASE_URL"),
        "{logs}"
    );
    let reachable = Server::start(&database_url, &[], true).await;
    let logs = reachable.stop();
    assert!(!logs.contains("LANTERNE_BASE_URL"), "{logs}");
    forget_database(&database_url).await;
}

/// `lanterne --base-url VALUE` (or `LANTERNE_BASE_URL`): what it says on standard error, for a
/// value it refuses before it opens anything.
fn refused_base_url(value: &str, by_env: bool) -> String {
    let dir = std::env::temp_dir();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_lanterne"));
    if by_env {
        command.env("LANTERNE_BASE_URL", value);
    } else {
        command.args(["--base-url", value]);
    }
    let output = command
        .arg("serve")
        .current_dir(&dir)
        .env("DATABASE_URL", "sqlite://never-made-by-a-base-url-test.db")
        .env("LANTERNE_LISTEN", "127.0.0.1:0")
        .env_remove("RUST_BACKTRACE")
        .output()
        .unwrap();
    assert!(!output.status.success(), "{value} was accepted");
    assert!(!dir.join("never-made-by-a-base-url-test.db").exists());
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_base_url_that_cannot_make_short_urls_stops_the_start_with_why() {
    for (value, why) in [
        (
            "ftp://x.example",
            "must start with http:// or https://, not ftp:",
        ),
        (
            "https://go.agence.fr/sub/path?x=1",
            "may not have a query (?…) or a fragment (#…)",
        ),
        (
            "https://go.agence.fr/sub/path",
            "has a path (/sub/path): Lanterne serves its short links at the root of a host",
        ),
        ("https://go.agence.fr/#x", "or a fragment"),
        ("not-a-url", "is not an absolute URL"),
    ] {
        for by_env in [false, true] {
            let said = refused_base_url(value, by_env);
            assert!(said.contains("--base-url"), "{said}");
            assert!(said.contains(why), "{value}: {said}");
        }
    }
}
