//! A fixed-window rate limiter over a bounded map of keys: exact counts per window ("600
//! links a minute"), and an action counted all or none (`check_n`, a share kit). The limits
//! per client network that need neither are `client_limit`'s (GCRA, IPv6 per /64).

use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use quick_cache::sync::Cache;

pub struct RateLimiter<K: Eq + Hash + Clone> {
    limit: u32,
    window: Duration,
    windows: Cache<K, Window>,
    /// quick_cache has no atomic read-modify-write; the lock makes each check one step.
    lock: Mutex<()>,
}

#[derive(Clone, Copy)]
struct Window {
    started: Instant,
    count: u32,
}

/// A wait as `Retry-After` gives it: whole seconds, rounded up so that a client never comes
/// back before the window ends, and at least 1.
pub fn retry_after_secs(wait: Duration) -> u64 {
    wait.as_secs_f64().ceil().max(1.0) as u64
}

impl<K: Eq + Hash + Clone> RateLimiter<K> {
    /// At most `limit` events per key per `window`, for up to `keys` keys at once (the least
    /// recently seen are forgotten first).
    pub fn new(limit: u32, window: Duration, keys: usize) -> Self {
        RateLimiter {
            limit,
            window,
            windows: Cache::new(keys),
            lock: Mutex::new(()),
        }
    }

    /// Counts one event for `key`; `Err(retry_after)` when the key is over its limit.
    pub fn check(&self, key: &K) -> Result<(), Duration> {
        self.check_n(key, 1)
    }

    /// Counts `n` events for `key` at once (one action that makes several things), all or
    /// none: `Err(retry_after)`, and nothing counted, when they would take the key over its
    /// limit, so a smaller action may still fit.
    pub fn check_n(&self, key: &K, n: u32) -> Result<(), Duration> {
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let mut window = match self.windows.get(key) {
            Some(w) if now.duration_since(w.started) < self.window => w,
            _ => Window {
                started: now,
                count: 0,
            },
        };
        if window.count.saturating_add(n) > self.limit {
            return Err(self
                .window
                .saturating_sub(now.duration_since(window.started)));
        }
        window.count += n;
        self.windows.insert(key.clone(), window);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_per_key_and_window() {
        let limiter = RateLimiter::new(2, Duration::from_millis(50), 10);
        assert!(limiter.check(&"a").is_ok());
        assert!(limiter.check(&"a").is_ok());
        assert!(limiter.check(&"a").is_err());
        assert!(limiter.check(&"b").is_ok());
        std::thread::sleep(Duration::from_millis(60));
        assert!(limiter.check(&"a").is_ok());
    }

    #[test]
    fn counts_several_events_all_or_none() {
        let limiter = RateLimiter::new(5, Duration::from_secs(60), 10);
        assert!(limiter.check_n(&"a", 4).is_ok());
        assert!(limiter.check_n(&"a", 2).is_err(), "4 + 2 is over 5");
        assert!(
            limiter.check(&"a").is_ok(),
            "the refused two were not counted"
        );
        assert!(limiter.check(&"a").is_err());
    }
}
