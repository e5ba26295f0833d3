//! `POST /e`, the site snippet's events, and what `/api/v1/sites/{id}/pages` and
//! `/api/v1/stats?site=` make of them: views by source, address-bar shares and their
//! generations, copies and share buttons; DNT keeping only the count; refusals that say
//! what is wrong; and events through the spool exactly once.

use std::time::{Duration, Instant};

use lanterne::db::Db;
use lanterne::hits::event::EventRow;
use lanterne::hits::spool::Spool;
use lanterne::hits::{HitBatch, HitRow, PrivatePage};
use reqwest::Method;
use serde_json::{Value, json};

use crate::both;
use crate::helpers::{Backend, TestApp, count, fresh_database};
use crate::sites::register;

pub const CHROME: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 \
    (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

/// Sends one event as the snippet's `sendBeacon` does (a `text/plain` body), from a browser.
pub async fn beacon(app: &TestApp, body: Value, headers: &[(&str, &str)]) -> (u16, Value) {
    let mut request = app
        .http
        .post(app.url("/e"))
        .header("content-type", "text/plain;charset=UTF-8")
        .header("user-agent", CHROME)
        .body(body.to_string());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The row of `url` on the site's pages once `done` holds of it (10 s at most).
async fn page_when(app: &TestApp, site: &Value, url: &str, done: impl Fn(&Value) -> bool) -> Value {
    let path = format!("/sites/{}/pages", site["id"]);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (status, pages) = app.api(Method::GET, &path, None).await;
        assert_eq!(status, 200, "{pages}");
        let row = pages["pages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["url"] == url)
            .cloned()
            .unwrap_or(Value::Null);
        if done(&row) {
            return row;
        }
        assert!(Instant::now() < deadline, "{url} never got there: {pages}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn view(site: &Value, url: &str) -> Value {
    json!({ "site": site["key"], "event": "view", "url": url })
}

async fn views_are_counted_by_source_and_shares_by_method(app: &TestApp) {
    let site = register(app, "Daily News", &["news.example", "www.news.example"]).await;
    let article = "https://news.example/2026/story";
    let with = |fields: Value| {
        let mut body = view(&site, article);
        body.as_object_mut()
            .unwrap()
            .extend(fields.as_object().unwrap().clone());
        body
    };
    // A reader with no referrer (query and fragment dropped, utm kept), the friend who opens
    // the address they copied, and the friend's friend.
    let sent = [
        with(
            json!({ "url": format!("{article}?utm_source=news&email=a%40b#comments"), "id": "Reader0001" }),
        ),
        with(json!({ "id": "Friend0001", "parent": "Reader0001" })),
        with(json!({ "id": "Friend0002", "parent": "Friend0001" })),
        with(json!({ "id": "Public0001", "referrer": "https://t.co/abc" })),
        with(json!({ "id": "Search0001", "referrer": "https://www.google.com/" })),
        with(json!({ "id": "Blog000001", "referrer": "https://blog.example/post?x=1" })),
        with(json!({ "id": "Inside0001", "referrer": "https://www.news.example/" })),
        with(json!({ "id": "Mails00001", "referrer": "https://mail.google.com/" })),
        json!({ "site": site["key"], "event": "copy", "url": article, "id": "Reader0001" }),
        json!({ "site": site["key"], "event": "share", "url": article, "channel": "whatsapp" }),
        json!({ "site": site["key"], "event": "share", "url": article, "channel": "whatsapp" }),
        json!({ "site": site["key"], "event": "share", "url": article, "channel": "email" }),
    ];
    for body in sent {
        let (status, answer) =
            beacon(app, body.clone(), &[("origin", "https://news.example")]).await;
        assert_eq!(status, 204, "{body}: {answer}");
    }
    // A crawler running the page's script is kept apart.
    let bot = app
        .http
        .post(app.url("/e"))
        .header(
            "user-agent",
            "Googlebot/2.1 (+http://www.google.com/bot.html)",
        )
        .body(with(json!({ "id": "Crawler001" })).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(bot.status(), 204);

    // Every event is in once the last person's (the email share) is: the queue keeps order.
    let all_in = |row: &Value| row["views"] == 8 && row["button_shares"]["email"] == 1;
    let row = page_when(app, &site, article, all_in).await;
    assert_eq!(
        (
            &row["dark"],
            &row["public"],
            &row["search"],
            &row["referral"],
            &row["internal"]
        ),
        (&json!(4), &json!(1), &json!(1), &json!(1), &json!(1)),
        "no referrer and webmail are dark; the site's own page is a navigation: {row}"
    );
    assert_eq!(row["address_bar_shares"], 2);
    assert_eq!(row["shared_views"], 2);
    assert_eq!(
        row["generations"],
        json!([6, 1, 1]),
        "re-shares are the next generation"
    );
    assert_eq!(row["button_shares"], json!({ "email": 1, "whatsapp": 2 }));
    assert_eq!(row["direct"], 3, "arrivals with no referrer at all");
    assert_eq!(row["direct_deep"], 3, "a deep URL");
    assert_eq!(row["dark_share"], 4.0 / 7.0);
    assert_eq!(row["virality"], 2.0 / 5.0, "2 arrivals from 5 shares");
    assert_eq!(row["private_views"], 0);
    let stored: Vec<String> = {
        let db = Db::connect(&app.database_url).await.unwrap();
        let rows = match &db {
            Db::Sqlite(pool, _) => sqlx::query_scalar("SELECT COALESCE(utm, '') FROM site_events")
                .fetch_all(pool)
                .await
                .unwrap(),
            Db::Postgres(pool) => sqlx::query_scalar("SELECT COALESCE(utm, '') FROM site_events")
                .fetch_all(pool)
                .await
                .unwrap(),
        };
        db.close().await;
        rows
    };
    assert!(stored.contains(&"utm_source=news".to_owned()), "{stored:?}");
    let dump = crate::helpers::dump(&app.database_url, "site_events").await;
    assert!(!dump.contains("a@b") && !dump.contains("a%40b") && !dump.contains("comments"));

    // The same figures through /api/v1/stats.
    let path = format!("/stats?site={}&group_by=page", site["id"]);
    let (status, stats) = app.api(Method::GET, &path, None).await;
    assert_eq!(status, 200, "{stats}");
    assert_eq!(stats["group_by"], "page");
    let first = &stats["rows"][0];
    assert_eq!(first["key"], article);
    for field in [
        "views",
        "address_bar_shares",
        "copies",
        "button_shares",
        "generations",
    ] {
        assert_eq!(first["page"][field], row[field], "{field}");
    }
    assert_eq!((&first["clicks"], &first["dark"]), (&json!(7), &json!(4)));
    assert_eq!(stats["total"]["dark"], 4);
    assert_eq!(stats["no_referrer"], 3);
    // The period of the last 30 days, named; no mobile share for pages.
    let (from, to) = (
        stats["from"].as_str().unwrap(),
        stats["to"].as_str().unwrap(),
    );
    assert!(from.len() == 10 && from < to, "{stats}");
    assert_eq!(stats["mobile_share_dark"], serde_json::Value::Null);
    let (status, error) = app
        .api(
            Method::GET,
            &format!("/stats?site={}&group_by=channel", site["id"]),
            None,
        )
        .await;
    assert_eq!(status, 422, "{error}");
    let (status, _) = app
        .api(Method::GET, "/stats?site=99999&group_by=page", None)
        .await;
    assert_eq!(status, 404);
    let (status, error) = app.api(Method::GET, "/stats?group_by=page", None).await;
    assert_eq!(
        (status, error["error"].as_str()),
        (
            422,
            Some("group_by=page counts a site's pages: give the site, as site=ID")
        )
    );
}
both!(views_are_counted_by_source_and_shares_by_method);

async fn pages_outside_the_site_and_bad_events_are_refused(app: &TestApp) {
    let site = register(app, "News", &["news.example"]).await;
    let key = site["key"].as_str().unwrap();
    for (body, headers, status, error) in [
        (
            view(&site, "https://www.news.example/a"),
            vec![],
            403,
            "www.news.example is not one of the site's domains",
        ),
        (
            view(&site, "https://news.example/a"),
            vec![("origin", "https://evil.example")],
            403,
            "the request's Origin is not one of the site's domains",
        ),
        (
            json!({ "site": "0123456789abcdef", "event": "view", "url": "https://news.example/" }),
            vec![],
            404,
            "no site has this key",
        ),
        (
            json!({ "site": key, "event": "view", "url": "news.example/a" }),
            vec![],
            422,
            "url \"news.example/a\" is not a URL",
        ),
        (
            json!({ "site": key, "event": "share", "url": "https://news.example/" }),
            vec![],
            422,
            "a share names its channel",
        ),
    ] {
        let (got, answer) = beacon(app, body.clone(), &headers).await;
        assert_eq!(
            (got, answer["error"].as_str()),
            (status, Some(error)),
            "{body}"
        );
    }
    let huge = app
        .http
        .post(app.url("/e"))
        .body(format!(
            r#"{{"site":"{key}","event":"view","url":"https://news.example/{}"}}"#,
            "a".repeat(3000)
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(huge.status(), 413);
    let not_json = app
        .http
        .post(app.url("/e"))
        .body("hello")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), 422);
    // Nothing of it was kept, and the site still counts its own pages.
    let (status, _) = beacon(app, view(&site, "https://news.example/a"), &[]).await;
    assert_eq!(status, 204);
    page_when(app, &site, "https://news.example/a", |row| {
        row["views"] == 1
    })
    .await;
    assert_eq!(
        count(&app.database_url, "SELECT COUNT(*) FROM site_events").await,
        1
    );
    // A slug named `e` still redirects: only POST /e is the snippet's.
    app.create_link(json!({ "url": "https://example.com/e", "slug": "e" }))
        .await;
    assert_eq!(app.get("/e").await.status(), 302);
}
both!(pages_outside_the_site_and_bad_events_are_refused);

async fn do_not_track_keeps_only_the_count(app: &TestApp) {
    let site = register(app, "News", &["news.example"]).await;
    let page = "https://news.example/private";
    let mut with_id = view(&site, page);
    with_id["id"] = json!("Private001");
    with_id["referrer"] = json!("https://t.co/x");
    let copy = json!({ "site": site["key"], "event": "copy", "url": page });
    for (body, header) in [
        (with_id.clone(), ("dnt", "1")),
        (with_id.clone(), ("sec-gpc", "1")),
        (copy.clone(), ("dnt", "1")),
    ] {
        let (status, _) = beacon(app, body, &[header]).await;
        assert_eq!(status, 204);
    }
    // The snippet says so itself when the browser did not send the header.
    let mut said = view(&site, page);
    said["dnt"] = json!(true);
    assert_eq!(beacon(app, said, &[]).await.0, 204);
    let row = page_when(app, &site, page, |row| row["views"] == 3).await;
    assert_eq!(row["private_views"], 3);
    assert_eq!((&row["public"], &row["copies"]), (&json!(0), &json!(0)));
    assert_eq!(
        count(&app.database_url, "SELECT COUNT(*) FROM site_events").await,
        0
    );
    let dump = crate::helpers::dump(&app.database_url, "site_private_views").await;
    assert!(!dump.contains("Private001") && !dump.contains("t.co"));
}
both!(do_not_track_keeps_only_the_count);

fn event_row(site_id: i64, id: &str, parent: Option<&str>) -> EventRow {
    EventRow {
        site_id,
        event: "view",
        page: "https://news.example/a".into(),
        utm: None,
        utm_tags: Default::default(),
        internal: false,
        share_id: Some(id.into()),
        parent: parent.map(Into::into),
        channel: None,
        hit: HitRow {
            user_agent: Some(CHROME.into()),
            browser: Some("Chrome".into()),
            os: Some("Windows 10".into()),
            country: Some("GB".into()),
            visitor: Some(7),
            ..HitRow::dark_click(0, lanterne::clock::now_ms())
        },
    }
}

/// A batch of events (and private views) that the database could not take is spooled and
/// replayed once: a second replay of the same batch id stores nothing.
async fn spooled_events_are_stored_exactly_once(backend: Backend) {
    let Some(url) = fresh_database(backend).await else {
        return;
    };
    let db = Db::connect(&url).await.unwrap();
    let dir = std::env::temp_dir().join(format!("lanterne-spool-events-{}", rand::random::<u64>()));
    let spool = Spool::open(&dir).unwrap();
    let mut batch = HitBatch {
        events: vec![
            event_row(1, "Reader0001", None),
            event_row(1, "Friend0001", Some("Reader0001")),
        ],
        ..HitBatch::default()
    };
    batch.private_views.insert(
        PrivatePage {
            site_id: 1,
            page: "https://news.example/a".into(),
            day: 0,
        },
        2,
    );
    spool.append("0000000000000001", &batch).unwrap();
    assert_eq!(spool.pending(), 3);
    let copy = std::fs::read(dir.join("0000000000000001.jsonl")).unwrap();
    let mut stored = 0;
    spool.replay(&db, |n| stored += n).await.unwrap();
    assert_eq!(stored, 4, "two events and two private views");
    // The same segment again (as after a crash between the commit and the file's removal).
    std::fs::write(dir.join("0000000000000001.jsonl"), copy).unwrap();
    spool.replay(&db, |_| {}).await.unwrap();
    assert_eq!(spool.pending(), 0);
    assert_eq!(count(&url, "SELECT COUNT(*) FROM site_events").await, 2);
    assert_eq!(
        count(
            &url,
            "SELECT CAST(SUM(views) AS BIGINT) FROM site_private_views"
        )
        .await,
        2
    );
    assert_eq!(
        count(
            &url,
            "SELECT generation FROM site_events WHERE share_id = 'Friend0001'"
        )
        .await,
        1,
        "its parent, in the same batch, was stored first"
    );
    db.close().await;
    std::fs::remove_dir_all(&dir).unwrap();
}
both!(spooled_events_are_stored_exactly_once, backend);

/// One client network gets 600 events a minute (then one every 100 ms): a script inventing
/// readers is refused with `Retry-After`; another network is not held back by it.
async fn one_client_network_sends_at_most_600_events_a_minute(app: &TestApp) {
    let site = register(app, "News", &["news.example"]).await;
    let body = view(&site, "https://news.example/flood");
    let started = std::time::Instant::now();
    let (mut accepted, mut refused) = (0u64, None);
    for i in 0..800 {
        // Addresses of one /64: one subscriber rotating through its own addresses.
        let from = format!("2001:db8:1:2::{:x}", i + 1);
        let response = app
            .http
            .post(app.url("/e"))
            .header("x-forwarded-for", from)
            .header("user-agent", CHROME)
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        match response.status().as_u16() {
            204 => accepted += 1,
            429 => {
                refused = Some(
                    response.headers()["retry-after"]
                        .to_str()
                        .unwrap()
                        .to_owned(),
                );
                break;
            }
            other => panic!("answered {other}"),
        }
    }
    let refilled = (started.elapsed().as_millis() / 100) as u64;
    assert!(
        refused.is_some(),
        "800 events from one /64 were all accepted"
    );
    assert!(
        (600..=600 + refilled + 1).contains(&accepted),
        "{accepted} accepted in {:?}",
        started.elapsed()
    );
    let other = app
        .http
        .post(app.url("/e"))
        .header("x-forwarded-for", "2001:db8:9::1")
        .header("user-agent", CHROME)
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 204, "another network is not held back");
}
both!(one_client_network_sends_at_most_600_events_a_minute);

/// The snippet as pages load it: JavaScript, kept five minutes by browsers and then revalidated,
/// loadable by isolated pages, under 4 KB gzipped, and with nothing a strict
/// Content-Security-Policy forbids (no eval, no code from strings).
async fn the_snippet_is_small_cached_and_needs_no_unsafe_csp(app: &TestApp) {
    let response = app.get("/lanterne.js").await;
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "text/javascript; charset=utf-8");
    assert_eq!(headers["cache-control"], "public, max-age=300");
    assert_eq!(headers["cross-origin-resource-policy"], "cross-origin");
    assert!(headers.get("set-cookie").is_none());
    let script = response.bytes().await.unwrap();
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut gzip, &script).unwrap();
    let gzipped = gzip.finish().unwrap().len();
    assert!(gzipped < 4096, "{gzipped} bytes gzipped");
    let text = String::from_utf8(script.to_vec()).unwrap();
    for unsafe_code in [
        "eval(",
        "new Function",
        "setTimeout(\"",
        "innerHTML",
        "setAttribute(\"style",
    ] {
        assert!(
            !text.contains(unsafe_code),
            "the snippet uses {unsafe_code}"
        );
    }
    let again = app
        .http
        .get(app.url("/lanterne.js"))
        .header("if-none-match", headers["etag"].clone())
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304, "revalidated by its ETag");
}
both!(the_snippet_is_small_cached_and_needs_no_unsafe_csp);
