//! The hit queue: the redirect's only contact with analytics, and the events endpoint's.
//! Pushing never waits.

use std::sync::Arc;
use std::sync::atomic::Ordering::Relaxed;

use tokio::sync::mpsc::{self, error::TrySendError};
use tokio_util::task::TaskTracker;

use super::RawHit;
use super::event::RawEvent;
use super::ledger::Ledger;
use crate::metrics::Metrics;

/// Hits waiting for the writer before pushes overflow.
pub const CAPACITY: usize = 65_536;

/// What waits for the writer: a hit, or an event of the site snippet (boxed, so that a hit,
/// the common case, moves no more bytes than before).
#[derive(Debug)]
pub enum Queued {
    Hit(RawHit),
    Event(Box<RawEvent>),
}

impl Queued {
    /// Unix milliseconds.
    pub fn at(&self) -> i64 {
        match self {
            Queued::Hit(hit) => hit.at,
            Queued::Event(event) => event.request.at,
        }
    }
}

#[derive(Clone)]
pub struct HitQueue {
    tx: mpsc::Sender<Queued>,
    overflow: TaskTracker,
    metrics: Arc<Metrics>,
    ledger: Arc<Ledger>,
}

impl HitQueue {
    pub fn new(metrics: Arc<Metrics>, ledger: Arc<Ledger>) -> (HitQueue, mpsc::Receiver<Queued>) {
        let (tx, rx) = mpsc::channel(CAPACITY);
        let queue = HitQueue {
            tx,
            overflow: TaskTracker::new(),
            metrics,
            ledger,
        };
        (queue, rx)
    }

    /// Hands a hit over without waiting.
    ///
    /// Never `.await` here: hyper drops a handler's future when its client goes away, and a
    /// half-finished `send().await` would lose the hit. When the queue is full the hit goes
    /// to a spawned task, which nothing can cancel, and waits there for room.
    ///
    /// The caller has counted the hit in `metrics.redirects`; the crash ledger is brought up
    /// to date before the redirect is answered.
    pub fn push(&self, hit: RawHit) {
        self.enqueue(Queued::Hit(hit));
    }

    /// [`HitQueue::push`] for an event, which the caller has counted in `metrics.events`.
    pub fn push_event(&self, event: RawEvent) {
        self.enqueue(Queued::Event(Box::new(event)));
    }

    fn enqueue(&self, hit: Queued) {
        self.ledger.note(&self.metrics);
        match self.tx.try_send(hit) {
            Ok(()) => {}
            Err(TrySendError::Full(hit)) => {
                self.metrics.hits_overflowed.fetch_add(1, Relaxed);
                let tx = self.tx.clone();
                let metrics = self.metrics.clone();
                self.overflow.spawn(async move {
                    if tx.send(hit).await.is_err() {
                        metrics.hits_dropped.fetch_add(1, Relaxed);
                    }
                });
            }
            Err(TrySendError::Closed(_)) => {
                self.metrics.hits_dropped.fetch_add(1, Relaxed);
            }
        }
    }

    /// Hits waiting in the queue now.
    pub fn depth(&self) -> usize {
        self.tx.max_capacity() - self.tx.capacity()
    }

    /// Waits until every overflowed hit has reached the queue (at shutdown).
    pub async fn flush_overflow(&self) {
        self.overflow.close();
        self.overflow.wait().await;
    }
}
