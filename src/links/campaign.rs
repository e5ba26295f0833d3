//! The campaign a link joins: the one that exists under the name given in any letter case,
//! spelled as it is stored.

use crate::db::Db;

/// `name` (trimmed and checked already) as the existing campaign of that name in any letter
/// case spells it ("PRINTEMPS 2027" joins "Printemps 2027"), or as given for a new one. The
/// campaigns page and the API refuse a name that differs only in case; a link naming one
/// would otherwise make the second campaign nobody can tell apart on the dashboard.
pub async fn as_stored(db: &Db, name: Option<String>) -> sqlx::Result<Option<String>> {
    let Some(name) = name else {
        return Ok(None);
    };
    Ok(Some(match db.campaign_named(&name).await? {
        Some(existing) => existing.name.clone(),
        None => name,
    }))
}
