//! The links list in the web UI: filters, order and pages; creating one link; turning links
//! off and on; deleting.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::checked_form::EditorForm;
use super::flash::{self, Flash};
use super::form_error::FormError;
use super::forms::{back_to, split_tags, with_scheme};
use super::link_at::LinkAt;
use super::link_state::StateCell;
use super::state_filter::StateFilter;
use super::view::{LinkRow, link_page};
use super::{PageError, Viewer, creation_limited};
use crate::app::AppState;
use crate::campaigns;
use crate::db::link_counts::{ButtonSite, LinkCounts};
use crate::links::catalogue::Catalogue;
use crate::links::change::LinkEdit;
use crate::links::create::{self, LinkInput};
use crate::links::{LinkFilter, LinkSort, blocked, channel_filter};
use crate::routes::pages::render;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    campaign: String,
    #[serde(default)]
    channel: String,
    #[serde(default)]
    tag: String,
    /// The State filter's value: only [`StateFilter::key`]s name a filter, and the pages' URLs
    /// carry only those.
    #[serde(default)]
    enabled: String,
    #[serde(default)]
    sort: String,
    /// 1-based.
    #[serde(default)]
    page: Option<u32>,
}

impl ListQuery {
    fn sort(&self) -> LinkSort {
        LinkSort::from_key(&self.sort)
    }

    fn state(&self) -> StateFilter {
        StateFilter::from_key(&self.enabled)
    }

    fn page(&self) -> u32 {
        self.page.unwrap_or(1).clamp(1, MAX_PAGE)
    }

    /// This list's URL at another page.
    fn url_of_page(&self, page: u32) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in [
            ("q", self.q.as_str()),
            ("campaign", &self.campaign),
            ("channel", &self.channel),
            ("tag", &self.tag),
            // Any other value shows every link, as none does.
            ("enabled", self.state().key()),
            ("sort", &self.sort),
        ] {
            if !value.is_empty() {
                q.append_pair(name, value);
            }
        }
        q.append_pair("page", &page.to_string());
        format!("/links?{}", q.finish())
    }
}

#[derive(Template)]
#[template(path = "ui/links.html")]
struct LinksPage<'a> {
    section: &'a str,
    viewer: &'a Viewer,
    /// Each link, its clicks (people, all time), its state cell, and the site whose share
    /// button made it.
    links: Vec<(LinkRow, LinkCounts, StateCell, Option<ButtonSite>)>,
    query: &'a ListQuery,
    sorts: [LinkSort; 6],
    page: u32,
    previous: Option<String>,
    next: Option<String>,
    /// Channels to choose from, and the labels of those the links have.
    catalogue: Catalogue,
    campaigns: Vec<String>,
    tags: Vec<String>,
    error: FormError,
    form: CreateForm,
    /// Branded domains a new link may be on, and the base URL's host.
    domains: Vec<String>,
    base_host: &'a str,
}

impl LinksPage<'_> {
    /// Whether `name` is the campaign chosen, asked in any letter case as the filter takes it.
    fn campaign_chosen(&self, name: &str) -> bool {
        let asked = self.query.campaign.trim();
        !asked.is_empty() && campaigns::folded_name(asked) == campaigns::folded_name(name)
    }

    /// Whether `key` is the channel chosen, asked by key or label as the filter takes it.
    fn channel_chosen(&self, key: &str) -> bool {
        let asked = self.query.channel.trim();
        !asked.is_empty() && self.catalogue.resolve(asked).is_some_and(|c| c.key == key)
    }

    /// Whether a search or a filter narrows the list (an empty list then says so).
    fn filtered(&self) -> bool {
        let q = self.query;
        [&q.q, &q.campaign, &q.channel, &q.tag]
            .iter()
            .any(|v| !v.trim().is_empty())
            || q.state() != StateFilter::All
    }
}

const PAGE: i64 = 50;
/// Deep pages cost an OFFSET scan; filters are the way to find an old link.
const MAX_PAGE: u32 = 10_000;

pub async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    list_page(
        &state,
        &viewer,
        &query,
        FormError::default(),
        CreateForm::default(),
        StatusCode::OK,
    )
    .await
}

async fn list_page(
    state: &AppState,
    viewer: &Viewer,
    query: &ListQuery,
    error: FormError,
    form: CreateForm,
    status: StatusCode,
) -> Result<Response, PageError> {
    let some = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let page = query.page();
    let db = state.reads.lists();
    let state_filter = query.state();
    let filter = LinkFilter {
        campaign: some(&query.campaign),
        channel: channel_filter::listed(db, Some(&query.channel)).await?,
        tag: some(&query.tag).map(|t| t.to_lowercase()),
        enabled: state_filter.enabled(),
        blocked: blocked::filter(db, &state.blocked_domains, state_filter.blocked()).await?,
        search: some(&query.q).map(|q| state.domains().searched(q)),
        sort: query.sort(),
        before: None,
        offset: i64::from(page - 1) * PAGE,
        // One more than shown tells whether there is a next page.
        limit: PAGE + 1,
    };
    let (links, catalogue, campaigns, tags, domains) = tokio::try_join!(
        db.list_links(&filter),
        db.channel_catalogue(),
        db.campaigns(),
        db.known_tags(),
        db.domains(),
    )?;
    let (links, more) = link_page(state, links, PAGE, viewer.timezone(state));
    // The page's clicks and click limits in one more query, never one per row.
    let ids: Vec<i64> = links.iter().map(|l| l.id).collect();
    let (counts, mut sites) = tokio::try_join!(db.link_counts(&ids), db.share_button_sites(&ids))?;
    let (now, timezone) = (crate::clock::now_ms(), viewer.timezone(state));
    let links = links
        .into_iter()
        .map(|link| {
            let counts = counts.get(&link.id).copied().unwrap_or_default();
            let cell = StateCell::of(&link, counts, now, timezone);
            let site = sites.remove(&link.id);
            (link, counts, cell, site)
        })
        .collect();
    Ok(render(
        status,
        &LinksPage {
            section: "links",
            viewer,
            links,
            query,
            sorts: LinkSort::ALL,
            page,
            previous: (page > 1).then(|| query.url_of_page(page - 1)),
            next: more.then(|| query.url_of_page(page + 1)),
            catalogue,
            campaigns: campaigns.iter().map(|c| c.campaign.name.clone()).collect(),
            tags,
            error,
            form,
            domains: domains.into_iter().map(|d| d.host).collect(),
            base_host: state.domains().base_host(),
        },
    ))
}

#[derive(Deserialize, Default)]
pub struct CreateForm {
    #[serde(default)]
    pub(super) url: String,
    #[serde(default)]
    pub(super) slug: String,
    #[serde(default)]
    pub(super) campaign: String,
    #[serde(default)]
    pub(super) channel: String,
    #[serde(default)]
    pub(super) tags: String,
    /// A branded domain; empty for the base URL's host.
    #[serde(default)]
    pub(super) domain: String,
}

pub async fn create(
    State(state): State<AppState>,
    EditorForm(viewer, form): EditorForm<CreateForm>,
) -> Result<Response, PageError> {
    let refuse = async |error: FormError, form: CreateForm, status: StatusCode| {
        list_page(&state, &viewer, &ListQuery::default(), error, form, status).await
    };
    if let Some(message) = creation_limited(&state, &viewer, 1) {
        let limited = FormError::page(message);
        return refuse(limited, form, StatusCode::TOO_MANY_REQUESTS).await;
    }
    let url = with_campaign_utm(&state, &form, with_scheme(&form.url)).await?;
    let input = LinkInput {
        url,
        slug: Some(form.slug.trim().to_owned()).filter(|s| !s.is_empty()),
        campaign: Some(form.campaign.clone()),
        channel: Some(form.channel.clone()),
        tags: split_tags(&form.tags),
        domain: Some(form.domain.clone()),
        ..LinkInput::default()
    };
    match create::create(&state.db, &state.links, &state.refused_hosts, input).await {
        Ok(link) => {
            let made = Flash::Created(state.short_url(&link.spec.domain, &link.spec.slug));
            Ok(flash::redirect(&viewer, "/links", &made))
        }
        Err(refusal) => {
            let (status, error) = FormError::refused(refusal, CreateForm::FIELDS)?;
            refuse(error, form, status).await
        }
    }
}

impl CreateForm {
    /// The fields a refusal may be about.
    const FIELDS: &[&str] = &["url", "slug", "campaign", "channel", "tags", "domain"];
}

/// `url` tagged as the share kit tags its links, when the form names a channel and a
/// campaign whose UTM setting is on — or a campaign not made yet, which this link makes with
/// the setting every new campaign starts with ([`campaigns::UTM_BY_DEFAULT`]) — and the
/// destination carries no `utm_source` of its own. Its record then shows the setting from
/// the tagged destination ([`crate::campaigns::NewCampaign::from_link`]).
async fn with_campaign_utm(
    state: &AppState,
    form: &CreateForm,
    url: String,
) -> Result<String, PageError> {
    let (campaign, channel) = (form.campaign.trim(), form.channel.trim());
    if campaign.is_empty() || channel.is_empty() || url.contains("utm_source=") {
        return Ok(url);
    }
    let (utm, utm_campaign) = match state.db.campaign_named(campaign).await? {
        Some(found) => (found.utm, found.utm_campaign.clone()),
        None => (campaigns::UTM_BY_DEFAULT, campaigns::utm_name(campaign)),
    };
    if !utm {
        return Ok(url);
    }
    let catalogue = state.db.channel_catalogue().await?;
    // A channel the catalogue does not have, or a destination that does not parse, is left
    // for the check to refuse in its words.
    let Some(channel) = catalogue.resolve(channel) else {
        return Ok(url);
    };
    Ok(catalogue
        .with_utm(&url, &channel.key, &utm_campaign)
        .unwrap_or(url))
}

#[derive(Deserialize)]
pub struct ToggleForm {
    enabled: bool,
    #[serde(default)]
    back: String,
}

pub async fn set_enabled(
    State(state): State<AppState>,
    link: LinkAt,
    EditorForm(viewer, form): EditorForm<ToggleForm>,
) -> Result<Response, PageError> {
    let edit = LinkEdit {
        enabled: Some(form.enabled),
        ..LinkEdit::default()
    };
    let link = link.update(&state, &edit).await?;
    let short_url = state.short_url(&link.spec.domain, &link.spec.slug);
    let done = if link.enabled {
        Flash::TurnedOn(short_url)
    } else {
        Flash::TurnedOff(short_url)
    };
    Ok(flash::redirect(&viewer, back_to(&form.back), &done))
}

#[derive(Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    back: String,
}

pub async fn delete(
    State(state): State<AppState>,
    link: LinkAt,
    EditorForm(viewer, form): EditorForm<DeleteForm>,
) -> Result<Response, PageError> {
    link.delete(&state).await?;
    let done = Flash::Deleted(state.short_url(&link.domain, &link.slug));
    Ok(flash::redirect(&viewer, back_to(&form.back), &done))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_keep_the_filters() {
        let query = ListQuery {
            campaign: "Spring sale".into(),
            enabled: "off".into(),
            sort: "hits".into(),
            ..ListQuery::default()
        };
        assert_eq!(
            query.url_of_page(2),
            "/links?campaign=Spring+sale&enabled=off&sort=hits&page=2"
        );
        assert_eq!(query.sort(), LinkSort::MostRequests);
        assert_eq!(query.state(), StateFilter::Off);
    }

    /// A State value that names no filter shows every link, so the next page's URL does not
    /// carry it on, as if it still filtered.
    #[test]
    fn pages_drop_a_state_that_names_no_filter() {
        let query = ListQuery {
            enabled: "maybe".into(),
            sort: "hits".into(),
            ..ListQuery::default()
        };
        assert_eq!(query.state(), StateFilter::All);
        assert_eq!(query.url_of_page(2), "/links?sort=hits&page=2");
    }
}
