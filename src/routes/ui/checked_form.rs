//! Form posts whose session, CSRF token and role are checked before the handler runs, so no
//! handler can forget one of them: [`AdminForm`] on the Settings pages, [`EditorForm`] where
//! links and campaigns change.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{StatusCode, header::CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use super::Viewer;
use super::forms::CsrfForm;
use super::settings::refusal;
use crate::app::AppState;

/// A form posted by an admin under `/settings/<section>`, with the viewer who posted it. A
/// non-admin is refused with the message `admins-only-<section>`, in their language.
pub struct AdminForm<T>(pub Viewer, pub T);

/// A form posted by someone who may change links (an editor or an admin).
pub struct EditorForm<T>(pub Viewer, pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for AdminForm<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let posted = Posted::read(request, state).await?;
        let refusal = refusal(&posted.path);
        let checked = posted.viewer.check_admin_form(&posted.token(), &refusal);
        checked.map_err(IntoResponse::into_response)?;
        let form = serde_urlencoded::from_bytes(&posted.body).map_err(|e| refused(&e))?;
        Ok(AdminForm(posted.viewer, form))
    }
}

impl<T: DeserializeOwned> FromRequest<AppState> for EditorForm<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let posted = Posted::read(request, state).await?;
        let checked = posted.viewer.check_editor_form(&posted.token());
        checked.map_err(IntoResponse::into_response)?;
        let form = serde_urlencoded::from_bytes(&posted.body).map_err(|e| refused(&e))?;
        Ok(EditorForm(posted.viewer, form))
    }
}

/// A signed-in viewer's urlencoded post, read once (within the route's body limit) and parsed
/// twice: for the token every form carries, then as the handler's own form.
struct Posted {
    viewer: Viewer,
    path: String,
    body: Bytes,
}

impl Posted {
    async fn read(request: Request, state: &AppState) -> Result<Posted, Response> {
        let (mut parts, body) = request.into_parts();
        let viewer = Viewer::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let path = parts.uri.path().to_owned();
        let urlencoded = parts.headers.get(CONTENT_TYPE).is_some_and(|v| {
            v.as_bytes()
                .starts_with(b"application/x-www-form-urlencoded")
        });
        let body = Bytes::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        if !urlencoded {
            let expected =
                "Expected request with `Content-Type: application/x-www-form-urlencoded`";
            return Err((StatusCode::UNSUPPORTED_MEDIA_TYPE, expected).into_response());
        }
        Ok(Posted { viewer, path, body })
    }

    fn token(&self) -> String {
        serde_urlencoded::from_bytes::<CsrfForm>(&self.body)
            .map_or_else(|_| String::new(), |f| f.csrf)
    }
}

/// The 422 axum's `Form` answers for a body that is not the handler's form.
fn refused(e: &serde_urlencoded::de::Error) -> Response {
    let said = format!("Failed to deserialize form body: {e}");
    (StatusCode::UNPROCESSABLE_ENTITY, said).into_response()
}
