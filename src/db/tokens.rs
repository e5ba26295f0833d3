//! API token storage: tokens are kept as SHA-256 digests, never in clear.

use super::{Db, with_pool};

/// A token found by its digest.
#[derive(Debug, sqlx::FromRow)]
pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub role: String,
}

impl Db {
    pub async fn insert_token(
        &self,
        name: &str,
        role: &str,
        token_hash: &str,
        now: i64,
    ) -> sqlx::Result<i64> {
        with_pool!(self, pool => {
            sqlx::query_scalar(
                "INSERT INTO api_tokens (name, role, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(name)
            .bind(role)
            .bind(token_hash)
            .bind(now)
            .fetch_one(pool)
            .await
        })
    }

    /// The live (not revoked) token with this digest.
    pub async fn token_by_hash(&self, token_hash: &str) -> sqlx::Result<Option<TokenRow>> {
        with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, name, role FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
            )
            .bind(token_hash)
            .fetch_optional(pool)
            .await
        })
    }
}

/// A token as the admin page lists it (never the secret).
#[derive(Debug, sqlx::FromRow)]
pub struct TokenListing {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

impl Db {
    pub async fn list_tokens(&self) -> sqlx::Result<Vec<TokenListing>> {
        with_pool!(self, pool => {
            sqlx::query_as("SELECT id, name, role, created_at, revoked_at FROM api_tokens ORDER BY id DESC")
                .fetch_all(pool)
                .await
        })
    }

    /// Revokes a token; false when there is no live token with this id.
    pub async fn revoke_token(&self, id: i64, now: i64) -> sqlx::Result<bool> {
        with_pool!(self, pool => {
            let done = sqlx::query("UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
                .bind(id)
                .bind(now)
                .execute(pool)
                .await?;
            Ok(done.rows_affected() == 1)
        })
    }
}
