//! "Send a test event": one subscription gets a signed `webhook.test` at once, through the API
//! or Settings → Webhooks, and its delivery is listed with its status like any other.

use std::time::{Duration, Instant};

use lanterne::auth::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::both;
use crate::helpers::receiver::Receiver;
use crate::helpers::{Backend, TestApp, fresh_database};
use crate::webhooks::{app_allowing_private, listed_once, subscribe};

/// The latest deliveries of the subscription `id`, once `done` holds of them (within 20 s).
async fn deliveries_once(app: &TestApp, id: i64, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (_, list) = app.api(Method::GET, "/webhooks", None).await;
        let hooks = list["webhooks"].as_array().unwrap();
        let hook = hooks.iter().find(|h| h["id"] == id).expect("listed");
        let deliveries = hook["deliveries"].as_array().unwrap().clone();
        if done(&deliveries) {
            return deliveries;
        }
        assert!(Instant::now() < deadline, "{list}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A receiver that fails its first request: the first test is listed as failed with the
/// receiver's status, waiting for its back-off (a minute here); a second test goes out at once
/// all the same, and both are signed with the subscription's secret.
async fn the_api_sends_one_subscription_a_signed_test_event_at_once(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    let app = app_allowing_private(&database_url, 60_000).await;
    let receiver = Receiver::start(1).await;
    // Subscribed to clicks only: a test goes whatever events a subscription takes.
    let hook = subscribe(&app, &receiver.url, &["click"]).await;
    let (id, secret) = (
        hook["id"].as_i64().unwrap(),
        hook["secret"].as_str().unwrap(),
    );
    let other = Receiver::start(0).await;
    let other_hook = subscribe(&app, &other.url, &["click"]).await;

    let path = format!("/webhooks/{id}/test");
    let (status, queued) = app.api(Method::POST, &path, None).await;
    assert_eq!(status, 202, "{queued}");
    assert_eq!(queued["event"], "webhook.test", "{queued}");
    assert_eq!(
        (&queued["state"], &queued["attempts"]),
        (&json!("pending"), &json!(0))
    );
    let first_id = queued["event_id"].as_str().unwrap().to_owned();
    assert!(first_id.starts_with("evt_"), "{queued}");

    let received = receiver.wait_for("the first test", |r| !r.is_empty()).await;
    let body = received[0].json();
    assert!(received[0].signed_with(secret), "{received:?}");
    assert!(!received[0].signed_with("whsec_another"));
    assert_eq!(body["id"], first_id.as_str());
    assert_eq!(body["type"], "webhook.test");
    assert_eq!(
        body["data"],
        json!({ "webhook": { "id": id, "url": receiver.url, "events": ["click"] } })
    );
    // Listed like any other delivery: the receiver's 500, and a next attempt after the back-off.
    let deliveries = deliveries_once(&app, id, |d| d.iter().any(|d| d["attempts"] == 1)).await;
    let failed = &deliveries[0];
    assert_eq!(failed["event_id"], first_id.as_str(), "{deliveries:?}");
    assert_eq!(failed["state"], "pending", "{failed}");
    assert_eq!(failed["last_status"], 500, "{failed}");
    assert_eq!(
        (&failed["error_code"], &failed["last_error"]),
        (
            &json!("http_status"),
            &json!("the receiver answered with an error (HTTP 500)")
        ),
        "{failed}"
    );

    // A second test is due at once, not after the minute the first one waits.
    let started = Instant::now();
    let (status, queued) = app.api(Method::POST, &path, None).await;
    assert_eq!(status, 202, "{queued}");
    let second_id = queued["event_id"].as_str().unwrap().to_owned();
    assert_ne!(second_id, first_id);
    let taken = receiver.wait_for("the second test", |r| r.len() >= 2).await;
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(taken[1].answered, 200);
    assert_eq!(taken[1].json()["id"], second_id.as_str());
    assert!(taken[1].signed_with(secret), "{taken:?}");
    let deliveries = deliveries_once(&app, id, |d| d[0]["state"] == "delivered").await;
    assert_eq!(
        deliveries[0]["event_id"],
        second_id.as_str(),
        "{deliveries:?}"
    );
    assert_eq!(deliveries[0]["last_status"], 200);

    // The other subscription got nothing.
    let other_id = other_hook["id"].as_i64().unwrap();
    assert_eq!(
        deliveries_once(&app, other_id, |_| true).await,
        Vec::<Value>::new()
    );
    assert!(other.received().is_empty());

    // An id that names no subscription, one that is no number, and a token that is no admin's.
    let (status, body) = app.api(Method::POST, "/webhooks/999/test", None).await;
    assert_eq!(status, 404);
    assert_eq!(
        body,
        json!({ "error": "there is no webhook with the id 999" })
    );
    let (status, body) = app.api(Method::POST, "/webhooks/x/test", None).await;
    assert_eq!(status, 400, "{body}");
    let marketer = app.token_with_role(Role::Marketer).await;
    let (status, body) = app.api_as(&marketer, Method::POST, &path, None).await;
    assert_eq!(status, 403);
    assert_eq!(body["error"], "only admin tokens may test webhooks");
    assert_eq!(receiver.received().len(), 2, "nothing more sent");

    // The document has the operation, and subscribing leads to it.
    let document: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let operation = &document["paths"]["/api/v1/webhooks/{id}/test"]["post"];
    assert_eq!(operation["operationId"], "sendWebhookTest", "{operation}");
    let responses = &operation["responses"];
    assert!(
        responses["202"].is_object() && responses["404"].is_object(),
        "{operation}"
    );
    let link =
        &document["paths"]["/api/v1/webhooks"]["post"]["responses"]["201"]["links"]["sendTest"];
    assert_eq!(link["parameters"]["id"], "$response.body#/id", "{link}");
    app.stop().await;
    crate::helpers::forget_database(&database_url).await;
}
both!(
    the_api_sends_one_subscription_a_signed_test_event_at_once,
    backend
);

/// Settings → Webhooks: each subscription has its "Send a test event" form; posting it (with
/// the session's CSRF token) says the event is queued, the receiver gets it signed, and the
/// delivery shows in the subscription's list. A forged token, a non-admin and an unknown id
/// are refused; French pages say it in French.
async fn the_settings_page_sends_a_test_event(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    let app = app_allowing_private(&database_url, 50).await;
    let receiver = Receiver::start(0).await;
    let hook = subscribe(&app, &receiver.url, &["link.deleted"]).await;
    let (id, secret) = (
        hook["id"].as_i64().unwrap(),
        hook["secret"].as_str().unwrap(),
    );
    let admin = app.signed_in("admin@example.org", Role::Admin).await;
    let action = format!("/settings/webhooks/{id}/test");

    let (_, html) = admin.page("/settings/webhooks").await;
    assert!(
        html.contains(&format!(r#"action="{action}""#)) && html.contains("Send a test event"),
        "{html}"
    );
    let forged = admin.post(&action, &[("csrf", "forged")]).await;
    assert_eq!(forged.status(), 403);
    let marketer = app.signed_in("marketer@example.org", Role::Marketer).await;
    marketer
        .assert_refused(&action, &[], 403, "Only admins manage webhooks")
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        receiver.received().is_empty(),
        "a refused form sends nothing"
    );

    let (status, html) = admin.submit(&action, &[]).await;
    assert_eq!(status, 200);
    assert!(
        html.contains(&format!(
            "A test event (webhook.test) is queued for {} and goes out at once",
            receiver.url
        )),
        "{html}"
    );
    let received = receiver.wait_for("the test", |r| !r.is_empty()).await;
    assert!(received[0].signed_with(secret), "{received:?}");
    assert_eq!(received[0].json()["type"], "webhook.test");
    let deadline = Instant::now() + Duration::from_secs(20);
    let html = loop {
        let (_, html) = admin.page("/settings/webhooks").await;
        if html.contains("<td>delivered</td>") {
            break html;
        }
        assert!(Instant::now() < deadline, "{html}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(html.contains("<code>webhook.test</code>"), "{html}");
    assert!(
        !html.contains("A test event (webhook.test)"),
        "the flash is shown once: {html}"
    );

    let french = "fr-FR,fr;q=0.9";
    let (_, page) = admin.page_in(french, "/settings/webhooks").await;
    assert!(page.contains("Envoyer un test"), "{page}");
    let response = admin.post_in(french, &action, &[]).await;
    assert_eq!(response.status(), 303);
    let (_, page) = admin.page_in(french, "/settings/webhooks").await;
    assert!(
        page.contains(&format!(
            "Un événement de test (webhook.test) est en file d’attente pour {}",
            receiver.url
        )),
        "{page}"
    );
    receiver.wait_for("the second test", |r| r.len() >= 2).await;

    admin
        .assert_refused(
            "/settings/webhooks/999/test",
            &[],
            404,
            "There is no webhook with the id 999",
        )
        .await;
    admin
        .assert_refused(
            "/settings/webhooks/abc/test",
            &[],
            404,
            "There is no such webhook",
        )
        .await;
    app.stop().await;
    crate::helpers::forget_database(&database_url).await;
}
both!(the_settings_page_sends_a_test_event, backend);

/// A receiver that answers 500 to everything. A test's failure is listed on its delivery with
/// the receiver's answer, but the subscription is not failing for it; a day into failures of
/// real events, a test that fails does not turn it off either, and the next real failure does.
async fn a_failing_test_event_does_not_count_toward_turning_a_subscription_off(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    // Retries a minute apart: no delivery is tried again while the test runs.
    let app = app_allowing_private(&database_url, 60_000).await;
    let receiver = Receiver::start(usize::MAX).await;
    let hook = subscribe(&app, &receiver.url, &["link.created"]).await;
    let (id, test) = (
        hook["id"].as_i64().unwrap(),
        format!("/webhooks/{}/test", hook["id"]),
    );
    let tried = |n: usize| move |d: &[Value]| d.iter().filter(|d| d["attempts"] == 1).count() == n;

    let (status, _) = app.api(Method::POST, &test, None).await;
    assert_eq!(status, 202);
    let deliveries = deliveries_once(&app, id, tried(1)).await;
    assert_eq!(
        (&deliveries[0]["last_status"], &deliveries[0]["last_error"]),
        (
            &json!(500),
            &json!("the receiver answered with an error (HTTP 500)")
        ),
        "the failure is reported: {deliveries:?}"
    );
    let (_, list) = app.api(Method::GET, "/webhooks", None).await;
    let listed = &list["webhooks"][0];
    assert_eq!(
        (&listed["enabled"], &listed["failing_since"]),
        (&json!(true), &Value::Null),
        "a test's failure starts no day of failures: {list}"
    );

    // A real event fails, and its first failure is moved a day back.
    app.create_link(json!({ "url": "https://example.org/a", "slug": "first" }))
        .await;
    listed_once(&app, "failing", |hook| hook["failing_since"].is_string()).await;
    let db = lanterne::db::Db::connect(&database_url).await.unwrap();
    let a_day_ago = lanterne::clock::now_ms() - 86_400_000 - 60_000;
    let moved = format!("UPDATE webhooks SET failing_since = {a_day_ago}");
    crate::helpers::execute(&db, moved.leak()).await;
    db.close().await;
    let (status, _) = app.api(Method::POST, &test, None).await;
    assert_eq!(status, 202);
    deliveries_once(&app, id, tried(3)).await;
    let (_, list) = app.api(Method::GET, "/webhooks", None).await;
    assert_eq!(list["webhooks"][0]["enabled"], true, "{list}");

    app.create_link(json!({ "url": "https://example.org/b", "slug": "second" }))
        .await;
    let list = listed_once(&app, "turned off", |hook| hook["enabled"] == false).await;
    let deliveries = list["webhooks"][0]["deliveries"].as_array().unwrap();
    assert!(
        deliveries.iter().all(|d| d["state"] == "failed"),
        "{deliveries:?}"
    );
    app.stop().await;
    crate::helpers::forget_database(&database_url).await;
}
both!(
    a_failing_test_event_does_not_count_toward_turning_a_subscription_off,
    backend
);

/// A receiver that answers 500 once, then 200: a real event's failure starts the
/// subscription's failures; a test sent to the mended receiver succeeds but leaves them as they
/// are (a test says nothing of the real deliveries' health, either way); the real delivery,
/// tried again and taken, clears them.
async fn a_test_event_that_succeeds_leaves_the_real_deliveries_failing(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    // Retries a minute apart: the real delivery waits until "Try again now".
    let app = app_allowing_private(&database_url, 60_000).await;
    let receiver = Receiver::start(1).await;
    let hook = subscribe(&app, &receiver.url, &["link.created"]).await;
    let id = hook["id"].as_i64().unwrap();
    app.create_link(json!({ "url": "https://example.org/a", "slug": "first" }))
        .await;
    let list = listed_once(&app, "failing", |hook| hook["failing_since"].is_string()).await;
    let since = list["webhooks"][0]["failing_since"].clone();

    let (status, _) = app
        .api(Method::POST, &format!("/webhooks/{id}/test"), None)
        .await;
    assert_eq!(status, 202);
    let deliveries = deliveries_once(&app, id, |d| d[0]["state"] == "delivered").await;
    assert_eq!(deliveries[0]["event"], "webhook.test", "{deliveries:?}");
    assert_eq!(deliveries[1]["state"], "pending", "{deliveries:?}");
    let (_, list) = app.api(Method::GET, "/webhooks", None).await;
    assert_eq!(
        list["webhooks"][0]["failing_since"], since,
        "a test's success clears no failure of the real deliveries: {list}"
    );

    let admin = app.signed_in("admin@example.org", Role::Admin).await;
    let (status, _) = admin
        .submit(&format!("/settings/webhooks/{id}/retry"), &[])
        .await;
    assert_eq!(status, 200);
    let list = listed_once(&app, "mended", |hook| hook["failing_since"].is_null()).await;
    let deliveries = list["webhooks"][0]["deliveries"].as_array().unwrap();
    assert!(
        deliveries.iter().all(|d| d["state"] == "delivered"),
        "{deliveries:?}"
    );
    app.stop().await;
    crate::helpers::forget_database(&database_url).await;
}
both!(
    a_test_event_that_succeeds_leaves_the_real_deliveries_failing,
    backend
);
