//! Click limits: how many people a limited link has let through, decided in memory on the
//! redirect and counted in the database (`link_clicks`) in the background, shared by every
//! instance.
//!
//! An instance lets a person through while the count it last read from the database, plus the
//! people it let through since and has not had counted yet, is below the limit; it has at
//! most [`UNCOUNTED`] such people at a time, and each one starts a count in the background.
//! Alone, an instance never passes the limit. With several, one can let through up to
//! [`UNCOUNTED`] people before it reads what the others let through: the limit is passed by
//! at most `UNCOUNTED × (instances − 1)` people (docs/scaling.md).

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::atomic::AtomicI64;
use std::sync::atomic::Ordering::SeqCst;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use tokio_util::task::TaskTracker;

use crate::db::Db;
use crate::error::log_text;

/// People an instance lets through before the database has counted them: a burst larger than
/// this within one database round trip waits for the count (gets the expired answer).
pub const UNCOUNTED: i64 = 16;

/// A count that fails is tried again this often, until it succeeds.
const RETRY_EVERY: Duration = Duration::from_secs(1);
/// How long a stopping server waits for the last counts.
const FINISH_WITHIN: Duration = Duration::from_secs(5);

/// One limited link's count on this instance.
#[derive(Debug, Default)]
pub struct Clicks {
    link_id: i64,
    /// People let through on every instance, as the database last said.
    counted: AtomicI64,
    /// People let through here that the database has not counted yet (being counted or not).
    uncounted: AtomicI64,
    /// A count is under way.
    counting: AtomicBool,
}

impl Clicks {
    /// Whether the limit `max` still lets people through, as far as this instance knows.
    pub fn room(&self, max: i64) -> bool {
        self.counted.load(SeqCst) + self.uncounted.load(SeqCst) < max
    }

    /// Lets one person through if the limit `max` allows it; false when it does not (or when
    /// [`UNCOUNTED`] people are already waiting to be counted).
    fn admit(&self, max: i64) -> bool {
        self.uncounted
            .fetch_update(SeqCst, SeqCst, |waiting| {
                (waiting < UNCOUNTED && self.counted.load(SeqCst) + waiting < max)
                    .then_some(waiting + 1)
            })
            .is_ok()
    }

    /// After the database counted `people` of ours and answered `total`: what we know of
    /// every instance, then (never before, so that the sum is never short) fewer waiting.
    fn counted(&self, people: i64, total: i64) {
        self.counted.fetch_max(total, SeqCst);
        self.uncounted.fetch_sub(people, SeqCst);
    }
}

/// Every limited link's [`Clicks`] on this instance, kept by link id so that a count survives
/// the link's cache entry being rebuilt (an edit) while people are still being counted.
#[derive(Clone)]
pub struct ClickLimits {
    db: Db,
    links: Arc<Mutex<HashMap<i64, Weak<Clicks>>>>,
    counting: TaskTracker,
}

impl ClickLimits {
    pub fn new(db: Db) -> ClickLimits {
        ClickLimits {
            db,
            links: Arc::default(),
            counting: TaskTracker::new(),
        }
    }

    /// The count of `link_id`, `counted` people let through as the database says now.
    pub fn of(&self, link_id: i64, counted: i64) -> Arc<Clicks> {
        let mut links = self.links.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(clicks) = links.get(&link_id).and_then(Weak::upgrade) {
            clicks.counted.fetch_max(counted, SeqCst);
            return clicks;
        }
        // Entries of links no longer cached go when the map has grown: no task to run.
        if links.len() >= 1024 && links.len().is_power_of_two() {
            links.retain(|_, clicks| clicks.strong_count() > 0);
        }
        let clicks = Arc::new(Clicks {
            link_id,
            counted: AtomicI64::new(counted),
            ..Clicks::default()
        });
        links.insert(link_id, Arc::downgrade(&clicks));
        clicks
    }

    /// Lets one person through `clicks` under the limit `max`, and has them counted in the
    /// background. Never waits.
    pub fn admit(&self, clicks: &Arc<Clicks>, max: i64) -> bool {
        if !clicks.admit(max) {
            return false;
        }
        if !clicks.counting.swap(true, SeqCst) {
            let db = self.db.clone();
            let clicks = Arc::clone(clicks);
            self.counting.spawn(count(db, clicks));
        }
        true
    }

    /// Waits until every person let through is counted (at shutdown), for at most
    /// [`FINISH_WITHIN`]: a database that does not answer loses the count of a few people
    /// (at most [`UNCOUNTED`] per link), and the link lets as many more through later.
    pub async fn finish(&self) {
        self.counting.close();
        if tokio::time::timeout(FINISH_WITHIN, self.counting.wait())
            .await
            .is_err()
        {
            tracing::warn!("the click limits' last people could not be counted");
        }
    }
}

/// Counts the people waiting, until none are left.
async fn count(db: Db, clicks: Arc<Clicks>) {
    loop {
        let people = clicks.uncounted.load(SeqCst);
        if people > 0 {
            match db.add_link_clicks(clicks.link_id, people).await {
                Ok(total) => clicks.counted(people, total),
                Err(err) => {
                    tracing::warn!(error = %log_text(&err), link = clicks.link_id, "could not count a click limit's people; trying again");
                    tokio::time::sleep(RETRY_EVERY).await;
                    continue;
                }
            }
        }
        clicks.counting.store(false, SeqCst);
        // Someone let through after the load above and before the store finds `counting`
        // still set and starts no count: look again.
        if clicks.uncounted.load(SeqCst) == 0 || clicks.counting.swap(true, SeqCst) {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clicks(counted: i64) -> Clicks {
        Clicks {
            counted: AtomicI64::new(counted),
            ..Clicks::default()
        }
    }

    #[test]
    fn lets_people_through_up_to_the_limit() {
        let c = clicks(0);
        assert!(c.admit(3) && c.admit(3) && c.admit(3));
        assert!(!c.admit(3), "a fourth person");
        assert!(!c.room(3));
        c.counted(3, 3);
        assert!(!c.admit(3), "counted, still the limit");
        assert!(c.admit(4), "the limit was raised");
    }

    #[test]
    fn what_other_instances_let_through_counts_once_heard() {
        let c = clicks(0);
        assert!(c.admit(10));
        // The database counted ours and 8 from elsewhere.
        c.counted(1, 9);
        assert!(c.room(10));
        assert!(c.admit(10));
        assert!(!c.admit(10));
        // A stale answer (an earlier count arriving late) never lowers what we know.
        c.counted(0, 5);
        assert!(!c.room(10));
    }

    #[test]
    fn at_most_uncounted_people_wait_for_the_database() {
        let c = clicks(0);
        for _ in 0..UNCOUNTED {
            assert!(c.admit(1_000));
        }
        assert!(!c.admit(1_000), "the database has not answered");
        c.counted(UNCOUNTED, UNCOUNTED);
        assert!(c.admit(1_000));
    }

    #[tokio::test]
    async fn counts_in_the_database_and_keeps_one_count_per_link() {
        let scratch = crate::db::scratch::Scratch::sqlite("limit").await;
        let db = scratch.db.clone();
        let limits = ClickLimits::new(db.clone());
        let first = limits.of(7, 0);
        for _ in 0..5 {
            assert!(limits.admit(&first, 5));
        }
        assert!(!limits.admit(&first, 5));
        // The link's entry rebuilt (an edit) while its people are being counted: same count.
        let again = limits.of(7, 0);
        assert!(Arc::ptr_eq(&first, &again));
        limits.finish().await;
        assert_eq!(db.link_clicks(7).await.unwrap(), 5);
        assert!(!again.room(5));
        drop((first, again));
        // Once no entry holds it, a new one starts from what the database says.
        assert!(!limits.of(7, 5).room(5));
    }
}
