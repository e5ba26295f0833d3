//! `/api/v1/domains`: the branded domains links may be on (admins add and remove them).

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Admin;
use super::fields::{HostName, HttpUrl};
use super::json::{Json, Path};
use super::openapi::{AdminRefusals, ErrorBody};
use crate::app::AppState;
use crate::clock::rfc3339;
use crate::domains::{self, Domain};
use crate::error::ApiError;

/// A branded domain.
#[derive(Serialize, ToSchema)]
pub struct DomainView {
    /// Lowercase, no port; an international name in punycode.
    #[schema(example = "go.example.com")]
    host: String,
    /// Where a visit to the bare domain goes; null: the 404 page.
    root_url: Option<String>,
    /// RFC 3339.
    created_at: String,
}

impl From<Domain> for DomainView {
    fn from(d: Domain) -> DomainView {
        DomainView {
            host: d.host,
            root_url: d.root_url,
            created_at: rfc3339(d.created_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct DomainList {
    /// By host.
    domains: Vec<DomainView>,
}

#[utoipa::path(get, operation_id = "listDomains", path = "/api/v1/domains", tag = "domains",
    responses(
        (status = 200, description = "Every branded domain", body = DomainList),
        AdminRefusals,
    ))]
pub async fn list(State(state): State<AppState>, _: Admin) -> Result<Json<DomainList>, ApiError> {
    let domains = state.db.domains().await?;
    let domains = domains.into_iter().map(DomainView::from).collect();
    Ok(Json(DomainList { domains }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDomain {
    /// A host name of two labels or more, not the base URL's host; no scheme, port or path.
    #[schema(value_type = HostName, example = "go.example.com")]
    host: String,
    /// An absolute http(s) URL a visit to the bare domain is sent to, not on this domain;
    /// blank is none.
    #[schema(value_type = Option<HttpUrl>, example = "https://example.com/")]
    root_url: Option<String>,
}

#[utoipa::path(post, operation_id = "addDomain", path = "/api/v1/domains", request_body = NewDomain, tag = "domains",
    responses(
        (status = 201, description = "The added domain", body = DomainView,
            links(("remove" = (
                operation_ref = "#/paths/~1api~1v1~1domains~1%7Bhost%7D/delete",
                parameters(("host" = "$response.body#/host")),
                description = "Removes the domain added"
            )))),
        (status = 409, description = "Registered already", body = ErrorBody),
        (status = 415, body = ErrorBody),
        (status = 422, description = "Not a host name, or a bad root_url, with what is wrong", body = ErrorBody),
        AdminRefusals,
    ))]
pub async fn add(
    State(state): State<AppState>,
    _: Admin,
    Json(body): Json<NewDomain>,
) -> Result<(StatusCode, Json<DomainView>), ApiError> {
    let domain = domains::add(
        &state.db,
        &state.links,
        &state.refused_hosts,
        &body.host,
        body.root_url.as_deref(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(DomainView::from(domain))))
}

#[utoipa::path(delete, operation_id = "removeDomain", path = "/api/v1/domains/{host}", params(("host" = String, Path)), tag = "domains",
    responses(
        (status = 204, description = "Removed"),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Links are on it", body = ErrorBody),
        AdminRefusals,
    ))]
pub async fn remove(
    State(state): State<AppState>,
    _: Admin,
    Path(host): Path<String>,
) -> Result<StatusCode, ApiError> {
    domains::remove(&state.db, &state.links, &host).await?;
    Ok(StatusCode::NO_CONTENT)
}
