//! Keeping the slug cache and the branded domains true when they change elsewhere: another
//! instance's change arrives by PostgreSQL `LISTEN/NOTIFY` within milliseconds; a periodic
//! check of the links table's fingerprint, and a reload of the domains, catch anything else.
//!
//! While the database is unreachable the cache is kept as it is — known slugs must keep
//! redirecting through an outage — and it is flushed once the listener is back, since
//! changes made meanwhile were not heard.

use std::future::pending;
use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::{PgListener, PgNotification};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::cache::{self, SlugCache};
use crate::db::{Db, EVERY_LINK, LINK_CHANGES};
use crate::domains::registry::Domains;
use crate::import::{Plan, Summary};

/// How often the safety net compares the links table with what the cache last saw.
const CHECK_EVERY: Duration = Duration::from_secs(30);
/// How often a lost listener tries to come back.
const RETRY_EVERY: Duration = Duration::from_secs(1);

/// The announcement that the branded domains changed (a cache key never starts with `@`).
const DOMAINS_CHANGED: &str = "@domains";

/// Where link changes are announced: this instance's cache at once, the others through the
/// database. Each instance has an id so that it ignores its own announcements (its cache was
/// already updated; dropping a freshly re-cached entry would only cost a lookup, which during a
/// database slowdown could fail).
#[derive(Clone)]
pub struct LinkChanges {
    cache: SlugCache,
    db: Db,
    domains: Domains,
    instance: Arc<str>,
}

impl LinkChanges {
    pub fn new(cache: SlugCache, db: Db, domains: Domains) -> LinkChanges {
        let instance = format!("{:016x}", rand::random::<u64>()).into();
        LinkChanges {
            cache,
            db,
            domains,
            instance,
        }
    }

    /// The base URL's host and the branded domains, as this instance serves them.
    pub fn domains(&self) -> &Domains {
        &self.domains
    }

    /// Writes an import's new links, and announces them when there are any, so that a slug
    /// looked up (and cached as unknown) before the import redirects at once.
    pub async fn import(&self, plan: Plan) -> sqlx::Result<Summary> {
        let summary = crate::import::apply(&self.db, plan, &|_| {}).await?;
        if summary.created > 0 {
            self.changed_all().await;
        }
        Ok(summary)
    }

    /// After many links were created at once on this instance (an import).
    async fn changed_all(&self) {
        self.cache.invalidate_all();
        self.db
            .announce_link_change(&self.instance, EVERY_LINK)
            .await;
    }

    /// After the link `slug` on `domain` (`""`: the base URL's host) was created, edited,
    /// turned off or deleted on this instance.
    pub async fn changed(&self, domain: &str, slug: &str) {
        let key = cache::key(domain, slug);
        self.cache.invalidate(&key);
        self.db.announce_link_change(&self.instance, &key).await;
    }

    /// After a branded domain was added or removed on this instance. A domain's links keep
    /// their cache entries: a removed domain has none (it is removed only without links), and
    /// its requests are no longer looked up on it.
    pub async fn domains_changed(&self) {
        if let Err(err) = self.domains.reload(&self.db).await {
            tracing::warn!(error = %err, "could not reload the domains; the periodic check will");
        }
        self.db
            .announce_link_change(&self.instance, DOMAINS_CHANGED)
            .await;
    }

    /// The cache key of another instance's announcement; `None` for this instance's own.
    fn announced_elsewhere<'a>(&self, payload: &'a str) -> Option<&'a str> {
        match payload.split_once(' ') {
            Some((instance, _)) if instance == &*self.instance => None,
            Some((_, slug)) => Some(slug),
            None => Some(payload),
        }
    }
}

pub fn spawn(changes: LinkChanges, stop: CancellationToken) -> JoinHandle<()> {
    let LinkChanges {
        cache, db, domains, ..
    } = changes.clone();
    tokio::spawn(async move {
        let postgres = matches!(db, Db::Postgres(_));
        let mut listener = listen(&db).await;
        let mut missed = false;
        let mut seen = db.links_fingerprint().await.ok();
        let mut check = tokio::time::interval(CHECK_EVERY);
        let mut retry = tokio::time::interval(RETRY_EVERY);
        check.tick().await;
        loop {
            tokio::select! {
                () = stop.cancelled() => break,
                received = next(&mut listener) => match received {
                    Ok(Some(notification)) => match changes.announced_elsewhere(notification.payload()) {
                        Some(EVERY_LINK) => cache.invalidate_all(),
                        Some(DOMAINS_CHANGED) => reload(&domains, &db).await,
                        Some(key) => cache.invalidate(key),
                        None => {}
                    },
                    Ok(None) | Err(_) => {
                        tracing::warn!("lost the link change listener; cached links are kept until it is back");
                        listener = None;
                        missed = true;
                    }
                },
                _ = retry.tick(), if postgres && listener.is_none() => {
                    listener = listen(&db).await;
                    if listener.is_some() && missed {
                        missed = false;
                        // Flushed only if links did change meanwhile: a flush sends every
                        // cached slug to a database that has only just come back.
                        let now = db.links_fingerprint().await.ok();
                        reload(&domains, &db).await;
                        if now.is_none() || now != seen {
                            cache.invalidate_all();
                            seen = now;
                            tracing::info!("link change listener is back, links changed meanwhile; slug cache flushed");
                        } else {
                            tracing::info!("link change listener is back, no link changed meanwhile");
                        }
                    }
                },
                _ = check.tick() => {
                    reload(&domains, &db).await;
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

/// Reads the domains again; on failure they are kept as they are until the next try.
async fn reload(domains: &Domains, db: &Db) {
    if let Err(err) = domains.reload(db).await {
        tracing::warn!(error = %err, "could not reload the domains; kept as they were");
    }
}

async fn listen(db: &Db) -> Option<PgListener> {
    let Db::Postgres(pool) = db else { return None };
    let mut listener = PgListener::connect_with(pool).await.ok()?;
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
