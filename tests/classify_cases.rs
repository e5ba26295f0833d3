//! The classifier against real-world cases (tests/data/classify_cases.tsv), and properties
//! that hold for any input.

use lanterne::classify::{classify, store_referrer};
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
        let class = classify(method == "HEAD", referrer, user_agent);
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
            let again = classify(method == "HEAD", Some(&stored.url), user_agent);
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
    let class = classify(false, Some(&referrer), &user_agent);
    assert_eq!(
        (class.kind.as_str(), class.platform),
        ("preview", "whatsapp")
    );
    let class = classify(false, Some(&referrer), &"é".repeat(50_000));
    assert_eq!(class.platform, "facebook");
}

proptest! {
    #[test]
    fn never_panics(head: bool, referrer in ".{0,300}", user_agent in ".{0,300}") {
        let class = classify(head, Some(&referrer), &user_agent);
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
        prop_assert_eq!(classify(false, Some(&raw), &user_agent), classify(false, Some(&stored.url), &user_agent));
        prop_assert!(!stored.url.contains('?'));
    }
}
