//! The analyst's dashboard: dark against public sharing for the chosen period and filters,
//! every table exportable as CSV, and the last 30 minutes live.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;

use super::compare::{self, Delta};
use super::dashboard_filters::{Filters, unknown_page};
use super::tables::{self, Names, Table, pct};
use super::{PageError, Viewer};
use crate::app::AppState;
use crate::clock::now_ms;
use crate::i18n;
use crate::links::Link;
use crate::links::catalogue::Catalogue;
use crate::routes::pages::render;
use crate::stats::compare::{Summary, previous};
use crate::stats::report::{DARK_BENCHMARK, MOBILE_BENCHMARK};
use crate::stats::{Filter, FilterQuery, Grain, Report, Split, names};

#[derive(Template)]
#[template(path = "ui/dashboard.html")]
struct DashboardPage<'a> {
    section: &'a str,
    viewer: &'a Viewer,
    query: &'a FilterQuery,
    query_string: String,
    report: &'a Report,
    tables: Vec<Table>,
    dark_share: String,
    dark_vs_public: String,
    benchmark: String,
    mobile_dark: String,
    mobile_public: String,
    mobile_benchmark: String,
    chart: String,
    split_bar: String,
    /// The same headline figures for the period before, and the changes since.
    before: Summary,
    clicks_delta: Delta,
    visitors_delta: Delta,
    shares_delta: Delta,
    dark_delta: Option<Delta>,
    mobile_delta: Option<Delta>,
    filters: Filters<'a>,
    timezone: &'a str,
    /// The filtered link's destination, when one link is shown.
    link_url: Option<String>,
    /// The shown link's visits without tracking (DNT/GPC), ever: in no other figure.
    untracked: i64,
    /// The time (HH:MM:SS, the viewer's) the figures were current, when they come from a
    /// read replica more than 10 s behind.
    as_of: Option<String>,
    error: Option<String>,
    /// Whether the geolocation database names cities ([`crate::geo::Geo::gives_cities`]).
    cities_known: bool,
}

impl DashboardPage<'_> {
    /// What an empty table says: nothing in the period, or, for cities, that the database
    /// gives none (the countries table beside it may well be full).
    fn empty_text(&self, table: &Table) -> String {
        if table.id == "cities" && !self.cities_known {
            i18n::t("cities-unknown")
        } else {
            i18n::t("nothing-in-period")
        }
    }

    /// "Private against public sharing … 12 clicks.": the share, and the clicks without a
    /// referrer with their plural right.
    fn dark_vs_public_line(&self) -> String {
        let no_referrer = self.report.no_referrer;
        i18n::current().text_with(
            "dark-vs-public-line",
            &[
                ("share", i18n::Arg::from(&self.dark_vs_public)),
                ("count", i18n::Arg::from(i18n::count(no_referrer))),
                ("n", i18n::Arg::from(no_referrer)),
            ],
        )
    }

    /// "shares detected (…) and 3 bots", after the shares' count, with each plural right.
    fn shares_detected_line(&self) -> String {
        let (previews, bots) = (self.report.total.previews, self.report.total.bots);
        i18n::current().text_with(
            "shares-detected-line",
            &[
                ("previews_n", i18n::Arg::from(previews)),
                ("bots", i18n::Arg::from(i18n::count(bots))),
                ("bots_n", i18n::Arg::from(bots)),
            ],
        )
    }
}

#[derive(Template)]
#[template(path = "ui/live.html")]
struct LiveFragment {
    /// The last 30 minutes' hits, split as the dashboard's report splits them.
    total: Split,
    /// The latest minutes with clicks, newest first, split into every class the headline
    /// counts so each row adds up to its clicks as the headline does.
    minutes: Vec<(String, Split)>,
}

/// The live view opened as a page (scripts off, or a link followed): the fragment in the
/// app's layout, reloading itself every 10 seconds without a script.
#[derive(Template)]
#[template(path = "ui/live_page.html")]
struct LivePage<'a> {
    section: &'a str,
    viewer: &'a Viewer,
    query_string: String,
    fragment: LiveFragment,
}

/// The header the dashboard's script sends to have the live view as a bare fragment.
const FRAGMENT_HEADER: &str = "lanterne-fragment";

impl LiveFragment {
    /// Clicks from search engines and other sites, so the parts add up to the clicks.
    fn other(&self) -> i64 {
        self.total.search + self.total.referral
    }
}

pub(super) fn query_string(query: &FilterQuery) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in [
        ("period", &query.period),
        ("from", &query.from),
        ("to", &query.to),
        ("campaign", &query.campaign),
        ("channel", &query.channel),
        ("tag", &query.tag),
        ("link", &query.link),
    ] {
        if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
            q.append_pair(name, value);
        }
    }
    if query.automated == Some(true) {
        q.append_pair("automated", "true");
    }
    q.finish()
}

pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<FilterQuery>,
) -> Result<Response, PageError> {
    let (filter, error) = match query.filter(&state.timezone) {
        Ok(filter) => (filter, None),
        Err(message) => (
            FilterQuery::default()
                .filter(&state.timezone)
                .unwrap_or_default(),
            // Shown alone above the page: a sentence, not the API's lower-case clause.
            Some(super::forms::sentence(&message.localized())),
        ),
    };
    let mut filter = in_viewers_hours(filter, &viewer, &state);
    if let Some(unknown) =
        names::resolve(&state.db, state.domains().base_host(), &mut filter).await?
    {
        return unknown_page(&state, &viewer, &query, &unknown).await;
    }
    let as_of = figures_as_of(&state, &viewer);
    let db = state.reads.db();
    let report = Report::build(db, &filter).await?;
    let before = Summary::build(db, &previous(&filter)).await?;
    let choices = db.filter_choices().await?;
    let (catalogue, top_links) = names_of(&state, &report).await?;
    let link_href = |slug: &str| link_href(&query, slug);
    let names = Names {
        catalogue: &catalogue,
        links: &top_links,
        link_href: &link_href,
    };
    let mut tables = tables::all(&report, &names);
    let (mut link_url, mut untracked) = (None, 0);
    let own = match &filter.link {
        Some(key) => link_tables(&state, &filter, key, &viewers_zone(&viewer, &state)).await?,
        None => None,
    };
    if let Some(own) = own {
        link_url = Some(crate::links::readable::readable(&own.url));
        untracked = own.untracked;
        tables.splice(0..0, own.tables);
    }
    let page = DashboardPage {
        section: "dashboard",
        viewer: &viewer,
        query: &query,
        query_string: query_string(&query),
        tables,
        dark_share: pct(report.total.dark_share()),
        dark_vs_public: pct(report.total.dark_vs_public()),
        benchmark: pct(Some(DARK_BENCHMARK)),
        mobile_dark: pct(report.mobile_share_dark),
        mobile_public: pct(report.mobile_share_public),
        mobile_benchmark: pct(Some(MOBILE_BENCHMARK)),
        chart: super::chart::days(&report.days, report.bucket, Some(&before.days)),
        clicks_delta: compare::count(
            report.total.shown(query.automated == Some(true)),
            before.total.shown(query.automated == Some(true)),
        ),
        visitors_delta: compare::count(report.unique_visitors, before.unique_visitors),
        shares_delta: compare::count(report.total.previews, before.total.previews),
        dark_delta: compare::share(report.total.dark_share(), before.total.dark_share()),
        mobile_delta: compare::share(report.mobile_share_dark, before.mobile_share_dark),
        before,
        split_bar: super::chart::split(&report.total),
        report: &report,
        filters: Filters {
            query: &query,
            choices,
            catalogue: &catalogue,
            channel: filter.channel.clone(),
        },
        timezone: &state.timezone,
        link_url,
        untracked,
        as_of,
        error,
        cities_known: state.geo.gives_cities(),
    };
    Ok(render(StatusCode::OK, &page))
}

/// When the figures read now were current, in the viewer's time zone, if the read replica
/// they come from is behind.
fn figures_as_of(state: &AppState, viewer: &Viewer) -> Option<String> {
    let at = jiff::Timestamp::from_millisecond(state.reads.figures_as_of()?).ok()?;
    Some(
        at.to_zoned(viewers_zone(viewer, state))
            .strftime("%H:%M:%S")
            .to_string(),
    )
}

/// The viewer's time zone (theirs, else the server's).
pub(super) fn viewers_zone(viewer: &Viewer, state: &AppState) -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::get(viewer.timezone(state)).unwrap_or(jiff::tz::TimeZone::UTC)
}

/// Hours are named in the viewer's time zone. Days stay the server's: they are counted in
/// rollups of its days, the same for every viewer.
pub(super) fn in_viewers_hours(mut filter: Filter, viewer: &Viewer, state: &AppState) -> Filter {
    if filter.grain == Grain::Hour {
        filter.timezone = viewers_zone(viewer, state);
    }
    filter
}

/// The channel catalogue (for labels) and the report's top links (for their campaign and
/// channel).
pub(super) async fn names_of(
    state: &AppState,
    report: &Report,
) -> sqlx::Result<(Catalogue, Vec<Link>)> {
    let keys: Vec<String> = report.links.iter().map(|r| r.key.clone()).collect();
    tokio::try_join!(
        state.reads.db().channel_catalogue(),
        state.reads.db().links_by_stats_keys(&keys)
    )
}

/// One link's own dashboard, for the same period and with the same switches.
pub(super) fn link_href(query: &FilterQuery, slug: &str) -> String {
    let one = FilterQuery {
        link: Some(slug.to_owned()),
        ..query.clone()
    };
    format!("/dashboard?{}", query_string(&one))
}

/// Hits of one link shown on its dashboard (the API pages through all of them).
const RECENT_HITS: i64 = 100;

/// What one link's dashboard shows besides the report.
pub(super) struct OneLink {
    /// Its destination.
    pub url: String,
    pub tables: Vec<Table>,
    /// Its visits without tracking, ever (they are counted, with no time: a period has none).
    pub untracked: i64,
}

/// The destination of the link `filter` shows (`key`) and its own tables, times in `tz`: its
/// hits of the period by destination when it has several (rules, A/B variants, a URL after
/// its end), then its latest hits. `None` when there is no such link.
pub(super) async fn link_tables(
    state: &AppState,
    filter: &Filter,
    key: &str,
    tz: &jiff::tz::TimeZone,
) -> sqlx::Result<Option<OneLink>> {
    let (domain, slug) = crate::links::of_stats_key(key);
    let db = state.reads.db();
    let Some(link) = db.link_by_slug(domain, slug).await? else {
        return Ok(None);
    };
    let mut own = Vec::new();
    if !link.spec.options.destinations().is_empty() {
        let rows = crate::stats::destinations::by_destination(db, filter, &link).await?;
        own.push(tables::destinations(rows));
    }
    let (hits, untracked) = tokio::try_join!(
        db.hits_of_link(link.id, None, RECENT_HITS),
        db.untracked_visits(link.id)
    )?;
    own.push(tables::recent(hits, tz));
    Ok(Some(OneLink {
        url: link.spec.url,
        tables: own,
        untracked,
    }))
}

/// The last 30 minutes, as an HTML fragment the page reloads every 10 seconds: of the hits the
/// dashboard's filters choose (campaign, channel, theme, link, bots), whatever its period.
pub async fn live(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Query(query): Query<FilterQuery>,
) -> Result<Response, PageError> {
    let tz = viewers_zone(&viewer, &state);
    let now = now_ms();
    let mut chosen = query.filter(&state.timezone).unwrap_or_default();
    names::resolve_or_refuse(&state.db, state.domains().base_host(), &mut chosen).await?;
    let filter = Filter {
        from: now - 30 * 60_000,
        to: now + 1,
        ..chosen
    };
    let groups = state.reads.db().hits_per_minute(&filter).await?;
    // Split as the dashboard's report splits, so the live counts and the report's agree.
    let mut total = Split::default();
    let mut per_minute: std::collections::BTreeMap<i64, Split> = Default::default();
    for g in groups {
        let minute = g
            .key
            .as_deref()
            .and_then(|k| k.parse::<i64>().ok())
            .unwrap_or(0);
        total.add(&g.kind, g.source.as_deref(), g.hits);
        per_minute
            .entry(minute)
            .or_default()
            .add(&g.kind, g.source.as_deref(), g.hits);
    }
    let minutes = per_minute
        .into_iter()
        .rev()
        .filter(|(_, split)| split.clicks > 0)
        .take(10)
        .map(|(minute, split)| {
            let time = jiff::Timestamp::from_millisecond(minute * 60_000)
                .map(|t| t.to_zoned(tz.clone()).strftime("%H:%M %Z").to_string())
                .unwrap_or_default();
            (time, split)
        })
        .collect();
    let fragment = LiveFragment { total, minutes };
    let mut response = if headers.contains_key(FRAGMENT_HEADER) {
        render(StatusCode::OK, &fragment)
    } else {
        let page = LivePage {
            section: "dashboard",
            viewer: &viewer,
            query_string: query_string(&query),
            fragment,
        };
        render(StatusCode::OK, &page)
    };
    // The same address answers a fragment or a page: a cache must keep them apart.
    response
        .headers_mut()
        .append(header::VARY, HeaderValue::from_static(FRAGMENT_HEADER));
    Ok(response)
}
