//! Why a delivery failed, kept as a code and its parameters: the API gives the code beside an
//! English description, Settings → Webhooks says it in the page's language, and the English
//! texts older versions stored are read by migration 0033 or shown as recorded.

use reqwest::Method;
use serde_json::{Value, json};

use crate::both;
use crate::helpers::receiver::Receiver;
use crate::helpers::{Backend, TestApp, fresh_database};
use crate::webhooks::{app_allowing_private, listed_once, subscribe};

const FRENCH: &str = "fr-FR,fr;q=0.9";

/// Runs `sql` (statements with no result) on the app's database.
async fn run_sql(app: &TestApp, sql: String) {
    let db = lanterne::db::Db::connect(&app.database_url).await.unwrap();
    let sql = sqlx::AssertSqlSafe(sql);
    match &db {
        lanterne::db::Db::Sqlite(pool, _) => sqlx::raw_sql(sql).execute(pool).await.map(drop),
        lanterne::db::Db::Postgres(pool) => sqlx::raw_sql(sql).execute(pool).await.map(drop),
    }
    .unwrap();
    db.close().await;
}

/// `last_error` and `last_failure` of every delivery, oldest first, as stored.
async fn stored(app: &TestApp) -> Vec<(Option<String>, Option<String>)> {
    let db = lanterne::db::Db::connect(&app.database_url).await.unwrap();
    let sql = "SELECT last_error, last_failure FROM webhook_deliveries ORDER BY id";
    let rows = match &db {
        lanterne::db::Db::Sqlite(pool, _) => sqlx::query_as(sql).fetch_all(pool).await,
        lanterne::db::Db::Postgres(pool) => sqlx::query_as(sql).fetch_all(pool).await,
    }
    .unwrap();
    db.close().await;
    rows
}

/// The Settings → Webhooks page in French, as an admin sees it.
async fn french_page(app: &TestApp) -> String {
    let admin = app
        .signed_in("admin@example.org", lanterne::auth::Role::Admin)
        .await;
    let (status, page) = admin.page_in(FRENCH, "/settings/webhooks").await;
    assert_eq!(status, 200, "{page}");
    page
}

/// A receiver that answers 500 to everything: its failure is stored as its code and the
/// receiver's status (no English sentence in the row), listed by the API with `error_code`, and
/// said in French on a French page. Once the subscription is turned off, a delivery that was
/// never tried says it was given up before any attempt, not that a request failed.
async fn a_failure_is_stored_as_its_code_and_said_in_the_page_s_language(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    // Retries a minute apart: no delivery is tried again while the test runs.
    let app = app_allowing_private(&database_url, 60_000).await;
    let receiver = Receiver::start(usize::MAX).await;
    let hook = subscribe(&app, &receiver.url, &["link.created"]).await;
    let id = hook["id"].as_i64().unwrap();
    app.create_link(json!({ "url": "https://example.org/a", "slug": "first" }))
        .await;
    let list = listed_once(&app, "tried", |hook| hook["deliveries"][0]["attempts"] == 1).await;
    let delivery = &list["webhooks"][0]["deliveries"][0];
    assert_eq!(
        (
            &delivery["error_code"],
            &delivery["last_status"],
            &delivery["last_error"]
        ),
        (
            &json!("http_status"),
            &json!(500),
            &json!("the receiver answered with an error (HTTP 500)")
        ),
        "{delivery}"
    );
    assert_eq!(
        stored(&app).await,
        [(
            None,
            Some(r#"{"code":"http_status","status":500}"#.to_owned())
        )]
    );
    let page = french_page(&app).await;
    assert!(
        page.contains("<td>le destinataire a répondu par une erreur (HTTP 500)</td>"),
        "{page}"
    );
    assert!(!page.contains("the receiver answered"), "{page}");

    // An event queued but not tried yet (due in an hour) when a day of failures ends.
    let now = lanterne::clock::now_ms();
    run_sql(
        &app,
        format!(
            "INSERT INTO webhook_deliveries (webhook_id, event_id, event, data, created_at, next_at) \
             VALUES ({id}, 'evt_untried', 'link.created', '{{\"link\":{{\"slug\":\"later\"}}}}', {now}, {})",
            now + 3_600_000
        ),
    )
    .await;
    let a_day_ago = now - 86_400_000 - 60_000;
    run_sql(
        &app,
        format!("UPDATE webhooks SET failing_since = {a_day_ago}"),
    )
    .await;
    app.create_link(json!({ "url": "https://example.org/b", "slug": "second" }))
        .await;
    let list = listed_once(&app, "turned off", |hook| hook["enabled"] == false).await;
    let deliveries = list["webhooks"][0]["deliveries"].as_array().unwrap();
    let said: Vec<(&Value, &Value, &Value)> = deliveries
        .iter()
        .map(|d| (&d["state"], &d["error_code"], &d["last_error"]))
        .collect();
    let given_up = " (given up: the subscription was turned off after a day of failures)";
    let failed = json!("failed");
    assert_eq!(
        said,
        [
            (
                &failed,
                &json!("http_status"),
                &json!(format!(
                    "the receiver answered with an error (HTTP 500){given_up}"
                ))
            ),
            (
                &failed,
                &Value::Null,
                &json!(
                    "given up before any attempt: the subscription was turned off after a day of failures"
                )
            ),
            (
                &failed,
                &json!("http_status"),
                &json!(format!(
                    "the receiver answered with an error (HTTP 500){given_up}"
                ))
            ),
        ],
        "{list}"
    );
    let page = french_page(&app).await;
    assert!(
        page.contains(
            "<td>abandonné avant toute tentative\u{a0}: l’abonnement a été désactivé après une journée d’échecs</td>"
        ),
        "{page}"
    );
    assert!(
        page.contains(
            "<td>le destinataire a répondu par une erreur (HTTP 500) (abandonné\u{a0}: l’abonnement a été désactivé après une journée d’échecs)</td>"
        ),
        "{page}"
    );
    assert!(
        !page.contains("la requête n’a pas pu être envoyée"),
        "no request was sent for the untried one: {page}"
    );
    // The API's document describes the code.
    let document: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let code = &document["components"]["schemas"]["DeliveryView"]["properties"]["error_code"];
    assert!(
        code["description"]
            .as_str()
            .is_some_and(|d| d.contains("`http_status`")),
        "{code}"
    );
    app.stop().await;
    crate::helpers::forget_database(&database_url).await;
}
both!(
    a_failure_is_stored_as_its_code_and_said_in_the_page_s_language,
    backend
);

/// Deliveries an older version recorded with its English texts: migration 0033 reads its fixed
/// forms into their codes (and its "turned off" suffix into the given-up mark), on both
/// backends; the rest stays, shown as recorded and said to be so.
async fn an_older_version_s_english_errors_are_read_into_codes_or_shown_as_recorded(
    backend: Backend,
) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    let app = app_allowing_private(&database_url, 60_000).await;
    let receiver = Receiver::start(0).await;
    let hook = subscribe(&app, &receiver.url, &["link.deleted"]).await;
    let id = hook["id"].as_i64().unwrap();
    let suffix = " (subscription turned off after a day of failures)";
    let connect = "error sending request for url (http://127.0.0.1:9/hook): client error (Connect): tcp connect error: Connection refused (os error 111)";
    let closed = "error sending request for url (http://127.0.0.1:9/hook): connection closed before message completed";
    // Oldest first; (last_status, last_error) as an older version wrote them.
    let older: [(Option<i32>, String); 8] = [
        (
            Some(500),
            format!("the receiver answered 500 Internal Server Error{suffix}"),
        ),
        (None, "no answer within 10 s".into()),
        (None, format!("could not connect: {connect}")),
        (None, "10.0.0.8 is a private or loopback address".into()),
        (None, "the subscription is turned off".into()),
        (None, "the URL is not valid: invalid IPv6 address".into()),
        (None, suffix.into()),
        (None, closed.into()),
    ];
    let now = lanterne::clock::now_ms();
    let rows: Vec<String> = older
        .iter()
        .enumerate()
        .map(|(n, (status, error))| {
            let status = status.map_or("NULL".to_owned(), |s| s.to_string());
            format!("({id}, 'evt_{n}', 'link.deleted', '{{}}', {now}, {now}, 'failed', 1, {status}, '{error}', {now})")
        })
        .collect();
    let insert = format!(
        "INSERT INTO webhook_deliveries (webhook_id, event_id, event, data, created_at, next_at, \
         state, attempts, last_status, last_error, done_at) VALUES {}",
        rows.join(", ")
    );
    run_sql(&app, insert).await;
    let migration = match backend {
        Backend::Sqlite => include_str!("../../migrations/sqlite/0033_webhook_failure_codes.sql"),
        Backend::Postgres => {
            include_str!("../../migrations/postgres/0033_webhook_failure_codes.sql")
        }
    };
    let updates = &migration[migration.find("UPDATE webhook_deliveries").unwrap()..];
    run_sql(&app, updates.to_owned()).await;

    let (_, list) = app.api(Method::GET, "/webhooks", None).await;
    let deliveries = list["webhooks"][0]["deliveries"].as_array().unwrap();
    let mut said: Vec<(&Value, &Value)> = deliveries
        .iter()
        .map(|d| (&d["error_code"], &d["last_error"]))
        .collect();
    said.reverse();
    let given_up = "given up: the subscription was turned off after a day of failures";
    assert_eq!(
        said,
        [
            (
                &json!("http_status"),
                &json!(format!(
                    "the receiver answered with an error (HTTP 500) ({given_up})"
                ))
            ),
            (&json!("timeout"), &json!("no answer within 10 s")),
            (
                &json!("connect"),
                &json!(format!("could not connect to the receiver: {connect}"))
            ),
            (
                &json!("private_address"),
                &json!("10.0.0.8 is a private or loopback address")
            ),
            (
                &json!("turned_off"),
                &json!("the subscription is turned off")
            ),
            (
                &json!("bad_url"),
                &json!("the URL is not valid: invalid IPv6 address")
            ),
            (
                &Value::Null,
                &json!(
                    "given up before any attempt: the subscription was turned off after a day of failures"
                )
            ),
            (&Value::Null, &json!(closed)),
        ],
        "{list}"
    );

    let page = french_page(&app).await;
    for french in [
        "le destinataire a répondu par une erreur (HTTP 500) (abandonné\u{a0}: l’abonnement a été désactivé après une journée d’échecs)",
        "aucune réponse en 10\u{a0}s",
        "connexion impossible au destinataire",
        "10.0.0.8 est une adresse privée ou locale",
        "l’abonnement est désactivé",
        "l’URL n’est pas valide",
        "abandonné avant toute tentative\u{a0}: l’abonnement a été désactivé après une journée d’échecs",
        &format!("{closed} (en anglais, enregistré par une version antérieure)"),
    ] {
        assert!(
            page.contains(&format!("<td>{french}</td>")),
            "{french}: {page}"
        );
    }
    app.stop().await;
    crate::helpers::forget_database(&database_url).await;
}
both!(
    an_older_version_s_english_errors_are_read_into_codes_or_shown_as_recorded,
    backend
);
