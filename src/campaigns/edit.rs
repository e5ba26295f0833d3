//! Renaming a campaign (its links follow), changing its settings, and deleting it with a
//! decision about its links.

use super::{Campaign, CampaignInput, LinksOnDelete};
use crate::clock::now_ms;
use crate::db::campaigns::Deleted;
use crate::db::{Db, is_unique_violation};
use crate::links::sync::LinkChanges;

#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// Bad input, with what is wrong.
    #[error("{0}")]
    Invalid(String),
    /// The new name belongs to another campaign, or the campaign still has links.
    #[error("{0}")]
    Conflict(String),
    #[error("there is no such campaign")]
    NotFound,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Saves `input` as the campaign `id`: its name (the links that name it follow, in the same
/// transaction) and the settings new links get. Links already made keep their destination.
pub async fn save(
    db: &Db,
    refused_hosts: &[String],
    id: i64,
    input: &CampaignInput,
) -> Result<Campaign, EditError> {
    let new = input.check(refused_hosts).map_err(EditError::Invalid)?;
    // Names are told apart without regard to letter case, as the share kit does: "Spring
    // sale" and "spring SALE" would be two campaigns nobody could tell apart on the dashboard.
    if let Some(other) = db.campaign_named(&new.name).await?.filter(|c| c.id != id) {
        return Err(taken(&other.name));
    }
    match db.save_campaign(id, &new, now_ms()).await {
        Ok(Some(campaign)) => Ok(campaign),
        Ok(None) => Err(EditError::NotFound),
        Err(err) if is_unique_violation(&err) => Err(taken(&new.name)),
        Err(err) => Err(err.into()),
    }
}

fn taken(name: &str) -> EditError {
    EditError::Conflict(format!(
        "a campaign named {name:?} already exists: choose another name (to merge two campaigns, move their links with a link edit)"
    ))
}

/// Deletes the campaign `id`; its links are refused, detached or deleted as `links` says.
/// Returns the campaign's name and how many links it had.
pub async fn delete(
    db: &Db,
    changes: &LinkChanges,
    id: i64,
    links: LinksOnDelete,
) -> Result<(String, usize), EditError> {
    match db.delete_campaign(id, links, now_ms()).await? {
        Deleted::NotFound => Err(EditError::NotFound),
        Deleted::HasLinks(n) => Err(EditError::Conflict(format!(
            "the campaign still has {n} link{}: delete them too (links=delete) or keep them without a campaign (links=detach)",
            if n == 1 { "" } else { "s" }
        ))),
        Deleted::Done { name, links: slugs } => {
            if links == LinksOnDelete::Delete {
                // Deleted links must stop redirecting at once, here and on other instances.
                for slug in &slugs {
                    changes.changed(slug).await;
                }
            }
            Ok((name, slugs.len()))
        }
    }
}
