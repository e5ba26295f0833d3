//! The ceiling for redirect benchmarks: bare axum answering 302 from an in-memory map of
//! slugs, with no logging of any kind. `scripts/bench-redirect.sh` measures Lanterne against
//! it in the same run.
//!
//! Usage: `cargo run --release --example ceiling -- 127.0.0.1:9000 10000` serves `/b1`…`/b10000`,
//! and `POST /e` (the site snippet's events) with 204 once the body is read.
//!
//! Optional arguments give it a CPU budget like Lanterne's, to see what latency any server
//! spending that much per request gets on the same cores: `HANDLER_US` of the thread's own
//! CPU time in each request, `BACKGROUND_US` per request spent by a thread of its own (as if
//! a database stored each hit), and `CHUNK`, how many requests' background work that thread
//! does in one go (1 unless given: as they come, checked every millisecond), e.g.
//! `… 127.0.0.1:9000 10000 1 6 2000`.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use nix::time::{ClockId, clock_gettime};

struct Ceiling {
    map: HashMap<String, HeaderValue>,
    handler_work: Duration,
    background_work: Duration,
    /// Requests whose background work is not done yet.
    owed: AtomicU64,
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let listen = args.next().unwrap_or_else(|| "127.0.0.1:9000".into());
    let slugs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let mut micros =
        || Duration::from_micros(args.next().and_then(|n| n.parse().ok()).unwrap_or(0));
    let (handler_work, background_work) = (micros(), micros());
    // Requests whose background work is done in one go (1: as they come).
    let chunk: u64 = args.next().and_then(|n| n.parse().ok()).unwrap_or(1);
    let map: HashMap<String, HeaderValue> = (1..=slugs)
        .map(|i| {
            (
                format!("b{i}"),
                HeaderValue::try_from(format!("https://example.com/{i}")).unwrap(),
            )
        })
        .collect();
    let ceiling = Arc::new(Ceiling {
        map,
        handler_work,
        background_work,
        owed: AtomicU64::new(0),
    });
    if !ceiling.background_work.is_zero() {
        let ceiling = ceiling.clone();
        std::thread::spawn(move || {
            loop {
                let owed = ceiling.owed.load(Relaxed);
                if owed < chunk {
                    std::thread::sleep(Duration::from_millis(1));
                } else {
                    ceiling.owed.fetch_sub(owed, Relaxed);
                    busy(ceiling.background_work * owed as u32);
                }
            }
        });
    }
    let app = Router::new()
        .route("/e", post(event))
        .route("/{slug}", get(redirect))
        .with_state(ceiling);
    let listener = tokio::net::TcpListener::bind(&listen).await.unwrap();
    axum::serve(listener, app).await.unwrap();
}

/// An event: the body read, nothing else done with it.
async fn event(_body: axum::body::Bytes) -> StatusCode {
    StatusCode::NO_CONTENT
}

/// Spends `work` of this thread's CPU time: time the thread waits for a core while others
/// run does not count, so the budget is the same however busy the cores are.
fn busy(work: Duration) {
    let start = thread_cpu_time();
    while thread_cpu_time() - start < work {
        std::hint::spin_loop();
    }
}

fn thread_cpu_time() -> Duration {
    let now = clock_gettime(ClockId::CLOCK_THREAD_CPUTIME_ID).expect("a thread's CPU clock");
    Duration::from(now)
}

async fn redirect(State(ceiling): State<Arc<Ceiling>>, Path(slug): Path<String>) -> Response {
    if !ceiling.handler_work.is_zero() {
        busy(ceiling.handler_work);
    }
    if !ceiling.background_work.is_zero() {
        ceiling.owed.fetch_add(1, Relaxed);
    }
    match ceiling.map.get(&slug) {
        Some(location) => {
            (StatusCode::FOUND, [(header::LOCATION, location.clone())]).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
