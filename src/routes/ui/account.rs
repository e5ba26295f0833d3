//! First-run setup, sign-in and sign-out.

use std::net::SocketAddr;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::Response;
use serde::Deserialize;

use super::form_error::FormError;
use super::forms::CsrfForm;
use super::return_to::{self, Next};
use super::{PageError, Viewer, same_site, see_other};
use crate::app::AppState;
use crate::auth::{password, session, users};
use crate::clock::now_ms;
use crate::i18n::t;
use crate::net::{client_ip, client_limit};
use crate::routes::pages::render;

#[derive(Template)]
#[template(path = "ui/setup.html")]
struct SetupPage<'a> {
    error: FormError,
    email: &'a str,
}

#[derive(Template)]
#[template(path = "ui/login.html")]
struct LoginPage<'a> {
    /// Never about one field: a wrong password must not tell whether the email has an
    /// account.
    error: FormError,
    email: &'a str,
    /// The page asked for while signed out, to return to.
    next: Option<&'a str>,
}

#[derive(Deserialize)]
pub struct SetupForm {
    email: String,
    password: String,
    confirm: String,
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    /// The page asked for while signed out.
    #[serde(default)]
    next: String,
}

/// `/`: the dashboard for someone signed in, else sign-in (or setup on a new server).
pub async fn home(State(state): State<AppState>, viewer: Result<Viewer, PageError>) -> Response {
    match viewer {
        Ok(_) => see_other("/dashboard"),
        Err(_) if state.db.count_users().await.unwrap_or(1) == 0 => see_other("/setup"),
        Err(_) => see_other("/login"),
    }
}

pub async fn setup_page(State(state): State<AppState>) -> Response {
    if state.db.count_users().await.unwrap_or(1) > 0 {
        return see_other("/login");
    }
    render(
        StatusCode::OK,
        &SetupPage {
            error: FormError::default(),
            email: "",
        },
    )
}

/// Creates the first admin, once: afterwards the page is gone.
pub async fn setup(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<SetupForm>,
) -> Result<Response, PageError> {
    same_site::from_this_site(&headers, &state.base_url)?;
    if state.db.count_users().await.unwrap_or(1) > 0 {
        return Ok(see_other("/login"));
    }
    let email = form.email.trim().to_lowercase();
    let refuse = |field: &str, message: &str| {
        render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &SetupPage {
                error: FormError::at(field, t(message)),
                email: &email,
            },
        )
    };
    if users::check_email(&email).is_err() {
        return Ok(refuse("email", "setup-bad-email"));
    }
    if password::check_strength(&form.password).is_err() {
        return Ok(refuse("password", "setup-weak-password"));
    }
    if form.password != form.confirm {
        return Ok(refuse("confirm", "setup-passwords-differ"));
    }
    match users::add_first_admin(&state.db, &email, &form.password).await? {
        Some(user_id) => start_session(&state, user_id, "/links").await,
        // Someone else set up the first account meanwhile.
        None => Ok(see_other("/login")),
    }
}

/// The sign-in form, carrying the page asked for (`?next=`) to return to.
pub async fn login_page(uri: Uri) -> Response {
    let next = Next::of_query(uri.query());
    render(
        StatusCode::OK,
        &LoginPage {
            error: FormError::default(),
            email: "",
            next: next.page(),
        },
    )
}

pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    same_site::from_this_site(&headers, &state.base_url)?;
    let email = form.email.trim().to_lowercase();
    let client = client_ip::of_request(peer.ip(), &headers, &state.trusted_proxies);
    // Guessing is slowed down per account and client network, and per network; only
    // failures count.
    let network = client_limit::network(client);
    let account = (email.clone(), network);
    let refused =
        (state.login_guard.check(&account)).and(state.login_network_guard.check(&network));
    if let Err(wait) = refused {
        let page = LoginPage {
            error: FormError::page(too_many(wait)),
            email: &email,
            next: return_to::checked(&form.next),
        };
        return Ok(render(StatusCode::TOO_MANY_REQUESTS, &page));
    }
    let user = state.db.user_by_email(&email).await?;
    // Checked for an unknown email too, against a stand-in hash: as slow either way.
    let stored = user.as_ref().map(|u| u.password_hash.as_str());
    let right = password::matches(&form.password, stored).await;
    match user {
        Some(user) if right => {
            let to = return_to::checked(&form.next).unwrap_or(return_to::DEFAULT);
            start_session(&state, user.id, to).await
        }
        _ => {
            state.login_guard.failed(&account);
            state.login_network_guard.failed(&network);
            let page = LoginPage {
                error: FormError::page(t("login-wrong")),
                email: &email,
                next: return_to::checked(&form.next),
            };
            Ok(render(StatusCode::UNAUTHORIZED, &page))
        }
    }
}

/// "Too many sign-in attempts", with the wait in whole minutes.
pub(super) fn too_many(wait: std::time::Duration) -> String {
    let minutes = wait.as_secs().div_ceil(60).max(1);
    crate::i18n::tn("login-too-many", minutes as i64)
}

pub async fn logout(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Result<Response, PageError> {
    viewer.check_csrf(&form.csrf)?;
    if let Some(id) = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(session::from_cookie_header)
    {
        let _ = state.db.delete_session(&session::digest(id)).await;
    }
    let mut response = see_other("/login");
    if let Ok(cookie) = HeaderValue::try_from(session::expired_cookie()) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

pub(super) async fn start_session(
    state: &AppState,
    user_id: i64,
    to: &str,
) -> Result<Response, PageError> {
    let id = session::secret();
    let expires = now_ms() + session::LIFETIME_MS;
    state
        .db
        .insert_session(&session::digest(&id), user_id, &session::secret(), expires)
        .await?;
    let secure = state.base_url.starts_with("https://");
    let mut response = see_other(to);
    if let Ok(cookie) = HeaderValue::try_from(session::cookie(&id, secure)) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
}
