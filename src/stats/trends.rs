//! Each declared channel's clicks per day (or hour) of a period: the sparkline beside it on
//! a campaign's report.

use std::collections::BTreeMap;

use super::Filter;
use super::report::{Row, fill_buckets, rows_by};
use crate::db::Db;
use crate::db::stats::By;

/// Clicks per day of the period (every day, those without clicks too) for each channel, by
/// its key (`(none)` for links without one).
pub async fn channel_clicks(db: &Db, filter: &Filter) -> sqlx::Result<BTreeMap<String, Vec<i64>>> {
    let snapshot = db.report_groups(filter, &[By::ChannelBucket]).await?;
    let groups = snapshot.groups.into_iter().next().unwrap_or_default();
    let mut by_channel: BTreeMap<String, Vec<_>> = BTreeMap::new();
    for g in groups {
        let channel = g.key.clone().unwrap_or_else(|| "(none)".into());
        by_channel.entry(channel).or_default().push(g);
    }
    Ok(by_channel
        .into_iter()
        .map(|(channel, groups)| {
            let buckets: Vec<Row> = rows_by(&groups, |g| g.key2.clone());
            let days = fill_buckets(buckets, filter);
            (channel, days.iter().map(|d| d.split.clicks).collect())
        })
        .collect())
}
