//! Process counters, shared by the redirect, the writer and `/metrics`.

use std::sync::atomic::AtomicU64;

#[derive(Debug, Default)]
pub struct Metrics {
    /// Redirects answered (302), each of which handed a hit to the queue.
    pub redirects: AtomicU64,
    /// Requests to unknown slugs (404).
    pub not_found: AtomicU64,
    /// Hits written to the database.
    pub hits_stored: AtomicU64,
    /// Hits that found the queue full and waited in a task for room.
    pub hits_overflowed: AtomicU64,
    /// Hits that could not be stored at all.
    pub hits_dropped: AtomicU64,
}
