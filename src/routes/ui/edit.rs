//! One link's page: its QR code, and its destination, campaign, channel and themes to edit.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::forms::split_tags;
use super::links::CreateForm;
use super::{PageError, Viewer, see_other};
use crate::app::AppState;
use crate::links::change::{self, LinkEdit};
use crate::links::channels::Channel;
use crate::routes::pages::render;

#[derive(Template)]
#[template(path = "ui/edit.html")]
struct EditPage<'a> {
    section: &'a str,
    viewer: &'a Viewer,
    short_url: String,
    slug: &'a str,
    url: String,
    campaign: String,
    channel: String,
    tags: String,
    hits: i64,
    channels: &'a [Channel],
    error: Option<String>,
}

/// The edit form's fields: the link's, or what was sent when refused.
struct Fields {
    url: String,
    campaign: String,
    channel: String,
    tags: String,
}

impl From<&CreateForm> for Fields {
    fn from(form: &CreateForm) -> Fields {
        Fields {
            url: form.url.clone(),
            campaign: form.campaign.clone(),
            channel: form.channel.clone(),
            tags: form.tags.clone(),
        }
    }
}

/// The link's page, its form holding `sent` (else the link's own values) and `error`.
async fn page(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    sent: Option<Fields>,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let (catalogue, link) =
        tokio::try_join!(state.db.channel_catalogue(), state.db.link_by_slug(slug))?;
    let link = link.ok_or_else(|| PageError::missing("link"))?;
    let hits = link.hit_count;
    let fields = sent.unwrap_or_else(|| Fields {
        url: link.url,
        campaign: link.campaign.unwrap_or_default(),
        channel: link.channel.unwrap_or_default(),
        tags: link.tags.join(", "),
    });
    Ok(render(
        status,
        &EditPage {
            section: "links",
            viewer,
            short_url: state.short_url(slug),
            slug,
            url: fields.url,
            campaign: fields.campaign,
            channel: fields.channel,
            tags: fields.tags,
            hits,
            channels: catalogue.all(),
            error,
        },
    ))
}

pub async fn edit_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    viewer.require_editor()?;
    page(&state, &viewer, &slug, None, None, StatusCode::OK).await
}

pub async fn edit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Form(form): Form<CreateForm>,
) -> Result<Response, PageError> {
    viewer.check_editor_form(&form.csrf)?;
    let edit = LinkEdit {
        url: Some(form.url.clone()),
        campaign: Some(form.campaign.clone()),
        channel: Some(form.channel.clone()),
        tags: Some(split_tags(&form.tags)),
        ..LinkEdit::default()
    };
    match change::update(&state.db, &state.links, state.link_checks(), &slug, &edit).await {
        Ok(_) => Ok(see_other("/links")),
        Err(refusal) => {
            let (status, message) = PageError::on_the_form(refusal)?;
            let sent = Some(Fields::from(&form));
            page(&state, &viewer, &slug, sent, Some(message), status).await
        }
    }
}
