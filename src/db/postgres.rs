//! PostgreSQL specifics: a warm pool, the hit insert (COPY), and how a fold runs beside the
//! writers.

use sqlx::postgres::PgPoolOptions;
use sqlx::{PgPool, Postgres, Transaction};

use super::{ACQUIRE_TIMEOUT, copy_text};
use crate::error::log_text;
use crate::hits::HitBatch;
use crate::hits::event::{EventRow, WriteOrder};

pub(super) async fn connect(url: &str) -> sqlx::Result<PgPool> {
    // A warm pool of 10 beat 50 connections on two cores (docs/performance.md, "The redirect
    // path").
    let pool = PgPoolOptions::new()
        .min_connections(4)
        .max_connections(10)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect(url)
        .await?;
    Ok(pool)
}

/// COPY is PostgreSQL's bulk path: no statement to parse or plan, rows streamed as text.
const COPY_HITS: &str = "COPY hits (link_id, at, method, referrer, referrer_host, user_agent, \
    browser, os, device, country, city, visitor, kind, source, platform, evidence, signals, \
    destination) FROM STDIN";

const BUMP_PRIVATE: &str = "INSERT INTO link_stats (link_id, hits, private_hits) \
    SELECT l, n, n FROM UNNEST($1::bigint[], $2::bigint[]) AS c(l, n) \
    ON CONFLICT (link_id) DO UPDATE SET hits = link_stats.hits + excluded.hits, \
    private_hits = link_stats.private_hits + excluded.private_hits";

/// Waits for a fold under way and keeps the next one out until the transaction ends: taken by
/// folds (one at a time, on any instance) and by transactions that delete links' data, so a
/// fold cannot write counts for a link deleted while it ran (they would outlive the link).
pub(super) const EXCLUDE_FOLDS: &str = "SELECT pg_advisory_xact_lock(5503801665820716646)";

/// [`EXCLUDE_FOLDS`] for a deletion: it waits for a fold under way at most 10 s (a fold step
/// under heavy load took 1–3 s here; a refold's day, or a first fold of
/// a long history, can take longer), then fails as the database being busy.
pub(super) const BEFORE_DELETING_LINK_DATA: [&str; 3] = [
    "SET LOCAL lock_timeout = '10s'",
    EXCLUDE_FOLDS,
    "SET LOCAL lock_timeout = DEFAULT",
];

/// A transaction no fold runs beside: it waits for a fold under way, and keeps the next out.
pub(super) async fn begin_excluding_folds(
    pool: &PgPool,
) -> sqlx::Result<Transaction<'static, Postgres>> {
    let mut tx = pool.begin().await?;
    sqlx::query(EXCLUDE_FOLDS).execute(&mut *tx).await?;
    Ok(tx)
}

/// The hit writers hold this lock shared (key "Lanterne" in ASCII, 0x4c616e7465726e65) while
/// they draw ids and write.
const WRITERS: &str = "SELECT pg_advisory_xact_lock(5503801665820716645)";

/// Begins a fold. Folds exclude each other with one advisory lock; the last final hit id is
/// read first, in a transaction of its own that takes the writers' lock alone: once every
/// writer that drew an id has committed, every id up to the last one is final. The fold's
/// long work then runs beside the writers. Its work tables go when it commits.
pub(super) async fn begin_fold(
    pool: &PgPool,
) -> sqlx::Result<(Transaction<'static, Postgres>, i64)> {
    let mut tx = pool.begin().await?;
    sqlx::query(WRITERS).execute(&mut *tx).await?;
    let last = sqlx::query_scalar(
        "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM hits_id_seq",
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    let mut tx = begin_excluding_folds(pool).await?;
    // A fold groups up to `MOST_PER_FOLD` hits at once: with the default 4 MB, PostgreSQL sorted
    // them on disk, and the fold's read of the new hits took twice as long (docs/performance.md,
    // "The fold"). One fold runs at a time, on one connection. It is background work, and takes one
    // core at most: with statistics, PostgreSQL planned its reads with parallel workers, which
    // would take every core from the redirects while they run.
    for setting in [
        "SET LOCAL work_mem = '64MB'",
        "SET LOCAL max_parallel_workers_per_gather = 0",
    ] {
        sqlx::query(setting).execute(&mut *tx).await?;
    }
    for table in super::fold::FOLD_TABLES {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "CREATE TEMP TABLE {table} ON COMMIT DROP"
        )))
        .execute(&mut *tx)
        .await?;
    }
    Ok((tx, last))
}

/// The writers never wait for a fold here, and a big fold is cheaper per hit: a busy link's
/// hour is updated once for all of its new hits. Enough for all the hits since the last fold at
/// the fastest rates measured here (~65,000 a second over a fold cycle of ~6 s: ~400,000): at
/// 200,000, that backlog took two transactions, each updating every busy link's rows, and
/// PostgreSQL spent a third more CPU per hit (docs/performance.md, "The fold"). Bounded still,
/// so that a first fold of a long history advances in steps of seconds, not one long
/// transaction.
pub(super) const MOST_PER_FOLD: i64 = 500_000;
/// The writers never wait for a fold.
pub(super) const REST_AFTER_FOLD_STEP: u32 = 0;

/// A fold's new hits (`$1 < id <= $2`) in one read: each link's total, and one row of
/// `hit_index` per link; with the clicks of the fold's delta added to the links' folded
/// clicks in the same upsert (as [`super::fold::ADD_FOLDED_CLICKS`] adds them), so that the
/// fold locks each row of `link_stats` once, in link order.
pub(super) const COUNT_NEW_HITS: [&str; 1] = [
    "WITH new AS (SELECT h.link_id, COUNT(*) AS n, MAX(h.id) AS last_id, \
    MIN(h.id) AS first_id, array_agg(h.id ORDER BY h.id DESC) AS ids FROM hits h \
    WHERE h.id > $1 AND h.id <= $2 \
    GROUP BY h.link_id HAVING EXISTS (SELECT 1 FROM links l WHERE l.id = h.link_id)), \
    indexed AS (INSERT INTO hit_index (link_id, last_id, first_id, ids) \
    SELECT link_id, last_id, first_id, ids FROM new), \
    clicks AS (SELECT link_id, SUM(hits) AS n FROM rollup_delta WHERE kind = 'click' GROUP BY link_id) \
    INSERT INTO link_stats (link_id, hits, private_hits, clicks) \
    SELECT COALESCE(new.link_id, clicks.link_id), COALESCE(new.n, 0), 0, COALESCE(clicks.n, 0) \
    FROM new FULL JOIN clicks ON clicks.link_id = new.link_id ORDER BY 1 \
    ON CONFLICT (link_id) DO UPDATE SET hits = link_stats.hits + excluded.hits, \
    clicks = link_stats.clicks + excluded.clicks",
];

/// The ids of a link's hits newest first, `$3` of them below `$2`: those not folded yet,
/// found by id among the newest hits, then those in `hit_index` (migrations/postgres/0009).
/// One statement, so both parts see the same fold.
pub(super) const HIT_IDS_OF_LINK: &str = "(SELECT id FROM hits \
    WHERE id > (SELECT rolled_id FROM rollup_state WHERE id = 1) \
    AND link_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3) \
    UNION ALL \
    (SELECT x.id FROM hit_index i CROSS JOIN LATERAL unnest(i.ids) AS x(id) \
    WHERE i.link_id = $1 AND i.first_id < $2 AND x.id < $2 ORDER BY i.last_id DESC, x.id DESC LIMIT $3) \
    ORDER BY id DESC LIMIT $3";

/// The ids of a link list's filter, a JSON array bound as `$9` ([`super::Db::list_links`]).
pub(super) const IDS_LISTED: &str =
    "SELECT CAST(value AS BIGINT) FROM jsonb_array_elements_text(CAST($9 AS JSONB))";

/// The `id` and `updated_at` of the links `$1` (ids).
pub(super) const LINKS_UPDATED_AT: &str = "SELECT id, updated_at FROM links WHERE id = ANY($1)";

/// The hits `$1` (ids) of link `$2`, newest first: naming the link tells a sharded hit log
/// where to look (docs/scaling.md).
pub(super) const HITS_BY_ID: &str = "SELECT id, at, method, kind, source, platform, evidence, \
    referrer, referrer_host, user_agent, browser, os, device, country, city, destination FROM hits \
    WHERE id = ANY($1) AND link_id = $2 ORDER BY id DESC";

/// Deletes the hits of the links `link_id {links}`, then their `hit_index` rows. The hits go
/// in one statement, so that a fold committing meanwhile cannot move some of them from "not
/// folded yet" into `hit_index` between two reads.
pub(super) const HITS_OF_LINKS_DELETES: [&str; 2] = [
    "DELETE FROM hits WHERE link_id {links} AND (id > (SELECT rolled_id FROM rollup_state WHERE id = 1) \
     OR id IN (SELECT unnest(ids) FROM hit_index WHERE link_id {links}))",
    "DELETE FROM hit_index WHERE link_id {links}",
];

/// Records a batch id ([`super::hits::mark_batch!`]), under the writers' shared lock, in one
/// round trip.
const MARK_BATCH: &str = "WITH fold AS (SELECT pg_advisory_xact_lock_shared(5503801665820716645)) \
    INSERT INTO hit_batches (batch, at) SELECT $1, $2 FROM fold ON CONFLICT DO NOTHING";

/// Inserts `hits` and counts the private ones in one transaction. Records
/// `batch` in the same transaction; false when that batch was stored before.
pub(super) async fn insert_hits(pool: &PgPool, hits: &HitBatch, batch: &str) -> sqlx::Result<bool> {
    let mut rows = Vec::with_capacity(hits.rows.len() * 160);
    for hit in &hits.rows {
        copy_text::row(&mut rows, hit);
    }
    let mut tx = pool.begin().await?;
    if !super::hits::mark_batch!(tx, MARK_BATCH, batch) {
        return Ok(false);
    }
    if !rows.is_empty() {
        let mut copy = tx.copy_in_raw(COPY_HITS).await?;
        copy.send(rows).await?;
        copy.finish().await?;
    }
    let private = hits.private_counts();
    if !private.is_empty() {
        sqlx::query(BUMP_PRIVATE)
            .bind(private.iter().map(|c| c.0).collect::<Vec<_>>())
            .bind(private.iter().map(|c| c.1).collect::<Vec<_>>())
            .execute(&mut *tx)
            .await?;
    }
    insert_events(&mut tx, hits).await?;
    super::webhooks::queue_hit_events!(tx, &hits.rows);
    tx.commit().await?;
    Ok(true)
}

/// The snippet's events with no parent view: nearly all of them, and generation 0 each.
const COPY_EVENTS: &str = "COPY site_events (site_id, at, event, page, utm, utm_source, \
    utm_medium, utm_campaign, referrer, referrer_host, internal, share_id, parent, channel, \
    user_agent, browser, os, device, country, city, visitor, kind, source, platform, evidence, \
    generation) FROM STDIN";

/// Views that arrived with a parent's id, as one statement of arrays whatever their number
/// (COPY cannot look up a parent's generation); the generation is the parent view's plus one
/// (one when the parent is unknown: not stored, or asked not to be tracked).
const INSERT_EVENTS: &str = "INSERT INTO site_events (site_id, at, event, page, utm, utm_source, \
    utm_medium, utm_campaign, referrer, referrer_host, internal, share_id, parent, channel, \
    user_agent, browser, os, device, country, city, visitor, kind, source, platform, evidence, \
    generation) \
    SELECT u.*, CASE WHEN u.parent IS NULL THEN 0 ELSE COALESCE((SELECT MAX(p.generation) \
    FROM site_events p WHERE p.site_id = u.site_id AND p.share_id = u.parent), 0) + 1 END \
    FROM UNNEST($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], \
    $7::text[], $8::text[], $9::text[], $10::text[], $11::boolean[], $12::text[], $13::text[], \
    $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[], $20::text[], \
    $21::bigint[], $22::text[], $23::text[], $24::text[], $25::text[]) AS u(site_id, at, event, \
    page, utm, utm_source, utm_medium, utm_campaign, referrer, referrer_host, internal, \
    share_id, parent, channel, user_agent, browser, os, device, country, city, visitor, kind, \
    source, platform, evidence)";

const BUMP_PRIVATE_VIEWS: &str = "INSERT INTO site_private_views (site_id, page, day, views) \
    SELECT * FROM UNNEST($1::bigint[], $2::text[], $3::bigint[], $4::bigint[]) \
    ON CONFLICT (site_id, page, day) DO UPDATE SET views = site_private_views.views + excluded.views";

async fn insert_events(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    batch: &HitBatch,
) -> sqlx::Result<()> {
    // The events without a parent by COPY (a third less of PostgreSQL's CPU per row than the
    // statement of arrays, docs/performance.md "The site snippet's events").
    let order = WriteOrder::of(&batch.events);
    if !order.roots.is_empty() {
        let mut rows = Vec::with_capacity(order.roots.len() * 200);
        for event in order.roots {
            copy_text::parentless_event(&mut rows, event);
        }
        let mut copy = tx.copy_in_raw(COPY_EVENTS).await?;
        copy.send(rows).await?;
        copy.finish().await?;
    }
    for events in order.layers {
        let column = |f: fn(&EventRow) -> Option<&str>| -> Vec<Option<&str>> {
            events.iter().map(|e| f(e)).collect()
        };
        sqlx::query(INSERT_EVENTS)
            .bind(events.iter().map(|e| e.site_id).collect::<Vec<_>>())
            .bind(events.iter().map(|e| e.hit.at).collect::<Vec<_>>())
            .bind(column(|e| Some(e.event)))
            .bind(column(|e| Some(e.page.as_str())))
            .bind(column(|e| e.utm.as_deref()))
            .bind(column(|e| e.utm_tags.source.as_deref()))
            .bind(column(|e| e.utm_tags.medium.as_deref()))
            .bind(column(|e| e.utm_tags.campaign.as_deref()))
            .bind(column(|e| e.hit.referrer.as_deref()))
            .bind(column(|e| e.hit.referrer_host.as_deref()))
            .bind(events.iter().map(|e| e.internal).collect::<Vec<_>>())
            .bind(column(|e| e.share_id.as_deref()))
            .bind(column(|e| e.parent.as_deref()))
            .bind(column(|e| e.channel.as_deref()))
            .bind(column(|e| e.hit.user_agent.as_deref()))
            .bind(column(|e| e.hit.browser.as_deref()))
            .bind(column(|e| e.hit.os.as_deref()))
            .bind(column(|e| Some(e.hit.device)))
            .bind(column(|e| e.hit.country.as_deref()))
            .bind(column(|e| e.hit.city.as_deref()))
            .bind(events.iter().map(|e| e.hit.visitor).collect::<Vec<_>>())
            .bind(column(|e| Some(e.hit.kind)))
            .bind(column(|e| e.hit.source))
            .bind(column(|e| Some(e.hit.platform)))
            .bind(column(|e| Some(e.hit.evidence)))
            .execute(&mut **tx)
            .await?;
    }
    // In key order, as `private_views` holds them: concurrent writers lock rows in one order.
    let private = &batch.private_views;
    if !private.is_empty() {
        sqlx::query(BUMP_PRIVATE_VIEWS)
            .bind(private.keys().map(|p| p.site_id).collect::<Vec<_>>())
            .bind(private.keys().map(|p| p.page.as_str()).collect::<Vec<_>>())
            .bind(private.keys().map(|p| p.day).collect::<Vec<_>>())
            .bind(private.values().copied().collect::<Vec<_>>())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The UTC month containing `ms`, as (year, month).
fn month_of(ms: i64) -> (i16, i8) {
    let date = jiff::Timestamp::from_millisecond(ms)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    (date.year(), date.month())
}

/// Unix ms of the first instant of a UTC month.
fn month_start(year: i16, month: i8) -> i64 {
    jiff::civil::date(year, month, 1)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map_or(0, |z| z.timestamp().as_millisecond())
}

fn next_month((year, month): (i16, i8)) -> (i16, i8) {
    if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    }
}

/// Creates the monthly hit partitions covering `from_ms..=to_ms` that do not exist yet.
pub(super) async fn ensure_hit_partitions(
    pool: &PgPool,
    from_ms: i64,
    to_ms: i64,
) -> sqlx::Result<()> {
    let last = month_of(to_ms);
    let mut month = month_of(from_ms);
    loop {
        let (start, end) = (month_start(month.0, month.1), {
            let n = next_month(month);
            month_start(n.0, n.1)
        });
        let sql = format!(
            "CREATE TABLE IF NOT EXISTS hits_{:04}{:02} PARTITION OF hits FOR VALUES FROM ({start}) TO ({end})",
            month.0, month.1
        );
        // Two instances may race to create the same month; the loser's error is harmless.
        if let Err(err) = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(pool).await {
            tracing::warn!(error = %log_text(&err), "creating the hit partition of {}-{:02}", month.0, month.1);
        }
        if month == last {
            return Ok(());
        }
        month = next_month(month);
    }
}

/// Drops the monthly partitions that end before `cutoff_ms`, then deletes the older rows
/// left in the partition that straddles it. Returns how many hits went, the dropped
/// partitions' included.
pub(super) async fn purge_hits_before(pool: &PgPool, cutoff_ms: i64) -> sqlx::Result<u64> {
    let mut purged = 0;
    let partitions: Vec<String> = sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid \
         WHERE i.inhparent = 'hits'::regclass",
    )
    .fetch_all(pool)
    .await?;
    for name in partitions {
        let Some((year, month)) = name
            .strip_prefix("hits_")
            .filter(|rest| rest.len() == 6)
            .and_then(|rest| Some((rest[..4].parse().ok()?, rest[4..].parse().ok()?)))
        else {
            continue;
        };
        let end = {
            let n = next_month((year, month));
            month_start(n.0, n.1)
        };
        if end <= cutoff_ms {
            // Counted under the drop's own lock, so that no late hit (a spool replayed) slips
            // in between the count and the drop.
            let mut tx = pool.begin().await?;
            let locked = sqlx::query(sqlx::AssertSqlSafe(format!(
                "LOCK TABLE {name} IN ACCESS EXCLUSIVE MODE"
            )))
            .execute(&mut *tx)
            .await;
            match locked {
                // Another instance dropped it since the list was read.
                Err(err)
                    if err.as_database_error().and_then(|e| e.code()).as_deref()
                        == Some("42P01") =>
                {
                    continue;
                }
                other => other?,
            };
            let rows: i64 =
                sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {name}")))
                    .fetch_one(&mut *tx)
                    .await?;
            sqlx::query(sqlx::AssertSqlSafe(format!("DROP TABLE {name}")))
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            purged += rows as u64;
            tracing::info!(
                partition = name,
                hits = rows,
                "dropped a hit partition past retention"
            );
        }
    }
    let deleted = sqlx::query("DELETE FROM hits WHERE at < $1")
        .bind(cutoff_ms)
        .execute(pool)
        .await?;
    sqlx::query(super::hits::PRUNE_HIT_INDEX)
        .execute(pool)
        .await?;
    Ok(purged + deleted.rows_affected())
}

/// Claims due deliveries other than clicks ([`super::Db::claim_deliveries`]); instances skip
/// each other's.
pub(super) const CLAIM_DELIVERIES: &str = "UPDATE webhook_deliveries SET next_at = $2 \
    WHERE id IN (SELECT id FROM webhook_deliveries WHERE state = 'pending' AND next_at <= $1 \
    AND event <> 'click' ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED) \
    RETURNING id, webhook_id, event_id, event, data, created_at, attempts";

/// Links that reached their date within the last day (`$1` now, `$2` a day ago) or their
/// click limit, and are not announced yet ([`super::Db::queue_expiries`]).
pub(super) const EXPIRED_LINKS: &str = "SELECT l.id, l.domain, l.slug, l.url, \
    CASE WHEN CAST(l.options::jsonb ->> 'expires_at' AS BIGINT) <= $1 THEN 'date' ELSE 'click_limit' END FROM links l \
    LEFT JOIN link_clicks c ON c.link_id = l.id WHERE l.options IS NOT NULL \
    AND l.id NOT IN (SELECT link_id FROM link_expiries) \
    AND ((CAST(l.options::jsonb ->> 'expires_at' AS BIGINT) <= $1 AND CAST(l.options::jsonb ->> 'expires_at' AS BIGINT) > $2) OR c.used >= CAST(l.options::jsonb ->> 'max_clicks' AS BIGINT)) LIMIT 1000";
