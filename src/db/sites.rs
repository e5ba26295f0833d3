//! Site storage: the records the snippet's events are checked against.

use super::{Db, Saved, with_pool};
use crate::sites::{NewSite, Site};

const SITE_COLUMNS: &str = "id, name, key, domains, created_at";

#[derive(sqlx::FromRow)]
struct SiteRow {
    id: i64,
    name: String,
    key: String,
    domains: String,
    created_at: i64,
}

impl From<SiteRow> for Site {
    fn from(row: SiteRow) -> Site {
        Site {
            id: row.id,
            name: row.name,
            key: row.key,
            // Written by `domains_json` only; an unreadable value lists no domain, so the site
            // accepts no event rather than any.
            domains: serde_json::from_str(&row.domains).unwrap_or_default(),
            created_at: row.created_at,
        }
    }
}

fn domains_json(domains: &[String]) -> String {
    serde_json::to_string(domains).expect("strings serialize")
}

/// A change to a site: `None` leaves a field alone.
#[derive(Debug, Clone, Default)]
pub struct SitePatch {
    pub name: Option<String>,
    pub domains: Option<Vec<String>>,
}

impl Db {
    /// Stores a new site under `key`; `None` when the name (in any letter case) or the key is
    /// taken.
    pub async fn insert_site(
        &self,
        new: &NewSite,
        key: &str,
        now: i64,
    ) -> sqlx::Result<Option<Site>> {
        let sql = format!(
            "INSERT INTO sites (name, key, domains, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4) RETURNING {SITE_COLUMNS}"
        );
        let row: sqlx::Result<SiteRow> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(&new.name)
                .bind(key)
                .bind(domains_json(&new.domains))
                .bind(now)
                .fetch_one(pool)
                .await
        });
        Ok(super::unless_taken(row)?.map(Site::from))
    }

    /// Every site, by name.
    pub async fn sites(&self) -> sqlx::Result<Vec<Site>> {
        let sql = format!("SELECT {SITE_COLUMNS} FROM sites ORDER BY lower(name), id");
        let rows: Vec<SiteRow> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(Site::from).collect())
    }

    pub async fn site(&self, id: i64) -> sqlx::Result<Option<Site>> {
        let sql = format!("SELECT {SITE_COLUMNS} FROM sites WHERE id = $1");
        self.row_by::<_, SiteRow, _>(sql, id).await
    }

    pub async fn site_by_key(&self, key: &str) -> sqlx::Result<Option<Site>> {
        let sql = format!("SELECT {SITE_COLUMNS} FROM sites WHERE key = $1");
        self.row_by::<_, SiteRow, _>(sql, key).await
    }

    /// Applies `patch`.
    pub async fn update_site(
        &self,
        id: i64,
        patch: &SitePatch,
        now: i64,
    ) -> sqlx::Result<Saved<Site>> {
        let sql = format!(
            "UPDATE sites SET name = COALESCE($2, name), domains = COALESCE($3, domains), \
             updated_at = $4 WHERE id = $1 RETURNING {SITE_COLUMNS}"
        );
        let row: sqlx::Result<Option<SiteRow>> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(id)
                .bind(patch.name.as_deref())
                .bind(patch.domains.as_deref().map(domains_json))
                .bind(now)
                .fetch_optional(pool)
                .await
        });
        Ok(match super::unless_taken(row)? {
            None => Saved::Taken,
            Some(None) => Saved::NotFound,
            Some(Some(row)) => Saved::Done(row.into()),
        })
    }

    /// Deletes a site with its pages' figures (its share-button links stay, with their
    /// hits, so that links people pasted in chats still lead to the pages); false when there
    /// was none.
    pub async fn delete_site(&self, id: i64) -> sqlx::Result<bool> {
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for sql in ["DELETE FROM site_events WHERE site_id = $1", "DELETE FROM site_private_views WHERE site_id = $1"] {
                sqlx::query(sql).bind(id).execute(&mut *tx).await?;
            }
            let done = sqlx::query("DELETE FROM sites WHERE id = $1").bind(id).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok(done.rows_affected() == 1)
        })
    }
}

impl Db {
    /// The slug of the share-button link of `page` and `channel` on site `site_id`.
    pub async fn site_link(
        &self,
        site_id: i64,
        page: &str,
        channel: &str,
    ) -> sqlx::Result<Option<String>> {
        with_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT l.slug FROM site_links s JOIN links l ON l.id = s.link_id \
                 WHERE s.site_id = $1 AND s.page = $2 AND s.channel = $3",
            )
            .bind(site_id)
            .bind(page)
            .bind(channel)
            .fetch_optional(pool)
            .await
        })
    }

    /// Records `link_id` as the share-button link of `page` and `channel`; false when the
    /// page and channel have one already (minted meanwhile by another request).
    pub async fn insert_site_link(
        &self,
        site_id: i64,
        page: &str,
        channel: &str,
        link_id: i64,
    ) -> sqlx::Result<bool> {
        with_pool!(self, pool => {
            let done = sqlx::query(
                "INSERT INTO site_links (site_id, page, channel, link_id) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (site_id, page, channel) DO NOTHING",
            )
            .bind(site_id)
            .bind(page)
            .bind(channel)
            .bind(link_id)
            .execute(pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
    }
}
