//! A report: every section of the dashboard computed from grouped counts of the hit log.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Filter, Grain, HOUR_MS};
use crate::db::Db;
use crate::db::rollups::next_day_start;
use crate::db::stats::{By, Group};
use crate::links::catalogue::Catalogue;
use crate::links::channels::Reach;

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
    pub fn add(&mut self, kind: &str, source: Option<&str>, n: i64) {
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

    pub(super) fn share(part: i64, whole: i64) -> Option<f64> {
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
    /// Shares detected (link previews) by the platform that fetched them, most first.
    pub shares: Vec<PlatformShares>,
}

impl ChannelRow {
    /// A channel with no hit in the period.
    pub fn without_hits(channel: &str, catalogue: &Catalogue) -> ChannelRow {
        ChannelRow {
            channel: channel.to_owned(),
            reach: catalogue.reach(channel).as_str(),
            split: Split::default(),
            leakage: None,
            shares: Vec::new(),
        }
    }
}

/// Link previews fetched by one platform: someone pasted the link there.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PlatformShares {
    pub platform: String,
    pub previews: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Report {
    /// What `days` counts in: `day`, or `hour` for the last 24 hours.
    pub bucket: &'static str,
    pub total: Split,
    /// Visitors, each counted once per link and day (their anonymous id changes daily).
    pub unique_visitors: i64,
    /// Clicks with no referrer at all: the classic definition of dark social.
    pub no_referrer: i64,
    /// Every day (or hour) of the period, in order, keyed `YYYY-MM-DD` (or `YYYY-MM-DD HH:MM`).
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

/// Groups summed by a key made of their keys, in [`by_clicks`] order; `None` keys are dropped.
pub(super) fn rows_by(groups: &[Group], key: impl Fn(&Group) -> Option<String>) -> Vec<Row> {
    let mut by_key: BTreeMap<String, Split> = BTreeMap::new();
    for g in groups {
        if let Some(k) = key(g) {
            by_key
                .entry(k)
                .or_default()
                .add(&g.kind, g.source.as_deref(), g.hits);
        }
    }
    let mut rows: Vec<Row> = by_key
        .into_iter()
        .map(|(key, split)| Row { key, split })
        .collect();
    rows.sort_by(by_clicks);
    rows
}

/// The order of every table of counts: by the clicks its first count column shows, most
/// first; then by shares detected (previews), which a row of no clicks may still have; then
/// by name, so that rows of equal counts come in the same order on every page.
fn by_clicks(a: &Row, b: &Row) -> std::cmp::Ordering {
    (b.split.clicks.cmp(&a.split.clicks))
        .then(b.split.previews.cmp(&a.split.previews))
        .then(a.key.cmp(&b.key))
}

/// Groups by their first key, with `unknown` for an empty one.
pub(super) fn rows(groups: &[Group], unknown: &str) -> Vec<Row> {
    rows_by(groups, |g| {
        Some(
            g.key
                .clone()
                .filter(|k| !k.is_empty())
                .unwrap_or_else(|| unknown.to_owned()),
        )
    })
}

/// Groups by their second key, leaving out empty ones.
fn rows_by_second_key(groups: &[Group], label: impl Fn(&Group, &str) -> String) -> Vec<Row> {
    rows_by(groups, |g| {
        g.key2
            .as_deref()
            .filter(|k| !k.is_empty())
            .map(|k2| label(g, k2))
    })
}

/// The queries of a report, in the order their answers come back.
const QUERIES: [By; 9] = [
    By::Bucket,
    By::Channel,
    By::Tag,
    By::Device,
    By::Place,
    By::Origin,
    By::Campaign,
    By::Link,
    By::ChannelPlatform,
];

impl Report {
    pub async fn build(db: &Db, filter: &Filter) -> sqlx::Result<Report> {
        let snapshot = db.report_groups(filter, &QUERIES).await?;
        let [
            buckets,
            channels,
            tags,
            devices,
            places,
            origins,
            campaigns,
            links,
            shares,
        ] = <[Vec<Group>; 9]>::try_from(snapshot.groups)
            .map_err(|_| sqlx::Error::Protocol("a report query went missing".into()))?;

        let total = total(&buckets);
        let days = fill_buckets(rows(&buckets, ""), filter);

        // Admins' own channels count with the reach they were given.
        let catalogue = db.channel_catalogue().await?;
        let channels = channel_rows(&channels, &shares, &catalogue);

        let themes = themes_by_private_sharing(rows(&tags, "(untagged)"));
        let devices = rows(&devices, "unknown");
        let mobile_share_dark = mobile_share(&devices, |s| s.dark);
        let mobile_share_public = mobile_share(&devices, |s| s.public);

        let mut platforms = rows(&origins, "");
        platforms.retain(|r| !r.key.is_empty());
        let referrers = rows_by_second_key(&origins, |_, host| host.to_owned());
        let no_referrer = no_referrer(&origins);
        let cities = rows_by_second_key(&places, |g, city| {
            format!("{city}, {}", g.key.as_deref().unwrap_or(""))
        });

        Ok(Report {
            bucket: filter.grain.name(),
            unique_visitors: snapshot.visitors,
            no_referrer,
            total,
            days,
            channels,
            themes,
            mobile_share_dark,
            mobile_share_public,
            devices,
            countries: top(rows(&places, "(unknown)"), 25),
            cities: top(cities, 25),
            referrers: top(referrers, 25),
            platforms: top(platforms, 25),
            campaigns: top(rows(&campaigns, "(none)"), 25),
            links: top(rows(&links, ""), 25),
        })
    }
}

/// Every group summed.
pub(super) fn total(buckets: &[Group]) -> Split {
    rows_by(buckets, |_| Some(String::new()))
        .pop()
        .map(|r| r.split)
        .unwrap_or_default()
}

/// Phones and tablets among the devices' `pick` (dark or public clicks).
pub(super) fn mobile_share(devices: &[Row], pick: fn(&Split) -> i64) -> Option<f64> {
    let all: i64 = devices.iter().map(|r| pick(&r.split)).sum();
    let mobile: i64 = devices
        .iter()
        .filter(|r| r.key == "mobile" || r.key == "tablet")
        .map(|r| pick(&r.split))
        .sum();
    Split::share(mobile, all)
}

/// Clicks that came with no referrer at all, from groups by origin.
pub(super) fn no_referrer(origins: &[Group]) -> i64 {
    origins
        .iter()
        .filter(|g| g.kind == "click" && g.key2.as_deref().is_none_or(str::is_empty))
        .map(|g| g.hits)
        .sum()
}

/// Per declared channel: its clicks, the leakage of a public one into private chats, and the
/// previews (detected shares) by platform.
fn channel_rows(channels: &[Group], shares: &[Group], catalogue: &Catalogue) -> Vec<ChannelRow> {
    let mut shares_by_channel: BTreeMap<String, Vec<PlatformShares>> = BTreeMap::new();
    for g in shares.iter().filter(|g| g.kind == "preview" && g.hits > 0) {
        let channel = g.key.clone().unwrap_or_else(|| "(none)".into());
        let platform = g
            .key2
            .clone()
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| "(unknown)".into());
        let list = shares_by_channel.entry(channel).or_default();
        match list.iter_mut().find(|s| s.platform == platform) {
            Some(known) => known.previews += g.hits,
            None => list.push(PlatformShares {
                platform,
                previews: g.hits,
            }),
        }
    }
    rows(channels, "(none)")
        .into_iter()
        .map(|row| {
            let reach = catalogue.reach(&row.key);
            ChannelRow {
                leakage: if reach == Reach::Public {
                    row.split.dark_share()
                } else {
                    None
                },
                reach: reach.as_str(),
                shares: {
                    let mut list = shares_by_channel.remove(&row.key).unwrap_or_default();
                    list.sort_by_key(|share| std::cmp::Reverse(share.previews));
                    list
                },
                channel: row.key,
                split: row.split,
            }
        })
        .collect()
}

/// Themes shared most privately (dark against public) first, then by clicks.
fn themes_by_private_sharing(mut themes: Vec<Row>) -> Vec<Row> {
    themes.sort_by(|a, b| {
        b.split
            .dark_vs_public()
            .unwrap_or(0.0)
            .total_cmp(&a.split.dark_vs_public().unwrap_or(0.0))
            .then(b.split.clicks.cmp(&a.split.clicks))
    });
    themes
}

fn top(mut rows: Vec<Row>, n: usize) -> Vec<Row> {
    rows.truncate(n);
    rows
}

/// Every hour or day of the period, in order, with zero rows for those without hits; keys
/// become dates (and hours) in the time zone.
pub(super) fn fill_buckets(rows: Vec<Row>, filter: &Filter) -> Vec<Row> {
    let mut by_start: BTreeMap<i64, Split> = rows
        .into_iter()
        .filter_map(|r| Some((r.key.parse::<i64>().ok()?, r.split)))
        .collect();
    let mut filled = Vec::new();
    let mut start = filter.from;
    while start < filter.to {
        let local = jiff::Timestamp::from_millisecond(start)
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
            .to_zoned(filter.timezone.clone());
        let (key, next) = match filter.grain {
            Grain::Day => (
                local.strftime("%Y-%m-%d").to_string(),
                next_day_start(start, &filter.timezone),
            ),
            // Hours are UTC hours: in a zone half an hour off, they start at :30.
            Grain::Hour => (
                local.strftime("%Y-%m-%d %H:%M").to_string(),
                start + HOUR_MS,
            ),
        };
        filled.push(Row {
            key,
            split: by_start.remove(&start).unwrap_or_default(),
        });
        start = next;
    }
    filled
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
