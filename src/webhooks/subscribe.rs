//! Subscribing a URL to events, sending it a test event and unsubscribing it, shared by the
//! API and the settings page: the URL and the event list checked, the address refused when it
//! is private, a secret made.

use super::address::{self, Refusal};
use super::{DeliveryRecord, EVENTS, Webhook, event};
use crate::clock::now_ms;
use crate::db::Db;
use crate::error::Error;
use crate::i18n::Message;
use crate::links::destination;

/// Longest URL a subscription may have.
const MAX_URL: usize = 2_000;

/// A new subscription and its secret, which is shown this once.
pub struct Subscribed {
    pub webhook: Webhook,
    pub secret: String,
}

/// The URL and events checked: what is wrong with them in words.
pub async fn check(
    url: &str,
    events: &[String],
    allow_private: bool,
) -> Result<(url::Url, Vec<String>), Message> {
    let parsed = url::Url::parse(url.trim()).map_err(|e| destination::unparsed(url, e))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Message::new("refusal-webhook-scheme"));
    }
    if url.len() > MAX_URL {
        return Err(Message::new("refusal-webhook-too-long").with("max", MAX_URL.to_string()));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Message::new("refusal-webhook-credentials"));
    }
    let all = EVENTS.join(", ");
    let mut wanted: Vec<String> = Vec::new();
    for event in events {
        let event = event.trim();
        if !EVENTS.contains(&event) {
            return Err(Message::new("refusal-webhook-event")
                .with_typed("event", event)
                .with("events", all));
        }
        if !wanted.iter().any(|w| w == event) {
            wanted.push(event.to_owned());
        }
    }
    if wanted.is_empty() {
        return Err(Message::new("refusal-webhook-no-event").with("events", all));
    }
    if !allow_private {
        match address::refusal(&parsed).await {
            Some(Refusal::Private(why)) => {
                return Err(Message::new("refusal-webhook-private").with("reason", why));
            }
            Some(Refusal::Unresolved(why)) => return Err(why),
            None => {}
        }
    }
    Ok((parsed, wanted))
}

pub async fn subscribe(
    db: &Db,
    url: &str,
    events: &[String],
    allow_private: bool,
) -> Result<Subscribed, Error> {
    let (url, events) = check(url, events, allow_private)
        .await
        .map_err(Error::invalid)?;
    let secret = format!("whsec_{}", hex::encode(rand::random::<[u8; 24]>()));
    let now = now_ms();
    let id = db
        .insert_webhook(url.as_str(), &events, &secret, now)
        .await?;
    let webhook = db
        .webhook(id)
        .await?
        .ok_or_else(|| Error::not_found(Message::new("refusal-webhook-gone")))?;
    Ok(Subscribed { webhook, secret })
}

/// A test event queued: the subscription it goes to, and its delivery as the list shows it.
pub struct TestQueued {
    pub webhook: Webhook,
    pub delivery: DeliveryRecord,
}

/// Queues a test event for the subscription `id` alone, due at once: the delivery task signs
/// and sends it as any other, and records how it went.
pub async fn send_test(db: &Db, id: i64) -> Result<TestQueued, Error> {
    let webhook = db.webhook(id).await?.ok_or_else(|| no_webhook(id))?;
    let queued = db.queue_test_event(id, &event::test(&webhook)).await?;
    let delivery = queued.ok_or_else(|| no_webhook(id))?;
    Ok(TestQueued { webhook, delivery })
}

/// Deletes the subscription `id` with its pending deliveries.
pub async fn unsubscribe(db: &Db, id: i64) -> Result<(), Error> {
    if db.delete_webhook(id).await? {
        Ok(())
    } else {
        Err(no_webhook(id))
    }
}

fn no_webhook(id: i64) -> Error {
    Error::not_found(Message::new("refusal-no-webhook").with("id", id.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(e: &[&str]) -> Vec<String> {
        e.iter().map(|s| s.to_string()).collect()
    }

    #[tokio::test]
    async fn refuses_what_is_wrong_and_says_it() {
        let err = |url: &str, e: &[&str]| {
            let e = events(e);
            let url = url.to_owned();
            async move { check(&url, &e, false).await.unwrap_err().english() }
        };
        assert!(err("ftp://x.example/", &["click"]).await.contains("http"));
        assert!(
            err("https://x.example/", &[])
                .await
                .contains("at least one")
        );
        assert!(
            err("https://x.example/", &["link.made"])
                .await
                .contains("not an event")
        );
        assert!(
            err("https://u:p@x.example/", &["click"])
                .await
                .contains("password")
        );
        assert!(
            err("http://127.0.0.1:9/", &["click"])
                .await
                .contains("LANTERNE_WEBHOOKS_ALLOW_PRIVATE")
        );
        assert!(
            err("http://10.0.0.8/", &["click"])
                .await
                .contains("private")
        );
        let (_, kept) = check("http://127.0.0.1:9/", &events(&["click", "click"]), true)
            .await
            .unwrap();
        assert_eq!(kept, ["click"]);
    }
}
