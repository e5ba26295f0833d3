//! `/api/v1/links`: create, list, show, change and delete short links.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::openapi::ErrorBody;

use super::json::{Json, Path, Query};
use super::{Caller, cursor, page_size};
use crate::app::AppState;
use crate::clock::rfc3339;
use crate::error::ApiError;
use crate::links::change::{self, LinkEdit};
use crate::links::create::{self, LinkInput};
use crate::links::{Link, LinkFilter, LinkSort};

/// A link as the API shows it.
#[derive(Serialize, ToSchema)]
pub struct LinkView {
    slug: String,
    short_url: String,
    url: String,
    campaign: Option<String>,
    channel: Option<String>,
    tags: Vec<String>,
    enabled: bool,
    /// RFC 3339.
    created_at: String,
    /// Every hit of the link, visitors who asked not to be tracked included.
    hit_count: i64,
}

impl LinkView {
    pub(super) fn new(state: &AppState, link: Link) -> LinkView {
        LinkView {
            short_url: state.short_url(&link.slug),
            slug: link.slug,
            url: link.url,
            campaign: link.campaign,
            channel: link.channel,
            tags: link.tags,
            enabled: link.enabled,
            created_at: rfc3339(link.created_at),
            hit_count: link.hit_count,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateLink {
    /// An absolute http(s) URL of at most 4,096 bytes.
    #[schema(example = "https://example.com/spring?ref=1")]
    url: String,
    /// A chosen slug; a random one when left out.
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$", example = "spring-sale")]
    slug: Option<String>,
    campaign: Option<String>,
    channel: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
}

#[utoipa::path(post, path = "/api/v1/links", request_body = CreateLink, tag = "links",
    responses(
        (status = 201, description = "The new link", body = LinkView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, description = "The slug is taken", body = ErrorBody),
        (status = 415, body = ErrorBody),
        (status = 422, description = "Invalid input, with what is wrong", body = ErrorBody),
        (status = 429, description = "Over the token's links a minute", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds until the minute's window ends"))),
        (status = 503, body = ErrorBody),
    ))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Json(body): Json<CreateLink>,
) -> Result<(StatusCode, Json<LinkView>), ApiError> {
    caller.require_editor()?;
    super::count_creation(&state, &caller, 1)?;
    let input = LinkInput {
        url: body.url,
        slug: body.slug,
        campaign: body.campaign,
        channel: body.channel,
        tags: body.tags,
    };
    let link = create::create(&state.db, &state.links, &state.refused_hosts, input).await?;
    Ok((StatusCode::CREATED, Json(LinkView::new(&state, link))))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    campaign: Option<String>,
    channel: Option<String>,
    tag: Option<String>,
    enabled: Option<bool>,
    q: Option<String>,
    cursor: Option<String>,
    limit: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct LinkPage {
    links: Vec<LinkView>,
    /// Pass as `cursor` for the next page; null on the last page.
    next_cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/links", params(ListQuery), tag = "links",
    responses(
        (status = 200, description = "Links, newest first", body = LinkPage),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 503, body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    _caller: Caller,
    Query(query): Query<ListQuery>,
) -> Result<Json<LinkPage>, ApiError> {
    let limit = page_size(query.limit, 50, 500)?;
    let filter = LinkFilter {
        campaign: query.campaign,
        channel: query.channel,
        tag: query.tag.map(|t| t.trim().to_lowercase()),
        enabled: query.enabled,
        search: query.q.filter(|q| !q.trim().is_empty()),
        sort: LinkSort::Newest,
        before: cursor(query.cursor.as_deref())?,
        offset: 0,
        // One more than the page, to know whether another page follows.
        limit: limit + 1,
    };
    let mut links = state.db.list_links(&filter).await?;
    let more = super::cut_to_page(&mut links, limit);
    let next_cursor = more
        .then(|| links.last().map(|l| l.id.to_string()))
        .flatten();
    let links = links
        .into_iter()
        .map(|l| LinkView::new(&state, l))
        .collect();
    Ok(Json(LinkPage { links, next_cursor }))
}

#[utoipa::path(get, path = "/api/v1/links/{slug}", params(("slug" = String, Path)), tag = "links",
    responses(
        (status = 200, body = LinkView), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 503, body = ErrorBody),
    ))]
pub async fn show(
    State(state): State<AppState>,
    _caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<LinkView>, ApiError> {
    let link = state
        .db
        .link_by_slug(&slug)
        .await?
        .ok_or_else(|| no_such_link(&slug))?;
    Ok(Json(LinkView::new(&state, link)))
}

/// The fields to change; `null` clears `campaign` or `channel`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateLink {
    url: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    campaign: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    channel: Option<Option<String>>,
    tags: Option<Vec<String>>,
    enabled: Option<bool>,
}

/// Tells a field sent as `null` (clear it) from a field left out (keep it).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

#[utoipa::path(patch, path = "/api/v1/links/{slug}", params(("slug" = String, Path)), request_body = UpdateLink, tag = "links",
    responses(
        (status = 200, body = LinkView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 503, body = ErrorBody),
    ))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Json(body): Json<UpdateLink>,
) -> Result<Json<LinkView>, ApiError> {
    caller.require_editor()?;
    let edit = LinkEdit {
        url: body.url,
        // `null` clears the field, as an empty value does.
        campaign: body.campaign.map(Option::unwrap_or_default),
        channel: body.channel.map(Option::unwrap_or_default),
        tags: body.tags,
        enabled: body.enabled,
    };
    let link = change::update(&state.db, &state.links, &state.refused_hosts, &slug, &edit).await?;
    Ok(Json(LinkView::new(&state, link)))
}

#[utoipa::path(delete, path = "/api/v1/links/{slug}", params(("slug" = String, Path)), tag = "links",
    responses(
        (status = 204, description = "Deleted with its hits"), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 503, body = ErrorBody),
    ))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<StatusCode, ApiError> {
    caller.require_editor()?;
    change::delete(&state.db, &state.links, &slug).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn no_such_link(slug: &str) -> ApiError {
    change::no_such_link(slug).into()
}
