//! `/api/v1/sites`: the publisher's own sites, whose pages include the snippet, each with
//! what its snippet sent lately (to check the installation). Admins register, change and
//! delete them; every role may read them.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::caller::delete_admin_record;
use super::fields::{HostName, Name};
use super::json::{Json, Path};
use super::openapi::{AdminRecordRefusals, AdminRefusals, ErrorBody, Refusals};
use super::{Admin, AdminRecord, Caller};
use crate::app::AppState;
use crate::clock::rfc3339;
use crate::error::ApiError;
use crate::sites::Site;
use crate::sites::reception::{Reason, Reception, Refusal};

/// A site as the API shows it.
#[derive(Serialize, ToSchema)]
pub struct SiteView {
    id: i64,
    #[schema(example = "Daily News")]
    name: String,
    /// Host names whose pages may send events; subdomains are listed on their own.
    #[schema(example = json!(["news.example", "www.news.example"]))]
    domains: Vec<String>,
    /// Public: it names the site in the snippet.
    #[schema(example = "k3Jd9xQ2aLm8Pz4T")]
    key: String,
    /// The element to put in every page, ready to copy.
    #[schema(
        example = r#"<script defer src="https://lanterne.example/lanterne.js" data-site="k3Jd9xQ2aLm8Pz4T"></script>"#
    )]
    snippet: String,
    /// RFC 3339.
    created_at: String,
    /// When the last event of the site's pages was received (RFC 3339), of any reader or
    /// robot; `null` before the first. Views of readers who ask not to be tracked are
    /// counted per day without a time, and do not show here.
    #[schema(example = "2026-12-07T08:13:05.120Z")]
    last_event_at: Option<String>,
    /// Hosts whose events were refused in the last 30 days and that are still not among
    /// `domains`, latest first; at most 10 (older ones are dropped). Adding one to `domains`
    /// is the fix.
    refused_hosts: Vec<RefusedHost>,
}

/// A host whose events the site refused lately.
#[derive(Serialize, ToSchema)]
pub struct RefusedHost {
    #[schema(example = "www.news.example")]
    host: String,
    reason: RefusedBecause,
    /// Events refused from it since it was first kept.
    count: i64,
    /// The last one, RFC 3339.
    last_at: String,
}

/// What was not one of the site's domains: the page's host (`page`), or the host of the
/// request's `Origin` header (`origin`).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum RefusedBecause {
    Page,
    Origin,
}

impl From<Refusal> for RefusedHost {
    fn from(r: Refusal) -> RefusedHost {
        RefusedHost {
            host: r.host,
            reason: match r.reason {
                Reason::Page => RefusedBecause::Page,
                Reason::Origin => RefusedBecause::Origin,
            },
            count: r.count,
            last_at: rfc3339(r.last_at),
        }
    }
}

impl SiteView {
    pub fn new(state: &AppState, site: Site, reception: Reception) -> SiteView {
        SiteView {
            snippet: site.snippet(&state.base_url),
            id: site.id,
            name: site.name,
            domains: site.domains,
            key: site.key,
            created_at: rfc3339(site.created_at),
            last_event_at: reception.last_event_at.map(rfc3339),
            refused_hosts: reception
                .refused
                .into_iter()
                .map(RefusedHost::from)
                .collect(),
        }
    }

    /// A site with what its snippet sent lately.
    pub async fn read(state: &AppState, site: Site) -> Result<SiteView, ApiError> {
        let reception = state.sites.reception(&site).await?;
        Ok(SiteView::new(state, site, reception))
    }
}

#[derive(Serialize, ToSchema)]
pub struct SiteList {
    /// By name.
    sites: Vec<SiteView>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSiteBody {
    /// 1 to 64 characters; the `utm_campaign` of the site's share-button links. 409 if
    /// another site has it, in any letter case.
    #[schema(value_type = Name, example = "Daily News")]
    name: String,
    /// Host names (a port or a home page's URL is read for its host, so the pattern is a
    /// subset of what is accepted), 1 to 50 once repeated ones are counted once.
    #[schema(value_type = Vec<HostName>, example = json!(["news.example", "www.news.example"]), min_items = 1, max_items = 50)]
    domains: Vec<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateSite {
    #[schema(value_type = Option<Name>)]
    name: Option<String>,
    /// Replaces the whole list.
    #[schema(value_type = Option<Vec<HostName>>, min_items = 1, max_items = 50)]
    domains: Option<Vec<String>>,
}

#[utoipa::path(post, operation_id = "createSite", path = "/api/v1/sites", request_body = NewSiteBody, tag = "sites",
    responses(
        (status = 201, description = "Registered, with its key and snippet", body = SiteView),
        (status = 409, description = "Another site has the name", body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody),
        AdminRefusals,
    ))]
pub async fn create(
    State(state): State<AppState>,
    _: Admin,
    Json(body): Json<NewSiteBody>,
) -> Result<(StatusCode, Json<SiteView>), ApiError> {
    let site = state.sites.register(&body.name, &body.domains).await?;
    // Nothing received yet: the key is new.
    let view = SiteView::new(&state, site, Reception::default());
    Ok((StatusCode::CREATED, Json(view)))
}

#[utoipa::path(get, operation_id = "listSites", path = "/api/v1/sites", tag = "sites",
    responses(
        (status = 200, description = "Every site, by name", body = SiteList),
        Refusals,
    ))]
pub async fn list(
    State(state): State<AppState>,
    _caller: Caller,
) -> Result<Json<SiteList>, ApiError> {
    let sites = state.db.sites().await?;
    let receptions = state.sites.receptions(&sites).await?;
    let sites = sites
        .into_iter()
        .zip(receptions)
        .map(|(site, reception)| SiteView::new(&state, site, reception))
        .collect();
    Ok(Json(SiteList { sites }))
}

#[utoipa::path(get, operation_id = "showSite", path = "/api/v1/sites/{id}", params(("id" = i64, Path)), tag = "sites",
    responses(
        (status = 200, body = SiteView), (status = 404, body = ErrorBody),
        Refusals,
    ))]
pub async fn show(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<SiteView>, ApiError> {
    let site = state.db.site(id).await?.ok_or_else(|| no_such_site(id))?;
    Ok(Json(SiteView::read(&state, site).await?))
}

#[utoipa::path(patch, operation_id = "updateSite", path = "/api/v1/sites/{id}", params(("id" = i64, Path)), request_body = UpdateSite, tag = "sites",
    responses(
        (status = 200, body = SiteView),
        (status = 409, description = "Another site has the name", body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody),
        AdminRecordRefusals,
    ))]
pub async fn update(
    State(state): State<AppState>,
    AdminRecord(id): AdminRecord,
    Json(body): Json<UpdateSite>,
) -> Result<Json<SiteView>, ApiError> {
    let site = state
        .sites
        .change(id, body.name.as_deref(), body.domains.as_deref())
        .await?;
    Ok(Json(SiteView::read(&state, site).await?))
}

delete_admin_record!(
    operation_id = "deleteSite",
    path = "/api/v1/sites/{id}",
    tag = "sites",
    removed = "Deleted with its pages' figures; its share-button links stay, with their hits",
    |state, id| state.sites.remove(id)
);

pub(super) fn no_such_site(id: i64) -> ApiError {
    crate::sites::registry::no_such_site(id).into()
}
