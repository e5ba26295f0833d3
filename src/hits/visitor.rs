//! Unique visitors without identifying anyone: a keyed hash of address and user agent under
//! a key of the day that is never written anywhere — not in the database, the spool or the
//! logs. An address has few possible values (all of IPv4 is 2^32), so anyone holding a hash,
//! the user agent stored beside it and the key could find the address by trying them all;
//! without the key, a copy of everything Lanterne writes tells nothing.

use std::net::IpAddr;
use std::sync::Arc;

use rand::RngCore;

const DAY_MS: i64 = 86_400_000;

/// Where the keys of the days come from.
#[derive(Clone)]
enum Source {
    /// Derived from the operator's secret (`LANTERNE_VISITOR_SECRET`): every instance given
    /// it hashes a visitor alike, and a restart keeps the day's key.
    Secret(Arc<[u8]>),
    /// A fresh random key each day, held in this process only and forgotten with the day:
    /// nothing can recompute a hash afterwards, not even with the secret.
    Memory,
}

/// The key of the current UTC day.
#[derive(Clone)]
pub struct DailySalt {
    source: Source,
    day: i64,
    key: [u8; 32],
}

impl DailySalt {
    /// Keys derived from `secret`, or random keys held in memory without one.
    pub fn new(secret: Option<&[u8]>) -> DailySalt {
        DailySalt {
            source: secret.map_or(Source::Memory, |s| Source::Secret(Arc::from(s))),
            day: i64::MIN,
            key: [0; 32],
        }
    }

    /// Makes the key that of the UTC day of `now_ms`.
    pub fn roll(&mut self, now_ms: i64) {
        let day = now_ms.div_euclid(DAY_MS);
        if day == self.day {
            return;
        }
        self.day = day;
        self.key = match &self.source {
            Source::Secret(secret) => {
                let mut hasher = blake3::Hasher::new_derive_key("lanterne visitor key of a day");
                hasher.update(&day.to_le_bytes());
                hasher.update(secret);
                *hasher.finalize().as_bytes()
            }
            Source::Memory => {
                let mut key = [0u8; 32];
                rand::rng().fill_bytes(&mut key);
                key
            }
        };
    }

    /// The visitor hash of an address and user agent under the day's key.
    pub fn visitor(&self, ip: IpAddr, user_agent: &[u8]) -> i64 {
        visitor_hash(&self.key, ip, user_agent)
    }
}

/// The hash stored for a visitor, given the day's key: public so that the privacy tests can
/// try every key they find in a copy of the database, as an attacker would.
pub fn visitor_hash(key: &[u8; 32], ip: IpAddr, user_agent: &[u8]) -> i64 {
    let mut hasher = blake3::Hasher::new_keyed(key);
    match ip {
        IpAddr::V4(v4) => hasher.update(&v4.octets()),
        IpAddr::V6(v6) => hasher.update(&v6.octets()),
    };
    hasher.update(user_agent);
    let digest = hasher.finalize();
    i64::from_le_bytes(digest.as_bytes()[..8].try_into().expect("8 bytes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const VISITOR: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(81, 2, 69, 142));

    fn hash(salt: &mut DailySalt, at: i64) -> i64 {
        salt.roll(at);
        salt.visitor(VISITOR, b"Firefox")
    }

    /// Instances that share the secret count a visitor once; the next day, the same visitor
    /// is someone else.
    #[test]
    fn a_shared_secret_gives_every_instance_the_same_key_of_the_day() {
        let (mut one, mut two) = (
            DailySalt::new(Some(b"s3cret")),
            DailySalt::new(Some(b"s3cret")),
        );
        assert_eq!(hash(&mut one, 10), hash(&mut two, DAY_MS - 1));
        assert_ne!(hash(&mut one, 10), hash(&mut one, DAY_MS + 10));
        assert_ne!(
            hash(&mut two, 10),
            hash(&mut DailySalt::new(Some(b"other")), 10)
        );
    }

    /// Without a secret each process draws its own key, so nothing outside it can rebuild one.
    #[test]
    fn without_a_secret_the_key_lives_in_one_process() {
        let (mut one, mut two) = (DailySalt::new(None), DailySalt::new(None));
        assert_eq!(
            hash(&mut one, 10),
            hash(&mut one, 20),
            "stable within the day"
        );
        assert_ne!(hash(&mut one, 10), hash(&mut two, 10));
    }
}
