//! Storage of the read-only links to a campaign's report: found by the digest of their
//! secret, never by the secret itself.

use super::{Db, with_pool};

/// A share link as the campaign's page lists it (never its secret).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ShareListing {
    pub id: i64,
    /// Who it is for, as its maker wrote it; empty when not said.
    pub label: String,
    pub created_by: String,
    pub created_at: i64,
}

/// What a share link's digest opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareLookup {
    /// The campaign with this id.
    Live(i64),
    /// A link that was revoked.
    Revoked,
    /// No link has this digest.
    Unknown,
}

impl Db {
    pub async fn insert_report_share(
        &self,
        campaign_id: i64,
        token_hash: &str,
        created_by: &str,
        label: &str,
        now: i64,
    ) -> sqlx::Result<i64> {
        with_pool!(self, pool => {
            sqlx::query_scalar(
                "INSERT INTO report_shares (campaign_id, token_hash, created_by, created_at, label) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(campaign_id)
            .bind(token_hash)
            .bind(created_by)
            .bind(now)
            .bind(label)
            .fetch_one(pool)
            .await
        })
    }

    /// The campaign's share links not revoked, newest first.
    pub async fn report_shares(&self, campaign_id: i64) -> sqlx::Result<Vec<ShareListing>> {
        with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, label, created_by, created_at FROM report_shares \
                 WHERE campaign_id = $1 AND revoked_at IS NULL ORDER BY id DESC",
            )
            .bind(campaign_id)
            .fetch_all(pool)
            .await
        })
    }

    /// What the share link with this digest opens.
    pub async fn report_share(&self, token_hash: &str) -> sqlx::Result<ShareLookup> {
        let row: Option<(i64, Option<i64>)> = with_pool!(self, pool => {
            sqlx::query_as("SELECT campaign_id, revoked_at FROM report_shares WHERE token_hash = $1")
                .bind(token_hash)
                .fetch_optional(pool)
                .await?
        });
        Ok(match row {
            Some((campaign, None)) => ShareLookup::Live(campaign),
            Some((_, Some(_))) => ShareLookup::Revoked,
            None => ShareLookup::Unknown,
        })
    }

    /// Revokes a share link of the campaign; false when it has no live one with this id.
    pub async fn revoke_report_share(
        &self,
        campaign_id: i64,
        id: i64,
        now: i64,
    ) -> sqlx::Result<bool> {
        with_pool!(self, pool => {
            let done = sqlx::query(
                "UPDATE report_shares SET revoked_at = $3 \
                 WHERE id = $1 AND campaign_id = $2 AND revoked_at IS NULL",
            )
            .bind(id)
            .bind(campaign_id)
            .bind(now)
            .execute(pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
    }
}
