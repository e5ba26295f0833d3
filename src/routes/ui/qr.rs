//! A short link's QR code: SVG to show on the pages, and SVG or PNG to download.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::link_at::LinkAt;
use super::{PageError, Viewer};
use crate::app::AppState;
use crate::links::qr;

#[derive(Deserialize)]
pub struct QrQuery {
    /// Present (any value) to save the file instead of showing it.
    download: Option<String>,
}

/// Signed-in people only: the extractor sends anyone else to sign in.
pub async fn svg(
    State(state): State<AppState>,
    _viewer: Viewer,
    link: LinkAt,
    Query(query): Query<QrQuery>,
) -> Result<Response, PageError> {
    image(&state, &link, &query, "svg").await
}

pub async fn png(
    State(state): State<AppState>,
    _viewer: Viewer,
    link: LinkAt,
    Query(query): Query<QrQuery>,
) -> Result<Response, PageError> {
    image(&state, &link, &query, "png").await
}

async fn image(
    state: &AppState,
    link: &LinkAt,
    query: &QrQuery,
    format: &str,
) -> Result<Response, PageError> {
    let link = state
        .db
        .link_by_slug(&link.domain, &link.slug)
        .await?
        .ok_or_else(|| PageError::missing("link"))?;
    let short_url = state.short_url(&link.spec.domain, &link.spec.slug);
    let (content_type, body) = match format {
        "png" => ("image/png", qr::png(&short_url)),
        _ => ("image/svg+xml", qr::svg(&short_url).map(String::into_bytes)),
    };
    // A slug is at most 64 characters, so its code always fits; this is for the impossible.
    let body = body.ok_or_else(|| PageError::missing("link"))?;
    let disposition = if query.download.is_some() {
        "attachment"
    } else {
        "inline"
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                // Slugs are [A-Za-z0-9_-]: safe inside the quotes.
                format!("{disposition}; filename=\"{}-qr.{format}\"", link.spec.slug),
            ),
            // The code changes only if the base URL does; the session guards it, so private.
            (header::CACHE_CONTROL, "private, max-age=86400".to_owned()),
        ],
        body,
    )
        .into_response())
}
