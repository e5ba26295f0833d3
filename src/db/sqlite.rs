//! SQLite specifics: opening the file in WAL mode, and the multi-row hit insert.

use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{QueryBuilder, Sqlite, SqlitePool};

use super::ACQUIRE_TIMEOUT;
use crate::hits::HitBatch;

pub(super) async fn connect(url: &str) -> sqlx::Result<SqlitePool> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // WAL with NORMAL is durable across application crashes; only a power cut can lose
        // the last transactions, which is the usual trade for an analytics log.
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(std::time::Duration::from_secs(5))
        .foreign_keys(true)
        // A 64 MB page cache keeps a batch of hits from spilling pages mid-transaction.
        .pragma("cache_size", "-65536")
        .pragma("temp_store", "memory");
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect_with(options)
        .await?;
    Ok(pool)
}

/// How a fold runs on SQLite: it takes the one write lock for its whole run, so no hit batch
/// is half written and ids up to `max(rowid)` are final. An id is reused only if the newest hit
/// was deleted (with its link) before the next fold.
pub(super) const FOLD: super::rollups::Dialect = super::rollups::Dialect {
    begin: "BEGIN IMMEDIATE",
    exclude_folds: None,
    last_final_id: &["SELECT COALESCE(MAX(id), 0) FROM hits"],
    last_final_id_apart: false,
    temp_table: "CREATE TEMP TABLE {}",
    // The one writer waits while a fold holds the database.
    most_per_fold: 50_000,
    count_new_hits: "INSERT INTO link_stats (link_id, hits, private_hits) \
        SELECT h.link_id, COUNT(*), 0 FROM hits h \
        WHERE h.id > $1 AND h.id <= $2 AND EXISTS (SELECT 1 FROM links l WHERE l.id = h.link_id) \
        GROUP BY h.link_id ORDER BY h.link_id \
        ON CONFLICT (link_id) DO UPDATE SET hits = link_stats.hits + excluded.hits",
};

/// Rows per INSERT statement: 17 columns × 500 rows stays well under SQLite's 32,766 bound
/// parameters, and one statement per 500 rows is what keeps the writer ahead of the requests.
const ROWS_PER_STATEMENT: usize = 500;

/// Inserts `hits` in one transaction, as multi-row INSERTs, and counts the private ones.
/// Records `batch` in the same transaction; false when that batch was stored before.
pub(super) async fn insert_hits(
    pool: &SqlitePool,
    hits: &HitBatch,
    batch: &str,
) -> sqlx::Result<bool> {
    let mut tx = pool.begin().await?;
    let marked =
        sqlx::query("INSERT INTO hit_batches (batch, at) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(batch)
            .bind(crate::clock::now_ms())
            .execute(&mut *tx)
            .await?;
    if marked.rows_affected() == 0 {
        return Ok(false); // stored before: a replay of a batch whose commit went unacknowledged
    }
    for chunk in hits.rows.chunks(ROWS_PER_STATEMENT) {
        let mut insert = QueryBuilder::<Sqlite>::new(super::hits::INSERT_COLUMNS);
        insert.push_values(chunk, |mut row, hit| {
            row.push_bind(hit.link_id)
                .push_bind(hit.at)
                .push_bind(hit.method)
                .push_bind(hit.referrer.as_deref())
                .push_bind(hit.referrer_host.as_deref())
                .push_bind(hit.user_agent.as_deref())
                .push_bind(hit.browser.as_deref())
                .push_bind(hit.os.as_deref())
                .push_bind(hit.device)
                .push_bind(hit.country.as_deref())
                .push_bind(hit.city.as_deref())
                .push_bind(hit.visitor)
                .push_bind(hit.kind)
                .push_bind(hit.source)
                .push_bind(hit.platform)
                .push_bind(hit.evidence);
        });
        insert.build().execute(&mut *tx).await?;
    }
    for chunk in hits.private_counts().chunks(ROWS_PER_STATEMENT) {
        let mut upsert =
            QueryBuilder::<Sqlite>::new("INSERT INTO link_stats (link_id, hits, private_hits) ");
        upsert.push_values(chunk, |mut row, (link_id, private)| {
            row.push_bind(*link_id)
                .push_bind(*private)
                .push_bind(*private);
        });
        upsert.push(
            " ON CONFLICT (link_id) DO UPDATE SET hits = link_stats.hits + excluded.hits, \
             private_hits = link_stats.private_hits + excluded.private_hits",
        );
        upsert.build().execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// SQLite gives a new row the id one more than the largest present, so deleting the newest
/// hits would hand ids already folded to the next ones, which no fold would ever count. Run in
/// the transaction that deleted hits (so none is written in between), it brings the fold mark
/// down to the largest id left: no hit between it and the old mark exists now.
pub(super) const FOLD_MARK_TO_LAST_ID: &str = "UPDATE rollup_state SET \
    rolled_id = MIN(rolled_id, (SELECT COALESCE(MAX(id), 0) FROM hits)), \
    refold_id = MIN(refold_id, (SELECT COALESCE(MAX(id), 0) FROM hits)) WHERE id = 1";

/// Deletes hits older than `cutoff_ms` in slices, so the writer never waits long for the lock.
pub(super) async fn purge_hits_before(pool: &SqlitePool, cutoff_ms: i64) -> sqlx::Result<u64> {
    let mut total = 0;
    loop {
        let mut tx = pool.begin().await?;
        let deleted = sqlx::query(
            "DELETE FROM hits WHERE id IN (SELECT id FROM hits WHERE at < $1 LIMIT 5000)",
        )
        .bind(cutoff_ms)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        // A quiet server may purge its newest hits too.
        sqlx::query(FOLD_MARK_TO_LAST_ID).execute(&mut *tx).await?;
        tx.commit().await?;
        total += deleted;
        if deleted == 0 {
            return Ok(total);
        }
        tokio::task::yield_now().await;
    }
}
