//! The OpenAPI document of `/api/v1`, generated from the handlers' annotations and served at
//! `/api/openapi.json`.

use std::collections::BTreeMap;

use axum::Json;
use serde::Serialize;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{RefOr, Response};
use utoipa::{IntoResponses, Modify, OpenApi, ToSchema};

use super::{
    campaigns, channels, domains, hits, links, site_pages, site_utm, sites, stats, webhooks,
};

/// Every refusal: what is wrong, in words.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: String,
}

/// What any endpoint may answer besides its own statuses, listed once rather than on each.
#[derive(IntoResponses)]
pub enum Refusals {
    /// A malformed path, query or body.
    #[response(status = 400)]
    BadRequest(ErrorBody),
    /// No token, or not a valid one.
    #[response(status = 401)]
    Unauthorized(ErrorBody),
    /// The database is unavailable; try again.
    #[response(status = 503)]
    Unavailable(ErrorBody),
}

/// [`Refusals`], and a token that is not an admin's.
#[derive(IntoResponses)]
pub enum AdminRefusals {
    /// A malformed path, query or body.
    #[response(status = 400)]
    BadRequest(ErrorBody),
    /// No token, or not a valid one.
    #[response(status = 401)]
    Unauthorized(ErrorBody),
    /// Not an admin token.
    #[response(status = 403)]
    Forbidden(ErrorBody),
    /// The database is unavailable; try again.
    #[response(status = 503)]
    Unavailable(ErrorBody),
}

/// [`AdminRefusals`], and an id that names nothing: what an admin's request about one record
/// (`/sites/{id}`) may answer besides its own statuses.
pub struct AdminRecordRefusals;

impl IntoResponses for AdminRecordRefusals {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let mut responses = AdminRefusals::responses();
        responses.append(&mut NoSuchRecord::responses());
        responses
    }
}

/// The part of [`AdminRecordRefusals`] that [`AdminRefusals`] lacks.
#[derive(IntoResponses)]
#[expect(
    dead_code,
    reason = "never built: the variant only names a response for utoipa"
)]
enum NoSuchRecord {
    /// Nothing has the id of the path.
    #[response(status = 404)]
    NotFound(ErrorBody),
}

/// What a request that makes links may answer past the token's links a minute.
#[derive(IntoResponses)]
pub enum CreationLimited {
    #[response(status = 429, description = "Over the token's links a minute",
        headers(("Retry-After" = u64, description = "Seconds until the minute's window ends")))]
    TooMany(ErrorBody),
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Lanterne API",
        description = "Short links that measure dark social. Authenticate with `Authorization: Bearer <token>` (`lanterne token create --name NAME`)."
    ),
    // The paths are absolute and the document is served by the API itself, so its clients
    // resolve them against the host they fetched it from, whatever `LANTERNE_BASE_URL` is.
    servers((url = "/")),
    paths(links::create, links::list, links::show, links::update, links::delete, hits::list, stats::stats,
        channels::list, channels::add, channels::change, channels::remove,
        domains::list, domains::add, domains::remove,
        campaigns::start, campaigns::list, campaigns::show, campaigns::update, campaigns::delete,
        sites::create, sites::list, sites::show, sites::update, sites::delete, site_pages::pages, site_utm::utm,
        webhooks::create, webhooks::list, webhooks::send_test, webhooks::delete),
    components(schemas(ErrorBody, links::LinkView, links::LinkPage, links::CreateLink, links::UpdateLink, hits::HitView, hits::HitPage, stats::Stats, stats::StatsRow, crate::stats::report::PlatformShares, crate::stats::Split, crate::stats::report::Row, crate::stats::compare::Summary,
        channels::ChannelView, channels::ChannelList, channels::NewChannel, channels::ChannelChange,
        domains::DomainView, domains::DomainList, domains::NewDomain,
        campaigns::CampaignView, campaigns::CampaignList, campaigns::UpdateCampaign,
        campaigns::StartCampaign, campaigns::StartedCampaign,
        sites::SiteView, sites::SiteList, sites::NewSiteBody, sites::UpdateSite, sites::RefusedHost, sites::RefusedBecause,
        site_pages::SitePagesView, site_pages::PageView, site_pages::PageExtra,
        site_utm::SiteUtmView, site_utm::UtmRow, site_utm::UtmCounts,
        webhooks::NewWebhook, webhooks::WebhookView, webhooks::WebhookList, webhooks::DeliveryView)),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

pub async fn document() -> Json<serde_json::Value> {
    let mut document =
        serde_json::to_value(ApiDoc::openapi()).expect("the OpenAPI document always serializes");
    camel_case_links(&mut document);
    Json(document)
}

/// Names the fields of the responses' links as OpenAPI does: utoipa 5.5 serializes its `Link`
/// with the Rust names (`operation_ref`, `operation_id`, `request_body`), which no client reads.
fn camel_case_links(document: &mut serde_json::Value) {
    use serde_json::{Map, Value};
    fn object(v: &mut Value) -> Option<&mut Map<String, Value>> {
        v.as_object_mut()
    }
    let links = document
        .get_mut("paths")
        .and_then(object)
        .into_iter()
        .flat_map(|paths| paths.values_mut().filter_map(object))
        .flat_map(|path| path.values_mut().filter_map(object))
        .filter_map(|operation| operation.get_mut("responses").and_then(object))
        .flat_map(|responses| responses.values_mut().filter_map(object))
        .filter_map(|response| response.get_mut("links").and_then(object))
        .flat_map(|links| links.values_mut().filter_map(object));
    for link in links {
        for (rust, openapi) in [
            ("operation_ref", "operationRef"),
            ("operation_id", "operationId"),
            ("request_body", "requestBody"),
        ] {
            if let Some(value) = link.remove(rust) {
                link.insert(openapi.to_owned(), value);
            }
        }
    }
}
