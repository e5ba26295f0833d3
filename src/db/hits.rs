//! Hit storage: the batch insert (dispatched to the backend's own bulk form), a link's hits
//! newest first.

use super::{Db, with_pool};
use crate::hits::{HitBatch, HitOrigin, HitRow};

pub(super) const INSERT_COLUMNS: &str = "INSERT INTO hits (link_id, at, method, referrer, \
    referrer_host, user_agent, browser, os, device, country, city, visitor, kind, source, \
    platform, evidence, signals, destination) ";

/// After a purge: drops the rows of `hit_index` whose hits are all gone. A row partly purged
/// still names the hits that are gone; a page of the hit log skips them
/// ([`Db::hits_of_link`]).
pub(super) const PRUNE_HIT_INDEX: &str = "DELETE FROM hit_index \
    WHERE last_id < COALESCE((SELECT MIN(id) FROM hits), 9223372036854775807)";

/// Records batch `$batch` in its transaction `$tx` with `$mark`, the backend's insert into
/// `hit_batches`: false when the batch was stored before (a replay of a batch whose commit
/// went unacknowledged), and none of it is to be written again.
macro_rules! mark_batch {
    ($tx:expr, $mark:expr, $batch:expr) => {
        sqlx::query($mark)
            .bind($batch)
            .bind($crate::clock::now_ms())
            .execute(&mut *$tx)
            .await?
            .rows_affected()
            > 0
    };
}
pub(super) use mark_batch;

/// One stored hit as the API shows it.
#[derive(Debug, sqlx::FromRow)]
pub struct StoredHit {
    pub id: i64,
    pub at: i64,
    pub method: String,
    pub kind: String,
    pub source: Option<String>,
    pub platform: String,
    pub evidence: String,
    #[sqlx(flatten)]
    pub origin: HitOrigin,
    pub destination: Option<i16>,
}

impl Db {
    /// Writes a batch of hits and their per-link counters in one transaction.
    pub async fn insert_hits(&self, hits: &[HitRow]) -> sqlx::Result<()> {
        let id = format!("{:016x}", rand::random::<u64>());
        let batch = HitBatch {
            rows: hits.to_vec(),
            ..HitBatch::default()
        };
        self.insert_hit_batch(&id, &batch).await.map(|_| ())
    }

    /// Writes a batch exactly once under its id: false when `id` was stored before.
    pub async fn insert_hit_batch(&self, id: &str, batch: &HitBatch) -> sqlx::Result<bool> {
        if batch.is_empty() {
            return Ok(true);
        }
        let mut turn = self.write_turn_or_busy().await?;
        match (self, turn.as_deref_mut()) {
            (Db::Sqlite(pool, local), Some(tally)) => {
                // Hits written into a deleted file would vanish with the process: they wait
                // in the spool instead, for the file to be restored.
                local.file_still_there()?;
                super::sqlite::insert_hits(pool, batch, id, tally).await
            }
            (Db::Postgres(pool), _) => super::postgres::insert_hits(pool, batch, id).await,
            (Db::Sqlite(..), None) => unreachable!("SQLite always has a write turn"),
        }
    }

    /// How long after one batch of hits began the next may begin: the hits that arrive
    /// meanwhile are gathered into it ([`super::sqlite::BATCH_WINDOW`]; none on PostgreSQL).
    pub fn batch_window(&self) -> std::time::Duration {
        match self {
            Db::Sqlite(..) => super::sqlite::BATCH_WINDOW,
            Db::Postgres(_) => std::time::Duration::ZERO,
        }
    }

    /// Forgets batch ids recorded before `cutoff_ms`.
    pub async fn prune_hit_batches(&self, cutoff_ms: i64) -> sqlx::Result<()> {
        with_pool!(self, pool => {
            sqlx::query("DELETE FROM hit_batches WHERE at < $1").bind(cutoff_ms).execute(pool).await?;
        });
        Ok(())
    }

    /// A link's hits, newest first, `limit` of them with ids below `before` (keyset pages).
    ///
    /// The ids come first, then the hits: a purge can leave ids in `hit_index` whose hits
    /// are gone, and a page then asks for more ids below the last one, so that it is only
    /// short when the link has no more hits.
    pub async fn hits_of_link(
        &self,
        link_id: i64,
        before: Option<i64>,
        limit: i64,
    ) -> sqlx::Result<Vec<StoredHit>> {
        let mut hits: Vec<StoredHit> = Vec::new();
        let mut before = before.unwrap_or(i64::MAX);
        loop {
            let wanted = limit - hits.len() as i64;
            let ids = self.hit_ids_of_link(link_id, Some(before), wanted).await?;
            let Some(&last) = ids.last() else { break };
            hits.extend(self.hits_by_ids(link_id, &ids).await?);
            if (ids.len() as i64) < wanted || hits.len() as i64 >= limit {
                break;
            }
            before = last;
        }
        Ok(hits)
    }

    /// The ids of a link's hits, newest first, `limit` of them below `before`; a purge may
    /// have taken some of their hits already.
    pub async fn hit_ids_of_link(
        &self,
        link_id: i64,
        before: Option<i64>,
        limit: i64,
    ) -> sqlx::Result<Vec<i64>> {
        let sql = match self {
            Db::Sqlite(..) => super::sqlite::HIT_IDS_OF_LINK,
            Db::Postgres(_) => super::postgres::HIT_IDS_OF_LINK,
        };
        with_pool!(self, pool => {
            sqlx::query_scalar(sql)
                .bind(link_id)
                .bind(before.unwrap_or(i64::MAX))
                .bind(limit)
                .fetch_all(pool)
                .await
        })
    }

    /// The hits `ids` of a link that are still stored, newest first.
    pub async fn hits_by_ids(&self, link_id: i64, ids: &[i64]) -> sqlx::Result<Vec<StoredHit>> {
        match self {
            Db::Sqlite(pool, _) => {
                let list = serde_json::to_string(ids).expect("integers serialize");
                sqlx::query_as(super::sqlite::HITS_BY_ID)
                    .bind(list)
                    .bind(link_id)
                    .fetch_all(pool)
                    .await
            }
            Db::Postgres(pool) => {
                sqlx::query_as(super::postgres::HITS_BY_ID)
                    .bind(ids)
                    .bind(link_id)
                    .fetch_all(pool)
                    .await
            }
        }
    }
}

impl Db {
    /// Makes sure hits stamped between `from_ms` and `to_ms` land in their own monthly
    /// partition (PostgreSQL); nothing to do on SQLite.
    pub async fn prepare_hit_partitions(&self, from_ms: i64, to_ms: i64) -> sqlx::Result<()> {
        match self {
            Db::Sqlite(..) => Ok(()),
            Db::Postgres(pool) => {
                super::postgres::ensure_hit_partitions(pool, from_ms, to_ms).await
            }
        }
    }

    /// Deletes raw hits older than `cutoff_ms` (whole partitions first on PostgreSQL) and
    /// returns how many rows went. Per-link counters and rollups keep their totals.
    pub async fn purge_hits_before(&self, cutoff_ms: i64) -> sqlx::Result<u64> {
        // Recorded first: a refold of the rollups must not start on a day being purged.
        with_pool!(self, pool => {
            sqlx::query(
                "UPDATE rollup_state SET purged_before = \
                 CASE WHEN purged_before < $1 THEN $1 ELSE purged_before END WHERE id = 1",
            )
            .bind(cutoff_ms)
            .execute(pool)
            .await?;
        });
        match self {
            Db::Sqlite(pool, _) => super::sqlite::purge_hits_before(pool, cutoff_ms).await,
            Db::Postgres(pool) => super::postgres::purge_hits_before(pool, cutoff_ms).await,
        }
    }
}

impl Db {
    /// After a bulk load (`lanterne demo`): fresh planner statistics, and on PostgreSQL the
    /// time and id indexes of the hit log summarised over every page.
    pub async fn tidy_after_bulk_load(&self) -> sqlx::Result<()> {
        let sql = match self {
            Db::Sqlite(..) => "ANALYZE",
            Db::Postgres(_) => "VACUUM (ANALYZE) hits, rollups, seen_visitors",
        };
        with_pool!(self, pool => {
            sqlx::query(sql).execute(pool).await?;
        });
        Ok(())
    }
}

/// What the classifier needs of a stored hit.
#[derive(Debug, sqlx::FromRow)]
pub struct ClassInput {
    pub id: i64,
    pub method: String,
    pub referrer: Option<String>,
    pub user_agent: Option<String>,
    pub kind: String,
    pub source: Option<String>,
    pub platform: String,
    pub evidence: String,
    /// The request signals stored with the hit (`Signals::bits`).
    pub signals: i32,
}

impl Db {
    /// Hits with ids above `after`, oldest first, `limit` of them (for re-classification).
    pub async fn hits_for_classification(
        &self,
        after: i64,
        limit: i64,
    ) -> sqlx::Result<Vec<ClassInput>> {
        with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, method, referrer, user_agent, kind, source, platform, evidence, \
                 CAST(signals AS INTEGER) AS signals FROM hits \
                 WHERE id > $1 ORDER BY id LIMIT $2",
            )
            .bind(after)
            .bind(limit)
            .fetch_all(pool)
            .await
        })
    }

    /// Stores new classes, `(id, kind, source, platform, evidence)`, in one transaction.
    pub async fn update_classes(
        &self,
        changes: &[(i64, &str, Option<&str>, &str, &str)],
    ) -> sqlx::Result<()> {
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for (id, kind, source, platform, evidence) in changes {
                sqlx::query("UPDATE hits SET kind = $2, source = $3, platform = $4, evidence = $5 WHERE id = $1")
                    .bind(id)
                    .bind(kind)
                    .bind(source)
                    .bind(platform)
                    .bind(evidence)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await
        })
    }

    pub async fn count_hits(&self) -> sqlx::Result<i64> {
        with_pool!(self, pool => sqlx::query_scalar("SELECT COUNT(*) FROM hits").fetch_one(pool).await)
    }
}
