//! `/api/v1/links/{slug}/hits`: a link's hits, newest first, as JSON or CSV.

use axum::body::Body;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use futures_util::{StreamExt, stream};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::openapi::{ErrorBody, Refusals};

use super::json::{Json, Path, Query};
use super::links::no_such_link;
use super::{Caller, cursor, page_size};
use crate::app::AppState;
use crate::clock::rfc3339;
use crate::db::hits::StoredHit;
use crate::error::ApiError;
use crate::error::log_text;
use crate::hits::HitOrigin;
use crate::links::options::Destination;
use crate::routes::csv_download::{Lines, download};

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct HitsQuery {
    /// `json` (default) or `csv`.
    #[param(pattern = "^(json|csv)$")]
    format: Option<String>,
    cursor: Option<String>,
    /// Hits per page: 1–1,000, 100 if left out; as CSV 1–100,000, 10,000 if left out.
    #[param(minimum = 1, maximum = 100_000, default = json!(100))]
    limit: Option<i64>,
    /// The branded domain the slug is on; the base URL's host when left out.
    domain: Option<String>,
}

/// One hit as the API shows it.
#[derive(Serialize, ToSchema)]
pub struct HitView {
    at: String,
    method: String,
    kind: String,
    source: Option<String>,
    platform: String,
    /// What decided the class: `user_agent`, `list` (a public crawler or referrer-spam
    /// list), `headers` (a prefetch, no `Accept`, HTTP/1.0, missing Fetch Metadata),
    /// `network` (a hosting provider's address), `referrer` or `none`.
    #[schema(example = "user_agent")]
    evidence: String,
    #[serde(flatten)]
    origin: HitOrigin,
    /// Which of the link's destinations it was sent to: `url`, `rule 1`, `variant 2`,
    /// `expired` (its `expired_url`) or `none` (a protected link's page).
    destination: String,
}

impl From<StoredHit> for HitView {
    fn from(hit: StoredHit) -> HitView {
        HitView {
            at: rfc3339(hit.at),
            method: hit.method,
            kind: hit.kind,
            source: hit.source,
            platform: hit.platform,
            evidence: hit.evidence,
            origin: hit.origin,
            destination: Destination::label_of(hit.destination),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct HitPage {
    hits: Vec<HitView>,
    next_cursor: Option<String>,
}

#[utoipa::path(get, operation_id = "listLinkHits", path = "/api/v1/links/{slug}/hits", params(("slug" = String, Path), HitsQuery), tag = "hits",
    responses(
        (status = 200, description = "Hits, newest first (CSV with format=csv)",
         content((HitPage = "application/json"), (String = "text/csv"))),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
        Refusals,
    ))]
pub async fn list(
    State(state): State<AppState>,
    _caller: Caller,
    Path(slug): Path<String>,
    Query(query): Query<HitsQuery>,
) -> Result<Response, ApiError> {
    let csv = match query.format.as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(other) => {
            return Err(ApiError::invalid(format!(
                "unknown format {other:?}: use json or csv"
            )));
        }
    };
    let domain = state.domains().stored(query.domain.as_deref());
    let link = state
        .reads
        .db()
        .link_by_slug(&domain, &slug)
        .await?
        .ok_or_else(|| no_such_link(&domain, &slug))?;
    let before = cursor(query.cursor.as_deref())?;
    if csv {
        let limit = page_size(query.limit, 10_000, 100_000)?;
        return csv_download(&state, &slug, link.id, before, limit).await;
    }
    let limit = page_size(query.limit, 100, 1_000)?;
    let hits = state
        .reads
        .db()
        .hits_of_link(link.id, before, limit)
        .await?;
    let next_cursor = (hits.len() as i64 == limit)
        .then(|| hits.last().map(|h| h.id.to_string()))
        .flatten();
    let hits: Vec<HitView> = hits.into_iter().map(HitView::from).collect();
    Ok(Json(HitPage { hits, next_cursor }).into_response())
}

const CSV_COLUMNS: [&str; 15] = [
    "at",
    "method",
    "kind",
    "source",
    "platform",
    "evidence",
    "referrer",
    "referrer_host",
    "user_agent",
    "browser",
    "os",
    "device",
    "country",
    "city",
    "destination",
];

/// Hits read from the database per slice of the CSV.
const CSV_SLICE: usize = 1_000;

/// Up to `limit` hits as CSV, streamed a slice at a time: only the ids are held whole (8
/// bytes a hit), and `X-Next-Cursor` comes from them before the first line is sent.
async fn csv_download(
    state: &AppState,
    slug: &str,
    link_id: i64,
    before: Option<i64>,
    limit: i64,
) -> Result<Response, ApiError> {
    // One database for the ids and their slices, should the replica be left aside meanwhile.
    let db = state.reads.db().clone();
    let ids = db.hit_ids_of_link(link_id, before, limit).await?;
    let next_cursor = (ids.len() as i64 == limit)
        .then(|| ids.last().copied())
        .flatten();
    let mut lines = Lines::new();
    lines.push(CSV_COLUMNS);
    let head = lines.take();
    let slices: Vec<Vec<i64>> = ids.chunks(CSV_SLICE).map(<[i64]>::to_vec).collect();
    let body = stream::iter(slices).then(move |slice| {
        let db = db.clone();
        async move {
            let hits = db.hits_by_ids(link_id, &slice).await.inspect_err(|err| {
                tracing::error!(error = %log_text(err), "a hits CSV was cut short");
            })?;
            let mut lines = Lines::new();
            for hit in hits {
                lines.push(csv_cells(hit));
            }
            Ok::<_, sqlx::Error>(lines.take())
        }
    });
    let body = stream::once(async { Ok(head) }).chain(body);
    let mut response = download(&format!("{slug}-hits.csv"), Body::from_stream(body));
    if let Some(next) = next_cursor {
        response.headers_mut().insert("x-next-cursor", next.into());
    }
    Ok(response)
}

fn csv_cells(hit: StoredHit) -> [String; 15] {
    let origin = hit.origin;
    [
        rfc3339(hit.at),
        hit.method,
        hit.kind,
        hit.source.unwrap_or_default(),
        hit.platform,
        hit.evidence,
        origin.referrer.unwrap_or_default(),
        origin.referrer_host.unwrap_or_default(),
        origin.user_agent.unwrap_or_default(),
        origin.browser.unwrap_or_default(),
        origin.os.unwrap_or_default(),
        origin.device,
        origin.country.unwrap_or_default(),
        origin.city.unwrap_or_default(),
        Destination::label_of(hit.destination),
    ]
}
