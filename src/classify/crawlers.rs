//! The public crawler list (`data/crawler-user-agents.json`, vendored as published): is a
//! user agent one the list names? Its patterns are case-sensitive regular expressions, nearly
//! all of them plain words, so the words go into one Aho–Corasick automaton and only the few
//! real expressions into a `RegexSet`. Patterns that match people's browsers are left out by
//! `data/crawler_list_exceptions.tsv`.

use std::collections::HashSet;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::RegexSet;
use serde::Deserialize;

use super::table;

#[derive(Deserialize)]
struct Entry {
    pattern: String,
}

struct List {
    words: AhoCorasick,
    expressions: RegexSet,
}

static LIST: LazyLock<List> = LazyLock::new(|| {
    let entries: Vec<Entry> = serde_json::from_str(include_str!("data/crawler-user-agents.json"))
        .expect("the vendored crawler list is valid JSON");
    let left_out: HashSet<&str> = table::rows(include_str!("data/crawler_list_exceptions.tsv"))
        .map(|[pattern, _, _]| pattern)
        .collect();
    let (mut words, mut expressions) = (Vec::new(), Vec::new());
    for entry in entries {
        if left_out.contains(entry.pattern.as_str()) {
            continue;
        }
        match literal(&entry.pattern) {
            Some(word) => words.push(word),
            None => expressions.push(entry.pattern),
        }
    }
    List {
        words: AhoCorasick::new(&words).expect("the crawler words build an automaton"),
        expressions: RegexSet::new(&expressions).expect("the crawler expressions compile"),
    }
});

/// Whether the list names `user_agent` (already cut to the length the classifier scans).
pub fn names(user_agent: &str) -> bool {
    let list = &*LIST;
    list.words.is_match(user_agent) || list.expressions.is_match(user_agent)
}

/// The text a pattern matches when it is a plain word: escapes like `\/` and `\.` stand for
/// their character; anything else special makes it a real expression.
fn literal(pattern: &str) -> Option<String> {
    let mut word = String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(escaped) if !escaped.is_ascii_alphanumeric() => word.push(escaped),
                _ => return None,
            },
            '.' | '^' | '$' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|' => {
                return None;
            }
            c => word.push(c),
        }
    }
    Some(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_expressions() {
        assert_eq!(literal(r"Googlebot\/").as_deref(), Some("Googlebot/"));
        assert_eq!(literal(r"ips-agent").as_deref(), Some("ips-agent"));
        assert_eq!(literal(r"[wW]get"), None);
        assert_eq!(literal(r"^curl"), None);
        assert_eq!(literal(r"SSL Labs$"), None);
        assert_eq!(literal(r"BlogTraffic\/\d\.\d+"), None);
    }

    #[test]
    fn names_the_crawlers_of_the_list_and_is_case_sensitive() {
        assert!(names("Mozilla/4.5 (compatible; HTTrack 3.0x; Windows 98)"));
        assert!(names("curl/8.4.0"), "an anchored expression");
        assert!(names("Wget/1.21"), "a character class");
        assert!(!names("mozilla/4.5 (compatible; httrack 3.0x; windows 98)"));
        assert!(!names(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
        ));
    }

    /// Every left-out pattern is still in the list: an update that drops one should drop
    /// its line too.
    #[test]
    fn every_exception_names_a_pattern_of_the_list() {
        let entries: Vec<Entry> =
            serde_json::from_str(include_str!("data/crawler-user-agents.json")).unwrap();
        let patterns: HashSet<&str> = entries.iter().map(|e| e.pattern.as_str()).collect();
        for [pattern, why, _] in table::rows(include_str!("data/crawler_list_exceptions.tsv")) {
            assert!(patterns.contains(pattern), "{pattern} is not in the list");
            assert!(!why.is_empty(), "{pattern}: say why it is left out");
        }
    }
}
