//! Pages for people that need no session: the error pages a visitor may meet on a short link.

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    message: &'a str,
}

pub async fn not_found() -> Response {
    error_page(
        StatusCode::NOT_FOUND,
        "Link not found",
        "There is no short link at this address. Check that it was copied whole.",
    )
}

pub fn gone() -> Response {
    error_page(
        StatusCode::GONE,
        "Link disabled",
        "This short link has been turned off by its owner.",
    )
}

pub fn unavailable() -> Response {
    let mut response = error_page(
        StatusCode::SERVICE_UNAVAILABLE,
        "Try again in a moment",
        "This link cannot be looked up right now. Please retry shortly.",
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    response
}

pub fn too_many_requests(retry_after: std::time::Duration) -> Response {
    let mut response = error_page(
        StatusCode::TOO_MANY_REQUESTS,
        "Too many unknown links",
        "This address asked for too many links that do not exist. Please wait a minute.",
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
            tracing::error!(error = %err, "rendering a page failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}
