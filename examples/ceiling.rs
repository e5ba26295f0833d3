//! The ceiling for redirect benchmarks: bare axum answering 302 from an in-memory map of
//! slugs, with no logging of any kind. `scripts/bench-redirect.sh` measures Lanterne against
//! it in the same run.
//!
//! Usage: `cargo run --release --example ceiling -- 127.0.0.1:9000 10000` serves `/b1`…`/b10000`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let listen = args.next().unwrap_or_else(|| "127.0.0.1:9000".into());
    let slugs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let map: HashMap<String, HeaderValue> = (1..=slugs)
        .map(|i| {
            (
                format!("b{i}"),
                HeaderValue::try_from(format!("https://example.com/{i}")).unwrap(),
            )
        })
        .collect();
    let app = Router::new()
        .route("/{slug}", get(redirect))
        .with_state(Arc::new(map));
    let listener = tokio::net::TcpListener::bind(&listen).await.unwrap();
    axum::serve(listener, app).await.unwrap();
}

async fn redirect(
    State(map): State<Arc<HashMap<String, HeaderValue>>>,
    Path(slug): Path<String>,
) -> Response {
    match map.get(&slug) {
        Some(location) => {
            (StatusCode::FOUND, [(header::LOCATION, location.clone())]).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
