//! `/api/v1/links/{slug}/hits`: a link's hits, newest first, as JSON or CSV.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::openapi::ErrorBody;

use super::json::{Json, Path, Query};
use super::links::no_such_link;
use super::{Caller, cursor, page_size};
use crate::app::AppState;
use crate::clock::rfc3339;
use crate::db::hits::StoredHit;
use crate::error::ApiError;

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct HitsQuery {
    /// `json` (default) or `csv`.
    #[param(pattern = "^(json|csv)$")]
    format: Option<String>,
    cursor: Option<String>,
    limit: Option<i64>,
}

/// One hit as the API shows it.
#[derive(Serialize, ToSchema)]
pub struct HitView {
    at: String,
    method: String,
    kind: String,
    source: Option<String>,
    platform: String,
    evidence: String,
    referrer: Option<String>,
    referrer_host: Option<String>,
    user_agent: Option<String>,
    browser: Option<String>,
    os: Option<String>,
    device: String,
    country: Option<String>,
    city: Option<String>,
}

impl From<StoredHit> for HitView {
    fn from(hit: StoredHit) -> HitView {
        HitView {
            at: rfc3339(hit.at),
            method: hit.method,
            kind: hit.kind,
            source: hit.source,
            platform: hit.platform,
            evidence: hit.evidence,
            referrer: hit.referrer,
            referrer_host: hit.referrer_host,
            user_agent: hit.user_agent,
            browser: hit.browser,
            os: hit.os,
            device: hit.device,
            country: hit.country,
            city: hit.city,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct HitPage {
    hits: Vec<HitView>,
    next_cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/links/{slug}/hits", params(("slug" = String, Path), HitsQuery), tag = "hits",
    responses(
        (status = 200, description = "Hits, newest first (CSV with format=csv)",
         content((HitPage = "application/json"), (String = "text/csv"))),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 503, body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    _caller: Caller,
    Path(slug): Path<String>,
    Query(query): Query<HitsQuery>,
) -> Result<Response, ApiError> {
    let csv = match query.format.as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(other) => {
            return Err(ApiError::invalid(format!(
                "unknown format {other:?}: use json or csv"
            )));
        }
    };
    let link = state
        .db
        .link_by_slug(&slug)
        .await?
        .ok_or_else(|| no_such_link(&slug))?;
    let limit = if csv {
        page_size(query.limit, 10_000, 100_000)?
    } else {
        page_size(query.limit, 100, 1_000)?
    };
    let hits = state
        .db
        .hits_of_link(link.id, cursor(query.cursor.as_deref())?, limit)
        .await?;
    let next_cursor = (hits.len() as i64 == limit)
        .then(|| hits.last().map(|h| h.id.to_string()))
        .flatten();
    let hits: Vec<HitView> = hits.into_iter().map(HitView::from).collect();
    if csv {
        return Ok(csv_response(&slug, &hits, next_cursor.as_deref()));
    }
    Ok(Json(HitPage { hits, next_cursor }).into_response())
}

fn csv_response(slug: &str, hits: &[HitView], next_cursor: Option<&str>) -> Response {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for hit in hits {
        if writer.serialize(hit).is_err() {
            return ApiError::new(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "internal error",
            )
            .into_response();
        }
    }
    if hits.is_empty() {
        let _ = writer.write_record([
            "at",
            "method",
            "kind",
            "source",
            "platform",
            "evidence",
            "referrer",
            "referrer_host",
            "user_agent",
            "browser",
            "os",
            "device",
            "country",
            "city",
        ]);
    }
    let body = writer.into_inner().unwrap_or_default();
    let mut response = (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{slug}-hits.csv\""),
            ),
        ],
        body,
    )
        .into_response();
    if let Some(next) = next_cursor.and_then(|c| c.parse().ok()) {
        response.headers_mut().insert("x-next-cursor", next);
    }
    response
}
