//! Branded domains: hosts besides the base URL's that serve links. The host rules (pure), the
//! domain operations the API and the Settings page share, and the in-memory map the
//! redirect reads.

pub mod host;
pub mod registry;

use serde::Serialize;

use crate::clock::now_ms;
use crate::db::Db;
use crate::error::Error;
use crate::i18n::Message;
use crate::links::destination;
use crate::links::sync::LinkChanges;

/// A registered domain.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Domain {
    /// Lowercase, no port, punycode for an international name.
    pub host: String,
    /// Where a visit to the bare domain (`/`) is sent; the 404 page when `None`.
    pub root_url: Option<String>,
    /// Unix milliseconds.
    pub created_at: i64,
}

impl Domain {
    /// The host as people write it: `café.fr` for `xn--caf-dma.fr`.
    pub fn readable_host(&self) -> String {
        let (unicode, errors) = idna::domain_to_unicode(&self.host);
        if errors.is_ok() {
            unicode
        } else {
            self.host.clone()
        }
    }
}

/// Registers `host`, checked: a name (not an address), not the base URL's own host, and a
/// `root_url` that is a destination a link could have.
pub async fn add(
    db: &Db,
    changes: &LinkChanges,
    refused_hosts: &[destination::Refused],
    host: &str,
    root_url: Option<&str>,
) -> Result<Domain, Error> {
    let host = host::parse(host).map_err(Error::invalid)?;
    if host == changes.domains().base_host() {
        return Err(Error::Invalid(
            Message::new("refusal-domain-base-host").with("host", host),
        ));
    }
    let root_url = root_url
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(|u| destination::parse(u, refused_hosts))
        .transpose()
        .map_err(|e| Error::Invalid(Message::in_field("root_url", e)))?;
    if let Some(url) = &root_url {
        // Its own root, or another branded domain's, would come back here.
        let to_itself = url::Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(host::normalized))
            .is_some_and(|to| to == host);
        if to_itself {
            let itself = Message::new("refusal-domain-root-itself").with("host", host);
            return Err(Error::Invalid(Message::in_field("root_url", itself)));
        }
        let refused = changes.domains().refuse_own(url);
        refused.map_err(|e| Error::Invalid(Message::in_field("root_url", e)))?;
    }
    let domain = Domain {
        host,
        root_url,
        created_at: now_ms(),
    };
    if !db.insert_domain(&domain).await? {
        return Err(Error::Conflict(
            Message::new("refusal-domain-taken").with("host", domain.host),
        ));
    }
    changes.domains_changed().await;
    Ok(domain)
}

/// Removes `host`; refused while links use it, since their printed short URLs would stop
/// working.
pub async fn remove(db: &Db, changes: &LinkChanges, host: &str) -> Result<(), Error> {
    let host = host::normalized(host);
    let links = db.links_on_domain(&host).await?;
    if links > 0 {
        return Err(Error::Conflict(
            Message::new("refusal-domain-in-use")
                .with_count("links", links)
                .with("n", links)
                .with("host", host),
        ));
    }
    if !db.delete_domain(&host).await? {
        return Err(no_such_domain(&host));
    }
    changes.domains_changed().await;
    Ok(())
}

pub fn no_such_domain(host: &str) -> Error {
    Error::NotFound(Message::new("refusal-no-domain").with_typed("host", host))
}
