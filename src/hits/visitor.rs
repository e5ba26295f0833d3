//! Unique visitors without identifying anyone: a keyed hash of address and user agent with a
//! salt that changes every UTC day and is deleted after two, so no hash links two days.

use std::net::IpAddr;

use rand::RngCore;

use crate::db::Db;

const DAY_MS: i64 = 86_400_000;

/// The salt of the current day, fetched (or created) when the day changes.
#[derive(Clone)]
pub struct DailySalt {
    day: i64,
    key: [u8; 32],
    /// The day's salt from the database, shared by every instance; false for a salt of this
    /// process only (see [`DailySalt::fall_back`]).
    shared: bool,
}

impl DailySalt {
    pub fn new() -> DailySalt {
        DailySalt {
            day: i64::MIN,
            key: [0; 32],
            shared: false,
        }
    }

    /// True when the database must be asked for the salt of the day of `now_ms`.
    pub fn needs_refresh(&self, now_ms: i64) -> bool {
        !self.shared || now_ms.div_euclid(DAY_MS) != self.day
    }

    /// Makes sure the salt of the day of `now_ms` is loaded; the database keeps one salt per
    /// day shared by every instance, so counts agree across instances.
    pub async fn refresh(&mut self, db: &Db, now_ms: i64) -> sqlx::Result<()> {
        if !self.needs_refresh(now_ms) {
            return Ok(());
        }
        let day = now_ms.div_euclid(DAY_MS);
        let stored = db.visitor_salt(day, &random_key()).await?;
        if let Ok(key) = <[u8; 32]>::try_from(stored.as_slice()) {
            self.key = key;
            self.day = day;
            self.shared = true;
        }
        Ok(())
    }

    /// When the database cannot give the day's salt, hits are not held back for it: they
    /// are hashed with a salt of this process for that day, kept in memory only. A visitor
    /// seen before and after the switch to the shared salt may count twice that day.
    pub fn fall_back(&mut self, now_ms: i64) {
        let day = now_ms.div_euclid(DAY_MS);
        if day != self.day {
            self.key = random_key();
            self.day = day;
            self.shared = false;
        }
    }

    /// The visitor hash of an address and user agent under today's salt.
    pub fn visitor(&self, ip: IpAddr, user_agent: &[u8]) -> i64 {
        let mut hasher = blake3::Hasher::new_keyed(&self.key);
        match ip {
            IpAddr::V4(v4) => hasher.update(&v4.octets()),
            IpAddr::V6(v6) => hasher.update(&v6.octets()),
        };
        hasher.update(user_agent);
        let digest = hasher.finalize();
        i64::from_le_bytes(digest.as_bytes()[..8].try_into().expect("8 bytes"))
    }
}

fn random_key() -> [u8; 32] {
    let mut key = [0u8; 32];
    rand::rng().fill_bytes(&mut key);
    key
}

impl Default for DailySalt {
    fn default() -> Self {
        Self::new()
    }
}
