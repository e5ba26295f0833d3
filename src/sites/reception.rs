//! Whether a site's snippet is heard: when its last event was received, and the hosts whose
//! events were refused lately (a forgotten `www.`, a staging host), with why, so that
//! Settings → Sites and the API can say what to fix. Refusals come from anyone's requests:
//! they are counted in memory and written to the database in batches by one task, so a
//! flood of them costs a lock and a short list per site, and accepted events nothing.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::Site;
use crate::clock::now_ms;
use crate::db::Db;
use crate::error::log_text;

/// Hosts a site keeps, the latest: enough for a site's forgotten names, few enough that a
/// stranger sending made-up hosts with the public key only pushes older ones out.
pub const MAX_HOSTS: usize = 10;
/// How long a refusal is shown ("refused recently").
pub const SHOWN_FOR_MS: i64 = 30 * 86_400_000;
/// How often counted refusals are written.
const WRITE_EVERY: Duration = Duration::from_secs(5);
/// No DNS name is longer; a longer host is not one anybody will add.
const MAX_HOST_LEN: usize = 253;

/// What was not one of the site's domains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The page's own host.
    Page,
    /// The host of the request's `Origin`, the page's being one of the site's.
    Origin,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Page => "page",
            Reason::Origin => "origin",
        }
    }

    pub fn parse(value: &str) -> Reason {
        if value == "origin" {
            Reason::Origin
        } else {
            Reason::Page
        }
    }
}

/// A host whose events a site refused: how many, and when last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub host: String,
    pub reason: Reason,
    pub count: i64,
    /// Unix milliseconds.
    pub last_at: i64,
}

/// What a site's snippet sent lately.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reception {
    /// The last event stored (Unix ms), of any kind; `None` before the first.
    pub last_event_at: Option<i64>,
    /// Hosts refused within [`SHOWN_FOR_MS`] that are still not the site's, latest first.
    pub refused: Vec<Refusal>,
}

/// Refusals counted since the last write, by site.
#[derive(Clone, Default)]
pub struct RefusalLog {
    pending: Arc<Mutex<HashMap<i64, Vec<Refusal>>>>,
}

impl RefusalLog {
    /// Counts one refused event of site `site_id` from `host`.
    pub fn note(&self, site_id: i64, host: &str, reason: Reason) {
        if host.is_empty() || host.len() > MAX_HOST_LEN {
            return;
        }
        let now = now_ms();
        let mut pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        add(
            pending.entry(site_id).or_default(),
            Refusal {
                host: host.to_owned(),
                reason,
                count: 1,
                last_at: now,
            },
        );
    }

    /// Forgets what was counted of `hosts` for site `site_id` (they are its domains now).
    pub fn forget(&self, site_id: i64, hosts: &[String]) {
        let mut pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(refused) = pending.get_mut(&site_id) {
            refused.retain(|r| !hosts.contains(&r.host));
        }
    }

    /// The refusals of site `site_id` not written yet.
    fn pending_of(&self, site_id: i64) -> Vec<Refusal> {
        let pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        pending.get(&site_id).cloned().unwrap_or_default()
    }

    /// Writes what was counted; a failure is logged and the counts dropped (they only
    /// explain, and the next refusals are counted again).
    pub async fn write(&self, db: &Db) {
        let taken =
            std::mem::take(&mut *self.pending.lock().unwrap_or_else(PoisonError::into_inner));
        for (site_id, refused) in taken {
            if let Err(err) = db.record_site_refusals(site_id, &refused, MAX_HOSTS).await {
                tracing::warn!(error = %log_text(&err), site_id, "writing the site's refused hosts failed");
            }
        }
    }

    /// Writes every [`WRITE_EVERY`] until `stop`, and once more then.
    pub fn spawn(&self, db: Db, stop: CancellationToken) -> JoinHandle<()> {
        let log = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(WRITE_EVERY);
            loop {
                tokio::select! {
                    () = stop.cancelled() => break,
                    _ = tick.tick() => log.write(&db).await,
                }
            }
            log.write(&db).await;
        })
    }

    /// What each of `sites` sent lately, in their order: the database's record with what
    /// this instance counted since its last write.
    pub async fn receptions(&self, db: &Db, sites: &[Site]) -> sqlx::Result<Vec<Reception>> {
        let mut last_events = db.last_site_events().await?;
        let since = now_ms() - SHOWN_FOR_MS;
        let mut stored = db.site_refusals(since).await?;
        Ok(sites
            .iter()
            .map(|site| {
                let mut refused = stored.remove(&site.id).unwrap_or_default();
                for r in self.pending_of(site.id) {
                    merge(&mut refused, r);
                }
                refused.retain(|r| !site.serves(&r.host) && r.last_at >= since);
                refused.sort_by(|a, b| b.last_at.cmp(&a.last_at).then(a.host.cmp(&b.host)));
                refused.truncate(MAX_HOSTS);
                Reception {
                    last_event_at: last_events.remove(&site.id),
                    refused,
                }
            })
            .collect())
    }
}

/// Adds `new` to a site's pending refusals, at most [`MAX_HOSTS`] of them: the oldest host
/// goes to make room.
fn add(refused: &mut Vec<Refusal>, new: Refusal) {
    if !refused.iter().any(|r| r.host == new.host) && refused.len() >= MAX_HOSTS {
        let oldest = refused.iter().enumerate().min_by_key(|(_, r)| r.last_at);
        if let Some((i, _)) = oldest {
            refused.swap_remove(i);
        }
    }
    merge(refused, new);
}

/// Adds `new` to `refused`: to its host's counts when it is there.
fn merge(refused: &mut Vec<Refusal>, new: Refusal) {
    match refused.iter_mut().find(|r| r.host == new.host) {
        Some(known) => {
            known.count += new.count;
            if new.last_at >= known.last_at {
                known.last_at = new.last_at;
                known.reason = new.reason;
            }
        }
        None => refused.push(new),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(host: &str, last_at: i64) -> Refusal {
        Refusal {
            host: host.into(),
            reason: Reason::Page,
            count: 1,
            last_at,
        }
    }

    #[test]
    fn a_site_counts_at_most_ten_hosts_the_oldest_dropped() {
        let mut refused = Vec::new();
        for i in 0..12 {
            add(&mut refused, refusal(&format!("h{i}.example"), i));
        }
        add(&mut refused, refusal("h11.example", 20));
        assert_eq!(refused.len(), MAX_HOSTS);
        assert!(
            !refused
                .iter()
                .any(|r| r.host == "h0.example" || r.host == "h1.example")
        );
        let h11 = refused.iter().find(|r| r.host == "h11.example").unwrap();
        assert_eq!((h11.count, h11.last_at), (2, 20));
    }

    #[test]
    fn hosts_no_dns_name_could_be_are_not_counted() {
        let log = RefusalLog::default();
        log.note(1, &"a".repeat(300), Reason::Page);
        log.note(1, "", Reason::Page);
        log.note(1, "www.news.example", Reason::Origin);
        let pending = log.pending_of(1);
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].reason, Reason::Origin);
        log.forget(1, &["www.news.example".into()]);
        assert!(log.pending_of(1).is_empty());
    }
}
