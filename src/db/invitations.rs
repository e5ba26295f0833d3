//! Storage of invitations to make an account: found by the digest of their secret, spent
//! once, and the account made in the same transaction that spends it.

use super::{Db, with_pool};

/// Forgets the pending invitations of the email `$1`: a new invitation replaces them, and an
/// account made for the email leaves them nothing to do (an address has one account).
pub(super) const FORGET_PENDING: &str =
    "DELETE FROM invitations WHERE email = $1 AND used_at IS NULL";

/// [`FORGET_PENDING`], saying until when each forgotten invitation would have worked.
const FORGET_PENDING_RETURNING: &str =
    "DELETE FROM invitations WHERE email = $1 AND used_at IS NULL RETURNING expires_at";

/// A stored invitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inserted {
    pub id: i64,
    /// It replaced an invitation of the same email whose link still worked, and no longer
    /// does: the admin who sent that link is told.
    pub replaced_live: bool,
}

/// An invitation not yet used nor expired, as the users page lists it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvitationListing {
    pub id: i64,
    pub email: String,
    pub role: String,
    pub expires_at: i64,
}

/// What an invitation's digest opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvitationLookup {
    /// An account to make for this email, with this role.
    Live { email: String, role: String },
    /// Used, expired or cancelled.
    Spent,
}

/// What became of accepting an invitation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accepted {
    /// The new account's id.
    Joined(i64),
    /// The invitation was used, expired or cancelled.
    Spent,
    /// The email has an account already (made since the invitation): nothing was spent.
    Taken,
}

impl Db {
    /// Stores an invitation in place of the email's pending ones, so that one link at most
    /// works for an address and the users page lists it once.
    pub async fn insert_invitation(
        &self,
        email: &str,
        role: &str,
        token_hash: &str,
        created_by: &str,
        now: i64,
        expires_at: i64,
    ) -> sqlx::Result<Inserted> {
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let replaced: Vec<i64> = sqlx::query_scalar(FORGET_PENDING_RETURNING)
                .bind(email)
                .fetch_all(&mut *tx)
                .await?;
            let id = sqlx::query_scalar(
                "INSERT INTO invitations (email, role, token_hash, created_by, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(email)
            .bind(role)
            .bind(token_hash)
            .bind(created_by)
            .bind(now)
            .bind(expires_at)
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(Inserted {
                id,
                replaced_live: replaced.iter().any(|&until| until > now),
            })
        })
    }

    /// Invitations neither used nor expired at `now`, newest first.
    pub async fn pending_invitations(&self, now: i64) -> sqlx::Result<Vec<InvitationListing>> {
        with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, email, role, expires_at FROM invitations \
                 WHERE used_at IS NULL AND expires_at > $1 ORDER BY id DESC",
            )
            .bind(now)
            .fetch_all(pool)
            .await
        })
    }

    /// What the invitation with this digest opens at `now`.
    pub async fn invitation(&self, token_hash: &str, now: i64) -> sqlx::Result<InvitationLookup> {
        let row: Option<(String, String)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT email, role FROM invitations \
                 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
            )
            .bind(token_hash)
            .bind(now)
            .fetch_optional(pool)
            .await?
        });
        Ok(match row {
            Some((email, role)) => InvitationLookup::Live { email, role },
            None => InvitationLookup::Spent,
        })
    }

    /// Spends the invitation with this digest and makes its account, with `password_hash`,
    /// in one transaction: two tabs accepting at once make one account. The email's other
    /// pending invitations go with it.
    pub async fn accept_invitation(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: i64,
    ) -> sqlx::Result<Accepted> {
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let spent: Option<(String, String)> = sqlx::query_as(
                "UPDATE invitations SET used_at = $2 \
                 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING email, role",
            )
            .bind(token_hash)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((email, role)) = spent else {
                return Ok(Accepted::Spent);
            };
            let made = super::unless_taken(
                sqlx::query_scalar(
                    "INSERT INTO users (email, password_hash, role, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(&email)
                .bind(password_hash)
                .bind(&role)
                .bind(now)
                .fetch_one(&mut *tx)
                .await,
            )?;
            match made {
                Some(id) => {
                    sqlx::query(FORGET_PENDING).bind(&email).execute(&mut *tx).await?;
                    tx.commit().await?;
                    Ok(Accepted::Joined(id))
                }
                // Dropping the transaction rolls it back: the invitation stays unused.
                None => Ok(Accepted::Taken),
            }
        })
    }

    /// Cancels an invitation not used yet; false when there is none with this id.
    pub async fn cancel_invitation(&self, id: i64) -> sqlx::Result<bool> {
        with_pool!(self, pool => {
            let done = sqlx::query("DELETE FROM invitations WHERE id = $1 AND used_at IS NULL")
                .bind(id)
                .execute(pool)
                .await?;
            Ok(done.rows_affected() == 1)
        })
    }
}
