//! Renaming a campaign (its links follow), changing its settings, and deleting it with a
//! decision about its links.

use super::{Campaign, CampaignInput, LinksOnDelete};
use crate::clock::now_ms;
use crate::db::campaigns::Deleted;
use crate::db::{Db, Saved};
use crate::error::Error;
use crate::i18n::Message;
use crate::links::media;
use crate::links::options::input::Checks;
use crate::links::sync::LinkChanges;

/// Saves `input` as the campaign `id`: its name (the links that name it follow, in the same
/// transaction) and the settings new links get. Links already made keep their destination,
/// and their card: an image the campaign's card drops is removed only once none names it.
pub async fn save(
    db: &Db,
    checks: Checks<'_>,
    id: i64,
    input: &CampaignInput,
) -> Result<Campaign, Error> {
    let new = input.check(checks).map_err(Error::invalid)?;
    // Names are told apart without regard to letter case, as the share kit does: "Spring
    // sale" and "spring SALE" would be two campaigns nobody could tell apart on the dashboard.
    if let Some(other) = db.campaign_named(&new.name).await?.filter(|c| c.id != id) {
        return Err(if other.name == new.name {
            taken(&other.name)
        } else {
            taken_in_other_case(&other.name)
        });
    }
    // The card before: an uploaded image the new one drops goes, once nothing names it.
    let before = db
        .campaign(id)
        .await?
        .and_then(|c| c.settings.into_input().preview);
    match db.save_campaign(id, &new, now_ms()).await? {
        Saved::Done(campaign) => {
            media::forget_replaced(db, before.as_ref(), campaign.preview.as_ref()).await;
            Ok(campaign)
        }
        Saved::NotFound => Err(no_such_campaign(id)),
        Saved::Taken => Err(taken(&new.name)),
    }
}

/// The campaign `id` is not there (any more).
pub fn no_such_campaign(id: i64) -> Error {
    Error::NotFound(Message::new("refusal-no-campaign").with("id", id.to_string()))
}

fn taken(name: &str) -> Error {
    Error::Conflict(Message::new("refusal-campaign-taken").with_typed("name", name))
}

/// The campaign `name` has the name asked for in other letter case ("été 2027" for "ÉTÉ
/// 2027"): the refusal says why the names count as one.
fn taken_in_other_case(name: &str) -> Error {
    Error::Conflict(Message::new("refusal-campaign-taken-case").with_typed("name", name))
}

/// Deletes the campaign `id`; its links are refused, detached or deleted as `links` says.
/// The uploaded images its card and its deleted links' cards named go once nothing else names
/// them. Returns the campaign's name and how many links it had.
pub async fn delete(
    db: &Db,
    changes: &LinkChanges,
    id: i64,
    links: LinksOnDelete,
) -> Result<(String, usize), Error> {
    match db.delete_campaign(id, links, now_ms()).await? {
        Deleted::NotFound => Err(no_such_campaign(id)),
        Deleted::HasLinks(n) => Err(Error::conflict(
            Message::new("refusal-campaign-has-links").with("n", n as i64),
        )),
        Deleted::Done {
            name,
            links: slugs,
            cards,
        } => {
            if links == LinksOnDelete::Delete {
                // Deleted links must stop redirecting at once, here and on other instances.
                for (domain, slug) in &slugs {
                    changes.changed(domain, slug).await;
                }
            }
            media::forget_deleted(db, &cards).await;
            Ok((name, slugs.len()))
        }
    }
}
