//! Why a delivery failed, kept as data: a [`Failure`] is stored as a small JSON object tagged
//! by its stable code (`{"code":"http_status","status":500}`, in `last_failure`) and written out
//! only where it is shown: in the page's language on Settings → Webhooks, in English for the
//! API, which gives the code beside it. A delivery recorded by an older version in a form that
//! migration 0033 could not read keeps its English text in `last_error`, shown as recorded.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::DeliveryRecord;
use crate::i18n::Message;

/// Why an attempt failed. `detail` is what the network library said, in English: the API
/// gives it (an operator tells "connection refused" from a TLS error by it), the page does not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Failure {
    /// The receiver answered `status`, not 2xx.
    HttpStatus { status: u16 },
    /// No answer within `seconds`.
    Timeout { seconds: u64 },
    /// No connection to the receiver.
    Connect {
        #[serde(default)]
        detail: String,
    },
    /// The request went wrong otherwise.
    Request {
        #[serde(default)]
        detail: String,
    },
    /// The subscription's URL does not parse.
    BadUrl {
        #[serde(default)]
        detail: String,
    },
    /// The URL is a private or loopback address, which the operator does not allow.
    PrivateAddress { ip: String },
    /// The subscription was turned off before the delivery was tried.
    TurnedOff,
}

impl Failure {
    /// The request went wrong: no answer in time, no connection, or else its causes in full.
    pub fn request(err: &reqwest::Error, within: Duration) -> Failure {
        if err.is_timeout() {
            Failure::Timeout {
                seconds: within.as_secs(),
            }
        } else if err.is_connect() {
            Failure::Connect { detail: chain(err) }
        } else {
            Failure::Request { detail: chain(err) }
        }
    }

    pub fn bad_url(err: &url::ParseError) -> Failure {
        Failure::BadUrl {
            detail: err.to_string(),
        }
    }

    pub fn private(ip: std::net::IpAddr) -> Failure {
        Failure::PrivateAddress { ip: ip.to_string() }
    }

    /// The stable code, as stored and as the API's `error_code` gives it.
    pub fn code(&self) -> &'static str {
        match self {
            Failure::HttpStatus { .. } => "http_status",
            Failure::Timeout { .. } => "timeout",
            Failure::Connect { .. } => "connect",
            Failure::Request { .. } => "request",
            Failure::BadUrl { .. } => "bad_url",
            Failure::PrivateAddress { .. } => "private_address",
            Failure::TurnedOff => "turned_off",
        }
    }

    /// The text of the `last_failure` column.
    pub fn stored(&self) -> String {
        serde_json::to_string(self).expect("a failure serializes")
    }

    /// What a page says of it, in its language.
    pub fn message(&self) -> Message {
        match self {
            Failure::HttpStatus { status } => {
                Message::new("webhooks-error-status").with("status", status.to_string())
            }
            Failure::Timeout { seconds } => {
                Message::new("webhooks-error-timeout").with("seconds", seconds.to_string())
            }
            Failure::Connect { .. } => Message::new("webhooks-error-connect"),
            Failure::Request { .. } => Message::new("webhooks-error-request"),
            Failure::BadUrl { .. } => Message::new("webhooks-error-bad-url"),
            Failure::PrivateAddress { ip } => Message::new("webhooks-error-private").with("ip", ip),
            Failure::TurnedOff => Message::new("webhooks-error-turned-off"),
        }
    }

    /// What the API says of it: the message in English, and the library's words after it.
    fn described(&self) -> String {
        let said = self.message().english();
        match self {
            Failure::Connect { detail }
            | Failure::Request { detail }
            | Failure::BadUrl { detail }
                if !detail.is_empty() =>
            {
                format!("{said}: {detail}")
            }
            _ => said,
        }
    }
}

/// An error with its causes: "error sending request: … : connection refused".
fn chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut cause = err.source();
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text.chars().take(500).collect()
}

/// Why a delivery failed, as it was recorded.
enum Reason {
    Failure(Failure),
    /// An older version's English text, or a code this version does not know (a newer
    /// version's, after a downgrade): shown as it is.
    Recorded(String),
}

fn reason(delivery: &DeliveryRecord) -> Option<Reason> {
    match (&delivery.last_failure, &delivery.last_error) {
        (Some(stored), _) => Some(match serde_json::from_str(stored) {
            Ok(failure) => Reason::Failure(failure),
            Err(_) => Reason::Recorded(stored.clone()),
        }),
        (None, Some(text)) => Some(Reason::Recorded(text.clone())),
        (None, None) => None,
    }
}

/// `reason`, given up when the subscription was turned off (said alone when the delivery was
/// never tried).
fn given_up(delivery: &DeliveryRecord, reason: Option<Message>) -> Option<Message> {
    if !delivery.given_up {
        return reason;
    }
    Some(match reason {
        Some(reason) => Message::new("webhooks-error-given-up").with("reason", reason),
        None => Message::new("webhooks-error-given-up-untried"),
    })
}

/// The failure of a delivery as stored, if it is one this version knows.
pub fn of(delivery: &DeliveryRecord) -> Option<Failure> {
    match reason(delivery)? {
        Reason::Failure(failure) => Some(failure),
        Reason::Recorded(_) => None,
    }
}

/// Why a delivery failed, as the settings page says it in its language.
pub fn shown(delivery: &DeliveryRecord) -> Option<Message> {
    let reason = reason(delivery).map(|reason| match reason {
        Reason::Failure(failure) => failure.message(),
        Reason::Recorded(text) => Message::new("webhooks-error-recorded").with("text", text),
    });
    given_up(delivery, reason)
}

/// Why a delivery failed, as the API says it: in English, an older version's text as it is.
pub fn described(delivery: &DeliveryRecord) -> Option<String> {
    let reason = reason(delivery).map(|reason| match reason {
        Reason::Failure(failure) => failure.described(),
        Reason::Recorded(text) => text,
    });
    given_up(delivery, reason.map(Message::Text)).map(|said| said.english())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Locale, sync_scope};

    fn french(message: &Message) -> String {
        sync_scope(Locale::get("fr").unwrap(), || message.localized())
    }

    fn delivery(failure: Option<&Failure>, legacy: Option<&str>, given_up: bool) -> DeliveryRecord {
        DeliveryRecord {
            id: 1,
            webhook_id: 1,
            event_id: "evt_1".into(),
            event: "link.created".into(),
            created_at: 0,
            state: "failed".into(),
            attempts: 1,
            last_status: None,
            last_error: legacy.map(str::to_owned),
            last_failure: failure.map(Failure::stored),
            given_up,
            done_at: None,
            next_at: 0,
            data: "{}".into(),
        }
    }

    fn each() -> Vec<Failure> {
        vec![
            Failure::HttpStatus { status: 500 },
            Failure::Timeout { seconds: 10 },
            Failure::Connect {
                detail: "tcp connect error: Connection refused".into(),
            },
            Failure::Request {
                detail: String::new(),
            },
            Failure::BadUrl {
                detail: "invalid IPv6 address".into(),
            },
            Failure::PrivateAddress {
                ip: "10.0.0.8".into(),
            },
            Failure::TurnedOff,
        ]
    }

    #[test]
    fn a_failure_is_stored_as_its_code_and_read_back_whole() {
        for failure in each() {
            let stored: serde_json::Value = serde_json::from_str(&failure.stored()).unwrap();
            assert_eq!(stored["code"], failure.code(), "{stored}");
            let read = of(&delivery(Some(&failure), None, false));
            assert_eq!(read.as_ref(), Some(&failure));
        }
        assert_eq!(
            Failure::HttpStatus { status: 503 }.stored(),
            r#"{"code":"http_status","status":503}"#
        );
        // What migration 0033 writes, without the detail the older text did not have apart.
        let migrated = DeliveryRecord {
            last_failure: Some(r#"{"code":"connect"}"#.into()),
            ..delivery(None, None, false)
        };
        assert_eq!(
            of(&migrated),
            Some(Failure::Connect {
                detail: String::new()
            })
        );
    }

    #[test]
    fn each_failure_reads_in_the_page_s_language_and_in_english_for_the_api() {
        let said: Vec<(String, String)> = each()
            .iter()
            .map(|f| {
                let d = delivery(Some(f), None, false);
                (french(&shown(&d).unwrap()), described(&d).unwrap())
            })
            .collect();
        let expected = [
            (
                "le destinataire a répondu par une erreur (HTTP 500)",
                "the receiver answered with an error (HTTP 500)",
            ),
            ("aucune réponse en 10\u{a0}s", "no answer within 10 s"),
            (
                "connexion impossible au destinataire",
                "could not connect to the receiver: tcp connect error: Connection refused",
            ),
            (
                "la requête n’a pas pu être envoyée",
                "the request could not be sent",
            ),
            (
                "l’URL n’est pas valide",
                "the URL is not valid: invalid IPv6 address",
            ),
            (
                "10.0.0.8 est une adresse privée ou locale",
                "10.0.0.8 is a private or loopback address",
            ),
            (
                "l’abonnement est désactivé",
                "the subscription is turned off",
            ),
        ];
        for ((fr, en), (want_fr, want_en)) in said.iter().zip(expected) {
            assert_eq!((fr.as_str(), en.as_str()), (want_fr, want_en));
        }
    }

    #[test]
    fn a_delivery_given_up_or_recorded_by_an_older_version_says_so() {
        let status = Failure::HttpStatus { status: 500 };
        let d = delivery(Some(&status), None, true);
        assert_eq!(
            french(&shown(&d).unwrap()),
            "le destinataire a répondu par une erreur (HTTP 500) (abandonné\u{a0}: l’abonnement a été désactivé après une journée d’échecs)"
        );
        assert_eq!(
            described(&d).unwrap(),
            "the receiver answered with an error (HTTP 500) (given up: the subscription was turned off after a day of failures)"
        );
        let untried = delivery(None, None, true);
        assert_eq!(
            french(&shown(&untried).unwrap()),
            "abandonné avant toute tentative\u{a0}: l’abonnement a été désactivé après une journée d’échecs"
        );
        assert_eq!(shown(&delivery(None, None, false)), None);
        let older = delivery(None, Some("error sending request: connection reset"), false);
        assert_eq!(
            french(&shown(&older).unwrap()),
            "error sending request: connection reset (en anglais, enregistré par une version antérieure)"
        );
        assert_eq!(
            described(&older).unwrap(),
            "error sending request: connection reset"
        );
        assert_eq!(of(&older), None);
        // A code this version does not know is shown as stored, not taken for another.
        let newer = DeliveryRecord {
            last_failure: Some(r#"{"code":"tls"}"#.into()),
            ..delivery(None, None, false)
        };
        assert_eq!(described(&newer).unwrap(), r#"{"code":"tls"}"#);
    }
}
