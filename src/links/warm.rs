//! The slug cache filled at start with the most visited links, so that a database outage
//! right after a restart or a deploy does not turn every redirect into a 503: known slugs
//! keep redirecting from memory, and the busy ones are known from the first second.

use std::sync::Arc;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Instant;

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::cache::{self, SlugCache, Target};
use super::limit::ClickLimits;
use crate::db::Db;
use crate::error::log_text;
use crate::metrics::Metrics;

/// The most links read at start, whatever the cache's capacity: 50,000 targets are one
/// query and about 20 MB, read in a second or two; past them a link's first visit fills its
/// place as before.
pub const AT_MOST: usize = 50_000;

/// Reads the `n` most visited links and puts them in `cache`. The least visited go in first:
/// the cache lets go first of the oldest entries no redirect has asked for, so those are the
/// first to leave when new links need room. A link a redirect cached meanwhile is left as it
/// is. A link to a blocked domain (`blocked`) goes in as the redirect would cache it: gone.
/// Returns how many were put in.
pub async fn warm(
    cache: &SlugCache,
    db: &Db,
    limits: &ClickLimits,
    blocked: &[String],
    n: usize,
) -> sqlx::Result<usize> {
    let rows = db
        .busiest_targets(i64::try_from(n).unwrap_or(i64::MAX))
        .await?;
    let mut put = 0;
    for row in rows.into_iter().rev() {
        let key = cache::key(&row.domain, &row.slug).into_owned();
        if let Some(target) = Target::from_row(row.target, limits, blocked) {
            put += usize::from(cache.warm(&key, Arc::new(target)));
        }
    }
    Ok(put)
}

/// Warms `cache` with up to `capacity` (at most [`AT_MOST`]) links in the background, so the
/// listener answers at once; counted when done (`lanterne_cache_warmed_links`).
/// A database that does not answer at start leaves the cache to fill as links are visited.
pub fn spawn(
    cache: SlugCache,
    db: Db,
    limits: ClickLimits,
    blocked: Vec<String>,
    capacity: usize,
    metrics: Arc<Metrics>,
    stop: CancellationToken,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let started = Instant::now();
        let n = capacity.min(AT_MOST);
        tokio::select! {
            () = stop.cancelled() => {}
            done = warm(&cache, &db, &limits, &blocked, n) => match done {
                Ok(put) => {
                    metrics.cache_warmed.store(put as u64, Relaxed);
                    tracing::info!(links = put, ms = started.elapsed().as_millis() as u64, "slug cache warmed with the most visited links");
                }
                Err(err) => tracing::warn!(error = %log_text(&err), "could not warm the slug cache; links are cached as they are visited"),
            },
        }
    })
}
