//! The forms of a campaign's page ([`CampaignForm`]), and renaming and deleting the campaign.

use axum::extract::{FromRequest, FromRequestParts, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::campaigns::{Shown, find};
use super::checked_form::EditorForm;
use super::flash::{self, Flash};
use super::form_error::FormError;
use super::forms::sentence;
use super::{PageError, Viewer};
use crate::app::AppState;
use crate::campaigns::edit;
use crate::campaigns::{Campaign, CampaignInput, LinksOnDelete};
use crate::error::Error;
use crate::i18n;

/// A form posted on the page of campaign `/campaigns/{id}/…`: checked as an [`EditorForm`],
/// then the campaign it is about (a campaign gone is answered with the page that says so).
pub struct CampaignForm<T> {
    pub viewer: Viewer,
    pub campaign: Campaign,
    pub form: T,
}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for CampaignForm<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = request.into_parts();
        let Path(id) = Path::<String>::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let request = Request::from_parts(parts, body);
        let EditorForm(viewer, form) = EditorForm::from_request(request, state).await?;
        let campaign = find(state, &id)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(CampaignForm {
            viewer,
            campaign,
            form,
        })
    }
}

impl<T> CampaignForm<T> {
    /// The campaign's page again, saying why the form was refused.
    pub async fn refuse(
        &self,
        state: &AppState,
        status: StatusCode,
        error: FormError,
    ) -> Result<Response, PageError> {
        Shown::new(&self.campaign)
            .error(error)
            .render(state, &self.viewer, status)
            .await
    }
}

#[derive(Deserialize)]
pub struct RenameForm {
    #[serde(default)]
    name: String,
}

/// A new name for the campaign; its links follow it.
pub async fn rename(
    State(state): State<AppState>,
    CampaignForm {
        viewer,
        campaign,
        form,
    }: CampaignForm<RenameForm>,
) -> Result<Response, PageError> {
    let input = CampaignInput {
        name: form.name.clone(),
        url: campaign.url.clone(),
        tags: campaign.tags.clone(),
        utm: campaign.utm,
        utm_campaign: campaign.utm_campaign.clone(),
        preview: campaign.preview.clone(),
    };
    // Whatever refuses the form is about its one field, the name.
    let (status, error) =
        match edit::save(&state.db, state.link_checks(), campaign.id, &input).await {
            Ok(_) => {
                let to = format!("/campaigns/{}", campaign.id);
                return Ok(flash::redirect(&viewer, &to, &Flash::CampaignRenamed));
            }
            Err(refusal) => FormError::refused_field(refusal, "name")?,
        };
    Shown::new(&campaign)
        .name(form.name)
        .error(error)
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
    posted: CampaignForm<DeleteForm>,
) -> Result<Response, PageError> {
    let refuse = async |status, message| posted.refuse(&state, status, message).await;
    let links = match posted.form.links.parse::<LinksOnDelete>() {
        Ok(links) => links,
        Err(message) => {
            let error = FormError::page(sentence(&message));
            return refuse(StatusCode::UNPROCESSABLE_ENTITY, error).await;
        }
    };
    match edit::delete(&state.db, &state.links, posted.campaign.id, links).await {
        Ok((name, n)) => {
            let deleted = match links {
                _ if n == 0 => Flash::CampaignDeleted(name),
                LinksOnDelete::Delete => Flash::CampaignDeletedWithLinks(name, n),
                _ => Flash::CampaignDeletedKeepingLinks(name, n),
            };
            Ok(flash::redirect(&posted.viewer, "/campaigns", &deleted))
        }
        // The API's message names its query parameter; the page has radio buttons.
        Err(Error::Conflict(_)) => {
            let message = FormError::page(i18n::t("campaign-delete-has-links"));
            refuse(StatusCode::CONFLICT, message).await
        }
        Err(refusal) => {
            let (status, error) = FormError::refused(refusal, &[])?;
            refuse(status, error).await
        }
    }
}
