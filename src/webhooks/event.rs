//! Events as receivers get them: `{"id", "type", "created_at", "timestamp", "data"}`, what a
//! batch of hits makes of them (a preview is a share detected; clicks travel together, with
//! their classes and never an address), and the test event an admin sends.

use serde_json::{Value, json};

use crate::clock::{now_ms, rfc3339};
use crate::hits::HitRow;

use super::{TEST_EVENT, Webhook};

/// One event, as the outbox keeps it until every subscriber has it.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// `evt_` and 24 hex digits: the same on every attempt, for receivers to skip repeats.
    pub id: String,
    /// `link.created`, `click` … ([`super::EVENTS`]).
    pub kind: &'static str,
    /// Unix ms.
    pub at: i64,
    pub data: Value,
}

impl Event {
    pub fn new(kind: &'static str, data: Value) -> Event {
        Event {
            id: new_id(),
            kind,
            at: now_ms(),
            data,
        }
    }
}

pub fn new_id() -> String {
    format!("evt_{:024x}", rand::random::<u128>() >> 32)
}

/// The body sent for an event, the same bytes on every attempt. The outbox names a link on
/// the base URL's host by the domain `""`, as `links.domain` does; receivers get its host
/// `base_host`, as the API and exports give it, so that `domain` and `slug` make the short URL.
pub fn body(id: &str, kind: &str, at: i64, data: &str, base_host: &str) -> Vec<u8> {
    let mut data: Value = serde_json::from_str(data).unwrap_or(Value::Null);
    name_base_host(&mut data, base_host);
    serde_json::to_vec(&json!({
        "id": id,
        "type": kind,
        "created_at": rfc3339(at),
        "timestamp": at,
        "data": data,
    }))
    .expect("JSON values serialize")
}

/// The test event for `webhook`: the subscription it was sent to, as the API lists it, and no
/// link (a receiver can tell it from real events by its type alone).
pub fn test(webhook: &Webhook) -> Event {
    Event::new(
        TEST_EVENT,
        json!({
            "webhook": {
                "id": webhook.id,
                "url": webhook.url,
                "events": webhook.event_list(),
            },
        }),
    )
}

/// Gives `base_host` as the `domain` of the links and hits of `data` (`link`, `hit`, each of
/// `hits`) stored with `""`.
fn name_base_host(data: &mut Value, base_host: &str) {
    let Value::Object(fields) = data else {
        return;
    };
    let mut named: Vec<&mut Value> = Vec::new();
    for (key, value) in fields.iter_mut() {
        match (key.as_str(), value) {
            ("hits", Value::Array(hits)) => named.extend(hits.iter_mut()),
            ("link" | "hit", value) => named.push(value),
            _ => {}
        }
    }
    for value in named {
        if let Some(domain) = value.get_mut("domain").filter(|d| d.as_str() == Some("")) {
            *domain = base_host.into();
        }
    }
}

/// A hit's classified fields for a receiver: no address, no visitor key, no user agent.
fn hit_fields(hit: &HitRow, domain: &str, slug: &str) -> Value {
    json!({
        "domain": domain,
        "slug": slug,
        "at": rfc3339(hit.at),
        "kind": hit.kind,
        "source": hit.source,
        "platform": hit.platform,
        "evidence": hit.evidence,
        "device": hit.device,
        "browser": hit.browser,
        "os": hit.os,
        "country": hit.country,
        "city": hit.city,
        "referrer_host": hit.referrer_host,
    })
}

/// A batch's events: one `share.detected` per preview fetch, and its clicks as one `click`
/// event (the delivery task joins a second's worth of them). `link` names a link by id: its
/// `links.domain` (`""`: the base URL's host) and slug; hits of links gone meanwhile are left
/// out.
pub fn of_hits(hits: &[HitRow], link: impl Fn(i64) -> Option<(String, String)>) -> Vec<Event> {
    let mut events = Vec::new();
    let mut clicks = Vec::new();
    for hit in hits {
        let Some((domain, slug)) = link(hit.link_id) else {
            continue;
        };
        match hit.kind {
            "preview" => events.push(Event::new(
                "share.detected",
                json!({
                    "link": { "domain": domain, "slug": slug },
                    "platform": hit.platform,
                    "hit": hit_fields(hit, &domain, &slug),
                }),
            )),
            "click" => clicks.push(hit_fields(hit, &domain, &slug)),
            _ => {}
        }
    }
    if !clicks.is_empty() {
        events.push(Event::new("click", json!({ "hits": clicks })));
    }
    events
}

/// Joins the `hits` of click events' data (JSON) into one, oldest first.
pub fn join_clicks<'a>(datas: impl IntoIterator<Item = &'a str>) -> String {
    let hits: Vec<Value> = datas
        .into_iter()
        .filter_map(|d| serde_json::from_str::<Value>(d).ok())
        .filter_map(|mut d| match d.get_mut("hits").map(Value::take) {
            Some(Value::Array(hits)) => Some(hits),
            _ => None,
        })
        .flatten()
        .collect();
    json!({ "hits": hits }).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(kind: &'static str, link_id: i64) -> HitRow {
        HitRow {
            link_id,
            at: 1_764_000_000_000,
            method: "GET",
            referrer: Some("https://mail.google.com/mail/u/0/".into()),
            referrer_host: Some("mail.google.com".into()),
            user_agent: Some("WhatsApp/2.23".into()),
            browser: None,
            os: None,
            device: "mobile",
            country: Some("FR".into()),
            city: None,
            visitor: Some(42),
            kind,
            source: (kind == "click").then_some("dark"),
            platform: "whatsapp",
            evidence: "user_agent",
            signals: Default::default(),
            destination: None,
        }
    }

    #[test]
    fn previews_are_shares_and_clicks_travel_together_without_the_visitor() {
        let hits = [
            hit("preview", 1),
            hit("click", 1),
            hit("bot", 1),
            hit("click", 2),
            hit("click", 9),
        ];
        let domain = |id: i64| if id == 2 { "go.example" } else { "" }.to_owned();
        let events = of_hits(&hits, |id| (id < 9).then(|| (domain(id), format!("s{id}"))));
        let kinds: Vec<_> = events.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, ["share.detected", "click"]);
        assert_eq!(
            events[0].data["link"],
            json!({ "domain": "", "slug": "s1" })
        );
        let clicks = events[1].data["hits"].as_array().unwrap();
        assert_eq!(clicks.len(), 2);
        assert_eq!(
            (&clicks[1]["domain"], &clicks[1]["slug"]),
            (&json!("go.example"), &json!("s2"))
        );
        assert_eq!(clicks[0]["source"], "dark");
        let text = events[1].data.to_string();
        assert!(
            !text.contains("42") && !text.contains("WhatsApp/2.23"),
            "{text}"
        );
    }

    #[test]
    fn the_test_event_names_its_subscription_and_no_link() {
        let webhook = Webhook {
            id: 7,
            url: "https://crm.example/hooks/lanterne".into(),
            events: r#"["link.created","click"]"#.into(),
            enabled: true,
            created_at: 0,
            failing_since: None,
            disabled_at: None,
        };
        let event = test(&webhook);
        assert_eq!(event.kind, "webhook.test");
        assert!(event.id.starts_with("evt_"), "{}", event.id);
        assert_eq!(
            event.data,
            json!({ "webhook": {
                "id": 7,
                "url": "https://crm.example/hooks/lanterne",
                "events": ["link.created", "click"],
            } })
        );
        assert!(!crate::webhooks::EVENTS.contains(&event.kind));
    }

    #[test]
    fn a_link_on_the_base_url_s_host_is_sent_with_that_host() {
        let data = json!({
            "link": { "domain": "", "slug": "a" },
            "hit": { "domain": "", "slug": "a" },
            "hits": [{ "domain": "", "slug": "a" }, { "domain": "go.example", "slug": "b" }],
            "reason": "",
        });
        let stored = data.to_string();
        let sent = body("evt_1", "click", 0, &stored, "sho.rt");
        assert_eq!(sent, body("evt_1", "click", 0, &stored, "sho.rt"));
        let sent: Value = serde_json::from_slice(&sent).unwrap();
        let data = &sent["data"];
        assert_eq!(data["link"], json!({ "domain": "sho.rt", "slug": "a" }));
        assert_eq!(data["hit"]["domain"], "sho.rt");
        assert_eq!(data["hits"][0]["domain"], "sho.rt");
        assert_eq!(data["hits"][1]["domain"], "go.example");
        assert_eq!(data["reason"], "");
    }

    #[test]
    fn click_events_join_in_order() {
        let joined = join_clicks([r#"{"hits":[1,2]}"#, r#"{"hits":[3]}"#]);
        assert_eq!(joined, r#"{"hits":[1,2,3]}"#);
    }
}
