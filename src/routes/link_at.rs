//! The link a request is about, named by `{slug}` in its path and `?domain=` in its query,
//! and what the edges do to it through `links::change`.

use crate::app::AppState;
use crate::error::Error;
use crate::links::Link;
use crate::links::change::{self, LinkEdit};

/// A link's slug, and its domain as `links.domain` stores it (`""`: the base URL's host).
pub struct LinkAt {
    pub domain: String,
    pub slug: String,
}

impl LinkAt {
    /// The link `slug` on the domain asked for: a branded domain's host, or the base URL's
    /// host when `None` or empty.
    pub fn new(state: &AppState, domain: Option<&str>, slug: String) -> LinkAt {
        LinkAt {
            domain: state.domains().stored(domain),
            slug,
        }
    }

    /// Applies `edit`: the row, the slug cache and the other instances.
    pub async fn update(&self, state: &AppState, edit: &LinkEdit) -> Result<Link, Error> {
        let checks = state.link_checks();
        change::update(
            &state.db,
            &state.links,
            checks,
            &self.domain,
            &self.slug,
            edit,
        )
        .await
    }

    /// Deletes the link with its hits, and forgets it everywhere.
    pub async fn delete(&self, state: &AppState) -> Result<(), Error> {
        change::delete(&state.db, &state.links, &self.domain, &self.slug).await
    }
}
