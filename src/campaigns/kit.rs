//! The share kit: one short link per chosen channel for a campaign, in one action — for a new
//! campaign, or to add channels to an existing one.

use super::card::{self, CardField};
use super::{Campaign, CampaignInput, NewCampaign};
use crate::clock::now_ms;
use crate::db::Db;
use crate::error::Error;
use crate::i18n::Message;
use crate::links::catalogue::Catalogue;
use crate::links::create::{self, LinkInput};
use crate::links::options::LinkOptions;
use crate::links::options::input::{self as option_input, Checks};
use crate::links::sync::LinkChanges;
use crate::links::{Link, destination};

/// What minting links needs to know.
pub struct Kit<'a> {
    pub db: &'a Db,
    pub changes: &'a LinkChanges,
    pub checks: Checks<'a>,
    pub catalogue: &'a Catalogue,
    /// The branded domain the links are made on; the base URL's host when `None`.
    pub domain: Option<String>,
    /// What every link this run makes gets besides the campaign's card.
    pub run: RunOptions,
}

/// Options one run of the kit gives every link it makes: dates, `expired_url`, a click limit
/// and a password. Unlike the card, the campaign keeps none of them: links it gets later
/// are made without.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Checked already ([`option_input::OptionsPatch::apply`]); its card is not used.
    pub options: LinkOptions,
    /// Checked by [`Kit::check`]; hashed once for all the run's links.
    pub password: Option<String>,
}

/// The campaign the kit worked on, and the links it made.
pub struct Minted {
    pub campaign: Campaign,
    pub links: Vec<Link>,
    /// The campaign existed before (same name and destination): the links joined it.
    pub reused: bool,
    /// The fields of the card sent that the campaign's card said otherwise, and kept.
    pub card_kept: Vec<CardField>,
}

impl Kit<'_> {
    /// Starts a campaign and mints its links. A campaign of the same name and destination is
    /// taken as it is (the links join it), its card filled in where it is empty from the card
    /// sent ([`card::fill`]); the same name with another destination, or in other letter
    /// case, is refused, so that two campaigns are never mixed up.
    pub async fn start(&self, input: &CampaignInput, channels: &[String]) -> Result<Minted, Error> {
        let (new, channels) = self.check(input, channels)?;
        let existing = self.db.campaign_named(&new.name).await?;
        let (campaign, reused, card_kept) = match existing {
            Some(found) if found.name != new.name => {
                return Err(Error::Conflict(
                    Message::new("refusal-kit-campaign-case")
                        .with("name", format!("{:?}", found.name)),
                ));
            }
            Some(found) if found.url != new.url => {
                return Err(Error::Conflict(
                    Message::new("refusal-kit-campaign-url")
                        .with("name", format!("{:?}", found.name))
                        .with("url", found.url.clone()),
                ));
            }
            Some(mut found) => {
                let (card, kept) = card::fill(found.preview.as_ref(), new.preview.as_ref());
                if card != found.preview {
                    self.db.set_campaign_card(found.id, card.as_ref()).await?;
                    found.settings = NewCampaign::stored(CampaignInput {
                        preview: card,
                        ..found.settings.into_input()
                    });
                }
                (found, true, kept)
            }
            None => {
                // Checked before the campaign is stored, so that a refusal leaves nothing behind.
                self.destinations(&new, &channels)?;
                self.changes
                    .domains()
                    .of_link(self.db, self.domain.as_deref())
                    .await?;
                let Some(campaign) = self.db.insert_campaign(&new, now_ms()).await? else {
                    return Err(Error::Conflict(
                        Message::new("refusal-kit-campaign-race")
                            .with("name", format!("{:?}", new.name)),
                    ));
                };
                (campaign, false, Vec::new())
            }
        };
        let links = self.mint(&campaign, &channels).await?;
        Ok(Minted {
            campaign,
            links,
            reused,
            card_kept,
        })
    }

    /// Adds one link per channel to `campaign`, with its destination, themes and UTM setting.
    pub async fn add(&self, campaign: &Campaign, channels: &[String]) -> Result<Vec<Link>, Error> {
        let channels = self.chosen(channels)?;
        self.mint(campaign, &channels).await
    }

    async fn mint(&self, campaign: &Campaign, channels: &[String]) -> Result<Vec<Link>, Error> {
        let destinations = self.destinations(&campaign.settings, channels)?;
        let password_hash = match self.run.password.clone() {
            Some(password) => Some(create::hash_password(password).await),
            None => None,
        };
        let mut links = Vec::with_capacity(destinations.len());
        for (channel, url) in channels.iter().zip(destinations) {
            let input = LinkInput {
                url,
                slug: None,
                domain: self.domain.clone(),
                campaign: Some(campaign.name.clone()),
                channel: Some(channel.clone()),
                tags: campaign.tags.clone(),
                options: LinkOptions {
                    preview: campaign.preview.clone(),
                    ..self.run.options.clone()
                },
                password_hash: password_hash.clone(),
                ..LinkInput::default()
            };
            links.push(
                create::create(self.db, self.changes, self.checks.refused_hosts, input).await?,
            );
        }
        Ok(links)
    }

    /// The campaign as checked, and the channel keys, each once: what [`Kit::start`] makes,
    /// known before anything is made (or counted against a limit).
    pub fn check(
        &self,
        input: &CampaignInput,
        channels: &[String],
    ) -> Result<(NewCampaign, Vec<String>), Error> {
        let new = input.check(self.checks).map_err(Error::invalid)?;
        if let Some(password) = &self.run.password {
            option_input::password(password).map_err(Error::invalid)?;
        }
        Ok((new, self.chosen(channels)?))
    }

    /// The channel keys ticked, each once, all in the catalogue.
    pub fn chosen(&self, keys: &[String]) -> Result<Vec<String>, Error> {
        let mut chosen: Vec<String> = Vec::with_capacity(keys.len());
        for given in keys.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
            // A label names its channel, as it does for a link ([`Catalogue::resolve`]).
            let Some(channel) = self.catalogue.resolve(given) else {
                return Err(Error::Invalid(self.catalogue.unknown(given)));
            };
            if !chosen.iter().any(|c| *c == channel.key) {
                chosen.push(channel.key.to_string());
            }
        }
        if chosen.is_empty() {
            return Err(Error::Invalid(Message::new("refusal-kit-no-channels")));
        }
        Ok(chosen)
    }

    /// Each channel's destination, checked: tagging may push a URL past the length limit.
    fn destinations(
        &self,
        campaign: &NewCampaign,
        channels: &[String],
    ) -> Result<Vec<String>, Error> {
        channels
            .iter()
            .map(|channel| {
                let url = if campaign.utm {
                    self.catalogue
                        .with_utm(&campaign.url, channel, &campaign.utm_campaign)?
                } else {
                    campaign.url.clone()
                };
                destination::parse(&url, self.checks.refused_hosts)
            })
            .collect::<Result<_, Message>>()
            .map_err(Error::invalid)
    }
}
