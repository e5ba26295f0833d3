//! Creating a link, shared by the API and the web UI: validate, pick a slug, insert, and
//! make every instance forget any "unknown" answer for that slug.

use super::sync::LinkChanges;
use super::{Link, NewLink, destination, label, slug, tags};
use crate::clock::now_ms;
use crate::db::{Db, is_unique_violation};

/// What someone asked for.
#[derive(Debug, Clone, Default)]
pub struct LinkInput {
    pub url: String,
    pub slug: Option<String>,
    pub campaign: Option<String>,
    pub channel: Option<String>,
    pub tags: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    /// Bad input, with what is wrong.
    #[error("{0}")]
    Invalid(String),
    #[error("the slug {0:?} is already taken")]
    Taken(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Tries for a free random slug before giving up (a collision is ~1 in 10^12 per try).
const RANDOM_SLUG_TRIES: usize = 5;

pub async fn create(
    db: &Db,
    changes: &LinkChanges,
    refused_hosts: &[String],
    input: LinkInput,
) -> Result<Link, CreateError> {
    let chosen = input
        .slug
        .as_deref()
        .map(|s| slug::parse(s).map(str::to_owned))
        .transpose()
        .map_err(CreateError::Invalid)?;
    let mut new = NewLink {
        slug: chosen.clone().unwrap_or_else(slug::random),
        url: destination::parse(&input.url, refused_hosts).map_err(CreateError::Invalid)?,
        campaign: label("campaign", input.campaign.as_deref().unwrap_or(""))
            .map_err(CreateError::Invalid)?,
        channel: label("channel", input.channel.as_deref().unwrap_or(""))
            .map_err(CreateError::Invalid)?,
        tags: tags(&input.tags).map_err(CreateError::Invalid)?,
    };
    for _ in 0..RANDOM_SLUG_TRIES {
        match db.insert_link(&new, now_ms()).await {
            Ok(link) => {
                // This or another instance may hold the slug among its unknown ones.
                changes.changed(&link.slug).await;
                return Ok(link);
            }
            Err(err) if is_unique_violation(&err) => {
                if chosen.is_some() {
                    return Err(CreateError::Taken(new.slug));
                }
                new.slug = slug::random();
            }
            Err(err) => return Err(err.into()),
        }
    }
    Err(CreateError::Taken(new.slug))
}
