//! The fold task: every few seconds, the hits written since the last fold are counted into
//! the rollups that the dashboard reads (src/db/rollups.rs says how it stays exact).

use std::time::{Duration, Instant};

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::db::Db;

/// How often new hits are folded in. Reports add the unfolded ones from the hit log, so this
/// sets how many raw hits a report reads, not how fresh its numbers are.
const EVERY: Duration = Duration::from_secs(5);

/// At most one part in this many of the time goes to folding: under a flood of hits a fold
/// takes longer, and the next one waits longer too. Waiting more makes each fold cheaper per
/// hit (a busy link's hour gets one update for many hits), so the writer and the redirects
/// keep the database's time; reports read a longer unfolded tail meanwhile.
const SHARE: u32 = 5;

/// Folds every few seconds until `stop`.
pub fn spawn(db: Db, stop: CancellationToken) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut wait = EVERY;
        loop {
            tokio::select! {
                () = stop.cancelled() => break,
                () = tokio::time::sleep(wait) => {
                    let started = Instant::now();
                    // A stop does not wait for a long fold (a first fold of a big history):
                    // its transaction is dropped, so rolled back, and the next start does it.
                    let folded = tokio::select! {
                        () = stop.cancelled() => break,
                        folded = fold_all(&db) => folded,
                    };
                    if let Err(err) = folded {
                        tracing::warn!(error = %err, "folding hits into rollups failed; will retry");
                    }
                    let took = started.elapsed();
                    wait = EVERY.max(took * (SHARE - 1));
                    tracing::debug!(took_ms = took.as_millis(), next_in_ms = wait.as_millis(), "folded");
                }
            }
        }
    })
}

/// Folds every hit written so far, in short transactions.
pub async fn fold_all(db: &Db) -> sqlx::Result<()> {
    while db.fold_hits().await? {
        tokio::task::yield_now().await;
    }
    Ok(())
}
