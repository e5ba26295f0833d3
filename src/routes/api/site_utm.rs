//! `GET /api/v1/sites/{id}/utm`: a site's views by UTM campaign — for each (utm_source,
//! utm_medium, utm_campaign) of the period's views, its arrivals by source and dark share,
//! as the site dashboard's "By UTM campaign" table shows them.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::Caller;
use super::json::{Json, Path, Query};
use super::openapi::{ErrorBody, Refusals};
use super::site_pages::period;
use super::sites::no_such_site;
use crate::app::AppState;
use crate::clock::rfc3339;
use crate::error::ApiError;
use crate::sites::utm::{SiteCampaigns, UtmFigures};

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct UtmQuery {
    /// `24h`, `7d`, `30d` (default) or `90d`, today included; or `from` and `to`.
    #[param(pattern = "^(24h|7d|30d|90d)$")]
    period: Option<String>,
    /// First day, `YYYY-MM-DD` (with `to`).
    from: Option<String>,
    /// Last day, `YYYY-MM-DD`, included.
    to: Option<String>,
    /// One page's URL (origin and path, as `/api/v1/sites/{id}/pages` names it): that
    /// page's views only.
    page: Option<String>,
    /// Rows listed: 1–1000, 100 if left out (the total covers every row).
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<i64>,
}

/// Views and their arrivals by source. Only people count, and only views stored: visitors
/// who asked not to be tracked are counted per page alone.
#[derive(Serialize, ToSchema)]
pub struct UtmCounts {
    /// People's views, navigations within the site included.
    views: i64,
    /// Views not reached from another page of the site.
    arrivals: i64,
    /// Arrivals by source.
    dark: i64,
    public: i64,
    search: i64,
    referral: i64,
    /// Dark arrivals among arrivals (null without arrivals).
    dark_share: Option<f64>,
}

/// One combination of tags. A tag the page's address did not carry (or carried empty) is
/// null; the row whose three tags are null holds the views without any ("(none)" on the
/// dashboard).
#[derive(Serialize, ToSchema)]
pub struct UtmRow {
    #[schema(example = "newsletter")]
    utm_source: Option<String>,
    #[schema(example = "email")]
    utm_medium: Option<String>,
    #[schema(example = "spring-sale")]
    utm_campaign: Option<String>,
    #[serde(flatten)]
    counts: UtmCounts,
}

#[derive(Serialize, ToSchema)]
pub struct SiteUtmView {
    site: i64,
    /// The page counted alone, when one was asked for.
    page: Option<String>,
    /// The period, RFC 3339, `to` excluded.
    from: String,
    to: String,
    /// Busiest first (most views).
    campaigns: Vec<UtmRow>,
    /// Every row of the period.
    total: UtmCounts,
}

impl UtmCounts {
    fn new(f: &UtmFigures) -> UtmCounts {
        UtmCounts {
            views: f.views,
            arrivals: f.arrivals(),
            dark: f.dark,
            public: f.public,
            search: f.search,
            referral: f.referral,
            dark_share: f.dark_share(),
        }
    }
}

#[utoipa::path(get, operation_id = "listSiteUtm", path = "/api/v1/sites/{id}/utm", params(("id" = i64, Path), UtmQuery), tag = "sites",
    responses(
        (status = 200, body = SiteUtmView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        Refusals,
    ))]
pub async fn utm(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<i64>,
    Query(query): Query<UtmQuery>,
) -> Result<Json<SiteUtmView>, ApiError> {
    let limit = super::page_size(query.limit, 100, 1000)?;
    let filter = period(&state, query.period, query.from, query.to)?;
    let db = state.reads.db();
    db.site(id).await?.ok_or_else(|| no_such_site(id))?;
    let page = query.page.filter(|p| !p.is_empty());
    let rows = db
        .site_utm(id, filter.from, filter.to, page.as_deref())
        .await?;
    let campaigns = SiteCampaigns::new(rows, usize::try_from(limit).unwrap_or(100));
    Ok(Json(SiteUtmView {
        site: id,
        page,
        from: rfc3339(filter.from),
        to: rfc3339(filter.to),
        campaigns: campaigns
            .rows
            .iter()
            .map(|f| UtmRow {
                utm_source: f.tags.source.clone(),
                utm_medium: f.tags.medium.clone(),
                utm_campaign: f.tags.campaign.clone(),
                counts: UtmCounts::new(f),
            })
            .collect(),
        total: UtmCounts::new(&campaigns.total),
    }))
}
