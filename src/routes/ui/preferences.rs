//! `/account`: the signed-in user's own language and time zone.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;

use super::flash::{self, Flash};
use super::form_error::FormError;
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
    /// The time zones a person chooses from, by IANA name (see [`offered_zones`]).
    zones: Vec<String>,
    server_zone: &'a str,
    error: FormError,
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
    let none = FormError::default();
    Ok(show(&state, &viewer, &headers, StatusCode::OK, none))
}

fn show(
    state: &AppState,
    viewer: &Viewer,
    headers: &HeaderMap,
    status: StatusCode,
    error: FormError,
) -> Response {
    let browser = i18n::from_accept_language(
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    let known = jiff::tz::db()
        .available()
        .map(|name| name.as_str().to_owned());
    let zones = offered_zones(known, viewer.timezone.as_deref());
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

/// Trees of the system's zone database that hold copies or legacy forms of the real zones.
const NOT_CHOSEN_TREES: [&str; 4] = ["posix/", "right/", "Etc/", "SystemV/"];

/// Whether `name` is a zone a person picks: an IANA `Area/Location` such as `Europe/Paris`,
/// or `UTC`. A system's database also lists files that are no zone of their own
/// (`localtime`, `posixrules`, `Factory`), old single names (`Egypt`, `EST5EDT`) and the trees
/// above, which only make the list longer to read.
fn is_offered_zone(name: &str) -> bool {
    name == "UTC"
        || (name.contains('/') && !NOT_CHOSEN_TREES.iter().any(|tree| name.starts_with(tree)))
}

/// The zones the form lists, sorted: those `known` to the server that [`is_offered_zone`],
/// and the user's `current` one even if not, so the form still shows what they chose and
/// saving it unchanged keeps it.
fn offered_zones(known: impl Iterator<Item = String>, current: Option<&str>) -> Vec<String> {
    let mut zones: Vec<String> = known.filter(|name| is_offered_zone(name)).collect();
    if let Some(current) = current.filter(|c| !zones.iter().any(|z| z == c)) {
        zones.push(current.to_owned());
    }
    zones.sort();
    zones
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
                let error =
                    FormError::at("locale", i18n::t1("account-unknown-language", "tag", tag));
                return Ok(refuse(&state, &viewer, &headers, error));
            }
        },
    };
    let timezone = match form.timezone.trim() {
        "" => None,
        zone if jiff::tz::TimeZone::get(zone).is_ok() => Some(zone.to_owned()),
        zone => {
            let error = FormError::at(
                "timezone",
                i18n::t1("account-unknown-timezone", "zone", zone),
            );
            return Ok(refuse(&state, &viewer, &headers, error));
        }
    };
    state
        .db
        .set_preferences(viewer.user_id, locale.as_deref(), timezone.as_deref())
        .await?;
    Ok(flash::redirect(&viewer, "/account", &Flash::AccountSaved))
}

fn refuse(state: &AppState, viewer: &Viewer, headers: &HeaderMap, error: FormError) -> Response {
    show(
        state,
        viewer,
        headers,
        StatusCode::UNPROCESSABLE_ENTITY,
        error,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> impl Iterator<Item = String> {
        list.iter().map(|s| (*s).to_owned())
    }

    #[test]
    fn only_area_location_zones_and_utc_are_offered() {
        let known = names(&[
            "Europe/Paris",
            "UTC",
            "America/Argentina/Buenos_Aires",
            "localtime",
            "posixrules",
            "Factory",
            "Egypt",
            "EST5EDT",
            "posix/Europe/Paris",
            "right/UTC",
            "Etc/GMT+3",
            "SystemV/AST4",
        ]);
        assert_eq!(
            offered_zones(known, None),
            ["America/Argentina/Buenos_Aires", "Europe/Paris", "UTC"]
        );
    }

    #[test]
    fn a_chosen_zone_no_longer_offered_is_still_listed() {
        let known = names(&["Europe/Paris", "Etc/GMT+3"]);
        assert_eq!(
            offered_zones(known, Some("Etc/GMT+3")),
            ["Etc/GMT+3", "Europe/Paris"]
        );
        let known = names(&["Europe/Paris"]);
        assert_eq!(offered_zones(known, Some("Europe/Paris")), ["Europe/Paris"]);
    }
}
