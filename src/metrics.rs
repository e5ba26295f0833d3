//! Process counters and the redirect-latency histogram, shared by the redirect, the writer
//! and `/metrics`.

use std::fmt::Write;
use std::sync::atomic::AtomicU64;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Duration;

#[derive(Debug, Default)]
pub struct Metrics {
    /// Redirects answered (302), each of which handed a hit to the queue.
    pub redirects: AtomicU64,
    /// Events of the site snippet accepted, each handed to the queue like a hit.
    pub events: AtomicU64,
    /// Requests to unknown slugs (404).
    pub not_found: AtomicU64,
    /// Hits written to the database (events of the site snippet included).
    pub hits_stored: AtomicU64,
    /// Hits written to the spool file while the database was unavailable.
    pub hits_spooled: AtomicU64,
    /// Spooled hits later written to the database (also counted in `hits_stored`).
    pub hits_replayed: AtomicU64,
    /// Hits that found the queue full and waited in a task for room.
    pub hits_overflowed: AtomicU64,
    /// Hits that could not be stored at all.
    pub hits_dropped: AtomicU64,
    /// Links put in the slug cache at start (0 until that is done).
    pub cache_warmed: AtomicU64,
    /// Time from the request reaching the handler to the answer being ready.
    pub redirect_latency: Histogram,
}

impl Metrics {
    /// Hits handed to the queue so far: redirects answered and events accepted.
    pub fn arrived(&self) -> u64 {
        self.redirects.load(Relaxed) + self.events.load(Relaxed)
    }

    /// Hits (and events) held in memory only: served but neither stored, spooled nor dropped.
    pub fn in_memory(&self) -> u64 {
        // A replayed hit was counted when spooled and again when stored. A replay between the
        // two loads can make the second larger than the first: saturating, not underflowing
        // (a panic in a debug build, in the redirect that asked).
        let settled = self
            .hits_stored
            .load(Relaxed)
            .saturating_sub(self.hits_replayed.load(Relaxed))
            + self.hits_spooled.load(Relaxed)
            + self.hits_dropped.load(Relaxed);
        self.arrived().saturating_sub(settled)
    }
}

/// Upper bounds of the latency buckets, in microseconds.
const BOUNDS_US: [u64; 12] = [
    50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 100_000, 250_000, 1_000_000,
];

/// A Prometheus histogram with fixed buckets: lock-free, a few atomic adds per observation.
#[derive(Debug, Default)]
pub struct Histogram {
    buckets: [AtomicU64; BOUNDS_US.len()],
    count: AtomicU64,
    sum_us: AtomicU64,
}

impl Histogram {
    pub fn observe(&self, elapsed: Duration) {
        let us = elapsed.as_micros() as u64;
        if let Some(i) = BOUNDS_US.iter().position(|&bound| us <= bound) {
            self.buckets[i].fetch_add(1, Relaxed);
        }
        self.count.fetch_add(1, Relaxed);
        self.sum_us.fetch_add(us, Relaxed);
    }

    /// Appends the histogram in the Prometheus text format, in seconds.
    pub fn render(&self, out: &mut String, name: &str, help: &str) {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} histogram");
        let mut cumulative = 0;
        for (bound, bucket) in BOUNDS_US.iter().zip(&self.buckets) {
            cumulative += bucket.load(Relaxed);
            let le = *bound as f64 / 1e6;
            let _ = writeln!(out, "{name}_bucket{{le=\"{le}\"}} {cumulative}");
        }
        let count = self.count.load(Relaxed);
        let sum = self.sum_us.load(Relaxed) as f64 / 1e6;
        let _ = writeln!(
            out,
            "{name}_bucket{{le=\"+Inf\"}} {count}\n{name}_sum {sum}\n{name}_count {count}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a read between a replay's two counts sees: the spooled hits replayed, and not yet
    /// stored. Nothing is held in memory, and nothing panics.
    #[test]
    fn a_replay_seen_half_counted_holds_nothing_in_memory() {
        let metrics = Metrics::default();
        metrics.redirects.store(5, Relaxed);
        metrics.hits_spooled.store(5, Relaxed);
        metrics.hits_replayed.store(5, Relaxed);
        assert_eq!(metrics.in_memory(), 0);
    }
}
