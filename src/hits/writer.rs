//! The writer task: takes hits off the queue in batches, enriches them and inserts each batch
//! in one transaction, or spools it while the database fails; on shutdown it drains the
//! queue to the last hit.

use std::sync::Arc;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::enrich::Enricher;
use super::queue::Queued;
use super::spool::Spool;
use super::visitor::DailySalt;
use super::{HitBatch, HitRow, PrivatePage};
use crate::db::Db;
use crate::error::log_text;
use crate::metrics::Metrics;

/// Most hits written in one transaction.
const BATCH: usize = 2_000;

pub struct Writer {
    pub db: Db,
    pub spool: Spool,
    pub enricher: Arc<Enricher>,
    pub metrics: Arc<Metrics>,
    /// The operator's secret the visitor keys are derived from; random keys in memory
    /// without one (`hits::visitor`).
    pub visitor_secret: Option<Arc<[u8]>>,
}

/// While the database fails it is tried at most this often; the batches in between go
/// straight to the spool, so the queue keeps moving at the speed of the disk rather than of
/// connection attempts that time out.
const TRY_FAILING_DATABASE_EVERY: Duration = Duration::from_secs(1);

/// Whether the database answered the last time the writer tried it.
struct Health {
    failing_since: Option<Instant>,
    last_try: Instant,
}

impl Health {
    fn new() -> Health {
        Health {
            failing_since: None,
            last_try: Instant::now(),
        }
    }

    fn worth_trying(&self) -> bool {
        self.failing_since.is_none() || self.last_try.elapsed() >= TRY_FAILING_DATABASE_EVERY
    }

    fn tried(&mut self, result: Result<(), &sqlx::Error>) {
        self.last_try = Instant::now();
        match (result, self.failing_since) {
            (Ok(()), Some(since)) => {
                self.failing_since = None;
                tracing::info!(after = ?since.elapsed(), "the database answers again");
            }
            (Err(err), None) => {
                self.failing_since = Some(self.last_try);
                tracing::warn!(error = %log_text(err), "database unavailable; hits go to the spool until it answers");
            }
            _ => {}
        }
    }
}

/// While the database fails, hits are gathered this long before going to the spool: one
/// segment file (one fsync, one transaction when it is replayed) per tenth of a second rather
/// than per handful of hits.
const GATHER_WHILE_FAILING: Duration = Duration::from_millis(100);

/// When the next batch may begin: a window after the last one began
/// ([`crate::db::Db::batch_window`]), at once for the first and after a quiet spell.
struct Pace {
    window: Duration,
    last: Option<Instant>,
}

impl Pace {
    fn new(window: Duration) -> Pace {
        Pace { window, last: None }
    }

    fn next_batch_at(&self) -> Instant {
        self.last
            .map_or_else(Instant::now, |last| last + self.window)
    }

    fn began(&mut self) {
        self.last = Some(Instant::now());
    }
}

/// Tops `raw` up with what arrives until `until`, up to a full batch.
async fn gather(rx: &mut mpsc::Receiver<Queued>, raw: &mut Vec<Queued>, until: Instant) {
    while raw.len() < BATCH && Instant::now() < until {
        let more = tokio::time::timeout_at(until, rx.recv_many(raw, BATCH - raw.len()));
        if !matches!(more.await, Ok(n) if n > 0) {
            break;
        }
    }
}

/// Unix ms in a UTC day.
const DAY_MS: i64 = 86_400_000;

/// Turns raw hits and events into rows.
fn enrich_all(enricher: &Enricher, raw: Vec<Queued>, salt: &DailySalt) -> HitBatch {
    let mut batch = HitBatch::default();
    for queued in raw {
        match queued {
            // Asked not to be tracked: counted, and nothing else about it is kept.
            Queued::Hit(hit) if hit.do_not_track => {
                *batch.private.entry(hit.link_id).or_default() += 1;
            }
            Queued::Hit(hit) => batch.rows.push(enricher.enrich(hit, salt)),
            // Only views of such visitors reach the queue (the endpoint keeps nothing of
            // their copies or shares): the page's count for the day.
            Queued::Event(event) if event.request.do_not_track => {
                let page = PrivatePage {
                    site_id: event.site_id,
                    day: event.request.at - event.request.at.rem_euclid(DAY_MS),
                    page: event.page,
                };
                *batch.private_views.entry(page).or_default() += 1;
            }
            Queued::Event(event) => batch.events.push(event.enrich(enricher, salt)),
        }
    }
    // In link order (stable, so each link's hits keep their order): a link's hits of one
    // batch get consecutive ids and sit side by side on disk, so a page of its hit log reads a
    // few pages of the table, not one per hit. (It also filled the former (link_id, id) index
    // leaf by leaf, which made it cheaper: docs/performance.md, "The hit writer".)
    in_link_order(&mut batch.rows);
    batch
}

/// Sorts rows by link, stably. A row is a few hundred bytes, and a sort of the rows
/// themselves moved each of them many times (a thirtieth of the hit path's instructions):
/// the order is found on (link, position) pairs instead, then each row is moved into place
/// along the permutation's cycles, once or twice.
fn in_link_order(rows: &mut [HitRow]) {
    if rows.is_sorted_by_key(|row| row.link_id) {
        return;
    }
    let mut order: Vec<(i64, usize)> = rows
        .iter()
        .enumerate()
        .map(|(at, row)| (row.link_id, at))
        .collect();
    // Positions are distinct, so an unstable sort of the pairs is stable for the rows.
    order.sort_unstable();
    // `from[k]`: where the row that belongs at `k` is now; a row in place has `from[k] == k`.
    let mut from: Vec<usize> = order.into_iter().map(|(_, at)| at).collect();
    for start in 0..rows.len() {
        let mut k = start;
        while from[k] != k {
            let source = from[k];
            from[k] = k;
            if source == start {
                break;
            }
            rows.swap(k, source);
            k = source;
        }
    }
}

impl Writer {
    /// Runs until `shutdown` is cancelled and every queued hit is written.
    pub async fn run(self, mut rx: mpsc::Receiver<Queued>, shutdown: CancellationToken) {
        let mut salt = DailySalt::new(self.visitor_secret.as_deref());
        let mut health = Health::new();
        let mut raw = Vec::with_capacity(BATCH);
        let mut pace = Pace::new(self.db.batch_window());
        loop {
            let received = tokio::select! {
                n = rx.recv_many(&mut raw, BATCH) => n,
                () = shutdown.cancelled(), if !rx.is_closed() => {
                    // Refuse new hits; what is already queued is still received below.
                    rx.close();
                    continue;
                }
            };
            if received == 0 {
                break; // closed and empty
            }
            // Under a flood, what arrives within the window joins this batch; after a quiet
            // spell the window is long past and nothing waits.
            let until = if health.worth_trying() {
                pace.next_batch_at()
            } else {
                Instant::now() + GATHER_WHILE_FAILING
            };
            gather(&mut rx, &mut raw, until).await;
            pace.began();
            salt.roll(raw.last().map_or(0, Queued::at));
            // Parsing and classifying a batch is milliseconds of CPU: done on a blocking
            // thread, so no redirect waits behind it on one of the runtime's workers.
            let enricher = Arc::clone(&self.enricher);
            let day_salt = salt.clone();
            let hits = std::mem::replace(&mut raw, Vec::with_capacity(BATCH));
            let count = hits.len();
            let enriched =
                tokio::task::spawn_blocking(move || enrich_all(&enricher, hits, &day_salt)).await;
            let batch = match enriched {
                Ok(batch) => batch,
                Err(panic) => {
                    // A bug (the classifier is fuzzed against it): say what it cost.
                    tracing::error!(error = %panic, lost = count, "enriching a batch of hits failed");
                    continue;
                }
            };
            self.write(&batch, &mut health).await;
        }
        tracing::info!("hit writer stopped: every queued hit is written");
    }

    /// Inserts one batch, or spools it when the database fails. Only if the disk fails too
    /// does the writer wait and retry.
    async fn write(&self, rows: &HitBatch, health: &mut Health) {
        // One id for every attempt and for the spool: a retry of a batch whose commit did
        // happen is recognised and skipped.
        let batch = format!("{:016x}", rand::random::<u64>());
        let mut wait = Duration::from_millis(100);
        loop {
            if health.worth_trying() {
                let inserted = self.db.insert_hit_batch(&batch, rows).await;
                health.tried(inserted.as_ref().map(|_| ()));
                if inserted.is_ok() {
                    self.metrics
                        .hits_stored
                        .fetch_add(rows.len() as u64, Relaxed);
                    return;
                }
            }
            match self.spool.append(&batch, rows) {
                Ok(()) => {
                    tracing::debug!(hits = rows.len(), "hits spooled to disk");
                    self.metrics
                        .hits_spooled
                        .fetch_add(rows.len() as u64, Relaxed);
                    return;
                }
                Err(io) => tracing::error!(
                    spool = %io, hits = rows.len(),
                    "cannot store or spool hits; retrying"
                ),
            }
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(Duration::from_secs(5));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::net::IpAddr;

    use super::*;
    use crate::geo::Geo;
    use crate::hits::RawHit;
    use crate::hits::ledger::Ledger;
    use crate::hits::queue::HitQueue;

    fn hit(at: i64) -> RawHit {
        RawHit {
            at,
            link_id: 1,
            head: false,
            peer: IpAddr::from([81, 2, 69, 142]),
            referrer: None,
            user_agent: None,
            x_forwarded_for: None,
            forwarded: None,
            do_not_track: false,
            signals: Default::default(),
            destination: None,
        }
    }

    /// Hits sent a millisecond apart, from a task of their own.
    fn send_every_millisecond(n: i64) -> mpsc::Receiver<Queued> {
        let (tx, rx) = mpsc::channel(64);
        tokio::spawn(async move {
            for at in 0..n {
                tokio::time::sleep(Duration::from_millis(1)).await;
                tx.send(Queued::Hit(hit(at))).await.unwrap();
            }
        });
        rx
    }

    #[test]
    fn rows_are_put_in_link_order_each_links_in_arrival_order() {
        // Every arrangement of a few links, repeated, against the standard stable sort.
        let links = [5, 3, 5, 1, 3, 5, 9, 1, 1, 7, 3, 5, 0, 9];
        for shift in 0..links.len() {
            for stride in [1, 3, 5] {
                let mut rows: Vec<HitRow> = (0..links.len())
                    .map(|i| {
                        HitRow::dark_click(links[(i * stride + shift) % links.len()], i as i64)
                    })
                    .collect();
                let mut expected: Vec<(i64, i64)> =
                    rows.iter().map(|r| (r.link_id, r.at)).collect();
                expected.sort_by_key(|&(link, _)| link);
                in_link_order(&mut rows);
                let got: Vec<(i64, i64)> = rows.iter().map(|r| (r.link_id, r.at)).collect();
                assert_eq!(got, expected, "shift {shift}, stride {stride}");
            }
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_batch_gathers_what_arrives_within_its_window() {
        let mut rx = send_every_millisecond(30);
        let (mut raw, started) = (Vec::new(), Instant::now());
        gather(&mut rx, &mut raw, started + Duration::from_millis(10)).await;
        assert_eq!(started.elapsed(), Duration::from_millis(10));
        assert!((9..=10).contains(&raw.len()), "{} hits gathered", raw.len());
    }

    #[tokio::test(start_paused = true)]
    async fn a_batch_begins_a_window_after_the_last_and_at_once_after_a_quiet_spell() {
        let window = Duration::from_millis(10);
        let mut pace = Pace::new(window);
        assert_eq!(pace.next_batch_at(), Instant::now(), "the first batch");
        pace.began();
        let began = Instant::now();
        tokio::time::advance(Duration::from_millis(3)).await;
        assert_eq!(pace.next_batch_at(), began + window, "under a flood");
        pace.began();
        tokio::time::advance(Duration::from_secs(2)).await;
        assert!(pace.next_batch_at() < Instant::now(), "after a quiet spell");
    }

    /// A writer running on `db`, its spool in `dir`.
    struct Running {
        queue: HitQueue,
        metrics: Arc<Metrics>,
        spool: Spool,
        stop: CancellationToken,
        task: tokio::task::JoinHandle<()>,
    }

    fn run_writer(db: Db, dir: &std::path::Path) -> Running {
        let spool = Spool::open(&dir.join("spool")).unwrap();
        let metrics = Arc::new(Metrics::default());
        let ledger = Arc::new(Ledger::open(&dir.join("spool")).unwrap());
        let (queue, rx) = HitQueue::new(metrics.clone(), ledger);
        let writer = Writer {
            db,
            spool: spool.clone(),
            enricher: Arc::new(Enricher::new(
                Arc::new(Geo::builtin()),
                Arc::new(crate::hosting::HostingNetworks::builtin()),
                Arc::from([]),
            )),
            metrics: metrics.clone(),
            visitor_secret: None,
        };
        let stop = CancellationToken::new();
        let task = tokio::spawn(writer.run(rx, stop.clone()));
        Running {
            queue,
            metrics,
            spool,
            stop,
            task,
        }
    }

    impl Running {
        fn push(&self, at: i64) {
            self.metrics.redirects.fetch_add(1, Relaxed);
            self.queue.push(hit(at));
        }
    }

    /// A database that fails from the start: no hit waits for it; every one reaches the
    /// spool.
    #[tokio::test]
    async fn hits_go_to_the_spool_when_the_database_fails_from_the_start() {
        let scratch = crate::db::scratch::Scratch::sqlite("writer").await;
        if let Db::Sqlite(pool, _) = &scratch.db {
            sqlx::query("DROP TABLE hits").execute(pool).await.unwrap();
        }
        let writer = run_writer(scratch.db.clone(), &scratch.dir);
        let now = crate::clock::now_ms();
        for i in 0..5 {
            writer.push(now + i);
        }
        writer.stop.cancel();
        tokio::time::timeout(Duration::from_secs(10), writer.task)
            .await
            .expect("the writer waited for the database")
            .unwrap();
        assert_eq!(writer.metrics.hits_spooled.load(Relaxed), 5);
        assert_eq!(writer.spool.pending(), 5);
        assert_eq!(writer.metrics.in_memory(), 0);
    }

    /// On SQLite, hits that keep coming are written a window's worth at a time: a batch
    /// begins at most once per [`crate::db::Db::batch_window`], not once per hit.
    #[tokio::test]
    async fn hits_that_keep_coming_are_written_a_window_at_a_time() {
        let scratch = crate::db::scratch::Scratch::sqlite("window").await;
        let Db::Sqlite(pool, _) = &scratch.db else {
            unreachable!()
        };
        let window = scratch.db.batch_window();
        assert!(!window.is_zero());
        let writer = run_writer(scratch.db.clone(), &scratch.dir);
        let (started, now) = (Instant::now(), crate::clock::now_ms());
        for i in 0..60 {
            writer.push(now + i);
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        while writer.metrics.hits_stored.load(Relaxed) < 60 {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "hits not stored"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let windows = started.elapsed().as_millis() / window.as_millis();
        let batches: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM hit_batches")
            .fetch_one(pool)
            .await
            .unwrap();
        // The first batch at once, then at most one per window.
        assert!(
            batches as u128 <= windows + 1,
            "{batches} batches in {windows} windows"
        );
        writer.stop.cancel();
        writer.task.await.unwrap();
    }
}
