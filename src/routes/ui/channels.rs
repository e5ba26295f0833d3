//! The channel catalogue for admins: the built-in channels, and adding and removing their own
//! (an intranet, a partner's newsletter, a podcast …) with how each one shares.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::forms::CsrfForm;
use super::{PageError, Viewer, see_other};
use crate::app::AppState;
use crate::links::added::add_channel;
use crate::links::channels::{Channel, Reach};
use crate::routes::pages::render;

/// The refusal a viewer who is not an admin reads.
const WHO: &str = "admins-only-channels";

#[derive(Template)]
#[template(path = "ui/channels.html")]
struct ChannelsPage<'a> {
    section: &'a str,
    viewer: &'a Viewer,
    channels: &'a [Channel],
    reaches: [Reach; 3],
    error: Option<String>,
    form: AddForm,
}

#[derive(Deserialize, Default)]
pub struct AddForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    key: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    reach: String,
}

impl ChannelsPage<'_> {
    /// How a channel shares (`private`), as the page's language says it.
    fn reach_name(&self, reach: &str) -> String {
        crate::i18n::t(&format!("reach-{reach}"))
    }
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    status: StatusCode,
    error: Option<String>,
    form: AddForm,
) -> Result<Response, PageError> {
    let catalogue = state.db.channel_catalogue().await?;
    Ok(render(
        status,
        &ChannelsPage {
            section: "channels",
            viewer,
            channels: catalogue.all(),
            reaches: Reach::ALL,
            error,
            form,
        },
    ))
}

pub async fn list(State(state): State<AppState>, viewer: Viewer) -> Result<Response, PageError> {
    viewer.require_admin(WHO)?;
    page(&state, &viewer, StatusCode::OK, None, AddForm::default()).await
}

pub async fn add(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<AddForm>,
) -> Result<Response, PageError> {
    viewer.check_admin_form(&form.csrf, WHO)?;
    match add_channel(&state.db, &form.key, &form.label, &form.reach).await {
        Ok(_) => Ok(see_other("/settings/channels")),
        Err(refusal) => {
            let (status, message) = PageError::on_the_form(refusal)?;
            page(&state, &viewer, status, Some(message), form).await
        }
    }
}

pub async fn remove(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(key): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, PageError> {
    viewer.check_admin_form(&form.csrf, WHO)?;
    if !state.db.delete_custom_channel(&key).await? {
        return Err(PageError::missing("channel"));
    }
    Ok(see_other("/settings/channels"))
}
