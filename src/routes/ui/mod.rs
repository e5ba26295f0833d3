//! The web UI: who is looking (a session), forms protected against CSRF, and the pages.

pub mod account;
pub mod agency;
pub mod campaign_edit;
mod campaign_report;
mod campaign_settings;
pub mod campaigns;
pub mod channels;
mod chart;
mod checked_form;
mod compare;
pub mod dashboard;
mod dashboard_filters;
pub mod domains;
pub mod edit;
mod error;
pub mod export;
mod field_of;
pub mod flash;
mod form_error;
mod forms;
pub mod frame;
pub mod import;
pub mod invite;
pub mod kit;
mod link_at;
mod link_state;
pub mod links;
pub mod links_export;
pub mod methods;
mod options_form;
pub mod password;
pub mod preferences;
pub mod qr;
mod report_periods;
pub mod report_share;
mod return_to;
mod same_site;
pub mod settings;
pub mod site_dashboard;
mod site_dashboard_utm;
pub mod site_export;
pub mod sites;
mod state_filter;
mod tables;
pub mod tokens;
pub mod upload;
pub mod users;
mod view;
pub mod webhooks;

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};

pub use error::PageError;

use crate::app::AppState;
use crate::auth::{Role, session};
use crate::clock::now_ms;

/// The person signed in, from the session cookie.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub user_id: i64,
    pub email: String,
    pub role: Role,
    /// Every form of this session carries it; a POST without it is refused.
    pub csrf: String,
    /// The language the user chose (`fr`), if any (else the browser's).
    pub locale: Option<String>,
    /// The time zone the user chose, if any (else the server's).
    pub timezone: Option<String>,
    /// The time zone dates and times are shown in: [`Viewer::timezone`], kept so that a
    /// page's rows can write their days without the state at hand.
    shown_zone: String,
    /// What the last action did, said once on the page it led to.
    pub flash: Option<flash::Flash>,
    /// Whether Lanterne is served over https (cookies it sets are then `Secure`).
    pub https: bool,
    /// The base URL, when short links made with it reach nobody (`http://0.0.0.0:8080`):
    /// admins are told on every page until it is set.
    pub unreachable_base_url: Option<String>,
}

impl Viewer {
    /// Refuses viewers that may not change links.
    pub fn require_editor(&self) -> Result<(), PageError> {
        if self.role.can_edit_links() {
            Ok(())
        } else {
            Err(PageError::forbidden(crate::i18n::t("error-read-only")))
        }
    }

    /// Refuses a form whose CSRF token is not this session's.
    pub fn check_csrf(&self, token: &str) -> Result<(), PageError> {
        if constant_time_eq(token.as_bytes(), self.csrf.as_bytes()) {
            Ok(())
        } else {
            Err(PageError::expired_form())
        }
    }

    /// The role as the page's language names it.
    pub fn role_name(&self) -> String {
        crate::i18n::t(&format!("role-{}", self.role))
    }

    /// The time zone hours and times are shown in: the user's, else the server's.
    pub fn timezone<'a>(&'a self, state: &'a AppState) -> &'a str {
        self.timezone.as_deref().unwrap_or(&state.timezone)
    }

    /// The day of `ms` (Unix ms) in the viewer's time zone, as the page's language writes it:
    /// what a list's « created » or « valid until » column shows.
    pub fn day(&self, ms: impl std::borrow::Borrow<i64>) -> String {
        view::day(*ms.borrow(), &self.shown_zone)
    }

    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// Refuses viewers who are not admins with the message `refusal` (`admins-only-users`),
    /// which says what only admins do.
    pub fn require_admin(&self, refusal: &str) -> Result<(), PageError> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(PageError::forbidden(crate::i18n::t(refusal)))
        }
    }

    /// Checks the form's CSRF token, then that the viewer may change links.
    pub fn check_editor_form(&self, token: &str) -> Result<(), PageError> {
        self.check_csrf(token).and_then(|()| self.require_editor())
    }

    /// Checks the form's CSRF token, then that the viewer is an admin.
    pub fn check_admin_form(&self, token: &str, refusal: &str) -> Result<(), PageError> {
        self.check_csrf(token)
            .and_then(|()| self.require_admin(refusal))
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        let session_id = parts
            .headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(session::from_cookie_header);
        let found = match session_id {
            Some(id) => state.db.session(&session::digest(id), now_ms()).await?,
            None => None,
        };
        let row = found.ok_or_else(|| PageError::SignedOut {
            asked: parts
                .uri
                .path_and_query()
                .map_or("/", |p| p.as_str())
                .to_owned(),
        })?;
        if let Some(locale) = row.locale.as_deref().and_then(crate::i18n::Locale::get) {
            crate::i18n::prefer(locale);
        }
        Ok(Viewer {
            flash: flash::read(&parts.headers, &row.csrf),
            https: state.base_url.starts_with("https://"),
            unreachable_base_url: crate::config::on_unspecified_address(&state.base_url)
                .then(|| state.base_url.clone()),
            user_id: row.user_id,
            email: row.email,
            role: row.role.parse().unwrap_or(Role::Analyst),
            csrf: row.csrf,
            locale: row.locale,
            shown_zone: row
                .timezone
                .clone()
                .unwrap_or_else(|| state.timezone.clone()),
            timezone: row.timezone,
        })
    }
}

/// Why the viewer may not create `links` links right now, if that would make too many this
/// minute.
pub fn creation_limited(state: &AppState, viewer: &Viewer, links: usize) -> Option<String> {
    let key = format!("user:{}", viewer.user_id);
    let links = u32::try_from(links).unwrap_or(u32::MAX);
    state
        .create_guard
        .check_n(&key, links)
        .is_err()
        .then(|| crate::i18n::tn("creation-limited", i64::from(crate::app::CREATE_LIMIT)))
}

/// After a POST, the browser is sent to a page with GET (so a reload does not resend).
pub fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}
