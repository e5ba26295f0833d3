//! Campaign storage: the records, their links counted, and the rule that every campaign a
//! link names has a record.

use sqlx::Row;

use super::rollups::UNCOUNTED_HITS;
use super::{Db, with_pool};
use crate::campaigns::{Campaign, CampaignSummary, NewCampaign};

/// The insert of a campaign; `$new` binds its fields, `$now` its creation time.
macro_rules! insert_campaign {
    ($sql_tail:literal, $new:expr, $now:expr) => {{
        let new: &$crate::campaigns::NewCampaign = $new;
        sqlx::query(concat!(
            "INSERT INTO campaigns (name, url, tags, utm, utm_campaign, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
            $sql_tail
        ))
        .bind(&new.name)
        .bind(&new.url)
        .bind($crate::db::links::tags_json(&new.tags))
        .bind(new.utm)
        .bind(&new.utm_campaign)
        .bind($now)
    }};
}

/// Creates the record of a campaign named by a link, unless it exists: used inside the
/// transaction that stores the link, so a link never names a campaign without a record.
macro_rules! ensure_campaign {
    ($executor:expr, $new:expr, $now:expr) => {
        $crate::db::campaigns::insert_campaign!(" ON CONFLICT (name) DO NOTHING", $new, $now)
            .execute($executor)
            .await?
    };
}
pub(crate) use {ensure_campaign, insert_campaign};

const CAMPAIGN_COLUMNS: &str = "c.id, c.name, c.url, c.tags, c.utm, c.utm_campaign, c.created_at";

#[derive(sqlx::FromRow)]
struct CampaignRow {
    id: i64,
    name: String,
    url: String,
    tags: String,
    utm: bool,
    utm_campaign: String,
    created_at: i64,
}

impl From<CampaignRow> for Campaign {
    fn from(row: CampaignRow) -> Campaign {
        Campaign {
            id: row.id,
            name: row.name,
            url: row.url,
            tags: serde_json::from_str(&row.tags).unwrap_or_default(),
            utm: row.utm,
            utm_campaign: row.utm_campaign,
            created_at: row.created_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    #[sqlx(flatten)]
    campaign: CampaignRow,
    links: i64,
    hits: i64,
}

impl Db {
    /// Stores a new campaign; a taken name comes back as a unique violation.
    pub async fn insert_campaign(&self, new: &NewCampaign, now: i64) -> sqlx::Result<Campaign> {
        let id: i64 = with_pool!(self, pool => {
            insert_campaign!(" RETURNING id", new, now)
                .fetch_one(pool)
                .await?
                .try_get(0)?
        });
        Ok(Campaign {
            id,
            name: new.name.clone(),
            url: new.url.clone(),
            tags: new.tags.clone(),
            utm: new.utm,
            utm_campaign: new.utm_campaign.clone(),
            created_at: now,
        })
    }

    pub async fn campaign(&self, id: i64) -> sqlx::Result<Option<Campaign>> {
        let sql = format!("SELECT {CAMPAIGN_COLUMNS} FROM campaigns c WHERE c.id = $1");
        let row: Option<CampaignRow> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(pool).await?
        });
        Ok(row.map(Campaign::from))
    }

    /// The campaign called `name`, or else one whose name differs only in letter case.
    pub async fn campaign_named(&self, name: &str) -> sqlx::Result<Option<Campaign>> {
        let sql = format!(
            "SELECT {CAMPAIGN_COLUMNS} FROM campaigns c WHERE LOWER(c.name) = LOWER($1) \
             ORDER BY c.name = $1 DESC, c.id LIMIT 1"
        );
        let row: Option<CampaignRow> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(name).fetch_optional(pool).await?
        });
        Ok(row.map(Campaign::from))
    }

    /// Every campaign, newest first, with its number of links and their hits.
    pub async fn campaigns(&self) -> sqlx::Result<Vec<CampaignSummary>> {
        let sql = format!(
            "SELECT {CAMPAIGN_COLUMNS}, COUNT(l.id) AS links, \
             CAST(COALESCE(SUM(s.hits), 0) + COALESCE(SUM(u.n), 0) AS BIGINT) AS hits \
             FROM campaigns c LEFT JOIN links l ON l.campaign = c.name \
             LEFT JOIN link_stats s ON s.link_id = l.id \
             LEFT JOIN {UNCOUNTED_HITS} u ON u.link_id = l.id \
             GROUP BY c.id ORDER BY c.created_at DESC, c.id DESC"
        );
        let rows: Vec<SummaryRow> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .map(|r| CampaignSummary {
                campaign: r.campaign.into(),
                links: r.links,
                hits: r.hits,
            })
            .collect())
    }

    /// Changes what new links of the campaign get (its name stays); false when there is no
    /// such campaign.
    pub async fn update_campaign(&self, id: i64, settings: &NewCampaign) -> sqlx::Result<bool> {
        with_pool!(self, pool => {
            let done = sqlx::query(
                "UPDATE campaigns SET url = $2, tags = $3, utm = $4, utm_campaign = $5 WHERE id = $1",
            )
            .bind(id)
            .bind(&settings.url)
            .bind(super::links::tags_json(&settings.tags))
            .bind(settings.utm)
            .bind(&settings.utm_campaign)
            .execute(pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
    }
}
