//! What tells whether a site's snippet is heard: the hosts its events were refused from
//! (`site_refusals`, a few per site) and the time of its last stored event.

use std::collections::HashMap;

use super::{Db, with_pool};
use crate::sites::reception::{Reason, Refusal};

/// Adds to a host's counts; a site deleted meanwhile gets none (`SELECT … FROM sites`).
const RECORD: &str = "INSERT INTO site_refusals (site_id, host, reason, count, last_at) \
    SELECT id, $2, $3, $4, $5 FROM sites WHERE id = $1 \
    ON CONFLICT (site_id, host) DO UPDATE SET count = site_refusals.count + excluded.count, \
    reason = CASE WHEN excluded.last_at >= site_refusals.last_at THEN excluded.reason ELSE site_refusals.reason END, \
    last_at = CASE WHEN excluded.last_at >= site_refusals.last_at THEN excluded.last_at ELSE site_refusals.last_at END";

/// The time of each site's last event: one step down the `(site_id, at)` index per site on
/// both backends, however many events there are.
const LAST_EVENTS: &str =
    "SELECT id, (SELECT MAX(at) FROM site_events WHERE site_id = sites.id) FROM sites";

impl Db {
    /// Adds `refused` to site `site_id`'s refused hosts, then keeps its `keep` latest.
    pub async fn record_site_refusals(
        &self,
        site_id: i64,
        refused: &[Refusal],
        keep: usize,
    ) -> sqlx::Result<()> {
        let prune = format!(
            "DELETE FROM site_refusals WHERE site_id = $1 AND host NOT IN \
             (SELECT host FROM site_refusals WHERE site_id = $1 \
              ORDER BY last_at DESC, host LIMIT {keep})"
        );
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for r in refused {
                sqlx::query(RECORD)
                    .bind(site_id)
                    .bind(&r.host)
                    .bind(r.reason.as_str())
                    .bind(r.count)
                    .bind(r.last_at)
                    .execute(&mut *tx)
                    .await?;
            }
            sqlx::query(sqlx::AssertSqlSafe(prune)).bind(site_id).execute(&mut *tx).await?;
            tx.commit().await
        })
    }

    /// Every site's refused hosts last refused at `since` or later, by site.
    pub async fn site_refusals(&self, since: i64) -> sqlx::Result<HashMap<i64, Vec<Refusal>>> {
        let rows: Vec<(i64, String, String, i64, i64)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT site_id, host, reason, count, last_at FROM site_refusals \
                 WHERE last_at >= $1",
            )
            .bind(since)
            .fetch_all(pool)
            .await?
        });
        let mut by_site: HashMap<i64, Vec<Refusal>> = HashMap::new();
        for (site_id, host, reason, count, last_at) in rows {
            by_site.entry(site_id).or_default().push(Refusal {
                host,
                reason: Reason::parse(&reason),
                count,
                last_at,
            });
        }
        Ok(by_site)
    }

    /// Forgets the refusals of `hosts` for site `site_id`: they are its domains now.
    pub async fn forget_site_refusals(&self, site_id: i64, hosts: &[String]) -> sqlx::Result<()> {
        with_pool!(self, pool => {
            for host in hosts {
                sqlx::query("DELETE FROM site_refusals WHERE site_id = $1 AND host = $2")
                    .bind(site_id)
                    .bind(host)
                    .execute(pool)
                    .await?;
            }
            Ok(())
        })
    }

    /// The time (Unix ms) of each site's last stored event, for sites that have one.
    pub async fn last_site_events(&self) -> sqlx::Result<HashMap<i64, i64>> {
        let rows: Vec<(i64, Option<i64>)> = with_pool!(self, pool => {
            sqlx::query_as(LAST_EVENTS).fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .filter_map(|(id, at)| Some((id, at?)))
            .collect())
    }
}
