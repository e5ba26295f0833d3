//! Users and their sessions.

use super::{Db, with_pool};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub password_hash: String,
    pub role: String,
}

/// A live session with its user.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub user_id: i64,
    pub email: String,
    pub role: String,
    pub csrf: String,
}

impl Db {
    pub async fn count_users(&self) -> sqlx::Result<i64> {
        with_pool!(self, pool => sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(pool).await)
    }

    /// Inserts a user; a taken email comes back as a unique violation.
    pub async fn insert_user(
        &self,
        email: &str,
        password_hash: &str,
        role: &str,
        now: i64,
    ) -> sqlx::Result<i64> {
        with_pool!(self, pool => {
            sqlx::query_scalar(
                "INSERT INTO users (email, password_hash, role, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(email)
            .bind(password_hash)
            .bind(role)
            .bind(now)
            .fetch_one(pool)
            .await
        })
    }

    pub async fn user_by_email(&self, email: &str) -> sqlx::Result<Option<UserRow>> {
        with_pool!(self, pool => {
            sqlx::query_as("SELECT id, email, password_hash, role FROM users WHERE email = $1")
                .bind(email)
                .fetch_optional(pool)
                .await
        })
    }

    pub async fn insert_session(
        &self,
        id_hash: &str,
        user_id: i64,
        csrf: &str,
        expires_at: i64,
    ) -> sqlx::Result<()> {
        with_pool!(self, pool => {
            sqlx::query("INSERT INTO sessions (id_hash, user_id, csrf, expires_at) VALUES ($1, $2, $3, $4)")
                .bind(id_hash)
                .bind(user_id)
                .bind(csrf)
                .bind(expires_at)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    pub async fn session(&self, id_hash: &str, now: i64) -> sqlx::Result<Option<SessionRow>> {
        with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT s.user_id, u.email, u.role, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id \
                 WHERE s.id_hash = $1 AND s.expires_at > $2",
            )
            .bind(id_hash)
            .bind(now)
            .fetch_optional(pool)
            .await
        })
    }

    pub async fn delete_session(&self, id_hash: &str) -> sqlx::Result<()> {
        with_pool!(self, pool => {
            sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash).execute(pool).await?;
        });
        Ok(())
    }
}
