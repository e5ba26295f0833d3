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
                    // The time the fold's steps took, its rests left out.
                    let mut took = Duration::ZERO;
                    // A stop does not wait for a long fold (a first fold of a big history):
                    // its transaction is dropped, so rolled back, and the next start does it.
                    let folded = tokio::select! {
                        () = stop.cancelled() => break,
                        folded = fold_paced(&db, db.fold_rest(), &mut took) => folded,
                    };
                    if let Err(err) = folded {
                        tracing::warn!(error = %err, "folding hits into rollups failed; will retry");
                    }
                    wait = EVERY.max(took * (SHARE - 1));
                    tracing::debug!(took_ms = took.as_millis(), next_in_ms = wait.as_millis(), "folded");
                }
            }
        }
    })
}

/// Folds every hit written so far, in short transactions.
pub async fn fold_all(db: &Db) -> sqlx::Result<()> {
    let mut took = Duration::ZERO;
    fold_paced(db, 0, &mut took).await
}

/// Folds every hit written so far, resting `rest` times as long as each step took before the
/// next one, so that the writers get the database meanwhile (a fold behind the hits is caught
/// up later; hits behind the redirects wait in memory). Adds the steps' time to `took`.
async fn fold_paced(db: &Db, rest: u32, took: &mut Duration) -> sqlx::Result<()> {
    loop {
        let started = Instant::now();
        let more = db.fold_hits().await;
        let step = started.elapsed();
        *took += step;
        if !more? {
            return Ok(());
        }
        if rest == 0 {
            tokio::task::yield_now().await;
        } else {
            tokio::time::sleep(step * rest).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hits::{HitBatch, HitRow};

    /// On SQLite a fold in steps lets a batch of hits in after its first step, instead of
    /// keeping the one write lock until the last: the writer asked for its turn while the
    /// fold waited for its own, and is served before the fold's second step.
    #[tokio::test]
    async fn sqlite_writer_gets_its_turn_between_the_steps_of_a_fold() {
        let dir = std::env::temp_dir().join(format!("fold-{:016x}", rand::random::<u64>()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = Db::connect(&format!("sqlite://{}", dir.join("t.db").display()))
            .await
            .unwrap();
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
                fold_paced(&db, db.fold_rest(), &mut took).await
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
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
