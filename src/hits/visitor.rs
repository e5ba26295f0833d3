//! Unique visitors without identifying anyone: a keyed hash of address and user agent with a
//! salt that changes every UTC day and is deleted after two, so no hash links two days.

use std::net::IpAddr;

use rand::RngCore;

use crate::db::Db;

const DAY_MS: i64 = 86_400_000;

/// The salt of the current day, fetched (or created) when the day changes.
pub struct DailySalt {
    day: i64,
    key: [u8; 32],
}

impl DailySalt {
    pub fn new() -> DailySalt {
        DailySalt {
            day: i64::MIN,
            key: [0; 32],
        }
    }

    /// Makes sure the salt of the day of `now_ms` is loaded; the database keeps one salt per
    /// day shared by every instance, so counts agree across instances.
    pub async fn refresh(&mut self, db: &Db, now_ms: i64) -> sqlx::Result<()> {
        let day = now_ms.div_euclid(DAY_MS);
        if day == self.day {
            return Ok(());
        }
        let mut fresh = [0u8; 32];
        rand::rng().fill_bytes(&mut fresh);
        let stored = db.visitor_salt(day, &fresh).await?;
        if let Ok(key) = <[u8; 32]>::try_from(stored.as_slice()) {
            self.key = key;
            self.day = day;
        }
        Ok(())
    }

    pub fn is_loaded(&self) -> bool {
        self.day != i64::MIN
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

impl Default for DailySalt {
    fn default() -> Self {
        Self::new()
    }
}
