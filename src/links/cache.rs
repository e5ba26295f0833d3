//! The slug cache: recently used slugs answered from memory, unknown ones remembered briefly.

use std::sync::Arc;
use std::time::Duration;

use axum::http::HeaderValue;
use moka::sync::Cache;

/// What a redirect needs, ready to answer: the `Location` value is built once per lookup.
#[derive(Debug)]
pub struct Target {
    pub link_id: i64,
    pub location: HeaderValue,
    pub enabled: bool,
}

/// Bounded caches of known and unknown slugs.
///
/// Unknown slugs expire after a few seconds so that a link created on another instance is
/// found soon even without a notification; known ones stay until evicted or invalidated.
#[derive(Clone)]
pub struct SlugCache {
    known: Cache<String, Arc<Target>>,
    unknown: Cache<String, ()>,
}

const UNKNOWN_TTL: Duration = Duration::from_secs(5);

impl SlugCache {
    pub fn new(capacity: u64) -> SlugCache {
        SlugCache {
            known: Cache::builder().max_capacity(capacity).build(),
            unknown: Cache::builder()
                .max_capacity(capacity / 4 + 1)
                .time_to_live(UNKNOWN_TTL)
                .build(),
        }
    }

    /// `Some(Some(target))` known, `Some(None)` known to be unknown, `None` not cached.
    pub fn get(&self, slug: &str) -> Option<Option<Arc<Target>>> {
        if let Some(target) = self.known.get(slug) {
            return Some(Some(target));
        }
        self.unknown.contains_key(slug).then_some(None)
    }

    pub fn insert(&self, slug: &str, target: Option<Arc<Target>>) {
        match target {
            Some(target) => self.known.insert(slug.to_owned(), target),
            None => self.unknown.insert(slug.to_owned(), ()),
        }
    }

    /// Forgets `slug` after it was created, edited, disabled or deleted.
    pub fn invalidate(&self, slug: &str) {
        self.known.invalidate(slug);
        self.unknown.invalidate(slug);
    }

    pub fn invalidate_all(&self) {
        self.known.invalidate_all();
        self.unknown.invalidate_all();
    }
}
