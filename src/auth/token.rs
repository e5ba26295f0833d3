//! API tokens: 32 random characters behind a recognisable prefix, stored as SHA-256 digests.
//!
//! Tokens are looked up by digest, so no stored secret is ever compared byte by byte with
//! what a client sent, and a leaked database holds no usable token.

use rand::Rng;
use rand::distr::Alphanumeric;
use sha2::{Digest, Sha256};

use super::Role;
use crate::db::Db;

/// Makes tokens recognisable to secret scanners and people.
const PREFIX: &str = "lnt_";

/// Creates a token with `role` and returns it in clear, the only time it exists so.
pub async fn create_token(db: &Db, name: &str, role: Role, now: i64) -> sqlx::Result<String> {
    let secret: String = rand::rng()
        .sample_iter(&Alphanumeric)
        .take(32)
        .map(char::from)
        .collect();
    let token = format!("{PREFIX}{secret}");
    db.insert_token(name, role.as_str(), &hash_token(&token), now)
        .await?;
    Ok(token)
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}
