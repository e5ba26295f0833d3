//! The fold task: every few seconds, the hits written since the last fold are counted into
//! the rollups that the dashboard reads (src/db/rollups.rs says how it stays exact).

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::db::Db;
use crate::error::log_text;
use crate::metrics::Metrics;

/// How often new hits are folded in. Reports add the unfolded ones from the hit log, so this
/// sets how many raw hits a report reads, not how fresh its numbers are.
const EVERY: Duration = Duration::from_secs(5);

/// At most one part in this many of the time goes to folding: under a flood of hits a fold
/// takes longer, and the next one waits longer too. Waiting more makes each fold cheaper per
/// hit (a busy link's hour gets one update for many hits), so the writer and the redirects
/// keep the database's time; reports read a longer unfolded tail meanwhile.
const SHARE: u32 = 5;

/// Once `EVERY` has passed, how often the fold looks whether the hits have stopped coming.
const POLL: Duration = Duration::from_millis(250);

/// Folds every few seconds until `stop`; `metrics` tell it whether hits are still coming.
pub fn spawn(db: Db, metrics: Arc<Metrics>, stop: CancellationToken) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut wait = EVERY;
        let writing = || metrics.in_memory() > 0;
        loop {
            tokio::select! {
                () = stop.cancelled() => break,
                () = until_due(wait, &metrics) => {
                    // The time the fold's steps took, its rests left out.
                    let mut took = Duration::ZERO;
                    // A stop does not wait for a long fold (a first fold of a big history):
                    // its transaction is dropped, so rolled back, and the next start does it.
                    let folded = tokio::select! {
                        () = stop.cancelled() => break,
                        folded = fold_paced(&db, &writing, &mut took) => folded,
                    };
                    if let Err(err) = folded {
                        tracing::warn!(error = %log_text(&err), "folding hits into rollups failed; will retry");
                    }
                    wait = EVERY.max(took * (SHARE - 1));
                    tracing::debug!(took_ms = took.as_millis(), next_in_ms = wait.as_millis(), "folded");
                }
            }
        }
    })
}

/// Waits `wait`, or only `EVERY` once the hits have stopped coming (none arrived during a
/// `POLL` and none is left to write). After a long fold the next waits longer, so that under a
/// flood the writer and the redirects keep the database; once the flood is over there is no
/// one to keep it for, and its hits are folded at once instead of during whatever comes next
/// (the next flood, or, in a benchmark, the ceiling's round).
async fn until_due(wait: Duration, metrics: &Metrics) {
    let started = tokio::time::Instant::now();
    tokio::time::sleep(EVERY.min(wait)).await;
    let mut arrived = metrics.arrived();
    while started.elapsed() < wait {
        tokio::time::sleep(POLL.min(wait - started.elapsed())).await;
        let now = metrics.arrived();
        if now == arrived && metrics.in_memory() == 0 {
            return;
        }
        arrived = now;
    }
}

/// Folds every hit written so far, in short transactions.
pub async fn fold_all(db: &Db) -> sqlx::Result<()> {
    let mut took = Duration::ZERO;
    fold_paced(db, &|| false, &mut took).await
}

/// Folds every hit written so far, resting the backend's `fold_rest` times as long as each
/// step took before the next one while `writing` (hits wait to be written), so that the
/// writers get the database meanwhile (a fold behind the hits is caught up later; hits behind
/// the redirects wait in memory). Adds the steps' time to `took`.
async fn fold_paced(
    db: &Db,
    writing: &(dyn Fn() -> bool + Sync),
    took: &mut Duration,
) -> sqlx::Result<()> {
    let rest = db.fold_rest();
    loop {
        let started = Instant::now();
        let more = db.fold_hits().await;
        let step = started.elapsed();
        *took += step;
        if !more? {
            return Ok(());
        }
        if rest == 0 || !writing() {
            tokio::task::yield_now().await;
        } else {
            tokio::time::sleep(step * rest).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering::Relaxed;

    use super::*;
    use crate::hits::{HitBatch, HitRow};

    const LONG: Duration = Duration::from_secs(60);

    /// How long the fold waits after a fold whose pacing asks for `LONG`.
    async fn waited(metrics: &Metrics) -> Duration {
        let started = tokio::time::Instant::now();
        until_due(LONG, metrics).await;
        started.elapsed()
    }

    /// The same with `served` hits served and `stored` of them written.
    async fn wait_with(served: u64, stored: u64) -> Duration {
        let metrics = Metrics::default();
        metrics.redirects.store(served, Relaxed);
        metrics.hits_stored.store(stored, Relaxed);
        waited(&metrics).await
    }

    /// Once the hits stop coming, the next fold does not wait out the pacing of a flood.
    #[tokio::test(start_paused = true)]
    async fn a_fold_is_due_once_the_hits_stop_coming() {
        assert_eq!(wait_with(5_000, 5_000).await, EVERY + POLL);
    }

    /// While hits wait to be written, or keep coming, the fold keeps its distance.
    #[tokio::test(start_paused = true)]
    async fn a_fold_waits_while_hits_are_coming() {
        assert_eq!(
            wait_with(5_000, 4_000).await,
            LONG,
            "a thousand hits still to write"
        );

        // Every hit written at once, but a new one every 100 ms.
        let metrics = Arc::new(Metrics::default());
        let trickle = tokio::spawn({
            let metrics = metrics.clone();
            async move {
                loop {
                    metrics.redirects.fetch_add(1, Relaxed);
                    metrics.hits_stored.fetch_add(1, Relaxed);
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        });
        assert_eq!(waited(&metrics).await, LONG, "a hit a tenth of a second");
        trickle.abort();
    }

    /// On SQLite a fold in steps lets a batch of hits in after its first step, instead of
    /// keeping the one write lock until the last: the writer asked for its turn while the
    /// fold waited for its own, and is served before the fold's second step.
    #[tokio::test]
    async fn sqlite_writer_gets_its_turn_between_the_steps_of_a_fold() {
        let scratch = crate::db::scratch::Scratch::sqlite("fold").await;
        let db = scratch.db.clone();
        let Db::Sqlite(pool, _) = &db else {
            unreachable!()
        };
        let now = crate::clock::now_ms();
        sqlx::query("INSERT INTO links (id, slug, url, created_at, updated_at) VALUES (1, 'a', 'https://example.com/', 0, 0)")
            .execute(pool)
            .await
            .unwrap();
        // Two and a half steps of new hits.
        sqlx::query(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) \
             INSERT INTO hits (link_id, at, method, device, kind, source, platform, evidence) \
             SELECT 1, $2, 'GET', 'desktop', 'click', 'dark', '', 'none' FROM n",
        )
        .bind(db.most_per_fold() * 5 / 2)
        .bind(now)
        .execute(pool)
        .await
        .unwrap();

        // Both wait behind this turn, the fold first.
        let turn = db.write_turn().await;
        let fold = tokio::spawn({
            let db = db.clone();
            async move {
                let mut took = Duration::ZERO;
                fold_paced(&db, &|| true, &mut took).await
            }
        });
        tokio::task::yield_now().await;
        let write = tokio::spawn({
            let db = db.clone();
            async move {
                let row = HitRow::dark_click(1, now);
                let batch = HitBatch {
                    rows: vec![row],
                    ..HitBatch::default()
                };
                db.insert_hit_batch("one", &batch).await
            }
        });
        tokio::task::yield_now().await;
        drop(turn);

        assert!(write.await.unwrap().unwrap());
        let (folded, _) = db.folded().await.unwrap();
        assert_eq!(
            folded.id,
            db.most_per_fold(),
            "the batch went in after the fold's first step, before its second"
        );
        fold.await.unwrap().unwrap();
        let (folded, _) = db.folded().await.unwrap();
        assert_eq!(folded.id, db.most_per_fold() * 5 / 2 + 1);
        db.close().await;
    }
}
