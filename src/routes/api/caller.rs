//! The authenticated caller of an API request.

use axum::extract::FromRequestParts;
use axum::http::Method;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use super::json::Path;
use crate::app::AppState;
use crate::auth::{Role, hash_token};
use crate::error::ApiError;

/// Who is calling, from a valid bearer token.
#[derive(Debug, Clone)]
pub struct Caller {
    pub token_id: i64,
    pub role: Role,
}

impl Caller {
    /// Refuses callers that may not change links.
    pub fn require_editor(&self) -> Result<(), ApiError> {
        if self.role.can_edit_links() {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "the {} role may read links but not change them",
                self.role
            )))
        }
    }
}

/// A caller with an admin token, checked before the handler runs so that no admin-only
/// handler can forget it. Anyone else is refused with what the route does: "only admin
/// tokens may add channels".
#[derive(Debug, Clone)]
pub struct Admin(pub Caller);

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let caller = Caller::from_request_parts(parts, state).await?;
        if caller.role == Role::Admin {
            return Ok(Admin(caller));
        }
        // The path within `/api/v1`: `/<resource>[/<id>[/<action>]]`.
        let mut segments = parts.uri.path().split('/').skip(1);
        let resource = segments.next().unwrap_or_default();
        let action = segments.nth(1);
        let what = admin_action(&parts.method, resource, action);
        Err(ApiError::forbidden(format!(
            "only admin tokens may {what} {resource}"
        )))
    }
}

/// An admin's request about the record `{id}` of its path: the token is checked before the id
/// is read, so a caller who may not act is refused as such whatever the path holds.
pub struct AdminRecord(pub i64);

impl FromRequestParts<AppState> for AdminRecord {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Admin::from_request_parts(parts, state).await?;
        let Path(id) = Path::<i64>::from_request_parts(parts, state).await?;
        Ok(AdminRecord(id))
    }
}

/// A `DELETE /api/v1/<resource>/{id}` endpoint for an admin's record, declared once: defines
/// `pub async fn delete` in the calling module, with its OpenAPI entry under `$operation_id`
/// (unique in the document, where the function's name would repeat). It answers 204 once
/// `$remove` (written with the state and the id) has removed the record, or the domain's
/// refusal (404 when there is none).
// rustfmt indents the attribute's continuation lines further at every run inside a macro.
#[rustfmt::skip]
macro_rules! delete_admin_record {
    (operation_id = $operation_id:literal, path = $path:literal, tag = $tag:literal,
     removed = $removed:literal, |$state:ident, $id:ident| $remove:expr) => {
        #[utoipa::path(delete, operation_id = $operation_id, path = $path, params(("id" = i64, Path)), tag = $tag,
            responses(
                (status = 204, description = $removed),
                $crate::routes::api::openapi::AdminRecordRefusals,
            ))]
        pub async fn delete(
            axum::extract::State($state): axum::extract::State<$crate::app::AppState>,
            $crate::routes::api::AdminRecord($id): $crate::routes::api::AdminRecord,
        ) -> Result<axum::http::StatusCode, $crate::error::ApiError> {
            $remove.await?;
            Ok(axum::http::StatusCode::NO_CONTENT)
        }
    };
}
pub(crate) use delete_admin_record;

/// What a request with `method` does to `resource` (or its `action`), as a verb.
fn admin_action(method: &Method, resource: &str, action: Option<&str>) -> &'static str {
    match *method {
        // `POST /webhooks/{id}/test`.
        Method::POST if action == Some("test") => "test",
        // A site is registered: the word of its form and of the docs.
        Method::POST if resource == "sites" => "register",
        Method::POST => "add",
        Method::PATCH | Method::PUT => "change",
        Method::DELETE => "remove",
        _ => "list",
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let header = parts.headers.get(AUTHORIZATION).ok_or_else(|| {
            ApiError::unauthorized("an Authorization: Bearer <token> header is required")
        })?;
        let token = header
            .to_str()
            .ok()
            .and_then(|h| h.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                ApiError::unauthorized("the Authorization header must be Bearer <token>")
            })?;
        let row = state
            .db
            .token_by_hash(&hash_token(token))
            .await?
            .ok_or_else(|| ApiError::unauthorized("the API token is not valid"))?;
        let role = row.role.parse().map_err(|e: String| {
            tracing::error!(
                token = row.name,
                error = e,
                "stored token has an unknown role"
            );
            ApiError::unauthorized("the API token is not valid")
        })?;
        Ok(Caller {
            token_id: row.id,
            role,
        })
    }
}
