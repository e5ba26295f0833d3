//! Webhook storage: subscriptions, the outbox of their deliveries (written inside the
//! transaction of the change or hit batch that caused them), and the delivery task's claims
//! and outcomes.

use super::{Db, with_pool};
use crate::webhooks::failure::Failure;
use crate::webhooks::{DeliveryRecord, Webhook};

/// The ids of the enabled subscriptions that take events of type `$kind`, read in the
/// transaction `$tx` (so an event is queued for exactly the subscriptions there are when its
/// change commits).
macro_rules! subscribers {
    ($tx:expr, $kind:expr) => {{
        let all: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, events FROM webhooks WHERE enabled ORDER BY id")
                .fetch_all(&mut *$tx)
                .await?;
        all.into_iter()
            .filter(|(_, events)| $crate::webhooks::wants(events, $kind))
            .map(|(id, _)| id)
            .collect::<Vec<i64>>()
    }};
}

/// Queues `$event` for each of the subscriptions `$webhooks` in the transaction `$tx`.
macro_rules! queue_event {
    ($tx:expr, $webhooks:expr, $event:expr) => {{
        let event: &$crate::webhooks::Event = $event;
        for webhook in $webhooks {
            sqlx::query(
                "INSERT INTO webhook_deliveries (webhook_id, event_id, event, data, created_at, next_at) \
                 VALUES ($1, $2, $3, $4, $5, $5)",
            )
            .bind(*webhook)
            .bind(&event.id)
            .bind(event.kind)
            .bind(event.data.to_string())
            .bind(event.at)
            .execute(&mut *$tx)
            .await?;
        }
        // Woken before the commit, the task keeps looking for a while: it finds it then.
        $crate::webhooks::delivery::QUEUED.notify_one();
    }};
}

/// Queues the events of a batch of hits (`$rows`, `HitRow`s) in the batch's transaction
/// `$tx`: nothing but one read of the subscriptions when none takes hit events.
macro_rules! queue_hit_events {
    ($tx:expr, $rows:expr) => {{
        let rows: &[$crate::hits::HitRow] = $rows;
        let all: Vec<(i64, String)> = if rows.is_empty() {
            Vec::new()
        } else {
            sqlx::query_as("SELECT id, events FROM webhooks WHERE enabled ORDER BY id")
                .fetch_all(&mut *$tx)
                .await?
        };
        let takes = |kind: &str| -> Vec<i64> {
            all.iter()
                .filter(|(_, events)| $crate::webhooks::wants(events, kind))
                .map(|(id, _)| *id)
                .collect()
        };
        let (shares, clicks) = (takes("share.detected"), takes("click"));
        if !shares.is_empty() || !clicks.is_empty() {
            let mut ids: Vec<i64> = rows.iter().map(|r| r.link_id).collect();
            ids.dedup();
            let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT id, domain, slug FROM links WHERE id IN ({})",
                placeholders.join(", ")
            );
            let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
            for id in &ids {
                query = query.bind(*id);
            }
            let links: Vec<(i64, String, String)> = query.fetch_all(&mut *$tx).await?;
            let links: std::collections::HashMap<i64, (String, String)> = links
                .into_iter()
                .map(|(id, domain, slug)| (id, (domain, slug)))
                .collect();
            for event in $crate::webhooks::event::of_hits(rows, |id| links.get(&id).cloned()) {
                let to = if event.kind == "click" {
                    &clicks
                } else {
                    &shares
                };
                $crate::db::webhooks::queue_event!($tx, to, &event);
            }
        }
    }};
}
pub(crate) use {queue_event, queue_hit_events, subscribers};

/// A delivery the task has claimed, with what it needs to send it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Claimed {
    pub id: i64,
    pub webhook_id: i64,
    pub event_id: String,
    pub event: String,
    pub data: String,
    pub created_at: i64,
    pub attempts: i32,
}

/// Where a subscription sends, for the delivery task.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Target {
    pub url: String,
    pub secret: String,
    pub enabled: bool,
    pub failing_since: Option<i64>,
}

/// How an attempt went, as the delivery task decided.
#[derive(Debug, Clone)]
pub enum Outcome {
    Delivered {
        status: i32,
    },
    /// Tried again at `retry_at`, or given up (`None`).
    Failed {
        status: Option<i32>,
        failure: Failure,
        retry_at: Option<i64>,
    },
}

/// Whether an attempt tells of its subscription's health.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Health {
    /// A real event's: a success clears the subscription's failures, and a failure this long
    /// after the first turns it off.
    Counts { disable_after_ms: i64 },
    /// A test event's, sent when an admin asks (maybe while the receiver is being mended):
    /// recorded on its delivery alone, whether it failed or succeeded.
    Ignored,
}

const WEBHOOK_COLUMNS: &str =
    "SELECT id, url, events, enabled, created_at, failing_since, disabled_at FROM webhooks";
/// A delivery's columns, as [`DeliveryRecord`] reads them.
const DELIVERY_FIELDS: &str = "id, webhook_id, event_id, event, created_at, state, attempts, \
    last_status, last_error, last_failure, given_up, done_at, next_at, data";

impl Db {
    /// Stores a subscription: its id.
    pub async fn insert_webhook(
        &self,
        url: &str,
        events: &[String],
        secret: &str,
        now: i64,
    ) -> sqlx::Result<i64> {
        let events = serde_json::to_string(events).expect("strings serialize");
        with_pool!(self, pool => {
            sqlx::query_scalar(
                "INSERT INTO webhooks (url, events, secret, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(url)
            .bind(events)
            .bind(secret)
            .bind(now)
            .fetch_one(pool)
            .await
        })
    }

    pub async fn webhooks(&self) -> sqlx::Result<Vec<Webhook>> {
        let sql = format!("{WEBHOOK_COLUMNS} ORDER BY id");
        with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(pool).await)
    }

    pub async fn webhook(&self, id: i64) -> sqlx::Result<Option<Webhook>> {
        let sql = format!("{WEBHOOK_COLUMNS} WHERE id = $1");
        with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(pool).await)
    }

    /// Deletes a subscription and its deliveries; false when there was none.
    pub async fn delete_webhook(&self, id: i64) -> sqlx::Result<bool> {
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM webhook_deliveries WHERE webhook_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let gone = sqlx::query("DELETE FROM webhooks WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            tx.commit().await?;
            Ok(gone > 0)
        })
    }

    /// The latest `limit` deliveries of the subscription `webhook`, newest first.
    pub async fn recent_deliveries(
        &self,
        webhook: i64,
        limit: i64,
    ) -> sqlx::Result<Vec<DeliveryRecord>> {
        let sql = format!(
            "SELECT {DELIVERY_FIELDS} FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY id DESC LIMIT $2"
        );
        with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(webhook).bind(limit).fetch_all(pool).await
        })
    }

    /// Queues `event` for the subscription `webhook` alone, whatever events it takes, due at
    /// once: the delivery as the list shows it, or `None` when there is no such subscription.
    /// One statement finds the subscription and writes the row the outbox holds for any event,
    /// so a subscription deleted meanwhile is no subscription, never a foreign-key error.
    pub async fn queue_test_event(
        &self,
        webhook: i64,
        event: &crate::webhooks::Event,
    ) -> sqlx::Result<Option<DeliveryRecord>> {
        let sql = format!(
            "INSERT INTO webhook_deliveries (webhook_id, event_id, event, data, created_at, next_at) \
             SELECT id, $2, $3, $4, $5, $5 FROM webhooks WHERE id = $1 RETURNING {DELIVERY_FIELDS}"
        );
        let queued: Option<DeliveryRecord> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(webhook)
            .bind(&event.id)
            .bind(event.kind)
            .bind(event.data.to_string())
            .bind(event.at)
            .fetch_optional(pool)
            .await?
        });
        if queued.is_some() {
            crate::webhooks::delivery::QUEUED.notify_one();
        }
        Ok(queued)
    }

    /// Makes the pending deliveries of subscription `webhook` due at `now`, once its receiver
    /// is mended, rather than after the back-off (up to six hours between attempts). How many.
    pub async fn retry_now(&self, webhook: i64, now: i64) -> sqlx::Result<u64> {
        with_pool!(self, pool => {
            Ok(sqlx::query(
                "UPDATE webhook_deliveries SET next_at = $2 \
                 WHERE webhook_id = $1 AND state = 'pending' AND next_at > $2",
            )
            .bind(webhook)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected())
        })
    }

    /// Forgets deliveries finished before `cutoff` (Unix ms).
    pub async fn prune_deliveries(&self, cutoff: i64) -> sqlx::Result<()> {
        with_pool!(self, pool => {
            sqlx::query("DELETE FROM webhook_deliveries WHERE state <> 'pending' AND done_at < $1")
                .bind(cutoff)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Claims up to `limit` deliveries due at `now` other than clicks, for `lease_ms`: another
    /// instance (or this one after a crash) takes them again only once the lease is over.
    pub async fn claim_deliveries(
        &self,
        now: i64,
        lease_ms: i64,
        limit: i64,
    ) -> sqlx::Result<Vec<Claimed>> {
        let sql = match self {
            Db::Sqlite(..) => super::sqlite::CLAIM_DELIVERIES,
            Db::Postgres(_) => super::postgres::CLAIM_DELIVERIES,
        };
        with_pool!(self, pool => {
            sqlx::query_as(sql).bind(now).bind(now + lease_ms).bind(limit).fetch_all(pool).await
        })
    }

    /// Subscriptions with clicks due at `now` whose last click delivery is a second old.
    pub async fn click_rounds_due(&self, now: i64) -> sqlx::Result<Vec<i64>> {
        with_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT w.id FROM webhooks w WHERE w.last_click_at <= $1 - 1000 AND EXISTS \
                 (SELECT 1 FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.event = 'click' \
                 AND d.state = 'pending' AND d.next_at <= $1)",
            )
            .bind(now)
            .fetch_all(pool)
            .await
        })
    }

    /// Claims the one click delivery of `webhook`'s round at `now`: its clicks queued since
    /// the last round joined into the oldest (a retry goes alone, as first sent). `None`
    /// when another instance took the round.
    pub async fn claim_click_round(
        &self,
        webhook: i64,
        now: i64,
        lease_ms: i64,
    ) -> sqlx::Result<Option<Claimed>> {
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let mine = sqlx::query("UPDATE webhooks SET last_click_at = $2 WHERE id = $1 AND last_click_at <= $2 - 1000")
                .bind(webhook)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected() == 1;
            if !mine {
                return Ok(None);
            }
            let due: Vec<Claimed> = sqlx::query_as(
                "SELECT id, webhook_id, event_id, event, data, created_at, attempts FROM webhook_deliveries \
                 WHERE webhook_id = $1 AND event = 'click' AND state = 'pending' AND next_at <= $2 \
                 ORDER BY id LIMIT 50",
            )
            .bind(webhook)
            .bind(now)
            .fetch_all(&mut *tx)
            .await?;
            let Some(mut first) = due.first().cloned() else {
                tx.commit().await?;
                return Ok(None);
            };
            if first.attempts == 0 {
                let joined: Vec<&Claimed> = due.iter().take_while(|d| d.attempts == 0).collect();
                first.data = crate::webhooks::event::join_clicks(joined.iter().map(|d| d.data.as_str()));
                for later in &joined[1..] {
                    sqlx::query("DELETE FROM webhook_deliveries WHERE id = $1")
                        .bind(later.id)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            sqlx::query("UPDATE webhook_deliveries SET data = $2, next_at = $3 WHERE id = $1")
                .bind(first.id)
                .bind(&first.data)
                .bind(now + lease_ms)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(Some(first))
        })
    }

    pub async fn webhook_target(&self, id: i64) -> sqlx::Result<Option<Target>> {
        with_pool!(self, pool => {
            sqlx::query_as("SELECT url, secret, enabled, failing_since FROM webhooks WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await
        })
    }

    /// Records an attempt of the delivery `id` of `webhook` at `now`, and, when it counts
    /// toward the subscription's `health`, what it says of it: a success clears its failures;
    /// a failure `disable_after_ms` after the first turns it off, its pending deliveries given
    /// up. An attempt that does not count (a test event's) is recorded on the delivery alone.
    pub async fn record_attempt(
        &self,
        id: i64,
        webhook: i64,
        outcome: &Outcome,
        now: i64,
        health: Health,
    ) -> sqlx::Result<()> {
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            match outcome {
                Outcome::Delivered { status } => {
                    sqlx::query(
                        "UPDATE webhook_deliveries SET state = 'delivered', attempts = attempts + 1, \
                         last_status = $2, last_error = NULL, last_failure = NULL, done_at = $3 WHERE id = $1",
                    )
                    .bind(id).bind(*status).bind(now).execute(&mut *tx).await?;
                    if health != Health::Ignored {
                        sqlx::query("UPDATE webhooks SET failing_since = NULL WHERE id = $1")
                            .bind(webhook).execute(&mut *tx).await?;
                    }
                }
                Outcome::Failed { status, failure, retry_at } => {
                    // An older version's text goes: the failure is said from its code now.
                    sqlx::query(
                        "UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $2, \
                         last_error = NULL, last_failure = $3, \
                         state = CASE WHEN $4 IS NULL THEN 'failed' ELSE 'pending' END, \
                         next_at = COALESCE($4, next_at), done_at = CASE WHEN $4 IS NULL THEN $5 END WHERE id = $1",
                    )
                    .bind(id).bind(*status).bind(failure.stored()).bind(*retry_at).bind(now)
                    .execute(&mut *tx).await?;
                    let Health::Counts { disable_after_ms } = health else {
                        return tx.commit().await;
                    };
                    sqlx::query("UPDATE webhooks SET failing_since = COALESCE(failing_since, $2) WHERE id = $1")
                        .bind(webhook).bind(now).execute(&mut *tx).await?;
                    let off = sqlx::query(
                        "UPDATE webhooks SET enabled = FALSE, disabled_at = $2 \
                         WHERE id = $1 AND enabled AND failing_since <= $3",
                    )
                    .bind(webhook).bind(now).bind(now - disable_after_ms)
                    .execute(&mut *tx).await?.rows_affected();
                    if off > 0 {
                        tracing::warn!(webhook, "a webhook failed for a day and is turned off");
                        sqlx::query(
                            "UPDATE webhook_deliveries SET state = 'failed', done_at = $2, given_up = TRUE \
                             WHERE webhook_id = $1 AND state = 'pending'",
                        )
                        .bind(webhook).bind(now)
                        .execute(&mut *tx).await?;
                    }
                }
            }
            tx.commit().await
        })
    }
}

impl Db {
    /// Announces, once, the links that reached their date (within the last day) or their
    /// click limit, as `link.expired`, when a subscription wants it: the markers and the
    /// events in one transaction. How many were announced.
    pub async fn queue_expiries(&self, now: i64) -> sqlx::Result<usize> {
        let sql = match self {
            Db::Sqlite(..) => super::sqlite::EXPIRED_LINKS,
            Db::Postgres(_) => super::postgres::EXPIRED_LINKS,
        };
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let webhooks = subscribers!(tx, "link.expired");
            if webhooks.is_empty() {
                return Ok(0);
            }
            let expired: Vec<(i64, String, String, String, String)> = sqlx::query_as(sql)
                .bind(now)
                .bind(now - 86_400_000)
                .fetch_all(&mut *tx)
                .await?;
            let mut announced = 0;
            for (id, domain, slug, url, reason) in expired {
                let marked = sqlx::query(
                    "INSERT INTO link_expiries (link_id, reason, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                )
                .bind(id)
                .bind(&reason)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if marked == 1 {
                    let data = serde_json::json!({ "link": { "domain": domain, "slug": slug, "url": url }, "reason": reason });
                    queue_event!(tx, &webhooks, &crate::webhooks::Event::new("link.expired", data));
                    announced += 1;
                }
            }
            tx.commit().await?;
            Ok(announced)
        })
    }
}
