//! Adding an account, the same way from the command line, the first-run setup and the users
//! page: the password kept as its hash, an email with an account already refused.

use super::{Role, password};
use crate::clock::now_ms;
use crate::db::Db;
use crate::error::Error;

/// Adds the account `email` (checked and lowercased by the caller): its new id.
pub async fn add(db: &Db, email: &str, password: &str, role: Role) -> Result<i64, Error> {
    let hash = password::hash_apart(password).await;
    db.insert_user(email, &hash, role.as_str(), now_ms())
        .await?
        .ok_or_else(|| Error::Conflict(format!("{email} has an account already")))
}

/// Adds the first account, an admin, unless an account exists already: its id, or `None`
/// when another was first (two people setting up a new server at once).
pub async fn add_first_admin(db: &Db, email: &str, password: &str) -> Result<Option<i64>, Error> {
    let hash = password::hash_apart(password).await;
    Ok(db
        .insert_first_user(email, &hash, Role::Admin.as_str(), now_ms())
        .await?)
}
