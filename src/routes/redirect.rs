//! `GET|HEAD /{slug}`: the hot path. Look the slug up (from memory when it can), hand the
//! hit to the queue without waiting, answer 302. A link with options is answered by
//! [`super::visitor`].

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Version, header};
use axum::response::{IntoResponse, Response};

use super::pages;
use crate::app::AppState;
use crate::classify::{Signals, signals};
use crate::clock::now_ms;
use crate::error::log_text;
use crate::hits::RawHit;
use crate::links::cache::{self, Target};
use crate::links::slug::looks_like_slug;
use crate::net::client_ip::{self, X_FORWARDED_FOR};

/// Browsers must come back to us on every click, or the click goes uncounted.
const NO_STORE: HeaderValue = HeaderValue::from_static("no-store");

/// Global Privacy Control, read as `DNT` is.
pub(super) const SEC_GPC: HeaderName = HeaderName::from_static("sec-gpc");

pub async fn redirect(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let started = Instant::now();
    let (parts, _body) = request.into_parts();
    let slug = parts.uri.path().trim_start_matches('/');
    let branded = state.domains().of_request(&parts.headers, &parts.uri);
    let domain = branded.as_ref().map_or("", |b| &b.host);
    let target = match lookup(&state, domain, slug).await {
        Ok(Some(target)) => target,
        Ok(None) => {
            state.metrics.not_found.fetch_add(1, Relaxed);
            let client = client_ip::of_request(peer.ip(), &parts.headers, &state.trusted_proxies);
            // A client walking through slugs to find links gets slowed down.
            let network = crate::net::client_limit::network(client);
            if let Err(retry_after) = state.scan_guard.check(&network) {
                return pages::for_visitor(&parts.headers, || {
                    pages::too_many_requests(retry_after)
                });
            }
            return pages::for_visitor(&parts.headers, pages::unknown_link);
        }
        Err(Unavailable) => return pages::for_visitor(&parts.headers, pages::unavailable),
    };
    if !target.enabled {
        return pages::for_visitor(&parts.headers, pages::gone);
    }
    let signals = request_signals(&state, &parts.headers, parts.version, peer);
    if let Some(options) = &target.options {
        // Its pages (password form, expiry) in the visitor's language.
        let locale = pages::visitor_locale(&parts.headers);
        let answer =
            super::visitor::answer(&state, &target, options, peer, parts, signals, started);
        return crate::i18n::scope(locale, answer).await;
    }
    let head = parts.method == Method::HEAD;
    record(
        &state,
        target.link_id,
        peer,
        head,
        signals,
        parts.headers,
        None,
    );
    state.metrics.redirect_latency.observe(started.elapsed());
    send_to(target.location.clone())
}

/// The 302 of a redirect.
pub(crate) fn send_to(location: HeaderValue) -> Response {
    (
        StatusCode::FOUND,
        [
            (header::LOCATION, location),
            (header::CACHE_CONTROL, NO_STORE),
        ],
    )
        .into_response()
}

/// Hands the hit of a request to the queue, without waiting; `destination` is
/// [`crate::links::options::Destination::code`].
pub(super) fn record(
    state: &AppState,
    link_id: i64,
    peer: SocketAddr,
    head: bool,
    signals: Signals,
    mut headers: HeaderMap,
    destination: Option<i16>,
) {
    // Counted before it is pushed: the writer can never store a hit not yet counted, so the
    // count of hits in memory never falls short.
    state.metrics.redirects.fetch_add(1, Relaxed);
    state.hits.push(RawHit {
        at: now_ms(),
        link_id,
        head,
        peer: peer.ip(),
        referrer: headers.remove(header::REFERER).map(detached),
        user_agent: headers.remove(header::USER_AGENT).map(detached),
        x_forwarded_for: last(&headers, &X_FORWARDED_FOR),
        forwarded: last(&headers, &header::FORWARDED),
        do_not_track: is_one(&headers, &header::DNT) || is_one(&headers, &SEC_GPC),
        signals,
        destination,
    });
}

/// The database could not be asked: the visitor is told to try again.
pub(super) struct Unavailable;

/// The target of `slug` on `domain` (`""`: the base URL's host) from the cache, else from
/// the database (then cached either way).
pub(super) async fn lookup(
    state: &AppState,
    domain: &str,
    slug: &str,
) -> Result<Option<Arc<Target>>, Unavailable> {
    if !looks_like_slug(slug) {
        return Ok(None);
    }
    let key = cache::key(domain, slug);
    if let Some(cached) = state.cache.get(&key) {
        return Ok(cached);
    }
    let found = state.db.target_by_slug(domain, slug).await.map_err(|err| {
        tracing::warn!(error = %log_text(&err), "slug lookup failed");
        Unavailable
    })?;
    let target = found
        .and_then(|row| Target::from_row(row, &state.click_limits, &state.blocked_domains))
        .map(Arc::new);
    state.cache.insert(&key, target.clone());
    Ok(target)
}

/// What the request's headers show (a prefetch, no `Accept`, HTTP/1.0, no Fetch Metadata):
/// a few header look-ups, no parsing. HTTP/1.0 counts only from the client itself, not from a
/// trusted proxy's hop; Fetch Metadata is expected only when links are https.
pub(super) fn request_signals(
    state: &AppState,
    headers: &HeaderMap,
    version: Version,
    peer: SocketAddr,
) -> Signals {
    let http_1_0 = version <= Version::HTTP_10
        && !state
            .trusted_proxies
            .iter()
            .any(|net| net.contains(&peer.ip()));
    signals::of_request(
        |name| headers.get(name).map(HeaderValue::as_bytes),
        http_1_0,
        // Links handed out as https are followed over https, where browsers send it.
        state.base_url.starts_with("https://"),
    )
}

/// The last of a repeated header: the one the nearest proxy wrote.
pub(super) fn last(headers: &HeaderMap, name: &HeaderName) -> Option<HeaderValue> {
    headers
        .get_all(name)
        .iter()
        .next_back()
        .map(|v| detached(v.clone()))
}

/// A header value of its own, for a hit that waits in the queue. hyper's header values are
/// slices of the connection's read buffer, so one kept alive keeps the whole buffer (8 KB and
/// more) and makes hyper allocate a new one for the next request: with a writer backlog of
/// 100,000 hits that was a gigabyte of buffers, and a large share of the hit path's CPU in
/// malloc (docs/performance.md, "Header values of their own"). Copying the hundred-odd bytes
/// is far cheaper.
pub(super) fn detached(value: HeaderValue) -> HeaderValue {
    // hyper accepts a few bytes `from_bytes` refuses: such a rare value stays shared.
    HeaderValue::from_bytes(value.as_bytes()).unwrap_or(value)
}

pub(super) fn is_one(headers: &HeaderMap, name: &HeaderName) -> bool {
    headers.get(name).is_some_and(|v| v.as_bytes() == b"1")
}
