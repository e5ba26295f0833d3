//! `/account`: the signed-in user's own language and time zone.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;

use super::flash::{self, Flash};
use super::{PageError, Viewer};
use crate::app::AppState;
use crate::i18n::{self, Locale};
use crate::routes::pages::render;

#[derive(Template)]
#[template(path = "ui/preferences.html")]
struct PreferencesPage<'a> {
    section: &'a str,
    viewer: &'a Viewer,
    /// Every language: its tag and its own name.
    languages: Vec<(String, String)>,
    /// The browser's language, by its own name.
    browser_language: String,
    /// Every time zone the server knows, by IANA name.
    zones: Vec<String>,
    server_zone: &'a str,
    error: Option<String>,
}

impl PreferencesPage<'_> {
    fn is_language(&self, tag: &str) -> bool {
        self.viewer.locale.as_deref() == Some(tag)
    }

    fn is_zone(&self, zone: &str) -> bool {
        self.viewer.timezone.as_deref() == Some(zone)
    }
}

pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    Ok(show(&state, &viewer, &headers, StatusCode::OK, None))
}

fn show(
    state: &AppState,
    viewer: &Viewer,
    headers: &HeaderMap,
    status: StatusCode,
    error: Option<String>,
) -> Response {
    let browser = i18n::from_accept_language(
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    let mut zones: Vec<String> = jiff::tz::db()
        .available()
        .map(|name| name.as_str().to_owned())
        .collect();
    zones.sort();
    render(
        status,
        &PreferencesPage {
            section: "account",
            viewer,
            languages: i18n::choices(),
            browser_language: browser.text("language-name"),
            zones,
            server_zone: &state.timezone,
            error,
        },
    )
}

#[derive(Deserialize)]
pub struct PreferencesForm {
    csrf: String,
    #[serde(default)]
    locale: String,
    #[serde(default)]
    timezone: String,
}

pub async fn save(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Form(form): Form<PreferencesForm>,
) -> Result<Response, PageError> {
    viewer.check_csrf(&form.csrf)?;
    // An empty choice is "as my browser asks" and "the server's".
    let locale = match form.locale.trim() {
        "" => None,
        tag => match Locale::get(tag) {
            Some(locale) => Some(locale.tag()),
            None => {
                let error = i18n::t1("account-unknown-language", "tag", tag);
                return Ok(refuse(&state, &viewer, &headers, error));
            }
        },
    };
    let timezone = match form.timezone.trim() {
        "" => None,
        zone if jiff::tz::TimeZone::get(zone).is_ok() => Some(zone.to_owned()),
        zone => {
            let error = i18n::t1("account-unknown-timezone", "zone", zone);
            return Ok(refuse(&state, &viewer, &headers, error));
        }
    };
    state
        .db
        .set_preferences(viewer.user_id, locale.as_deref(), timezone.as_deref())
        .await?;
    Ok(flash::redirect(&viewer, "/account", &Flash::AccountSaved))
}

fn refuse(state: &AppState, viewer: &Viewer, headers: &HeaderMap, error: String) -> Response {
    show(
        state,
        viewer,
        headers,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some(error),
    )
}
