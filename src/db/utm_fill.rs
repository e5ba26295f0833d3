//! The reads and writes of the fill of the UTM tags that migration 0032 could not decode in
//! SQL (src/sites/utm_fill.rs): the site events whose `utm` holds a percent-escape and that
//! have none of the three tags, a range of ids at a time.

use super::{Db, with_pool};
use crate::hits::event::UtmTags;

/// The distinct `utm` of the untagged events with a percent-escape in ids `$1` (excluded) to
/// `$2`: a range of the primary key, whatever the share of such events in it.
const ESCAPED_UNTAGGED: &str = "SELECT DISTINCT utm FROM site_events \
    WHERE id > $1 AND id <= $2 AND utm LIKE '%!%%' ESCAPE '!' \
    AND utm_source IS NULL AND utm_medium IS NULL AND utm_campaign IS NULL";

/// Only events still without tags: the same values, whichever instance writes first.
const TAG: &str = "UPDATE site_events SET utm_source = $1, utm_medium = $2, utm_campaign = $3 \
    WHERE id > $4 AND id <= $5 AND utm = $6 \
    AND utm_source IS NULL AND utm_medium IS NULL AND utm_campaign IS NULL";

impl Db {
    /// The lowest and the highest site event id, `None` when there is no event.
    pub async fn site_event_ids(&self) -> sqlx::Result<Option<(i64, i64)>> {
        // Two subqueries, not MIN and MAX side by side, which SQLite reads by a whole scan.
        let ids: (Option<i64>, Option<i64>) = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT (SELECT MIN(id) FROM site_events), (SELECT MAX(id) FROM site_events)",
            )
            .fetch_one(pool)
            .await?
        });
        Ok(ids.0.zip(ids.1))
    }

    /// The `utm` texts holding a percent-escape of the events without tags with an id over
    /// `after` and up to `through`.
    pub async fn escaped_untagged_utms(
        &self,
        after: i64,
        through: i64,
    ) -> sqlx::Result<Vec<String>> {
        with_pool!(self, pool => {
            sqlx::query_scalar(ESCAPED_UNTAGGED)
                .bind(after)
                .bind(through)
                .fetch_all(pool)
                .await
        })
    }

    /// Gives the events still without tags with an id over `after` and up to `through` the
    /// tags of their `utm`, in one transaction: how many events it changed.
    pub async fn tag_site_events(
        &self,
        after: i64,
        through: i64,
        tags: &[(String, UtmTags)],
    ) -> sqlx::Result<u64> {
        // SQLite's writer and fold take turns at its one write lock; this waits for its turn
        // as they do, and keeps it for one short transaction.
        let _turn = self.write_turn().await;
        let mut changed = 0;
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for (utm, tags) in tags {
                changed += sqlx::query(TAG)
                    .bind(&tags.source)
                    .bind(&tags.medium)
                    .bind(&tags.campaign)
                    .bind(after)
                    .bind(through)
                    .bind(utm)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            }
            tx.commit().await?;
        });
        Ok(changed)
    }
}
