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
use crate::error::log_text;
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
            tracing::warn!(error = %log_text(&err), "could not reload the domains; the periodic check will");
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
                        forget_changed(&cache, &db).await;
                        seen = now;
                    }
                }
            }
        }
    })
}

/// After the links table changed in a way no announcement told: drops the cached links whose
/// row changed since they were read or is gone, and the slugs remembered as unknown (one may
/// exist now). Flushing every entry instead sent each slug of a busy instance back to the
/// database within 30 s of its own last new link, which under a flood of redirects made the
/// slowest percent of them (docs/performance.md, "A cache flushed by its own links").
async fn forget_changed(cache: &SlugCache, db: &Db) {
    cache.forget_unknown();
    let cached = cache.known_links();
    let ids: Vec<i64> = cached.iter().map(|(_, id, _)| *id).collect();
    match db.links_updated_at(&ids).await {
        Ok(current) => {
            for (key, id, read) in &cached {
                if current.get(id) != Some(read) {
                    cache.invalidate(key);
                }
            }
        }
        Err(err) => {
            tracing::warn!(error = %log_text(&err), "could not check the cached links; all forgotten");
            cache.invalidate_all();
        }
    }
}

/// Reads the domains again; on failure they are kept as they are until the next try.
async fn reload(domains: &Domains, db: &Db) {
    if let Err(err) = domains.reload(db).await {
        tracing::warn!(error = %log_text(&err), "could not reload the domains; kept as they were");
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

#[cfg(test)]
mod tests {
    use super::*;

    async fn sql(db: &Db, statement: &str) {
        if let Db::Sqlite(pool, _) = db {
            sqlx::query(sqlx::AssertSqlSafe(statement.to_owned()))
                .execute(pool)
                .await
                .unwrap();
        }
    }

    /// What a redirect caches for `slug`: its row as it is now.
    async fn cache_link(cache: &SlugCache, db: &Db, slug: &str) {
        let row = db.target_by_slug("", slug).await.unwrap().unwrap();
        let limits = crate::links::limit::ClickLimits::new(db.clone());
        let target = cache::Target::from_row(row, &limits, &[]).map(Arc::new);
        cache.insert(slug, target);
    }

    #[tokio::test]
    async fn a_check_forgets_the_links_changed_or_gone_and_keeps_the_others() {
        let scratch = crate::db::scratch::Scratch::sqlite("sync").await;
        let db = scratch.db.clone();
        let cache = SlugCache::new(100);
        for slug in ["a", "b", "c"] {
            sql(&db, &format!("INSERT INTO links (slug, url, created_at, updated_at) VALUES ('{slug}', 'https://example.com/{slug}', 100, 100)")).await;
            cache_link(&cache, &db, slug).await;
        }
        cache.insert("d", None);
        // Elsewhere: `a` edited, `b` deleted, `d` made; `c` untouched.
        sql(
            &db,
            "UPDATE links SET url = 'https://example.com/a2', updated_at = 200 WHERE slug = 'a'",
        )
        .await;
        sql(&db, "DELETE FROM links WHERE slug = 'b'").await;
        sql(&db, "INSERT INTO links (slug, url, created_at, updated_at) VALUES ('d', 'https://example.com/d', 200, 200)").await;
        forget_changed(&cache, &db).await;
        assert!(cache.get("a").is_none(), "an edited link was kept");
        assert!(cache.get("b").is_none(), "a deleted link was kept");
        assert!(cache.get("c").is_some(), "an unchanged link was forgotten");
        assert!(
            cache.get("d").is_none(),
            "a slug made meanwhile is still unknown"
        );
        db.close().await;
    }

    /// A link edited in the millisecond its cached row was written (by another instance, as
    /// no announcement came): its `updated_at` still moves, and the check drops the entry.
    #[tokio::test]
    async fn a_check_sees_an_edit_made_in_the_same_millisecond() {
        let scratch = crate::db::scratch::Scratch::sqlite("sync").await;
        let db = scratch.db.clone();
        let cache = SlugCache::new(100);
        sql(&db, "INSERT INTO links (slug, url, created_at, updated_at) VALUES ('a', 'https://example.com/a', 100, 100)").await;
        cache_link(&cache, &db, "a").await;
        let patch = crate::links::LinkPatch {
            url: Some("https://example.com/a2".into()),
            ..Default::default()
        };
        db.update_link("", "a", &patch, 100).await.unwrap().unwrap();
        forget_changed(&cache, &db).await;
        assert!(
            cache.get("a").is_none(),
            "an edit of the same millisecond was missed"
        );
        db.close().await;
    }
}
