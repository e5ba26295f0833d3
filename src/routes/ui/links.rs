//! Links in the web UI: the list with filters, creating one link, the share kit (one link per
//! channel in one action), turning links off and on, deleting, and QR codes.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{Viewer, see_other};
use crate::app::{AppState, CREATE_LIMIT};
use crate::clock::{now_ms, rfc3339};
use crate::links::channels::{self, CATALOGUE, Channel, Reach};
use crate::links::create::{self, CreateError, LinkInput};
use crate::links::{Link, LinkFilter, LinkPatch};
use crate::routes::pages::{self, render};

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
    #[serde(default)]
    cursor: Option<i64>,
}

#[derive(Template)]
#[template(path = "ui/links.html")]
struct LinksPage<'a> {
    section: &'a str,
    viewer: &'a Viewer,
    links: Vec<Row>,
    query: &'a ListQuery,
    next: Option<String>,
    channels: &'a [Channel],
    error: Option<String>,
    form: CreateForm,
}

/// A link as a table row.
struct Row {
    slug: String,
    short_url: String,
    url: String,
    campaign: String,
    channel: String,
    tags: Vec<String>,
    enabled: bool,
    hits: i64,
    created: String,
}

impl Row {
    fn new(base_url: &str, link: Link) -> Row {
        Row {
            short_url: format!("{base_url}/{}", link.slug),
            slug: link.slug,
            url: link.url,
            campaign: link.campaign.unwrap_or_default(),
            channel: link.channel.unwrap_or_default(),
            tags: link.tags,
            enabled: link.enabled,
            hits: link.hit_count,
            created: rfc3339(link.created_at).chars().take(10).collect(),
        }
    }
}

const PAGE: i64 = 50;

pub async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<ListQuery>,
) -> Response {
    list_page(
        &state,
        &viewer,
        &query,
        None,
        CreateForm::default(),
        StatusCode::OK,
    )
    .await
}

async fn list_page(
    state: &AppState,
    viewer: &Viewer,
    query: &ListQuery,
    error: Option<String>,
    form: CreateForm,
    status: StatusCode,
) -> Response {
    let some = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let filter = LinkFilter {
        campaign: some(&query.campaign),
        channel: some(&query.channel),
        tag: some(&query.tag).map(|t| t.to_lowercase()),
        enabled: None,
        search: some(&query.q),
        before: query.cursor,
        limit: PAGE,
    };
    let Ok(links) = state.db.list_links(&filter).await else {
        return pages::unavailable();
    };
    let next = (links.len() as i64 == PAGE).then(|| {
        let last = links.last().map_or(0, |l| l.id);
        let encode =
            |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
        format!(
            "/links?q={}&campaign={}&channel={}&tag={}&cursor={last}",
            encode(&query.q),
            encode(&query.campaign),
            encode(&query.channel),
            encode(&query.tag)
        )
    });
    let links = links
        .into_iter()
        .map(|l| Row::new(&state.base_url, l))
        .collect();
    render(
        status,
        &LinksPage {
            section: "links",
            viewer,
            links,
            query,
            next,
            channels: &CATALOGUE,
            error,
            form,
        },
    )
}

#[derive(Deserialize, Default)]
pub struct CreateForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    slug: String,
    #[serde(default)]
    campaign: String,
    #[serde(default)]
    channel: String,
    #[serde(default)]
    tags: String,
}

fn split_tags(tags: &str) -> Vec<String> {
    tags.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

pub async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<CreateForm>,
) -> Response {
    if let Err(refused) = viewer
        .check_csrf(&form.csrf)
        .and_then(|()| viewer.require_editor())
    {
        return refused;
    }
    if state
        .create_guard
        .check(&format!("user:{}", viewer.user_id))
        .is_err()
    {
        let message =
            format!("You can create at most {CREATE_LIMIT} links a minute. Wait a moment.");
        return list_page(
            &state,
            &viewer,
            &ListQuery::default(),
            Some(message),
            form,
            StatusCode::TOO_MANY_REQUESTS,
        )
        .await;
    }
    let input = LinkInput {
        url: form.url.clone(),
        slug: Some(form.slug.trim().to_owned()).filter(|s| !s.is_empty()),
        campaign: Some(form.campaign.clone()),
        channel: Some(form.channel.clone()),
        tags: split_tags(&form.tags),
    };
    match create::create(&state.db, &state.links, &state.refused_hosts, input).await {
        Ok(_) => see_other("/links"),
        Err(CreateError::Database(_)) => pages::unavailable(),
        Err(refusal) => {
            let status = match refusal {
                CreateError::Taken(_) => StatusCode::CONFLICT,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let message = capitalize(&refusal.to_string());
            list_page(
                &state,
                &viewer,
                &ListQuery::default(),
                Some(message),
                form,
                status,
            )
            .await
        }
    }
}

fn capitalize(message: &str) -> String {
    let mut chars = message.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>() + "."
    })
}

#[derive(Deserialize)]
pub struct ToggleForm {
    csrf: String,
    enabled: bool,
}

pub async fn set_enabled(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Form(form): Form<ToggleForm>,
) -> Response {
    if let Err(refused) = viewer
        .check_csrf(&form.csrf)
        .and_then(|()| viewer.require_editor())
    {
        return refused;
    }
    let patch = LinkPatch {
        enabled: Some(form.enabled),
        ..LinkPatch::default()
    };
    match state.db.update_link(&slug, &patch, now_ms()).await {
        Ok(Some(_)) => {
            state.links.changed(&slug).await;
            see_other("/links")
        }
        Ok(None) => pages::not_found().await,
        Err(_) => pages::unavailable(),
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

pub async fn delete(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Response {
    if let Err(refused) = viewer
        .check_csrf(&form.csrf)
        .and_then(|()| viewer.require_editor())
    {
        return refused;
    }
    match state.db.delete_link(&slug).await {
        Ok(true) => {
            state.links.changed(&slug).await;
            see_other("/links")
        }
        Ok(false) => pages::not_found().await,
        Err(_) => pages::unavailable(),
    }
}

/// The QR code of a short link, as SVG (`?download` to save it).
pub async fn qr_svg(
    State(state): State<AppState>,
    _viewer: Viewer,
    Path(slug): Path<String>,
) -> Response {
    let Ok(Some(link)) = state.db.link_by_slug(&slug).await else {
        return pages::not_found().await;
    };
    let short_url = state.short_url(&link.slug);
    let Ok(code) = qrcode::QrCode::new(short_url.as_bytes()) else {
        return pages::not_found().await;
    };
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build();
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{}-qr.svg\"", link.slug),
            ),
        ],
        svg,
    )
        .into_response()
}

// ---- the share kit ----

#[derive(Template)]
#[template(path = "ui/kit.html")]
struct KitPage<'a> {
    section: &'a str,
    viewer: &'a Viewer,
    channels: &'a [Channel],
    error: Option<String>,
    created: Vec<Row>,
    campaign: String,
    url: String,
    tags: String,
}

pub async fn kit_page(viewer: Viewer) -> Response {
    render(
        StatusCode::OK,
        &KitPage {
            section: "kit",
            viewer: &viewer,
            channels: &CATALOGUE,
            error: None,
            created: Vec::new(),
            campaign: String::new(),
            url: String::new(),
            tags: String::new(),
        },
    )
}

/// The form sends `channel` once per ticked box, which a plain `Form` cannot hold: the body
/// is read as a list of pairs.
pub async fn create_kit(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    if let Err(refused) = viewer
        .check_csrf(&field("csrf"))
        .and_then(|()| viewer.require_editor())
    {
        return refused;
    }
    let (campaign, url, tags) = (field("campaign"), field("url"), field("tags"));
    let utm = pairs.iter().any(|(k, v)| k == "utm" && v == "on");
    let chosen: Vec<&Channel> = pairs
        .iter()
        .filter(|(k, _)| k == "channel")
        .filter_map(|(_, v)| channels::find(v))
        .collect();
    let refuse = |message: String, created: Vec<Row>| {
        render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &KitPage {
                section: "kit",
                viewer: &viewer,
                channels: &CATALOGUE,
                error: Some(message),
                created,
                campaign: campaign.clone(),
                url: url.clone(),
                tags: tags.clone(),
            },
        )
    };
    if campaign.is_empty() {
        return refuse(
            "Name the campaign: it groups the links on the dashboard.".into(),
            Vec::new(),
        );
    }
    if chosen.is_empty() {
        return refuse("Tick at least one channel.".into(), Vec::new());
    }
    if state
        .create_guard
        .check(&format!("user:{}", viewer.user_id))
        .is_err()
    {
        return refuse(
            format!("You can create at most {CREATE_LIMIT} links a minute. Wait a moment."),
            Vec::new(),
        );
    }
    let mut created = Vec::new();
    for channel in chosen {
        let destination = if utm {
            match channels::with_utm(&url, channel.key, &campaign) {
                Ok(tagged) => tagged,
                Err(_) => return refuse(
                    "The destination is not a valid URL: it must start with http:// or https://."
                        .into(),
                    created,
                ),
            }
        } else {
            url.clone()
        };
        let input = LinkInput {
            url: destination,
            slug: None,
            campaign: Some(campaign.clone()),
            channel: Some(channel.key.to_owned()),
            tags: split_tags(&tags),
        };
        match create::create(&state.db, &state.links, &state.refused_hosts, input).await {
            Ok(link) => created.push(Row::new(&state.base_url, link)),
            Err(CreateError::Database(_)) => return pages::unavailable(),
            Err(refusal) => return refuse(capitalize(&refusal.to_string()), created),
        }
    }
    render(
        StatusCode::CREATED,
        &KitPage {
            section: "kit",
            viewer: &viewer,
            channels: &CATALOGUE,
            error: None,
            created,
            campaign,
            url,
            tags,
        },
    )
}

/// For templates: the class name of a channel's reach.
pub fn reach_class(reach: &Reach) -> &'static str {
    match reach {
        Reach::Private => "pill-private",
        Reach::Public => "pill-public",
        Reach::Other => "muted",
    }
}

// ---- editing one link ----

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
    channels: &'a [Channel],
    error: Option<String>,
}

pub async fn edit_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
) -> Response {
    if let Err(refused) = viewer.require_editor() {
        return refused;
    }
    let link = match state.db.link_by_slug(&slug).await {
        Ok(Some(link)) => link,
        Ok(None) => return pages::not_found().await,
        Err(_) => return pages::unavailable(),
    };
    render(
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
            channels: &CATALOGUE,
            error: None,
        },
    )
}

pub async fn edit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Form(form): Form<CreateForm>,
) -> Response {
    if let Err(refused) = viewer
        .check_csrf(&form.csrf)
        .and_then(|()| viewer.require_editor())
    {
        return refused;
    }
    let patch = (|| -> Result<LinkPatch, String> {
        Ok(LinkPatch {
            url: Some(crate::links::destination::parse(
                &form.url,
                &state.refused_hosts,
            )?),
            campaign: Some(crate::links::label("campaign", &form.campaign)?),
            channel: Some(crate::links::label("channel", &form.channel)?),
            tags: Some(crate::links::tags(&split_tags(&form.tags))?),
            enabled: None,
        })
    })();
    let patch = match patch {
        Ok(patch) => patch,
        Err(message) => {
            return render(
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
                    channels: &CATALOGUE,
                    error: Some(capitalize(&message)),
                },
            );
        }
    };
    match state.db.update_link(&slug, &patch, now_ms()).await {
        Ok(Some(_)) => {
            state.links.changed(&slug).await;
            see_other("/links")
        }
        Ok(None) => pages::not_found().await,
        Err(_) => pages::unavailable(),
    }
}
