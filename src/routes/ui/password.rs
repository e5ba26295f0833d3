//! `/account/password`: the signed-in user changes their own password, the current one
//! checked first; their other sessions end with the old password.

use std::net::SocketAddr;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;

use super::flash::{self, Flash};
use super::form_error::FormError;
use super::{PageError, Viewer};
use crate::app::AppState;
use crate::auth::{password, session};
use crate::i18n::t;
use crate::net::{client_ip, client_limit};
use crate::routes::pages::render;

#[derive(Template)]
#[template(path = "ui/password.html")]
struct PasswordPage<'a> {
    section: &'a str,
    viewer: &'a Viewer,
    error: FormError,
}

fn show(viewer: &Viewer, status: StatusCode, error: FormError) -> Response {
    let page = PasswordPage {
        section: "account",
        viewer,
        error,
    };
    render(status, &page)
}

pub async fn page(viewer: Viewer) -> Response {
    show(&viewer, StatusCode::OK, FormError::default())
}

#[derive(Deserialize)]
pub struct PasswordForm {
    csrf: String,
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

pub async fn change(
    State(state): State<AppState>,
    viewer: Viewer,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<PasswordForm>,
) -> Result<Response, PageError> {
    viewer.check_csrf(&form.csrf)?;
    let invalid = StatusCode::UNPROCESSABLE_ENTITY;
    let refuse = |field: &str, key: &str| Ok(show(&viewer, invalid, FormError::at(field, t(key))));
    // The current password is guessed no faster here than at sign-in.
    let client = client_ip::of_request(peer.ip(), &headers, &state.trusted_proxies);
    let network = client_limit::network(client);
    let account = (viewer.email.clone(), network);
    if let Err(wait) = state.login_guard.check(&account) {
        let message = super::account::too_many(wait);
        let limited = FormError::page(message);
        return Ok(show(&viewer, StatusCode::TOO_MANY_REQUESTS, limited));
    }
    let user = state.db.user_by_email(&viewer.email).await?;
    let stored = user.as_ref().map(|u| u.password_hash.as_str());
    if !password::matches(&form.current, stored).await {
        state.login_guard.failed(&account);
        return refuse("current", "password-current-wrong");
    }
    if password::check_strength(&form.password).is_err() {
        return refuse("password", "setup-weak-password");
    }
    if form.password != form.confirm {
        return refuse("confirm", "setup-passwords-differ");
    }
    let keep = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(session::from_cookie_header)
        .map(session::digest)
        .unwrap_or_default();
    let hash = password::hash_apart(&form.password).await;
    state
        .db
        .change_password(viewer.user_id, &hash, &keep)
        .await?;
    Ok(flash::redirect(
        &viewer,
        "/account",
        &Flash::PasswordChanged,
    ))
}
