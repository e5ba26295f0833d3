//! Invitations in place of a password an admin passes on: the admin names the email and the
//! role, the invitee follows a secret link (one use, 7 days) and chooses their own password.

use super::{Role, hash_token, password, session, users};
use crate::clock::now_ms;
use crate::db::Db;
use crate::db::invitations::{Accepted, InvitationLookup};
use crate::error::Error;

/// How long an invitation can be used.
pub const LIFETIME_MS: i64 = 7 * 86_400_000;

/// Where invitations are accepted: `{base}/invite/{secret}`.
pub const PATH: &str = "/invite/";

/// An invitation just made.
#[derive(Debug)]
pub struct Invited {
    /// The secret of its link, the only time it exists in clear.
    pub secret: String,
    /// It replaced an invitation of the same email whose link worked until now.
    pub replaced_live: bool,
}

/// Invites `email` (lowercased) with `role`, in place of the email's pending invitation. An
/// email with an account already is refused.
pub async fn create(db: &Db, email: &str, role: Role, by: &str) -> Result<Invited, Error> {
    users::check_email(email).map_err(Error::invalid)?;
    if db.user_by_email(email).await?.is_some() {
        return Err(users::email_taken(email));
    }
    let secret = session::secret();
    let now = now_ms();
    let inserted = db
        .insert_invitation(
            email,
            role.as_str(),
            &hash_token(&secret),
            by,
            now,
            now + LIFETIME_MS,
        )
        .await?;
    Ok(Invited {
        secret,
        replaced_live: inserted.replaced_live,
    })
}

/// The secret's digest, or `None` for anything but 32 letters and digits (no secret of ours,
/// and worth no query).
fn digest(secret: &str) -> Option<String> {
    (secret.len() == 32 && secret.bytes().all(|b| b.is_ascii_alphanumeric()))
        .then(|| hash_token(secret))
}

/// What the invitation `secret` opens now.
pub async fn open(db: &Db, secret: &str) -> sqlx::Result<InvitationLookup> {
    match digest(secret) {
        Some(hash) => db.invitation(&hash, now_ms()).await,
        None => Ok(InvitationLookup::Spent),
    }
}

/// Makes the invitation's account with `password` (its strength checked by the caller).
pub async fn accept(db: &Db, secret: &str, password: &str) -> sqlx::Result<Accepted> {
    let Some(hash) = digest(secret) else {
        return Ok(Accepted::Spent);
    };
    let password_hash = password::hash_apart(password).await;
    db.accept_invitation(&hash, &password_hash, now_ms()).await
}
