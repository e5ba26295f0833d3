//! PostgreSQL specifics: a warm pool, and the hit insert as one `UNNEST` statement per batch.

use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

use super::ACQUIRE_TIMEOUT;
use crate::hits::HitRow;

pub(super) async fn connect(url: &str) -> anyhow::Result<PgPool> {
    // A warm pool of 10 beat 50 connections on two cores (docs/performance.md).
    let pool = PgPoolOptions::new()
        .min_connections(4)
        .max_connections(10)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect(url)
        .await?;
    Ok(pool)
}

/// Arrays keep one prepared statement for any batch size and match COPY in throughput.
const INSERT_HITS: &str = "INSERT INTO hits (link_id, at, method, referrer, referrer_host, \
    user_agent, browser, os, device, country, city, visitor, kind, source, platform, evidence) \
    SELECT * FROM UNNEST($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], \
    $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::bigint[], \
    $13::text[], $14::text[], $15::text[], $16::text[])";

const BUMP_COUNTERS: &str = "INSERT INTO link_stats (link_id, hits) \
    SELECT * FROM UNNEST($1::bigint[], $2::bigint[]) \
    ON CONFLICT (link_id) DO UPDATE SET hits = link_stats.hits + excluded.hits";

/// Inserts `hits` and bumps the per-link counters in one transaction.
pub(super) async fn insert_hits(pool: &PgPool, hits: &[HitRow]) -> sqlx::Result<()> {
    fn column<'a, T>(hits: &'a [HitRow], f: impl Fn(&'a HitRow) -> T) -> Vec<T> {
        hits.iter().map(f).collect()
    }
    let mut tx = pool.begin().await?;
    sqlx::query(INSERT_HITS)
        .bind(column(hits, |h| h.link_id))
        .bind(column(hits, |h| h.at))
        .bind(column(hits, |h| h.method))
        .bind(column(hits, |h| h.referrer.as_deref()))
        .bind(column(hits, |h| h.referrer_host.as_deref()))
        .bind(column(hits, |h| h.user_agent.as_deref()))
        .bind(column(hits, |h| h.browser.as_deref()))
        .bind(column(hits, |h| h.os.as_deref()))
        .bind(column(hits, |h| h.device))
        .bind(column(hits, |h| h.country.as_deref()))
        .bind(column(hits, |h| h.city.as_deref()))
        .bind(column(hits, |h| h.visitor))
        .bind(column(hits, |h| h.kind))
        .bind(column(hits, |h| h.source))
        .bind(column(hits, |h| h.platform))
        .bind(column(hits, |h| h.evidence))
        .execute(&mut *tx)
        .await?;
    let (ids, counts): (Vec<i64>, Vec<i64>) = super::hits::count_per_link(hits).into_iter().unzip();
    sqlx::query(BUMP_COUNTERS)
        .bind(ids)
        .bind(counts)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}
