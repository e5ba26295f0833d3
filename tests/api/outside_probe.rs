//! The smaller holes an outside probe found, each closed: loops through another name of a
//! local server, a `back` field that left the site or answered 500, `null` read as "no
//! change", a number too big for a query answered 400, an account named `@`, and a SQLite
//! file deleted under a running server.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use lanterne::auth::Role;
use lanterne::db::Db;
use reqwest::Method;
use serde_json::json;

use crate::both;
use crate::helpers::{TestApp, fresh_database, metric, serve_args};

/// The tests' server is at `http://127.0.0.1:PORT`: every other name of it is refused, so a
/// link cannot point at another link of the same server (a loop).
async fn a_local_server_refuses_links_to_itself_by_any_name(app: &TestApp) {
    let a = app
        .create_link(json!({ "url": "https://example.com/", "slug": "a" }))
        .await;
    let port = app.addr.port();
    for host in [
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        format!("[::ffff:127.0.0.1]:{port}"),
        format!("0.0.0.0:{port}"),
        format!("127.0.0.2:{port}"),
    ] {
        let body = json!({ "url": format!("http://{host}/a") });
        let (status, error) = app.api(Method::POST, "/links", Some(body)).await;
        assert_eq!(status, 422, "{host}: {error}");
        // Nor can an existing link be turned into the second half of a loop.
        let body = json!({ "url": format!("http://{host}/b") });
        let (status, _) = app.api(Method::PATCH, "/links/a", Some(body)).await;
        assert_eq!(status, 422, "{host}");
    }
    assert_eq!(app.link("a").await["url"], a["url"]);
}
both!(a_local_server_refuses_links_to_itself_by_any_name);

/// `back=/%09/example.org/` reached the browser as `/\t/example.org/`, which it reads as
/// `//example.org/`; `back=/%0d%0a…` answered 500 after the change was saved.
async fn a_back_field_never_leaves_the_site(app: &TestApp) {
    app.create_link(json!({ "url": "https://example.com/", "slug": "toggled" }))
        .await;
    let browser = app.signed_in("mark@example.com", Role::Marketer).await;
    for (back, enabled) in [("/\t/example.org/", "false"), ("/\r\nX-Evil: 1", "true")] {
        let response = browser
            .post(
                "/links/toggled/enabled",
                &[("enabled", enabled), ("back", back)],
            )
            .await;
        assert_eq!(response.status(), 303, "{back:?}");
        assert_eq!(response.headers()["location"], "/links", "{back:?}");
        assert_eq!(
            app.link("toggled").await["enabled"].to_string(),
            enabled,
            "the change is saved"
        );
    }
}
both!(a_back_field_never_leaves_the_site);

/// `null` for a field that cannot be cleared was taken as "no change" and answered 200.
async fn null_for_a_field_that_cannot_be_cleared_is_a_422(app: &TestApp) {
    app.create_link(json!({ "url": "https://example.com/", "slug": "kept", "tags": ["x"] }))
        .await;
    for field in ["url", "enabled"] {
        let (status, error) = app
            .api(Method::PATCH, "/links/kept", Some(json!({ field: null })))
            .await;
        assert_eq!(status, 422, "{field}: {error}");
        assert!(error["error"].as_str().unwrap().contains(field), "{error}");
    }
    // Tags can be cleared, and `null` does.
    let (status, link) = app
        .api(Method::PATCH, "/links/kept", Some(json!({ "tags": null })))
        .await;
    assert_eq!((status, link["tags"].clone()), (200, json!([])));
    assert_eq!(link["url"], "https://example.com/");
}
both!(null_for_a_field_that_cannot_be_cleared_is_a_422);

/// A number that does not fit, or is no number, in a query string is invalid input (422),
/// as in a JSON body; it was a 400.
async fn numbers_out_of_range_in_a_query_are_422(app: &TestApp) {
    for path in [
        "/links?limit=99999999999999999999",
        "/campaigns?limit=1e99",
        "/links?limit=-",
        "/stats?automated=maybe",
    ] {
        let (status, error) = app.api(Method::GET, path, None).await;
        assert_eq!(status, 422, "{path}: {error}");
    }
}
both!(numbers_out_of_range_in_a_query_are_422);

/// `lanterne user create --email @` made an account; the command, the setup page and the
/// users page all add accounts through `users::add`, which refuses it.
async fn an_account_needs_an_email_address(app: &TestApp) {
    let db = Db::connect(&app.database_url).await.unwrap();
    for email in ["@", "a@", "@example.com", "ana example@example.com"] {
        let made =
            lanterne::auth::users::add(&db, email, "a long enough password", Role::Admin).await;
        assert!(made.is_err(), "{email:?} made an account");
    }
    db.close().await;
}
both!(an_account_needs_an_email_address);

/// The SQLite file deleted while the server runs: `/readyz` says so, and hits are kept in
/// the spool rather than written into the deleted file, where they vanished at the stop.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_sqlite_file_is_noticed_and_hits_wait_in_the_spool() {
    let database_url = fresh_database(crate::helpers::Backend::Sqlite)
        .await
        .unwrap();
    let args = serve_args();
    let spool = args.spool_dir.clone();
    let app = TestApp::spawn_on(&database_url, args).await;
    app.create_link(json!({ "url": "https://example.com/", "slug": "gone" }))
        .await;
    assert_eq!(app.get("/gone").await.status(), 302);
    app.wait_for_hits("gone", 1).await;
    assert_eq!(app.get("/readyz").await.status(), 200);

    let file = PathBuf::from(database_url.strip_prefix("sqlite://").unwrap());
    std::fs::remove_file(&file).unwrap();
    for _ in 0..5 {
        assert_eq!(
            app.get("/gone").await.status(),
            302,
            "cached slugs still redirect"
        );
    }
    assert_eq!(app.get("/readyz").await.status(), 503);
    let deadline = Instant::now() + Duration::from_secs(10);
    while metric(&app.base, "lanterne_hits_spooled_total").await < 5 {
        assert!(Instant::now() < deadline, "the hits were not spooled");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(metric(&app.base, "lanterne_hits_stored_total").await, 1);
    app.stop().await;
    let waiting: usize = std::fs::read_dir(&spool)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "jsonl"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap().lines().count())
        .sum();
    assert_eq!(
        waiting, 5,
        "the hits wait in the spool for the file to come back"
    );
}
