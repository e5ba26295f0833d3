//! Limits per client network (GCRA, from `governor`): an IPv4 client is one address, an IPv6
//! client its /64 — one subscriber's allocation, whose addresses anyone can rotate through
//! at will. Held in memory only, like the addresses they are keyed by.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use governor::clock::Clock;
use governor::middleware::StateInformationMiddleware;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// The network a limit counts an address in: itself for IPv4 (and IPv4 mapped into IPv6),
/// its /64 for IPv6.
pub fn network(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(Ipv6Addr::from_bits(v6.to_bits() & !0u128 << 64)),
        },
    }
}

/// A keyed limit: `burst` events at once, then one more every `every`.
pub struct KeyedLimit<K: Hash + Eq + Clone> {
    limiter: DefaultKeyedRateLimiter<K, StateInformationMiddleware>,
    /// Keys kept before the idle ones are forgotten (those back at a full burst).
    max_keys: usize,
    last_sweep: Mutex<Instant>,
}

impl<K: Hash + Eq + Clone> KeyedLimit<K> {
    pub fn new(burst: u32, every: Duration, max_keys: usize) -> Self {
        let burst = NonZeroU32::new(burst).expect("a burst of at least one");
        let quota = Quota::with_period(every)
            .expect("a period longer than zero")
            .allow_burst(burst);
        KeyedLimit {
            limiter: RateLimiter::keyed(quota).with_middleware(),
            max_keys,
            last_sweep: Mutex::new(Instant::now()),
        }
    }

    /// Counts one event for `key`; `Err(retry_after)` when it is over its limit.
    pub fn check(&self, key: &K) -> Result<(), Duration> {
        self.take(key).map(|_left| ())
    }

    /// Counts one event for `key`: `Ok` with how many more it may have at once, or
    /// `Err(retry_after)` when it is over its limit.
    fn take(&self, key: &K) -> Result<u32, Duration> {
        let checked = self
            .limiter
            .check_key(key)
            .map(|state| state.remaining_burst_capacity())
            .map_err(|not_until| not_until.wait_time_from(self.limiter.clock().now()));
        self.sweep();
        checked
    }

    /// Forgets idle keys once there are too many, at most once a second: a flood of new
    /// keys costs memory for as long as they are limited, not for ever.
    fn sweep(&self) {
        if self.limiter.len() <= self.max_keys {
            return;
        }
        let Ok(mut last) = self.last_sweep.try_lock() else {
            return;
        };
        if last.elapsed() >= Duration::from_secs(1) {
            self.limiter.retain_recent();
            self.limiter.shrink_to_fit();
            *last = Instant::now();
        }
    }
}

/// A limit on failures (wrong passwords) only: people who get in do not use up the
/// allowance of their account or of the office network they share. A key whose failures
/// spent its burst is refused, right password or not, until the limit lets one more through.
pub struct FailureLimit<K: Hash + Eq + Clone> {
    failures: KeyedLimit<K>,
    every: Duration,
    /// Keys refused until then.
    locked: Mutex<HashMap<K, Instant>>,
}

impl<K: Hash + Eq + Clone> FailureLimit<K> {
    /// `burst` failures at once, then one more every `every`.
    pub fn new(burst: u32, every: Duration, max_keys: usize) -> Self {
        FailureLimit {
            failures: KeyedLimit::new(burst, every, max_keys),
            every,
            locked: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(retry_after)` while `key` is refused; asks before the password is checked.
    pub fn check(&self, key: &K) -> Result<(), Duration> {
        let mut locked = self
            .locked
            .lock()
            .expect("the lock is never held across a panic");
        let now = Instant::now();
        match locked.get(key) {
            Some(until) if *until > now => Err(*until - now),
            Some(_) => {
                locked.remove(key);
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// Counts a failure of `key`: the one that spends its burst refuses it from then on.
    pub fn failed(&self, key: &K) {
        let wait = match self.failures.take(key) {
            Ok(0) => self.every,
            Ok(_) => return,
            Err(retry_after) => retry_after,
        };
        let mut locked = self
            .locked
            .lock()
            .expect("the lock is never held across a panic");
        let now = Instant::now();
        locked.retain(|_, until| *until > now);
        locked.insert(key.clone(), now + wait);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_clients_are_counted_per_64() {
        let one: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        let other: IpAddr = "2001:db8:1:3:ffff::9".parse().unwrap();
        let next: IpAddr = "2001:db8:1:4::1".parse().unwrap();
        assert_eq!(network(one), network(other));
        assert_ne!(network(one), network(next));
        assert_eq!(network(one), "2001:db8:1:3::".parse::<IpAddr>().unwrap());
        let mapped: IpAddr = "::ffff:81.2.69.142".parse().unwrap();
        assert_eq!(network(mapped), "81.2.69.142".parse::<IpAddr>().unwrap());
        let v4: IpAddr = "81.2.69.142".parse().unwrap();
        assert_eq!(network(v4), v4);
    }

    #[test]
    fn a_burst_then_one_per_period() {
        let limit = KeyedLimit::new(3, Duration::from_millis(50), 10);
        for _ in 0..3 {
            assert!(limit.check(&"a").is_ok());
        }
        let wait = limit.check(&"a").unwrap_err();
        assert!(
            wait > Duration::ZERO && wait <= Duration::from_millis(50),
            "{wait:?}"
        );
        assert!(limit.check(&"b").is_ok(), "another key has its own");
        let slept = std::time::Instant::now();
        std::thread::sleep(Duration::from_millis(60));
        assert!(limit.check(&"a").is_ok());
        // One more every 50 ms, however long this thread was kept from running (on a loaded
        // machine a 60 ms sleep can last much longer): never more than came back meanwhile.
        let passed = 1 + (0..5).filter(|_| limit.check(&"a").is_ok()).count();
        let came_back = (slept.elapsed().as_millis() / 50).clamp(1, 3);
        assert!(
            passed as u128 <= came_back,
            "{passed} passed, {came_back} came back"
        );
    }

    #[test]
    fn only_failures_count_and_the_last_one_of_a_burst_locks() {
        let limit = FailureLimit::new(3, Duration::from_millis(80), 10);
        // Successes are not counted: any number of them.
        for _ in 0..10 {
            assert!(limit.check(&"office").is_ok());
        }
        limit.failed(&"office");
        limit.failed(&"office");
        assert!(limit.check(&"office").is_ok(), "two failures of three");
        limit.failed(&"office");
        let wait = limit.check(&"office").unwrap_err();
        assert!(wait <= Duration::from_millis(80), "{wait:?}");
        assert!(limit.check(&"home").is_ok(), "another key has its own");
        std::thread::sleep(Duration::from_millis(90));
        assert!(
            limit.check(&"office").is_ok(),
            "one more try, once the period is over"
        );
        limit.failed(&"office");
        assert!(limit.check(&"office").is_err(), "and only one");
    }

    #[test]
    fn idle_keys_are_forgotten_past_the_bound() {
        let limit = KeyedLimit::new(1, Duration::from_millis(10), 5);
        for key in 0..20 {
            let _ = limit.check(&key);
        }
        std::thread::sleep(Duration::from_millis(1_100));
        let _ = limit.check(&99);
        assert!(limit.limiter.len() <= 5, "{}", limit.limiter.len());
    }
}
