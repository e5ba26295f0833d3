//! Creating a link, shared by the API and the web UI: validate, pick a slug, insert, and
//! make every instance forget any "unknown" answer for that slug.

use super::options::LinkOptions;
use super::sync::LinkChanges;
use super::{Link, LinkSpec, NewLink, campaign, destination, label, options, slug, tags};
use crate::clock::now_ms;
use crate::db::Db;
use crate::error::Error;
use crate::i18n::Message;

/// What someone asked for.
#[derive(Debug, Clone, Default)]
pub struct LinkInput {
    pub url: String,
    /// The host of a registered domain; the base URL's host when `None`.
    pub domain: Option<String>,
    pub slug: Option<String>,
    pub campaign: Option<String>,
    pub channel: Option<String>,
    pub tags: Vec<String>,
    /// Checked already ([`options::input::OptionsPatch::apply`]).
    pub options: LinkOptions,
    pub password: Option<String>,
    /// A password hashed already ([`hash_password`]), used when `password` is `None`: the
    /// share kit hashes a run's password once for all its links.
    pub password_hash: Option<String>,
}

/// Tries for a free random slug before giving up (a collision is ~1 in 10^12 per try).
const RANDOM_SLUG_TRIES: usize = 5;

pub async fn create(
    db: &Db,
    changes: &LinkChanges,
    refused_hosts: &[destination::Refused],
    input: LinkInput,
) -> Result<Link, Error> {
    let chosen = input
        .slug
        .as_deref()
        .map(|s| slug::parse(s).map(str::to_owned))
        .transpose()
        .map_err(Error::invalid)?;
    let domain = changes
        .domains()
        .of_link(db, input.domain.as_deref())
        .await?;
    let campaign =
        label("field-campaign", input.campaign.as_deref().unwrap_or("")).map_err(Error::invalid)?;
    let spec = LinkSpec {
        domain,
        slug: chosen.clone().unwrap_or_else(slug::random),
        url: own_domains_refused(changes, destination::parse(&input.url, refused_hosts))?,
        campaign: campaign::as_stored(db, campaign).await?,
        channel: channel_key(db, input.channel.as_deref()).await?,
        tags: tags(&input.tags).map_err(Error::invalid)?,
        options: input.options,
    };
    let mut new = NewLink {
        spec,
        password_hash: input.password_hash,
        enabled: true,
    };
    own_domains_refused_in(changes, &new.spec.options)?;
    if let Some(password) = input.password {
        options::input::password(&password).map_err(Error::invalid)?;
        new.password_hash = Some(hash_password(password).await);
    }
    for _ in 0..RANDOM_SLUG_TRIES {
        if let Some(link) = db.insert_link(&new, now_ms()).await? {
            // This or another instance may hold the slug among its unknown ones.
            changes.changed(&link.spec.domain, &link.spec.slug).await;
            return Ok(link);
        }
        if chosen.is_some() {
            break;
        }
        new.spec.slug = slug::random();
    }
    Err(Error::conflict(slug_taken(
        &new.spec.domain,
        &new.spec.slug,
    )))
}

/// The key of the channel `given` names ([`super::catalogue::Catalogue::resolve`]: its key,
/// or a label in any letter case), `None` for none. A channel the catalogue does not have is
/// refused with the keys it has: stored as typed, it would be counted apart from its channel
/// as neither private nor public.
pub(super) async fn channel_key(db: &Db, given: Option<&str>) -> Result<Option<String>, Error> {
    let Some(given) = label("field-channel", given.unwrap_or("")).map_err(Error::invalid)? else {
        return Ok(None);
    };
    let catalogue = db.channel_catalogue().await?;
    match catalogue.resolve(&given) {
        Some(channel) => Ok(Some(channel.key.to_string())),
        None => Err(Error::Invalid(catalogue.unknown(&given))),
    }
}

/// A checked destination, refused also when it is on one of this server's branded domains.
pub(super) fn own_domains_refused(
    changes: &LinkChanges,
    parsed: Result<String, Message>,
) -> Result<String, Error> {
    let url = parsed.map_err(Error::invalid)?;
    changes.domains().refuse_own(&url).map_err(Error::invalid)?;
    Ok(url)
}

/// Refuses options (rules, variants, `expired_url`) that send people to one of this
/// server's branded domains, as the link's own destination is.
pub(super) fn own_domains_refused_in(
    changes: &LinkChanges,
    options: &LinkOptions,
) -> Result<(), Error> {
    for (place, url) in options.destinations() {
        let refused = changes.domains().refuse_own(url);
        refused.map_err(|e| Error::invalid(place.refusal(e)))?;
    }
    Ok(())
}

/// The slug `slug`, a checked one, is someone else's on `domain` (`""`: the base URL's host).
pub fn slug_taken(domain: &str, slug: &str) -> Message {
    if domain.is_empty() {
        Message::new("refusal-slug-taken").with("slug", slug)
    } else {
        Message::new("refusal-slug-taken-on")
            .with("slug", slug)
            .with("domain", domain)
    }
}

/// A link password's argon2 hash, worked out on a blocking thread: it takes tens of
/// milliseconds of CPU on purpose.
pub async fn hash_password(password: String) -> String {
    tokio::task::spawn_blocking(move || crate::auth::password::hash(&password))
        .await
        .expect("hashing a password does not panic")
}
