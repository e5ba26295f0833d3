//! Changing and deleting a link, shared by the API and the web UI: the input checked, the
//! row written, then this instance's slug cache and the other instances' told, in one call,
//! so that no caller can leave an old destination being served.

use super::sync::LinkChanges;
use super::{Link, LinkPatch, destination, label, tags};
use crate::clock::now_ms;
use crate::db::Db;
use crate::error::Error;

/// What someone asked to change: `None` leaves a field as it is; an empty `campaign` or
/// `channel` clears it.
#[derive(Debug, Clone, Default)]
pub struct LinkEdit {
    pub url: Option<String>,
    pub campaign: Option<String>,
    pub channel: Option<String>,
    pub tags: Option<Vec<String>>,
    pub enabled: Option<bool>,
}

impl LinkEdit {
    /// The change as the database takes it, or what is wrong with it.
    fn check(&self, refused_hosts: &[String]) -> Result<LinkPatch, String> {
        Ok(LinkPatch {
            url: self
                .url
                .as_deref()
                .map(|u| destination::parse(u, refused_hosts))
                .transpose()?,
            campaign: self
                .campaign
                .as_deref()
                .map(|c| label("campaign", c))
                .transpose()?,
            channel: self
                .channel
                .as_deref()
                .map(|c| label("channel", c))
                .transpose()?,
            tags: self.tags.as_deref().map(tags).transpose()?,
            enabled: self.enabled,
        })
    }
}

/// Applies `edit` to the link `slug`; the link as it is now.
pub async fn update(
    db: &Db,
    changes: &LinkChanges,
    refused_hosts: &[String],
    slug: &str,
    edit: &LinkEdit,
) -> Result<Link, Error> {
    let patch = edit.check(refused_hosts).map_err(Error::Invalid)?;
    let link = db
        .update_link(slug, &patch, now_ms())
        .await?
        .ok_or_else(|| no_such_link(slug))?;
    changes.changed(slug).await;
    Ok(link)
}

/// Deletes the link `slug` with its hits.
pub async fn delete(db: &Db, changes: &LinkChanges, slug: &str) -> Result<(), Error> {
    if !db.delete_link(slug).await? {
        return Err(no_such_link(slug));
    }
    changes.changed(slug).await;
    Ok(())
}

pub fn no_such_link(slug: &str) -> Error {
    Error::NotFound(format!("there is no link with the slug {slug:?}"))
}
