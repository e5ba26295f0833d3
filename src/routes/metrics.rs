//! `/metrics` in the Prometheus text format.

use std::fmt::Write;
use std::sync::atomic::Ordering::Relaxed;

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::app::AppState;

/// Prometheus text, for peers in `LANTERNE_METRICS_ALLOW` (loopback by default); the TCP
/// peer is checked, never a forwarding header.
pub async fn metrics(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
) -> Response {
    let ip = peer.ip().to_canonical();
    if !state.metrics_allow.iter().any(|net| net.contains(&ip)) {
        return (
            StatusCode::FORBIDDEN,
            "metrics are not open to this address\n",
        )
            .into_response();
    }
    let m = &state.metrics;
    let mut out = String::with_capacity(1024);
    let counters = [
        (
            "lanterne_redirects_total",
            "Redirects answered.",
            &m.redirects,
        ),
        (
            "lanterne_events_total",
            "Events of the site snippet accepted.",
            &m.events,
        ),
        (
            "lanterne_not_found_total",
            "Requests to unknown slugs.",
            &m.not_found,
        ),
        (
            "lanterne_hits_stored_total",
            "Hits written to the database, the site snippet's events included.",
            &m.hits_stored,
        ),
        (
            "lanterne_hits_spooled_total",
            "Hits written to the spool while the database was unavailable.",
            &m.hits_spooled,
        ),
        (
            "lanterne_hits_overflowed_total",
            "Hits that found the queue full and waited for room.",
            &m.hits_overflowed,
        ),
        (
            "lanterne_hits_dropped_total",
            "Hits that could not be stored.",
            &m.hits_dropped,
        ),
    ];
    for (name, help, value) in counters {
        let value = value.load(Relaxed);
        let _ = writeln!(
            out,
            "# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}"
        );
    }
    m.redirect_latency.render(
        &mut out,
        "lanterne_redirect_duration_seconds",
        "Time to answer a redirect, from the handler's start.",
    );
    let (open, idle) = state.db.pool_state();
    let _ = writeln!(
        out,
        "# HELP lanterne_hit_queue_depth Hits waiting for the writer.\n# TYPE lanterne_hit_queue_depth gauge\nlanterne_hit_queue_depth {}\n\
         # HELP lanterne_db_connections Database connections by state.\n# TYPE lanterne_db_connections gauge\n\
         lanterne_db_connections{{state=\"open\"}} {open}\nlanterne_db_connections{{state=\"idle\"}} {idle}",
        state.hits.depth()
    );
    let _ = writeln!(
        out,
        "# HELP lanterne_cache_warmed_links Most visited links put in the slug cache at start (0 until done).\n# TYPE lanterne_cache_warmed_links gauge\nlanterne_cache_warmed_links {}",
        m.cache_warmed.load(Relaxed)
    );
    if let Some(up) = state.reads.replica_up() {
        let _ = writeln!(
            out,
            "# HELP lanterne_read_replica_up Whether the read replica answers (1), or its reads go to the primary (0).\n# TYPE lanterne_read_replica_up gauge\nlanterne_read_replica_up {}",
            u8::from(up)
        );
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], out).into_response()
}
