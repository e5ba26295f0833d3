//! Referrer hosts and Android app referrers to a source and platform, matched on label
//! boundaries, longest entry first; then what a host's own labels say (`webmail.…`,
//! `mastodon.…`) for the many hosts no table can list.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::referrer::Referrer;
use super::{Source, table};

type Entry = (Source, &'static str);

struct Hosts {
    /// `facebook.com` → public/facebook; matched against every label suffix of a host.
    suffixes: HashMap<&'static str, Entry>,
    /// `google` → search/google for `google.*`: the brand label under any country suffix.
    brands: HashMap<&'static str, Entry>,
    /// `com.whatsapp` → dark/whatsapp for `android-app://com.whatsapp`.
    apps: HashMap<String, Entry>,
}

static HOSTS: LazyLock<Hosts> = LazyLock::new(|| {
    let mut hosts = Hosts {
        suffixes: HashMap::new(),
        brands: HashMap::new(),
        apps: HashMap::new(),
    };
    for [host, source, platform] in table::rows(include_str!("data/referrers.tsv")) {
        let entry = (table::source(source), platform);
        match host.strip_suffix(".*") {
            Some(brand) => hosts.brands.insert(brand, entry),
            None => hosts.suffixes.insert(host, entry),
        };
    }
    for [package, source, platform] in table::rows(include_str!("data/android_apps.tsv")) {
        // Package names are unique regardless of case; hosts arrive lowercased.
        hosts.apps.insert(
            package.to_ascii_lowercase(),
            (table::source(source), platform),
        );
    }
    hosts
});

/// The source and platform of a referrer; unknown sites are `referral` with no platform.
pub fn lookup(referrer: &Referrer<'_>) -> Entry {
    let hosts = &*HOSTS;
    if referrer.scheme.eq_ignore_ascii_case("android-app") {
        return hosts
            .apps
            .get(&referrer.host)
            .copied()
            .unwrap_or((Source::Referral, ""));
    }
    let host = referrer.host.as_str();
    if let Some(entry) = by_suffix(&hosts.suffixes, host) {
        return entry;
    }
    if let Some(entry) = by_label(host) {
        return entry;
    }
    if let Some(entry) = by_brand(&hosts.brands, host) {
        return entry;
    }
    if is_mastodon_post(referrer.path) {
        return (Source::Public, "mastodon");
    }
    (Source::Referral, "")
}

/// The entry of the longest suffix of `host` that ends on a label boundary.
fn by_suffix(table: &HashMap<&'static str, Entry>, host: &str) -> Option<Entry> {
    let mut rest = host;
    loop {
        if let Some(entry) = table.get(rest) {
            return Some(*entry);
        }
        rest = &rest[rest.find('.')? + 1..];
    }
}

/// A brand label followed only by what looks like a country or generic suffix
/// (`com`, `co.uk`, `com.br`): `www.google.co.uk` yes, `google.com.evil.example` no.
fn by_brand(table: &HashMap<&'static str, Entry>, host: &str) -> Option<Entry> {
    let labels: Vec<&str> = host.split('.').collect();
    labels.iter().enumerate().find_map(|(i, label)| {
        let entry = table.get(label)?;
        let suffix = &labels[i + 1..];
        let plausible = (1..=2).contains(&suffix.len())
            && suffix
                .iter()
                .all(|l| (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_alphabetic()));
        plausible.then_some(*entry)
    })
}

/// What a host's labels say about it. `webmail.provider.example` and `mail.company.example`
/// are somebody's mailbox. Hosts with a `mastodon`, `mstdn`, `masto` or `toot` label
/// (`mastodon.art`, `mstdn.jp`, `toot.community`) are Mastodon instances: there are
/// thousands, and Mastodon sends only the origin as the referrer, so the post-path shape
/// below seldom sees a path.
fn by_label(host: &str) -> Option<Entry> {
    let (first, _) = host.split_once('.')?;
    if matches!(first, "webmail" | "mail" | "email") {
        return Some((Source::Dark, "email"));
    }
    let fediverse = first.starts_with("mastodon")
        || host
            .split('.')
            .any(|label| matches!(label, "mastodon" | "mstdn" | "masto" | "toot"));
    fediverse.then_some((Source::Public, "mastodon"))
}

/// `/@user/1234567890` or `/@user`: the shape of a Mastodon profile or post URL, on any
/// instance.
fn is_mastodon_post(path: &str) -> bool {
    // Real post paths are short; a bound also keeps a cropped stored path from turning into one.
    if path.len() > 200 {
        return false;
    }
    let Some(rest) = path.strip_prefix("/@") else {
        return false;
    };
    let (user, tail) = rest.split_once('/').unwrap_or((rest, ""));
    !user.is_empty()
        && user
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'@' || b == b'-')
        && (tail.is_empty() || tail.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::super::referrer::parse;
    use super::*;

    fn of(raw: &str) -> Entry {
        lookup(&parse(raw).unwrap())
    }

    #[test]
    fn label_boundaries() {
        assert_eq!(
            of("https://l.facebook.com/l.php"),
            (Source::Public, "facebook")
        );
        assert_eq!(of("https://m.facebook.com/"), (Source::Public, "facebook"));
        assert_eq!(of("https://evil-facebook.com/"), (Source::Referral, ""));
        assert_eq!(
            of("https://facebook.com.evil.example/"),
            (Source::Referral, "")
        );
        assert_eq!(
            of("https://WWW.Google.co.uk./search"),
            (Source::Search, "google")
        );
        assert_eq!(of("https://www.google.com.br/"), (Source::Search, "google"));
        assert_eq!(
            of("https://google.com.evil.example/"),
            (Source::Referral, "")
        );
        assert_eq!(
            of("https://gemini.google.com/app"),
            (Source::Referral, "gemini")
        );
        assert_eq!(
            of("https://mail.google.com/mail/u/0/"),
            (Source::Dark, "gmail")
        );
        assert_eq!(of("https://t.co:443/x"), (Source::Public, "x"));
    }

    #[test]
    fn apps_and_mastodon() {
        assert_eq!(
            of("android-app://org.telegram.messenger/"),
            (Source::Dark, "telegram")
        );
        assert_eq!(
            of("android-app://com.google.android.gm"),
            (Source::Dark, "gmail")
        );
        assert_eq!(of("android-app://com.unknown.app/"), (Source::Referral, ""));
        assert_eq!(
            of("https://social.example/@alice/111222333"),
            (Source::Public, "mastodon")
        );
        assert_eq!(
            of("https://blog.example/@media/print.css"),
            (Source::Referral, "")
        );
        assert_eq!(of("https://mstdn.jp/"), (Source::Public, "mastodon"));
        assert_eq!(of("https://mastodonapp.uk/"), (Source::Public, "mastodon"));
        assert_eq!(of("https://docs.joinmastodon.org/"), (Source::Referral, ""));
        assert_eq!(of("https://webmail.ionos.de/"), (Source::Dark, "email"));
        assert_eq!(of("https://mail.naver.com/"), (Source::Dark, "email"));
        assert_eq!(of("https://search.naver.com/"), (Source::Search, "naver"));
        assert_eq!(of("https://mailchimp.com/"), (Source::Referral, ""));
    }
}
