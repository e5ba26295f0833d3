//! `POST /e/link`: a share button's short link for its page and channel, minted on first use.
//! Asked by the snippet with `fetch` from the site's pages, so the answer names no origin in
//! particular (`Access-Control-Allow-Origin: *`): it is a public short URL, and no cookie
//! or credential is involved.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::events::{client, read, site_of_page};
use crate::app::{AppState, CREATE_LIMIT, MINT_LIMIT};
use crate::error::ApiError;
use crate::net::client_limit;
use crate::sites::beacon;
use crate::sites::share_links::{MintError, Minter};

pub async fn link(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let mut response = match short_url(&state, peer, request).await {
        Ok(url) => axum::Json(json!({ "short_url": url })).into_response(),
        Err(refused) => refused.into_response(),
    };
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

async fn short_url(
    state: &AppState,
    peer: SocketAddr,
    request: Request,
) -> Result<String, ApiError> {
    let (parts, body) = request.into_parts();
    let asked = beacon::parse_link_request(&read(body).await?).map_err(ApiError::invalid)?;
    let site = site_of_page(state, &asked.site_key, &asked.host, &parts.headers).await?;
    let network = client_limit::network(client(state, peer, &parts.headers));
    state.mint_guard.check(&network).map_err(|retry_after| {
        ApiError::too_many(
            format!("at most {MINT_LIMIT} share links a minute from one address"),
            retry_after,
        )
    })?;
    let catalogue = state.db.channel_catalogue().await?;
    let minter = Minter {
        db: &state.db,
        changes: &state.links,
        refused_hosts: &state.refused_hosts,
        catalogue: &catalogue,
        limit: &state.create_guard,
    };
    let link = minter
        .link(&site, &asked.page, asked.channel)
        .await
        .map_err(|err| match err {
            MintError::Refused(message) => ApiError::invalid(message),
            MintError::TooMany(retry_after) => ApiError::too_many(
                format!("a site's pages make at most {CREATE_LIMIT} share links a minute"),
                retry_after,
            ),
            MintError::Database(err) => err.into(),
        })?;
    Ok(state.short_url("", &link.slug))
}
