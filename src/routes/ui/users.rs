//! People who use the web UI, for admins: list them, add one with a role and a first
//! password, change a role, delete an account — never one's own, never the last admin.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::forms::CsrfForm;
use super::view::day;
use super::{PageError, Viewer, see_other};
use crate::app::AppState;
use crate::auth::{Role, password, users};
use crate::db::users::{UserChange, UserListing};
use crate::error::Error;
use crate::i18n::{t, t1};
use crate::routes::pages::render;

/// The refusal a viewer who is not an admin reads.
const WHO: &str = "admins-only-users";

#[derive(Template)]
#[template(path = "ui/users.html")]
struct UsersPage<'a> {
    section: &'a str,
    viewer: &'a Viewer,
    users: Vec<UserListing>,
    roles: [Role; 3],
    error: Option<String>,
    form: NewUserForm,
}

impl UsersPage<'_> {
    fn created(&self, user: &UserListing) -> String {
        day(user.created_at)
    }
}

#[derive(Deserialize, Default)]
pub struct NewUserForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    password: String,
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    status: StatusCode,
    error: Option<String>,
    form: NewUserForm,
) -> Result<Response, PageError> {
    let users = state.db.list_users().await?;
    let form = NewUserForm {
        password: String::new(), // never sent back
        ..form
    };
    Ok(render(
        status,
        &UsersPage {
            section: "users",
            viewer,
            users,
            roles: [Role::Admin, Role::Marketer, Role::Analyst],
            error,
            form,
        },
    ))
}

pub async fn list(State(state): State<AppState>, viewer: Viewer) -> Result<Response, PageError> {
    viewer.require_admin(WHO)?;
    page(
        &state,
        &viewer,
        StatusCode::OK,
        None,
        NewUserForm::default(),
    )
    .await
}

pub async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<NewUserForm>,
) -> Result<Response, PageError> {
    viewer.check_admin_form(&form.csrf, WHO)?;
    let refuse = async |status, message: String, form| {
        page(&state, &viewer, status, Some(message), form).await
    };
    let email = form.email.trim().to_lowercase();
    let checked = (|| {
        if users::check_email(&email).is_err() {
            return Err(t("setup-bad-email"));
        }
        let role = form.role.parse::<Role>().map_err(|_| t("pick-role"))?;
        password::check_strength(&form.password).map_err(|_| t("setup-weak-password"))?;
        Ok(role)
    })();
    let role = match checked {
        Ok(role) => role,
        Err(message) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, message, form).await,
    };
    match users::add(&state.db, &email, &form.password, role).await {
        Ok(_) => Ok(see_other("/settings/users")),
        // Said here, not as a sentence of the domain's message: that would capitalise the
        // address.
        Err(Error::Conflict(_)) => {
            let message = t1("users-taken", "email", &email);
            refuse(StatusCode::CONFLICT, message, form).await
        }
        Err(refusal) => {
            let (status, message) = PageError::on_the_form(refusal)?;
            refuse(status, message, form).await
        }
    }
}

#[derive(Deserialize)]
pub struct RoleForm {
    csrf: String,
    role: String,
}

pub async fn set_role(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<RoleForm>,
) -> Result<Response, PageError> {
    viewer.check_admin_form(&form.csrf, WHO)?;
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
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, PageError> {
    viewer.check_admin_form(&form.csrf, WHO)?;
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
    page(
        state,
        viewer,
        status,
        Some(why.to_owned()),
        NewUserForm::default(),
    )
    .await
}
