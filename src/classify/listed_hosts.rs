//! Referrer hosts from Matomo's public lists: search engines and social networks
//! (`data/search_engines.tsv`, `data/socials.tsv`, generated from the CC0 lists by
//! `scripts/vendor-referrer-lists.py`) and referrer spammers (`data/referrer_spam.txt`).
//! Asked after Lanterne's own tables, which know messengers, webmail and AI assistants that
//! the lists file under social or search.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use super::table;

/// Which list named a host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    Search,
    Social,
}

/// A host's list, and the name the list gives it (`Yahoo!`, `Vkontakte`).
pub type Named = (Category, &'static str);

struct Lists {
    /// `so.com` (from `so.com` and `{}.so.com`) → matches it and its subdomains.
    hosts: HashMap<&'static str, Named>,
    /// `google` (from `google.{}`) → the host without its country or generic suffix.
    stems: HashMap<&'static str, Named>,
    spam: HashSet<&'static str>,
}

static LISTS: LazyLock<Lists> = LazyLock::new(|| {
    let mut lists = Lists {
        hosts: HashMap::new(),
        stems: HashMap::new(),
        spam: HashSet::new(),
    };
    let tables = [
        (Category::Search, include_str!("data/search_engines.tsv")),
        (Category::Social, include_str!("data/socials.tsv")),
    ];
    for (category, text) in tables {
        for [pattern, name, _] in table::rows(text) {
            let pattern = pattern.strip_prefix("www.").unwrap_or(pattern);
            let pattern = pattern.strip_prefix("{}.").unwrap_or(pattern);
            // The first list to name a host keeps it: search engines before social networks.
            match pattern.strip_suffix(".{}") {
                Some(stem) => lists.stems.entry(stem).or_insert((category, name)),
                None => lists.hosts.entry(pattern).or_insert((category, name)),
            };
        }
    }
    lists.spam = include_str!("data/referrer_spam.txt")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect();
    lists
});

/// The list entry of `host` (lowercase), if a list names it.
pub fn lookup(host: &str) -> Option<Named> {
    let lists = &*LISTS;
    let host = host.strip_prefix("www.").unwrap_or(host);
    suffixes(host)
        .find_map(|suffix| lists.hosts.get(suffix))
        .or_else(|| stems(host).find_map(|stem| lists.stems.get(stem)))
        .copied()
}

/// Whether `host` or a domain above it is a known referrer spammer.
pub fn is_spam(host: &str) -> bool {
    let lists = &*LISTS;
    suffixes(host).any(|suffix| lists.spam.contains(suffix))
}

/// Every list name with the hosts it names, to give a platform key to each name.
pub fn names() -> impl Iterator<Item = (&'static str, &'static str)> {
    let lists = &*LISTS;
    lists.hosts.iter().map(|(host, (_, name))| (*name, *host))
}

/// `a.b.example.org`, `b.example.org`, `example.org`, `org`.
fn suffixes(host: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(host), |rest| {
        rest.find('.').map(|dot| &rest[dot + 1..])
    })
}

/// `google.co.uk` → `google.co`, `google`; `images.google.fr` → `images.google`: the host
/// less one, then two, final labels of two or three letters (a country code, `com`, `co.uk`,
/// `com.br`). A stem no list names is harmless, so both are tried.
fn stems(host: &str) -> impl Iterator<Item = &str> {
    let short = |label: &str| {
        (2..=3).contains(&label.len()) && label.bytes().all(|b| b.is_ascii_alphabetic())
    };
    let one = host
        .rsplit_once('.')
        .filter(|(_, last)| short(last))
        .map(|(rest, _)| rest);
    let two = one
        .and_then(|rest| rest.rsplit_once('.'))
        .filter(|(_, second)| short(second))
        .map(|(stem, _)| stem);
    one.into_iter().chain(two)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_subdomains_and_brands_under_any_suffix() {
        assert_eq!(lookup("www.so.com").map(|n| n.0), Some(Category::Search));
        assert_eq!(lookup("m.so.com").map(|n| n.0), Some(Category::Search));
        assert_eq!(
            lookup("search.aol.com").map(|n| n.0),
            Some(Category::Search)
        );
        assert_eq!(
            lookup("www.google.co.uk").map(|n| n.0),
            Some(Category::Search)
        );
        assert_eq!(
            lookup("www.google.com.br").map(|n| n.0),
            Some(Category::Search)
        );
        assert_eq!(lookup("vk.com"), Some((Category::Social, "Vkontakte")));
        assert_eq!(lookup("m.vk.com").map(|n| n.0), Some(Category::Social));
        assert_eq!(
            lookup("www.douban.com").map(|n| n.0),
            Some(Category::Social)
        );
        assert_eq!(lookup("example.org"), None);
        assert_eq!(lookup("google.example.org"), None);
    }

    #[test]
    fn spammers_and_their_subdomains() {
        assert!(is_spam("0-0.fr"));
        assert!(is_spam("www.0-0.fr"));
        assert!(!is_spam("x0-0.fr"));
        assert!(!is_spam("example.org"));
    }
}
