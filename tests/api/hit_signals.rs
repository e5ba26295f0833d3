//! Requests that are not someone following a link, told by how they were made: a prefetch,
//! no `Accept` header, HTTP/1.0, a browser without its Fetch Metadata on an https link (bots
//! with evidence `headers`), or an address in a hosting network (evidence `network`), while a
//! browser's own navigation, an iPhone behind iCloud Private Relay and a chat app's preview
//! fetcher in a cloud keep their class; and `lanterne reclassify` applies the rules to hits
//! stored with their signals.

use lanterne::classify::Signals;
use lanterne::db::Db;
use lanterne::hits::HitBatch;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::both;
use crate::helpers::{Backend, TestApp, hit, link_body};

const CHROME: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
const ACCEPT: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/// Sends `request` as it is, on a connection of its own, and gives the status line back:
/// reqwest always adds an `Accept` header and speaks HTTP/1.1.
async fn raw(app: &TestApp, request: String) -> String {
    let mut stream = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer);
    answer.lines().next().unwrap_or("").to_owned()
}

async fn prefetches_and_requests_without_accept_are_bots(app: &TestApp) {
    let link = app.create_link(link_body("https://example.com/")).await;
    let slug = link["slug"].as_str().unwrap().to_owned();
    let path = format!("/{slug}");
    let get = |headers: &[(&str, &str)]| {
        let mut request = app
            .http
            .get(app.url(&path))
            .header("user-agent", CHROME)
            .header("accept", ACCEPT);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send()
    };
    // The browser's own navigation first: a click.
    assert_eq!(get(&[]).await.unwrap().status(), 302);
    for prefetch in [
        ("sec-purpose", "prefetch;prerender"),
        ("purpose", "prefetch"),
        ("x-moz", "prefetch"),
    ] {
        assert_eq!(get(&[prefetch]).await.unwrap().status(), 302);
    }
    let host = app.addr;
    let no_accept = raw(
        app,
        format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: {CHROME}\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert!(no_accept.contains("302"), "{no_accept}");
    // Through a trusted proxy (the test's peer) HTTP/1.0 is the proxy's hop, not the
    // client's: nginx proxies over HTTP/1.0 unless told otherwise.
    let http_1_0 = raw(
        app,
        format!("GET {path} HTTP/1.0\r\nHost: {host}\r\nUser-Agent: {CHROME}\r\nAccept: {ACCEPT}\r\n\r\n"),
    )
    .await;
    assert!(http_1_0.contains("302"), "{http_1_0}");

    let hits = app.wait_for_hits(&slug, 6).await;
    let classes: Vec<(&str, &str)> = hits
        .iter()
        .rev()
        .map(|h| (h["kind"].as_str().unwrap(), h["evidence"].as_str().unwrap()))
        .collect();
    assert_eq!(
        classes,
        [
            ("click", "none"),
            ("bot", "headers"),
            ("bot", "headers"),
            ("bot", "headers"),
            ("bot", "headers"),
            ("click", "none"),
        ]
    );
}
both!(prefetches_and_requests_without_accept_are_bots);

/// The test ASN database (tests/fixtures/asn.csv) places 203.0.113.0/24 and 2001:db8:a::/48
/// in Amazon's network and a Private Relay egress range in Akamai's. The address comes
/// through the trusted proxy (the test's peer) in `X-Forwarded-For`.
async fn hosting_networks_are_bots_but_previews_and_private_relay_are_not(app: &TestApp) {
    let link = app.create_link(link_body("https://example.com/")).await;
    let slug = link["slug"].as_str().unwrap();
    let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
    for (address, user_agent) in [
        ("203.0.113.7", CHROME),
        ("2001:db8:a::5", CHROME),
        ("203.0.113.8", "WhatsApp/2.23.20.0 A"),
        ("172.224.226.10", iphone),
    ] {
        let response = app
            .http
            .get(app.url(&format!("/{slug}")))
            .header("user-agent", user_agent)
            .header("accept", ACCEPT)
            .header("x-forwarded-for", address)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 302);
    }
    let hits = app.wait_for_hits(slug, 4).await;
    let classes: Vec<(&str, &str)> = hits
        .iter()
        .rev()
        .map(|h| (h["kind"].as_str().unwrap(), h["evidence"].as_str().unwrap()))
        .collect();
    assert_eq!(
        classes,
        [
            ("bot", "network"),
            ("bot", "network"),
            ("preview", "user_agent"),
            ("click", "none"),
        ]
    );
    // Nothing of the address is kept, not even the network's name.
    let stored = serde_json::to_string(&hits).unwrap();
    for trace in [
        "203.0.113",
        "2001:db8",
        "172.224",
        "Amazon",
        "Akamai",
        "16509",
    ] {
        assert!(!stored.contains(trace), "{trace} in {stored}");
    }
}
both!(hosting_networks_are_bots_but_previews_and_private_relay_are_not);

/// Browsers send Fetch Metadata only to secure origins, so the rule holds only where links
/// are https. A Chrome that sends none is automation; a Safari, or an in-app browser, is not
/// asked for it. HTTP/1.0 straight from the client is no browser either.
async fn a_browser_without_fetch_metadata_or_over_http_1_0_is_a_bot(backend: Backend) {
    let Some(database_url) = crate::helpers::fresh_database(backend).await else {
        return;
    };
    let mut args = crate::helpers::serve_args();
    args.base_url = Some("https://sho.rt.example".into());
    // The test's peer is no proxy here: its HTTP/1.0 is the client's own.
    args.trusted_proxies = Default::default();
    let app = TestApp::spawn_on(&database_url, args).await;
    let link = app.create_link(link_body("https://example.com/")).await;
    let slug = link["slug"].as_str().unwrap();
    let safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
    let instagram = "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP1A.240305.019; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/122.0.6261.105 Mobile Safari/537.36 Instagram 321.0.0.39.106 Android";
    for (user_agent, fetch_mode) in [
        (CHROME, Some("navigate")),
        (CHROME, None),
        (safari, None),
        (instagram, None),
    ] {
        let mut request = app
            .http
            .get(app.url(&format!("/{slug}")))
            .header("user-agent", user_agent)
            .header("accept", ACCEPT);
        if let Some(mode) = fetch_mode {
            request = request.header("sec-fetch-mode", mode);
        }
        assert_eq!(request.send().await.unwrap().status(), 302);
    }
    let host = app.addr;
    let http_1_0 = raw(
        &app,
        format!("GET /{slug} HTTP/1.0\r\nHost: {host}\r\nUser-Agent: {CHROME}\r\nAccept: {ACCEPT}\r\nSec-Fetch-Mode: navigate\r\n\r\n"),
    )
    .await;
    assert!(http_1_0.contains("302"), "{http_1_0}");
    let hits = app.wait_for_hits(slug, 5).await;
    let classes: Vec<(&str, &str)> = hits
        .iter()
        .rev()
        .map(|h| (h["kind"].as_str().unwrap(), h["evidence"].as_str().unwrap()))
        .collect();
    assert_eq!(
        classes,
        [
            ("click", "none"),
            ("bot", "headers"),
            ("click", "none"),
            ("click", "user_agent"),
            ("bot", "headers"),
        ]
    );
    app.stop().await;
}
both!(
    a_browser_without_fetch_metadata_or_over_http_1_0_is_a_bot,
    backend
);

/// Hits stored as clicks with the signals of a prefetch or a hosting network (as an older
/// classifier, which did not read them, would have left them) become bots when
/// `reclassify` runs.
async fn reclassify_applies_the_request_signals(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.create_link(link_body("https://example.com/")).await;
    let link_id = 1; // the first link of a fresh database
    let database_url = app.database_url.clone();
    app.stop().await;

    let db = Db::connect(&database_url).await.unwrap();
    let mut stored = hit(link_id).row();
    stored.user_agent = Some(CHROME.into());
    stored.signals = Signals::PREFETCH;
    let mut cloud = hit(link_id).row();
    cloud.user_agent = Some(CHROME.into());
    cloud.signals = Signals::HOSTING_NETWORK;
    let mut plain = hit(link_id).row();
    plain.user_agent = Some(CHROME.into());
    let batch = HitBatch {
        rows: vec![stored, cloud, plain],
        ..HitBatch::default()
    };
    assert!(db.insert_hit_batch("signals", &batch).await.unwrap());
    let (examined, changed) = lanterne::hits::reclassify::run(&db, false).await.unwrap();
    assert_eq!((examined, changed), (3, 2));
    let hits = db.hits_for_classification(0, 10).await.unwrap();
    let classes: Vec<(&str, &str, i32)> = hits
        .iter()
        .map(|h| (h.kind.as_str(), h.evidence.as_str(), h.signals))
        .collect();
    assert_eq!(
        classes,
        [
            ("bot", "headers", Signals::PREFETCH.bits()),
            ("bot", "network", Signals::HOSTING_NETWORK.bits()),
            ("click", "none", 0)
        ]
    );
    db.close().await;
}
both!(reclassify_applies_the_request_signals, backend);
