//! One link's hits by the destination they were sent to: its rules and A/B variants side by
//! side, each with its clicks, dark share and previews, so a split test tells which
//! destination people pass on privately.

use std::collections::BTreeMap;

use super::{Filter, Split};
use crate::db::Db;
use crate::db::stats::By;
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
/// rules, its variants, then the expired and protected answers.
pub async fn by_destination(
    db: &Db,
    filter: &Filter,
    link: &Link,
) -> sqlx::Result<Vec<DestinationRow>> {
    let filter = Filter {
        link: Some(link.spec.slug.clone()),
        ..filter.clone()
    };
    let snapshot = db.report_groups(&filter, &[By::Destination]).await?;
    let mut by_code: BTreeMap<Destination, Split> = BTreeMap::new();
    for group in snapshot.groups.into_iter().flatten() {
        // Hits of the link from before it had options name no destination.
        let Some(code) = group.key.as_deref().and_then(|k| k.parse().ok()) else {
            continue;
        };
        let Some(destination) = Destination::from_code(code) else {
            continue;
        };
        by_code.entry(destination).or_default().add(
            &group.kind,
            group.source.as_deref(),
            group.hits,
        );
    }
    Ok(by_code
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
