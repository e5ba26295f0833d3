//! `GET /api/v1/sites/{id}/pages`: a site's pages, busiest first, with what their readers
//! did: views by source, shares by method, arrivals per share and generations.

use std::collections::BTreeMap;

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::Caller;
use super::json::{Json, Path, Query};
use super::openapi::{ErrorBody, Refusals};
use super::sites::no_such_site;
use crate::app::AppState;
use crate::clock::rfc3339;
use crate::error::ApiError;
use crate::sites::pages::{PageFigures, SitePages};
use crate::stats::{Filter, FilterQuery};

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PagesQuery {
    /// `24h`, `7d`, `30d` (default) or `90d`, today included; or `from` and `to`.
    #[param(inline, value_type = crate::stats::Period, required = false, default = json!("30d"))]
    period: Option<String>,
    /// First day, `YYYY-MM-DD` (with `to`).
    from: Option<String>,
    /// Last day, `YYYY-MM-DD`, included.
    to: Option<String>,
    /// Pages listed: 1–1000, 100 if left out (the total covers every page).
    #[param(minimum = 1, maximum = 1000, default = json!(100))]
    limit: Option<i64>,
}

/// One page, or a site's total. Only people count: previews and bots are left out.
#[derive(Serialize, ToSchema)]
pub struct PageView {
    /// Origin and path (empty for a total).
    url: String,
    /// Arrivals (views not reached from another page of the site) by source.
    dark: i64,
    public: i64,
    search: i64,
    referral: i64,
    #[serde(flatten)]
    figures: PageExtra,
}

/// What a page's row says beyond its arrivals by source (also in `/api/v1/stats?site=`).
#[derive(Serialize, ToSchema)]
pub struct PageExtra {
    /// Every view, those of visitors who asked not to be tracked included.
    views: i64,
    /// Views reached from another page of the site.
    internal: i64,
    /// Views of visitors who asked not to be tracked (DNT, Sec-GPC): counted, nothing kept.
    private_views: i64,
    /// Arrivals carrying another view's id: a copied address opened.
    address_bar_shares: i64,
    /// Views whose address someone else opened.
    shared_views: i64,
    /// Selections copied (`data-copy`).
    copies: i64,
    /// Share-button uses by channel.
    #[schema(example = json!({"whatsapp": 3, "email": 1}))]
    button_shares: BTreeMap<String, i64>,
    /// Clicks on the page's share-button links.
    share_clicks: i64,
    /// Dark arrivals among arrivals (null without arrivals).
    dark_share: Option<f64>,
    /// Arrivals with no referrer: Google Analytics' "direct".
    direct: i64,
    /// Direct arrivals on a deep URL (not the home page): the heuristic analysts use in
    /// Google Analytics for dark social, to set beside `dark`.
    direct_deep: i64,
    /// Arrivals from shares (`address_bar_shares` + `share_clicks`) per share made
    /// (`shared_views` + button shares); null without shares.
    virality: Option<f64>,
    /// Views by generation: `[0]` arrived without a share id, `[1]` from a generation-0
    /// view's copied address, and so on.
    generations: Vec<i64>,
}

impl PageView {
    pub fn new(figures: &PageFigures, direct_deep: i64) -> PageView {
        PageView {
            url: figures.url.clone(),
            dark: figures.dark,
            public: figures.public,
            search: figures.search,
            referral: figures.referral,
            figures: PageExtra::new(figures, direct_deep),
        }
    }
}

impl PageExtra {
    pub fn new(figures: &PageFigures, direct_deep: i64) -> PageExtra {
        PageExtra {
            views: figures.views,
            internal: figures.internal,
            private_views: figures.private_views,
            address_bar_shares: figures.address_bar_shares,
            shared_views: figures.shared_views,
            copies: figures.copies,
            button_shares: figures.button_shares.clone(),
            share_clicks: figures.share_clicks,
            dark_share: figures.dark_share(),
            direct: figures.direct,
            direct_deep,
            virality: figures.virality(),
            generations: figures.generations.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SitePagesView {
    site: i64,
    /// The period, RFC 3339, `to` excluded.
    from: String,
    to: String,
    /// Busiest first (most views).
    pages: Vec<PageView>,
    /// Every page of the period.
    total: PageView,
}

#[utoipa::path(get, operation_id = "listSitePages", path = "/api/v1/sites/{id}/pages", params(("id" = i64, Path), PagesQuery), tag = "sites",
    responses(
        (status = 200, body = SitePagesView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        Refusals,
    ))]
pub async fn pages(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<i64>,
    Query(query): Query<PagesQuery>,
) -> Result<Json<SitePagesView>, ApiError> {
    let limit = super::page_size(query.limit, 100, 1000)?;
    let filter = period(&state, query.period, query.from, query.to)?;
    state
        .reads
        .db()
        .site(id)
        .await?
        .ok_or_else(|| no_such_site(id))?;
    let pages = site_pages(&state, id, &filter, limit).await?;
    Ok(Json(SitePagesView {
        site: id,
        from: rfc3339(filter.from),
        to: rfc3339(filter.to),
        pages: pages
            .pages
            .iter()
            .map(|p| PageView::new(p, p.direct_deep()))
            .collect(),
        total: PageView::new(&pages.total, pages.direct_deep),
    }))
}

/// The period as the dashboard reads it, in the server's time zone.
pub fn period(
    state: &AppState,
    period: Option<String>,
    from: Option<String>,
    to: Option<String>,
) -> Result<Filter, ApiError> {
    let query = FilterQuery {
        period,
        from,
        to,
        ..FilterQuery::default()
    };
    query.filter(&state.timezone).map_err(ApiError::invalid)
}

/// A site's pages over the filter's period, busiest first, `limit` of them.
pub async fn site_pages(
    state: &AppState,
    site: i64,
    filter: &Filter,
    limit: i64,
) -> Result<SitePages, ApiError> {
    let figures = state
        .reads
        .db()
        .site_pages(site, filter.from, filter.to)
        .await?;
    Ok(SitePages::new(
        figures,
        usize::try_from(limit).unwrap_or(100),
    ))
}
