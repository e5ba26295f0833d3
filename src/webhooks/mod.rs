//! Webhooks: other systems subscribe a URL to Lanterne's events (a link created, changed,
//! deleted or expired, a share detected, clicks); each event is written to an outbox in the
//! database with the change that caused it, and a task of its own delivers it, signed. An
//! admin may also send a subscription a test event, delivered the same way.

pub mod address;
pub mod delivery;
pub mod event;
pub mod failure;
pub mod signature;
pub mod subscribe;

pub use event::Event;

/// Every event a subscription may ask for.
pub const EVENTS: &[&str] = &[
    "link.created",
    "link.updated",
    "link.deleted",
    "link.expired",
    "share.detected",
    "click",
];

/// The event an admin sends one subscription to see its receiver work before any real event
/// happens: never subscribed to, so not in [`EVENTS`].
pub const TEST_EVENT: &str = "webhook.test";

/// A subscription as stored, its secret left out.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Webhook {
    pub id: i64,
    pub url: String,
    /// JSON array of event types.
    pub events: String,
    pub enabled: bool,
    pub created_at: i64,
    /// The first failure since the last success: a day of them turns the subscription off.
    pub failing_since: Option<i64>,
    pub disabled_at: Option<i64>,
}

impl Webhook {
    pub fn event_list(&self) -> Vec<String> {
        serde_json::from_str(&self.events).unwrap_or_default()
    }
}

/// One delivery of an event to a subscription, as the settings page and the API show it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeliveryRecord {
    pub id: i64,
    pub webhook_id: i64,
    pub event_id: String,
    pub event: String,
    pub created_at: i64,
    /// `pending`, `delivered` or `failed`.
    pub state: String,
    pub attempts: i32,
    pub last_status: Option<i32>,
    /// Why the last attempt failed, written by a version before migration 0033 (English) in a
    /// form it could not read: shown as it is.
    pub last_error: Option<String>,
    /// Why the last attempt failed, as a [`failure::Failure`] stored (JSON with its code).
    pub last_failure: Option<String>,
    /// Given up, pending, when its subscription was turned off after a day of failures.
    pub given_up: bool,
    pub done_at: Option<i64>,
    /// When a pending delivery is tried next (or its lease ends).
    pub next_at: i64,
    /// The event's `data` (JSON), which names its links.
    pub data: String,
}

impl DeliveryRecord {
    /// Whether it failed and waits for its next attempt (a pending delivery not yet tried is
    /// on its way, not waiting).
    pub fn waiting(&self) -> bool {
        self.state == "pending" && self.attempts > 0
    }

    /// The links the event is about, as the links list writes them (`go.example/promo`, or
    /// the slug alone on the base URL's host), each once, at most `most`; and how many more.
    pub fn links(&self, most: usize) -> (Vec<String>, usize) {
        let data: serde_json::Value = serde_json::from_str(&self.data).unwrap_or_default();
        let named = |v: &serde_json::Value| {
            let slug = v["slug"].as_str()?;
            Some(match v["domain"].as_str().filter(|d| !d.is_empty()) {
                Some(domain) => format!("{domain}/{slug}"),
                None => slug.to_owned(),
            })
        };
        let mut links: Vec<String> = Vec::new();
        let each = match data["hits"].as_array() {
            Some(hits) => hits.iter().filter_map(named).collect(),
            None => named(&data["link"]).into_iter().collect::<Vec<_>>(),
        };
        for link in each {
            if !links.contains(&link) {
                links.push(link);
            }
        }
        let more = links.len().saturating_sub(most);
        links.truncate(most);
        (links, more)
    }
}

/// Whether a subscription to `events` (a JSON array) takes events of type `kind`.
pub fn wants(events: &str, kind: &str) -> bool {
    serde_json::from_str::<Vec<String>>(events).is_ok_and(|e| e.iter().any(|e| e == kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subscription_takes_only_the_events_it_names() {
        assert!(wants(r#"["link.created","click"]"#, "click"));
        assert!(!wants(r#"["link.created"]"#, "link.created.x"));
        assert!(!wants("not json", "click"));
    }
}
