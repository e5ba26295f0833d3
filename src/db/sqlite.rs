//! SQLite specifics: opening the file in WAL mode, the multi-row hit insert, and how a fold
//! runs.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{QueryBuilder, Sqlite, SqlitePool, Transaction};

use super::ACQUIRE_TIMEOUT;
use super::sqlite_guard as guard;
use super::tally::Tally;
use crate::hits::HitBatch;
use crate::hits::event::WriteOrder;

/// How long a write waits for SQLite's write lock before it fails.
pub(super) const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Opens the pool, and notes which file it opened; `create`: makes the file when it is not
/// there.
pub(super) async fn connect(url: &str, create: bool) -> sqlx::Result<(SqlitePool, guard::Local)> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(create)
        .journal_mode(SqliteJournalMode::Wal)
        // WAL with NORMAL is durable across application crashes; only a power cut can lose
        // the last transactions, which is the usual trade for an analytics log.
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(BUSY_TIMEOUT)
        .foreign_keys(true)
        // A 64 MB page cache keeps a batch of hits from spilling pages mid-transaction.
        .pragma("cache_size", "-65536")
        .pragma("temp_store", "memory");
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .after_connect(|conn, _| Box::pin(guard::can_write(conn)))
        .after_release(|conn, _| Box::pin(guard::still_usable(conn)))
        .connect_with(options.clone())
        .await?;
    Ok((pool, guard::Local::new(options.get_filename())))
}

/// The absolute path of the file `url` names, when it does not exist (`None` for an
/// in-memory database, or a URL that does not parse: opening it says why).
pub(super) fn missing_file(url: &str) -> Option<std::path::PathBuf> {
    let options = SqliteConnectOptions::from_str(url).ok()?;
    let file = options.get_filename();
    let in_memory = url.contains(":memory:") || url.contains("mode=memory");
    if in_memory || file.as_os_str().is_empty() || file.exists() {
        return None;
    }
    Some(std::path::absolute(file).unwrap_or_else(|_| file.to_owned()))
}

/// A transaction no fold runs beside: SQLite's one write lock, taken at once.
pub(super) async fn begin_excluding_folds(
    pool: &SqlitePool,
) -> sqlx::Result<Transaction<'static, Sqlite>> {
    pool.begin_with("BEGIN IMMEDIATE").await
}

/// Begins a fold: it takes the one write lock for its whole run, so no hit batch is half
/// written and ids up to `max(rowid)` are final (the last one is returned). An id is handed
/// out again only after the newest hits were deleted (with their link, or by retention); see
/// [`AFTER_DELETING_HITS`]. The fold's work tables are created in the transaction and
/// dropped by [`END_FOLD`].
pub(super) async fn begin_fold(
    pool: &SqlitePool,
) -> sqlx::Result<(Transaction<'static, Sqlite>, i64)> {
    let mut tx = begin_excluding_folds(pool).await?;
    let last = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM hits")
        .fetch_one(&mut *tx)
        .await?;
    for table in super::fold::FOLD_TABLES {
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE TEMP TABLE {table}")))
            .execute(&mut *tx)
            .await?;
    }
    Ok((tx, last))
}

/// Drops the fold's work tables before it commits.
pub(super) const END_FOLD: [&str; 4] = [
    "DROP TABLE temp.rollup_delta",
    "DROP TABLE temp.rollup_new_visitors",
    "DROP TABLE temp.rollup_slots",
    "DROP TABLE temp.rollup_gone",
];

/// The hit writer waits while a fold holds the database: a step takes a quarter to half a
/// second with 10,000 busy links, and the fold then gives the writer twice that (within a
/// fold, at most a third of the write lock is the fold's). Under a flood the fold falls behind
/// rather than the writer, and catches up after it (docs/performance.md, "The fold on SQLite:
/// turns and rests"; steps of 200,000 hits lowered the throughput: "A fold's step, bigger
/// steps, the workers' slice and SQLite's checkpoints"). A step that has the writer's tally
/// (tally.rs) takes every hit it covers: its rollups cost per busy link, and what it still
/// does per hit (counting them, listing their ids) is small ("The fold reads the tally").
pub(super) const MOST_PER_FOLD: i64 = 50_000;
pub(super) const REST_AFTER_FOLD_STEP: u32 = 2;

/// A fold's new hits (`$1 < id <= $2`) into `hit_index`, then into their links' totals
/// ([`ADD_NEW_HITS_TO_TOTALS`]).
pub(super) const COUNT_NEW_HITS: [&str; 2] = [
    "INSERT INTO hit_index (link_id, last_id, first_id, n, ids) \
     SELECT h.link_id, MAX(h.id), MIN(h.id), COUNT(*), json_group_array(h.id) FROM hits h \
     WHERE h.id > $1 AND h.id <= $2 \
     GROUP BY h.link_id HAVING EXISTS (SELECT 1 FROM links l WHERE l.id = h.link_id)",
    ADD_NEW_HITS_TO_TOTALS,
];

/// Adds a fold's new hits (`$1 < id <= $2`) to their links' totals from the rows of
/// `hit_index` just written (every older row ends at or below `$1`), not from a second read
/// of the hits.
pub(super) const ADD_NEW_HITS_TO_TOTALS: &str = "INSERT INTO link_stats (link_id, hits, private_hits) \
     SELECT link_id, n, 0 FROM hit_index WHERE last_id > $1 AND last_id <= $2 ORDER BY link_id \
     ON CONFLICT (link_id) DO UPDATE SET hits = link_stats.hits + excluded.hits";

/// Under a flood, SQLite's batches of hits begin at most this often, each gathering what
/// arrived since the last began: about 440 hits a batch in a bench where they came at about
/// 37,000 a second, against about 107 as they came. Each batch is about ten statements (its
/// transaction, its mark, a statement per power of two of its rows, the tally's and the
/// webhooks' reads, the commit), each a wake-up of SQLite's thread beside the redirects:
/// fewer batches took 8–19 % off Lanterne's CPU per request in three rounds and lowered its
/// p99 (docs/performance.md, "SQLite's batches"). A hit after a quiet spell is written at
/// once. PostgreSQL keeps no window: its writer pacing its batches 5 to 20 ms apart cost a
/// few percent of its throughput (docs/performance.md, "`TCP_NODELAY` back").
pub(super) const BATCH_WINDOW: std::time::Duration = std::time::Duration::from_millis(10);

/// Rows per INSERT statement: 18 columns × 500 rows stays well under SQLite's 32,766 bound
/// parameters, and one statement per 500 rows is what keeps the writer ahead of the requests.
const ROWS_PER_STATEMENT: usize = 500;

/// `rows` in statements of `most` rows, and what is left in powers of two. sqlx keeps a
/// prepared statement per SQL text, and a multi-row INSERT's text is its number of rows: with
/// the rest of each batch in one statement, nearly every batch had a size of its own, parsed
/// and prepared anew (`sqlite3Prepare` was a twentieth of the events' CPU in `perf`).
fn prepared_sizes<T>(rows: &[T], most: usize) -> impl Iterator<Item = &[T]> {
    let mut rest = rows;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let size = if rest.len() >= most {
            most
        } else {
            1 << rest.len().ilog2()
        };
        let (chunk, tail) = rest.split_at(size);
        rest = tail;
        Some(chunk)
    })
}

/// Records a batch id ([`super::hits::mark_batch!`]).
const MARK_BATCH: &str =
    "INSERT INTO hit_batches (batch, at) VALUES ($1, $2) ON CONFLICT DO NOTHING";

/// Inserts `hits` in one transaction, as multi-row INSERTs, and counts the private ones.
/// Records `batch` in the same transaction; false when that batch was stored before. Once
/// committed, the hits are added to `tally`.
pub(super) async fn insert_hits(
    pool: &SqlitePool,
    hits: &HitBatch,
    batch: &str,
    tally: &mut Tally,
) -> sqlx::Result<bool> {
    let mut tx = pool.begin().await?;
    if !super::hits::mark_batch!(tx, MARK_BATCH, batch) {
        return Ok(false);
    }
    let mut last_id = 0;
    let mut terms = Terms::default();
    for chunk in prepared_sizes(&hits.rows, ROWS_PER_STATEMENT) {
        let mut insert = QueryBuilder::<Sqlite>::new(super::hits::INSERT_COLUMNS);
        insert.push_values(chunk, |mut row, hit| {
            row.push_bind(hit.link_id)
                .push_bind(hit.at)
                .push_bind(terms.of(hit.method))
                .push_bind(hit.referrer.as_deref())
                .push_bind(hit.referrer_host.as_deref())
                .push_bind(hit.user_agent.clone())
                .push_bind(hit.browser.clone())
                .push_bind(hit.os.clone())
                .push_bind(terms.of(hit.device))
                .push_bind(hit.country.as_deref())
                .push_bind(hit.city.as_deref())
                .push_bind(hit.visitor)
                .push_bind(terms.of(hit.kind))
                .push_bind(hit.source.map(|source| terms.of(source)))
                .push_bind(terms.of(hit.platform))
                .push_bind(terms.of(hit.evidence))
                .push_bind(hit.signals.bits())
                .push_bind(hit.destination);
        });
        last_id = insert.build().execute(&mut *tx).await?.last_insert_rowid();
    }
    // Only a tally of hits needs it: a batch of events alone has none.
    let deletions: i64 = if hits.rows.is_empty() {
        0
    } else {
        sqlx::query_scalar(HITS_DELETED).fetch_one(&mut *tx).await?
    };
    for chunk in prepared_sizes(&hits.private_counts(), ROWS_PER_STATEMENT) {
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
    insert_events(&mut tx, hits, &mut terms).await?;
    super::webhooks::queue_hit_events!(tx, &hits.rows);
    tx.commit().await?;
    tally.add(last_id, deletions, &hits.rows);
    Ok(true)
}

/// The texts that come back row after row in a batch (a hit's method, device and class, an
/// event's name), each shared by the batch's rows. sqlx-sqlite copies a bound `&str` into an
/// `Arc<String>` of its own, two allocations a value; an `Arc<str>` is bound by raising its
/// count. Copying them was about 0.4 ms of the redirects' p99 under load (docs/performance.md,
/// "A batch's repeated texts bound once").
#[derive(Default)]
struct Terms(HashMap<&'static str, Arc<str>>);

impl Terms {
    fn of(&mut self, term: &'static str) -> Arc<str> {
        self.0
            .entry(term)
            .or_insert_with(|| Arc::from(term))
            .clone()
    }
}

/// Events per INSERT: at most 27 bound values a row, under SQLite's 32,766.
const EVENTS_PER_STATEMENT: usize = 500;

/// The snippet's events of a batch, and its private views counted per page and day.
async fn insert_events(
    tx: &mut sqlx::Transaction<'_, Sqlite>,
    batch: &HitBatch,
    terms: &mut Terms,
) -> sqlx::Result<()> {
    let order = WriteOrder::of(&batch.events);
    let chunks = prepared_sizes(&order.roots, EVENTS_PER_STATEMENT).chain(
        order
            .layers
            .iter()
            .flat_map(|l| prepared_sizes(l, EVENTS_PER_STATEMENT)),
    );
    for chunk in chunks {
        let mut insert = QueryBuilder::<Sqlite>::new(super::site_events::INSERT_COLUMNS);
        insert.push_values(chunk, |mut row, e| {
            row.push_bind(e.site_id)
                .push_bind(e.hit.at)
                .push_bind(terms.of(e.event))
                .push_bind(e.page.as_str())
                .push_bind(e.utm.as_deref())
                .push_bind(e.utm_tags.source.as_deref())
                .push_bind(e.utm_tags.medium.as_deref())
                .push_bind(e.utm_tags.campaign.as_deref())
                .push_bind(e.hit.referrer.as_deref())
                .push_bind(e.hit.referrer_host.as_deref())
                .push_bind(e.internal)
                .push_bind(e.share_id.as_deref())
                .push_bind(e.parent.as_deref())
                .push_bind(e.channel.as_deref())
                .push_bind(e.hit.user_agent.clone())
                .push_bind(e.hit.browser.clone())
                .push_bind(e.hit.os.clone())
                .push_bind(terms.of(e.hit.device))
                .push_bind(e.hit.country.as_deref())
                .push_bind(e.hit.city.as_deref())
                .push_bind(e.hit.visitor)
                .push_bind(terms.of(e.hit.kind))
                .push_bind(e.hit.source.map(|source| terms.of(source)))
                .push_bind(terms.of(e.hit.platform))
                .push_bind(terms.of(e.hit.evidence));
            let Some(parent) = e.parent.as_deref() else {
                row.push("0");
                return;
            };
            // The parent view's plus one (one when the parent is unknown: not stored, or
            // asked not to be tracked).
            row.push("COALESCE((SELECT MAX(p.generation) FROM site_events p WHERE p.site_id = ")
                .push_bind_unseparated(e.site_id)
                .push_unseparated(" AND p.share_id = ")
                .push_bind_unseparated(parent)
                .push_unseparated("), 0) + 1");
        });
        insert.build().execute(&mut **tx).await?;
    }
    let private: Vec<_> = batch.private_views.iter().collect();
    for chunk in prepared_sizes(&private, EVENTS_PER_STATEMENT) {
        let mut upsert = QueryBuilder::<Sqlite>::new(
            "INSERT INTO site_private_views (site_id, page, day, views) ",
        );
        upsert.push_values(chunk, |mut row, (page, views)| {
            row.push_bind(page.site_id)
                .push_bind(page.page.as_str())
                .push_bind(page.day)
                .push_bind(**views);
        });
        upsert.push(
            " ON CONFLICT (site_id, page, day) DO UPDATE SET \
             views = site_private_views.views + excluded.views",
        );
        upsert.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// The ids of a link's hits newest first, `$3` of them below `$2`: those not folded yet,
/// found by id among the newest hits, then those in `hit_index` (migrations/sqlite/0009).
/// Only the newest rows of `hit_index` that hold the `$3` ids wanted are unpacked: the row the
/// cursor falls in (counted as none, as some of its ids are not below the cursor), then
/// rows until `n`, their ids, adds up to `$3`.
pub(super) const HIT_IDS_OF_LINK: &str = "SELECT id FROM (\
    SELECT id FROM (SELECT id FROM hits WHERE id > (SELECT rolled_id FROM rollup_state WHERE id = 1) \
    AND link_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3) \
    UNION ALL \
    SELECT x.value FROM (SELECT ids, SUM(CASE WHEN last_id < $2 THEN n ELSE 0 END) \
    OVER (ORDER BY last_id DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS above \
    FROM (SELECT ids, n, last_id FROM hit_index WHERE link_id = $1 AND first_id < $2 \
    ORDER BY last_id DESC LIMIT $3)) i, json_each(i.ids) x \
    WHERE COALESCE(i.above, 0) < $3 AND x.value < $2) ORDER BY id DESC LIMIT $3";

/// The ids of a link list's filter, a JSON array bound as `$9` ([`super::Db::list_links`]).
pub(super) const IDS_LISTED: &str = "SELECT value FROM json_each($9)";

/// The `id` and `updated_at` of the links `$1` (ids as a JSON array).
pub(super) const LINKS_UPDATED_AT: &str =
    "SELECT id, updated_at FROM links WHERE id IN (SELECT value FROM json_each($1))";

/// The hits `$1` (ids as a JSON array) of link `$2`, newest first.
pub(super) const HITS_BY_ID: &str = "SELECT id, at, method, kind, source, platform, evidence, \
    referrer, referrer_host, user_agent, browser, os, device, country, city, destination FROM hits \
    WHERE id IN (SELECT value FROM json_each($1)) AND link_id = $2 ORDER BY id DESC";

/// Deletes the hits of the links `link_id {links}`, then their `hit_index` rows (a link
/// deletion holds the write lock throughout: no fold runs in between).
pub(super) const HITS_OF_LINKS_DELETES: [&str; 2] = [
    "DELETE FROM hits WHERE link_id {links} AND (id > (SELECT rolled_id FROM rollup_state WHERE id = 1) \
     OR id IN (SELECT x.value FROM hit_index i, json_each(i.ids) x WHERE i.link_id {links}))",
    "DELETE FROM hit_index WHERE link_id {links}",
];

/// Run, in this order, in every transaction that deleted hits (so that none is written in
/// between). SQLite gives a new row the id one more than the largest present, so once the
/// newest hits are deleted their ids will be handed out again: `hit_index` forgets them (a
/// row keeps its ids that are still stored, and goes when none is), and the fold mark comes
/// down to the largest id left ([`FOLD_MARK_TO_LAST_ID`]), so the fold lists the new hits
/// that get them; the writer's tally learns that hits were deleted (migrations/sqlite/0022).
pub(super) const AFTER_DELETING_HITS: [&str; 4] = [
    "DELETE FROM hit_index WHERE last_id > (SELECT COALESCE(MAX(id), 0) FROM hits) \
     AND first_id > (SELECT COALESCE(MAX(id), 0) FROM hits)",
    "UPDATE hit_index SET \
     ids = (SELECT json_group_array(value) FROM json_each(hit_index.ids) WHERE value <= m.id), \
     n = (SELECT COUNT(*) FROM json_each(hit_index.ids) WHERE value <= m.id), \
     last_id = (SELECT MAX(value) FROM json_each(hit_index.ids) WHERE value <= m.id) \
     FROM (SELECT COALESCE(MAX(id), 0) AS id FROM hits) m WHERE hit_index.last_id > m.id",
    FOLD_MARK_TO_LAST_ID,
    HITS_DELETED_ONCE_MORE,
];

const HITS_DELETED_ONCE_MORE: &str =
    "UPDATE rollup_state SET hits_deleted = hits_deleted + 1 WHERE id = 1";

/// How many transactions have deleted hits ([`HITS_DELETED_ONCE_MORE`]).
pub(super) const HITS_DELETED: &str = "SELECT hits_deleted FROM rollup_state WHERE id = 1";

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
        for statement in AFTER_DELETING_HITS {
            sqlx::query(statement).execute(&mut *tx).await?;
        }
        if deleted == 0 {
            sqlx::query(super::hits::PRUNE_HIT_INDEX)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        total += deleted;
        if deleted == 0 {
            return Ok(total);
        }
        tokio::task::yield_now().await;
    }
}

/// Claims due deliveries other than clicks ([`super::Db::claim_deliveries`]).
pub(super) const CLAIM_DELIVERIES: &str = "UPDATE webhook_deliveries SET next_at = $2 \
    WHERE id IN (SELECT id FROM webhook_deliveries WHERE state = 'pending' AND next_at <= $1 \
    AND event <> 'click' ORDER BY id LIMIT $3) \
    RETURNING id, webhook_id, event_id, event, data, created_at, attempts";

/// Links that reached their date within the last day (`$1` now, `$2` a day ago) or their
/// click limit, and are not announced yet ([`super::Db::queue_expiries`]).
pub(super) const EXPIRED_LINKS: &str = "SELECT l.id, l.domain, l.slug, l.url, \
    CASE WHEN json_extract(l.options, '$.expires_at') <= $1 THEN 'date' ELSE 'click_limit' END FROM links l \
    LEFT JOIN link_clicks c ON c.link_id = l.id WHERE l.options IS NOT NULL \
    AND l.id NOT IN (SELECT link_id FROM link_expiries) \
    AND ((json_extract(l.options, '$.expires_at') <= $1 AND json_extract(l.options, '$.expires_at') > $2) OR c.used >= json_extract(l.options, '$.max_clicks')) LIMIT 1000";

#[cfg(test)]
mod tests {
    use super::prepared_sizes;

    #[test]
    fn a_batch_is_cut_into_few_distinct_sizes() {
        let sizes = |n: usize| -> Vec<usize> {
            let rows = vec![0u8; n];
            prepared_sizes(&rows, 500).map(<[u8]>::len).collect()
        };
        assert_eq!(sizes(0), Vec::<usize>::new());
        assert_eq!(sizes(1), [1]);
        assert_eq!(sizes(500), [500]);
        assert_eq!(sizes(1_337), [500, 500, 256, 64, 16, 1]);
        assert_eq!(sizes(2_000), [500; 4]);
        for n in 0..3_000 {
            let cut = sizes(n);
            assert_eq!(cut.iter().sum::<usize>(), n);
            assert!(cut.iter().all(|&s| s == 500 || s.is_power_of_two()));
        }
    }
}
