//! A branded domain serves its links and nothing else: `/` goes to the domain's root URL (the
//! 404 page without one), and the web UI, the API and every other path of the base URL's host
//! answer the 404 page there. Hosts that are not registered are served as the base URL's.

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use super::pages;
use crate::app::AppState;

pub async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(branded) = state.domains().of_request(request.headers(), request.uri()) else {
        return next.run(request).await;
    };
    let path = request.uri().path();
    let read = matches!(*request.method(), Method::GET | Method::HEAD);
    if read && path == "/e" {
        // `/e` is a slug's redirect when read (the snippet's events are posted there).
        return next.run(request).await;
    }
    match &branded.root {
        Some(root) if read && path == "/" => super::redirect::send_to(root.clone()),
        _ => pages::for_visitor(request.headers(), pages::unknown_link),
    }
}
