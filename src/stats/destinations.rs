//! One link's hits by the destination they were sent to: its rules and A/B variants side by
//! side, each with its clicks, dark share and previews, so a split test tells which
//! destination people pass on privately.

use std::collections::BTreeMap;

use super::{Filter, Split};
use crate::db::Db;
use crate::db::stats::{By, Group};
use crate::links::Link;
use crate::links::options::{Destination, Pick};

/// One destination of a link.
#[derive(Debug, Clone)]
pub struct DestinationRow {
    /// Its URL, a rule, a variant, the expired answer or none (a protected link's page).
    pub destination: Destination,
    /// Where it sends people now (none when it was removed since).
    pub url: Option<String>,
    /// What picks it: a rule's condition or a variant's weight.
    pub picked_by: Option<Pick>,
    pub split: Split,
}

/// The link's hits of `filter`'s period by destination, in the link's order: its URL, its
/// rules, its variants, then the expired and protected answers. The rows add up to the
/// link's total.
pub async fn by_destination(
    db: &Db,
    filter: &Filter,
    link: &Link,
) -> sqlx::Result<Vec<DestinationRow>> {
    let filter = Filter {
        // Its stats key: a link on a branded domain is named with its host.
        link: Some(link.stats_key()),
        ..filter.clone()
    };
    // The link's total is read in the same snapshot as its destinations.
    let snapshot = db
        .report_groups(&filter, &[By::Destination, By::Link])
        .await?;
    let [named, all] = <[Vec<Group>; 2]>::try_from(snapshot.groups)
        .map_err(|_| sqlx::Error::Protocol("a destination query went missing".into()))?;
    Ok(splits_by_destination(&named, &all)
        .into_iter()
        .map(|(destination, split)| {
            let (url, picked_by) = destination.describe(&link.spec.url, &link.spec.options);
            DestinationRow {
                destination,
                url,
                picked_by,
                split,
            }
        })
        .collect())
}

/// The splits of the groups by destination (`named`), with the link's URL given what the
/// link's total (`all`) has beyond them. Hits of a link without options store no
/// destination: they all went to its URL, so a link that gained rules or variants later has
/// its earlier hits there. Rollups keep no row for them (plain links, most of them, cost the
/// fold nothing more), so they are the difference.
fn splits_by_destination(named: &[Group], all: &[Group]) -> BTreeMap<Destination, Split> {
    let mut by_code: BTreeMap<Destination, Split> = BTreeMap::new();
    let mut unnamed: BTreeMap<(&str, Option<&str>), i64> = BTreeMap::new();
    for group in all {
        *unnamed
            .entry((&group.kind, group.source.as_deref()))
            .or_default() += group.hits;
    }
    // Hits not folded in yet are grouped with no key: they are in the difference too.
    for group in named.iter().filter(|g| g.key.is_some()) {
        *unnamed
            .entry((&group.kind, group.source.as_deref()))
            .or_default() -= group.hits;
        // A code from a later version names no destination this one knows.
        let Some(destination) = (group.key.as_deref())
            .and_then(|k| k.parse().ok())
            .and_then(Destination::from_code)
        else {
            continue;
        };
        by_code.entry(destination).or_default().add(
            &group.kind,
            group.source.as_deref(),
            group.hits,
        );
    }
    for ((kind, source), hits) in unnamed.into_iter().filter(|(_, hits)| *hits > 0) {
        by_code
            .entry(Destination::Url)
            .or_default()
            .add(kind, source, hits);
    }
    by_code
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(key: Option<&str>, kind: &str, source: Option<&str>, hits: i64) -> Group {
        Group {
            key: key.map(str::to_owned),
            key2: None,
            kind: kind.to_owned(),
            source: source.map(str::to_owned),
            hits,
        }
    }

    #[test]
    fn hits_from_before_the_options_count_for_the_link_s_url() {
        let named = [
            group(Some("1"), "click", Some("dark"), 1),
            group(Some("2"), "click", Some("public"), 1),
            group(Some("0"), "click", Some("dark"), 1),
            // Not folded yet, from before the options.
            group(None, "click", Some("dark"), 2),
        ];
        let all = [
            group(None, "click", Some("dark"), 6),
            group(None, "click", Some("public"), 2),
            group(None, "preview", None, 1),
        ];
        let splits = splits_by_destination(&named, &all);
        let url = &splits[&Destination::Url];
        assert_eq!(
            (url.clicks, url.dark, url.public, url.previews),
            (6, 5, 1, 1)
        );
        assert_eq!(splits[&Destination::Rule(0)].clicks, 1);
        assert_eq!(splits[&Destination::Rule(1)].public, 1);
        let clicks: i64 = splits.values().map(|s| s.clicks).sum();
        assert_eq!(clicks, 8);
    }
}
