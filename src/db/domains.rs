//! Branded domains' storage.

use super::{Db, unless_taken, with_pool};
use crate::domains::Domain;

impl Db {
    /// Every registered domain, by host.
    pub async fn domains(&self) -> sqlx::Result<Vec<Domain>> {
        with_pool!(self, pool => {
            sqlx::query_as("SELECT host, root_url, created_at FROM domains ORDER BY host")
                .fetch_all(pool)
                .await
        })
    }

    pub async fn domain(&self, host: &str) -> sqlx::Result<Option<Domain>> {
        with_pool!(self, pool => {
            sqlx::query_as("SELECT host, root_url, created_at FROM domains WHERE host = $1")
                .bind(host)
                .fetch_optional(pool)
                .await
        })
    }

    /// Registers a domain; false when it is registered already.
    pub async fn insert_domain(&self, domain: &Domain) -> sqlx::Result<bool> {
        let inserted = with_pool!(self, pool => {
            sqlx::query("INSERT INTO domains (host, root_url, created_at) VALUES ($1, $2, $3)")
                .bind(&domain.host)
                .bind(domain.root_url.as_deref())
                .bind(domain.created_at)
                .execute(pool)
                .await
                .map(|_| ())
        });
        Ok(unless_taken(inserted)?.is_some())
    }

    /// Removes a domain; false when there was none.
    pub async fn delete_domain(&self, host: &str) -> sqlx::Result<bool> {
        let deleted = with_pool!(self, pool => {
            sqlx::query("DELETE FROM domains WHERE host = $1")
                .bind(host)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(deleted > 0)
    }

    /// How many links live on the domain `host`.
    pub async fn links_on_domain(&self, host: &str) -> sqlx::Result<i64> {
        with_pool!(self, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM links WHERE domain = $1")
                .bind(host)
                .fetch_one(pool)
                .await
        })
    }
}
