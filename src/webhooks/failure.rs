//! Why a delivery failed: recorded in English (the API shows `last_error` as it is), in a few
//! fixed forms written here, and read back here into a message of the language files for
//! the settings page. Anything else recorded (a version's older wording) reads as a request
//! that failed, its text kept beside it.

use crate::i18n::Message;

const STATUS: &str = "the receiver answered ";
const TURNED_OFF: &str = "the subscription is turned off";
const BAD_URL: &str = "the URL is not valid: ";
const PRIVATE: &str = " is a private or loopback address";
const TIMEOUT: &str = "no answer within ";
const CONNECT: &str = "could not connect: ";
/// Added to the pending deliveries' error when a subscription is turned off
/// (src/db/webhooks.rs writes it in SQL).
pub const GIVEN_UP: &str = " (subscription turned off after a day of failures)";

/// The receiver answered `status`, not 2xx.
pub fn status(status: reqwest::StatusCode) -> String {
    format!("{STATUS}{status}")
}

pub fn turned_off() -> String {
    TURNED_OFF.to_owned()
}

pub fn bad_url(err: &url::ParseError) -> String {
    format!("{BAD_URL}{err}")
}

pub fn private(ip: std::net::IpAddr) -> String {
    format!("{ip}{PRIVATE}")
}

/// The request went wrong: no answer in time, no connection, or else its causes in full.
pub fn request(err: &reqwest::Error, within: std::time::Duration) -> String {
    if err.is_timeout() {
        format!("{TIMEOUT}{} s", within.as_secs())
    } else if err.is_connect() {
        format!("{CONNECT}{}", chain(err))
    } else {
        chain(err)
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

/// A recorded error as the page says it, in its language.
pub fn message(recorded: &str) -> Message {
    if let Some(before) = recorded.strip_suffix(GIVEN_UP) {
        return Message::new("webhooks-error-given-up").with("reason", message(before));
    }
    if let Some(answer) = recorded.strip_prefix(STATUS) {
        let code = answer.split(' ').next().unwrap_or(answer);
        Message::new("webhooks-error-status").with("status", code)
    } else if recorded == TURNED_OFF {
        Message::new("webhooks-error-turned-off")
    } else if recorded.starts_with(BAD_URL) {
        Message::new("webhooks-error-bad-url")
    } else if let Some(ip) = recorded.strip_suffix(PRIVATE) {
        Message::new("webhooks-error-private").with("ip", ip)
    } else if let Some(within) = recorded.strip_prefix(TIMEOUT) {
        Message::new("webhooks-error-timeout").with("within", within)
    } else if recorded.starts_with(CONNECT) {
        Message::new("webhooks-error-connect")
    } else {
        Message::new("webhooks-error-request")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Locale, sync_scope};

    fn french(recorded: &str) -> String {
        sync_scope(Locale::get("fr").unwrap(), || message(recorded).localized())
    }

    #[test]
    fn each_recorded_form_reads_in_the_page_s_language() {
        let answered = status(reqwest::StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(answered, "the receiver answered 500 Internal Server Error");
        assert_eq!(
            french(&answered),
            "le destinataire a répondu par une erreur (HTTP 500)"
        );
        assert_eq!(
            message(&answered).english(),
            "the receiver answered with an error (HTTP 500)"
        );
        let ip = private("10.0.0.8".parse().unwrap());
        assert_eq!(french(&ip), "10.0.0.8 est une adresse privée ou locale");
        assert_eq!(french(&turned_off()), "l'abonnement est désactivé");
        assert_eq!(french("no answer within 10 s"), "aucune réponse en 10 s");
        assert_eq!(
            french("could not connect: error sending request: tcp connect error"),
            "connexion impossible au destinataire"
        );
        let given_up = format!("{answered}{GIVEN_UP}");
        assert_eq!(
            french(&given_up),
            "le destinataire a répondu par une erreur (HTTP 500) (abandonné : l'abonnement a été désactivé après une journée d'échecs)"
        );
        assert_eq!(
            french("something else"),
            "la requête n'a pas pu être envoyée"
        );
        let bad = url::Url::parse("http://[::1").unwrap_err();
        assert_eq!(french(&bad_url(&bad)), "l'URL n'est pas valide");
    }
}
