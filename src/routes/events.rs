//! `POST /e`: the site snippet's events. Like the redirect, it never waits for the database:
//! the site comes from memory, the event goes to the hit queue without waiting, and the
//! answer is 204. Refusals say what is wrong, as the API's do.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::Ordering::Relaxed;

use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::redirect::{SEC_GPC, detached, is_one, last, request_signals};
use crate::app::{AppState, EVENT_LIMIT};
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::hits::RawHit;
use crate::hits::event::{EventKind, RawEvent};
use crate::net::client_ip::X_FORWARDED_FOR;
use crate::net::{client_ip, client_limit};
use crate::sites::beacon::{self, MAX_BODY};
use crate::sites::reception::Reason;
use crate::sites::{Site, host_of};

pub async fn event(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    match accept(&state, peer, request).await {
        Ok(()) => (
            StatusCode::NO_CONTENT,
            [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        )
            .into_response(),
        Err(refused) => refused.into_response(),
    }
}

async fn accept(state: &AppState, peer: SocketAddr, request: Request) -> Result<(), ApiError> {
    let (parts, body) = request.into_parts();
    // The beacon's own headers, read as a redirect reads a click's: the same rules then
    // tell a person's browser from a script.
    let signals = request_signals(state, &parts.headers, parts.version, peer);
    let beacon = beacon::parse(&read(body).await?).map_err(ApiError::invalid)?;
    let headers = &parts.headers;
    let site = site_of_page(state, &beacon.site_key, &beacon.host, headers).await?;
    let network = client_limit::network(client(state, peer, headers));
    state.event_guard.check(&network).map_err(|retry_after| {
        ApiError::too_many(
            format!("at most {EVENT_LIMIT} events a minute from one address"),
            retry_after,
        )
    })?;
    let do_not_track =
        beacon.do_not_track || is_one(headers, &header::DNT) || is_one(headers, &SEC_GPC);
    if do_not_track && beacon.event != EventKind::View {
        // Such a visitor's view is counted; nothing else of theirs is kept.
        return Ok(());
    }
    let internal = beacon
        .referrer
        .as_deref()
        .and_then(host_of)
        .is_some_and(|host| site.serves(&host));
    let request = RawHit {
        at: now_ms(),
        link_id: 0,
        head: false,
        peer: peer.ip(),
        // The page's referrer, not the beacon's (which is the page itself).
        referrer: beacon
            .referrer
            .as_deref()
            .and_then(|r| HeaderValue::from_bytes(r.as_bytes()).ok()),
        user_agent: headers.get(header::USER_AGENT).cloned().map(detached),
        x_forwarded_for: last(headers, &X_FORWARDED_FOR),
        forwarded: last(headers, &header::FORWARDED),
        do_not_track,
        signals,
        destination: None,
    };
    // Counted before it is pushed, as a redirect's hit is (the crash ledger relies on it).
    state.metrics.events.fetch_add(1, Relaxed);
    state.hits.push_event(RawEvent {
        request,
        site_id: site.id,
        event: beacon.event,
        page: beacon.page,
        utm: beacon.utm,
        internal,
        share_id: beacon.id,
        parent: beacon.parent,
        channel: beacon.channel,
    });
    Ok(())
}

/// The body of a snippet's request, refused past [`MAX_BODY`] bytes.
pub(super) async fn read(body: Body) -> Result<axum::body::Bytes, ApiError> {
    to_bytes(body, MAX_BODY).await.map_err(|_| {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("a request of the snippet is at most {MAX_BODY} bytes"),
        )
    })
}

/// The site named by `key`, when the page's `host` and the request's `Origin` (when sent)
/// are among its domains. The key is public: a page elsewhere could send it. A refusal for
/// a known key is counted for Settings → Sites (a forgotten `www.` shows there); an unknown
/// key names no site to tell.
pub(super) async fn site_of_page(
    state: &AppState,
    key: &str,
    host: &str,
    headers: &HeaderMap,
) -> Result<Arc<Site>, ApiError> {
    let site = state
        .sites
        .by_key(key)
        .await?
        .ok_or_else(|| ApiError::not_found("no site has this key"))?;
    if !site.serves(host) {
        state.sites.refused(site.id, host, Reason::Page);
        return Err(ApiError::forbidden(format!(
            "{host} is not one of the site's domains"
        )));
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let host = origin.to_str().ok().and_then(host_of);
        if !host.as_deref().is_some_and(|h| site.serves(h)) {
            if let Some(host) = &host {
                state.sites.refused(site.id, host, Reason::Origin);
            }
            return Err(ApiError::forbidden(
                "the request's Origin is not one of the site's domains",
            ));
        }
    }
    Ok(site)
}

/// The client's address, behind trusted proxies: the rate limits count its network.
pub(super) fn client(state: &AppState, peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
    client_ip::of_request(peer.ip(), headers, &state.trusted_proxies)
}
