//! The channels admins add to the catalogue.

use std::borrow::Cow;

use super::{Db, with_pool};
use crate::links::catalogue::Catalogue;
use crate::links::channels::{Channel, Gender, Reach};

#[derive(sqlx::FromRow)]
struct ChannelRow {
    key: String,
    label: String,
    reach: String,
    gender: String,
}

impl Db {
    /// The whole catalogue: the built-in channels, then the ones admins added. The dashboard
    /// asks it how each declared channel shares ([`Catalogue::reach`]).
    pub async fn channel_catalogue(&self) -> sqlx::Result<Catalogue> {
        let rows: Vec<ChannelRow> = with_pool!(self, pool => {
            sqlx::query_as("SELECT key, label, reach, gender FROM custom_channels ORDER BY created_at, key")
                .fetch_all(pool)
                .await?
        });
        Ok(Catalogue::new(rows.into_iter().map(|row| Channel {
            // The table's CHECK keeps the reach one of the three; anything else is "other".
            reach: row.reach.parse().unwrap_or(Reach::Other),
            gender: row.gender.parse().unwrap_or_default(),
            key: Cow::Owned(row.key),
            label: Cow::Owned(row.label),
            custom: true,
        })))
    }

    /// Stores a channel an admin added; false when its key is taken.
    pub async fn insert_custom_channel(&self, channel: &Channel, now: i64) -> sqlx::Result<bool> {
        let inserted = with_pool!(self, pool => {
            sqlx::query("INSERT INTO custom_channels (key, label, reach, created_at, gender) VALUES ($1, $2, $3, $4, $5)")
                .bind(channel.key.as_ref())
                .bind(channel.label.as_ref())
                .bind(channel.reach.as_str())
                .bind(now)
                .bind(channel.gender.as_str())
                .execute(pool)
                .await
                .map(drop)
        });
        Ok(super::unless_taken(inserted)?.is_some())
    }

    /// Sets the gender of an added channel's label; false when there is no such channel.
    pub async fn set_custom_channel_gender(&self, key: &str, gender: Gender) -> sqlx::Result<bool> {
        with_pool!(self, pool => {
            let done = sqlx::query("UPDATE custom_channels SET gender = $2 WHERE key = $1")
                .bind(key)
                .bind(gender.as_str())
                .execute(pool)
                .await?;
            Ok(done.rows_affected() == 1)
        })
    }

    /// Removes an added channel (links declared for it keep its key); false when there was none.
    pub async fn delete_custom_channel(&self, key: &str) -> sqlx::Result<bool> {
        with_pool!(self, pool => {
            let done = sqlx::query("DELETE FROM custom_channels WHERE key = $1")
                .bind(key)
                .execute(pool)
                .await?;
            Ok(done.rows_affected() == 1)
        })
    }

    /// Whether a link is declared for the channel `key`, exactly as stored.
    pub async fn channel_declared(&self, key: &str) -> sqlx::Result<bool> {
        let found: Option<String> = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT channel FROM links WHERE channel = $1 LIMIT 1")
                .bind(key)
                .fetch_optional(pool)
                .await?
        });
        Ok(found.is_some())
    }
}
