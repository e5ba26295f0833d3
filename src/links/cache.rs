//! The slug cache: recently used slugs answered from memory, unknown ones remembered briefly.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::HeaderValue;
use quick_cache::sync::Cache;

use super::limit::{ClickLimits, Clicks};
use super::options::LinkOptions;
use super::options::decide::Prepared;
use crate::db::links::Target as Row;

/// What a redirect needs, ready to answer: the `Location` value is built once per lookup.
/// It holds nothing of the slug, so the cache can be keyed otherwise (by host and slug).
#[derive(Debug)]
pub struct Target {
    pub link_id: i64,
    pub location: HeaderValue,
    pub enabled: bool,
    /// `None` for a plain link: one branch is all its options cost the redirect.
    pub options: Option<Box<Options>>,
    /// When the link had last changed as it was read (Unix ms, its `updated_at`).
    pub updated_at: i64,
}

/// A link's options, ready for [`Prepared::decide`].
#[derive(Debug)]
pub struct Options {
    pub prepared: Prepared,
    /// The count of its click limit, when it has one.
    pub clicks: Option<Arc<Clicks>>,
}

impl Target {
    /// From the database's row; `None` when the stored destination cannot be a `Location`.
    /// A link any of whose destinations (its URL, a rule's, a variant's, its `expired_url`)
    /// is on one of the `blocked` domains (made before it was blocked) answers as a link
    /// turned off: 410 Gone ([`super::blocked::first`] says why the whole link). Checked here,
    /// as the link is read, not on each redirect.
    pub fn from_row(row: Row, limits: &ClickLimits, blocked: &[String]) -> Option<Target> {
        let options = LinkOptions::from_json(row.options.as_deref());
        let blocked = super::blocked::first(&row.url, &options, blocked).is_some();
        let Ok(location) = HeaderValue::try_from(row.url) else {
            tracing::error!(
                link = row.id,
                "stored destination is not a valid Location header"
            );
            return None;
        };
        let options = Prepared::new(&options, row.password_hash.as_deref()).map(|prepared| {
            let clicks = prepared
                .max_clicks
                .map(|_| limits.of(row.id, row.clicks_used.unwrap_or(0)));
            Box::new(Options { prepared, clicks })
        });
        Some(Target {
            link_id: row.id,
            location,
            enabled: row.enabled && !blocked,
            options,
            updated_at: row.updated_at,
        })
    }
}

/// Bounded caches of known and unknown slugs.
///
/// quick_cache (S3-FIFO) reads take a shard lock for a few nanoseconds and no bookkeeping
/// queue, which measured ~4 % more redirects per second than moka here. Unknown slugs expire
/// after a few seconds so that a link created elsewhere is found soon even if its
/// notification was lost; known ones stay until evicted or invalidated.
#[derive(Clone)]
pub struct SlugCache {
    known: Arc<Cache<String, Arc<Target>>>,
    unknown: Arc<Cache<String, Instant>>,
}

const UNKNOWN_TTL: Duration = Duration::from_secs(5);

/// The cache's key of `slug` on `domain`: the slug alone on the base URL's host (`""`), so
/// that its redirects allocate nothing; `host/slug` on a branded domain (a slug has no `/`).
pub fn key<'a>(domain: &str, slug: &'a str) -> Cow<'a, str> {
    if domain.is_empty() {
        Cow::Borrowed(slug)
    } else {
        Cow::Owned(format!("{domain}/{slug}"))
    }
}

impl SlugCache {
    pub fn new(capacity: usize) -> SlugCache {
        SlugCache {
            known: Arc::new(Cache::new(capacity)),
            unknown: Arc::new(Cache::new(capacity / 4 + 1)),
        }
    }

    /// `Some(Some(target))` known, `Some(None)` known to be unknown, `None` not cached; by
    /// [`key`].
    pub fn get(&self, slug: &str) -> Option<Option<Arc<Target>>> {
        if let Some(target) = self.known.get(slug) {
            return Some(Some(target));
        }
        match self.unknown.get(slug) {
            Some(expires) if expires > Instant::now() => Some(None),
            _ => None,
        }
    }

    pub fn insert(&self, slug: &str, target: Option<Arc<Target>>) {
        match target {
            Some(target) => self.known.insert(slug.to_owned(), target),
            None => self
                .unknown
                .insert(slug.to_owned(), Instant::now() + UNKNOWN_TTL),
        }
    }

    /// Puts `target` under [`key`] `slug` at start unless a redirect cached it meanwhile (its
    /// copy is as fresh); whether it was put in.
    pub fn warm(&self, slug: &str, target: Arc<Target>) -> bool {
        if self.known.contains_key(slug) {
            return false;
        }
        self.known.insert(slug.to_owned(), target);
        true
    }

    /// Forgets the link of [`key`] `slug` after it was created, edited, disabled or deleted.
    pub fn invalidate(&self, slug: &str) {
        self.known.remove(slug);
        self.unknown.remove(slug);
    }

    /// Every cached link: its key, id, and when it had last changed as it was read.
    pub fn known_links(&self) -> Vec<(String, i64, i64)> {
        self.known
            .iter()
            .map(|(key, target)| (key, target.link_id, target.updated_at))
            .collect()
    }

    /// Forgets the slugs remembered as unknown (they would expire within seconds anyway).
    pub fn forget_unknown(&self) {
        self.unknown.clear();
    }

    pub fn invalidate_all(&self) {
        self.known.clear();
        self.unknown.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(link_id: i64, updated_at: i64) -> Arc<Target> {
        Arc::new(Target {
            link_id,
            location: HeaderValue::from_static("https://example.com/"),
            enabled: true,
            options: None,
            updated_at,
        })
    }

    #[test]
    fn warming_fills_the_cache_but_keeps_what_a_redirect_cached_meanwhile() {
        let cache = SlugCache::new(10);
        cache.insert("busy", Some(target(1, 200)));
        assert!(
            !cache.warm("busy", target(1, 100)),
            "a fresher copy is kept"
        );
        assert!(cache.warm("steady", target(2, 100)));
        let mut known = cache.known_links();
        known.sort();
        assert_eq!(
            known,
            [("busy".to_owned(), 1, 200), ("steady".to_owned(), 2, 100)]
        );
    }
}
