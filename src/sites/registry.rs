//! The registry of sites: registering, changing and deleting them (the API and the Settings
//! page call these), the in-memory lookup by key that the events endpoint uses, kept in
//! step with every change made here, and what each site's snippet sent lately.

use std::sync::Arc;
use std::time::{Duration, Instant};

use quick_cache::sync::Cache;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::reception::{Reason, Reception, RefusalLog};
use super::{NewSite, Problem, Site};
use crate::clock::now_ms;
use crate::db::sites::SitePatch;
use crate::db::{Db, Saved};
use crate::error::Error;
use crate::error::log_text;
use crate::i18n::Message;

/// The site `id` is not there (any more).
pub fn no_such_site(id: i64) -> Error {
    Error::not_found(Message::new("refusal-no-site").with("id", id.to_string()))
}

/// Sites by key, as the events endpoint asks for them.
///
/// Changes made on this instance are seen at once; those made on another instance sharing
/// the database within [`FRESH_FOR`]. Unknown keys are remembered too, so a page with a
/// mistyped key costs one query a while, not one per view.
#[derive(Clone)]
pub struct Registry {
    db: Db,
    by_key: Arc<Cache<String, Entry>>,
    refusals: RefusalLog,
}

#[derive(Clone)]
struct Entry {
    site: Option<Arc<Site>>,
    fetched: Instant,
}

/// How long a cached answer stands before it is asked of the database again.
const FRESH_FOR: Duration = Duration::from_secs(30);

/// Keys remembered at once: far more sites than one server will hold, and room for
/// mistyped keys that would otherwise push real sites out.
const CAPACITY: usize = 10_000;

impl Registry {
    pub fn new(db: Db) -> Registry {
        Registry {
            db,
            by_key: Arc::new(Cache::new(CAPACITY)),
            refusals: RefusalLog::default(),
        }
    }

    /// Counts an event of site `site_id` refused because `host` is not one of its domains.
    pub fn refused(&self, site_id: i64, host: &str, reason: Reason) {
        self.refusals.note(site_id, host, reason);
    }

    /// The task that writes the refusals counted, until `stop`.
    pub fn spawn_refusal_writer(&self, stop: CancellationToken) -> JoinHandle<()> {
        self.refusals.spawn(self.db.clone(), stop)
    }

    /// What each of `sites` sent lately (last event, hosts refused), in their order.
    pub async fn receptions(&self, sites: &[Site]) -> sqlx::Result<Vec<Reception>> {
        self.refusals.receptions(&self.db, sites).await
    }

    /// What `site` sent lately.
    pub async fn reception(&self, site: &Site) -> sqlx::Result<Reception> {
        let mut one = self.receptions(std::slice::from_ref(site)).await?;
        Ok(one.pop().unwrap_or_default())
    }

    /// The site whose key is `key`, from memory when it can.
    pub async fn by_key(&self, key: &str) -> sqlx::Result<Option<Arc<Site>>> {
        let cached = self.by_key.get(key);
        if let Some(entry) = cached.filter(|e| e.fetched.elapsed() < FRESH_FOR) {
            return Ok(entry.site);
        }
        let site = self.db.site_by_key(key).await?.map(Arc::new);
        self.remember(key, site.clone());
        Ok(site)
    }

    fn remember(&self, key: &str, site: Option<Arc<Site>>) {
        let entry = Entry {
            site,
            fetched: Instant::now(),
        };
        self.by_key.insert(key.to_owned(), entry);
    }

    /// Registers a site with a new key.
    pub async fn register(&self, name: &str, domains: &[String]) -> Result<Site, Error> {
        let new = NewSite {
            name: super::name(name).map_err(invalid)?,
            domains: super::domains(domains).map_err(invalid)?,
        };
        let stored = self
            .db
            .insert_site(&new, &super::new_key(), now_ms())
            .await?;
        let site = stored.ok_or_else(|| taken(&new.name))?;
        self.remember(&site.key, Some(Arc::new(site.clone())));
        Ok(site)
    }

    /// Renames a site or changes its domains; `None` leaves a field as it is.
    pub async fn change(
        &self,
        id: i64,
        name: Option<&str>,
        domains: Option<&[String]>,
    ) -> Result<Site, Error> {
        let patch = SitePatch {
            name: name.map(super::name).transpose().map_err(invalid)?,
            domains: domains.map(super::domains).transpose().map_err(invalid)?,
        };
        let site = match self.db.update_site(id, &patch, now_ms()).await? {
            Saved::Done(site) => site,
            Saved::NotFound => return Err(no_such_site(id)),
            Saved::Taken => return Err(taken(patch.name.as_deref().unwrap_or(""))),
        };
        self.remember(&site.key, Some(Arc::new(site.clone())));
        if patch.domains.is_some() {
            // Its domains' refusals explain nothing any more. Pages read them past a site's
            // domains anyway: a failure here only leaves rows nobody sees.
            self.refusals.forget(id, &site.domains);
            if let Err(err) = self.db.forget_site_refusals(id, &site.domains).await {
                tracing::warn!(error = %log_text(&err), site_id = id, "forgetting the site's refused hosts failed");
            }
        }
        Ok(site)
    }

    /// Deletes a site: its pages send nothing that is kept from now on.
    pub async fn remove(&self, id: i64) -> Result<(), Error> {
        let site = self.db.site(id).await?.ok_or_else(|| no_such_site(id))?;
        if !self.db.delete_site(id).await? {
            return Err(no_such_site(id));
        }
        self.remember(&site.key, None);
        Ok(())
    }
}

/// A mistake in a site's name or domains, worded as the API says it.
fn invalid(problem: Problem) -> Error {
    Error::invalid(problem.to_string())
}

fn taken(name: &str) -> Error {
    Error::conflict(Message::new("refusal-site-taken").with_typed("name", name))
}
