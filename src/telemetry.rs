//! Logging: `RUST_LOG`-style filtering, `info` by default, colours only on a terminal, and the
//! span each request's log lines are written in.

use std::io::IsTerminal;

use axum::extract::MatchedPath;
use axum::http::Request;
use tracing::Span;
use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // A file, journald or `docker logs` would show the colour codes as `[2m…[32m`.
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}

/// A request's span: its method and the route it matched (`/links/{slug}/edit`, never the
/// path itself, which can hold a slug or anything a client sent).
pub fn request_span<B>(request: &Request<B>) -> Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("", MatchedPath::as_str);
    tracing::info_span!("request", method = %request.method(), route)
}
