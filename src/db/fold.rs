//! A fold, step by step: read the marks, fill the delta, drop deleted links, write the
//! rollups, count the new hits, advance the marks. Each step is SQL written once for both
//! backends; what differs (how a fold begins and knows which hit ids are final, its work
//! tables, how it counts new hits, its sizes) is in sqlite.rs and postgres.rs.

use jiff::tz::TimeZone;

use super::rollups::{
    DAYS, Dim, FOLDED, Folded, HOURS, QUARTER_MS, VISITORS, next_day_start, unfolded, zone,
};
use super::tally::{Counts, Tally};
use super::tx::Tx;
use super::{Db, postgres, sqlite};

/// The work tables of a fold: hits grouped by quarter hour and every key, the visitors not
/// seen before, the hour and day each quarter hour belongs to, and links deleted meanwhile.
pub(super) const FOLD_TABLES: [&str; 4] = [
    "rollup_delta (link_id BIGINT, q BIGINT, kind TEXT, source TEXT, device TEXT, \
     country TEXT, city TEXT, platform TEXT, referrer_host TEXT, destination BIGINT, hits BIGINT)",
    "rollup_new_visitors (link_id BIGINT, visitor BIGINT, first_at BIGINT)",
    "rollup_slots (q BIGINT PRIMARY KEY, hour BIGINT, day BIGINT)",
    "rollup_gone (link_id BIGINT)",
];

/// Hits can name a link deleted after they were queued (or spooled while the database was
/// away): they are written after the deletion. Such links are found per link of the delta,
/// not per hit, and left out of the counts, as counting new hits leaves them out of the
/// totals.
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

const REMEMBER_NEW_VISITORS: &str = "INSERT INTO seen_visitors (link_id, visitor, first_at) \
    SELECT link_id, visitor, first_at FROM rollup_new_visitors WHERE true ON CONFLICT DO NOTHING";

/// Adds the clicks of the delta (the new hits and a refold's day, links deleted meanwhile left
/// out) to their links' folded clicks, `link_stats.clicks`, as the day rollups of every key
/// just added them: it stays the sum of the link's day rollups of clicks, which the lists
/// read and order by (src/db/link_counts.rs). Rows locked in link order, as the writer's are.
pub(super) const ADD_FOLDED_CLICKS: &str = "INSERT INTO link_stats (link_id, hits, private_hits, clicks) \
    SELECT link_id, 0, 0, SUM(hits) FROM rollup_delta WHERE kind = 'click' GROUP BY link_id \
    ORDER BY link_id ON CONFLICT (link_id) DO UPDATE SET clicks = link_stats.clicks + excluded.clicks";

const UPSERT: &str = "ON CONFLICT (grain, dim, bucket, link_id, kind, source, key, key2) \
    DO UPDATE SET hits = rollups.hits + excluded.hits";

/// The statements that add the work tables to the rollups: per grain, one upsert per
/// dimension and one for new visitors.
fn rollup_statements() -> Vec<String> {
    let mut statements = Vec::new();
    for (grain, slot) in [(HOURS, "hour"), (DAYS, "day")] {
        for dim in Dim::EVERY {
            let (key, key2, only) = match dim {
                Dim::All => ("''", "''", "true"),
                Dim::Device => ("d.device", "''", "true"),
                Dim::Place => ("d.country", "d.city", "true"),
                Dim::Origin => ("d.platform", "d.referrer_host", "true"),
                // Only links with options send hits to a destination: plain links add no rows.
                Dim::Destination => (
                    "CAST(d.destination AS TEXT)",
                    "''",
                    "d.destination IS NOT NULL",
                ),
            };
            statements.push(format!(
                "INSERT INTO rollups (grain, dim, bucket, link_id, key, key2, kind, source, hits) \
                 SELECT {grain}, {dim}, s.{slot}, d.link_id, {key}, {key2}, d.kind, d.source, SUM(d.hits) \
                 FROM rollup_delta d JOIN rollup_slots s ON s.q = d.q WHERE {only} \
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

/// `(q, hour, day)` rows for the quarter hours `qs`, as SQL values (integers only).
fn slot_values(qs: &[i64], tz: &TimeZone) -> String {
    qs.iter()
        .map(|q| {
            let at = q * QUARTER_MS;
            format!(
                "({q}, {}, {})",
                at - at.rem_euclid(super::rollups::HOUR_MS),
                super::rollups::day_start(at, tz)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// One fold's reach, from the marks as they were.
struct Step {
    was: Folded,
    /// The new mark: hits with `was.id < id <= id` are the new ones this step folds.
    id: i64,
    /// Where the refold under way goes on next time (`i64::MAX`: it ends with this step).
    refold_at: i64,
    /// The end of the refold's day folded in this step.
    refold_end: i64,
    tz: TimeZone,
}

impl Step {
    /// Reads the marks and the time zone of the days; takes new hits up to `last` (the last
    /// final id), at most `most` of them, and the next day of a refold under way.
    async fn read(tx: &mut Tx, last: i64, most: i64) -> sqlx::Result<Step> {
        let was: Folded = tx.row(FOLDED).await?;
        let tz: String = tx
            .scalar("SELECT timezone FROM rollup_state WHERE id = 1", &[])
            .await?;
        let tz = zone(&tz);
        // Another instance's fold may have gone past `last` meanwhile.
        let id = last.min(was.id + most).max(was.id);
        // A refold goes a day at a time, and ends where no hit it took back is left.
        let (refold_at, refold_end) = if was.refold_at == i64::MAX {
            (i64::MAX, i64::MAX)
        } else {
            let end = next_day_start(was.refold_at, &tz);
            let left: Option<i64> = tx
                .scalar(
                    "SELECT MIN(at) FROM hits WHERE at >= $1 AND id <= $2",
                    &[end, was.refold_id],
                )
                .await?;
            (left.map_or(i64::MAX, |at| at.max(end)), end)
        };
        Ok(Step {
            was,
            id,
            refold_at,
            refold_end,
            tz,
        })
    }

    /// The tally's counts when they are exactly this step's new hits, `last` the last final
    /// id: the step then takes all of them, however many. Counts that start further on are
    /// kept for a later step, and this one stops where they start; counts that do not fit
    /// (a refold under way, whose step groups old hits with the new) are dropped.
    async fn use_tally(
        &mut self,
        tx: &mut Tx,
        tally: &mut Tally,
        last: i64,
    ) -> sqlx::Result<Option<Counts>> {
        let Some(counts) = tally.take() else {
            return Ok(None);
        };
        if self.was.refold_at != i64::MAX || counts.to > last || counts.from < self.was.id {
            return Ok(None);
        }
        if counts.from > self.was.id {
            self.id = self.id.min(counts.from);
            tally.keep(counts);
            return Ok(None);
        }
        // Deleting hits takes no turn (nor does another process's writer): hits deleted since
        // the counts began may have handed their ids to hits the counts never saw, and hits
        // written by another process may sit among them.
        let deletions: i64 = tx.scalar(sqlite::HITS_DELETED, &[]).await?;
        if deletions != counts.deletions || counts.hits() == 0 {
            return Ok(None);
        }
        let stored: i64 = tx
            .scalar(
                "SELECT COUNT(*) FROM hits WHERE id > $1 AND id <= $2",
                &[counts.from, counts.to],
            )
            .await?;
        if stored != counts.hits() {
            return Ok(None);
        }
        self.id = counts.to;
        Ok(Some(counts))
    }

    /// Groups the hits of this step into `rollup_delta`, and finds their visitors not seen
    /// before: from the tally's `counts` when the step has them.
    async fn fill_delta(&self, tx: &mut Tx, counts: Option<&Counts>) -> sqlx::Result<()> {
        if let (Some(counts), Tx::Sqlite(tx)) = (counts, &mut *tx) {
            return counts.write(tx).await;
        }
        let delta = unfolded(1, 2, None, 3, 4, 5);
        let binds = [
            self.was.id,
            self.id,
            self.was.refold_at,
            self.refold_end,
            self.was.refold_id,
        ];
        let group = format!(
            "INSERT INTO rollup_delta SELECT h.link_id, h.at / {QUARTER_MS}, h.kind, \
             COALESCE(h.source, ''), h.device, COALESCE(h.country, ''), COALESCE(h.city, ''), \
             h.platform, COALESCE(h.referrer_host, ''), h.destination, COUNT(*) FROM {delta} h \
             GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10"
        );
        tx.execute(sqlx::AssertSqlSafe(group), &binds).await?;
        let visitors = format!(
            "INSERT INTO rollup_new_visitors SELECT h.link_id, h.visitor, MIN(h.at) FROM {delta} h \
             WHERE h.kind = 'click' AND h.visitor IS NOT NULL AND NOT EXISTS \
             (SELECT 1 FROM seen_visitors s WHERE s.link_id = h.link_id AND s.visitor = h.visitor) \
             GROUP BY h.link_id, h.visitor"
        );
        tx.execute(sqlx::AssertSqlSafe(visitors), &binds).await?;
        Ok(())
    }

    /// Leaves out of the delta the links deleted since their hits were queued, and deletes
    /// those hits; whether there were any.
    async fn drop_deleted_links(&self, tx: &mut Tx) -> sqlx::Result<bool> {
        if tx.execute(FIND_GONE_LINKS, &[]).await? == 0 {
            return Ok(false);
        }
        tx.execute_all(&FORGET_GONE_LINKS, &[]).await?;
        tx.execute(DELETE_GONE_HITS, &[self.was.id, self.id])
            .await?;
        Ok(true)
    }

    /// Remembers the new visitors, and adds the delta to the rollups of its hours and days.
    async fn write_rollups(&self, tx: &mut Tx) -> sqlx::Result<()> {
        tx.execute(REMEMBER_NEW_VISITORS, &[]).await?;
        let qs: Vec<i64> = tx
            .scalars(sqlx::AssertSqlSafe(format!(
                "SELECT q FROM rollup_delta UNION SELECT first_at / {QUARTER_MS} FROM rollup_new_visitors"
            )))
            .await?;
        if qs.is_empty() {
            return Ok(());
        }
        for chunk in qs.chunks(500) {
            let slots = format!(
                "INSERT INTO rollup_slots (q, hour, day) VALUES {}",
                slot_values(chunk, &self.tz)
            );
            tx.execute(sqlx::AssertSqlSafe(slots), &[]).await?;
        }
        for statement in rollup_statements() {
            tx.execute(sqlx::AssertSqlSafe(statement), &[]).await?;
        }
        Ok(())
    }

    /// Moves the marks past this step.
    async fn advance_marks(&self, tx: &mut Tx) -> sqlx::Result<()> {
        let refold_id = if self.refold_at == i64::MAX {
            0
        } else {
            self.was.refold_id
        };
        tx.execute(
            "UPDATE rollup_state SET rolled_id = $1, refold_at = $2, refold_id = $3 WHERE id = 1",
            &[self.id, self.refold_at, refold_id],
        )
        .await?;
        Ok(())
    }
}

impl Db {
    /// Most new hits folded in one step: where the writers wait while a fold runs, a long
    /// history (a first fold, or a refold) goes in many short steps.
    pub(crate) fn most_per_fold(&self) -> i64 {
        match self {
            Db::Sqlite(..) => sqlite::MOST_PER_FOLD,
            Db::Postgres(_) => postgres::MOST_PER_FOLD,
        }
    }

    /// Between two steps of a fold in the background, the fold rests this many times as long
    /// as the step took (src/hits/rollup.rs).
    pub fn fold_rest(&self) -> u32 {
        match self {
            Db::Sqlite(..) => sqlite::REST_AFTER_FOLD_STEP,
            Db::Postgres(_) => postgres::REST_AFTER_FOLD_STEP,
        }
    }

    /// Begins a fold's transaction with its work tables, excluding other folds: with the
    /// last hit id that is final (no batch holding a smaller one is still being written).
    async fn begin_fold(&self) -> sqlx::Result<(Tx, i64)> {
        Ok(match self {
            Db::Sqlite(pool, _) => {
                let (tx, last) = sqlite::begin_fold(pool).await?;
                (Tx::Sqlite(tx), last)
            }
            Db::Postgres(pool) => {
                let (tx, last) = postgres::begin_fold(pool).await?;
                (Tx::Postgres(tx), last)
            }
        })
    }

    /// Run once a fold has written its rollups, before [`Db::end_fold`]: add the delta's
    /// clicks to their links' folded clicks ([`ADD_FOLDED_CLICKS`]). PostgreSQL does it in
    /// [`Db::count_new_hits`] when the fold takes new hits: one upsert of `link_stats`, whose
    /// rows two passes (each in link order) would lock out of order, against a writer's.
    fn count_folded_clicks(&self, new_hits: bool) -> &'static [&'static str] {
        match self {
            Db::Sqlite(..) => &[ADD_FOLDED_CLICKS],
            Db::Postgres(_) if new_hits => &[],
            Db::Postgres(_) => &[ADD_FOLDED_CLICKS],
        }
    }

    /// Run when a fold takes new hits, `$1 < id <= $2`: add them to their links' totals (a
    /// refold leaves totals alone: it changes classes, not how many hits a link has) and to
    /// `hit_index`, the list of each link's hits. A hit whose link was deleted meanwhile is
    /// not counted: a guard, as [`Step::drop_deleted_links`] has already taken such hits out,
    /// asked once per link after grouping rather than once per hit (docs/performance.md, "The
    /// fold"). `link_stats` rows are locked in link order, as the writer's are.
    fn count_new_hits(&self) -> &'static [&'static str] {
        match self {
            Db::Sqlite(..) => &sqlite::COUNT_NEW_HITS,
            Db::Postgres(_) => &postgres::COUNT_NEW_HITS,
        }
    }

    /// Run before a fold commits, once its work tables are used.
    fn end_fold(&self) -> &'static [&'static str] {
        match self {
            Db::Sqlite(..) => &sqlite::END_FOLD,
            Db::Postgres(_) => &[], // its work tables go with the transaction
        }
    }

    /// Folds the next hits into the rollups: those written since the last fold, and a day of
    /// a refold under way; at most [`Db::most_per_fold`] new ones, unless the writer's tally
    /// has them all ([`Step::use_tally`]). Returns true when more is left.
    pub async fn fold_hits(&self) -> sqlx::Result<bool> {
        let mut turn = self.write_turn().await;
        let (mut tx, last) = self.begin_fold().await?;
        let mut step = Step::read(&mut tx, last, self.most_per_fold()).await?;
        let counts = match turn.as_deref_mut() {
            Some(tally) => step.use_tally(&mut tx, tally, last).await?,
            None => None,
        };
        step.fill_delta(&mut tx, counts.as_ref()).await?;
        let gone = step.drop_deleted_links(&mut tx).await?;
        step.write_rollups(&mut tx).await?;
        let new_hits = step.id > step.was.id;
        tx.execute_all(self.count_folded_clicks(new_hits), &[])
            .await?;
        tx.execute_all(self.end_fold(), &[]).await?;
        if new_hits {
            let new = [step.was.id, step.id];
            match (&counts, &mut tx) {
                (Some(counts), Tx::Sqlite(sqlite_tx)) => {
                    counts.index_hits(sqlite_tx).await?;
                    tx.execute(sqlite::ADD_NEW_HITS_TO_TOTALS, &new).await?;
                }
                _ => tx.execute_all(self.count_new_hits(), &new).await?,
            }
        }
        step.advance_marks(&mut tx).await?;
        if gone {
            // As after any deletion of hits (SQLite: their ids may be handed out again, and
            // the fold mark comes down below them).
            tx.execute_all(self.after_deleting_link_data(), &[]).await?;
        }
        tx.commit().await?;
        Ok(step.id < last || step.refold_at != i64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use crate::db::Db;
    use crate::db::scratch::Scratch;
    use crate::hits::{HitBatch, HitRow};

    const MINUTE: i64 = 60_000;

    /// Hits of every kind of group: classes, places, referrers, destinations, visitors (one
    /// seen before), over quarter hours, hours and a day's edge.
    fn varied_hits(now: i64, seed: i64) -> Vec<HitRow> {
        (0..60)
            .map(|i| {
                let mut hit = HitRow::dark_click(1 + (i + seed) % 3, now - (i % 7) * 20 * MINUTE);
                match i % 4 {
                    0 => {}
                    1 => {
                        hit.kind = "bot";
                        hit.device = "bot";
                        hit.source = None;
                    }
                    2 => {
                        hit.source = Some("public");
                        hit.platform = "linkedin";
                        hit.referrer_host = Some("www.linkedin.com".into());
                    }
                    _ => hit.destination = Some((i % 2) as i16),
                }
                if i % 5 == 0 {
                    hit.country = Some("FR".into());
                    hit.city = Some("Lyon".into());
                }
                if i % 3 == 0 {
                    hit.visitor = Some(40 + i % 4);
                }
                hit
            })
            .collect()
    }

    async fn write(db: &Db, batch: &str, rows: Vec<HitRow>) {
        let batch_rows = HitBatch {
            rows,
            ..HitBatch::default()
        };
        assert!(db.insert_hit_batch(batch, &batch_rows).await.unwrap());
    }

    fn pool(db: &Db) -> &sqlx::SqlitePool {
        let Db::Sqlite(pool, _) = db else {
            unreachable!("the tally is SQLite's")
        };
        pool
    }

    async fn sql(db: &Db, statement: &str) {
        sqlx::query(sqlx::AssertSqlSafe(statement))
            .execute(pool(db))
            .await
            .unwrap();
    }

    /// A click of `link_id` written as another process would: not through this writer, so
    /// not in its tally.
    async fn write_around_the_writer(db: &Db, link_id: i64, at: i64) {
        sql(
            db,
            &format!(
                "INSERT INTO hits (link_id, at, method, device, kind, source, platform, evidence) \
                 VALUES ({link_id}, {at}, 'GET', 'desktop', 'click', 'dark', '', 'none')"
            ),
        )
        .await;
    }

    async fn make_links(db: &Db, ids: std::ops::RangeInclusive<i64>) {
        for id in ids {
            sql(
                db,
                &format!(
                    "INSERT INTO links (id, slug, url, created_at, updated_at) \
                     VALUES ({id}, 's{id}', 'https://example.com/', 0, 0)"
                ),
            )
            .await;
        }
    }

    /// Everything a fold writes, as text.
    async fn folded_state(db: &Db) -> Vec<String> {
        let pool = pool(db);
        let mut state = Vec::new();
        for query in [
            "SELECT grain || ' ' || dim || ' ' || bucket || ' ' || link_id || ' ' || kind || ' ' \
             || source || ' ' || key || ' ' || key2 || ' ' || hits FROM rollups ORDER BY 1",
            "SELECT link_id || ' ' || visitor || ' ' || first_at FROM seen_visitors ORDER BY 1",
            // Each fold step adds a row per link: the same hits may be listed in more rows.
            "SELECT i.link_id || ' ' || x.value FROM hit_index i, json_each(i.ids) x \
             ORDER BY i.link_id, x.value",
            "SELECT link_id || ' ' || hits || ' ' || clicks FROM link_stats ORDER BY 1",
            "SELECT CAST(rolled_id AS TEXT) FROM rollup_state",
        ] {
            let rows: Vec<String> = sqlx::query_scalar(query).fetch_all(pool).await.unwrap();
            state.push(format!("{query}\n{}", rows.join("\n")));
        }
        state
    }

    /// Three links (the third deleted before the fold), a visitor seen before, batches from
    /// the writer and hits written around it; folded with the tally or from the hit log only.
    async fn fold_a_day(now: i64, with_tally: bool) -> Vec<String> {
        let scratch = Scratch::sqlite("tally").await;
        let db = &scratch.db;
        make_links(db, 1..=3).await;
        sql(
            db,
            &format!(
                "INSERT INTO seen_visitors (link_id, visitor, first_at) VALUES (1, 40, {})",
                now - 30 * MINUTE
            ),
        )
        .await;
        write(db, "a", varied_hits(now, 0)).await;
        write(db, "b", varied_hits(now, 1)).await;
        // Another process's hit: the batches after it start a new tally.
        write_around_the_writer(db, 2, now).await;
        write(db, "c", varied_hits(now, 2)).await;
        write(db, "d", varied_hits(now, 3)).await;
        sql(db, "DELETE FROM links WHERE id = 3").await;
        if !with_tally {
            db.write_turn().await.unwrap().take();
        }
        while db.fold_hits().await.unwrap() {}
        let state = folded_state(db).await;
        db.close().await;
        state
    }

    #[tokio::test]
    async fn a_fold_from_the_tally_counts_what_a_fold_from_the_hit_log_counts() {
        let now = crate::clock::now_ms();
        let from_tally = fold_a_day(now, true).await;
        let from_hits = fold_a_day(now, false).await;
        for (tally, hits) in from_tally.iter().zip(&from_hits) {
            assert_eq!(tally, hits);
        }
        assert!(from_tally[0].lines().count() > 50, "{}", from_tally[0]);
    }

    /// Hits deleted behind the tally's back (by another process here) free their ids for hits
    /// it never saw: the fold counts those from the hit log instead.
    #[tokio::test]
    async fn a_tally_is_not_used_once_hits_were_deleted() {
        let scratch = Scratch::sqlite("tally").await;
        let db = &scratch.db;
        let now = crate::clock::now_ms();
        make_links(db, 1..=2).await;
        write(db, "a", vec![HitRow::dark_click(1, now); 10]).await;
        sql(db, "DELETE FROM hits WHERE id > 5").await;
        for statement in crate::db::sqlite::AFTER_DELETING_HITS {
            sql(db, statement).await;
        }
        // The same ids again, for the other link.
        for _ in 0..5 {
            write_around_the_writer(db, 2, now).await;
        }
        while db.fold_hits().await.unwrap() {}
        let pool = pool(db);
        let totals: Vec<(i64, i64, i64)> =
            sqlx::query_as("SELECT link_id, hits, clicks FROM link_stats ORDER BY link_id")
                .fetch_all(pool)
                .await
                .unwrap();
        assert_eq!(totals, [(1, 5, 5), (2, 5, 5)]);
        let clicks: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT link_id, SUM(hits) FROM rollups WHERE grain = 2 AND dim = 1 \
             GROUP BY link_id ORDER BY link_id",
        )
        .fetch_all(pool)
        .await
        .unwrap();
        assert_eq!(clicks, [(1, 5), (2, 5)]);
        db.close().await;
    }

    /// The tally is what the fold reads: hits changed behind its back (which nothing in
    /// Lanterne does outside a refold) are counted as they were written.
    #[tokio::test]
    async fn a_fold_takes_the_writers_counts_from_the_tally() {
        let scratch = Scratch::sqlite("tally").await;
        let db = &scratch.db;
        let now = crate::clock::now_ms();
        make_links(db, 1..=1).await;
        write(db, "a", vec![HitRow::dark_click(1, now); 3]).await;
        sql(db, "UPDATE hits SET kind = 'bot'").await;
        while db.fold_hits().await.unwrap() {}
        let pool = pool(db);
        let kinds: Vec<String> = sqlx::query_scalar("SELECT DISTINCT kind FROM rollups")
            .fetch_all(pool)
            .await
            .unwrap();
        assert_eq!(kinds, ["click"]);
        db.close().await;
    }
}
