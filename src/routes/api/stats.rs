//! `/api/v1/stats`: the dashboard's numbers as JSON, with the same filters.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::Caller;
use super::json::{Json, Query};
use super::openapi::ErrorBody;
use crate::app::AppState;
use crate::error::ApiError;
use crate::stats::report::{PlatformShares, Row, Split};
use crate::stats::{FilterQuery, Grain, Report};

#[derive(Deserialize, IntoParams)]
pub struct StatsQuery {
    /// hour, day, channel, tag, device, country, platform, source, campaign or link. `day`
    /// with `period=24h` counts by hour (the answer then says `hour`); `hour` needs
    /// `period=24h`.
    #[param(pattern = "^(hour|day|channel|tag|device|country|platform|source|campaign|link)$")]
    group_by: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    filter: FilterQuery,
}

#[derive(Serialize, ToSchema)]
pub struct Stats {
    /// What the rows are grouped by: as asked, except that days come as `hour` when the
    /// period (`24h`) is counted by hour.
    #[schema(pattern = "^(hour|day|channel|tag|device|country|platform|source|campaign|link)$")]
    group_by: String,
    total: Split,
    unique_visitors: i64,
    /// Clicks with no referrer at all.
    no_referrer: i64,
    /// Days (or hours for `period=24h`), in order, or groups, most traffic first.
    rows: Vec<StatsRow>,
}

/// One group. Declared channels also carry how they share, their dark leakage and the shares
/// detected per platform; links (keyed by slug) their campaign and channel.
#[derive(Serialize, ToSchema)]
pub struct StatsRow {
    key: String,
    #[serde(flatten)]
    split: Split,
    /// The link's campaign (links only, when it has one).
    #[serde(skip_serializing_if = "Option::is_none")]
    campaign: Option<String>,
    /// The link's channel (links only, when it has one).
    #[serde(skip_serializing_if = "Option::is_none")]
    channel: Option<String>,
    /// `private`, `public` or `other` (channels only).
    #[serde(skip_serializing_if = "Option::is_none")]
    reach: Option<&'static str>,
    /// Dark share of a public channel's clicks (public channels only).
    #[serde(skip_serializing_if = "Option::is_none")]
    leakage: Option<f64>,
    /// Link previews by platform (channels only).
    #[serde(skip_serializing_if = "Option::is_none")]
    shares: Option<Vec<PlatformShares>>,
}

impl From<Row> for StatsRow {
    fn from(row: Row) -> StatsRow {
        StatsRow {
            key: row.key,
            split: row.split,
            campaign: None,
            channel: None,
            reach: None,
            leakage: None,
            shares: None,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/stats", params(StatsQuery, FilterQuery), tag = "stats",
    responses(
        (status = 200, body = Stats), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 503, body = ErrorBody),
    ))]
pub async fn stats(
    State(state): State<AppState>,
    _caller: Caller,
    Query(query): Query<StatsQuery>,
) -> Result<Json<Stats>, ApiError> {
    let filter = query
        .filter
        .filter(&state.timezone)
        .map_err(ApiError::invalid)?;
    let mut group_by = query.group_by.unwrap_or_else(|| "day".into());
    if group_by == "hour" && filter.grain != Grain::Hour {
        return Err(ApiError::invalid(
            "group_by=hour needs the last 24 hours (period=24h, without from and to): longer periods are counted by day",
        ));
    }
    let report = Report::build(&state.db, &filter).await?;
    let rows = match group_by.as_str() {
        "day" => {
            // The answer names the grain it counted in: `hour` for the last 24 hours.
            group_by = report.bucket.to_owned();
            plain(report.days)
        }
        "hour" => plain(report.days),
        "channel" => report
            .channels
            .into_iter()
            .map(|c| StatsRow {
                reach: Some(c.reach),
                leakage: c.leakage,
                shares: Some(c.shares),
                ..StatsRow::from(Row {
                    key: c.channel,
                    split: c.split,
                })
            })
            .collect(),
        "tag" => plain(report.themes),
        "device" => plain(report.devices),
        "country" => plain(report.countries),
        "platform" => plain(report.platforms),
        "campaign" => plain(report.campaigns),
        "link" => {
            let slugs: Vec<String> = report.links.iter().map(|r| r.key.clone()).collect();
            let links = state.db.links_by_slugs(&slugs).await?;
            report
                .links
                .into_iter()
                .map(|row| {
                    // A link deleted since its hits were counted has no campaign or channel.
                    let link = links.iter().find(|l| l.slug == row.key);
                    StatsRow {
                        campaign: link.and_then(|l| l.campaign.clone()),
                        channel: link.and_then(|l| l.channel.clone()),
                        ..StatsRow::from(row)
                    }
                })
                .collect()
        }
        "source" => {
            let t = &report.total;
            let rows = [
                ("dark", t.dark),
                ("public", t.public),
                ("search", t.search),
                ("referral", t.referral),
            ]
            .into_iter()
            .map(|(key, n)| {
                // Each row is one source: its clicks, all in that source's column.
                let mut split = Split {
                    clicks: n,
                    ..Split::default()
                };
                match key {
                    "dark" => split.dark = n,
                    "public" => split.public = n,
                    "search" => split.search = n,
                    _ => split.referral = n,
                }
                Row {
                    key: key.into(),
                    split,
                }
            })
            .collect();
            plain(rows)
        }
        other => return Err(ApiError::invalid(format!("cannot group by {other:?}"))),
    };
    Ok(Json(Stats {
        group_by,
        total: report.total,
        unique_visitors: report.unique_visitors,
        no_referrer: report.no_referrer,
        rows,
    }))
}

/// Rows with nothing but their counts.
fn plain(rows: Vec<Row>) -> Vec<StatsRow> {
    rows.into_iter().map(StatsRow::from).collect()
}
