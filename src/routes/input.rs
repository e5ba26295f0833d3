//! Input no handler should see: a NUL character in the URL or in a form. No name, search or
//! filter can hold one, and PostgreSQL refuses it in any text, so it is answered 400 here,
//! once, instead of as a database error wherever the value would have gone.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::pages;
use crate::error::ApiError;

/// Largest form read here; the share kit's form is a few kilobytes.
const MAX_FORM: usize = 1024 * 1024;

pub async fn refuse_nul(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    if has_nul(request.uri().path().as_bytes())
        || request.uri().query().is_some_and(|q| has_nul(q.as_bytes()))
    {
        return refused(api, "the URL contains a NUL character");
    }
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| {
            v.as_bytes()
                .starts_with(b"application/x-www-form-urlencoded")
        });
    if !is_form {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM).await else {
        return refused(api, "the form is too large");
    };
    if has_nul(&bytes) {
        return refused(api, "the form contains a NUL character");
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// A NUL byte, or one percent-encoded (`%00`).
fn has_nul(bytes: &[u8]) -> bool {
    bytes.contains(&0) || bytes.windows(3).any(|w| w == b"%00")
}

fn refused(api: bool, message: &str) -> Response {
    if api {
        ApiError::bad_request(message).into_response()
    } else {
        pages::error_page(StatusCode::BAD_REQUEST, "Bad request", message)
    }
}

#[cfg(test)]
mod tests {
    use super::has_nul;

    #[test]
    fn finds_plain_and_encoded_nul() {
        assert!(has_nul(b"q=a%00b"));
        assert!(has_nul(b"a\0b"));
        assert!(!has_nul(b"q=%0A%100"));
        assert!(!has_nul(b"q=100%25"));
    }
}
