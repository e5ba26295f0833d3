//! Liveness and readiness for orchestrators.

use axum::extract::State;
use axum::http::StatusCode;

use crate::app::AppState;
use crate::error::log_text;

/// 200 while the process runs.
pub async fn healthz() -> &'static str {
    "ok"
}

/// 200 while the database takes writes, 503 otherwise (a SQLite disk that fails writes, or
/// its file deleted, answers reads for a while: not ready all the same).
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.db.check_writable().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(err) => {
            tracing::warn!(error = %log_text(&err), "not ready: the database cannot take writes");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
