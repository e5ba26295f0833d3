//! Hits: what the redirect hands over (`RawHit`), the queue that takes it without waiting,
//! the enrichment into a stored row (`HitRow`), and the writer task that batches rows in.
//! The site snippet's events (`event`) travel the same path.

pub mod enrich;
pub mod event;
pub mod ledger;
pub mod maintenance;
pub mod queue;
pub mod reclassify;
pub mod rollup;
pub mod spool;
pub mod visitor;
pub mod writer;

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::Arc;

use axum::http::HeaderValue;

use crate::classify::Signals;

/// A request to a slug as the redirect saw it: only cheap copies of what arrived, so the
/// redirect allocates and parses nothing that the writer can do later.
#[derive(Debug)]
pub struct RawHit {
    /// Unix milliseconds.
    pub at: i64,
    pub link_id: i64,
    pub head: bool,
    /// The TCP peer. Kept in memory only: the writer looks up the place, then drops it.
    pub peer: IpAddr,
    pub referrer: Option<HeaderValue>,
    pub user_agent: Option<HeaderValue>,
    pub x_forwarded_for: Option<HeaderValue>,
    pub forwarded: Option<HeaderValue>,
    /// `DNT: 1` or `Sec-GPC: 1`: the visitor asked not to be tracked.
    pub do_not_track: bool,
    /// What the request's headers showed (prefetch, no `Accept` …); the writer adds the
    /// network's.
    pub signals: Signals,
    /// Which of the link's destinations it was sent to (`Destination::code`); `None` when it
    /// was sent nowhere.
    pub destination: Option<i16>,
}

/// What a hit's request showed of where it came from and on what, located: as a stored hit
/// is read ([`crate::db::hits::StoredHit`]), spooled and shown by the API, under the names
/// of the `hits` columns.
#[derive(
    Debug, Clone, PartialEq, sqlx::FromRow, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
// The document's own words: the doc comment's link to Rust code means nothing to a client.
#[schema(description = "Where the hit's request came from and on what, located.")]
pub struct HitOrigin {
    pub referrer: Option<String>,
    pub referrer_host: Option<String>,
    pub user_agent: Option<String>,
    pub browser: Option<String>,
    pub os: Option<String>,
    pub device: String,
    pub country: Option<String>,
    pub city: Option<String>,
}

/// A hit as stored: classified, located, with no address left in it.
#[derive(Debug, Clone, PartialEq)]
pub struct HitRow {
    pub link_id: i64,
    pub at: i64,
    pub method: &'static str,
    pub referrer: Option<String>,
    pub referrer_host: Option<String>,
    /// For enriched hits, shared with the enricher's reading of that user agent; the SQLite
    /// writer binds them by raising their counts.
    pub user_agent: Option<Arc<str>>,
    pub browser: Option<Arc<str>>,
    pub os: Option<Arc<str>>,
    pub device: &'static str,
    pub country: Option<String>,
    pub city: Option<String>,
    pub visitor: Option<i64>,
    pub kind: &'static str,
    pub source: Option<&'static str>,
    pub platform: &'static str,
    pub evidence: &'static str,
    /// The request signals the class was decided with, so a later reclassify can use them.
    pub signals: Signals,
    /// See [`RawHit::destination`].
    pub destination: Option<i16>,
}

impl HitRow {
    /// A person's click that arrived with no referrer and nothing known of them: the plainest
    /// dark click, for tests and for rows built by hand.
    pub fn dark_click(link_id: i64, at: i64) -> HitRow {
        HitRow {
            link_id,
            at,
            method: "GET",
            referrer: None,
            referrer_host: None,
            user_agent: None,
            browser: None,
            os: None,
            device: "desktop",
            country: None,
            city: None,
            visitor: None,
            kind: "click",
            source: Some("dark"),
            platform: "",
            evidence: "none",
            signals: Signals::default(),
            destination: None,
        }
    }
}

/// One transaction's worth of hits: full rows, and per link the bare count of visitors who
/// asked not to be tracked (`DNT: 1`, `Sec-GPC: 1`), of whom nothing else is kept; and the
/// same for the snippet's events: full rows, and views of such visitors counted per page.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct HitBatch {
    pub rows: Vec<HitRow>,
    pub private: BTreeMap<i64, i64>,
    pub events: Vec<event::EventRow>,
    pub private_views: BTreeMap<PrivatePage, i64>,
}

/// Where a private view is counted: a site's page on a UTC day.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PrivatePage {
    pub site_id: i64,
    pub page: String,
    /// Unix ms of the UTC midnight.
    pub day: i64,
}

impl HitBatch {
    /// Hits and events, private ones included: what the metrics count as stored.
    pub fn len(&self) -> usize {
        self.rows.len()
            + self.private.values().sum::<i64>() as usize
            + self.events.len()
            + self.private_views.values().sum::<i64>() as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Private hits per link, ordered by id (so concurrent writers lock counter rows in one
    /// order and never deadlock). Stored hits are counted when they are folded (rollups.rs);
    /// private ones leave no row to fold, so the writer counts them as it goes.
    pub fn private_counts(&self) -> Vec<(i64, i64)> {
        self.private.iter().map(|(link, n)| (*link, *n)).collect()
    }
}
