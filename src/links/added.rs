//! Channels admins add to the catalogue (an intranet, a partner's newsletter, a podcast …):
//! checked, stored, a key that is taken refused; and the gender of their names changed. The
//! API and the settings page share it.

use super::catalogue::custom;
use super::channels::{Channel, Gender, Reach};
use crate::clock::now_ms;
use crate::db::Db;
use crate::error::Error;
use crate::i18n::Message;

/// Adds the channel `key` with its `label`, `reach` (`private`, `public` or `other`) and the
/// `gender` of its label (`masculine` or `feminine`).
pub async fn add_channel(
    db: &Db,
    key: &str,
    label: &str,
    reach: &str,
    gender: &str,
) -> Result<Channel, Error> {
    let gender = gender.parse::<Gender>().map_err(Error::invalid)?;
    let channel = reach
        .parse::<Reach>()
        .and_then(|reach| custom(key, label, reach).map_err(|p| p.to_string()))
        .map_err(Error::invalid)?;
    let channel = Channel { gender, ..channel };
    if !db.insert_custom_channel(&channel, now_ms()).await? {
        let key = format!("{:?}", channel.key);
        return Err(Error::conflict(
            Message::new("refusal-channel-taken").with("key", key),
        ));
    }
    Ok(channel)
}

/// Sets the gender (`masculine` or `feminine`) of the added channel `key`: the channel as it
/// is now, `None` when no channel was added with that key.
pub async fn set_channel_gender(
    db: &Db,
    key: &str,
    gender: &str,
) -> Result<Option<Channel>, Error> {
    let gender = gender.parse::<Gender>().map_err(Error::invalid)?;
    if !db.set_custom_channel_gender(key, gender).await? {
        return Ok(None);
    }
    let catalogue = db.channel_catalogue().await?;
    Ok(catalogue.find(key).filter(|c| c.custom).cloned())
}
