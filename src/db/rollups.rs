//! Rollups: folding newly written hits into per-link counts per hour (UTC) and per day (in
//! the configured time zone), one dimension at a time, and into each link's totals
//! (`link_stats`: its hits, and its clicks as its day rollups count them), with the marks
//! that say which hits are folded in, so a report or a link's counts can add exactly the
//! rest from the hit log.
//!
//! Folding goes by hit id, up to the last id that is final: no batch holding a smaller one is
//! still being written (each backend's `begin_fold` says how it knows). So "every hit with
//! `id <= rolled_id`" is a closed set however late a hit was stamped (a spool replayed after
//! an outage). A refold (after `lanterne reclassify`, or when the time zone of
//! the days changes) takes back the hits from a time on and folds them again a day at a time:
//! until it is done, hits with `at >= refold_at` and `id <= refold_id` are not folded. Nothing
//! is counted twice or missed. The fold itself is in fold.rs.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::tx::Tx;
use super::{Db, postgres, sqlite, with_pool};

pub(super) const QUARTER_MS: i64 = 900_000;
pub(super) const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 86_400_000;
/// Visitors are remembered as long as their hash can come back (it changes every UTC day).
const SEEN_VISITORS_MS: i64 = 2 * DAY_MS;
/// Hourly rollups serve the last-24-hours view; days serve every longer period.
const HOURLY_KEPT_MS: i64 = 8 * DAY_MS;

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
    /// The destination a hit was sent to (its code), for links with options only: hits of
    /// plain links have none, and add no rows.
    Destination,
}

/// How rollups store the grain of a bucket, and the dimension of new visitors.
pub const HOURS: i16 = 1;
pub const DAYS: i16 = 2;
pub const VISITORS: i16 = 5;

impl Dim {
    pub const EVERY: [Dim; 5] = [
        Dim::All,
        Dim::Device,
        Dim::Place,
        Dim::Origin,
        Dim::Destination,
    ];

    /// As rollups store it.
    pub fn code(self) -> i16 {
        match self {
            Dim::All => 1,
            Dim::Device => 2,
            Dim::Place => 3,
            Dim::Origin => 4,
            Dim::Destination => 6,
        }
    }

    /// The two keys as SQL over `h`, a row of [`UNFOLDED_COLUMNS`] from the hit log.
    pub(super) fn keys(self) -> (&'static str, &'static str) {
        match self {
            Dim::All => ("''", "''"),
            Dim::Device => ("h.device", "''"),
            Dim::Place => ("COALESCE(h.country, '')", "COALESCE(h.city, '')"),
            Dim::Origin => ("h.platform", "COALESCE(h.referrer_host, '')"),
            // NULL for plain links' hits, as rollups leave them out: src/stats/destinations.rs
            // counts them for the link's URL.
            Dim::Destination => ("CAST(h.destination AS TEXT)", "''"),
        }
    }
}

/// The columns of the hit log that rollups and reports read.
pub(super) const UNFOLDED_COLUMNS: &str = "id, link_id, at, kind, source, device, country, city, platform, referrer_host, visitor, \
    destination";

/// As a subquery: hits with `$a < id <= $b`, and `at` in `[$c, $d)` when `new_at` is
/// `Some((c, d))` (new ones, found by id; `+at` keeps SQLite on the id), and hits with `at`
/// in `[$e, $f)` and `id <= $g` (being refolded, found by time). The parts never overlap
/// while `$g <= $a`. Give no bound rather than an unbounded one: PostgreSQL guesses that a
/// pair of bounds keeps a 200th of the rows, and planned a fold's grouping of 200,000 new
/// hits for a handful, sorting where hashing took 40 % less time (docs/performance.md, "The
/// fold").
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

/// Takes the clicks of the day rollups from `$1` on back out of their links' folded clicks
/// (`link_stats.clicks`, the sum of those rollups), before [`UNFOLD_FROM`] deletes the
/// rollups: the refold adds them again as it folds their hits (src/db/fold.rs). Rows locked in
/// link order, as the writer's are.
fn take_back_clicks() -> String {
    format!(
        "INSERT INTO link_stats (link_id, hits, private_hits, clicks) \
         SELECT link_id, 0, 0, -SUM(hits) FROM rollups \
         WHERE grain = {DAYS} AND dim = {all} AND kind = 'click' AND bucket >= $1 \
         GROUP BY link_id ORDER BY link_id \
         ON CONFLICT (link_id) DO UPDATE SET clicks = link_stats.clicks + excluded.clicks",
        all = Dim::All.code(),
    )
}

/// Takes back what was folded in from `$1` on (`$1` no later than a refold under way), so it
/// is folded again.
const UNFOLD_FROM: [&str; 3] = [
    "DELETE FROM rollups WHERE bucket >= $1",
    "DELETE FROM seen_visitors WHERE first_at >= $1",
    "UPDATE rollup_state SET refold_at = $1, refold_id = rolled_id WHERE id = 1",
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

pub(super) fn zone(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap_or(TimeZone::UTC)
}

impl Db {
    /// Begins a transaction no fold runs beside (nor another of these).
    async fn begin_excluding_folds(&self) -> sqlx::Result<Tx> {
        Ok(match self {
            Db::Sqlite(pool, _) => Tx::Sqlite(sqlite::begin_excluding_folds(pool).await?),
            Db::Postgres(pool) => Tx::Postgres(postgres::begin_excluding_folds(pool).await?),
        })
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

    /// Makes the day buckets start at midnight in `tz`: when they were made for another zone,
    /// the days whose hits are all still in the log are folded again (older days keep the
    /// zone they were made in).
    pub async fn adopt_rollup_timezone(&self, tz: &str) -> sqlx::Result<()> {
        let (folded, current) = self.folded().await?;
        if current == tz {
            return Ok(());
        }
        if folded.id > 0
            && let Some(start) = self.first_whole_day(&zone(tz)).await?
        {
            tracing::info!(
                from = current,
                to = tz,
                "the time zone changed: refolding the days of the hit log"
            );
            self.unfold_from(start).await?;
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
        let mut tx = self.begin_excluding_folds().await?;
        tx.execute(sqlx::AssertSqlSafe(take_back_clicks()), &[from])
            .await?;
        tx.execute_all(&UNFOLD_FROM, &[from]).await?;
        tx.commit().await
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
