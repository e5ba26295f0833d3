//! A short link's QR code: SVG to show on the pages, and SVG or PNG to download.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
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
    // Named by the host too: `promo` on two domains makes two files.
    let host = state.domains().shown(&link.spec.domain);
    let name = qr::file_name(host, &link.spec.slug, format);
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                content_disposition(disposition, &name),
            ),
            // The code changes only if the base URL does; the session guards it, so private.
            (header::CACHE_CONTROL, "private, max-age=86400".to_owned()),
        ],
        body,
    )
        .into_response())
}

/// RFC 5987's `attr-char`: what `filename*` carries as it is; the rest is percent-encoded.
const ATTR_CHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// `inline` or `attachment` with the file's name (RFC 6266): the ASCII name, which needs no
/// escaping inside the quotes, and the name as people write the host in `filename*`, which
/// browsers prefer when they read it.
fn content_disposition(disposition: &str, name: &qr::FileName) -> String {
    let mut value = format!("{disposition}; filename=\"{}\"", name.ascii);
    if let Some(unicode) = &name.unicode {
        value.push_str("; filename*=UTF-8''");
        value.extend(utf8_percent_encode(unicode, ATTR_CHAR));
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_international_host_names_the_file_in_both_forms() {
        let name = qr::file_name("xn--caf-dma.example", "promo", "png");
        assert_eq!(
            content_disposition("attachment", &name),
            "attachment; filename=\"xn--caf-dma.example-promo.png\"; \
             filename*=UTF-8''caf%C3%A9.example-promo.png"
        );
        let name = qr::file_name("go.example.com", "promo", "svg");
        assert_eq!(
            content_disposition("inline", &name),
            "inline; filename=\"go.example.com-promo.svg\""
        );
    }
}
