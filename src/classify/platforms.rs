//! Platform labels: the name people read for a platform key (`imessage` → `iMessage`). The
//! key stays what is stored and what the API, CSV and filters carry.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::table;

static LABELS: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    table::rows(include_str!("data/platforms.tsv"))
        .map(|[key, label, _]| (key, label))
        .collect()
});

/// The label of platform `key`: ours, else the name a public list gives it (`Taringa!`), else
/// the key itself.
pub fn label(key: &str) -> &str {
    LABELS
        .get(key)
        .copied()
        .or_else(|| super::hosts::listed_label(key))
        .unwrap_or(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_platform_of_the_classifier_tables_has_a_label() {
        let tables = [
            include_str!("data/user_agents.tsv"),
            include_str!("data/referrers.tsv"),
            include_str!("data/android_apps.tsv"),
        ];
        let unlabelled: Vec<_> = tables
            .into_iter()
            .flat_map(table::rows)
            .map(|[_, _, platform]| platform)
            .filter(|platform| !platform.is_empty() && !LABELS.contains_key(platform))
            .collect();
        assert!(
            unlabelled.is_empty(),
            "add to data/platforms.tsv: {unlabelled:?}"
        );
    }

    #[test]
    fn a_label_is_the_services_own_spelling_and_an_unknown_key_shows_itself() {
        assert_eq!(label("imessage"), "iMessage");
        assert_eq!(label("x"), "X (Twitter)");
        assert_eq!(label("googlechat"), "Google Chat");
        assert_eq!(label("taringa"), "Taringa!");
        assert_eq!(label("somethingnew"), "somethingnew");
        assert_eq!(label(""), "");
    }
}
