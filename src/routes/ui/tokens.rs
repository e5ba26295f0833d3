//! API tokens in the web UI, for admins: create (the token is shown once), list, revoke.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::checked_form::AdminForm;
use super::form_error::FormError;
use super::forms::{CsrfForm, sentence};
use super::settings::AdminPage;
use super::{PageError, Viewer, see_other};
use crate::app::AppState;
use crate::auth::token::check_name;
use crate::auth::{Role, create_token};
use crate::clock::now_ms;
use crate::i18n::t;
use crate::routes::pages::render;

#[derive(Template)]
#[template(path = "ui/tokens.html")]
struct TokensPage<'a> {
    section: &'a str,
    viewer: &'a Viewer,
    tokens: Vec<(i64, String, String, String, bool)>,
    created: Option<String>,
    error: FormError,
    /// The form as sent when refused; blank otherwise.
    form: CreateForm,
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    created: Option<String>,
    (error, form): (FormError, CreateForm),
    status: StatusCode,
) -> Result<Response, PageError> {
    let tokens = state
        .db
        .list_tokens()
        .await?
        .into_iter()
        .map(|t| {
            (
                t.id,
                t.name,
                t.role,
                viewer.day(t.created_at),
                t.revoked_at.is_some(),
            )
        })
        .collect();
    Ok(render(
        status,
        &TokensPage {
            section: "tokens",
            viewer,
            tokens,
            created,
            error,
            form,
        },
    ))
}

pub async fn list(
    State(state): State<AppState>,
    AdminPage(viewer): AdminPage,
) -> Result<Response, PageError> {
    let blank = (FormError::default(), CreateForm::default());
    page(&state, &viewer, None, blank, StatusCode::OK).await
}

#[derive(Deserialize, Default)]
pub struct CreateForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
}

pub async fn create(
    State(state): State<AppState>,
    AdminForm(viewer, form): AdminForm<CreateForm>,
) -> Result<Response, PageError> {
    let invalid = StatusCode::UNPROCESSABLE_ENTITY;
    let Ok(role) = form.role.parse::<Role>() else {
        let refused = (FormError::at("role", t("pick-role")), form);
        return page(&state, &viewer, None, refused, invalid).await;
    };
    let name = match check_name(&form.name) {
        Ok(name) => name,
        Err(refusal) => {
            let error = FormError::at("name", sentence(&refusal.localized()));
            return page(&state, &viewer, None, (error, form), invalid).await;
        }
    };
    let token = create_token(&state.db, name, role, now_ms()).await?;
    let blank = (FormError::default(), CreateForm::default());
    page(&state, &viewer, Some(token), blank, StatusCode::CREATED).await
}

pub async fn revoke(
    State(state): State<AppState>,
    Path(id): Path<String>,
    _: AdminForm<CsrfForm>,
) -> Result<Response, PageError> {
    let id = PageError::id_in_path(&id, "token")?;
    state.db.revoke_token(id, now_ms()).await?;
    Ok(see_other("/settings/tokens"))
}
