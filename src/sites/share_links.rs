//! The short links of the snippet's share buttons: one per page and channel, minted on first
//! use, so that clicks on them are ordinary hits. They belong to their site by its id
//! (`site_links`), in no campaign: a campaign is found by its name, and a site named like a
//! client's campaign would put its links in that client's campaign and report (and a renamed
//! site would start a second one).

use super::Site;
use crate::campaigns::utm_name;
use crate::db::Db;
use crate::error::Error;
use crate::links::catalogue::Catalogue;
use crate::links::create::{self, LinkInput};
use crate::links::destination::Refused;
use crate::links::sync::LinkChanges;
use crate::net::rate_limit::RateLimiter;

#[derive(Debug, thiserror::Error)]
pub enum MintError {
    /// The page cannot be a link's destination (Lanterne's own host, a blocked domain …).
    #[error("{0}")]
    Refused(String),
    /// The site made as many links as a minute allows; `Retry-After` says when to ask again.
    #[error("the site's share links are over their limit for now")]
    TooMany(std::time::Duration),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// What minting needs.
pub struct Minter<'a> {
    pub db: &'a Db,
    pub changes: &'a LinkChanges,
    pub refused_hosts: &'a [Refused],
    pub catalogue: &'a Catalogue,
    /// New links per site, as per API token: anyone can ask for a page's link, so the
    /// links one site's pages can make are bounded however many clients ask.
    pub limit: &'a RateLimiter<String>,
}

/// The link, and whether this call made it.
pub struct ShareLink {
    pub slug: String,
    pub minted: bool,
}

impl Minter<'_> {
    /// The slug of the link for `page` (origin and path) and `channel` (a catalogue key),
    /// made now if the page has none for the channel yet. Its destination is the page tagged
    /// with the channel's UTM parameters, as the share kit tags links.
    pub async fn link(
        &self,
        site: &Site,
        page: &str,
        channel: &str,
    ) -> Result<ShareLink, MintError> {
        if let Some(slug) = self.db.site_link(site.id, page, channel).await? {
            return Ok(ShareLink {
                slug,
                minted: false,
            });
        }
        self.limit
            .check(&format!("site:{}", site.id))
            .map_err(MintError::TooMany)?;
        let url = self
            .catalogue
            .with_utm(page, channel, &utm_name(&site.name))
            .map_err(MintError::Refused)?;
        let input = LinkInput {
            url,
            channel: Some(channel.to_owned()),
            ..LinkInput::default()
        };
        let link = match create::create(self.db, self.changes, self.refused_hosts, input).await {
            Ok(link) => link,
            Err(Error::Database(err)) => return Err(err.into()),
            Err(refused) => return Err(MintError::Refused(refused.to_string())),
        };
        if self
            .db
            .insert_site_link(site.id, page, channel, link.id)
            .await?
        {
            return Ok(ShareLink {
                slug: link.spec.slug,
                minted: true,
            });
        }
        // Another request (on this instance or another) minted the page's link meanwhile:
        // that one is kept, this one goes before anyone could have it.
        // Share links are on the base URL's host.
        self.db.delete_link("", &link.spec.slug).await?;
        self.changes.changed("", &link.spec.slug).await;
        let slug = self.db.site_link(site.id, page, channel).await?;
        Ok(ShareLink {
            slug: slug.ok_or_else(|| sqlx::Error::RowNotFound)?,
            minted: false,
        })
    }
}
