//! `/api/v1`: JSON, authenticated with `Authorization: Bearer <token>`.

mod caller;
mod campaigns;
mod channels;
mod domains;
mod fields;
mod hits;
mod json;
mod link_options;
mod link_run;
mod links;
pub mod openapi;
mod rejection;
mod site_pages;
mod site_utm;
mod sites;
mod stats;
mod webhooks;

pub use caller::{Admin, AdminRecord, Caller};

use axum::Router;
use axum::routing::get;

use crate::app::{AppState, CREATE_LIMIT};
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
        .route("/sites", get(sites::list).post(sites::create))
        .route(
            "/sites/{id}",
            get(sites::show).patch(sites::update).delete(sites::delete),
        )
        .route("/sites/{id}/pages", get(site_pages::pages))
        .route("/sites/{id}/utm", get(site_utm::utm))
        .route("/stats", get(stats::stats))
        .route("/channels", get(channels::list).post(channels::add))
        .route(
            "/channels/{key}",
            axum::routing::patch(channels::change).delete(channels::remove),
        )
        .route("/domains", get(domains::list).post(domains::add))
        .route("/domains/{host}", axum::routing::delete(domains::remove))
        .route("/webhooks", get(webhooks::list).post(webhooks::create))
        .route("/webhooks/{id}", axum::routing::delete(webhooks::delete))
        .route(
            "/webhooks/{id}/test",
            axum::routing::post(webhooks::send_test),
        )
        .fallback(no_such_endpoint)
}

/// What a path under `/api/` gets when no endpoint answers it, whatever the method: a 404 in
/// the API's JSON, which a client can read, never the visitors' HTML page.
pub async fn no_such_endpoint() -> ApiError {
    ApiError::not_found("no such API endpoint")
}

/// Counts a request that creates `links` links against the caller's token, all or none:
/// past [`CREATE_LIMIT`] links a minute, a 429 with `Retry-After`.
fn count_creation(state: &AppState, caller: &Caller, links: usize) -> Result<(), ApiError> {
    let links = u32::try_from(links).unwrap_or(u32::MAX);
    state
        .create_guard
        .check_n(&format!("token:{}", caller.token_id), links)
        .map_err(|retry_after| {
            ApiError::too_many(
                format!("at most {CREATE_LIMIT} links a minute per token; try again shortly"),
                retry_after,
            )
        })
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

/// Cuts `rows`, fetched with one more than `limit`, to the page; when another page follows,
/// where it starts: `cursor` of this page's last row.
fn next_page<T>(rows: &mut Vec<T>, limit: i64, cursor: impl Fn(&T) -> String) -> Option<String> {
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    more.then(|| rows.last().map(cursor)).flatten()
}

/// A keyset cursor: the id the next page starts below.
fn cursor(raw: Option<&str>) -> Result<Option<i64>, ApiError> {
    raw.map(|c| {
        c.parse::<i64>()
            .map_err(|_| ApiError::invalid("cursor is not valid"))
    })
    .transpose()
}
