//! Changing and deleting a link, shared by the API and the web UI: the input checked, the
//! row written, then this instance's slug cache and the other instances' told, in one call,
//! so that no caller can leave an old destination being served (nor an uploaded card image
//! no card names any more).

use super::create::{hash_password, own_domains_refused_in};
use super::options::input::{self, Checks, OptionsPatch};
use super::sync::LinkChanges;
use super::{Link, LinkPatch, campaign, destination, label, media, tags};
use crate::clock::now_ms;
use crate::db::Db;
use crate::error::Error;
use crate::i18n::Message;

/// What someone asked to change: `None` leaves a field as it is; an empty `campaign` or
/// `channel` clears it.
#[derive(Debug, Clone, Default)]
pub struct LinkEdit {
    pub url: Option<String>,
    pub campaign: Option<String>,
    pub channel: Option<String>,
    pub tags: Option<Vec<String>>,
    pub enabled: Option<bool>,
    /// Changes of the link's options, applied to its options as they are.
    pub options: Option<OptionsPatch>,
    /// `Some(None)` removes the password, `Some(Some(_))` sets a new one.
    pub password: Option<Option<String>>,
}

impl LinkEdit {
    /// The change as the database takes it, or what is wrong with it.
    fn check(&self, refused_hosts: &[destination::Refused]) -> Result<LinkPatch, Message> {
        Ok(LinkPatch {
            url: self
                .url
                .as_deref()
                .map(|u| destination::parse(u, refused_hosts))
                .transpose()?,
            campaign: self
                .campaign
                .as_deref()
                .map(|c| label("field-campaign", c))
                .transpose()?,
            channel: self
                .channel
                .as_deref()
                .map(|c| label("field-channel", c))
                .transpose()?,
            tags: self.tags.as_deref().map(tags).transpose()?,
            enabled: self.enabled,
            ..LinkPatch::default()
        })
    }
}

/// Applies `edit` to the link `slug` on `domain` (`""`: the base URL's host); the link as it
/// is now.
pub async fn update(
    db: &Db,
    changes: &LinkChanges,
    checks: Checks<'_>,
    domain: &str,
    slug: &str,
    edit: &LinkEdit,
) -> Result<Link, Error> {
    let mut patch = edit.check(checks.refused_hosts).map_err(Error::invalid)?;
    if let Some(name) = patch.campaign.take() {
        patch.campaign = Some(campaign::as_stored(db, name).await?);
    }
    if let Some(Some(given)) = patch.channel.take() {
        patch.channel = Some(Some(channel(db, domain, slug, given).await?));
    }
    if let Some(url) = &patch.url {
        changes.domains().refuse_own(url).map_err(Error::invalid)?;
    }
    // The card before the change, when the options change: an uploaded image it drops goes.
    let mut card_before = None;
    if let Some(options) = edit.options.clone().filter(|o| !o.is_empty()) {
        // Options change as a whole: the change applies to the link's options as they are
        // (two changes of one link's options at the same instant: the last one wins).
        let current = db
            .link_by_slug(domain, slug)
            .await?
            .ok_or_else(|| no_such_link(domain, slug))?
            .spec
            .options;
        let changed = options.apply(&current, checks).map_err(Error::invalid)?;
        own_domains_refused_in(changes, &changed)?;
        if changed != current {
            card_before = Some(current.preview);
            patch.options = Some(changed);
        }
    }
    patch.password_hash = match &edit.password {
        None => None,
        Some(None) => Some(None),
        Some(Some(password)) => {
            input::password(password).map_err(Error::invalid)?;
            Some(Some(hash_password(password.clone()).await))
        }
    };
    let link = db
        .update_link(domain, slug, &patch, now_ms())
        .await?
        .ok_or_else(|| no_such_link(domain, slug))?;
    changes.changed(domain, slug).await;
    if let Some(before) = card_before {
        media::forget_replaced(db, before.as_ref(), link.spec.options.preview.as_ref()).await;
    }
    Ok(link)
}

/// The channel a change names, as [`super::create::channel_key`] takes it; but the link's own
/// channel, sent back unchanged, is kept even when the catalogue does not have it (an admin
/// removed it, or it was stored before channels were checked): a form saving another field
/// sends it back, and the link keeps its figures under it.
async fn channel(db: &Db, domain: &str, slug: &str, given: String) -> Result<String, Error> {
    let catalogue = db.channel_catalogue().await?;
    if catalogue.find(&given).is_some() {
        return Ok(given);
    }
    let current = db
        .link_by_slug(domain, slug)
        .await?
        .ok_or_else(|| no_such_link(domain, slug))?
        .spec
        .channel;
    if current.as_deref() == Some(given.as_str()) {
        return Ok(given);
    }
    match catalogue.resolve(&given) {
        Some(channel) => Ok(channel.key.to_string()),
        None => Err(Error::Invalid(catalogue.unknown(&given))),
    }
}

/// Deletes the link `slug` on `domain` with its hits, and the uploaded image its card named
/// once nothing else names it.
pub async fn delete(db: &Db, changes: &LinkChanges, domain: &str, slug: &str) -> Result<(), Error> {
    let gone = db
        .delete_link(domain, slug)
        .await?
        .ok_or_else(|| no_such_link(domain, slug))?;
    changes.changed(domain, slug).await;
    media::forget_deleted(db, &gone.preview).await;
    Ok(())
}

/// No link `slug` on `domain` (`""`: the base URL's host).
pub fn no_such_link(domain: &str, slug: &str) -> Error {
    Error::not_found(if domain.is_empty() {
        Message::new("refusal-no-link").with_typed("slug", slug)
    } else {
        Message::new("refusal-no-link-on")
            .with_typed("slug", slug)
            .with("domain", domain)
    })
}
