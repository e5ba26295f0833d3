//! Storage of the read-only links to a campaign's report: found by the digest of their
//! secret, never by the secret itself.

use super::{Db, with_pool};

/// What the maker of a share link chose for it.
#[derive(Debug, Clone, Default)]
pub struct NewShare<'a> {
    /// Who it is for; empty when not said.
    pub label: &'a str,
    /// Whether the report shows the label as who it is for.
    pub label_on_report: bool,
    /// The language tag the report is written in (`fr`).
    pub language: &'a str,
    /// When it stops opening the report (Unix ms), if ever.
    pub expires_at: Option<i64>,
    /// The period the report opens on (`30d`, `all`, `2026-12-01..2026-12-07`); empty for
    /// the reader's choice.
    pub period: &'a str,
}

/// A share link as the campaign's page lists it (never its secret).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ShareListing {
    pub id: i64,
    /// Who it is for, as its maker wrote it; empty when not said.
    pub label: String,
    pub label_on_report: bool,
    /// The report's language tag; empty for links that follow the reader's browser.
    pub language: String,
    pub expires_at: Option<i64>,
    pub created_by: String,
    pub created_at: i64,
    /// The period its report opens on; empty when the reader chooses.
    pub period: String,
}

/// A share link as its secret's digest finds it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ShareRow {
    pub campaign_id: i64,
    pub revoked_at: Option<i64>,
    pub expires_at: Option<i64>,
    pub language: String,
    pub label: String,
    pub label_on_report: bool,
    pub period: String,
}

impl Db {
    pub async fn insert_report_share(
        &self,
        campaign_id: i64,
        token_hash: &str,
        created_by: &str,
        share: &NewShare<'_>,
        now: i64,
    ) -> sqlx::Result<i64> {
        with_pool!(self, pool => {
            sqlx::query_scalar(
                "INSERT INTO report_shares (campaign_id, token_hash, created_by, created_at, label, \
                 label_on_report, language, expires_at, period) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(campaign_id)
            .bind(token_hash)
            .bind(created_by)
            .bind(now)
            .bind(share.label)
            .bind(share.label_on_report)
            .bind(share.language)
            .bind(share.expires_at)
            .bind(share.period)
            .fetch_one(pool)
            .await
        })
    }

    /// The campaign's share links not revoked (expired ones too), newest first.
    pub async fn report_shares(&self, campaign_id: i64) -> sqlx::Result<Vec<ShareListing>> {
        with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, label, label_on_report, language, expires_at, created_by, created_at, \
                 period FROM report_shares WHERE campaign_id = $1 AND revoked_at IS NULL ORDER BY id DESC",
            )
            .bind(campaign_id)
            .fetch_all(pool)
            .await
        })
    }

    /// The share link with this digest, if there is one.
    pub async fn report_share(&self, token_hash: &str) -> sqlx::Result<Option<ShareRow>> {
        with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT campaign_id, revoked_at, expires_at, language, label, label_on_report, \
                 period FROM report_shares WHERE token_hash = $1",
            )
            .bind(token_hash)
            .fetch_optional(pool)
            .await
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
