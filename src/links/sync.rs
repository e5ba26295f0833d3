//! Keeping the slug cache true when links change elsewhere: another instance's change
//! arrives by PostgreSQL `LISTEN/NOTIFY` within milliseconds; a periodic check of the links
//! table's fingerprint catches anything a lost connection made us miss.

use std::future::pending;
use std::time::Duration;

use sqlx::postgres::{PgListener, PgNotification};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::cache::SlugCache;
use crate::db::{Db, LINK_CHANGES};

/// How often the safety net compares the links table with what the cache last saw.
const CHECK_EVERY: Duration = Duration::from_secs(30);

pub fn spawn(db: Db, cache: SlugCache, stop: CancellationToken) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut listener = listen(&db).await;
        let mut seen = db.links_fingerprint().await.ok();
        let mut check = tokio::time::interval(CHECK_EVERY);
        check.tick().await;
        loop {
            tokio::select! {
                () = stop.cancelled() => break,
                received = next(&mut listener) => match received {
                    Ok(Some(notification)) => cache.invalidate(notification.payload()),
                    Ok(None) => {
                        // The connection dropped (it reconnects on the next call): changes
                        // made meanwhile were not heard, so forget everything.
                        tracing::warn!("link change listener lost its connection");
                        cache.invalidate_all();
                    }
                    Err(err) => {
                        tracing::warn!(error = %err, "link change listener failed");
                        cache.invalidate_all();
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                },
                _ = check.tick() => {
                    if listener.is_none() && matches!(db, Db::Postgres(_)) {
                        listener = listen(&db).await;
                    }
                    let now = db.links_fingerprint().await.ok();
                    if now.is_some() && now != seen {
                        cache.invalidate_all();
                        seen = now;
                    }
                }
            }
        }
    })
}

async fn listen(db: &Db) -> Option<PgListener> {
    let Db::Postgres(pool) = db else { return None };
    let mut listener = match PgListener::connect_with(pool).await {
        Ok(listener) => listener,
        Err(err) => {
            tracing::warn!(error = %err, "cannot listen for link changes; relying on the periodic check");
            return None;
        }
    };
    listener.listen(LINK_CHANGES).await.ok()?;
    Some(listener)
}

/// The next notification, or never when there is no listener.
async fn next(listener: &mut Option<PgListener>) -> sqlx::Result<Option<PgNotification>> {
    match listener {
        Some(listener) => listener.try_recv().await,
        None => pending().await,
    }
}
