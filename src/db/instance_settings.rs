//! Storage of the instance's own settings, changed by admins in the web UI: one row a
//! setting, none for a setting not set.

use super::{Db, with_pool};

impl Db {
    /// The setting `key`'s value; `None` when it is not set.
    pub async fn instance_setting(&self, key: &str) -> sqlx::Result<Option<String>> {
        with_pool!(self, pool => {
            sqlx::query_scalar("SELECT value FROM instance_settings WHERE key = $1")
                .bind(key)
                .fetch_optional(pool)
                .await
        })
    }

    /// Sets `key` to `value`, or unsets it (`None`).
    pub async fn set_instance_setting(
        &self,
        key: &str,
        value: Option<&str>,
        now: i64,
    ) -> sqlx::Result<()> {
        with_pool!(self, pool => {
            match value {
                Some(value) => sqlx::query(
                    "INSERT INTO instance_settings (key, value, updated_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value, \
                     updated_at = excluded.updated_at",
                )
                .bind(key)
                .bind(value)
                .bind(now)
                .execute(pool)
                .await?,
                None => sqlx::query("DELETE FROM instance_settings WHERE key = $1")
                    .bind(key)
                    .execute(pool)
                    .await?,
            };
        });
        Ok(())
    }
}
