//! The dashboard of a publisher's own site, and of one of its pages: how much of the sharing
//! is dark against the 69 % benchmark, the Google-Analytics heuristic beside it, shares by
//! method, arrivals per share, generations, the pages, the views by UTM campaign
//! (`site_dashboard_utm.rs`); every table as CSV (`site_export.rs`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::site_dashboard_utm::{self, UtmLine};
use super::tables::{pct, thousands};
use super::{PageError, Viewer};
use crate::app::AppState;
use crate::i18n::Message;
use crate::i18n::{self, Arg};
use crate::links::channels::{self, Channel};
use crate::routes::pages::render;
use crate::sites::Site;
use crate::sites::beacon::BUTTONS;
use crate::sites::pages::{PageFigures, SitePages};
use crate::stats::report::{DARK_BENCHMARK, Split};
use crate::stats::{Filter, FilterQuery};

/// Pages listed on the site's dashboard (its CSV has them all).
const PAGES_SHOWN: usize = 200;

#[derive(Deserialize, Default, Clone)]
pub struct SiteQuery {
    period: Option<String>,
    from: Option<String>,
    to: Option<String>,
    /// One page's URL: that page's own dashboard.
    page: Option<String>,
    /// `1`: count the views by UTM campaign too. Asked for, not shown by default: it reads
    /// every view of the period once more, which took the page from 6 s to 9–10 s on SQLite
    /// with a million events (docs/performance.md, "The site snippet's events").
    utm: Option<String>,
}

impl SiteQuery {
    fn filter(&self, timezone: &str) -> Result<Filter, Message> {
        FilterQuery {
            period: self.period.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            ..FilterQuery::default()
        }
        .filter(timezone)
    }

    pub(super) fn page(&self) -> Option<&str> {
        self.page.as_deref().filter(|p| !p.is_empty())
    }

    /// Whether the views by UTM campaign were asked for.
    fn shows_utm(&self) -> bool {
        self.utm.as_deref() == Some("1")
    }

    /// The query string of the same period, for one page (`page`) or the whole site.
    fn with_page(&self, page: Option<&str>) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in [
            ("period", &self.period),
            ("from", &self.from),
            ("to", &self.to),
        ] {
            if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
                q.append_pair(name, value);
            }
        }
        if let Some(page) = page {
            q.append_pair("page", page);
        }
        q.finish()
    }
}

/// One row of the pages table, formatted for people.
struct PageLine {
    url: String,
    href: String,
    views: String,
    arrivals: String,
    dark_share: String,
    direct_deep: String,
    address_bar_shares: String,
    copies: String,
    button_shares: String,
    share_clicks: String,
    virality: String,
}

/// Views of one generation.
struct Generation {
    number: usize,
    views: String,
    share: String,
}

#[derive(Template)]
#[template(path = "ui/site_dashboard.html")]
struct SiteDashboard<'a> {
    section: &'a str,
    viewer: &'a Viewer,
    site: &'a Site,
    /// The page shown alone, if one is.
    page: Option<&'a str>,
    period: &'a str,
    query: &'a SiteQuery,
    /// The same period's query string, for the CSV links.
    query_string: String,
    error: Option<String>,
    figures: &'a PageFigures,
    arrivals: String,
    dark_share: String,
    benchmark: String,
    split_bar: String,
    /// Arrivals with no referrer on a deep URL (written with its words by the template).
    direct_deep: i64,
    direct_deep_share: String,
    buttons: Vec<(String, String)>,
    button_total: String,
    shares: String,
    virality: String,
    /// Virality as written (two places), which chooses the words' plural form: French uses
    /// the singular below 2 ("0,33 arrivée par partage").
    virality_n: f64,
    generations: Vec<Generation>,
    lines: Vec<PageLine>,
    more_pages: usize,
    /// The views by UTM tags, and the rows past the table's.
    /// `None` until asked for ([`SiteQuery::shows_utm`]).
    campaigns: Option<Vec<UtmLine>>,
    more_campaigns: usize,
    timezone: &'a str,
}

impl SiteDashboard<'_> {
    /// Arrivals among views, and the views that are no arrival.
    fn arrivals_line(&self) -> String {
        let f = self.figures;
        i18n::current().text_with(
            "site-arrivals-line",
            &[
                ("arrivals", Arg::from(&self.arrivals)),
                ("arrivals_n", Arg::from(f.arrivals())),
                ("views", Arg::from(thousands(f.views))),
                ("views_n", Arg::from(f.views)),
                ("internal", Arg::from(thousands(f.internal))),
                ("internal_n", Arg::from(f.internal)),
                ("private", Arg::from(thousands(f.private_views))),
                ("private_n", Arg::from(f.private_views)),
            ],
        )
    }

    /// Shares made, and the arrivals they brought.
    fn virality_line(&self) -> String {
        let f = self.figures;
        i18n::current().text_with(
            "site-virality-text",
            &[
                ("shares", Arg::from(&self.shares)),
                ("shares_n", Arg::from(f.shares())),
                ("opened", Arg::from(thousands(f.address_bar_shares))),
                ("opened_n", Arg::from(f.address_bar_shares)),
                ("clicks", Arg::from(thousands(f.share_clicks))),
                ("clicks_n", Arg::from(f.share_clicks)),
            ],
        )
    }

    /// The pages past the table's, which only the CSV holds.
    fn more_pages_line(&self) -> String {
        i18n::tn("site-more-pages", self.more_pages as i64)
    }

    /// The UTM rows past the table's, which only the CSV holds.
    fn more_campaigns_line(&self) -> String {
        i18n::tn("site-more-campaigns", self.more_campaigns as i64)
    }
}

/// A share button as people read it: the name of the catalogue's channel its links are
/// declared for, in the page's language; the phone's own share menu has a name of its own.
pub(super) fn button_name(button: &str) -> String {
    if button == "share" {
        return i18n::t("site-button-share");
    }
    let channel = BUTTONS
        .iter()
        .find(|(name, _)| *name == button)
        .map_or(button, |(_, channel)| *channel);
    channels::find(channel).map_or_else(|| button.to_owned(), Channel::name)
}

#[derive(Template)]
#[template(path = "ui/site_list.html")]
struct SiteList<'a> {
    section: &'a str,
    viewer: &'a Viewer,
    sites: Vec<Site>,
}

/// Every site, to choose one.
pub async fn list(State(state): State<AppState>, viewer: Viewer) -> Result<Response, PageError> {
    let sites = state.reads.lists().sites().await?;
    let page = SiteList {
        section: "site-dashboard",
        viewer: &viewer,
        sites,
    };
    Ok(render(StatusCode::OK, &page))
}

/// The query's period, or the default one and the sentence that says what was wrong.
pub(super) fn period(state: &AppState, query: &SiteQuery) -> (Filter, Option<String>) {
    match query.filter(&state.timezone) {
        Ok(filter) => (filter, None),
        Err(message) => (
            SiteQuery::default()
                .filter(&state.timezone)
                .unwrap_or_default(),
            // Shown alone above the page: a sentence, not the API's lower-case clause.
            Some(super::forms::sentence(&message.localized())),
        ),
    }
}

/// The figures of the site `id` (or of its page `query.page`) over the query's period.
pub(super) async fn figures(
    state: &AppState,
    id: i64,
    query: &SiteQuery,
) -> Result<(Site, Filter, SitePages, Option<String>), PageError> {
    let site = state
        .reads
        .db()
        .site(id)
        .await?
        .ok_or_else(|| PageError::missing("site"))?;
    let (filter, error) = period(state, query);
    let mut pages = state
        .reads
        .db()
        .site_pages(id, filter.from, filter.to)
        .await?;
    if let Some(one) = query.page() {
        pages.retain(|p| p.url == one);
    }
    Ok((site, filter, SitePages::new(pages, usize::MAX), error))
}

/// The UTM table's lines, and how many rows are left out, when they were asked for
/// ([`SiteQuery::shows_utm`]).
async fn utm_lines(
    state: &AppState,
    id: i64,
    filter: &Filter,
    query: &SiteQuery,
) -> Result<(Option<Vec<UtmLine>>, usize), PageError> {
    if !query.shows_utm() {
        return Ok((None, 0));
    }
    let campaigns = site_dashboard_utm::campaigns(state, id, filter, query.page()).await?;
    let (lines, more) = site_dashboard_utm::lines(&campaigns);
    Ok((Some(lines), more))
}

pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(query): Query<SiteQuery>,
) -> Result<Response, PageError> {
    let id = PageError::id_in_path(&id, "site")?;
    // The UTM table's one GROUP BY, when asked for, runs beside the pages' counts, on a
    // connection of its own.
    let (filter, _) = period(&state, &query);
    let ((site, _, pages, error), (campaigns, more_campaigns)) = tokio::try_join!(
        figures(&state, id, &query),
        utm_lines(&state, id, &filter, &query)
    )?;
    let total = &pages.total;
    let split = Split {
        clicks: total.arrivals(),
        dark: total.dark,
        public: total.public,
        search: total.search,
        referral: total.referral,
        ..Split::default()
    };
    let share = |part: i64, whole: i64| (whole > 0).then(|| part as f64 / whole as f64);
    // Shares of one whole: they add up to 100 %, as the reader adds them.
    let generations = total
        .generations
        .iter()
        .zip(i18n::pct_of_parts(&total.generations))
        .enumerate()
        .map(|(number, (views, share))| Generation {
            number,
            views: thousands(views),
            share,
        })
        .collect();
    let lines = pages
        .pages
        .iter()
        .take(PAGES_SHOWN)
        .map(|p| PageLine {
            href: format!("/dashboard/sites/{id}?{}", query.with_page(Some(&p.url))),
            url: p.url.clone(),
            views: thousands(p.views),
            arrivals: thousands(p.arrivals()),
            dark_share: pct(p.dark_share()),
            direct_deep: thousands(p.direct_deep()),
            address_bar_shares: thousands(p.address_bar_shares),
            copies: thousands(p.copies),
            button_shares: thousands(p.button_share_total()),
            share_clicks: thousands(p.share_clicks),
            virality: p
                .virality()
                .map_or_else(|| i18n::pct(None), |v| i18n::decimal(v, 2)),
        })
        .collect();
    let page = SiteDashboard {
        section: "site-dashboard",
        viewer: &viewer,
        site: &site,
        page: query.page(),
        period: query.period.as_deref().unwrap_or("30d"),
        query: &query,
        query_string: query.with_page(query.page()),
        error,
        figures: total,
        arrivals: thousands(total.arrivals()),
        dark_share: pct(total.dark_share()),
        benchmark: pct(Some(DARK_BENCHMARK)),
        split_bar: super::chart::split(&split),
        direct_deep: pages.direct_deep,
        direct_deep_share: pct(share(pages.direct_deep, total.arrivals())),
        buttons: total
            .button_shares
            .iter()
            .map(|(button, n)| (button_name(button), thousands(n)))
            .collect(),
        button_total: thousands(total.button_share_total()),
        shares: thousands(total.shares()),
        virality: total
            .virality()
            .map(|v| i18n::decimal(v, 2))
            .unwrap_or_default(),
        virality_n: total
            .virality()
            .map_or(0.0, |v| (v * 100.0).round() / 100.0),
        generations,
        more_pages: pages.pages.len().saturating_sub(PAGES_SHOWN),
        lines,
        campaigns,
        more_campaigns,
        timezone: &state.timezone,
    };
    Ok(render(StatusCode::OK, &page))
}
