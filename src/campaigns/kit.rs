//! The share kit: one short link per chosen channel for a campaign, in one action — for a new
//! campaign, or to add channels to an existing one.

use super::{Campaign, CampaignInput, NewCampaign};
use crate::clock::now_ms;
use crate::db::{Db, is_unique_violation};
use crate::links::catalogue::Catalogue;
use crate::links::create::{self, CreateError, LinkInput};
use crate::links::sync::LinkChanges;
use crate::links::{Link, destination};

#[derive(Debug, thiserror::Error)]
pub enum KitError {
    /// Bad input, with what is wrong.
    #[error("{0}")]
    Invalid(String),
    /// The name belongs to another campaign.
    #[error("{0}")]
    Duplicate(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// What minting links needs to know.
pub struct Kit<'a> {
    pub db: &'a Db,
    pub changes: &'a LinkChanges,
    pub refused_hosts: &'a [String],
    pub catalogue: &'a Catalogue,
}

/// The campaign the kit worked on, and the links it made.
pub struct Minted {
    pub campaign: Campaign,
    pub links: Vec<Link>,
    /// The campaign existed before (same name and destination): the links joined it.
    pub reused: bool,
}

impl Kit<'_> {
    /// Starts a campaign and mints its links. A campaign of the same name and destination is
    /// taken as it is (the links join it); the same name with another destination, or in
    /// other letter case, is refused, so that two campaigns are never mixed up.
    pub async fn start(
        &self,
        input: &CampaignInput,
        channels: &[String],
    ) -> Result<Minted, KitError> {
        let (new, channels) = self.check(input, channels)?;
        let existing = self.db.campaign_named(&new.name).await?;
        let (campaign, reused) = match existing {
            Some(found) if found.name != new.name => {
                return Err(KitError::Duplicate(format!(
                    "a campaign named {:?} already exists: use that name to add channels to it, or choose another",
                    found.name
                )));
            }
            Some(found) if found.url != new.url => {
                return Err(KitError::Duplicate(format!(
                    "the campaign {:?} already exists with the destination {}: give that destination to add channels to it, or choose another name",
                    found.name, found.url
                )));
            }
            Some(found) => (found, true),
            None => {
                // Checked before the campaign is stored, so that a refusal leaves nothing behind.
                self.destinations(&new, &channels)?;
                match self.db.insert_campaign(&new, now_ms()).await {
                    Ok(campaign) => (campaign, false),
                    Err(err) if is_unique_violation(&err) => {
                        return Err(KitError::Duplicate(format!(
                            "a campaign named {:?} was just created by someone else: send the same name and destination again to add channels to it",
                            new.name
                        )));
                    }
                    Err(err) => return Err(err.into()),
                }
            }
        };
        let links = self.mint(&campaign, &channels).await?;
        Ok(Minted {
            campaign,
            links,
            reused,
        })
    }

    /// Adds one link per channel to `campaign`, with its destination, themes and UTM setting.
    pub async fn add(
        &self,
        campaign: &Campaign,
        channels: &[String],
    ) -> Result<Vec<Link>, KitError> {
        let channels = self.chosen(channels)?;
        self.mint(campaign, &channels).await
    }

    async fn mint(&self, campaign: &Campaign, channels: &[String]) -> Result<Vec<Link>, KitError> {
        let settings = NewCampaign {
            name: campaign.name.clone(),
            url: campaign.url.clone(),
            tags: campaign.tags.clone(),
            utm: campaign.utm,
            utm_campaign: campaign.utm_campaign.clone(),
        };
        let destinations = self.destinations(&settings, channels)?;
        let mut links = Vec::with_capacity(destinations.len());
        for (channel, url) in channels.iter().zip(destinations) {
            let input = LinkInput {
                url,
                slug: None,
                campaign: Some(campaign.name.clone()),
                channel: Some(channel.clone()),
                tags: campaign.tags.clone(),
            };
            match create::create(self.db, self.changes, self.refused_hosts, input).await {
                Ok(link) => links.push(link),
                Err(CreateError::Database(err)) => return Err(err.into()),
                Err(refused) => return Err(KitError::Invalid(refused.to_string())),
            }
        }
        Ok(links)
    }

    /// The campaign as checked, and the channel keys, each once: what [`Kit::start`] makes,
    /// known before anything is made (or counted against a limit).
    pub fn check(
        &self,
        input: &CampaignInput,
        channels: &[String],
    ) -> Result<(NewCampaign, Vec<String>), KitError> {
        let new = input.check(self.refused_hosts).map_err(KitError::Invalid)?;
        Ok((new, self.chosen(channels)?))
    }

    /// The channel keys ticked, each once, all in the catalogue.
    pub fn chosen(&self, keys: &[String]) -> Result<Vec<String>, KitError> {
        let mut chosen: Vec<String> = Vec::with_capacity(keys.len());
        for key in keys.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
            if self.catalogue.find(key).is_none() {
                return Err(KitError::Invalid(format!(
                    "the channel {key:?} is not in the catalogue (any more)"
                )));
            }
            if !chosen.iter().any(|c| c == key) {
                chosen.push(key.to_owned());
            }
        }
        if chosen.is_empty() {
            return Err(KitError::Invalid("choose at least one channel".into()));
        }
        Ok(chosen)
    }

    /// Each channel's destination, checked: tagging may push a URL past the length limit.
    fn destinations(
        &self,
        campaign: &NewCampaign,
        channels: &[String],
    ) -> Result<Vec<String>, KitError> {
        channels
            .iter()
            .map(|channel| {
                let url = if campaign.utm {
                    self.catalogue
                        .with_utm(&campaign.url, channel, &campaign.utm_campaign)?
                } else {
                    campaign.url.clone()
                };
                destination::parse(&url, self.refused_hosts)
            })
            .collect::<Result<_, String>>()
            .map_err(KitError::Invalid)
    }
}
