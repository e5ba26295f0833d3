//! Users and their sessions.

use super::invitations::FORGET_PENDING;
use super::tx::on_tx;
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
    /// The user's language for the web UI (`fr`), if they chose one.
    pub locale: Option<String>,
    /// The user's time zone (an IANA name), if they chose one.
    pub timezone: Option<String>,
}

impl Db {
    pub async fn count_users(&self) -> sqlx::Result<i64> {
        with_pool!(self, pool => sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(pool).await)
    }

    /// Inserts a user: the new id, `None` when the email has an account already. The email's
    /// pending invitations are forgotten with it, so that none is left listed or working.
    pub async fn insert_user(
        &self,
        email: &str,
        password_hash: &str,
        role: &str,
        now: i64,
    ) -> sqlx::Result<Option<i64>> {
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let made = super::unless_taken(
                sqlx::query_scalar(
                    "INSERT INTO users (email, password_hash, role, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(email)
                .bind(password_hash)
                .bind(role)
                .bind(now)
                .fetch_one(&mut *tx)
                .await,
            )?;
            if made.is_some() {
                sqlx::query(FORGET_PENDING).bind(email).execute(&mut *tx).await?;
                tx.commit().await?;
            }
            Ok(made)
        })
    }

    /// Inserts the first user, an admin, only while there is none: the new id, `None` when
    /// someone was first. Racing setups make exactly one: SQLite runs the statement under its
    /// write lock, and PostgreSQL has concurrent inserts wait on the table lock, then see the
    /// row.
    pub async fn insert_first_admin(
        &self,
        email: &str,
        password_hash: &str,
        now: i64,
    ) -> sqlx::Result<Option<i64>> {
        // Conflicts with itself and with inserts, not with reads.
        let mut tx = self
            .begin_locked("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE")
            .await?;
        let id = on_tx!(&mut tx, tx => {
            sqlx::query_scalar(
                "INSERT INTO users (email, password_hash, role, created_at) \
                 SELECT $1, $2, 'admin', $3 WHERE NOT EXISTS (SELECT 1 FROM users) RETURNING id",
            )
            .bind(email)
            .bind(password_hash)
            .bind(now)
            .fetch_optional(&mut **tx)
            .await?
        });
        tx.commit().await?;
        Ok(id)
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
                "SELECT s.user_id, u.email, u.role, s.csrf, u.locale, u.timezone FROM sessions s JOIN users u ON u.id = s.user_id \
                 WHERE s.id_hash = $1 AND s.expires_at > $2",
            )
            .bind(id_hash)
            .bind(now)
            .fetch_optional(pool)
            .await
        })
    }

    /// Sets a user's language and time zone (`None`: the browser's, the server's).
    pub async fn set_preferences(
        &self,
        user_id: i64,
        locale: Option<&str>,
        timezone: Option<&str>,
    ) -> sqlx::Result<()> {
        with_pool!(self, pool => {
            sqlx::query("UPDATE users SET locale = $1, timezone = $2 WHERE id = $3")
                .bind(locale)
                .bind(timezone)
                .bind(user_id)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    pub async fn delete_session(&self, id_hash: &str) -> sqlx::Result<()> {
        with_pool!(self, pool => {
            sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash).execute(pool).await?;
        });
        Ok(())
    }
}

/// A user as the admin page lists them (never the password hash).
#[derive(Debug, sqlx::FromRow)]
pub struct UserListing {
    pub id: i64,
    pub email: String,
    pub role: String,
    pub created_at: i64,
}

/// What became of a change to a user's role or account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserChange {
    Done,
    /// No user has this id.
    Missing,
    /// Refused: the user is the last admin, and a server needs one.
    LastAdmin,
}

/// Leaves at least one admin: the change applies to a non-admin, or while another admin is left.
const OTHER_ADMIN_LEFT: &str =
    "(role <> 'admin' OR (SELECT COUNT(*) FROM users WHERE role = 'admin') > 1)";

impl Db {
    pub async fn list_users(&self) -> sqlx::Result<Vec<UserListing>> {
        with_pool!(self, pool => {
            sqlx::query_as("SELECT id, email, role, created_at FROM users ORDER BY email")
                .fetch_all(pool)
                .await
        })
    }

    /// Gives a user another role, unless that takes the last admin away.
    pub async fn set_user_role(&self, id: i64, role: &str) -> sqlx::Result<UserChange> {
        let sql = format!(
            "UPDATE users SET role = $2 WHERE id = $1 AND ($2 = 'admin' OR {OTHER_ADMIN_LEFT})"
        );
        self.change_user(id, sql, Some(role)).await
    }

    /// Deletes a user and their sessions, unless they are the last admin.
    pub async fn delete_user(&self, id: i64) -> sqlx::Result<UserChange> {
        let sql = format!("DELETE FROM users WHERE id = $1 AND {OTHER_ADMIN_LEFT}");
        self.change_user(id, sql, None).await
    }

    /// Runs a guarded change of user `id`. On PostgreSQL the admins' rows are locked first:
    /// two admins demoting each other at the same moment would otherwise both see the other
    /// one left and leave none. SQLite runs one writer at a time anyway.
    async fn change_user(
        &self,
        id: i64,
        sql: String,
        role: Option<&str>,
    ) -> sqlx::Result<UserChange> {
        let mut tx = self
            .begin_locked("SELECT id FROM users WHERE role = 'admin' FOR UPDATE")
            .await?;
        let changed = on_tx!(&mut tx, tx => {
            let mut change = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id);
            if let Some(role) = role {
                change = change.bind(role);
            }
            change.execute(&mut **tx).await?.rows_affected()
        });
        let outcome = if changed == 1 {
            UserChange::Done
        } else if tx
            .scalar::<i64>("SELECT COUNT(*) FROM users WHERE id = $1", &[id])
            .await?
            == 0
        {
            UserChange::Missing
        } else {
            UserChange::LastAdmin
        };
        tx.commit().await?;
        Ok(outcome)
    }
}

/// Changing one's own password, or an operator setting a forgotten one.
impl Db {
    /// Sets user `id`'s password hash, as the operator does for a forgotten one, and ends every
    /// session they hold (no session's digest is empty, so none is kept).
    pub async fn reset_password(&self, id: i64, password_hash: &str) -> sqlx::Result<()> {
        self.change_password(id, password_hash, "").await
    }

    /// Sets user `id`'s password hash and ends their sessions but the one `keep` (a digest):
    /// a session someone else holds ends with the old password.
    pub async fn change_password(
        &self,
        id: i64,
        password_hash: &str,
        keep: &str,
    ) -> sqlx::Result<()> {
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
                .bind(id)
                .bind(password_hash)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
                .bind(id)
                .bind(keep)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        });
        Ok(())
    }
}
