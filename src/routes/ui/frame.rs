//! The web UI's refusals in its frame: someone signed in who meets a missing record, a page
//! that is not theirs or an address that does not take their request keeps the navigation and
//! gets a link back to the list the page belongs to (or the dashboard). Anyone else gets the
//! bare page the refusal made.

use askama::Template;
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use super::Viewer;
use super::error::Refusal;
use crate::app::AppState;

#[derive(Template)]
#[template(path = "ui/error.html")]
struct FramedRefusal<'a> {
    section: &'a str,
    viewer: &'a Viewer,
    refusal: &'a Refusal,
    back: &'a List,
}

/// A list of the web UI, which the pages under `prefix` belong to.
#[derive(Debug, PartialEq, Eq)]
struct List {
    prefix: &'static str,
    path: &'static str,
    /// The navigation's section, and its label's message key.
    section: &'static str,
    label: &'static str,
}

const fn list(
    prefix: &'static str,
    path: &'static str,
    section: &'static str,
    label: &'static str,
) -> List {
    List {
        prefix,
        path,
        section,
        label,
    }
}

const DASHBOARD: List = list("/dashboard", "/dashboard", "dashboard", "nav-dashboard");

/// Most specific first.
const LISTS: [List; 11] = [
    list(
        "/dashboard/sites",
        "/dashboard/sites",
        "site-dashboard",
        "nav-your-sites",
    ),
    list("/links", "/links", "links", "nav-links"),
    list("/campaigns", "/campaigns", "campaigns", "nav-campaigns"),
    list("/settings/users", "/settings/users", "users", "nav-users"),
    list(
        "/settings/invitations",
        "/settings/users",
        "users",
        "nav-users",
    ),
    list(
        "/settings/channels",
        "/settings/channels",
        "channels",
        "nav-channels",
    ),
    list(
        "/settings/domains",
        "/settings/domains",
        "domains",
        "nav-domains",
    ),
    list("/settings/sites", "/settings/sites", "sites", "nav-sites"),
    list(
        "/settings/tokens",
        "/settings/tokens",
        "tokens",
        "nav-tokens",
    ),
    list(
        "/settings/webhooks",
        "/settings/webhooks",
        "webhooks",
        "nav-webhooks",
    ),
    list("/settings/agency", "/dashboard", "agency", "nav-dashboard"),
];

/// Where a refusal of `path` with `status` leads back to: the list the page belongs to; the
/// dashboard when the refused page is that list, when a settings list is refused (it is for
/// admins, so its list would be refused too), or when the page belongs to none.
fn back_from(path: &str, status: StatusCode) -> &'static List {
    let under = |prefix: &str| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    match LISTS.iter().find(|list| under(list.prefix)) {
        Some(list) if list.path == path => &DASHBOARD,
        Some(list) if status == StatusCode::FORBIDDEN && list.path.starts_with("/settings/") => {
            &DASHBOARD
        }
        Some(list) => list,
        None => &DASHBOARD,
    }
}

/// Frames a refusal's page for someone signed in. Only a refusal costs the session's lookup
/// again; other answers pass through untouched. It wraps the web UI's routes alone (the
/// routing table in src/app.rs), not the assets, images, probes or API, which make no page.
pub async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    // The request goes to the handler, so what the session's lookup after a refusal needs is
    // kept before the answer is known: its address and cookies. Neither is copied: a `Uri`
    // and a `HeaderValue` share the buffer the request was read into, and a clone counts one
    // more reference to it; only the map holding the cookies is allocated.
    let mut asked = Request::new(());
    *asked.uri_mut() = request.uri().clone();
    *asked.headers_mut() = cookies(request.headers());
    let mut response = next.run(request).await;
    let Some(refusal) = response.extensions_mut().remove::<Refusal>() else {
        return response;
    };
    let (mut parts, ()) = asked.into_parts();
    let Ok(mut viewer) = Viewer::from_request_parts(&mut parts, &state).await else {
        return response;
    };
    // A one-time message belongs to the page it was meant for.
    viewer.flash = None;
    let back = back_from(parts.uri.path(), response.status());
    let page = FramedRefusal {
        section: back.section,
        viewer: &viewer,
        refusal: &refusal,
        back,
    };
    match page.render() {
        Ok(html) => {
            let (mut head, _) = response.into_parts();
            head.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(head, Body::from(html))
        }
        Err(err) => {
            tracing::error!(error = %err, "rendering a framed error page failed");
            response
        }
    }
}

/// The request's cookies alone: all the session's lookup reads.
fn cookies(headers: &HeaderMap) -> HeaderMap {
    let mut kept = HeaderMap::new();
    for value in headers.get_all(header::COOKIE) {
        kept.append(header::COOKIE, value.clone());
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_leads_back_to_its_list_or_the_dashboard() {
        let back = |path, status| back_from(path, status).path;
        let missing = StatusCode::NOT_FOUND;
        let refused = StatusCode::FORBIDDEN;
        assert_eq!(back("/campaigns/999", missing), "/campaigns");
        assert_eq!(back("/links/nope/edit", missing), "/links");
        assert_eq!(back("/dashboard/sites/99", missing), "/dashboard/sites");
        assert_eq!(
            back("/settings/webhooks/9/test", missing),
            "/settings/webhooks"
        );
        assert_eq!(
            back("/settings/invitations/9/cancel", missing),
            "/settings/users"
        );
        assert_eq!(back("/links/kit", refused), "/links");
        // A refused list, or a list of admins' settings: the dashboard.
        assert_eq!(back("/settings/users", refused), "/dashboard");
        assert_eq!(back("/settings/users/3/role", refused), "/dashboard");
        assert_eq!(back("/links", StatusCode::METHOD_NOT_ALLOWED), "/dashboard");
        assert_eq!(back("/linksmore", missing), "/dashboard");
        assert_eq!(
            back("/dashboard", StatusCode::METHOD_NOT_ALLOWED),
            "/dashboard"
        );
        assert_eq!(back("/account", refused), "/dashboard");
    }
}
