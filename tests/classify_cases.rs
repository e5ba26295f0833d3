//! The classifier against real-world cases (tests/data/classify_cases.tsv), and properties
//! that hold for any input.

use lanterne::classify::{Signals, classify, store_referrer};
use proptest::prelude::*;

fn dash(s: &str) -> &str {
    if s == "-" { "" } else { s }
}

#[test]
fn real_world_cases() {
    let data = include_str!("data/classify_cases.tsv");
    let mut failures = Vec::new();
    let mut count = 0;
    for (n, line) in data.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        assert_eq!(columns.len(), 8, "line {}: 8 columns expected", n + 1);
        let [
            method,
            referrer,
            user_agent,
            kind,
            source,
            platform,
            evidence,
            seen,
        ] = columns.try_into().unwrap();
        let referrer = Some(dash(referrer)).filter(|r| !r.is_empty());
        let class = classify(method == "HEAD", referrer, user_agent, Signals::default());
        let got = (
            class.kind.as_str(),
            class.source.map_or("", |s| s.as_str()),
            class.platform,
            class.evidence.as_str(),
        );
        let want = (kind, dash(source), dash(platform), evidence);
        if got != want {
            failures.push(format!(
                "line {} ({seen}): got {got:?}, want {want:?}",
                n + 1
            ));
        }
        // A stored referrer re-classifies the same way.
        if let Some(stored) = referrer.and_then(store_referrer) {
            let again = classify(
                method == "HEAD",
                Some(&stored.url),
                user_agent,
                Signals::default(),
            );
            if again != class {
                failures.push(format!(
                    "line {} ({seen}): stored referrer {} changes the class",
                    n + 1,
                    stored.url
                ));
            }
        }
        count += 1;
    }
    assert!(
        failures.is_empty(),
        "{} of {count} cases wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(count >= 300, "only {count} cases");
}

/// 100 KB headers classify like their first kilobytes; their cost is measured in
/// `benches/classify.rs` (a timing here would only measure the machine).
#[test]
fn huge_headers_are_classified() {
    let user_agent = format!("WhatsApp/2.23.20.0 A {}", "x".repeat(100_000));
    let referrer = format!("https://l.facebook.com/{}", "a".repeat(100_000));
    let class = classify(false, Some(&referrer), &user_agent, Signals::default());
    assert_eq!(
        (class.kind.as_str(), class.platform),
        ("preview", "whatsapp")
    );
    let class = classify(
        false,
        Some(&referrer),
        &"é".repeat(50_000),
        Signals::default(),
    );
    assert_eq!(class.platform, "facebook");
}

const CHROME: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
const SAFARI: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
const INSTAGRAM: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 330.0.0.0 (iPhone15,2; iOS 17_4; en_US)";
const WHATSAPP: &str = "WhatsApp/2.23.20.0 A";
const SLACKBOT: &str = "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)";

/// A user agent, a referrer and signals, and the (kind, source, evidence) they give.
type SignalCase = (
    &'static str,
    Option<&'static str>,
    Signals,
    (&'static str, &'static str, &'static str),
);

/// Each request signal against browsers, in-app browsers and previews: what it makes of them
/// and which evidence it names.
#[test]
fn request_signals() {
    let cases: [SignalCase; 14] = [
        (CHROME, None, Signals::PREFETCH, ("bot", "", "headers")),
        (CHROME, None, Signals::NO_ACCEPT, ("bot", "", "headers")),
        (CHROME, None, Signals::HTTP_1_0, ("bot", "", "headers")),
        (
            CHROME,
            None,
            Signals::NO_FETCH_METADATA,
            ("bot", "", "headers"),
        ),
        // Safari and the in-app browsers are not expected to send Fetch Metadata.
        (
            SAFARI,
            None,
            Signals::NO_FETCH_METADATA,
            ("click", "dark", "none"),
        ),
        (
            INSTAGRAM,
            None,
            Signals::NO_FETCH_METADATA,
            ("click", "public", "user_agent"),
        ),
        // Other signals still tell an in-app browser's prefetch.
        (INSTAGRAM, None, Signals::PREFETCH, ("bot", "", "headers")),
        (
            CHROME,
            None,
            Signals::HOSTING_NETWORK,
            ("bot", "", "network"),
        ),
        (
            INSTAGRAM,
            None,
            Signals::HOSTING_NETWORK,
            ("bot", "", "network"),
        ),
        (
            CHROME,
            Some("https://t.co/x"),
            Signals::HOSTING_NETWORK,
            ("bot", "", "network"),
        ),
        // Headers decide before the network.
        (
            CHROME,
            None,
            Signals::HOSTING_NETWORK | Signals::NO_ACCEPT,
            ("bot", "", "headers"),
        ),
        // Chat apps fetch previews from datacenters, often without `Accept`.
        (
            WHATSAPP,
            None,
            Signals::HOSTING_NETWORK | Signals::NO_ACCEPT,
            ("preview", "", "user_agent"),
        ),
        (
            SLACKBOT,
            None,
            Signals::from_bits(31),
            ("preview", "", "user_agent"),
        ),
        (CHROME, None, Signals::default(), ("click", "dark", "none")),
    ];
    for (user_agent, referrer, signals, want) in cases {
        let class = classify(false, referrer, user_agent, signals);
        let got = (
            class.kind.as_str(),
            class.source.map_or("", |s| s.as_str()),
            class.evidence.as_str(),
        );
        assert_eq!(got, want, "{user_agent} with {signals:?}");
    }
}

proptest! {
    /// No signal turns a known preview fetcher into anything else.
    #[test]
    fn previews_stay_previews_whatever_the_signals(bits in 0i32..32, head: bool) {
        for user_agent in [WHATSAPP, SLACKBOT, "TelegramBot (like TwitterBot)", "facebookexternalhit/1.1"] {
            let class = classify(head, None, user_agent, Signals::from_bits(bits));
            prop_assert_eq!(class.kind, lanterne::classify::Kind::Preview);
        }
    }

    #[test]
    fn never_panics(head: bool, referrer in ".{0,300}", user_agent in ".{0,300}", bits in 0i32..32) {
        let class = classify(head, Some(&referrer), &user_agent, Signals::from_bits(bits));
        prop_assert_eq!(class.source.is_some(), class.kind == lanterne::classify::Kind::Click);
    }

    #[test]
    fn stored_referrers_classify_alike(
        scheme in "(https?|android-app)",
        host in "[a-zA-Z0-9-]{1,12}(\\.[a-zA-Z0-9-]{1,12}){0,3}\\.?",
        port in proptest::option::of(1u16..),
        path in "(/[a-zA-Z0-9@._-]{0,12}){0,3}",
        query in "(\\?[a-z=&]{0,10})?",
        user_agent in ".{0,80}",
    ) {
        let port = port.map(|p| format!(":{p}")).unwrap_or_default();
        let raw = format!("{scheme}://{host}{port}{path}{query}");
        let stored = store_referrer(&raw);
        prop_assume!(stored.is_some());
        let stored = stored.unwrap();
        prop_assert_eq!(
            classify(false, Some(&raw), &user_agent, Signals::default()),
            classify(false, Some(&stored.url), &user_agent, Signals::default())
        );
        prop_assert!(!stored.url.contains('?'));
    }
}
