//! Renaming a campaign and deleting it from its page.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::campaigns::{Shown, find};
use super::checked_form::EditorForm;
use super::forms::sentence;
use super::{PageError, see_other};
use crate::app::AppState;
use crate::campaigns::edit;
use crate::campaigns::{CampaignInput, LinksOnDelete};
use crate::error::Error;

#[derive(Deserialize)]
pub struct RenameForm {
    #[serde(default)]
    name: String,
}

/// A new name for the campaign; its links follow it.
pub async fn rename(
    State(state): State<AppState>,
    Path(id): Path<String>,
    EditorForm(viewer, form): EditorForm<RenameForm>,
) -> Result<Response, PageError> {
    let campaign = find(&state, &id).await?;
    let input = CampaignInput {
        name: form.name.clone(),
        url: campaign.url.clone(),
        tags: campaign.tags.clone(),
        utm: campaign.utm,
        utm_campaign: campaign.utm_campaign.clone(),
        preview: campaign.preview.clone(),
    };
    let (status, message) =
        match edit::save(&state.db, state.link_checks(), campaign.id, &input).await {
            Ok(_) => return Ok(see_other(&format!("/campaigns/{}?renamed=1", campaign.id))),
            Err(refusal) => PageError::on_the_form(refusal)?,
        };
    Shown::new(&campaign)
        .name(form.name)
        .error(message)
        .render(&state, &viewer, status)
        .await
}

#[derive(Deserialize)]
pub struct DeleteForm {
    /// `detach` or `delete`; empty while the campaign has no links.
    #[serde(default)]
    links: String,
}

/// Deletes the campaign; a campaign with links needs the choice of what happens to them.
pub async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    EditorForm(viewer, form): EditorForm<DeleteForm>,
) -> Result<Response, PageError> {
    let campaign = find(&state, &id).await?;
    let refuse = async |status: StatusCode, message: String| {
        Shown::new(&campaign)
            .error(message)
            .render(&state, &viewer, status)
            .await
    };
    let links = match form.links.parse::<LinksOnDelete>() {
        Ok(links) => links,
        Err(message) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, sentence(&message)).await,
    };
    match edit::delete(&state.db, &state.links, campaign.id, links).await {
        Ok((name, _)) => {
            let query = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("deleted", &name)
                .finish();
            Ok(see_other(&format!("/campaigns?{query}")))
        }
        // The API's message names its query parameter; the page has radio buttons.
        Err(Error::Conflict(_)) => {
            let message = "This campaign still has links: choose whether to delete them with it or keep them without a campaign.";
            refuse(StatusCode::CONFLICT, message.to_owned()).await
        }
        Err(refusal) => {
            let (status, message) = PageError::on_the_form(refusal)?;
            refuse(status, message).await
        }
    }
}
