//! Rollups: folding newly written hits into per-link counts per hour (UTC) and per day (in
//! the configured time zone), one dimension at a time, and into each link's total
//! (`link_stats`), with the marks that say which hits are folded in, so a report or a link's
//! hit count can add exactly the rest from the hit log.
//!
//! Folding goes by hit id, up to the last id that is final: no batch holding a smaller one is
//! still being written (each backend's [`Dialect`] says how it knows). So "every hit with
//! `id <= rolled_id`" is a closed set however late a hit was stamped (a spool replayed after
//! an outage). A refold (after `lanterne reclassify`, or when the time zone of
//! the days changes) takes back the hits from a time on and folds them again a day at a time:
//! until it is done, hits with `at >= refold_at` and `id <= refold_id` are not folded. Nothing
//! is counted twice or missed.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::{Db, postgres, sqlite, with_pool};

const QUARTER_MS: i64 = 900_000;
const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 86_400_000;
/// Visitors are remembered as long as their hash can come back (it changes every UTC day).
const SEEN_VISITORS_MS: i64 = 2 * DAY_MS;
/// Hourly rollups serve the last-24-hours view; days serve every longer period.
const HOURLY_KEPT_MS: i64 = 8 * DAY_MS;

/// What folding needs of a backend.
pub struct Dialect {
    /// Begins a fold's transaction.
    pub begin: &'static str,
    /// Keeps other folds (other instances) out until the transaction ends.
    pub exclude_folds: Option<&'static str>,
    /// Settings for a fold's transaction.
    pub fold_settings: &'static [&'static str],
    /// Statements run in order; the last one gives the last final hit id.
    pub last_final_id: &'static [&'static str],
    /// Whether those run in a transaction of their own, before the fold's.
    pub last_final_id_apart: bool,
    /// Creates a temporary table for the transaction; `{}` is its name and columns.
    pub temp_table: &'static str,
    /// Most new hits folded in one transaction: where the writers wait while a fold runs, a
    /// long history (a first fold, or a refold) goes in many short steps.
    pub most_per_fold: i64,
    /// Between two steps of a fold in the background, the fold rests this many times as long
    /// as the step took (src/hits/rollup.rs).
    pub rest_after_step: u32,
    /// Run when a fold takes new hits, `$1 < id <= $2`: add them to their links' totals (a
    /// refold leaves totals alone: it changes classes, not how many hits a link has) and to
    /// `hit_index`, the list of each link's hits. A hit whose link was deleted meanwhile is
    /// not counted; `link_stats` rows are locked in link order, as the writer's are.
    pub count_new_hits: &'static [&'static str],
}

/// Which hits are folded in: those with `id <= id`, except those with `at >= refold_at` and
/// `id <= refold_id` (taken back to be folded again; `refold_at` is `i64::MAX` when none are).
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct Folded {
    #[sqlx(rename = "rolled_id")]
    pub id: i64,
    pub refold_at: i64,
    pub refold_id: i64,
}

/// Reads the marks (in SQL shared by the fold and the reports).
pub(super) const FOLDED: &str =
    "SELECT rolled_id, refold_at, refold_id FROM rollup_state WHERE id = 1";

/// What rollups count hits by, besides link, bucket, kind and source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dim {
    All,
    Device,
    /// Country and city.
    Place,
    /// Platform and referrer host.
    Origin,
}

/// How rollups store the grain of a bucket, and the dimension of new visitors.
pub const HOURS: i16 = 1;
pub const DAYS: i16 = 2;
pub const VISITORS: i16 = 5;

impl Dim {
    pub const EVERY: [Dim; 4] = [Dim::All, Dim::Device, Dim::Place, Dim::Origin];

    /// As rollups store it.
    pub fn code(self) -> i16 {
        match self {
            Dim::All => 1,
            Dim::Device => 2,
            Dim::Place => 3,
            Dim::Origin => 4,
        }
    }

    /// The two keys as SQL over `h`, a row of [`UNFOLDED_COLUMNS`] from the hit log.
    pub(super) fn keys(self) -> (&'static str, &'static str) {
        match self {
            Dim::All => ("''", "''"),
            Dim::Device => ("h.device", "''"),
            Dim::Place => ("COALESCE(h.country, '')", "COALESCE(h.city, '')"),
            Dim::Origin => ("h.platform", "COALESCE(h.referrer_host, '')"),
        }
    }
}

/// The columns of the hit log that rollups and reports read.
pub(super) const UNFOLDED_COLUMNS: &str =
    "id, link_id, at, kind, source, device, country, city, platform, referrer_host, visitor";

/// As a subquery: hits with `$a < id <= $b`, and `at` in `[$c, $d)` when `new_at` is
/// `Some((c, d))` (new ones, found by id; `+at` keeps SQLite on the id), and hits with `at`
/// in `[$e, $f)` and `id <= $g` (being refolded, found by time). The parts never overlap
/// while `$g <= $a`. Give no bound rather than an unbounded one: PostgreSQL guesses that a
/// pair of bounds keeps a 200th of the rows, and planned a fold's grouping of 200,000 new
/// hits for a handful, sorting where hashing took 40 % less time (docs/performance.md).
pub(super) fn unfolded(a: u8, b: u8, new_at: Option<(u8, u8)>, e: u8, f: u8, g: u8) -> String {
    let new_at = new_at.map_or(String::new(), |(c, d)| {
        format!(" AND +at >= ${c} AND +at < ${d}")
    });
    format!(
        "(SELECT {UNFOLDED_COLUMNS} FROM hits WHERE id > ${a} AND id <= ${b}{new_at} \
         UNION ALL SELECT {UNFOLDED_COLUMNS} FROM hits WHERE at >= ${e} AND at < ${f} AND id <= ${g})"
    )
}

/// A link's hits not yet in its total, as a table to join on `link_id` (`n`).
pub(super) const UNCOUNTED_HITS: &str = "(SELECT link_id, COUNT(*) AS n FROM hits \
    WHERE id > (SELECT rolled_id FROM rollup_state WHERE id = 1) GROUP BY link_id)";

/// Takes back what was folded in from `$1` on (`$1` no later than a refold under way), so it
/// is folded again.
const UNFOLD_FROM: [&str; 3] = [
    "DELETE FROM rollups WHERE bucket >= $1",
    "DELETE FROM seen_visitors WHERE first_at >= $1",
    "UPDATE rollup_state SET refold_at = $1, refold_id = rolled_id WHERE id = 1",
];

/// The statements of one fold over the temporary tables it fills: per grain, one upsert per
/// dimension and one for new visitors.
fn fold_statements() -> Vec<String> {
    let mut statements = Vec::new();
    for (grain, slot) in [(HOURS, "hour"), (DAYS, "day")] {
        for dim in Dim::EVERY {
            let (key, key2) = match dim {
                Dim::All => ("''", "''"),
                Dim::Device => ("d.device", "''"),
                Dim::Place => ("d.country", "d.city"),
                Dim::Origin => ("d.platform", "d.referrer_host"),
            };
            statements.push(format!(
                "INSERT INTO rollups (grain, dim, bucket, link_id, key, key2, kind, source, hits) \
                 SELECT {grain}, {dim}, s.{slot}, d.link_id, {key}, {key2}, d.kind, d.source, SUM(d.hits) \
                 FROM rollup_delta d JOIN rollup_slots s ON s.q = d.q WHERE true \
                 GROUP BY 3, 4, 5, 6, 7, 8 {UPSERT}",
                dim = dim.code(),
            ));
        }
        statements.push(format!(
            "INSERT INTO rollups (grain, dim, bucket, link_id, key, key2, kind, source, hits) \
             SELECT {grain}, {VISITORS}, s.{slot}, v.link_id, '', '', 'click', '', COUNT(*) \
             FROM rollup_new_visitors v JOIN rollup_slots s ON s.q = v.first_at / {QUARTER_MS} WHERE true \
             GROUP BY 3, 4 {UPSERT}"
        ));
    }
    statements
}

const UPSERT: &str = "ON CONFLICT (grain, dim, bucket, link_id, kind, source, key, key2) \
    DO UPDATE SET hits = rollups.hits + excluded.hits";

/// The temporary tables of a fold: hits grouped by quarter hour and every key, the visitors
/// not seen before, and the hour and day each quarter hour belongs to.
const FOLD_TABLES: [&str; 4] = [
    "rollup_delta (link_id BIGINT, q BIGINT, kind TEXT, source TEXT, device TEXT, \
     country TEXT, city TEXT, platform TEXT, referrer_host TEXT, hits BIGINT)",
    "rollup_new_visitors (link_id BIGINT, visitor BIGINT, first_at BIGINT)",
    "rollup_slots (q BIGINT PRIMARY KEY, hour BIGINT, day BIGINT)",
    "rollup_gone (link_id BIGINT)",
];

/// Hits can name a link deleted after they were queued (or spooled while the database was
/// away): they are written after the deletion. Such links are found per link of the delta,
/// not per hit, and left out of the counts, as [`Dialect::count_new_hits`] leaves them out of
/// the totals.
const FIND_GONE_LINKS: &str = "INSERT INTO rollup_gone SELECT DISTINCT d.link_id FROM rollup_delta d \
    WHERE NOT EXISTS (SELECT 1 FROM links l WHERE l.id = d.link_id)";
/// Deletes the new hits (`$1 < id <= $2`) of those links, as deleting a link deletes its
/// others.
const DELETE_GONE_HITS: &str = "DELETE FROM hits WHERE id > $1 AND id <= $2 \
    AND link_id IN (SELECT link_id FROM rollup_gone)";
const FORGET_GONE_LINKS: [&str; 2] = [
    "DELETE FROM rollup_delta WHERE link_id IN (SELECT link_id FROM rollup_gone)",
    "DELETE FROM rollup_new_visitors WHERE link_id IN (SELECT link_id FROM rollup_gone)",
];

/// The start of the day containing `ms` in `tz`.
pub fn day_start(ms: i64, tz: &TimeZone) -> i64 {
    Timestamp::from_millisecond(ms)
        .ok()
        .and_then(|t| t.to_zoned(tz.clone()).start_of_day().ok())
        .map_or(ms - ms.rem_euclid(DAY_MS), |z| {
            z.timestamp().as_millisecond()
        })
}

/// The start of the day after the one containing `ms` in `tz`.
pub fn next_day_start(ms: i64, tz: &TimeZone) -> i64 {
    // Days are 23 to 25 hours long; 26 hours on from the start lands in the next one.
    day_start(day_start(ms, tz) + 26 * HOUR_MS, tz)
}

fn zone(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap_or(TimeZone::UTC)
}

/// `(q, hour, day)` rows for the quarter hours `qs`, as SQL values (integers only).
fn slot_values(qs: &[i64], tz: &TimeZone) -> String {
    qs.iter()
        .map(|q| {
            let at = q * QUARTER_MS;
            format!(
                "({q}, {}, {})",
                at - at.rem_euclid(HOUR_MS),
                day_start(at, tz)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl Db {
    fn dialect(&self) -> &'static Dialect {
        match self {
            Db::Sqlite(..) => &sqlite::FOLD,
            Db::Postgres(_) => &postgres::FOLD,
        }
    }

    /// See [`Dialect::most_per_fold`].
    #[cfg(test)]
    pub(crate) fn most_per_fold(&self) -> i64 {
        self.dialect().most_per_fold
    }

    /// See [`Dialect::rest_after_step`].
    pub fn fold_rest(&self) -> u32 {
        self.dialect().rest_after_step
    }

    /// Which hits are folded in, and the time zone of the day buckets.
    pub async fn folded(&self) -> sqlx::Result<(Folded, String)> {
        with_pool!(self, pool => {
            let folded: Folded = sqlx::query_as(FOLDED).fetch_one(pool).await?;
            let tz: String = sqlx::query_scalar("SELECT timezone FROM rollup_state WHERE id = 1")
                .fetch_one(pool)
                .await?;
            Ok((folded, tz))
        })
    }

    /// Folds the next hits into the rollups: those written since the last fold, and a day of
    /// a refold under way; at most [`Dialect::most_per_fold`] new ones. Returns true when more is left.
    pub async fn fold_hits(&self) -> sqlx::Result<bool> {
        let _turn = self.write_turn().await;
        let dialect = self.dialect();
        let (read, before) = dialect
            .last_final_id
            .split_last()
            .expect("a statement that reads the last id");
        with_pool!(self, pool => {
            let mut last = 0;
            if dialect.last_final_id_apart {
                let mut tx = pool.begin().await?;
                for statement in before {
                    sqlx::query(*statement).execute(&mut *tx).await?;
                }
                last = sqlx::query_scalar(*read).fetch_one(&mut *tx).await?;
                tx.commit().await?;
            }
            let mut tx = pool.begin_with(dialect.begin).await?;
            if let Some(lock) = dialect.exclude_folds {
                sqlx::query(lock).execute(&mut *tx).await?;
            }
            for setting in dialect.fold_settings {
                sqlx::query(*setting).execute(&mut *tx).await?;
            }
            if !dialect.last_final_id_apart {
                for statement in before {
                    sqlx::query(*statement).execute(&mut *tx).await?;
                }
                last = sqlx::query_scalar(*read).fetch_one(&mut *tx).await?;
            }
            let was: Folded = sqlx::query_as(FOLDED).fetch_one(&mut *tx).await?;
            let tz: String = sqlx::query_scalar("SELECT timezone FROM rollup_state WHERE id = 1")
                .fetch_one(&mut *tx)
                .await?;
            let tz = zone(&tz);
            // Another instance's fold may have gone past `last` meanwhile.
            let id = last.min(was.id + dialect.most_per_fold).max(was.id);
            // A refold goes a day at a time, and ends where no hit it took back is left.
            let (refold_at, refold_end) = if was.refold_at == i64::MAX {
                (i64::MAX, i64::MAX)
            } else {
                let end = next_day_start(was.refold_at, &tz);
                let left: Option<i64> = sqlx::query_scalar("SELECT MIN(at) FROM hits WHERE at >= $1 AND id <= $2")
                    .bind(end)
                    .bind(was.refold_id)
                    .fetch_one(&mut *tx)
                    .await?;
                (left.map_or(i64::MAX, |at| at.max(end)), end)
            };

            for table in FOLD_TABLES {
                sqlx::query(sqlx::AssertSqlSafe(dialect.temp_table.replace("{}", table)))
                    .execute(&mut *tx)
                    .await?;
            }
            let delta = unfolded(1, 2, None, 3, 4, 5);
            let bind_delta = |sql: String| {
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(was.id)
                    .bind(id)
                    .bind(was.refold_at)
                    .bind(refold_end)
                    .bind(was.refold_id)
            };
            bind_delta(format!(
                "INSERT INTO rollup_delta SELECT h.link_id, h.at / {QUARTER_MS}, h.kind, \
                 COALESCE(h.source, ''), h.device, COALESCE(h.country, ''), COALESCE(h.city, ''), \
                 h.platform, COALESCE(h.referrer_host, ''), COUNT(*) FROM {delta} h \
                 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9"
            ))
            .execute(&mut *tx)
            .await?;
            bind_delta(format!(
                "INSERT INTO rollup_new_visitors SELECT h.link_id, h.visitor, MIN(h.at) FROM {delta} h \
                 WHERE h.kind = 'click' AND h.visitor IS NOT NULL AND NOT EXISTS \
                 (SELECT 1 FROM seen_visitors s WHERE s.link_id = h.link_id AND s.visitor = h.visitor) \
                 GROUP BY h.link_id, h.visitor"
            ))
            .execute(&mut *tx)
            .await?;
            let gone = sqlx::query(FIND_GONE_LINKS).execute(&mut *tx).await?.rows_affected();
            if gone > 0 {
                for statement in FORGET_GONE_LINKS {
                    sqlx::query(statement).execute(&mut *tx).await?;
                }
                sqlx::query(DELETE_GONE_HITS)
                    .bind(was.id)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            sqlx::query(
                "INSERT INTO seen_visitors (link_id, visitor, first_at) \
                 SELECT link_id, visitor, first_at FROM rollup_new_visitors WHERE true \
                 ON CONFLICT DO NOTHING",
            )
            .execute(&mut *tx)
            .await?;

            let qs: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT q FROM rollup_delta UNION SELECT first_at / {QUARTER_MS} FROM rollup_new_visitors"
            )))
            .fetch_all(&mut *tx)
            .await?;
            for chunk in qs.chunks(500) {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "INSERT INTO rollup_slots (q, hour, day) VALUES {}",
                    slot_values(chunk, &tz)
                )))
                .execute(&mut *tx)
                .await?;
            }
            if !qs.is_empty() {
                for statement in fold_statements() {
                    sqlx::query(sqlx::AssertSqlSafe(statement)).execute(&mut *tx).await?;
                }
            }
            if matches!(self, Db::Sqlite(..)) {
                for table in ["rollup_delta", "rollup_new_visitors", "rollup_slots", "rollup_gone"] {
                    sqlx::query(sqlx::AssertSqlSafe(format!("DROP TABLE temp.{table}")))
                        .execute(&mut *tx)
                        .await?;
                }
            }
            if id > was.id {
                for statement in dialect.count_new_hits {
                    sqlx::query(*statement).bind(was.id).bind(id).execute(&mut *tx).await?;
                }
            }
            let refold_id = if refold_at == i64::MAX { 0 } else { was.refold_id };
            sqlx::query("UPDATE rollup_state SET rolled_id = $1, refold_at = $2, refold_id = $3 WHERE id = 1")
                .bind(id)
                .bind(refold_at)
                .bind(refold_id)
                .execute(&mut *tx)
                .await?;
            if gone > 0 {
                // As after any deletion of hits (SQLite: their ids may be handed out again,
                // and the fold mark comes down below them).
                for statement in self.after_deleting_link_data() {
                    sqlx::query(*statement).execute(&mut *tx).await?;
                }
            }
            tx.commit().await?;
            Ok(id < last || refold_at != i64::MAX)
        })
    }

    /// Makes the day buckets start at midnight in `tz`: when they were made for another zone,
    /// the days whose hits are all still in the log are folded again (older days keep the
    /// zone they were made in).
    pub async fn adopt_rollup_timezone(&self, tz: &str) -> sqlx::Result<()> {
        let (folded, current) = self.folded().await?;
        if current == tz {
            return Ok(());
        }
        if folded.id > 0 {
            if let Some(start) = self.first_whole_day(&zone(tz)).await? {
                tracing::info!(
                    from = current,
                    to = tz,
                    "the time zone changed: refolding the days of the hit log"
                );
                self.unfold_from(start).await?;
            }
        }
        with_pool!(self, pool => {
            sqlx::query("UPDATE rollup_state SET timezone = $1 WHERE id = 1")
                .bind(tz)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Unfolds everything from the first whole day of the hit log on, so the next folds count
    /// it again from the hits (after `lanterne reclassify` changed their classes).
    pub async fn refold_hit_log(&self) -> sqlx::Result<()> {
        let (_, tz) = self.folded().await?;
        match self.first_whole_day(&zone(&tz)).await? {
            Some(start) => self.unfold_from(start).await,
            None => Ok(()),
        }
    }

    /// The start of the first day in `tz` that retention has not purged any hit of, if the
    /// hit log holds any.
    async fn first_whole_day(&self, tz: &TimeZone) -> sqlx::Result<Option<i64>> {
        let (first, purged): (Option<i64>, i64) = with_pool!(self, pool => {
            sqlx::query_as("SELECT (SELECT MIN(at) FROM hits), purged_before FROM rollup_state WHERE id = 1")
                .fetch_one(pool)
                .await?
        });
        Ok(first.map(|first| {
            let start = day_start(first, tz);
            if start >= purged {
                start
            } else if day_start(purged, tz) == purged {
                purged
            } else {
                next_day_start(purged, tz)
            }
        }))
    }

    async fn unfold_from(&self, from: i64) -> sqlx::Result<()> {
        // A refold under way goes on from where it is, or from earlier.
        let from = from.min(self.folded().await?.0.refold_at);
        let dialect = self.dialect();
        with_pool!(self, pool => {
            let mut tx = pool.begin_with(dialect.begin).await?;
            if let Some(lock) = dialect.exclude_folds {
                sqlx::query(lock).execute(&mut *tx).await?;
            }
            for statement in UNFOLD_FROM {
                sqlx::query(statement)
                    .bind(from)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await
        })
    }

    /// Forgets visitors whose hash can no longer come back, and hourly rollups older than
    /// the views that read them.
    pub async fn prune_rollups(&self, now: i64) -> sqlx::Result<()> {
        with_pool!(self, pool => {
            sqlx::query("DELETE FROM seen_visitors WHERE first_at < $1")
                .bind(now - SEEN_VISITORS_MS)
                .execute(pool)
                .await?;
            for dim in Dim::EVERY.map(Dim::code).into_iter().chain([VISITORS]) {
                sqlx::query("DELETE FROM rollups WHERE grain = $1 AND dim = $2 AND bucket < $3")
                    .bind(HOURS)
                    .bind(dim)
                    .bind(now - HOURLY_KEPT_MS)
                    .execute(pool)
                    .await?;
            }
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_start_at_local_midnight() {
        let paris = TimeZone::get("Europe/Paris").unwrap();
        // 2026-03-29 is 23 hours long in Paris; 2026-03-29T12:00Z is 14:00 there.
        let noon = 1_774_785_600_000;
        assert_eq!(day_start(noon, &paris), 1_774_738_800_000); // 2026-03-28T23:00Z
        assert_eq!(next_day_start(noon, &paris), 1_774_821_600_000); // 2026-03-29T22:00Z
        assert_eq!(day_start(noon, &TimeZone::UTC), 1_774_742_400_000);
        let kolkata = TimeZone::get("Asia/Kolkata").unwrap();
        assert_eq!(day_start(noon, &kolkata), 1_774_722_600_000); // 18:30Z the day before
    }
}
