//! The fold task: every few seconds, the hits written since the last fold are counted into
//! the rollups that the dashboard reads (src/db/rollups.rs says how it stays exact).

use std::time::Duration;

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::db::Db;

/// How often new hits are folded in. Reports add the unfolded ones from the hit log, so this
/// sets how many raw hits a report reads, not how fresh its numbers are.
const EVERY: Duration = Duration::from_secs(5);

/// Folds every few seconds until `stop`.
pub fn spawn(db: Db, stop: CancellationToken) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = stop.cancelled() => break,
                _ = tick.tick() => {
                    if let Err(err) = fold_all(&db).await {
                        tracing::warn!(error = %err, "folding hits into rollups failed; will retry");
                    }
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
