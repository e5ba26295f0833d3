//! What a report's filter names, checked against what exists: a report of a link, campaign
//! or channel that is not there would be zeros that look like no traffic.

use super::Filter;
use crate::db::Db;
use crate::error::Error;
use crate::i18n::Message;
use crate::links::change::no_such_link;
use crate::links::{channel_filter, of_stats_key};

/// The first name of a filter that names nothing.
#[derive(Debug, Clone)]
pub enum Unknown {
    /// No link has this key (`slug`, or `host/slug` on a branded domain).
    Link(String),
    /// No campaign has this name, in any letter case.
    Campaign(String),
    /// No channel has this key or label; with the refusal that lists the catalogue's keys.
    Channel(String, Message),
}

/// Checks the link, campaign and channel `filter` names, and puts its channel as links store
/// it (its key, when it was given by label or in another letter case): `Some` of the first
/// that names nothing. Asked of `db`, the primary, which knows a link made a moment ago before
/// a read replica does. A link named on `base_host` (a short URL pasted whole) is its slug.
pub async fn resolve(
    db: &Db,
    base_host: &str,
    filter: &mut Filter,
) -> sqlx::Result<Option<Unknown>> {
    if let Some(key) = filter.link.as_mut()
        && let Some(slug) = key
            .strip_prefix(base_host)
            .and_then(|rest| rest.strip_prefix('/'))
    {
        *key = slug.to_owned();
    }
    if let Some(key) = &filter.link {
        let (domain, slug) = of_stats_key(key);
        if db.link_by_slug(domain, slug).await?.is_none() {
            return Ok(Some(Unknown::Link(key.clone())));
        }
    }
    if let Some(name) = &filter.campaign
        && db.campaign_named(name).await?.is_none()
    {
        return Ok(Some(Unknown::Campaign(name.clone())));
    }
    if let Some(given) = filter.channel.take() {
        match channel_filter::key(db, &given).await? {
            Ok(key) => filter.channel = Some(key),
            Err(refusal) => return Ok(Some(Unknown::Channel(given, refusal))),
        }
    }
    Ok(None)
}

/// [`resolve`], with a name that names nothing refused as not found (the API's 404, the
/// pages' 404 page).
pub async fn resolve_or_refuse(db: &Db, base_host: &str, filter: &mut Filter) -> Result<(), Error> {
    match resolve(db, base_host, filter).await? {
        Some(unknown) => Err(unknown.into()),
        None => Ok(()),
    }
}

impl From<Unknown> for Error {
    fn from(unknown: Unknown) -> Error {
        match unknown {
            Unknown::Link(key) => {
                let (domain, slug) = of_stats_key(&key);
                no_such_link(domain, slug)
            }
            Unknown::Campaign(name) => {
                Error::not_found(Message::new("refusal-no-campaign-named").with_typed("name", name))
            }
            Unknown::Channel(_, refusal) => Error::not_found(refusal),
        }
    }
}
