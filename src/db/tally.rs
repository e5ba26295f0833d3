//! The tally (SQLite): the hits this process wrote since the last fold, grouped as a fold
//! groups them, so that the fold takes its delta from memory instead of reading every new hit
//! back from the table (docs/performance.md, "The fold reads the tally").
//!
//! It is kept under the turn at SQLite's write lock, which the hit writer and the fold both
//! hold: it covers the hits with `from < id <= to`, all of them written by this process, and
//! the fold uses it only when that range starts where its mark stands, no hit was deleted
//! since its first batch, and the range holds as many hits as it counted. Anything else (hits
//! written by another process, hits deleted, a refold under way, a tally grown too big, a
//! commit whose outcome was not known) leaves those hits to the fold's SQL: the tally makes
//! a fold cheaper, and counts what the SQL would.

use hashbrown::{Equivalent, HashMap};
use sqlx::{QueryBuilder, Sqlite, Transaction};

use super::rollups::QUARTER_MS;
use crate::hits::HitRow;

/// A row of the fold's `rollup_delta`, less its count, as the fold's grouping makes it
/// (`fold::Step::fill_delta`): absent text as `''`. Kept as [`DeltaKey`]; a hit is looked up
/// as the borrowed form, so that counting it allocates nothing unless its group is new.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Group<'a> {
    link_id: i64,
    quarter: i64,
    kind: &'static str,
    source: &'static str,
    device: &'static str,
    country: &'a str,
    city: &'a str,
    platform: &'static str,
    referrer_host: &'a str,
    destination: Option<i16>,
}

impl Group<'_> {
    fn of(hit: &HitRow) -> Group<'_> {
        Group {
            link_id: hit.link_id,
            quarter: hit.at / QUARTER_MS,
            kind: hit.kind,
            source: hit.source.unwrap_or_default(),
            device: hit.device,
            country: hit.country.as_deref().unwrap_or_default(),
            city: hit.city.as_deref().unwrap_or_default(),
            platform: hit.platform,
            referrer_host: hit.referrer_host.as_deref().unwrap_or_default(),
            destination: hit.destination,
        }
    }

    fn to_owned(self) -> DeltaKey {
        DeltaKey {
            link_id: self.link_id,
            quarter: self.quarter,
            kind: self.kind,
            source: self.source,
            device: self.device,
            country: self.country.into(),
            city: self.city.into(),
            platform: self.platform,
            referrer_host: self.referrer_host.into(),
            destination: self.destination,
        }
    }
}

/// A [`Group`] that owns its text.
#[derive(Debug, PartialEq, Eq)]
struct DeltaKey {
    link_id: i64,
    quarter: i64,
    kind: &'static str,
    source: &'static str,
    device: &'static str,
    country: Box<str>,
    city: Box<str>,
    platform: &'static str,
    referrer_host: Box<str>,
    destination: Option<i16>,
}

impl DeltaKey {
    fn group(&self) -> Group<'_> {
        Group {
            link_id: self.link_id,
            quarter: self.quarter,
            kind: self.kind,
            source: self.source,
            device: self.device,
            country: &self.country,
            city: &self.city,
            platform: self.platform,
            referrer_host: &self.referrer_host,
            destination: self.destination,
        }
    }
}

/// Hashed as its borrowed form, so that both find the same entry.
impl std::hash::Hash for DeltaKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.group().hash(state);
    }
}

impl Equivalent<DeltaKey> for Group<'_> {
    fn equivalent(&self, key: &DeltaKey) -> bool {
        *self == key.group()
    }
}

/// Most hits one tally covers: the fold takes them in one step, which still reads them to
/// check their number (18–28 ms for 480,000 here) and writes their ids into `hit_index`.
/// Past it, a new tally starts and the fold's SQL takes the older hits in steps. Its ids
/// take 8 MB at most.
const MOST_HITS: i64 = 1_000_000;
/// Most groups kept: a flood spread over more links, places and referrers than this goes to
/// the fold's SQL instead.
const MOST_GROUPS: usize = 200_000;

/// The counts of the hits `from < id <= to`.
#[derive(Debug, Default)]
pub(super) struct Counts {
    pub(super) from: i64,
    pub(super) to: i64,
    /// How many transactions had deleted hits when the first batch was written
    /// (migrations/sqlite/0022): a deletion since may have freed ids in the range for hits
    /// these counts never saw.
    pub(super) deletions: i64,
    delta: HashMap<DeltaKey, i64>,
    /// A link's click with a visitor key, and when that visitor first came in these hits.
    visitors: HashMap<(i64, i64), i64>,
    /// Each link's hits, by id in the order written.
    ids: HashMap<i64, Vec<i64>>,
}

impl Counts {
    pub(super) fn hits(&self) -> i64 {
        self.to - self.from
    }

    /// Adds `rows`, whose ids follow on from `to`.
    fn add(&mut self, rows: &[HitRow]) {
        for (id, hit) in (self.to + 1..).zip(rows) {
            self.ids.entry(hit.link_id).or_default().push(id);
            let group = Group::of(hit);
            match self.delta.get_mut(&group) {
                Some(hits) => *hits += 1,
                None => {
                    self.delta.insert(group.to_owned(), 1);
                }
            }
            if hit.kind == "click"
                && let Some(visitor) = hit.visitor
            {
                let first = self
                    .visitors
                    .entry((hit.link_id, visitor))
                    .or_insert(hit.at);
                *first = (*first).min(hit.at);
            }
        }
    }

    fn too_big(&self) -> bool {
        self.hits() > MOST_HITS || self.delta.len() + self.visitors.len() > MOST_GROUPS
    }

    /// Fills the fold's `rollup_delta` and `rollup_new_visitors` as its SQL would from the
    /// hits: visitors already seen are left out.
    pub(super) async fn write(&self, tx: &mut Transaction<'static, Sqlite>) -> sqlx::Result<()> {
        // 11 values a row: 5,500 a statement, under SQLite's 32,766.
        let delta: Vec<_> = self.delta.iter().collect();
        for chunk in delta.chunks(500) {
            let mut insert = QueryBuilder::<Sqlite>::new("INSERT INTO rollup_delta ");
            insert.push_values(chunk, |mut row, (key, hits)| {
                let key = key.group();
                row.push_bind(key.link_id)
                    .push_bind(key.quarter)
                    .push_bind(key.kind)
                    .push_bind(key.source)
                    .push_bind(key.device)
                    .push_bind(key.country)
                    .push_bind(key.city)
                    .push_bind(key.platform)
                    .push_bind(key.referrer_host)
                    .push_bind(key.destination)
                    .push_bind(**hits);
            });
            insert.build().execute(&mut **tx).await?;
        }
        let visitors: Vec<_> = self.visitors.iter().collect();
        for chunk in visitors.chunks(500) {
            let mut insert = QueryBuilder::<Sqlite>::new("INSERT INTO rollup_new_visitors ");
            insert.push_values(chunk, |mut row, ((link_id, visitor), first_at)| {
                row.push_bind(*link_id)
                    .push_bind(*visitor)
                    .push_bind(**first_at);
            });
            insert.build().execute(&mut **tx).await?;
        }
        if !self.visitors.is_empty() {
            sqlx::query(
                "DELETE FROM rollup_new_visitors WHERE EXISTS (SELECT 1 FROM seen_visitors s \
                 WHERE s.link_id = rollup_new_visitors.link_id \
                 AND s.visitor = rollup_new_visitors.visitor)",
            )
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }

    /// Lists the hits in `hit_index`, as the fold's SQL would from the hits: links deleted
    /// meanwhile left out, and no row longer than a step of the SQL makes (a page of a link's
    /// hits reads its newest row whole).
    pub(super) async fn index_hits(
        &self,
        tx: &mut Transaction<'static, Sqlite>,
    ) -> sqlx::Result<()> {
        let most = super::sqlite::MOST_PER_FOLD as usize;
        let rows: Vec<_> = self
            .ids
            .iter()
            .flat_map(|(link_id, ids)| ids.chunks(most).map(move |ids| (link_id, ids)))
            .collect();
        // 5 values a row: 2,500 a statement, under SQLite's 32,766.
        for chunk in rows.chunks(500) {
            let mut insert = QueryBuilder::<Sqlite>::new(
                "INSERT INTO hit_index (link_id, last_id, first_id, n, ids) \
                 SELECT column1, column2, column3, column4, column5 FROM (",
            );
            insert.push_values(chunk, |mut row, (link_id, ids)| {
                let list = serde_json::to_string(ids).expect("integers serialize");
                row.push_bind(**link_id)
                    .push_bind(ids.last().copied())
                    .push_bind(ids.first().copied())
                    .push_bind(ids.len() as i64)
                    .push_bind(list);
            });
            insert.push(") WHERE EXISTS (SELECT 1 FROM links l WHERE l.id = column1)");
            insert.build().execute(&mut **tx).await?;
        }
        Ok(())
    }
}

/// The counts since the last fold, if they still cover an unbroken range of ids.
#[derive(Debug, Default)]
pub struct Tally(Option<Counts>);

impl Tally {
    /// Adds a batch just committed, whose last hit got id `last`, with `deletions` as it read
    /// them: SQLite gave its rows the ids one after the other. A batch that does not follow on
    /// from the counts, or written after hits were deleted, starts new ones.
    pub(super) fn add(&mut self, last: i64, deletions: i64, rows: &[HitRow]) {
        if rows.is_empty() {
            return;
        }
        let first = last - rows.len() as i64;
        let starting = |at| Counts {
            from: at,
            to: at,
            deletions,
            ..Counts::default()
        };
        let mut counts = match self.0.take() {
            Some(counts) if counts.to == first && counts.deletions == deletions => counts,
            _ => starting(first),
        };
        counts.add(rows);
        counts.to = last;
        if counts.too_big() {
            counts = starting(last);
        }
        self.0 = Some(counts);
    }

    pub(super) fn take(&mut self) -> Option<Counts> {
        self.0.take()
    }

    /// Gives back counts the fold did not use, for a later step.
    pub(super) fn keep(&mut self, counts: Counts) {
        self.0 = Some(counts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clicks(link_id: i64, n: usize) -> Vec<HitRow> {
        (0..n)
            .map(|i| HitRow::dark_click(link_id, 1_000_000 + i as i64))
            .collect()
    }

    #[test]
    fn batches_that_follow_on_add_up_and_one_that_does_not_starts_again() {
        let mut tally = Tally::default();
        tally.add(10, 0, &clicks(1, 10));
        tally.add(15, 0, &clicks(1, 5));
        let counts = tally.take().unwrap();
        assert_eq!((counts.from, counts.to), (0, 15));
        assert_eq!(counts.delta.values().sum::<i64>(), 15);
        assert_eq!(counts.ids[&1], (1..=15).collect::<Vec<i64>>());
        tally.keep(counts);
        // Ids 16 to 20 were written by someone else.
        tally.add(23, 0, &clicks(2, 3));
        let counts = tally.take().unwrap();
        assert_eq!((counts.from, counts.to, counts.delta.len()), (20, 23, 1));
        assert_eq!(counts.ids[&2], [21, 22, 23]);
        tally.keep(counts);
        // Following on, but written after hits were deleted.
        tally.add(24, 1, &clicks(2, 1));
        let counts = tally.take().unwrap();
        assert_eq!((counts.from, counts.to, counts.deletions), (23, 24, 1));
    }

    #[test]
    fn hits_group_by_quarter_hour_and_absent_text_as_empty() {
        let mut tally = Tally::default();
        let mut rows = clicks(1, 2);
        rows.push(HitRow::dark_click(1, 1_000_000 + QUARTER_MS));
        rows[0].visitor = Some(7);
        rows[1].visitor = Some(7);
        tally.add(3, 0, &rows);
        let counts = tally.take().unwrap();
        let first = Group::of(&rows[0]);
        assert_eq!(first.country, "");
        assert_eq!(counts.delta[&first], 2);
        assert_eq!(counts.delta.len(), 2);
        assert_eq!(counts.visitors[&(1, 7)], 1_000_000);
    }

    #[test]
    fn a_tally_grown_too_big_starts_empty_after_the_batch() {
        let mut tally = Tally::default();
        let spread: Vec<_> = (0..=MOST_GROUPS as i64)
            .map(|link_id| HitRow::dark_click(link_id, 1_000_000))
            .collect();
        let last = spread.len() as i64;
        tally.add(last, 0, &spread);
        let counts = tally.take().unwrap();
        assert_eq!((counts.from, counts.to), (last, last));
        assert!(counts.delta.is_empty());
    }
}
