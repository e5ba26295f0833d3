//! Channels admins add to the catalogue (an intranet, a partner's newsletter, a podcast …):
//! checked, stored, a key that is taken refused. The API and the settings page share it.

use super::catalogue::custom;
use super::channels::{Channel, Reach};
use crate::clock::now_ms;
use crate::db::Db;
use crate::error::Error;
use crate::i18n::Message;

/// Adds the channel `key` with its `label` and `reach` (`private`, `public` or `other`).
pub async fn add_channel(db: &Db, key: &str, label: &str, reach: &str) -> Result<Channel, Error> {
    let channel = reach
        .parse::<Reach>()
        .and_then(|reach| custom(key, label, reach).map_err(|p| p.to_string()))
        .map_err(Error::invalid)?;
    if !db.insert_custom_channel(&channel, now_ms()).await? {
        let key = format!("{:?}", channel.key);
        return Err(Error::conflict(
            Message::new("refusal-channel-taken").with("key", key),
        ));
    }
    Ok(channel)
}
