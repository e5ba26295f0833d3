//! Hourly upkeep of the hit log: monthly partitions prepared ahead of time (PostgreSQL),
//! old batch ids, hourly rollups and seen visitors pruned, and hits (and the site snippet's
//! events) past retention purged.

use std::time::Duration;

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::clock::now_ms;
use crate::db::Db;
use crate::error::log_text;

const DAY_MS: i64 = 86_400_000;
const EVERY: Duration = Duration::from_secs(3600);

/// Runs the upkeep every hour until `stop` (`run_once` runs it at start-up). `retention_days` 0 keeps hits forever.
pub fn spawn(db: Db, retention_days: u32, stop: CancellationToken) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(EVERY);
        tick.tick().await; // the first run happened at start-up
        loop {
            tokio::select! {
                () = stop.cancelled() => break,
                _ = tick.tick() => run_once(&db, retention_days).await,
            }
        }
    })
}

pub async fn run_once(db: &Db, retention_days: u32) {
    let now = now_ms();
    // Three months back covers late writes and imported history; three ahead covers any
    // instance that stays up for a long time between runs.
    if let Err(err) = db
        .prepare_hit_partitions(now - 92 * DAY_MS, now + 92 * DAY_MS)
        .await
    {
        tracing::warn!(error = %log_text(&err), "preparing hit partitions failed");
    }
    if let Err(err) = db.prune_hit_batches(now - DAY_MS).await {
        tracing::warn!(error = %log_text(&err), "pruning hit batch ids failed");
    }
    if let Err(err) = db.prune_rollups(now).await {
        tracing::warn!(error = %log_text(&err), "pruning hourly rollups and seen visitors failed");
    }
    let cutoff = (retention_days > 0).then(|| now - i64::from(retention_days) * DAY_MS);
    match db.purge_site_events(cutoff).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(
            events = n,
            "purged site events past retention or of deleted sites"
        ),
        Err(err) => tracing::warn!(error = %log_text(&err), "purging site events failed"),
    }
    if retention_days > 0 {
        let cutoff = now - i64::from(retention_days) * DAY_MS;
        // Links' totals and the rollups keep every hit only once it is folded in: a hit
        // that reached the log late (a spool replayed) may be past retention already.
        if let Err(err) = super::rollup::fold_all(db).await {
            tracing::warn!(error = %log_text(&err), "folding before the purge failed; purging later");
            return;
        }
        match db.purge_hits_before(cutoff).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(hits = n, retention_days, "purged hits past retention"),
            Err(err) => tracing::warn!(error = %log_text(&err), "purging old hits failed"),
        }
    }
}
