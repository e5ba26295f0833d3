//! One link's page: its QR code, and its destination, campaign, channel and themes to edit.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::forms::{sentence, split_tags};
use super::links::CreateForm;
use super::{PageError, Viewer, see_other};
use crate::app::AppState;
use crate::clock::now_ms;
use crate::links::channels::Channel;
use crate::links::{self, LinkPatch, destination};
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

pub async fn edit_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    viewer.require_editor()?;
    let link = state
        .db
        .link_by_slug(&slug)
        .await?
        .ok_or_else(|| PageError::missing("link"))?;
    let catalogue = state.db.channel_catalogue().await?;
    Ok(render(
        StatusCode::OK,
        &EditPage {
            section: "links",
            viewer: &viewer,
            short_url: state.short_url(&slug),
            slug: &slug,
            url: link.url,
            campaign: link.campaign.unwrap_or_default(),
            channel: link.channel.unwrap_or_default(),
            tags: link.tags.join(", "),
            hits: link.hit_count,
            channels: catalogue.all(),
            error: None,
        },
    ))
}

pub async fn edit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Form(form): Form<CreateForm>,
) -> Result<Response, PageError> {
    viewer.check_editor_form(&form.csrf)?;
    let patch = (|| -> Result<LinkPatch, String> {
        Ok(LinkPatch {
            url: Some(destination::parse(&form.url, &state.refused_hosts)?),
            campaign: Some(links::label("campaign", &form.campaign)?),
            channel: Some(links::label("channel", &form.channel)?),
            tags: Some(links::tags(&split_tags(&form.tags))?),
            enabled: None,
        })
    })();
    let patch = match patch {
        Ok(patch) => patch,
        Err(message) => {
            let (catalogue, link) =
                tokio::try_join!(state.db.channel_catalogue(), state.db.link_by_slug(&slug))?;
            let hits = link.ok_or_else(|| PageError::missing("link"))?.hit_count;
            return Ok(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &EditPage {
                    section: "links",
                    viewer: &viewer,
                    short_url: state.short_url(&slug),
                    slug: &slug,
                    url: form.url.clone(),
                    campaign: form.campaign.clone(),
                    channel: form.channel.clone(),
                    tags: form.tags.clone(),
                    hits,
                    channels: catalogue.all(),
                    error: Some(sentence(&message)),
                },
            ));
        }
    };
    state
        .db
        .update_link(&slug, &patch, now_ms())
        .await?
        .ok_or_else(|| PageError::missing("link"))?;
    state.links.changed(&slug).await;
    Ok(see_other("/links"))
}
