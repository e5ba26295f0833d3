//! Invitations: the invitee's page, where they choose their password and are signed in, and
//! an admin's cancelling of one not used yet (admins make them on the users page).

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;

use super::checked_form::AdminForm;
use super::flash::{self, Flash};
use super::form_error::FormError;
use super::forms::CsrfForm;
use super::{PageError, account, same_site};
use crate::app::AppState;
use crate::auth::{invitations, password};
use crate::db::invitations::{Accepted, InvitationLookup};
use crate::i18n::t;
use crate::routes::pages::{error_page, render};

#[derive(Template)]
#[template(path = "ui/invite.html")]
struct InvitePage<'a> {
    email: &'a str,
    role: String,
    secret: &'a str,
    error: FormError,
}

/// The invitee's page: choose a password.
pub async fn page(
    State(state): State<AppState>,
    Path(secret): Path<String>,
) -> Result<Response, PageError> {
    let InvitationLookup::Live { email, role } = invitations::open(&state.db, &secret).await?
    else {
        return Ok(spent());
    };
    // An invitation left from before its email got an account: said now, not after the
    // invitee has chosen a password for nothing.
    if state.db.user_by_email(&email).await?.is_some() {
        return Ok(taken());
    }
    let page = InvitePage {
        email: &email,
        role: t(&format!("role-{role}")),
        secret: &secret,
        error: FormError::default(),
    };
    Ok(private(render(StatusCode::OK, &page)))
}

#[derive(Deserialize)]
pub struct JoinForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

/// Makes the invitee's account with the password they chose, and signs them in.
pub async fn join(
    State(state): State<AppState>,
    Path(secret): Path<String>,
    headers: HeaderMap,
    Form(form): Form<JoinForm>,
) -> Result<Response, PageError> {
    same_site::from_this_site(&headers, &state.base_url)?;
    let InvitationLookup::Live { email, role } = invitations::open(&state.db, &secret).await?
    else {
        return Ok(spent());
    };
    let refuse = |field: &str, key: &str| {
        let page = InvitePage {
            email: &email,
            role: t(&format!("role-{role}")),
            secret: &secret,
            error: FormError::at(field, t(key)),
        };
        Ok(private(render(StatusCode::UNPROCESSABLE_ENTITY, &page)))
    };
    if password::check_strength(&form.password).is_err() {
        return refuse("password", "setup-weak-password");
    }
    if form.password != form.confirm {
        return refuse("confirm", "setup-passwords-differ");
    }
    match invitations::accept(&state.db, &secret, &form.password).await? {
        Accepted::Joined(user_id) => account::start_session(&state, user_id, "/dashboard").await,
        Accepted::Spent => Ok(spent()),
        Accepted::Taken => Ok(taken()),
    }
}

/// The invitation's email has an account already.
fn taken() -> Response {
    private(error_page(
        StatusCode::CONFLICT,
        &t("invite-taken-title"),
        &t("invite-taken-text"),
    ))
}

/// An invitation used, expired, cancelled or never made: the same answer, which tells no one
/// which.
fn spent() -> Response {
    private(error_page(
        StatusCode::GONE,
        &t("invite-spent-title"),
        &t("invite-spent-text"),
    ))
}

/// A page behind a secret URL: its address sent to no other site, and kept by no cache.
fn private(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// An admin cancels an invitation not used yet.
pub async fn cancel(
    State(state): State<AppState>,
    Path(id): Path<String>,
    AdminForm(viewer, _): AdminForm<CsrfForm>,
) -> Result<Response, PageError> {
    let missing = || PageError::missing("invitation");
    let id = id.parse::<i64>().map_err(|_| missing())?;
    if !state.db.cancel_invitation(id).await? {
        return Err(missing());
    }
    Ok(flash::redirect(
        &viewer,
        "/settings/users",
        &Flash::InvitationCancelled,
    ))
}
