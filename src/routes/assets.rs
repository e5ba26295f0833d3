//! Static assets compiled into the binary, served under fingerprinted names
//! (`/static/app.3f9a1c2b.css`) with a one-year cache: a new release changes the name, so
//! browsers pick it up at once. Every page links its assets through [`url`]; no asset is
//! served under its plain name, which could be cached stale.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
    /// `name` with the first 8 hex digits of its BLAKE3 hash before the extension.
    fingerprinted: String,
}

static ASSETS: LazyLock<Vec<Asset>> = LazyLock::new(|| {
    [
        (
            "base.css",
            "text/css; charset=utf-8",
            include_bytes!("../../static/base.css").as_slice(),
        ),
        (
            "app.css",
            "text/css; charset=utf-8",
            include_bytes!("../../static/app.css").as_slice(),
        ),
        (
            "app.js",
            "text/javascript; charset=utf-8",
            include_bytes!("../../static/app.js").as_slice(),
        ),
        (
            "favicon.svg",
            "image/svg+xml",
            include_bytes!("../../static/favicon.svg").as_slice(),
        ),
    ]
    .into_iter()
    .map(|(name, content_type, body)| {
        let hash = blake3::hash(body).to_hex();
        let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
        Asset {
            name,
            content_type,
            body,
            fingerprinted: format!("{stem}.{}.{ext}", &hash[..8]),
        }
    })
    .collect()
});

/// The URL of an asset by its plain name, for templates: `{{ crate::routes::assets::url("app.css") }}`.
pub fn url(name: &str) -> String {
    ASSETS
        .iter()
        .find(|a| a.name == name)
        .map_or_else(String::new, |a| format!("/static/{}", a.fingerprinted))
}

pub async fn serve(Path(file): Path<String>) -> Response {
    match ASSETS.iter().find(|a| a.fingerprinted == file) {
        Some(asset) => (
            [
                (header::CONTENT_TYPE, asset.content_type),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            asset.body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
