//! Pages for people that need no session: the error pages a visitor may meet on a short link.

use askama::Template;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use crate::error::log_text;
use crate::i18n::{self, t};

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    message: &'a str,
}

/// The fallback of every unknown path (outside the page layers), in the browser's language.
pub async fn not_found(headers: HeaderMap) -> Response {
    for_visitor(&headers, unknown_link)
}

/// A visitor's error page answered outside the page layers (the redirect), in the language
/// their browser asks for.
pub fn for_visitor(headers: &HeaderMap, page: impl FnOnce() -> Response) -> Response {
    let mut response = i18n::sync_scope(visitor_locale(headers), page);
    response
        .headers_mut()
        .append(header::VARY, HeaderValue::from_static("Accept-Language"));
    response
}

/// The language a visitor's browser asks for.
pub fn visitor_locale(headers: &HeaderMap) -> i18n::Locale {
    i18n::from_accept_language(
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
}

pub fn unknown_link() -> Response {
    error_page(
        StatusCode::NOT_FOUND,
        &t("not-found-title"),
        &t("not-found-text"),
    )
}

pub fn gone() -> Response {
    error_page(StatusCode::GONE, &t("gone-title"), &t("gone-text"))
}

pub fn unavailable() -> Response {
    let mut response = error_page(
        StatusCode::SERVICE_UNAVAILABLE,
        &t("unavailable-title"),
        &t("unavailable-text"),
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    response
}

pub fn too_many_requests(retry_after: std::time::Duration) -> Response {
    let mut response = error_page(
        StatusCode::TOO_MANY_REQUESTS,
        &t("too-many-title"),
        &t("too-many-text"),
    );
    let seconds = crate::net::rate_limit::retry_after_secs(retry_after).to_string();
    if let Ok(value) = HeaderValue::try_from(seconds) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

pub fn error_page(status: StatusCode, title: &str, message: &str) -> Response {
    render(status, &ErrorPage { title, message })
}

pub fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => {
            let mut response = (status, Html(html)).into_response();
            super::security::apply(response.headers_mut());
            response
        }
        Err(err) => {
            tracing::error!(error = %log_text(&err), "rendering a page failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}
