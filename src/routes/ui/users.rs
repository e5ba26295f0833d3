//! People who use the web UI, for admins: list them, invite one with a role (they choose
//! their own password through the invitation's link), change a role, delete an account —
//! never one's own, never the last admin.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::checked_form::AdminForm;
use super::form_error::FormError;
use super::forms::CsrfForm;
use super::settings::AdminPage;
use super::{PageError, Viewer, see_other};
use crate::app::AppState;
use crate::auth::{Role, invitations, users};
use crate::clock::now_ms;
use crate::db::invitations::InvitationListing;
use crate::db::users::{UserChange, UserListing};
use crate::error::Error;
use crate::i18n::{t, t1};
use crate::routes::pages::render;

#[derive(Template)]
#[template(path = "ui/users.html")]
struct UsersPage<'a> {
    section: &'a str,
    viewer: &'a Viewer,
    users: Vec<UserListing>,
    roles: [Role; 3],
    error: FormError,
    form: NewUserForm,
    invitations: Vec<InvitationListing>,
    /// The invitation link just made, shown this once.
    invited: Option<String>,
    notice: Option<String>,
}

impl UsersPage<'_> {
    fn created(&self, user: &UserListing) -> String {
        self.viewer.day(user.created_at)
    }

    fn until(&self, invitation: &InvitationListing) -> String {
        self.viewer.day(invitation.expires_at)
    }
}

#[derive(Deserialize, Default)]
pub struct NewUserForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
}

/// What the users page shows beside the list: a refusal, a notice, or the invitation link
/// just made.
#[derive(Default)]
struct Said {
    error: FormError,
    notice: Option<String>,
    invited: Option<String>,
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    status: StatusCode,
    said: Said,
    form: NewUserForm,
) -> Result<Response, PageError> {
    let (users, invitations) = tokio::try_join!(
        state.db.list_users(),
        state.db.pending_invitations(now_ms()),
    )?;
    Ok(render(
        status,
        &UsersPage {
            section: "users",
            viewer,
            users,
            roles: [Role::Admin, Role::Marketer, Role::Analyst],
            error: said.error,
            form,
            invitations,
            invited: said.invited,
            notice: said.notice,
        },
    ))
}

pub async fn list(
    State(state): State<AppState>,
    AdminPage(viewer): AdminPage,
) -> Result<Response, PageError> {
    blank_form(&state, &viewer, Said::default()).await
}

/// The page with an empty invitation form, after a look or a success.
async fn blank_form(state: &AppState, viewer: &Viewer, said: Said) -> Result<Response, PageError> {
    page(state, viewer, StatusCode::OK, said, NewUserForm::default()).await
}

/// Invites a person: the page shows the link to send them, this once.
pub async fn create(
    State(state): State<AppState>,
    AdminForm(viewer, form): AdminForm<NewUserForm>,
) -> Result<Response, PageError> {
    let refuse = async |status, error: FormError, form| {
        let said = Said {
            error,
            ..Said::default()
        };
        page(&state, &viewer, status, said, form).await
    };
    let email = form.email.trim().to_lowercase();
    if users::check_email(&email).is_err() {
        let bad = FormError::at("email", t("setup-bad-email"));
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, bad, form).await;
    }
    let Ok(role) = form.role.parse::<Role>() else {
        let none = FormError::at("role", t("pick-role"));
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, none, form).await;
    };
    match invitations::create(&state.db, &email, role, &viewer.email).await {
        Ok(invited) => {
            let notice = if invited.replaced_live {
                "invite-replaced"
            } else {
                "invite-made"
            };
            let said = Said {
                invited: Some(format!(
                    "{}{}{}",
                    state.base_url,
                    invitations::PATH,
                    invited.secret
                )),
                notice: Some(t1(notice, "email", &email)),
                ..Said::default()
            };
            blank_form(&state, &viewer, said).await
        }
        // Said here, not as a sentence of the domain's message: that would capitalise the
        // address.
        Err(Error::Conflict(_)) => {
            let taken = FormError::at("email", t1("users-taken", "email", &email));
            refuse(StatusCode::CONFLICT, taken, form).await
        }
        Err(refusal) => {
            let (status, error) = FormError::refused(refusal, &["email"])?;
            refuse(status, error, form).await
        }
    }
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
}

pub async fn set_role(
    State(state): State<AppState>,
    Path(id): Path<String>,
    AdminForm(viewer, form): AdminForm<RoleForm>,
) -> Result<Response, PageError> {
    let id = id.parse::<i64>().map_err(|_| PageError::missing("user"))?;
    let Ok(role) = form.role.parse::<Role>() else {
        let message = t("pick-role");
        return refuse(&state, &viewer, StatusCode::UNPROCESSABLE_ENTITY, &message).await;
    };
    let outcome = state.db.set_user_role(id, role.as_str()).await?;
    answer(&state, &viewer, outcome, "users-last-admin-role").await
}

pub async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    AdminForm(viewer, _): AdminForm<CsrfForm>,
) -> Result<Response, PageError> {
    let id = id.parse::<i64>().map_err(|_| PageError::missing("user"))?;
    if id == viewer.user_id {
        let message = t("users-delete-self");
        return refuse(&state, &viewer, StatusCode::CONFLICT, &message).await;
    }
    let outcome = state.db.delete_user(id).await?;
    answer(&state, &viewer, outcome, "users-last-admin-delete").await
}

async fn answer(
    state: &AppState,
    viewer: &Viewer,
    outcome: UserChange,
    last_admin: &str,
) -> Result<Response, PageError> {
    match outcome {
        UserChange::Done => Ok(see_other("/settings/users")),
        UserChange::Missing => Err(PageError::missing("user")),
        UserChange::LastAdmin => {
            // `last_admin` is the message saying what cannot be done to the last admin.
            refuse(state, viewer, StatusCode::CONFLICT, &t(last_admin)).await
        }
    }
}

/// The page again, saying why a change to an account was refused.
async fn refuse(
    state: &AppState,
    viewer: &Viewer,
    status: StatusCode,
    why: &str,
) -> Result<Response, PageError> {
    let said = Said {
        error: FormError::page(why),
        ..Said::default()
    };
    page(state, viewer, status, said, NewUserForm::default()).await
}
