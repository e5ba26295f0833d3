//! The delivery task: claims due deliveries from the outbox, sends each signed, at most
//! [`CONCURRENCY`] at once and each within [`TIMEOUT`], and records how it went; a failure
//! is tried again with exponential backoff for a day. It runs beside the server, so a slow
//! or failing receiver never holds up a redirect or the hit writer.

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::failure::Failure;
use super::{TEST_EVENT, address, event, signature};
use crate::clock::now_ms;
use crate::db::Db;
use crate::db::webhooks::{Claimed, Health, Outcome, Target};
use crate::error::log_text;

/// How often the outbox is looked at while there is work: an event was queued here, or the
/// last round sent something (retries of a short base delay come back within it).
const POLL: Duration = Duration::from_millis(250);
/// How long that lasts after the last sign of work.
const EAGER: Duration = Duration::from_secs(10);
/// How often it is looked at otherwise (events of other instances, later retries), and how
/// often links that expired are looked for.
const IDLE_POLL: Duration = Duration::from_secs(5);
/// A claimed delivery is another instance's to take again after this long.
const LEASE_MS: i64 = 5 * 60_000;
/// Deliveries claimed per round.
const PER_ROUND: i64 = 64;
/// Deliveries sent at once.
const CONCURRENCY: usize = 8;
/// The whole of one attempt: connecting, sending and the receiver's answer.
const TIMEOUT: Duration = Duration::from_secs(10);
const DAY_MS: i64 = 86_400_000;
/// The longest wait between two attempts.
const MAX_DELAY_MS: i64 = 6 * 3_600_000;
/// Finished deliveries are kept this long for the settings page.
const KEEP_MS: i64 = 30 * DAY_MS;

/// What the operator set.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `LANTERNE_WEBHOOKS_ALLOW_PRIVATE`: loopback and private addresses may be sent to.
    pub allow_private: bool,
    /// The wait after a first failure; each further one doubles it.
    pub retry_base: Duration,
    /// The base URL's host: the `domain` events give a link on it ([`event::body`]).
    pub base_host: String,
}

/// Poked when an event is queued in this process, so that it goes out at once.
pub static QUEUED: tokio::sync::Notify = tokio::sync::Notify::const_new();

pub fn spawn(db: Db, settings: Settings, stop: CancellationToken) -> JoinHandle<()> {
    tokio::spawn(async move {
        let deliverer = Deliverer {
            client: client(settings.allow_private),
            db,
            settings,
        };
        let mut eager_until = Instant::now() + EAGER;
        let mut last_look = Instant::now();
        let mut pruned: Option<Instant> = None;
        loop {
            let wait = if Instant::now() < eager_until {
                POLL
            } else {
                IDLE_POLL
            };
            tokio::select! {
                () = stop.cancelled() => break,
                () = QUEUED.notified() => eager_until = Instant::now() + EAGER,
                () = tokio::time::sleep(wait) => {}
            }
            if last_look.elapsed() >= IDLE_POLL {
                last_look = Instant::now();
                if let Err(err) = deliverer.db.queue_expiries(now_ms()).await {
                    tracing::warn!(error = %log_text(&err), "could not look for expired links");
                }
            }
            // A round under way is finished (each attempt has its timeout), so that a stop
            // never leaves a delivery sent but not recorded.
            if deliverer.round().await > 0 {
                eager_until = Instant::now() + EAGER;
            }
            if pruned.is_none_or(|at| at.elapsed() >= Duration::from_secs(3_600)) {
                pruned = Some(Instant::now());
                if let Err(err) = deliverer.db.prune_deliveries(now_ms() - KEEP_MS).await {
                    tracing::warn!(error = %log_text(&err), "could not prune old webhook deliveries");
                }
            }
        }
    })
}

fn client(allow_private: bool) -> reqwest::Client {
    let builder = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .connect_timeout(Duration::from_secs(5))
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .user_agent(concat!("Lanterne-Webhooks/", env!("CARGO_PKG_VERSION")));
    let builder = if allow_private {
        builder
    } else {
        builder.dns_resolver(Arc::new(address::PublicOnly))
    };
    builder.build().expect("the webhook client builds")
}

struct Deliverer {
    db: Db,
    client: reqwest::Client,
    settings: Settings,
}

impl Deliverer {
    /// Sends what is due: how many deliveries it tried.
    async fn round(&self) -> usize {
        let now = now_ms();
        let mut claimed = match self.db.claim_deliveries(now, LEASE_MS, PER_ROUND).await {
            Ok(claimed) => claimed,
            Err(err) => {
                tracing::warn!(error = %log_text(&err), "could not read the webhook outbox");
                return 0;
            }
        };
        for webhook in self.db.click_rounds_due(now).await.unwrap_or_default() {
            match self.db.claim_click_round(webhook, now, LEASE_MS).await {
                Ok(Some(round)) => claimed.push(round),
                Ok(None) => {}
                Err(err) => {
                    tracing::warn!(error = %log_text(&err), webhook, "could not claim clicks")
                }
            }
        }
        let tried = claimed.len();
        futures_util::stream::iter(claimed)
            .for_each_concurrent(CONCURRENCY, |delivery| self.deliver(delivery))
            .await;
        tried
    }

    async fn deliver(&self, delivery: Claimed) {
        let outcome = match self.db.webhook_target(delivery.webhook_id).await {
            Ok(Some(target)) if target.enabled => self.attempt(&target, &delivery).await,
            Ok(_) => Outcome::Failed {
                status: None,
                failure: Failure::TurnedOff,
                retry_at: None,
            },
            Err(err) => {
                tracing::warn!(error = %log_text(&err), "could not read a webhook; its delivery waits for its lease");
                return;
            }
        };
        // A test is sent when an admin asks, maybe while the receiver is being mended: how it
        // went is shown on its delivery, and says nothing of the real deliveries' health (its
        // failure does not count toward turning the subscription off, nor does its success
        // clear the real deliveries' failures).
        let health = if delivery.event == TEST_EVENT {
            Health::Ignored
        } else {
            Health::Counts {
                disable_after_ms: DAY_MS,
            }
        };
        let recorded = self
            .db
            .record_attempt(delivery.id, delivery.webhook_id, &outcome, now_ms(), health)
            .await;
        if let Err(err) = recorded {
            tracing::warn!(error = %log_text(&err), delivery = delivery.id, "could not record a webhook delivery; it is sent again after its lease");
        }
    }

    async fn attempt(&self, target: &Target, delivery: &Claimed) -> Outcome {
        let failed = |status: Option<i32>, failure: Failure| Outcome::Failed {
            status,
            failure,
            retry_at: next_retry(
                delivery.created_at,
                delivery.attempts + 1,
                now_ms(),
                self.settings.retry_base.as_millis() as i64,
            ),
        };
        let url = match url::Url::parse(&target.url) {
            Ok(url) => url,
            Err(err) => return failed(None, Failure::bad_url(&err)),
        };
        if !self.settings.allow_private {
            // Names are checked by the client's resolver as it connects; literal addresses
            // never reach it.
            if let Some(ip) = literal_ip(&url).filter(|ip| address::is_private(*ip)) {
                return failed(None, Failure::private(ip));
            }
        }
        let body = event::body(
            &delivery.event_id,
            &delivery.event,
            delivery.created_at,
            &delivery.data,
            &self.settings.base_host,
        );
        let signed = signature::sign(&target.secret, now_ms() / 1000, &body);
        let sent = self
            .client
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(signature::HEADER, signed)
            .header("Lanterne-Event", &delivery.event)
            .header("Lanterne-Delivery", &delivery.event_id)
            .body(body)
            .send()
            .await;
        match sent {
            Ok(response) if response.status().is_success() => Outcome::Delivered {
                status: i32::from(response.status().as_u16()),
            },
            Ok(response) => {
                let status = response.status().as_u16();
                failed(Some(i32::from(status)), Failure::HttpStatus { status })
            }
            Err(err) => failed(None, Failure::request(&err, TIMEOUT)),
        }
    }
}

fn literal_ip(url: &url::Url) -> Option<std::net::IpAddr> {
    match url.host()? {
        url::Host::Ipv4(v4) => Some(v4.into()),
        url::Host::Ipv6(v6) => Some(v6.into()),
        url::Host::Domain(_) => None,
    }
}

/// When to try a delivery made at `created_at` again after its `failures`th failure at
/// `now`: `base_ms` doubled each time, at most [`MAX_DELAY_MS`]; `None` once it is a day old.
pub fn next_retry(created_at: i64, failures: i32, now: i64, base_ms: i64) -> Option<i64> {
    if now - created_at >= DAY_MS {
        return None;
    }
    let doublings = u32::try_from(failures.saturating_sub(1))
        .unwrap_or(0)
        .min(30);
    let delay = base_ms.saturating_mul(1_i64 << doublings).min(MAX_DELAY_MS);
    Some((now + delay).min(created_at + DAY_MS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_for_a_day_then_stop() {
        let base = 10_000;
        assert_eq!(next_retry(0, 1, 0, base), Some(10_000));
        assert_eq!(next_retry(0, 2, 10_000, base), Some(30_000));
        assert_eq!(next_retry(0, 3, 30_000, base), Some(70_000));
        // Never more than six hours apart, never past the day.
        assert_eq!(next_retry(0, 20, 1_000, base), Some(1_000 + MAX_DELAY_MS));
        assert_eq!(next_retry(0, 20, DAY_MS - 1_000, base), Some(DAY_MS));
        assert_eq!(next_retry(0, 21, DAY_MS, base), None);
    }
}
