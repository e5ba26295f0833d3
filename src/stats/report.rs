//! A report: every section of the dashboard computed from grouped counts of the hit log.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{DAY_MS, Filter};
use crate::db::Db;
use crate::db::stats::{By, Group};
use crate::links::channels::{self, Reach};

/// Dark social's share of all sharing in industry studies (RadiumOne, 2014).
pub const DARK_BENCHMARK: f64 = 0.69;
/// The share of dark social that happens on mobile in the same studies.
pub const MOBILE_BENCHMARK: f64 = 0.36;

/// Hits of one group, split by what they are and where clicks came from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Split {
    pub clicks: i64,
    pub dark: i64,
    pub public: i64,
    pub search: i64,
    pub referral: i64,
    pub previews: i64,
    pub bots: i64,
}

impl Split {
    fn add(&mut self, kind: &str, source: Option<&str>, n: i64) {
        match (kind, source) {
            ("click", source) => {
                self.clicks += n;
                match source {
                    Some("public") => self.public += n,
                    Some("search") => self.search += n,
                    Some("referral") => self.referral += n,
                    _ => self.dark += n,
                }
            }
            ("preview", _) => self.previews += n,
            _ => self.bots += n,
        }
    }

    fn share(part: i64, whole: i64) -> Option<f64> {
        (whole > 0).then(|| part as f64 / whole as f64)
    }

    /// Dark clicks among clicks.
    pub fn dark_share(&self) -> Option<f64> {
        Self::share(self.dark, self.clicks)
    }

    /// Dark clicks among dark and public clicks: private against public sharing.
    pub fn dark_vs_public(&self) -> Option<f64> {
        Self::share(self.dark, self.dark + self.public)
    }

    /// The count shown as "hits": clicks, plus previews and bots when asked for.
    pub fn shown(&self, include_automated: bool) -> i64 {
        self.clicks
            + if include_automated {
                self.previews + self.bots
            } else {
                0
            }
    }
}

/// A group's name and its split.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Row {
    pub key: String,
    #[serde(flatten)]
    pub split: Split,
}

/// A declared channel: its clicks, and how much of a public channel leaks into private chats.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ChannelRow {
    pub channel: String,
    /// `private`, `public` or `other`.
    pub reach: &'static str,
    #[serde(flatten)]
    pub split: Split,
    /// For public channels: the share of clicks that arrived with no public evidence (dark).
    pub leakage: Option<f64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Report {
    pub total: Split,
    pub unique_visitors: i64,
    /// Clicks with no referrer at all: the classic definition of dark social.
    pub no_referrer: i64,
    pub days: Vec<Row>,
    pub channels: Vec<ChannelRow>,
    /// Sorted with the most privately shared theme first.
    pub themes: Vec<Row>,
    pub devices: Vec<Row>,
    /// Mobile (phones and tablets) among dark clicks, and among public clicks.
    pub mobile_share_dark: Option<f64>,
    pub mobile_share_public: Option<f64>,
    pub countries: Vec<Row>,
    pub cities: Vec<Row>,
    pub referrers: Vec<Row>,
    pub platforms: Vec<Row>,
    pub campaigns: Vec<Row>,
    pub links: Vec<Row>,
}

fn rows(groups: Vec<Group>, unknown: &str) -> Vec<Row> {
    let mut by_key: BTreeMap<String, Split> = BTreeMap::new();
    for g in groups {
        let key = match (
            g.key.filter(|k| !k.is_empty()),
            g.key2.filter(|k| !k.is_empty()),
        ) {
            (Some(a), Some(b)) => format!("{b}, {a}"),
            (Some(a), None) => a,
            (None, _) => unknown.to_owned(),
        };
        by_key
            .entry(key)
            .or_default()
            .add(&g.kind, g.source.as_deref(), g.hits);
    }
    let mut rows: Vec<Row> = by_key
        .into_iter()
        .map(|(key, split)| Row { key, split })
        .collect();
    rows.sort_by(|a, b| {
        (b.split.clicks + b.split.previews).cmp(&(a.split.clicks + a.split.previews))
    });
    rows
}

impl Report {
    pub async fn build(db: &Db, filter: &Filter) -> sqlx::Result<Report> {
        let total = rows(db.grouped_hits(filter, By::Nothing).await?, "all")
            .into_iter()
            .fold(Split::default(), |mut acc, r| {
                acc.clicks += r.split.clicks;
                acc.dark += r.split.dark;
                acc.public += r.split.public;
                acc.search += r.split.search;
                acc.referral += r.split.referral;
                acc.previews += r.split.previews;
                acc.bots += r.split.bots;
                acc
            });
        let mut days = rows(db.grouped_hits(filter, By::Day).await?, "");
        days.retain(|r| !r.key.is_empty());
        let days = fill_days(days, filter);

        let channels = rows(db.grouped_hits(filter, By::Channel).await?, "(none)")
            .into_iter()
            .map(|row| {
                let reach = channels::reach(&row.key);
                ChannelRow {
                    leakage: if reach == Reach::Public {
                        row.split.dark_share()
                    } else {
                        None
                    },
                    reach: match reach {
                        Reach::Private => "private",
                        Reach::Public => "public",
                        Reach::Other => "other",
                    },
                    channel: row.key,
                    split: row.split,
                }
            })
            .collect();

        let mut themes = rows(db.grouped_hits(filter, By::Tag).await?, "(untagged)");
        themes.sort_by(|a, b| {
            b.split
                .dark_vs_public()
                .unwrap_or(0.0)
                .total_cmp(&a.split.dark_vs_public().unwrap_or(0.0))
                .then(b.split.clicks.cmp(&a.split.clicks))
        });

        let devices = rows(db.grouped_hits(filter, By::Device).await?, "unknown");
        let mobile = |pick: fn(&Split) -> i64| {
            let all: i64 = devices.iter().map(|r| pick(&r.split)).sum();
            let mobile: i64 = devices
                .iter()
                .filter(|r| r.key == "mobile" || r.key == "tablet")
                .map(|r| pick(&r.split))
                .sum();
            Split::share(mobile, all)
        };
        let mobile_share_dark = mobile(|s| s.dark);
        let mobile_share_public = mobile(|s| s.public);

        let mut platforms = rows(db.grouped_hits(filter, By::Platform).await?, "(unknown)");
        platforms.retain(|r| r.key != "(unknown)");
        let mut referrers = rows(db.grouped_hits(filter, By::ReferrerHost).await?, "(none)");
        referrers.retain(|r| r.key != "(none)");
        let mut cities = rows(db.grouped_hits(filter, By::City).await?, "");
        cities.retain(|r| r.key.contains(", "));

        Ok(Report {
            unique_visitors: db.unique_visitors(filter).await?,
            no_referrer: db.clicks_without_referrer(filter).await?,
            total,
            days,
            channels,
            themes,
            mobile_share_dark,
            mobile_share_public,
            devices,
            countries: top(
                rows(db.grouped_hits(filter, By::Country).await?, "(unknown)"),
                25,
            ),
            cities: top(cities, 25),
            referrers: top(referrers, 25),
            platforms: top(platforms, 25),
            campaigns: top(
                rows(db.grouped_hits(filter, By::Campaign).await?, "(none)"),
                25,
            ),
            links: top(rows(db.grouped_hits(filter, By::Link).await?, ""), 25),
        })
    }
}

fn top(mut rows: Vec<Row>, n: usize) -> Vec<Row> {
    rows.truncate(n);
    rows
}

/// Every day of the period, in order, with zero rows for days without hits; keys become dates.
fn fill_days(days: Vec<Row>, filter: &Filter) -> Vec<Row> {
    let mut by_day: BTreeMap<i64, Split> = days
        .into_iter()
        .filter_map(|r| Some((r.key.parse::<i64>().ok()?, r.split)))
        .collect();
    let first = (filter.from + filter.utc_offset_ms).div_euclid(DAY_MS);
    let last = (filter.to - 1 + filter.utc_offset_ms).div_euclid(DAY_MS);
    (first..=last)
        .map(|day| {
            let date = jiff::Timestamp::from_millisecond(day * DAY_MS)
                .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date().to_string())
                .unwrap_or_default();
            Row {
                key: date,
                split: by_day.remove(&day).unwrap_or_default(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_shares() {
        let mut s = Split::default();
        s.add("click", None, 3);
        s.add("click", Some("dark"), 4);
        s.add("click", Some("public"), 3);
        s.add("preview", None, 5);
        assert_eq!((s.clicks, s.dark, s.public, s.previews), (10, 7, 3, 5));
        assert_eq!(s.dark_share(), Some(0.7));
        assert_eq!(s.shown(true), 15);
        assert_eq!(Split::default().dark_share(), None);
    }
}
