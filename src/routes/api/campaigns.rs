//! `/api/v1/campaigns`: start a campaign with one link per channel (the share kit), list,
//! show, rename or change, and delete campaigns.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::Caller;
use super::fields::{CardInput, ChannelKey, HostName, HttpUrl, Label, Name};
use super::json::{Json, Path, Query};
use super::link_options::present;
use super::link_run::with_link_run;
use super::links::LinkView;
use super::openapi::{CreationLimited, ErrorBody, Refusals};
use crate::app::AppState;
use crate::campaigns::card::CardField;
use crate::campaigns::edit;
use crate::campaigns::kit::RunOptions;
use crate::campaigns::{CampaignInput, CampaignSummary, LinksOnDelete};
use crate::clock::rfc3339;
use crate::error::ApiError;
use crate::links::options::PreviewCard;

/// A campaign as the API shows it, with what its links add up to.
#[derive(Serialize, ToSchema)]
pub struct CampaignView {
    id: i64,
    /// What its links carry in `campaign`.
    name: String,
    /// The destination of new links, without UTM parameters.
    url: String,
    /// The themes new links get.
    tags: Vec<String>,
    /// Whether new links carry `utm_source`, `utm_medium` and `utm_campaign`.
    utm: bool,
    utm_campaign: String,
    /// The card chat apps show for the links the share kit makes for it; null for none.
    preview: Option<PreviewCard>,
    /// RFC 3339.
    created_at: String,
    /// How many links name the campaign.
    links: i64,
    /// Every hit of those links.
    hits: i64,
}

impl CampaignView {
    fn new(state: &AppState, s: CampaignSummary) -> CampaignView {
        let (id, created_at) = (s.campaign.id, s.campaign.created_at);
        let c = s.campaign.settings.into_input();
        CampaignView {
            preview: c.preview.map(|card| PreviewCard {
                image: card.image_url(&state.base_url),
                ..card
            }),
            id,
            name: c.name,
            url: c.url,
            tags: c.tags,
            utm: c.utm,
            utm_campaign: c.utm_campaign,
            created_at: rfc3339(created_at),
            links: s.links,
            hits: s.hits,
        }
    }
}

/// A page of campaigns.
#[derive(Serialize, ToSchema)]
pub struct CampaignList {
    /// Newest first.
    campaigns: Vec<CampaignView>,
    /// Pass as `cursor` for the next page; null on the last page.
    next_cursor: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct CampaignListQuery {
    /// From `next_cursor` of the page before.
    #[param(pattern = "^[0-9]{1,18}_[0-9]{1,18}$")]
    cursor: Option<String>,
    /// Campaigns per page: 1–500, 100 if left out.
    #[param(minimum = 1, maximum = 500, default = json!(100))]
    limit: Option<i64>,
}

/// A page ends after the campaign created at `created_at` with id `id`: `{created_at}_{id}`.
fn campaign_cursor(raw: Option<&str>) -> Result<Option<(i64, i64)>, ApiError> {
    let number = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| s.parse::<i64>().ok())
            .flatten()
    };
    raw.map(|c| {
        c.split_once('_')
            .and_then(|(at, id)| Some((number(at)?, number(id)?)))
            .ok_or_else(|| ApiError::invalid("cursor is not valid"))
    })
    .transpose()
}

#[utoipa::path(get, operation_id = "listCampaigns", path = "/api/v1/campaigns", params(CampaignListQuery), tag = "campaigns",
    responses(
        (status = 200, description = "Campaigns, newest first, a page at a time", body = CampaignList),
        (status = 422, body = ErrorBody),
        Refusals,
    ))]
pub async fn list(
    State(state): State<AppState>,
    _caller: Caller,
    Query(query): Query<CampaignListQuery>,
) -> Result<Json<CampaignList>, ApiError> {
    let limit = super::page_size(query.limit, 100, 500)?;
    let after = campaign_cursor(query.cursor.as_deref())?;
    // One more than the page, to know whether another page follows.
    let mut campaigns = state.db.campaigns_page(after, limit + 1).await?;
    let next_cursor = super::next_page(&mut campaigns, limit, |s| {
        format!("{}_{}", s.campaign.created_at, s.campaign.id)
    });
    let campaigns = campaigns
        .into_iter()
        .map(|s| CampaignView::new(&state, s))
        .collect();
    Ok(Json(CampaignList {
        campaigns,
        next_cursor,
    }))
}

with_link_run! {
    /// A campaign to start, and the channels to mint a link for. The run options (`starts_at`
    /// to `password`) apply to the links made now: the campaign does not keep them, and links
    /// it gets later are made without.
    #[derive(Deserialize, ToSchema)]
    #[serde(deny_unknown_fields)]
    pub struct StartCampaign {
        /// What its links carry in `campaign`. A campaign of this name and destination that
        /// exists already gets the new links, made with its own themes and UTM settings (change
        /// those with `PATCH`); with another destination, or in other letter case, the name is
        /// refused (409).
        #[schema(value_type = Name, example = "Spring sale 2026")]
        name: String,
        /// Where every link leads, before its UTM parameters.
        #[schema(value_type = HttpUrl, example = "https://example.com/spring")]
        url: String,
        /// Themes every link of a new campaign gets, lowercased, each once: at most 20.
        #[serde(default)]
        #[schema(value_type = Vec<Label>, max_items = 20)]
        tags: Vec<String>,
        /// Whether the links carry `utm_source` (the channel), `utm_medium` and `utm_campaign`.
        #[serde(default = "utm_by_default")]
        utm: bool,
        /// Left out or empty for the default made from the name.
        #[serde(default)]
        #[schema(value_type = Label)]
        utm_campaign: String,
        /// A card chat apps show for every link made now and later by the kit: `title`, and
        /// optionally `description` and an https `image`.
        #[schema(value_type = Option<CardInput>)]
        preview: Option<PreviewCard>,
        /// Channel keys of the catalogue (`GET /api/v1/channels`): one link each.
        #[schema(value_type = Vec<ChannelKey>, example = json!(["whatsapp", "email", "facebook"]), min_items = 1)]
        channels: Vec<String>,
        /// A registered domain (`/api/v1/domains`) the links are made on; the base URL's host
        /// when left out.
        #[schema(value_type = Option<HostName>, example = "go.example.com")]
        domain: Option<String>,
    }
}

fn utm_by_default() -> bool {
    crate::campaigns::UTM_BY_DEFAULT
}

/// The campaign, and the links minted for it now.
#[derive(Serialize, ToSchema)]
pub struct StartedCampaign {
    campaign: CampaignView,
    /// One per channel, in the order asked.
    links: Vec<LinkView>,
    /// True when the campaign existed (same name and destination) and the links joined it.
    reused: bool,
    /// The fields of the `preview` sent that the joined campaign's card says otherwise, and
    /// kept (its empty fields were filled from `preview`; `PATCH` changes the others). Empty
    /// for a campaign started now.
    card_kept: Vec<CardField>,
}

#[utoipa::path(post, operation_id = "createCampaign", path = "/api/v1/campaigns", request_body = StartCampaign, tag = "campaigns",
    responses(
        (status = 201, description = "Started, or joined: one link per channel", body = StartedCampaign),
        (status = 403, body = ErrorBody),
        (status = 409, description = "The name belongs to another campaign", body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody),
        CreationLimited, Refusals,
    ))]
pub async fn start(
    State(state): State<AppState>,
    caller: Caller,
    Json(mut body): Json<StartCampaign>,
) -> Result<(StatusCode, Json<StartedCampaign>), ApiError> {
    caller.require_editor()?;
    let catalogue = state.db.channel_catalogue().await?;
    let mut kit = state.share_kit(&catalogue);
    let (fields, password) = body.take_run();
    kit.domain = body.domain;
    kit.run = RunOptions {
        options: fields.options(&state)?,
        password,
    };
    let input = CampaignInput {
        name: body.name,
        url: body.url,
        tags: body.tags,
        utm: body.utm,
        utm_campaign: body.utm_campaign,
        preview: body.preview,
    };
    // One link per channel, each counted (as the web share kit does). Invalid input is
    // refused for what it is before anything is counted, so a client fixing its request does
    // not spend its allowance on the tries.
    let (_, channels) = kit.check(&input, &body.channels)?;
    super::count_creation(&state, &caller, channels.len())?;
    let minted = kit.start(&input, &channels).await?;
    let Json(campaign) = view(&state, minted.campaign.id).await?;
    let links = minted
        .links
        .into_iter()
        .map(|link| LinkView::new(&state, link))
        .collect();
    Ok((
        StatusCode::CREATED,
        Json(StartedCampaign {
            campaign,
            links,
            reused: minted.reused,
            card_kept: minted.card_kept,
        }),
    ))
}

#[utoipa::path(get, operation_id = "showCampaign", path = "/api/v1/campaigns/{id}", params(("id" = i64, Path)), tag = "campaigns",
    responses(
        (status = 200, body = CampaignView), (status = 404, body = ErrorBody),
        Refusals,
    ))]
pub async fn show(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<CampaignView>, ApiError> {
    view(&state, id).await
}

/// The campaign as the API shows it, with its links counted and their hits.
async fn view(state: &AppState, id: i64) -> Result<Json<CampaignView>, ApiError> {
    let summary = state
        .db
        .campaign_summary(id)
        .await?
        .ok_or_else(|| no_such_campaign(id))?;
    Ok(Json(CampaignView::new(state, summary)))
}

/// The fields to change; the others keep their value.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateCampaign {
    /// A new name: the campaign's links follow it. 409 if another campaign has it (in any
    /// letter case).
    #[schema(value_type = Option<Name>, example = "Spring sale 2026")]
    name: Option<String>,
    /// The destination of links made from now on; links already made keep theirs.
    #[schema(value_type = Option<HttpUrl>)]
    url: Option<String>,
    /// At most 20, lowercased, each once.
    #[schema(value_type = Option<Vec<Label>>, max_items = 20)]
    tags: Option<Vec<String>>,
    utm: Option<bool>,
    /// Empty for the default made from the name. Left out, it stays as it is, also on a
    /// rename, so that analytics keep counting under the same `utm_campaign`.
    #[schema(value_type = Option<Label>)]
    utm_campaign: Option<String>,
    /// The card of the links the kit makes from now on (links already made keep theirs);
    /// null removes it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<CardInput>)]
    preview: Option<Option<PreviewCard>>,
}

#[utoipa::path(patch, operation_id = "updateCampaign", path = "/api/v1/campaigns/{id}", params(("id" = i64, Path)), request_body = UpdateCampaign, tag = "campaigns",
    responses(
        (status = 200, body = CampaignView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Another campaign has the name", body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody),
        Refusals,
    ))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(body): Json<UpdateCampaign>,
) -> Result<Json<CampaignView>, ApiError> {
    caller.require_editor()?;
    let current = state
        .db
        .campaign(id)
        .await?
        .ok_or_else(|| no_such_campaign(id))?
        .settings
        .into_input();
    let input = CampaignInput {
        name: body.name.unwrap_or(current.name),
        url: body.url.unwrap_or(current.url),
        tags: body.tags.unwrap_or(current.tags),
        utm: body.utm.unwrap_or(current.utm),
        utm_campaign: body.utm_campaign.unwrap_or(current.utm_campaign),
        preview: body.preview.unwrap_or(current.preview),
    };
    edit::save(&state.db, state.link_checks(), id, &input).await?;
    view(&state, id).await
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DeleteQuery {
    /// What to do with the campaign's links: `detach` keeps them (and their hits) without a
    /// campaign, `delete` deletes them with their hits. Left out, a campaign that still has
    /// links is not deleted (409).
    #[param(pattern = "^(detach|delete)$")]
    links: Option<String>,
}

#[utoipa::path(delete, operation_id = "deleteCampaign", path = "/api/v1/campaigns/{id}", params(("id" = i64, Path), DeleteQuery), tag = "campaigns",
    responses(
        (status = 204, description = "Deleted; its links detached or deleted as asked"),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "The campaign still has links and `links` was not given", body = ErrorBody),
        (status = 422, body = ErrorBody),
        Refusals,
    ))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Query(query): Query<DeleteQuery>,
) -> Result<StatusCode, ApiError> {
    caller.require_editor()?;
    let links = query
        .links
        .as_deref()
        .unwrap_or("")
        .parse::<LinksOnDelete>()
        .map_err(ApiError::invalid)?;
    edit::delete(&state.db, &state.links, id, links).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn no_such_campaign(id: i64) -> ApiError {
    edit::no_such_campaign(id).into()
}
