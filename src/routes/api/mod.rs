//! `/api/v1`: JSON, authenticated with `Authorization: Bearer <token>`.

mod caller;
mod campaigns;
mod channels;
mod hits;
mod json;
mod links;
pub mod openapi;
mod stats;

pub use caller::Caller;

use axum::Router;
use axum::routing::get;

use crate::app::AppState;
use crate::error::ApiError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/links", get(links::list).post(links::create))
        .route(
            "/links/{slug}",
            get(links::show).patch(links::update).delete(links::delete),
        )
        .route("/links/{slug}/hits", get(hits::list))
        .route("/campaigns", get(campaigns::list).post(campaigns::start))
        .route(
            "/campaigns/{id}",
            get(campaigns::show)
                .patch(campaigns::update)
                .delete(campaigns::delete),
        )
        .route("/stats", get(stats::stats))
        .route("/channels", get(channels::list).post(channels::add))
        .route("/channels/{key}", axum::routing::delete(channels::remove))
        .fallback(|| async { ApiError::not_found("no such API endpoint") })
}

/// Page size bounds shared by the listing endpoints.
fn page_size(limit: Option<i64>, default: i64, max: i64) -> Result<i64, ApiError> {
    match limit {
        None => Ok(default),
        Some(n) if (1..=max).contains(&n) => Ok(n),
        Some(_) => Err(ApiError::invalid(format!(
            "limit must be between 1 and {max}"
        ))),
    }
}

/// A keyset cursor: the id the next page starts below.
fn cursor(raw: Option<&str>) -> Result<Option<i64>, ApiError> {
    raw.map(|c| {
        c.parse::<i64>()
            .map_err(|_| ApiError::invalid("cursor is not valid"))
    })
    .transpose()
}
