//! The form posts of the admin's Settings pages: the session, its CSRF token and the admin role
//! are checked before the handler runs, so no settings handler can forget one of them.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{StatusCode, header::CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use super::Viewer;
use super::forms::CsrfForm;
use crate::app::AppState;

/// A form posted by an admin under `/settings/<section>`, with the viewer who posted it. A
/// non-admin is refused with the message `admins-only-<section>`, in their language.
pub struct AdminForm<T>(pub Viewer, pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for AdminForm<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = request.into_parts();
        let viewer = Viewer::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let section = parts.uri.path().split('/').nth(2).unwrap_or_default();
        let refusal = format!("admins-only-{section}");
        let urlencoded = parts.headers.get(CONTENT_TYPE).is_some_and(|v| {
            v.as_bytes()
                .starts_with(b"application/x-www-form-urlencoded")
        });
        // Read once (within the route's body limit), parsed twice: for the token every form
        // carries, then as the handler's own form.
        let bytes = Bytes::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        if !urlencoded {
            let expected =
                "Expected request with `Content-Type: application/x-www-form-urlencoded`";
            return Err((StatusCode::UNSUPPORTED_MEDIA_TYPE, expected).into_response());
        }
        let token = serde_urlencoded::from_bytes::<CsrfForm>(&bytes)
            .map_or_else(|_| String::new(), |f| f.csrf);
        viewer
            .check_admin_form(&token, &refusal)
            .map_err(IntoResponse::into_response)?;
        let form = serde_urlencoded::from_bytes::<T>(&bytes).map_err(|e| {
            let said = format!("Failed to deserialize form body: {e}");
            (StatusCode::UNPROCESSABLE_ENTITY, said).into_response()
        })?;
        Ok(AdminForm(viewer, form))
    }
}
