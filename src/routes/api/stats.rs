//! `/api/v1/stats`: the dashboard's numbers as JSON, with the same filters.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::Caller;
use super::json::{Json, Query};
use super::openapi::{ErrorBody, Refusals};
use super::site_pages::{PageExtra, site_pages};
use crate::app::AppState;
use crate::error::ApiError;
use crate::links::change::no_such_link;
use crate::links::options::Pick;
use crate::sites::pages::PageFigures;
use crate::stats::compare::{Summary, previous};
use crate::stats::destinations::by_destination;
use crate::stats::report::{PlatformShares, Row, Split};
use crate::stats::{FilterQuery, Grain, Report};

#[derive(Deserialize, IntoParams)]
pub struct StatsQuery {
    /// hour, day, channel, tag, device, country, platform, source, campaign, link, page or
    /// destination. `day` with `period=24h` counts by hour (the answer then says `hour`);
    /// `hour` needs `period=24h`. `page` (with `site`) counts a site's pages; `destination`
    /// (with `link`) a link's rules and variants.
    #[param(
        pattern = "^(hour|day|channel|tag|device|country|platform|source|campaign|link|page|destination)$"
    )]
    group_by: Option<String>,
    /// A site's id: its pages, with `group_by=page` (the figures of
    /// `/api/v1/sites/{id}/pages`).
    site: Option<i64>,
    /// `previous`: also answer `previous`, the same totals for the period before (as long,
    /// ending where this one starts, with the same filters).
    #[param(pattern = "^previous$")]
    compare: Option<String>,
    #[serde(flatten)]
    #[param(ignore)]
    filter: FilterQuery,
}

#[derive(Serialize, ToSchema)]
pub struct Stats {
    /// What the rows are grouped by: as asked, except that days come as `hour` when the
    /// period (`24h`) is counted by hour.
    #[schema(
        pattern = "^(hour|day|channel|tag|device|country|platform|source|campaign|link|page|destination)$"
    )]
    group_by: String,
    /// First day (or hour, for `period=24h`) of the period counted, `YYYY-MM-DD`
    /// (`YYYY-MM-DD HH:MM`), in the server's time zone.
    #[schema(example = "2026-11-01")]
    from: String,
    /// Last day (or hour) of the period counted, included.
    #[schema(example = "2026-11-30")]
    to: String,
    total: Split,
    unique_visitors: i64,
    /// Clicks with no referrer at all.
    no_referrer: i64,
    /// Mobile (phones and tablets) among dark clicks, 0 to 1, beside the 36 % of industry
    /// studies; null with no dark click, and for a site's pages.
    mobile_share_dark: Option<f64>,
    /// Days (or hours for `period=24h`), in order, or groups, most traffic first.
    rows: Vec<StatsRow>,
    /// With `compare=previous`: the period before's totals.
    #[serde(skip_serializing_if = "Option::is_none")]
    previous: Option<Summary>,
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
    /// A site's page (`group_by=page`, with `key` its URL and `clicks` its arrivals): its
    /// views and shares, as `/api/v1/sites/{id}/pages` counts them.
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<PageExtra>,
    /// Where the destination sends people now (destinations only).
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    /// What picks the destination: `device ios`, `country FR`, `weight 50` (rules and
    /// variants only).
    #[serde(skip_serializing_if = "Option::is_none")]
    picked_by: Option<String>,
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
            page: None,
            url: None,
            picked_by: None,
        }
    }
}

#[utoipa::path(get, operation_id = "showStats", path = "/api/v1/stats", params(StatsQuery, FilterQuery), tag = "stats",
    responses(
        (status = 200, body = Stats),
        (status = 404, description = "No site has the id given as `site`, no link the key given as `link`, no campaign the name given as `campaign` (in any letter case), or no channel the key or label given as `channel`", body = ErrorBody),
        (status = 422, body = ErrorBody),
        Refusals,
    ))]
pub async fn stats(
    State(state): State<AppState>,
    _caller: Caller,
    Query(query): Query<StatsQuery>,
) -> Result<Json<Stats>, ApiError> {
    let mut filter = query
        .filter
        .filter(&state.timezone)
        .map_err(ApiError::invalid)?;
    let compare = match query.compare.as_deref() {
        None | Some("") => false,
        Some("previous") => true,
        Some(other) => {
            return Err(ApiError::invalid(format!(
                "cannot compare with {other:?}: use compare=previous"
            )));
        }
    };
    if let Some(site) = query.site {
        if compare {
            return Err(ApiError::invalid(
                "compare=previous is for links' figures, not with site",
            ));
        }
        return site_stats(
            &state,
            site,
            query.group_by.as_deref(),
            &query.filter,
            &filter,
        )
        .await;
    }
    // A link, campaign or channel that is not there is a 404, as an unknown `site` is, rather
    // than zeros that look like no traffic; a channel named by its label is counted by its key.
    crate::stats::names::resolve_or_refuse(&state.db, state.domains().base_host(), &mut filter)
        .await?;
    let mut group_by = query.group_by.unwrap_or_else(|| "day".into());
    if group_by == "hour" && filter.grain != Grain::Hour {
        return Err(ApiError::invalid(
            "group_by=hour needs the last 24 hours (period=24h, without from and to): longer periods are counted by day",
        ));
    }
    // A link's destinations are its own: the link is found before anything is counted.
    let destinations_of = if group_by == "destination" {
        Some(destinations_link(&state, &filter).await?)
    } else {
        None
    };
    let report = Report::build(state.reads.db(), &filter).await?;
    let rows = match group_by.as_str() {
        "day" => {
            // The answer names the grain it counted in: `hour` for the last 24 hours.
            group_by = report.bucket.to_owned();
            plain(report.days)
        }
        "hour" => plain(report.days),
        "channel" => channel_rows(report.channels),
        "tag" => plain(report.themes),
        "device" => plain(report.devices),
        "country" => plain(report.countries),
        "platform" => plain(report.platforms),
        "campaign" => plain(report.campaigns),
        "destination" => {
            let link = destinations_of.expect("found above for group_by=destination");
            destination_rows(&state, &filter, &link).await?
        }
        "link" => link_rows(&state, report.links).await?,
        "source" => source_rows(&report.total),
        "page" => {
            return Err(ApiError::invalid(
                "group_by=page counts a site's pages: give the site, as site=ID",
            ));
        }
        other => return Err(ApiError::invalid(format!("cannot group by {other:?}"))),
    };
    let previous = match compare {
        true => Some(Summary::build(state.reads.db(), &previous(&filter)).await?),
        false => None,
    };
    let (from, to) = filter.first_and_last();
    Ok(Json(Stats {
        group_by,
        from,
        to,
        total: report.total,
        unique_visitors: report.unique_visitors,
        no_referrer: report.no_referrer,
        mobile_share_dark: report.mobile_share_dark,
        rows,
        previous,
    }))
}

/// A site's pages as stats rows: each page's arrivals by source as its split, and its views
/// and shares beside them.
async fn site_stats(
    state: &AppState,
    site: i64,
    group_by: Option<&str>,
    asked: &FilterQuery,
    filter: &crate::stats::Filter,
) -> Result<Json<Stats>, ApiError> {
    if group_by.is_some_and(|g| g != "page") {
        return Err(ApiError::invalid(
            "a site's figures are grouped by page: use group_by=page",
        ));
    }
    let narrowed = [&asked.campaign, &asked.channel, &asked.tag, &asked.link];
    if narrowed
        .iter()
        .any(|f| f.as_deref().is_some_and(|v| !v.is_empty()))
    {
        return Err(ApiError::invalid(
            "site cannot be combined with campaign, channel, tag or link",
        ));
    }
    state
        .reads
        .db()
        .site(site)
        .await?
        .ok_or_else(|| super::sites::no_such_site(site))?;
    let pages = site_pages(state, site, filter, 1000).await?;
    let split = |p: &PageFigures| Split {
        clicks: p.arrivals(),
        dark: p.dark,
        public: p.public,
        search: p.search,
        referral: p.referral,
        ..Split::default()
    };
    let rows = pages
        .pages
        .iter()
        .map(|p| StatsRow {
            page: Some(PageExtra::new(p, p.direct_deep())),
            ..StatsRow::from(Row {
                key: p.url.clone(),
                split: split(p),
            })
        })
        .collect();
    let unique_visitors = state
        .reads
        .db()
        .site_unique_visitors(site, filter.from, filter.to)
        .await?;
    let (from, to) = filter.first_and_last();
    Ok(Json(Stats {
        group_by: "page".into(),
        from,
        to,
        total: split(&pages.total),
        unique_visitors,
        no_referrer: pages.total.direct,
        mobile_share_dark: None,
        rows,
        previous: None,
    }))
}

/// Rows with nothing but their counts.
/// The link `group_by=destination` counts the rules and variants of (`link=SLUG` or
/// `link=HOST/SLUG`).
async fn destinations_link(
    state: &AppState,
    filter: &crate::stats::Filter,
) -> Result<crate::links::Link, ApiError> {
    let key = filter.link.as_deref().ok_or_else(|| {
        ApiError::invalid(
            "group_by=destination needs link=SLUG: destinations are one link's rules and variants",
        )
    })?;
    let (domain, slug) = crate::links::of_stats_key(key);
    let link = state.reads.db().link_by_slug(domain, slug).await?;
    // Found on the primary already ([`crate::stats::names::resolve`]); a replica behind it
    // may not have it.
    link.ok_or_else(|| no_such_link(domain, slug).into())
}

/// Declared channels with their reach, leakage and detected shares.
fn channel_rows(channels: Vec<crate::stats::report::ChannelRow>) -> Vec<StatsRow> {
    channels
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
        .collect()
}

/// Top links with their campaign and channel, so a script needs no second request.
async fn link_rows(state: &AppState, rows: Vec<Row>) -> Result<Vec<StatsRow>, ApiError> {
    let keys: Vec<String> = rows.iter().map(|r| r.key.clone()).collect();
    let links = state.reads.db().links_by_stats_keys(&keys).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            // A link deleted since its hits were counted has no campaign or channel.
            let link = links.iter().find(|l| l.stats_key() == row.key);
            StatsRow {
                campaign: link.and_then(|l| l.spec.campaign.clone()),
                channel: link.and_then(|l| l.spec.channel.clone()),
                ..StatsRow::from(row)
            }
        })
        .collect())
}

/// One row per source of clicks: its clicks, all in that source's column.
fn source_rows(total: &Split) -> Vec<StatsRow> {
    let rows = [
        ("dark", total.dark),
        ("public", total.public),
        ("search", total.search),
        ("referral", total.referral),
    ]
    .into_iter()
    .map(|(key, n)| {
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

/// A link's destinations (its rules and variants) with what picks each.
async fn destination_rows(
    state: &AppState,
    filter: &crate::stats::Filter,
    link: &crate::links::Link,
) -> Result<Vec<StatsRow>, ApiError> {
    Ok(by_destination(state.reads.db(), filter, link)
        .await?
        .into_iter()
        .map(|row| StatsRow {
            url: row.url,
            picked_by: row.picked_by.map(Pick::label),
            ..StatsRow::from(Row {
                key: row.destination.label(),
                split: row.split,
            })
        })
        .collect())
}

fn plain(rows: Vec<Row>) -> Vec<StatsRow> {
    rows.into_iter().map(StatsRow::from).collect()
}
