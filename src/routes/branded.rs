//! A branded domain serves its links and nothing else: `/` goes to the domain's root URL (the
//! 404 page without one), `/api/…` answers 421 in JSON, and the web UI and every other path of
//! the base URL's host answer the 404 page there. Hosts that are not registered are served as
//! the base URL's.

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::pages;
use crate::app::AppState;
use crate::error::ApiError;
use crate::i18n::Message;

pub async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(branded) = state.domains().of_request(request.headers(), request.uri()) else {
        return next.run(request).await;
    };
    let path = request.uri().path();
    let read = matches!(*request.method(), Method::GET | Method::HEAD);
    if read && path == "/e" {
        // `/e` is a slug's redirect when read (the snippet's events are posted there).
        return next.run(request).await;
    }
    if is_api(path) {
        return api_elsewhere(&branded.host);
    }
    match &branded.root {
        Some(root) if read && path == "/" => super::redirect::send_to(root.clone()),
        _ => pages::for_visitor(request.headers(), pages::unknown_link),
    }
}

/// A path of the API: under `/api/` (`/api` alone is a slug's path, reserved, which the
/// redirect answers).
fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

/// The API is served on the base URL's host only, so that tokens and sessions go to one host
/// the operator chose for them (a branded domain may be fronted elsewhere, or pointed away
/// later). An API client sent here gets JSON it can read, not the visitors' 404 page: 421
/// Misdirected Request, the status for "this host does not serve that", which a client does
/// not take for an endpoint that does not exist. The base URL's host is not named: a
/// branded domain's visitors need not learn where the web UI is.
fn api_elsewhere(host: &str) -> Response {
    let message = Message::new("refusal-api-on-branded-domain").with("host", host);
    ApiError::new(StatusCode::MISDIRECTED_REQUEST, message.english()).into_response()
}
