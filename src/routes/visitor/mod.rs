//! What a visitor gets from a link with options: the facts of the request that its options
//! need (and no others), the decision (src/links/options/decide.rs), the click limit, and the
//! answer: a redirect, the preview card, the password form, the not-started or the expired
//! answer.
//!
//! Deciding never waits: the options are in the cached entry, the facts are read from the
//! request (a geo lookup only for links with country rules), and the hit is queued before any
//! page is rendered.

mod pages;
mod unlock;

pub use unlock::unlock;

use std::net::SocketAddr;
use std::time::Instant;

use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::response::Response;

use super::redirect::{record, send_to};
use crate::app::AppState;
use crate::classify::{self, Kind, Signals};
use crate::clock::now_ms;
use crate::hits::enrich::{MAX_USER_AGENT, crop};
use crate::links::cache::{Options, Target};
use crate::links::options::decide::{Audience, Decision, Facts, Needs};
use crate::links::options::{Destination, Device, country_letters};
use crate::net::client_ip;

/// Answers a request for a link with options.
pub async fn answer(
    state: &AppState,
    target: &Target,
    options: &Options,
    peer: SocketAddr,
    parts: Parts,
    signals: Signals,
    started: Instant,
) -> Response {
    let head = parts.method == Method::HEAD;
    let request = Request {
        head,
        signals,
        headers: &parts.headers,
    };
    let facts = facts(state, options, peer, &request, false);
    let (sent, answer) = match decide(state, target, options, &facts) {
        // Like the expired answer, it stores no hit: the link leads nowhere yet.
        Decision::NotStarted { starts_at } => {
            return pages::not_started(starts_at, &state.timezone);
        }
        Decision::Gone => return pages::expired(),
        Decision::Locked => match facts.audience {
            // A person's hit is counted once they are let through (src/routes/visitor/unlock.rs).
            Audience::Person => {
                return pages::password_form(&parts.headers, pages::Refusal::None);
            }
            // Previews of a protected link get nothing to show: no card, no destination.
            Audience::Preview | Audience::Bot => (Destination::Nowhere, Answer::Protected),
        },
        Decision::Card { to, destination } => (destination, Answer::Card(to.clone())),
        Decision::Go {
            to, destination, ..
        } => (destination, Answer::Go(to.clone())),
    };
    // A card names the short URL as it was asked for: on its domain.
    let card_url = matches!(answer, Answer::Card(_)).then(|| {
        let branded = state.domains().of_request(&parts.headers, &parts.uri);
        let domain = branded.as_ref().map_or("", |b| &b.host);
        state.short_url(domain, parts.uri.path().trim_start_matches('/'))
    });
    record(
        state,
        target.link_id,
        peer,
        head,
        signals,
        parts.headers,
        Some(sent.code()),
    );
    match answer {
        Answer::Protected => pages::protected(),
        Answer::Card(to) => pages::card(state, card_url.unwrap_or_default(), options, &to),
        Answer::Go(to) => {
            state.metrics.redirect_latency.observe(started.elapsed());
            send_to(to)
        }
    }
}

/// What a recorded request is answered with, once its hit is queued.
enum Answer {
    Protected,
    Card(HeaderValue),
    Go(HeaderValue),
}

/// The decision for `facts`, with the click limit applied: a person is let through only if
/// the limit admits them.
fn decide<'a>(
    state: &AppState,
    target: &'a Target,
    options: &'a Options,
    facts: &Facts,
) -> Decision<'a> {
    let decision = options.prepared.decide(&target.location, facts);
    match (&decision, &options.clicks, options.prepared.max_clicks) {
        (Decision::Go { counted: true, .. }, Some(clicks), Some(max))
            if !state.click_limits.admit(clicks, max) =>
        {
            options.prepared.expired()
        }
        _ => decision,
    }
}

/// What the classifier reads of a request.
struct Request<'a> {
    head: bool,
    signals: Signals,
    headers: &'a HeaderMap,
}

/// What deciding needs to know of the request, and only that.
fn facts(
    state: &AppState,
    options: &Options,
    peer: SocketAddr,
    request: &Request<'_>,
    unlocked: bool,
) -> Facts {
    let headers = request.headers;
    let Needs {
        audience,
        device,
        country,
    } = options.prepared.needs();
    let user_agent = headers
        .get(header::USER_AGENT)
        .map_or(&b""[..], |v| v.as_bytes());
    let max = options.prepared.max_clicks;
    Facts {
        now: now_ms(),
        audience: if audience {
            self::audience(request)
        } else {
            Audience::Person
        },
        device: if device { Device::of(user_agent) } else { None },
        country: if country {
            self::country(state, peer, headers)
        } else {
            None
        },
        unlocked,
        room: match (&options.clicks, max) {
            (Some(clicks), Some(max)) => clicks.room(max),
            _ => true,
        },
        roll: rand::random(),
    }
}

/// A person, a preview fetcher or a bot, as the hit writer will classify it: a prefetch (the
/// browser guessing the next page) is a bot there, so the person is counted when they
/// navigate.
fn audience(request: &Request<'_>) -> Audience {
    let text = |name| {
        request
            .headers
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()))
    };
    let user_agent = text(header::USER_AGENT);
    let referrer = text(header::REFERER);
    let user_agent = crop(user_agent.as_deref().unwrap_or(""), MAX_USER_AGENT);
    match classify::classify(
        request.head,
        referrer.as_deref(),
        user_agent,
        request.signals,
    )
    .kind
    {
        Kind::Click => Audience::Person,
        Kind::Preview => Audience::Preview,
        Kind::Bot => Audience::Bot,
    }
}

/// The client's country, looked up from its address, which goes no further.
fn country(state: &AppState, peer: SocketAddr, headers: &HeaderMap) -> Option<[u8; 2]> {
    let ip = client_ip::of_request(peer.ip(), headers, &state.trusted_proxies);
    state
        .geo
        .lookup(ip)
        .country
        .and_then(|c| country_letters(&c))
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;
    use crate::classify::signals;

    fn audience_of(head: bool, pairs: &[(&'static str, &'static str)]) -> Audience {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(*name, HeaderValue::from_static(value));
        }
        let signals =
            signals::of_request(|name| headers.get(name).map(|v| v.as_bytes()), false, false);
        audience(&Request {
            head,
            signals,
            headers: &headers,
        })
    }

    const CHROME: (&str, &str) = (
        "user-agent",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    );
    const ACCEPT: (&str, &str) = ("accept", "text/html");

    #[test]
    fn prefetches_are_not_people() {
        assert_eq!(audience_of(false, &[CHROME, ACCEPT]), Audience::Person);
        for prefetch in [
            ("sec-purpose", "prefetch;prerender"),
            ("purpose", "prefetch"),
            ("x-moz", "prefetch"),
        ] {
            assert_eq!(
                audience_of(false, &[CHROME, ACCEPT, prefetch]),
                Audience::Bot,
                "{prefetch:?}"
            );
        }
    }

    #[test]
    fn previews_and_bots_as_the_classifier_sees_them() {
        assert_eq!(
            audience_of(false, &[("user-agent", "WhatsApp/2.23.20.0 A"), ACCEPT]),
            Audience::Preview
        );
        assert_eq!(
            audience_of(false, &[("user-agent", "curl/8.5.0"), ACCEPT]),
            Audience::Bot
        );
        assert_eq!(audience_of(true, &[CHROME, ACCEPT]), Audience::Bot, "HEAD");
    }
}
