//! Settings → Agency, for admins: the agency's name, which every client's report says it was
//! prepared by.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::checked_form::AdminForm;
use super::flash::{self, Flash};
use super::form_error::FormError;
use super::settings::AdminPage;
use super::{PageError, Viewer};
use crate::app::AppState;
use crate::campaigns::agency;
use crate::routes::pages::render;

/// Where the page is.
const PATH: &str = "/settings/agency";

#[derive(Template)]
#[template(path = "ui/agency.html")]
struct AgencyPage<'a> {
    section: &'a str,
    viewer: &'a Viewer,
    /// The name field: the name saved, or what was posted when refused.
    name: String,
    max: usize,
    error: FormError,
}

#[derive(Deserialize)]
pub struct AgencyForm {
    #[serde(default)]
    name: String,
}

/// `GET /settings/agency`: the name saved, in its field.
pub async fn page(
    State(state): State<AppState>,
    AdminPage(viewer): AdminPage,
) -> Result<Response, PageError> {
    let name = agency::name(&state.db).await?.unwrap_or_default();
    Ok(show(&viewer, StatusCode::OK, name, FormError::default()))
}

/// `POST /settings/agency`: saves the name (nothing typed: the reports name no agency), or
/// shows the form again with why it was refused.
pub async fn save(
    State(state): State<AppState>,
    AdminForm(viewer, form): AdminForm<AgencyForm>,
) -> Result<Response, PageError> {
    match agency::set_name(&state.db, &form.name).await {
        Ok(()) => Ok(flash::redirect(&viewer, PATH, &Flash::AgencySaved)),
        Err(refusal) => {
            let (status, error) = FormError::refused_field(refusal, "agency-name")?;
            Ok(show(&viewer, status, form.name, error))
        }
    }
}

fn show(viewer: &Viewer, status: StatusCode, name: String, error: FormError) -> Response {
    let page = AgencyPage {
        section: "agency",
        viewer,
        name,
        max: agency::NAME_MAX,
        error,
    };
    render(status, &page)
}
