//! The channel a filter names (`?channel=` of the links list, the dashboard, its exports and
//! `/api/v1/stats`): by key or by label, as a link is given its channel.

use crate::db::Db;
use crate::i18n::Message;

/// The key links store for the channel `given` names: a key of the catalogue; a key links
/// are declared for though the catalogue no longer has it (an admin removed the channel, or
/// it was typed before channels were checked), which its links keep their figures under;
/// else the channel `given` names by key or label in any letter case
/// ([`Catalogue::resolve`](super::catalogue::Catalogue::resolve), as links take it).
/// `Err` with the refusal that lists the catalogue's keys when it names none.
pub async fn key(db: &Db, given: &str) -> sqlx::Result<Result<String, Message>> {
    let given = given.trim();
    let catalogue = db.channel_catalogue().await?;
    if catalogue.find(given).is_none() && db.channel_declared(given).await? {
        return Ok(Ok(given.to_owned()));
    }
    Ok(match catalogue.resolve(given) {
        Some(channel) => Ok(channel.key.to_string()),
        None => Err(catalogue.unknown(given)),
    })
}

/// The channel a list of links is filtered on, as its links store it ([`key`]); a channel
/// `given` that names none stays as given and lists no link, as an unknown campaign does.
pub async fn listed(db: &Db, given: Option<&str>) -> sqlx::Result<Option<String>> {
    let Some(given) = given.map(str::trim).filter(|g| !g.is_empty()) else {
        return Ok(None);
    };
    Ok(Some(
        key(db, given).await?.unwrap_or_else(|_| given.to_owned()),
    ))
}
