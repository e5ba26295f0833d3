//! Referrer hosts to a source and platform: Lanterne's own table, matched on label
//! boundaries, longest entry first; then what a host's own labels say (`webmail.…`,
//! `mastodon.…`) for the many hosts no table can list; then Matomo's public lists of search
//! engines and social networks. Android app referrers go to `apps.rs`.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::listed_hosts::{self, Category};
use super::referrer::Referrer;
use super::{Source, apps, labels, table};

type Entry = (Source, &'static str);

struct Hosts {
    /// `facebook.com` → public/facebook; matched against every label suffix of a host.
    suffixes: HashMap<&'static str, Entry>,
    /// `google` → search/google for `google.*`: the brand label under any country suffix.
    brands: HashMap<&'static str, Entry>,
    /// A public list's name (`Vkontakte`) → the entry of our own table for one of its hosts
    /// (public/vk), so a service keeps one platform key whichever table found it; else the
    /// list's category and the name as a key (`taringa`).
    listed: HashMap<&'static str, (Source, String)>,
}

static HOSTS: LazyLock<Hosts> = LazyLock::new(|| {
    let mut hosts = Hosts {
        suffixes: HashMap::new(),
        brands: HashMap::new(),
        listed: HashMap::new(),
    };
    for [host, source, platform] in table::rows(include_str!("data/referrers.tsv")) {
        let entry = (table::source(source), platform);
        match host.strip_suffix(".*") {
            Some(brand) => hosts.brands.insert(brand, entry),
            None => hosts.suffixes.insert(host, entry),
        };
    }
    let mut names: Vec<_> = listed_hosts::names().collect();
    // Hosts in a fixed order, so the host that gives a name its entry is always the same.
    names.sort_unstable();
    for (name, host) in names {
        if let Some((source, platform)) = by_suffix(&hosts.suffixes, host) {
            hosts
                .listed
                .entry(name)
                .or_insert((source, platform.to_owned()));
        }
    }
    hosts
});

/// The source and platform of a referrer; unknown sites are `referral` with no platform.
pub fn lookup(referrer: &Referrer<'_>) -> Entry {
    let hosts = &*HOSTS;
    if referrer.scheme.eq_ignore_ascii_case("android-app") {
        return apps::lookup(&referrer.host);
    }
    let host = referrer.host.as_str();
    // Our own line for the host itself, then a mailbox's labels, then our lines for the
    // domains above it: `mail2.daum.net` is Daum's webmail although `daum.net` is search.
    if let Some(entry) = hosts.suffixes.get(host) {
        return *entry;
    }
    if labels::is_mailbox(host) {
        return (Source::Dark, "email");
    }
    if let Some(entry) = by_suffix(&hosts.suffixes, host) {
        return entry;
    }
    if labels::is_fediverse(host) {
        return (Source::Public, "mastodon");
    }
    if let Some(entry) = by_brand(&hosts.brands, host) {
        return entry;
    }
    if let Some((category, name)) = listed_hosts::lookup(host) {
        return match hosts.listed.get(name) {
            Some((source, platform)) => (*source, platform.as_str()),
            None => (category_source(category), listed_key(name)),
        };
    }
    if let Some(platform) = labels::public_forum(host) {
        return (Source::Public, platform);
    }
    if labels::is_search(host) {
        return (Source::Search, "");
    }
    if labels::is_mastodon_post(referrer.path) {
        return (Source::Public, "mastodon");
    }
    (Source::Referral, "")
}

/// Whether the referrer's host, or a domain above it, is a known referrer spammer.
pub fn is_spam(referrer: &Referrer<'_>) -> bool {
    !referrer.scheme.eq_ignore_ascii_case("android-app") && listed_hosts::is_spam(&referrer.host)
}

fn category_source(category: Category) -> Source {
    match category {
        Category::Search => Source::Search,
        Category::Social => Source::Public,
    }
}

/// The platform key of a list's name: lowercase letters and digits (`Yahoo!` → `yahoo`,
/// `Hacker News` → `hackernews`), kept once per name.
fn listed_key(name: &'static str) -> &'static str {
    static KEYS: LazyLock<HashMap<&'static str, String>> = LazyLock::new(|| {
        listed_hosts::names()
            .map(|(name, _)| {
                let key = name
                    .replace("%2B", "plus")
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect::<String>()
                    .to_ascii_lowercase();
                (name, key)
            })
            .collect()
    });
    KEYS.get(name).map_or("", String::as_str)
}

/// The list name behind a platform key that only a public list gives, for its label.
pub fn listed_label(key: &str) -> Option<&'static str> {
    if key.is_empty() {
        return None;
    }
    listed_hosts::names()
        .map(|(name, _)| name)
        .find(|name| listed_key(name) == key)
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
