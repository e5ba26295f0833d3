//! Read your own writes: after a request that may change something (any method but GET and
//! HEAD), the list pages read the primary until the read replica has caught up with it.

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use crate::app::AppState;

pub async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let changes = !matches!(*request.method(), Method::GET | Method::HEAD);
    let response = next.run(request).await;
    if changes {
        // Before answering: the page the browser is sent to next must see the change.
        state.reads.after_write().await;
    }
    response
}
