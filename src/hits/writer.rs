//! The writer task: takes hits off the queue in batches, enriches them and inserts each batch
//! in one transaction; on shutdown it drains the queue to the last hit.

use std::sync::Arc;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::enrich::Enricher;
use super::spool::Spool;
use super::visitor::DailySalt;
use super::{HitBatch, RawHit};
use crate::db::Db;
use crate::metrics::Metrics;

/// Most hits written in one transaction.
const BATCH: usize = 2_000;

pub struct Writer {
    pub db: Db,
    pub spool: Spool,
    pub enricher: Enricher,
    pub metrics: Arc<Metrics>,
}

impl Writer {
    /// Runs until `shutdown` is cancelled and every queued hit is written.
    pub async fn run(self, mut rx: mpsc::Receiver<RawHit>, shutdown: CancellationToken) {
        let mut salt = DailySalt::new();
        let mut raw = Vec::with_capacity(BATCH);
        loop {
            let received = tokio::select! {
                n = rx.recv_many(&mut raw, BATCH) => n,
                () = shutdown.cancelled(), if !rx.is_closed() => {
                    // Refuse new hits; what is already queued is still received below.
                    rx.close();
                    continue;
                }
            };
            if received == 0 {
                break; // closed and empty
            }
            let now = raw.last().map_or(0, |hit| hit.at);
            let mut wait = Duration::from_millis(50);
            while let Err(err) = salt.refresh(&self.db, now).await {
                if !salt.is_loaded() {
                    tracing::warn!(error = %err, "cannot load the visitor salt; retrying");
                    tokio::time::sleep(wait).await;
                    wait = (wait * 2).min(Duration::from_secs(5));
                } else {
                    break; // yesterday's salt until the database answers again
                }
            }
            let mut batch = HitBatch::default();
            for hit in raw.drain(..) {
                if hit.do_not_track {
                    // Asked not to be tracked: counted, and nothing else about it is kept.
                    *batch.private.entry(hit.link_id).or_default() += 1;
                } else {
                    batch.rows.push(self.enricher.enrich(hit, &salt));
                }
            }
            self.write(&batch).await;
        }
        tracing::info!("hit writer stopped: every queued hit is written");
    }

    /// Inserts one batch. When the database fails it twice, the batch goes to the spool so
    /// the queue keeps moving; only if the disk fails too does the writer wait and retry.
    async fn write(&self, rows: &HitBatch) {
        // One id for every attempt and for the spool: a retry of a batch whose commit did
        // happen is recognised and skipped.
        let batch = format!("{:016x}", rand::random::<u64>());
        let mut wait = Duration::from_millis(100);
        for attempt in 1.. {
            let err = match self.db.insert_hit_batch(&batch, rows).await {
                Ok(_) => {
                    self.metrics
                        .hits_stored
                        .fetch_add(rows.len() as u64, Relaxed);
                    return;
                }
                Err(err) => err,
            };
            if attempt >= 2 {
                match self.spool.append(&batch, rows) {
                    Ok(()) => {
                        tracing::warn!(error = %err, hits = rows.len(), "database unavailable; hits spooled to disk");
                        self.metrics
                            .hits_spooled
                            .fetch_add(rows.len() as u64, Relaxed);
                        return;
                    }
                    Err(io) => tracing::error!(
                        error = %err, spool = %io, hits = rows.len(),
                        "cannot store or spool hits; retrying"
                    ),
                }
            }
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(Duration::from_secs(5));
        }
    }
}
