//! `GET /lanterne.js`: the site snippet, compiled into the binary. Its address is what
//! publishers put in their pages, so it cannot carry a fingerprint like `/static/` assets:
//! browsers keep it five minutes, then ask again with its `ETag` (a 304 with no body while
//! it is unchanged), so a new version counts on publishers' pages within minutes of an
//! upgrade.

use std::sync::LazyLock;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

const SCRIPT: &[u8] = include_bytes!("../../static/lanterne.js");

static ETAG: LazyLock<HeaderValue> = LazyLock::new(|| {
    let hash = blake3::hash(SCRIPT).to_hex();
    HeaderValue::try_from(format!("\"{}\"", &hash[..16])).expect("hex is a valid header")
});

pub async fn script(headers: HeaderMap) -> Response {
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|tag| tag == *ETAG);
    let common = [
        (header::ETAG, ETAG.clone()),
        (
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300"),
        ),
        // Pages that isolate themselves (Cross-Origin-Embedder-Policy) may still load it.
        (
            header::HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("cross-origin"),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
    ];
    if fresh {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    (
        common,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/javascript; charset=utf-8"),
        )],
        SCRIPT,
    )
        .into_response()
}
