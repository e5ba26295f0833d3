//! Where the analysts' reads go: a streaming replica of the PostgreSQL primary when one is
//! configured (`LANTERNE_READ_DATABASE_URL`) and answers, else the primary. A background check
//! decides once a second, never a request: it falls back to the primary while the replica does
//! not answer, and measures how far the replica's replay is behind the primary's WAL, so that
//! the dashboard can say how old its figures are.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::Duration;

use sqlx::postgres::PgPoolOptions;
use sqlx::{Connection, PgConnection, PgPool};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::{ACQUIRE_TIMEOUT, Db};
use crate::clock::now_ms;
use crate::error::log_text;

/// How often the replica is checked.
const CHECK_EVERY: Duration = Duration::from_secs(1);
/// A check that takes longer than this finds the replica down (a hung replica must not keep
/// the reads).
const CHECK_TIMEOUT: Duration = Duration::from_secs(2);
/// A replica whose replay misses WAL the primary flushed longer ago than this is shown as
/// behind.
pub const LAG_SHOWN_MS: i64 = 10_000;
/// Samples of the primary's WAL position kept while the replica is behind: an hour's worth.
const MOST_SAMPLES: usize = 3_600;

/// The database the analysts' pages and APIs read, cheap to clone.
#[derive(Clone)]
pub struct ReadDb {
    primary: Db,
    replica: Option<Arc<Replica>>,
}

struct Replica {
    db: Db,
    /// For the check's own connection.
    url: String,
    /// Whether the last check found the replica answering.
    up: AtomicBool,
    /// When the replica's data was current, in Unix ms, if it is behind by more than
    /// [`LAG_SHOWN_MS`]; 0 when it is not.
    as_of: AtomicI64,
    /// The primary's WAL position the replica had replayed at the last check.
    replayed: AtomicI64,
    /// The primary's WAL position after the latest change made through this server: list
    /// pages read the replica only once it has replayed that far.
    written: AtomicI64,
}

impl ReadDb {
    /// Every read on the primary.
    pub fn primary_only(primary: Db) -> ReadDb {
        ReadDb {
            primary,
            replica: None,
        }
    }

    /// Reads on the replica at `url` once a check has found it answering. It is connected
    /// lazily: a replica that is down at start does not stop the server, its reads go to the
    /// primary.
    pub fn with_replica(primary: Db, url: &str) -> anyhow::Result<ReadDb> {
        if !matches!(primary, Db::Postgres(_)) {
            anyhow::bail!(
                "LANTERNE_READ_DATABASE_URL needs DATABASE_URL on PostgreSQL: a read replica streams from a PostgreSQL primary"
            );
        }
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            anyhow::bail!("LANTERNE_READ_DATABASE_URL is not a postgres:// URL");
        }
        let pool = PgPoolOptions::new()
            .min_connections(0)
            .max_connections(10)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_lazy(url)
            .map_err(|err| anyhow::anyhow!("LANTERNE_READ_DATABASE_URL: {err}"))?;
        Ok(ReadDb {
            primary,
            replica: Some(Arc::new(Replica {
                db: Db::Postgres(pool),
                url: url.to_owned(),
                up: AtomicBool::new(false),
                as_of: AtomicI64::new(0),
                replayed: AtomicI64::new(0),
                written: AtomicI64::new(0),
            })),
        })
    }

    /// The replica while it answers, else the primary.
    pub fn db(&self) -> &Db {
        match &self.replica {
            Some(replica) if replica.up.load(Ordering::Acquire) => &replica.db,
            _ => &self.primary,
        }
    }

    /// [`ReadDb::db`] for list pages, which must show a change made a moment ago: the
    /// primary until the replica has replayed this server's latest change.
    pub fn lists(&self) -> &Db {
        match &self.replica {
            Some(replica)
                if replica.replayed.load(Ordering::Acquire)
                    >= replica.written.load(Ordering::Acquire) =>
            {
                self.db()
            }
            _ => &self.primary,
        }
    }

    /// Notes where the primary's WAL is after a change, for [`ReadDb::lists`]. Nothing
    /// without a replica.
    pub async fn after_write(&self) {
        let (Some(replica), Db::Postgres(primary)) = (&self.replica, &self.primary) else {
            return;
        };
        let written: sqlx::Result<i64> =
            sqlx::query_scalar("SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint")
                .fetch_one(primary)
                .await;
        match written {
            Ok(lsn) => {
                replica.written.fetch_max(lsn, Ordering::AcqRel);
            }
            Err(err) => {
                tracing::debug!(error = %log_text(&err), "could not read the primary's WAL position")
            }
        }
    }

    /// When the figures read now were current (Unix ms), if they come from a replica more than
    /// [`LAG_SHOWN_MS`] behind the primary.
    pub fn figures_as_of(&self) -> Option<i64> {
        let replica = self.replica.as_ref()?;
        if !replica.up.load(Ordering::Acquire) {
            return None;
        }
        Some(replica.as_of.load(Ordering::Acquire)).filter(|at| *at > 0)
    }

    /// Whether the replica answers; `None` without one.
    pub fn replica_up(&self) -> Option<bool> {
        Some(self.replica.as_ref()?.up.load(Ordering::Acquire))
    }

    /// Starts the check of the replica, if there is one: at once, then every second.
    pub fn spawn_check(&self, stop: CancellationToken) -> Option<JoinHandle<()>> {
        let replica = self.replica.clone()?;
        let primary = self.primary.clone();
        Some(tokio::spawn(watch(primary, replica, stop)))
    }

    /// Closes the replica's connections (the primary is closed by its owner).
    pub async fn close_replica(&self) {
        if let Some(replica) = &self.replica {
            replica.db.close().await;
        }
    }
}

async fn watch(primary: Db, replica: Arc<Replica>, stop: CancellationToken) {
    let Db::Postgres(primary) = primary else {
        return;
    };
    let mut lag = Lag::default();
    // A connection of the check's own: a pool busy with dashboards is not a replica down.
    let mut connection: Option<PgConnection> = None;
    let mut first = true;
    let mut every = tokio::time::interval(CHECK_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = every.tick() => {}
        }
        sample_primary(&primary, &mut lag).await;
        let asked = replay_position(&replica.url, &mut connection);
        let position = tokio::time::timeout(CHECK_TIMEOUT, asked)
            .await
            .unwrap_or_else(|_| Err("no answer within 2 s".into()));
        if position.is_err() {
            connection = None;
        }
        let judged = position.map(|(recovering, replayed, replayed_at)| {
            lag.judge(now_ms(), recovering, replayed, replayed_at)
        });
        publish(&replica, judged, std::mem::take(&mut first));
    }
}

/// Where the primary's WAL is now, noted for [`Lag`]. A primary that does not answer adds no
/// sample: the replica is judged on the positions already known.
async fn sample_primary(primary: &PgPool, lag: &mut Lag) {
    let flushed = sqlx::query_scalar("SELECT (pg_current_wal_flush_lsn() - '0/0'::pg_lsn)::bigint")
        .fetch_one(primary);
    if let Ok(Ok(lsn)) = tokio::time::timeout(CHECK_TIMEOUT, flushed).await {
        lag.sample(now_ms(), lsn);
    }
}

/// Whether the replica is recovering, the WAL position it has replayed, and when the last
/// transaction it replayed was committed (Unix ms).
async fn replay_position(
    url: &str,
    connection: &mut Option<PgConnection>,
) -> Result<(bool, Option<i64>, Option<i64>), String> {
    let connection = match connection {
        Some(connection) => connection,
        None => connection.insert(
            PgConnection::connect(url)
                .await
                .map_err(|e| e.to_string())?,
        ),
    };
    sqlx::query_as(
        "SELECT pg_is_in_recovery(), (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint, \
         (EXTRACT(EPOCH FROM pg_last_xact_replay_timestamp()) * 1000)::bigint",
    )
    .fetch_one(&mut *connection)
    .await
    .map_err(|err| err.to_string())
}

/// Tells readers what the check found: up with its position and lag, or down. Says in the log
/// when the replica goes down (or is down at start) and when it is back.
fn publish(replica: &Replica, judged: Result<(i64, Option<i64>), String>, first: bool) {
    let was_up = replica.up.load(Ordering::Acquire);
    match judged {
        Ok((replayed, as_of)) => {
            replica.replayed.store(replayed, Ordering::Release);
            replica.as_of.store(as_of.unwrap_or(0), Ordering::Release);
            replica.up.store(true, Ordering::Release);
            if !was_up {
                tracing::info!(
                    "the read replica answers: the dashboard and the stats API read from it"
                );
            }
        }
        Err(error) => {
            replica.up.store(false, Ordering::Release);
            if was_up || first {
                tracing::warn!(%error, "the read replica does not answer: reads go to the primary until it does");
            }
        }
    }
}

/// The primary's WAL positions over time, (Unix ms, LSN), oldest first: what the replica's
/// replayed position is compared with. Only the samples the replica has not passed are
/// kept, and the last one it has.
#[derive(Default)]
struct Lag {
    samples: VecDeque<(i64, i64)>,
}

impl Lag {
    fn sample(&mut self, at: i64, lsn: i64) {
        self.samples.push_back((at, lsn));
        if self.samples.len() > MOST_SAMPLES {
            self.samples.pop_front();
        }
    }

    /// What a check found, for readers: the position replayed, and when the replica's data
    /// was current if it is behind (see [`Lag::behind`]). A server that is not recovering
    /// (promoted, or not a streaming replica) has nothing to replay, nor to be behind on.
    fn judge(
        &mut self,
        now: i64,
        recovering: bool,
        replayed: Option<i64>,
        replayed_at: Option<i64>,
    ) -> (i64, Option<i64>) {
        match (recovering, replayed) {
            (true, Some(replayed)) => (replayed, self.behind(now, replayed, replayed_at)),
            _ => {
                self.samples.clear();
                (i64::MAX, None)
            }
        }
    }

    /// When the replica's data was current, if at `now` it still misses WAL the primary had
    /// flushed more than [`LAG_SHOWN_MS`] ago: the time of the last sample it has replayed
    /// (else of its last replayed transaction, `replayed_at`).
    fn behind(&mut self, now: i64, replayed: i64, replayed_at: Option<i64>) -> Option<i64> {
        while self.samples.get(1).is_some_and(|s| s.1 <= replayed) {
            self.samples.pop_front();
        }
        let missing = self.samples.iter().find(|s| s.1 > replayed)?.0;
        if now - missing <= LAG_SHOWN_MS {
            return None;
        }
        match self.samples.front() {
            Some(&(at, lsn)) if lsn <= replayed => Some(at),
            _ => Some(replayed_at.map_or(missing, |at| at.min(missing))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Lag;

    fn lag(samples: &[(i64, i64)]) -> Lag {
        let mut lag = Lag::default();
        for &(at, lsn) in samples {
            lag.sample(at, lsn);
        }
        lag
    }

    #[test]
    fn a_replica_that_replayed_the_last_position_is_current() {
        let mut l = lag(&[(0, 100), (1_000, 200), (20_000, 300)]);
        assert_eq!(l.behind(21_000, 300, None), None);
        assert_eq!(l.samples.len(), 1, "samples passed are forgotten");
    }

    #[test]
    fn a_replica_missing_recent_wal_only_is_not_shown_behind() {
        let mut l = lag(&[(0, 100), (15_000, 200)]);
        assert_eq!(l.behind(20_000, 150, None), None);
    }

    #[test]
    fn a_replica_missing_wal_older_than_ten_seconds_is_current_as_of_its_last_sample() {
        let mut l = lag(&[(0, 100), (1_000, 200), (2_000, 300), (30_000, 300)]);
        assert_eq!(l.behind(30_000, 200, Some(500)), Some(1_000));
    }

    #[test]
    fn an_idle_primary_leaves_the_replica_current() {
        let mut l = lag(&[(0, 100), (60_000, 100)]);
        assert_eq!(l.behind(60_000, 100, Some(0)), None);
    }

    #[test]
    fn a_server_that_is_not_recovering_is_current() {
        let mut l = lag(&[(0, 100), (1_000, 200)]);
        assert_eq!(l.judge(60_000, false, None, None), (i64::MAX, None));
        assert!(l.samples.is_empty());
    }

    #[test]
    fn past_every_sample_the_last_replayed_transaction_says_when() {
        let mut l = lag(&[(5_000, 200), (6_000, 300)]);
        assert_eq!(l.behind(30_000, 150, Some(4_000)), Some(4_000));
        assert_eq!(l.behind(30_000, 150, None), Some(5_000));
    }
}
