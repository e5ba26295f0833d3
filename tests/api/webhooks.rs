//! Webhooks over HTTP: subscribing, signed deliveries to a receiver the test starts, retries
//! that survive a restart without sending an event twice, and private addresses refused.

use reqwest::Method;
use serde_json::{Value, json};

use crate::both;
use crate::helpers::receiver::{Received, Receiver};
use crate::helpers::{Backend, TestApp, fresh_database, serve_args};

const WHATSAPP: &str = "WhatsApp/2.23.20.0 A";

/// A server that may send webhooks to this machine, retrying after `retry_ms`.
pub(crate) async fn app_allowing_private(database_url: &str, retry_ms: u64) -> TestApp {
    app_at(database_url, retry_ms, None).await
}

/// [`app_allowing_private`] with the base URL `base_url` (requests to its address are served
/// as that host's).
async fn app_at(database_url: &str, retry_ms: u64, base_url: Option<&str>) -> TestApp {
    let mut args = serve_args();
    args.webhooks_allow_private = true;
    args.webhooks_retry_base_ms = retry_ms;
    args.base_url = base_url.map(str::to_owned);
    TestApp::spawn_on(database_url, args).await
}

/// A base URL whose host is a name: the visitors' address, 127.0.0.1, is then nowhere in a
/// delivery but where it leaked.
const NAMED_BASE: &str = "http://sho.rt.example";

pub(crate) async fn subscribe(app: &TestApp, url: &str, events: &[&str]) -> Value {
    let (status, hook) = app
        .api(
            Method::POST,
            "/webhooks",
            Some(json!({ "url": url, "events": events })),
        )
        .await;
    assert_eq!(status, 201, "{hook}");
    hook
}

fn of_type<'a>(received: &'a [Received], kind: &str) -> Vec<&'a Received> {
    received
        .iter()
        .filter(|r| r.json()["type"] == kind)
        .collect()
}

async fn a_receiver_gets_link_created_and_share_detected_signed(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    let app = app_at(&database_url, 50, Some(NAMED_BASE)).await;
    let receiver = Receiver::start(0).await;
    let hook = subscribe(&app, &receiver.url, &["link.created", "share.detected"]).await;
    let secret = hook["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("whsec_"), "{hook}");

    app.create_link(json!({ "url": "https://example.org/spring", "slug": "spring" }))
        .await;
    // WhatsApp building its preview card: someone pasted the link into a chat.
    let preview = app
        .http
        .get(app.url("/spring"))
        .header("user-agent", WHATSAPP)
        .send()
        .await
        .unwrap();
    assert_eq!(preview.status(), 302);
    // The same slug on a branded domain: its events name the domain.
    app.add_domain("go.example", None).await;
    app.create_link(
        json!({ "url": "https://example.org/branded", "slug": "spring", "domain": "go.example" }),
    )
    .await;
    let branded = app
        .http
        .get(app.url("/spring"))
        .header("host", "go.example")
        .header("user-agent", WHATSAPP)
        .send()
        .await
        .unwrap();
    assert_eq!(branded.headers()["location"], "https://example.org/branded");

    let received = receiver
        .wait_for("link.created and share.detected twice", |r| {
            of_type(r, "link.created").len() == 2 && of_type(r, "share.detected").len() == 2
        })
        .await;
    for delivery in &received {
        assert!(delivery.signed_with(&secret), "{delivery:?}");
        assert!(!delivery.signed_with("whsec_another"), "{delivery:?}");
    }
    // Deliveries go out several at a time, so they may arrive in any order: each event is
    // found by the domain it names.
    let on = |event: &str, domain: &str| -> Value {
        of_type(&received, event)
            .iter()
            .map(|r| r.json())
            .find(|e| e["data"]["link"]["domain"] == domain)
            .unwrap_or_else(|| panic!("no {event} on {domain:?} in {received:?}"))
    };
    let created = on("link.created", "sho.rt.example");
    assert!(
        created["id"].as_str().unwrap().starts_with("evt_"),
        "{created}"
    );
    assert_eq!(created["data"]["link"]["slug"], "spring");
    assert_eq!(created["data"]["link"]["url"], "https://example.org/spring");
    assert!(
        created["created_at"].as_str().unwrap().ends_with('Z'),
        "{created}"
    );
    let share = on("share.detected", "sho.rt.example");
    assert_eq!(
        share["data"]["link"],
        json!({ "domain": "sho.rt.example", "slug": "spring" })
    );
    assert_eq!(share["data"]["platform"], "whatsapp");
    let branded_share = on("share.detected", "go.example");
    assert_eq!(branded_share["data"]["link"]["slug"], "spring");
    assert_eq!(branded_share["data"]["hit"]["domain"], "go.example");
    let branded_created = on("link.created", "go.example");
    assert_eq!(
        branded_created["data"]["link"]["url"],
        "https://example.org/branded"
    );
    for delivery in &received {
        assert!(!String::from_utf8_lossy(&delivery.body).contains("127.0.0.1"));
    }

    // The settings of the API show the deliveries, never the secret again.
    let (_, list) = app.api(Method::GET, "/webhooks", None).await;
    assert!(list["webhooks"][0].get("secret").is_none(), "{list}");
    app.stop().await;
    crate::helpers::forget_database(&database_url).await;
}
both!(
    a_receiver_gets_link_created_and_share_detected_signed,
    backend
);

/// The receiver answers 500 three times; Lanterne stops and starts again meanwhile; every
/// event arrives, and none twice.
async fn a_failing_receiver_gets_each_event_once_across_a_restart(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    let receiver = Receiver::start(3).await;
    let app = app_allowing_private(&database_url, 100).await;
    let hook = subscribe(&app, &receiver.url, &["link.created", "link.updated"]).await;
    let secret = hook["secret"].as_str().unwrap().to_owned();
    app.create_link(json!({ "url": "https://example.org/a", "slug": "first" }))
        .await;
    receiver
        .wait_for("a first failed attempt", |r| !r.is_empty())
        .await;
    app.stop().await;

    let app = app_allowing_private(&database_url, 100).await;
    app.create_link(json!({ "url": "https://example.org/b", "slug": "second" }))
        .await;
    let (status, _) = app
        .api(
            Method::PATCH,
            "/links/first",
            Some(json!({ "campaign": "spring" })),
        )
        .await;
    assert_eq!(status, 200);
    // Done when every delivery is recorded as delivered: then nothing is left to send.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let (_, list) = app.api(Method::GET, "/webhooks", None).await;
        let deliveries = list["webhooks"][0]["deliveries"]
            .as_array()
            .unwrap()
            .clone();
        if deliveries.len() == 3 && deliveries.iter().all(|d| d["state"] == "delivered") {
            let tried: i64 = deliveries
                .iter()
                .map(|d| d["attempts"].as_i64().unwrap())
                .sum();
            assert_eq!(tried, 6, "three failures and three successes: {list}");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{list}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let taken = receiver.taken();
    let mut ids: Vec<String> = taken
        .iter()
        .map(|r| r.json()["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!((taken.len(), ids.len()), (3, 3), "{taken:#?}");
    assert_eq!(receiver.received().len(), 6);
    let kinds: Vec<(String, String)> = taken
        .iter()
        .map(|r| {
            let body = r.json();
            (
                body["type"].as_str().unwrap().to_owned(),
                body["data"]["link"]["slug"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for event in [
        ("link.created", "first"),
        ("link.created", "second"),
        ("link.updated", "first"),
    ] {
        assert!(
            kinds.contains(&(event.0.into(), event.1.into())),
            "{kinds:?}"
        );
    }
    assert!(taken.iter().all(|r| r.signed_with(&secret)));
    let updated = taken
        .iter()
        .find(|r| r.json()["type"] == "link.updated")
        .unwrap()
        .json();
    assert_eq!(updated["data"]["link"]["campaign"], "spring");
    app.stop().await;
    crate::helpers::forget_database(&database_url).await;
}
both!(
    a_failing_receiver_gets_each_event_once_across_a_restart,
    backend
);

async fn a_private_url_is_refused_without_the_setting(app: &TestApp) {
    for url in [
        "http://127.0.0.1:9/hook",
        "http://localhost:9/hook",
        "http://[::1]/hook",
        "http://10.0.0.8/hook",
        "http://169.254.169.254/latest",
    ] {
        let (status, body) = app
            .api(
                Method::POST,
                "/webhooks",
                Some(json!({ "url": url, "events": ["click"] })),
            )
            .await;
        assert_eq!(status, 422, "{url}: {body}");
        assert!(
            body["error"]
                .as_str()
                .unwrap()
                .contains("LANTERNE_WEBHOOKS_ALLOW_PRIVATE"),
            "{body}"
        );
    }
    let (status, body) = app
        .api(
            Method::POST,
            "/webhooks",
            Some(json!({ "url": "https://hooks.example/x", "events": ["link.made"] })),
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        body["error"].as_str().unwrap().contains("not an event"),
        "{body}"
    );
    // A URL without its scheme, and a name no DNS answers for (.invalid never resolves):
    // each said as it is, not as a private address.
    for (url, why) in [
        (
            "crm.example/hooks",
            "add https:// in front, as in https://crm.example/hooks",
        ),
        (
            "https://crm.invalid/hooks",
            "no address answers to the name crm.invalid: check its spelling",
        ),
    ] {
        let (status, body) = app
            .api(
                Method::POST,
                "/webhooks",
                Some(json!({ "url": url, "events": ["click"] })),
            )
            .await;
        assert_eq!(status, 422, "{url}: {body}");
        let error = body["error"].as_str().unwrap();
        assert!(error.ends_with(why), "{url}: {error}");
    }
    let admin = app
        .signed_in("admin@example.org", lanterne::auth::Role::Admin)
        .await;
    for (url, why) in [
        (
            "crm.example/hooks",
            "ajoutez https:// devant, comme dans https://crm.example/hooks.",
        ),
        (
            "https://crm.invalid/hooks",
            "Aucune adresse ne répond au nom crm.invalid\u{a0}: vérifiez son orthographe.",
        ),
    ] {
        let form = [("url", url), ("events", "click")];
        let response = admin
            .post_in("fr-FR,fr;q=0.9", "/settings/webhooks", &form)
            .await;
        assert_eq!(response.status(), 422, "{url}");
        let html = response.text().await.unwrap();
        assert!(html.contains(why), "{url}: {html}");
        assert!(!html.contains("adresses publiques"), "{url}: {html}");
    }
    let marketer = app.token_with_role(lanterne::auth::Role::Marketer).await;
    let (status, _) = app.api_as(&marketer, Method::GET, "/webhooks", None).await;
    assert_eq!(status, 403);
    let (status, body) = app.api(Method::DELETE, "/webhooks/99", None).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"], "there is no webhook with the id 99");
}
both!(a_private_url_is_refused_without_the_setting);

/// Settings → Webhooks as an admin sees it, in English and in French: subscribing shows the
/// secret once, the list shows each delivery, a refusal says why, unsubscribing removes it.
async fn the_settings_page_subscribes_lists_deliveries_and_unsubscribes(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    let app = app_allowing_private(&database_url, 50).await;
    let receiver = Receiver::start(0).await;
    let admin = app
        .signed_in("admin@example.org", lanterne::auth::Role::Admin)
        .await;
    let response = admin
        .post(
            "/settings/webhooks",
            &[
                ("url", receiver.url.as_str()),
                ("events", "link.created"),
                ("events", "link.deleted"),
            ],
        )
        .await;
    assert_eq!(response.status(), 201);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("whsec_") && html.contains("shown only once"),
        "{html}"
    );
    assert!(
        html.contains(&format!(
            "The secret of the subscription to <code>{}</code>.",
            receiver.url
        )),
        "the secret says whose it is: {html}"
    );

    app.create_link(json!({ "url": "https://example.org/page", "slug": "paged" }))
        .await;
    receiver.wait_for("link.created", |r| !r.is_empty()).await;
    let (_, list) = app.api(Method::GET, "/webhooks", None).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let html = loop {
        let (status, html) = admin.page("/settings/webhooks").await;
        assert_eq!(status, 200);
        if html.contains("<td>delivered</td>") {
            break html;
        }
        assert!(std::time::Instant::now() < deadline, "{html}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert!(
        html.contains(&receiver.url) && !html.contains("whsec_"),
        "{html}"
    );
    assert!(html.contains("<code>link.created</code>"), "{html}");
    assert!(
        html.contains("<td>paged</td>"),
        "the delivery names its link: {html}"
    );
    let (_, french) = admin.page_in("fr-FR,fr;q=0.9", "/settings/webhooks").await;
    assert!(
        french.contains("Abonner une URL") && french.contains("<td>remis</td>"),
        "{french}"
    );

    admin
        .assert_refused(
            "/settings/webhooks",
            &[("url", "ftp://files.example/"), ("events", "click")],
            422,
            "http",
        )
        .await;
    let id = list["webhooks"][0]["id"].as_i64().unwrap();
    let (status, html) = admin
        .submit(&format!("/settings/webhooks/{id}/delete"), &[])
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("No subscription yet."), "{html}");
    admin
        .assert_refused(
            &format!("/settings/webhooks/{id}/delete"),
            &[],
            404,
            &format!("There is no webhook with the id {id}: it may have been deleted."),
        )
        .await;
    app.stop().await;
    crate::helpers::forget_database(&database_url).await;
}
both!(
    the_settings_page_subscribes_lists_deliveries_and_unsubscribes,
    backend
);

/// A link with a click limit of one, followed once, and a link whose date passes: each
/// announced once as link.expired, with its reason.
async fn a_link_reaching_its_date_or_click_limit_is_announced_once(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    let app = app_allowing_private(&database_url, 50).await;
    let receiver = Receiver::start(0).await;
    let hook = subscribe(&app, &receiver.url, &["link.expired"]).await;
    let secret = hook["secret"].as_str().unwrap().to_owned();
    app.create_link(json!({ "url": "https://example.org/once", "slug": "once", "max_clicks": 1 }))
        .await;
    let soon = lanterne::clock::rfc3339(lanterne::clock::now_ms() + 1_500);
    app.create_link(
        json!({ "url": "https://example.org/soon", "slug": "soon", "expires_at": soon }),
    )
    .await;
    let person = crate::helpers::client()
        .get(app.url("/once"))
        .header("user-agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(person.status(), 302);
    let received = receiver
        .wait_for("two link.expired", |r| r.len() >= 2)
        .await;
    let mut reasons: Vec<(String, String)> = received
        .iter()
        .map(|r| {
            assert!(r.signed_with(&secret));
            let body = r.json();
            assert_eq!(body["type"], "link.expired");
            (
                body["data"]["link"]["slug"].as_str().unwrap().to_owned(),
                body["data"]["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    reasons.sort();
    assert!(
        received
            .iter()
            .all(|r| r.json()["data"]["link"]["domain"] == "127.0.0.1")
    );
    assert_eq!(
        reasons,
        [
            ("once".into(), "click_limit".into()),
            ("soon".into(), "date".into())
        ]
    );
    // Announced once: the next looks (one a second) find them announced already.
    let (_, list) = app.api(Method::GET, "/webhooks", None).await;
    let before = list["webhooks"][0]["deliveries"].as_array().unwrap().len();
    tokio::time::sleep(std::time::Duration::from_millis(2_500)).await;
    let (_, list) = app.api(Method::GET, "/webhooks", None).await;
    assert_eq!(
        list["webhooks"][0]["deliveries"].as_array().unwrap().len(),
        before,
        "{list}"
    );
    assert_eq!(before, 2);
    app.stop().await;
    crate::helpers::forget_database(&database_url).await;
}
both!(
    a_link_reaching_its_date_or_click_limit_is_announced_once,
    backend
);

/// A receiver that never answers 2xx: once its failures span a day (the first of them moved a
/// day back in the stored timestamps, not waited for), the next failure turns the subscription
/// off, fails its pending deliveries, and later events are not queued for it.
async fn a_subscription_failing_for_a_day_is_turned_off(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    let receiver = Receiver::start(usize::MAX).await;
    let app = app_allowing_private(&database_url, 50).await;
    subscribe(&app, &receiver.url, &["link.created"]).await;
    app.create_link(json!({ "url": "https://example.org/a", "slug": "first" }))
        .await;
    receiver
        .wait_for("a first failed attempt", |r| !r.is_empty())
        .await;
    // The receiver sees the attempt before the server has recorded its failure.
    let list = listed_once(&app, "the failure recorded", |hook| {
        hook["failing_since"].is_string()
    })
    .await;
    let hook = &list["webhooks"][0];
    assert_eq!(hook["enabled"], true, "failing for less than a day: {list}");

    let db = lanterne::db::Db::connect(&database_url).await.unwrap();
    let a_day_ago = lanterne::clock::now_ms() - 86_400_000 - 60_000;
    let moved = format!("UPDATE webhooks SET failing_since = {a_day_ago}");
    crate::helpers::execute(&db, moved.leak()).await;
    db.close().await;

    let list = listed_once(&app, "turned off", |hook| hook["enabled"] == false).await;
    let delivery = &list["webhooks"][0]["deliveries"][0];
    assert_eq!(delivery["state"], "failed", "{list}");
    let error = delivery["last_error"].as_str().unwrap();
    assert_eq!(
        error,
        "the receiver answered with an error (HTTP 500) (given up: the subscription was turned off after a day of failures)"
    );
    // The settings page says it in its language, with times in the viewer's zone.
    let admin = app
        .signed_in("admin@example.org", lanterne::auth::Role::Admin)
        .await;
    // UTC+14: a day ahead of UTC for most of it.
    let saved = [("locale", "fr"), ("timezone", "Pacific/Kiritimati")];
    assert_eq!(admin.submit("/account", &saved).await.0, 200);
    let (_, french) = admin.page("/settings/webhooks").await;
    assert!(
        french.contains(
            "le destinataire a répondu par une erreur (HTTP 500) (abandonné\u{a0}: l’abonnement a été désactivé après une journée d’échecs)"
        ),
        "{french}"
    );
    assert!(
        !french.contains("the receiver answered") && !french.contains("UTC"),
        "{french}"
    );
    let kiritimati = jiff::tz::TimeZone::get("Pacific/Kiritimati").unwrap();
    let today = jiff::Timestamp::now().to_zoned(kiritimati).date();
    assert!(
        french.contains(&format!("<td>{} ", today.strftime("%d/%m/%Y"))),
        "a delivery's time as the page writes dates: {french}"
    );
    let tries = receiver.received().len();
    app.create_link(json!({ "url": "https://example.org/b", "slug": "second" }))
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let (_, after) = app.api(Method::GET, "/webhooks", None).await;
    let deliveries = after["webhooks"][0]["deliveries"].as_array().unwrap();
    assert_eq!(deliveries.len(), 1, "nothing queued for it: {after}");
    assert_eq!(receiver.received().len(), tries, "nothing sent to it");
    app.stop().await;
    crate::helpers::forget_database(&database_url).await;
}
both!(a_subscription_failing_for_a_day_is_turned_off, backend);

/// The webhook list once its first subscription is `what` (`done`), within 30 s.
pub(crate) async fn listed_once(app: &TestApp, what: &str, done: impl Fn(&Value) -> bool) -> Value {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let (_, list) = app.api(Method::GET, "/webhooks", None).await;
        if done(&list["webhooks"][0]) {
            return list;
        }
        assert!(std::time::Instant::now() < deadline, "not {what}: {list}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// A CRM kept in sync by webhooks hears of every link a campaign's change touches, and of the
/// links an import makes: a rename updates them, a deletion that keeps them updates them (no
/// campaign), one that takes them along deletes them, and an import creates them.
async fn changes_through_campaigns_and_imports_are_announced(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    let app = app_allowing_private(&database_url, 50).await;
    let receiver = Receiver::start(0).await;
    let events = ["link.created", "link.updated", "link.deleted"];
    subscribe(&app, &receiver.url, &events).await;
    for (slug, campaign) in [("a1", "Alpha"), ("a2", "Alpha"), ("b1", "Beta")] {
        let url = format!("https://shop.example/{slug}");
        app.create_link(json!({ "url": url, "slug": slug, "campaign": campaign }))
            .await;
    }
    let id_of = async |name: &str| -> i64 {
        let (_, list) = app.api(Method::GET, "/campaigns", None).await;
        let campaigns = list["campaigns"].as_array().unwrap().clone();
        let found = campaigns.iter().find(|c| c["name"] == name);
        found.unwrap_or_else(|| panic!("{name}: {list}"))["id"]
            .as_i64()
            .unwrap()
    };
    let (alpha, beta) = (id_of("Alpha").await, id_of("Beta").await);

    let path = format!("/campaigns/{alpha}");
    let (status, body) = app
        .api(Method::PATCH, &path, Some(json!({ "name": "Alpha 2" })))
        .await;
    assert_eq!(status, 200, "{body}");
    let renamed = receiver
        .wait_for("two link.updated", |r| {
            of_type(r, "link.updated").len() == 2
        })
        .await;
    for event in of_type(&renamed, "link.updated") {
        assert_eq!(event.json()["data"]["link"]["campaign"], "Alpha 2");
    }
    let (status, _) = app
        .api(Method::DELETE, &format!("{path}?links=detach"), None)
        .await;
    assert_eq!(status, 204);
    let path = format!("/campaigns/{beta}?links=delete");
    assert_eq!(app.api(Method::DELETE, &path, None).await.0, 204);
    let received = receiver
        .wait_for("two more link.updated and a link.deleted", |r| {
            of_type(r, "link.updated").len() == 4 && of_type(r, "link.deleted").len() == 1
        })
        .await;
    let detached: Vec<Value> = of_type(&received, "link.updated")
        .iter()
        .map(|r| r.json())
        .filter(|e| e["data"]["link"]["campaign"].is_null())
        .collect();
    let mut slugs: Vec<&str> = detached
        .iter()
        .map(|e| e["data"]["link"]["slug"].as_str().unwrap())
        .collect();
    slugs.sort();
    assert_eq!(slugs, ["a1", "a2"], "{received:?}");
    let deleted = of_type(&received, "link.deleted")[0].json();
    assert_eq!(
        deleted["data"]["link"],
        json!({ "domain": "127.0.0.1", "slug": "b1", "url": "https://shop.example/b1" })
    );

    // An import from the web UI: one link.created per link it makes, with its creation date.
    let admin = app
        .signed_in("admin@example.org", lanterne::auth::Role::Admin)
        .await;
    let file = "link,long_url,created_at\n\
                bit.ly/spring1,https://shop.example/spring1,2024-03-01\n\
                bit.ly/spring2,https://shop.example/spring2,2024-03-02\n";
    let form = [
        ("format", "bitly"),
        ("campaign", "Imported"),
        ("content", file),
    ];
    let done = admin.post("/links/import/confirm", &form).await;
    assert_eq!(done.status(), 200);
    let html = done.text().await.unwrap();
    assert!(html.contains("2 links imported"), "{html}");
    let received = receiver
        .wait_for("five link.created", |r| {
            of_type(r, "link.created").len() == 5
        })
        .await;
    let imported: Vec<Value> = of_type(&received, "link.created")
        .iter()
        .map(|r| r.json())
        .filter(|e| e["data"]["link"]["campaign"] == "Imported")
        .collect();
    assert_eq!(imported.len(), 2, "{received:?}");
    let spring1 = imported
        .iter()
        .find(|e| e["data"]["link"]["slug"] == "spring1")
        .expect("spring1 announced");
    assert_eq!(
        spring1["data"]["link"]["url"],
        "https://shop.example/spring1"
    );
    assert_eq!(spring1["data"]["link"]["created_at"], 1_709_251_200_000_i64);
    app.stop().await;
    crate::helpers::forget_database(&database_url).await;
}
both!(changes_through_campaigns_and_imports_are_announced, backend);

/// A receiver that failed waits for its back-off (a minute here, up to six hours); once it
/// is mended, "Try again now" sends its waiting deliveries at once. The page says when the
/// next attempt is due.
async fn a_waiting_delivery_is_tried_again_at_once(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    let app = app_allowing_private(&database_url, 60_000).await;
    let receiver = Receiver::start(1).await;
    let hook = subscribe(&app, &receiver.url, &["link.created"]).await;
    app.create_link(json!({ "url": "https://example.org/x", "slug": "waits" }))
        .await;
    receiver
        .wait_for("a first failed attempt", |r| !r.is_empty())
        .await;
    let admin = app
        .signed_in("admin@example.org", lanterne::auth::Role::Admin)
        .await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let html = loop {
        let (_, html) = admin.page("/settings/webhooks").await;
        if html.contains("next attempt") {
            break html;
        }
        assert!(std::time::Instant::now() < deadline, "{html}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert!(html.contains("Try again now"), "{html}");
    let id = hook["id"].as_i64().unwrap();
    let (status, _) = admin
        .submit(&format!("/settings/webhooks/{id}/retry"), &[])
        .await;
    assert_eq!(status, 200);
    // Well before the minute of back-off.
    let started = std::time::Instant::now();
    receiver
        .wait_for("the second attempt", |r| r.len() >= 2)
        .await;
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    app.stop().await;
    crate::helpers::forget_database(&database_url).await;
}
both!(a_waiting_delivery_is_tried_again_at_once, backend);

const CHROME: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

/// `http://{domain}/{slug}` of a link or hit as given.
fn rebuilt(named: &Value) -> String {
    let (domain, slug) = (named["domain"].as_str(), named["slug"].as_str());
    format!("http://{}/{}", domain.unwrap(), slug.unwrap())
}

/// A link's `domain` is the host of its short URL wherever it is read, the base URL's host
/// included: in the API, in webhook events and their hits, in the Links page's exports. A
/// receiver or a spreadsheet makes the short URL from `domain` and `slug` alone.
async fn a_link_s_domain_is_its_short_url_s_host_in_the_api_events_and_exports(backend: Backend) {
    let Some(database_url) = fresh_database(backend).await else {
        return;
    };
    let app = app_at(&database_url, 50, Some(NAMED_BASE)).await;
    let receiver = Receiver::start(0).await;
    subscribe(&app, &receiver.url, &["link.created", "click"]).await;
    app.add_domain("go.example", None).await;
    let mut short_urls = Vec::new();
    for domain in [None, Some("go.example")] {
        let link = app
            .create_link(
                json!({ "url": "https://example.org/promo", "slug": "promo", "domain": domain }),
            )
            .await;
        assert_eq!(rebuilt(&link), link["short_url"], "the API: {link}");
        short_urls.push(rebuilt(&link));
    }
    assert_eq!(
        short_urls,
        ["http://sho.rt.example/promo", "http://go.example/promo"]
    );
    // A person follows each.
    for host in [None, Some("go.example")] {
        let mut request = app.http.get(app.url("/promo")).header("user-agent", CHROME);
        if let Some(host) = host {
            request = request.header("host", host);
        }
        assert_eq!(request.send().await.unwrap().status(), 302);
    }
    let clicks = |r: &[Received]| -> Vec<Value> {
        of_type(r, "click")
            .iter()
            .flat_map(|c| c.json()["data"]["hits"].as_array().unwrap().clone())
            .collect()
    };
    let received = receiver
        .wait_for("two link.created and two clicks", |r| {
            of_type(r, "link.created").len() == 2 && clicks(r).len() == 2
        })
        .await;
    let sorted = |mut urls: Vec<String>| {
        urls.sort();
        urls
    };
    let expected = sorted(short_urls);
    let created = of_type(&received, "link.created")
        .iter()
        .map(|r| rebuilt(&r.json()["data"]["link"]))
        .collect();
    assert_eq!(sorted(created), expected, "link.created");
    let clicked = clicks(&received).iter().map(rebuilt).collect();
    assert_eq!(sorted(clicked), expected, "click");

    let analyst = app
        .signed_in("ana@example.com", lanterne::auth::Role::Analyst)
        .await;
    let json: Value = analyst
        .get("/links/export.json")
        .await
        .json()
        .await
        .unwrap();
    let exported = json.as_array().unwrap().iter().map(rebuilt).collect();
    assert_eq!(sorted(exported), expected, "the JSON export: {json}");
    let csv = analyst
        .get("/links/export.csv")
        .await
        .bytes()
        .await
        .unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_ref());
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (domain, slug) = (at("domain"), at("slug"));
    let exported = reader
        .records()
        .map(|row| {
            let row = row.unwrap();
            rebuilt(&json!({ "domain": &row[domain], "slug": &row[slug] }))
        })
        .collect();
    assert_eq!(sorted(exported), expected, "the CSV export");
    app.stop().await;
    crate::helpers::forget_database(&database_url).await;
}
both!(
    a_link_s_domain_is_its_short_url_s_host_in_the_api_events_and_exports,
    backend
);
