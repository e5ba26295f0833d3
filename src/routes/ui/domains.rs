//! Settings → Domains, for admins: the branded domains links may be on, adding one with its
//! root URL, and removing one no link uses.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;

use super::checked_form::AdminForm;
use super::form_error::FormError;
use super::forms::{CsrfForm, with_scheme};
use super::settings::{Said, SettingsPage, Shown};
use super::{PageError, Viewer, see_other};
use crate::app::AppState;
use crate::domains::{self, Domain};
use crate::routes::pages::render;

#[derive(Template)]
#[template(path = "ui/domains.html")]
struct DomainsPage<'a> {
    section: &'a str,
    viewer: &'a Viewer,
    domains: Vec<Domain>,
    /// The base URL's host, which needs no domain.
    base_host: &'a str,
    error: FormError,
    form: AddForm,
}

#[derive(Deserialize, Default)]
pub struct AddForm {
    #[serde(default)]
    host: String,
    #[serde(default)]
    root_url: String,
}

/// Settings → Domains: the branded domains above the form adding one.
pub struct Domains;

impl SettingsPage for Domains {
    type Form = AddForm;
    const FIELDS: &'static [&'static str] = &["host", "root_url"];

    async fn show(state: &AppState, viewer: &Viewer, said: Said<AddForm>) -> Shown {
        let domains = state.db.domains().await?;
        let page = DomainsPage {
            section: "domains",
            viewer,
            domains,
            base_host: state.domains().base_host(),
            error: said.error,
            form: said.form,
        };
        Ok(render(said.status, &page))
    }
}

pub async fn add(
    State(state): State<AppState>,
    AdminForm(viewer, form): AdminForm<AddForm>,
) -> Result<Response, PageError> {
    let root_url = with_scheme(&form.root_url);
    let root_url = Some(root_url.as_str());
    match domains::add(
        &state.db,
        &state.links,
        &state.refused_hosts,
        &form.host,
        root_url,
    )
    .await
    {
        Ok(_) => Ok(see_other("/settings/domains")),
        Err(refusal) => Domains::refused(&state, &viewer, refusal, form).await,
    }
}

pub async fn remove(
    State(state): State<AppState>,
    Path(host): Path<String>,
    AdminForm(viewer, _): AdminForm<CsrfForm>,
) -> Result<Response, PageError> {
    match domains::remove(&state.db, &state.links, &host).await {
        Ok(()) => Ok(see_other("/settings/domains")),
        Err(crate::error::Error::NotFound(_)) => Err(PageError::missing("domain")),
        Err(refusal) => Domains::refused(&state, &viewer, refusal, AddForm::default()).await,
    }
}
