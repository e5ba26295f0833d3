//! The language of each page request: the browser's `Accept-Language` here, replaced by the
//! signed-in user's own setting once the session is read (`Viewer`).

use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;

use crate::i18n;

pub async fn layer(request: Request, next: Next) -> Response {
    let locale = i18n::from_accept_language(
        request
            .headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    let mut response = i18n::scope(locale, next.run(request)).await;
    // A page differs by language: caches must keep one copy per language.
    let is_page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    if is_page {
        response.headers_mut().append(
            header::VARY,
            header::HeaderValue::from_static("Accept-Language"),
        );
    }
    response
}
