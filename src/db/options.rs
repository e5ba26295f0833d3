//! Storage for link options beyond the link's row: the people a click limit has let through,
//! and the card images uploaded in the web UI.

use super::{Db, with_pool};
use crate::links::options::MEDIA_PREFIX;

/// An uploaded image as served.
#[derive(Debug, sqlx::FromRow)]
pub struct Media {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

impl Db {
    /// Adds `people` to those the link's click limit has let through, and answers how many it
    /// has let through in all, on every instance.
    pub async fn add_link_clicks(&self, link_id: i64, people: i64) -> sqlx::Result<i64> {
        with_pool!(self, pool => {
            sqlx::query_scalar(
                "INSERT INTO link_clicks (link_id, used) VALUES ($1, $2) \
                 ON CONFLICT (link_id) DO UPDATE SET used = link_clicks.used + excluded.used \
                 RETURNING used",
            )
            .bind(link_id)
            .bind(people)
            .fetch_one(pool)
            .await
        })
    }

    /// People the link's click limit has let through (0 before the first).
    pub async fn link_clicks(&self, link_id: i64) -> sqlx::Result<i64> {
        let used: Option<i64> = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT used FROM link_clicks WHERE link_id = $1")
                .bind(link_id)
                .fetch_optional(pool)
                .await?
        });
        Ok(used.unwrap_or(0))
    }

    /// Stores an image under `id` (named by its content, so storing it twice keeps one):
    /// whether it is new (`false` when it was there already).
    pub async fn insert_media(
        &self,
        id: &str,
        content_type: &str,
        bytes: &[u8],
        now: i64,
    ) -> sqlx::Result<bool> {
        let inserted = with_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO media (id, content_type, bytes, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(id)
            .bind(content_type)
            .bind(bytes)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(inserted == 1)
    }

    /// Deletes the image `id` unless a link's card or a campaign's names it (`media:{id}` in
    /// their JSON): whether it was deleted.
    pub async fn delete_unused_media(&self, id: &str) -> sqlx::Result<bool> {
        let named = format!("%\"{MEDIA_PREFIX}{id}\"%");
        let deleted = with_pool!(self, pool => {
            sqlx::query(
                "DELETE FROM media WHERE id = $1 \
                 AND NOT EXISTS (SELECT 1 FROM links WHERE options LIKE $2) \
                 AND NOT EXISTS (SELECT 1 FROM campaigns WHERE preview LIKE $2)",
            )
            .bind(id)
            .bind(&named)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(deleted == 1)
    }

    pub async fn media(&self, id: &str) -> sqlx::Result<Option<Media>> {
        with_pool!(self, pool => {
            sqlx::query_as("SELECT content_type, bytes FROM media WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await
        })
    }
}
