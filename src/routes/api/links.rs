//! `/api/v1/links`: create, list, show, change and delete short links.

use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::openapi::{CreationLimited, ErrorBody, Refusals};

use super::fields::{
    CardInput, ChannelKey, HostName, HttpUrl, Label, Password, RuleInput, VariantInput,
};
use super::json::{Json, Path, Query};
use super::link_options::{OptionFields, OptionsView, present};
use super::link_run::with_link_run;
use super::{Caller, cursor, page_size};
use crate::app::AppState;
use crate::clock::rfc3339;
use crate::error::ApiError;
use crate::links::change::{self, LinkEdit};
use crate::links::create::{self, LinkInput};
use crate::links::options::{PreviewCard, RuleFields, Variant, input};
use crate::links::{Link, LinkFilter, LinkSort, blocked, channel_filter};
use crate::routes::link_at::LinkAt;

/// A link as the API shows it.
#[derive(Serialize, ToSchema)]
pub struct LinkView {
    /// The host its short URL is on: a branded domain, or the base URL's host.
    #[schema(example = "go.example.com")]
    domain: String,
    slug: String,
    short_url: String,
    url: String,
    campaign: Option<String>,
    channel: Option<String>,
    tags: Vec<String>,
    /// On or off, as its owner set it; a `blocked` link keeps it, and answers 410 Gone either
    /// way.
    enabled: bool,
    /// Whether one of its destinations (`url`, a rule's, a variant's or `expired_url`) is on a
    /// domain this server blocks (`LANTERNE_BLOCKED_DOMAINS`), blocked after the link was made:
    /// visitors then get 410 Gone, on or off, until the domain is unblocked.
    blocked: bool,
    /// The blocklist's domain it leads to (the first found, looking at `url`, then
    /// `expired_url`, rules and variants); null when it is not `blocked`.
    #[schema(example = "bad.example")]
    blocked_domain: Option<String>,
    /// RFC 3339.
    created_at: String,
    /// Every hit of the link, visitors who asked not to be tracked included.
    hit_count: i64,
    #[serde(flatten)]
    options: OptionsView,
}

impl LinkView {
    pub(super) fn new(state: &AppState, link: Link) -> LinkView {
        let blocked = blocked::first(&link.spec.url, &link.spec.options, &state.blocked_domains)
            .map(|b| b.domain.to_owned());
        LinkView {
            blocked: blocked.is_some(),
            blocked_domain: blocked,
            short_url: state.short_url(&link.spec.domain, &link.spec.slug),
            domain: state.domains().shown(&link.spec.domain).to_owned(),
            slug: link.spec.slug,
            url: link.spec.url,
            campaign: link.spec.campaign,
            channel: link.spec.channel,
            tags: link.spec.tags,
            enabled: link.enabled,
            created_at: rfc3339(link.created_at),
            hit_count: link.hit_count,
            options: OptionsView::new(link.spec.options, link.has_password, &state.base_url),
        }
    }
}

with_link_run! {
    #[derive(Deserialize, ToSchema)]
    #[serde(deny_unknown_fields)]
    pub struct CreateLink {
        /// An absolute http(s) URL of at most 4,096 bytes.
        #[schema(value_type = HttpUrl, example = "https://example.com/spring?ref=1")]
        url: String,
        /// A chosen slug; a random one when left out. Words Lanterne serves itself (`api`,
        /// `static`, `healthz` …) are refused whatever their letter case.
        #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$", example = "spring-sale")]
        slug: Option<String>,
        /// A registered domain (`/api/v1/domains`) the link is on; the base URL's host when
        /// left out. Slugs are unique per domain.
        #[schema(value_type = Option<HostName>, example = "go.example.com")]
        domain: Option<String>,
        #[schema(value_type = Option<Label>)]
        campaign: Option<String>,
        /// Where the link is shared: a channel key of the catalogue (`GET /api/v1/channels`),
        /// stored as such; a channel's label in any letter case ("WhatsApp") names it too.
        /// A channel the catalogue does not have is refused (422), with the keys it has.
        #[schema(value_type = Option<ChannelKey>)]
        channel: Option<String>,
        /// Themes, lowercased, each once: at most 20.
        #[serde(default)]
        #[schema(value_type = Vec<Label>, max_items = 20)]
        tags: Vec<String>,
        /// The card chat apps show when the link is pasted: `title`, and optionally
        /// `description` and `image` (an https URL).
        #[schema(value_type = Option<CardInput>)]
        preview: Option<PreviewCard>,
    }
    then {
        /// Targeting rules, at most 20: `{"device": "ios|android|desktop", "url"}` or
        /// `{"country": "FR", "url"}`, tried in order; the first match wins.
        #[schema(value_type = Option<Vec<RuleInput>>, max_items = 20, example = json!([
            {"device": "ios", "url": "https://apps.apple.com/app/id1"},
            {"country": "FR", "url": "https://example.com/fr/spring"}
        ]))]
        rules: Option<Vec<RuleFields>>,
        /// An A/B split of 2 to 10 variants `{"url", "weight"}` (weights 0–1,000, not all 0);
        /// an empty list is none.
        #[schema(value_type = Option<Vec<VariantInput>>, min_items = 2, max_items = 10, example = json!([
            {"url": "https://example.com/spring-a", "weight": 50},
            {"url": "https://example.com/spring-b", "weight": 50}
        ]))]
        variants: Option<Vec<Variant>>,
    }
}

#[utoipa::path(post, operation_id = "createLink", path = "/api/v1/links", request_body = CreateLink, tag = "links",
    responses(
        (status = 201, description = "The new link", body = LinkView),
        (status = 403, body = ErrorBody),
        (status = 409, description = "The slug is taken", body = ErrorBody),
        (status = 415, body = ErrorBody),
        (status = 422, description = "Invalid input, with what is wrong", body = ErrorBody),
        CreationLimited, Refusals,
    ))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Json(mut body): Json<CreateLink>,
) -> Result<(StatusCode, Json<LinkView>), ApiError> {
    caller.require_editor()?;
    let (run, password) = body.take_run();
    let fields = OptionFields {
        preview: body.preview.map(Some),
        rules: body.rules.map(Some),
        variants: body.variants.map(Some),
        ..run
    };
    let options = fields.options(&state)?;
    if let Some(password) = &password {
        input::password(password).map_err(ApiError::invalid)?;
    }
    super::count_creation(&state, &caller, 1)?;
    let input = LinkInput {
        url: body.url,
        domain: body.domain,
        slug: body.slug,
        campaign: body.campaign,
        channel: body.channel,
        tags: body.tags,
        options,
        password,
        password_hash: None,
    };
    let link = create::create(&state.db, &state.links, &state.refused_hosts, input).await?;
    Ok((StatusCode::CREATED, Json(LinkView::new(&state, link))))
}

/// Which domain a link's slug is on.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OnDomain {
    /// A branded domain's host; the base URL's host when left out.
    domain: Option<String>,
}

/// The link a request names: `{slug}` in the path, on the domain of `?domain=` ([`OnDomain`]);
/// a malformed path or query refused in the API's words.
pub struct LinkParam(pub LinkAt);

impl FromRequestParts<AppState> for LinkParam {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Path(slug) = Path::<String>::from_request_parts(parts, state).await?;
        let Query(on) = Query::<OnDomain>::from_request_parts(parts, state).await?;
        Ok(LinkParam(LinkAt::new(state, on.domain.as_deref(), slug)))
    }
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    campaign: Option<String>,
    /// A channel's key, or its label in any letter case (`WhatsApp`).
    channel: Option<String>,
    tag: Option<String>,
    /// On or off, as the owner set it (`enabled` in the view).
    enabled: Option<bool>,
    /// `true`: only the links a blocked domain stops (`blocked` in the view); `false`: the
    /// others. The links that lead somewhere when their dates and click limit let them are
    /// `enabled=true&blocked=false`.
    blocked: Option<bool>,
    /// Part of a slug, destination, campaign, channel (key or label) or theme, in any case.
    q: Option<String>,
    cursor: Option<String>,
    /// Links per page: 1–500, 50 if left out.
    #[param(minimum = 1, maximum = 500, default = json!(50))]
    limit: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct LinkPage {
    links: Vec<LinkView>,
    /// Pass as `cursor` for the next page; null on the last page.
    next_cursor: Option<String>,
}

#[utoipa::path(get, operation_id = "listLinks", path = "/api/v1/links", params(ListQuery), tag = "links",
    responses(
        (status = 200, description = "Links, the last stored first (imported links by when they were imported)", body = LinkPage),
        (status = 422, body = ErrorBody),
        Refusals,
    ))]
pub async fn list(
    State(state): State<AppState>,
    _caller: Caller,
    Query(query): Query<ListQuery>,
) -> Result<Json<LinkPage>, ApiError> {
    let limit = page_size(query.limit, 50, 500)?;
    let filter = LinkFilter {
        campaign: query.campaign,
        channel: channel_filter::listed(&state.db, query.channel.as_deref()).await?,
        tag: query.tag.map(|t| t.trim().to_lowercase()),
        enabled: query.enabled,
        blocked: blocked::filter(&state.db, &state.blocked_domains, query.blocked).await?,
        search: (query.q.filter(|q| !q.trim().is_empty())).map(|q| state.domains().searched(q)),
        sort: LinkSort::Stored,
        before: cursor(query.cursor.as_deref())?,
        offset: 0,
        // One more than the page, to know whether another page follows.
        limit: limit + 1,
    };
    let mut links = state.db.list_links(&filter).await?;
    let next_cursor = super::next_page(&mut links, limit, |l| l.id.to_string());
    let links = links
        .into_iter()
        .map(|l| LinkView::new(&state, l))
        .collect();
    Ok(Json(LinkPage { links, next_cursor }))
}

#[utoipa::path(get, operation_id = "showLink", path = "/api/v1/links/{slug}", params(("slug" = String, Path), OnDomain), tag = "links",
    responses(
        (status = 200, body = LinkView), (status = 404, body = ErrorBody),
        (status = 422, description = "A query parameter other than `domain`", body = ErrorBody),
        Refusals,
    ))]
pub async fn show(
    State(state): State<AppState>,
    _caller: Caller,
    LinkParam(link): LinkParam,
) -> Result<Json<LinkView>, ApiError> {
    let LinkAt { domain, slug } = &link;
    let link = state
        .db
        .link_by_slug(domain, slug)
        .await?
        .ok_or_else(|| no_such_link(domain, slug))?;
    Ok(Json(LinkView::new(&state, link)))
}

/// The fields to change; `null` clears `campaign`, `channel`, `tags` or an option. `url` and
/// `enabled` cannot be cleared: `null` is refused rather than read as "no change".
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateLink {
    #[serde(default, deserialize_with = "present")]
    /// Not null.
    #[schema(value_type = HttpUrl, required = false)]
    url: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Label>)]
    campaign: Option<Option<String>>,
    /// A channel key of the catalogue, or a channel's label, as on creation; the link's own
    /// channel sent back as it is stays, even one the catalogue no longer has.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<ChannelKey>)]
    channel: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Vec<Label>>, max_items = 20)]
    tags: Option<Option<Vec<String>>>,
    #[serde(default, deserialize_with = "present")]
    /// Not null.
    #[schema(value_type = bool, required = false)]
    enabled: Option<Option<bool>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<CardInput>)]
    preview: Option<Option<PreviewCard>>,
    #[serde(default, deserialize_with = "present")]
    /// RFC 3339.
    #[schema(value_type = Option<String>, format = DateTime, example = "2026-05-01T09:00:00Z")]
    starts_at: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    /// RFC 3339, after `starts_at`.
    #[schema(value_type = Option<String>, format = DateTime, example = "2026-06-01T00:00:00Z")]
    expires_at: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<HttpUrl>)]
    expired_url: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 1_000_000_000)]
    max_clicks: Option<Option<i64>>,
    /// A new password; `null` removes it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Password>)]
    password: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Vec<RuleInput>>, max_items = 20)]
    rules: Option<Option<Vec<RuleFields>>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Vec<VariantInput>>, min_items = 2, max_items = 10)]
    variants: Option<Option<Vec<Variant>>>,
}

#[utoipa::path(patch, operation_id = "updateLink", path = "/api/v1/links/{slug}", params(("slug" = String, Path), OnDomain), request_body = UpdateLink, tag = "links",
    responses(
        (status = 200, body = LinkView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody),
        Refusals,
    ))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    LinkParam(link): LinkParam,
    Json(body): Json<UpdateLink>,
) -> Result<Json<LinkView>, ApiError> {
    caller.require_editor()?;
    let options = OptionFields {
        preview: body.preview,
        starts_at: body.starts_at,
        expires_at: body.expires_at,
        expired_url: body.expired_url,
        max_clicks: body.max_clicks,
        rules: body.rules,
        variants: body.variants,
    };
    let edit = LinkEdit {
        url: not_null("url", "a link needs a destination", body.url)?,
        // `null` clears the field, as an empty value does.
        campaign: body.campaign.map(Option::unwrap_or_default),
        channel: body.channel.map(Option::unwrap_or_default),
        tags: body.tags.map(Option::unwrap_or_default),
        enabled: not_null("enabled", "it is true or false", body.enabled)?,
        options: Some(options.patch()?),
        password: body.password,
    };
    let link = link.update(&state, &edit).await?;
    Ok(Json(LinkView::new(&state, link)))
}

/// A field that cannot be cleared: `null` is a mistake, said as such, not "no change".
fn not_null<T>(field: &str, why: &str, value: Option<Option<T>>) -> Result<Option<T>, ApiError> {
    value
        .map(|v| v.ok_or_else(|| ApiError::invalid(format!("{field} cannot be null: {why}"))))
        .transpose()
}

#[utoipa::path(delete, operation_id = "deleteLink", path = "/api/v1/links/{slug}", params(("slug" = String, Path), OnDomain), tag = "links",
    responses(
        (status = 204, description = "Deleted with its hits"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, description = "A query parameter other than `domain`", body = ErrorBody),
        Refusals,
    ))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    LinkParam(link): LinkParam,
) -> Result<StatusCode, ApiError> {
    caller.require_editor()?;
    link.delete(&state).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn no_such_link(domain: &str, slug: &str) -> ApiError {
    change::no_such_link(domain, slug).into()
}
