//! How a page reads the link it is about ([`LinkAt`]): `/links/{slug}/…?domain=…`.

use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use crate::app::AppState;
pub use crate::routes::link_at::LinkAt;

#[derive(serde::Deserialize)]
struct OnDomain {
    #[serde(default)]
    domain: String,
}

impl FromRequestParts<AppState> for LinkAt {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let Path(slug) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let Query(on) = Query::<OnDomain>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(LinkAt::new(state, Some(&on.domain), slug))
    }
}
