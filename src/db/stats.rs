//! The dashboard's questions as SQL over the hit log, one grouped query each, written once
//! for both backends. Every query is bounded by the period through the index on time.

use super::{Db, with_pool};
use crate::stats::Filter;

/// One group of a grouped count: up to two group keys, the hit kind and click source, and
/// how many hits.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Group {
    pub key: Option<String>,
    pub key2: Option<String>,
    pub kind: String,
    pub source: Option<String>,
    pub hits: i64,
}

/// What a grouped count is grouped by: SQL expressions over `h` (hits) and `l` (links).
#[derive(Debug, Clone, Copy)]
pub enum By {
    Nothing,
    /// Day of the hit in the filter's time zone offset.
    Day,
    Minute,
    Channel,
    Campaign,
    Tag,
    Device,
    Country,
    City,
    Platform,
    ReferrerHost,
    Link,
}

impl By {
    fn columns(self) -> (&'static str, &'static str) {
        match self {
            By::Nothing => ("NULL", "NULL"),
            By::Day => ("CAST((h.at + $7) / 86400000 AS TEXT)", "NULL"),
            By::Minute => ("CAST(h.at / 60000 AS TEXT)", "NULL"),
            By::Channel => ("l.channel", "NULL"),
            By::Campaign => ("l.campaign", "NULL"),
            By::Tag => ("t.tag", "NULL"),
            By::Device => ("h.device", "NULL"),
            By::Country => ("h.country", "NULL"),
            By::City => ("h.country", "h.city"),
            By::Platform => ("h.platform", "NULL"),
            By::ReferrerHost => ("h.referrer_host", "NULL"),
            By::Link => ("l.slug", "NULL"),
        }
    }
}

/// The filter's conditions over `h` (hits) and `l` (links), parameters `$1` to `$6`.
const FILTER: &str = "WHERE h.at >= $1 AND h.at < $2 \
    AND ($3 IS NULL OR l.campaign = $3) AND ($4 IS NULL OR l.channel = $4) \
    AND ($5 IS NULL OR h.link_id IN (SELECT link_id FROM link_tags WHERE tag = $5)) \
    AND ($6 IS NULL OR l.slug = $6)";

impl Db {
    /// Hits in the filter's period, grouped by `by`, kind and source.
    pub async fn grouped_hits(&self, filter: &Filter, by: By) -> sqlx::Result<Vec<Group>> {
        let (key, key2) = by.columns();
        let tags_join = if matches!(by, By::Tag) {
            "JOIN link_tags t ON t.link_id = h.link_id"
        } else {
            ""
        };
        let sql = format!(
            "SELECT {key} AS key, {key2} AS key2, h.kind, h.source, COUNT(*) AS hits \
             FROM hits h JOIN links l ON l.id = h.link_id {tags_join} \
             {FILTER} AND CAST($7 AS BIGINT) IS NOT NULL \
             GROUP BY 1, 2, 3, 4"
        );
        with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(filter.from)
                .bind(filter.to)
                .bind(filter.campaign.as_deref())
                .bind(filter.channel.as_deref())
                .bind(filter.tag.as_deref())
                .bind(filter.link.as_deref())
                .bind(filter.utc_offset_ms)
                .fetch_all(pool)
                .await
        })
    }

    /// Distinct visitors among the clicks of the period (visitor hashes rotate daily, so a
    /// person counts once per day they came).
    pub async fn unique_visitors(&self, filter: &Filter) -> sqlx::Result<i64> {
        self.count(filter, "COUNT(DISTINCT h.visitor)", "h.kind = 'click'")
            .await
    }

    /// Clicks of the period that arrived with no referrer at all (the classic dark social).
    pub async fn clicks_without_referrer(&self, filter: &Filter) -> sqlx::Result<i64> {
        self.count(
            filter,
            "COUNT(*)",
            "h.kind = 'click' AND h.referrer IS NULL",
        )
        .await
    }

    async fn count(&self, filter: &Filter, what: &str, condition: &str) -> sqlx::Result<i64> {
        let sql = format!(
            "SELECT {what} FROM hits h JOIN links l ON l.id = h.link_id {FILTER} AND {condition}"
        );
        with_pool!(self, pool => {
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                .bind(filter.from)
                .bind(filter.to)
                .bind(filter.campaign.as_deref())
                .bind(filter.channel.as_deref())
                .bind(filter.tag.as_deref())
                .bind(filter.link.as_deref())
                .fetch_one(pool)
                .await
        })
    }
}
