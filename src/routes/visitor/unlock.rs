//! `POST /{slug}`: the password form of a protected link. The right password sends the
//! person on (303) and counts their click; wrong ones are limited per link and client.

use std::net::SocketAddr;

use axum::Form;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, Version, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::pages::{self, Refusal};
use super::{Request, decide, facts};
use crate::app::AppState;
use crate::links::options::decide::Decision;
use crate::net::client_ip;
use crate::net::client_limit::network;
use crate::routes::redirect::{lookup, record, request_signals};

#[derive(Deserialize)]
pub struct UnlockForm {
    #[serde(default)]
    password: String,
    /// The referrer the form was first shown with.
    #[serde(default)]
    from: String,
}

pub async fn unlock(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    uri: Uri,
    version: Version,
    mut headers: HeaderMap,
    Form(form): Form<UnlockForm>,
) -> Response {
    let slug = uri.path().trim_start_matches('/');
    let branded = state.domains().of_request(&headers, &uri);
    let domain = branded.as_ref().map_or("", |b| &b.host);
    let target = match lookup(&state, domain, slug).await {
        Ok(Some(target)) => target,
        Ok(None) => return crate::routes::pages::unknown_link(),
        Err(_) => return crate::routes::pages::unavailable(),
    };
    if !target.enabled {
        return crate::routes::pages::gone();
    }
    let protected = target
        .options
        .as_ref()
        .and_then(|o| Some((o, o.prepared.password.clone()?)));
    let Some((options, hash)) = protected else {
        // Nothing to unlock (the password was removed meanwhile): the link as it is now.
        return see_other(
            HeaderValue::from_str(uri.path()).unwrap_or(HeaderValue::from_static("/")),
        );
    };
    let client = client_ip::of_request(peer.ip(), &headers, &state.trusted_proxies);
    // Every try counts, the right one too, before the password is looked at: a guesser over
    // the limit learns nothing. Held in memory only, as every limit's keys are.
    let key = (target.link_id, network(client));
    if let Err(retry_after) = state.password_guard.check(&key) {
        let mut response = pages::password_form_from(&form.from, Refusal::Limited);
        let seconds = crate::net::rate_limit::retry_after_secs(retry_after).to_string();
        if let Ok(value) = HeaderValue::try_from(seconds) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        return response;
    }
    let password = form.password;
    // Verifying takes tens of milliseconds of CPU on purpose: not on the runtime's threads.
    let right =
        tokio::task::spawn_blocking(move || crate::auth::password::verify(&password, &hash))
            .await
            .unwrap_or(false);
    if !right {
        return pages::password_form_from(&form.from, Refusal::Wrong);
    }
    let signals = request_signals(&state, &headers, version, peer);
    let request = Request {
        head: false,
        signals,
        headers: &headers,
    };
    let facts = facts(&state, options, peer, &request, true);
    let (to, destination) = match decide(&state, &target, options, &facts) {
        Decision::Go {
            to, destination, ..
        }
        | Decision::Card { to, destination } => (to.clone(), destination),
        Decision::NotStarted { starts_at } => {
            return pages::not_started(starts_at, &state.timezone);
        }
        Decision::Gone => return pages::expired(),
        Decision::Locked => return pages::password_form_from(&form.from, Refusal::None),
    };
    // The click came from where the form was first opened, not from the form.
    headers.remove(header::REFERER);
    if let Ok(from) = HeaderValue::try_from(form.from.trim())
        && !from.is_empty()
    {
        headers.insert(header::REFERER, from);
    }
    record(
        &state,
        target.link_id,
        peer,
        false,
        signals,
        headers,
        Some(destination.code()),
    );
    see_other(to)
}

/// 303: after a form, the browser follows with a GET.
fn see_other(location: HeaderValue) -> Response {
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, location),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
    )
        .into_response()
}
