//! Campaigns in the web UI: the list with what each one's links add up to, and one campaign's
//! page — its links per channel with their QR codes, more channels in one action, and the
//! settings its new links get.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::forms::{Pairs, sentence, split_tags};
use super::links::catalogue;
use super::view::{LinkRow, day};
use super::{Viewer, creation_limited, missing, see_other};
use crate::app::AppState;
use crate::campaigns::kit::KitError;
use crate::campaigns::{Campaign, CampaignInput, CampaignSummary};
use crate::links::LinkFilter;
use crate::links::catalogue::Catalogue;
use crate::links::channels::Channel;
use crate::routes::pages::{self, render};

#[derive(Template)]
#[template(path = "ui/campaigns.html")]
struct CampaignsPage<'a> {
    section: &'a str,
    viewer: &'a Viewer,
    campaigns: Vec<CampaignSummary>,
}

impl CampaignsPage<'_> {
    fn created(&self, summary: &CampaignSummary) -> String {
        day(summary.campaign.created_at)
    }
}

pub async fn list(State(state): State<AppState>, viewer: Viewer) -> Response {
    let Ok(campaigns) = state.db.campaigns().await else {
        return pages::unavailable();
    };
    render(
        StatusCode::OK,
        &CampaignsPage {
            section: "campaigns",
            viewer: &viewer,
            campaigns,
        },
    )
}

#[derive(Template)]
#[template(path = "ui/campaign.html")]
struct CampaignPage<'a> {
    section: &'a str,
    viewer: &'a Viewer,
    campaign: &'a Campaign,
    links: Vec<LinkRow>,
    hits: i64,
    catalogue: &'a Catalogue,
    /// Channels without a link in this campaign yet.
    unused: Vec<&'a Channel>,
    notice: Option<String>,
    error: Option<String>,
    settings: Settings,
}

impl CampaignPage<'_> {
    fn channel_label<'b>(&'b self, key: &'b str) -> &'b str {
        self.catalogue.label(key)
    }

    fn back(&self) -> String {
        format!("/campaigns/{}", self.campaign.id)
    }
}

/// The settings form's fields: the campaign's, or what was sent when refused.
struct Settings {
    url: String,
    tags: String,
    utm: bool,
    utm_campaign: String,
}

impl From<&Campaign> for Settings {
    fn from(c: &Campaign) -> Settings {
        Settings {
            url: c.url.clone(),
            tags: c.tags.join(", "),
            utm: c.utm,
            utm_campaign: c.utm_campaign.clone(),
        }
    }
}

#[derive(Deserialize)]
pub struct ShowQuery {
    added: Option<usize>,
    saved: Option<String>,
}

/// The campaign with id `raw`, or the page to answer instead.
async fn find(state: &AppState, raw: &str) -> Result<Campaign, Response> {
    let Ok(id) = raw.parse::<i64>() else {
        return Err(missing("campaign"));
    };
    match state.db.campaign(id).await {
        Ok(Some(campaign)) => Ok(campaign),
        Ok(None) => Err(missing("campaign")),
        Err(_) => Err(pages::unavailable()),
    }
}

pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(query): Query<ShowQuery>,
) -> Response {
    let campaign = match find(&state, &id).await {
        Ok(campaign) => campaign,
        Err(refused) => return refused,
    };
    let notice = match (query.added, query.saved) {
        (Some(1), _) => Some("1 link added.".to_owned()),
        (Some(n), _) => Some(format!("{n} links added.")),
        (None, Some(_)) => Some("Saved: new links get these settings.".to_owned()),
        (None, None) => None,
    };
    let settings = Settings::from(&campaign);
    page(
        &state,
        &viewer,
        &campaign,
        StatusCode::OK,
        notice,
        None,
        settings,
    )
    .await
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    campaign: &Campaign,
    status: StatusCode,
    notice: Option<String>,
    error: Option<String>,
    settings: Settings,
) -> Response {
    let filter = LinkFilter {
        campaign: Some(campaign.name.clone()),
        limit: 1000,
        ..LinkFilter::default()
    };
    let (mut links, catalogue) =
        match tokio::try_join!(state.db.list_links(&filter), state.db.channel_catalogue()) {
            Ok(found) => found,
            Err(_) => return pages::unavailable(),
        };
    // Per channel, in the catalogue's order (private channels first), then oldest first.
    let position = |key: &Option<String>| {
        key.as_deref()
            .and_then(|k| catalogue.all().iter().position(|c| c.key == k))
            .unwrap_or(usize::MAX)
    };
    links.sort_by_key(|l| (position(&l.channel), l.id));
    let unused = catalogue
        .all()
        .iter()
        .filter(|c| {
            !links
                .iter()
                .any(|l| l.channel.as_deref() == Some(c.key.as_ref()))
        })
        .collect();
    let hits = links.iter().map(|l| l.hit_count).sum();
    let links = links
        .into_iter()
        .map(|l| LinkRow::new(&state.base_url, l))
        .collect();
    render(
        status,
        &CampaignPage {
            section: "campaigns",
            viewer,
            campaign,
            links,
            hits,
            catalogue: &catalogue,
            unused,
            notice,
            error,
            settings,
        },
    )
}

/// More channels for an existing campaign: the share kit on it.
pub async fn add_links(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let pairs = Pairs(pairs);
    if let Err(refused) = viewer.check_editor_form(&pairs.get("csrf")) {
        return refused;
    }
    let campaign = match find(&state, &id).await {
        Ok(campaign) => campaign,
        Err(refused) => return refused,
    };
    let refuse = async |status: StatusCode, message: String| {
        let settings = Settings::from(&campaign);
        page(
            &state,
            &viewer,
            &campaign,
            status,
            None,
            Some(message),
            settings,
        )
        .await
    };
    let chosen = pairs.all("channel");
    // One link per channel ticked, each counted against the creation limit.
    if let Some(message) = creation_limited(&state, &viewer, chosen.len().max(1)) {
        return refuse(StatusCode::TOO_MANY_REQUESTS, message).await;
    }
    let catalogue = match catalogue(&state).await {
        Ok(catalogue) => catalogue,
        Err(refused) => return refused,
    };
    match super::kit::kit(&state, &catalogue)
        .add(&campaign, &chosen)
        .await
    {
        Ok(links) => see_other(&format!("/campaigns/{}?added={}", campaign.id, links.len())),
        Err(KitError::Database(_)) => pages::unavailable(),
        Err(refusal) => {
            refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                sentence(&refusal.to_string()),
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct SettingsForm {
    csrf: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    tags: String,
    utm: Option<String>,
    #[serde(default)]
    utm_campaign: String,
}

/// Changes the destination, themes and UTM setting that new links of the campaign get.
pub async fn update(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<SettingsForm>,
) -> Response {
    if let Err(refused) = viewer.check_editor_form(&form.csrf) {
        return refused;
    }
    let campaign = match find(&state, &id).await {
        Ok(campaign) => campaign,
        Err(refused) => return refused,
    };
    let input = CampaignInput {
        name: campaign.name.clone(),
        url: form.url.clone(),
        tags: split_tags(&form.tags),
        utm: form.utm.as_deref() == Some("on"),
        utm_campaign: form.utm_campaign.clone(),
    };
    let settings = match input.check(&state.refused_hosts) {
        Ok(settings) => settings,
        Err(message) => {
            let sent = Settings {
                url: form.url,
                tags: form.tags,
                utm: input.utm,
                utm_campaign: form.utm_campaign,
            };
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return page(
                &state,
                &viewer,
                &campaign,
                status,
                None,
                Some(sentence(&message)),
                sent,
            )
            .await;
        }
    };
    match state.db.update_campaign(campaign.id, &settings).await {
        Ok(true) => see_other(&format!("/campaigns/{}?saved=1", campaign.id)),
        Ok(false) => missing("campaign"),
        Err(_) => pages::unavailable(),
    }
}
