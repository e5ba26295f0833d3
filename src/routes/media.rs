//! `GET /media/{id}`: card images uploaded in the web UI, served with the type their bytes
//! showed, never sniffed, cached for good (an id names its content).

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::app::AppState;
use crate::error::log_text;
use crate::links::options::input::is_media_id;

pub async fn serve(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    // An image's address answers an image or a bare status, never a page.
    if !is_media_id(&id) {
        return StatusCode::NOT_FOUND.into_response();
    }
    match state.db.media(&id).await {
        Ok(Some(media)) => {
            let content_type = HeaderValue::try_from(media.content_type)
                .unwrap_or(HeaderValue::from_static("application/octet-stream"));
            (
                StatusCode::OK,
                [
                    (header::CONTENT_TYPE, content_type),
                    (
                        header::X_CONTENT_TYPE_OPTIONS,
                        HeaderValue::from_static("nosniff"),
                    ),
                    (
                        header::CACHE_CONTROL,
                        HeaderValue::from_static("public, max-age=31536000, immutable"),
                    ),
                    // An image opened on its own runs nothing, whatever it holds.
                    (
                        header::CONTENT_SECURITY_POLICY,
                        HeaderValue::from_static("default-src 'none'; sandbox"),
                    ),
                ],
                media.bytes,
            )
                .into_response()
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            tracing::warn!(error = %log_text(&err), "reading an uploaded image failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::RETRY_AFTER, "1")],
            )
                .into_response()
        }
    }
}
