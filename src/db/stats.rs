//! The dashboard's questions as SQL, written once for both backends: each a grouped count
//! over the rollups of the period plus the hits not folded into them yet, so the cost follows
//! the period and the number of links, not the size of the hit log, and the numbers are
//! exact at every moment. All of a report's queries read one snapshot.

use super::rollups::{DAYS, Dim, FOLDED, Folded, HOURS, VISITORS, unfolded};
use super::{Db, with_pool};
use crate::stats::{Filter, Grain};

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

/// What a grouped count is grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// The hour or day (the filter's grain), as Unix ms at its start.
    Bucket,
    Channel,
    Campaign,
    Tag,
    Link,
    Device,
    /// Country, and city as the second key.
    Place,
    /// Platform, and referrer host as the second key ('' when there was no referrer).
    Origin,
    /// Declared channel, and platform as the second key: where a channel's shares were seen.
    ChannelPlatform,
    /// The destination a hit was sent to (its code as text; none for plain links).
    Destination,
    /// Declared channel, and the hour or day (Unix ms at its start) as the second key: each
    /// channel's trend.
    ChannelBucket,
}

impl By {
    fn dim(self) -> Dim {
        match self {
            By::Device => Dim::Device,
            By::Place => Dim::Place,
            By::Origin | By::ChannelPlatform => Dim::Origin,
            By::Destination => Dim::Destination,
            _ => Dim::All,
        }
    }

    /// The group keys over `x` (rollup rows) and `l` (their link).
    fn keys(self) -> (&'static str, &'static str) {
        match self {
            By::Bucket => ("CAST(x.bucket AS TEXT)", "NULL"),
            By::Channel => ("l.channel", "NULL"),
            By::Campaign => ("l.campaign", "NULL"),
            By::Tag => ("t.tag", "NULL"),
            By::Link => (LINK_KEY, "NULL"),
            By::Device | By::Place | By::Origin | By::Destination => ("x.key", "x.key2"),
            By::ChannelPlatform => ("l.channel", "x.key"),
            By::ChannelBucket => ("l.channel", "CAST(x.bucket AS TEXT)"),
        }
    }
}

/// A link `l` as the stats name it ([`crate::links::stats_key`]): its slug, or `host/slug`
/// on a branded domain.
const LINK_KEY: &str = "CASE WHEN l.domain = '' THEN l.slug ELSE l.domain || '/' || l.slug END";

/// The link filters over `l` and `x.link_id`, parameters `$3` to `$6` and `$14` (the link's
/// domain). The campaign `$3` is its folded name ([`crate::campaigns::folded_name`]): a
/// filter names a campaign in any letter case, as campaigns are told apart (every link's
/// campaign has its record).
const LINK_FILTER: &str = "($3 IS NULL OR l.campaign IN \
    (SELECT cf.name FROM campaigns cf WHERE cf.folded_name = $3)) AND ($4 IS NULL OR l.channel = $4) \
    AND ($5 IS NULL OR x.link_id IN (SELECT link_id FROM link_tags WHERE tag = $5)) \
    AND ($6 IS NULL OR (l.slug = $6 AND l.domain = $14))";

/// The hits of the period not folded into rollups: `$1`..`$2` is the period, `$9` the last
/// hit id folded, `$10` the largest integer, `$11` the later of the period's start and where
/// a refold under way has got to, `$12` the last id it takes back.
fn unfolded_hits() -> String {
    unfolded(9, 10, Some((1, 2)), 11, 2, 12)
}

/// Every query names every parameter (SQLite refuses unused ones; PostgreSQL must know their
/// types).
const EVERY_PARAMETER: &str = "CAST($8 AS BIGINT) IS NOT NULL AND CAST($11 AS BIGINT) IS NOT NULL \
    AND CAST($13 AS BIGINT) IS NOT NULL";

/// The SQL bucket of a hit `h` at the filter's grain: `$7` is the grain's code, `$8` the
/// time zone's offset from UTC in ms (the unfolded hits are minutes old, so today's offset
/// is theirs).
fn hit_bucket(grain: Grain) -> &'static str {
    match grain {
        Grain::Hour => "h.at / 3600000 * 3600000",
        Grain::Day => "(h.at + $8) / 86400000 * 86400000 - $8",
    }
}

/// Binds `$1`..`$14` of a report query.
macro_rules! bind_report {
    ($query:expr, $filter:expr, $folded:expr) => {
        $query
            .bind($filter.from)
            .bind($filter.to)
            .bind(
                $filter
                    .campaign
                    .as_deref()
                    .map(crate::campaigns::folded_name),
            )
            .bind($filter.channel.as_deref())
            .bind($filter.tag.as_deref())
            .bind(
                $filter
                    .link
                    .as_deref()
                    .map(|k| crate::links::of_stats_key(k).1),
            )
            .bind(match $filter.grain {
                Grain::Hour => HOURS,
                Grain::Day => DAYS,
            })
            .bind($filter.utc_offset_ms)
            .bind($folded.id)
            .bind(i64::MAX)
            .bind($filter.from.max($folded.refold_at))
            .bind($folded.refold_id)
            .bind($folded.refold_at)
            .bind(
                $filter
                    .link
                    .as_deref()
                    .map_or("", |k| crate::links::of_stats_key(k).0),
            )
    };
}

/// Every query a report makes, asked in one read-only snapshot.
pub struct Snapshot {
    pub groups: Vec<Vec<Group>>,
    pub visitors: i64,
}

impl Db {
    /// For each of `bys`, the hits of the filter's period grouped by it, kind and source; and
    /// the unique visitors (each counted once per link and day).
    pub async fn report_groups(&self, filter: &Filter, bys: &[By]) -> sqlx::Result<Snapshot> {
        let begin = self.snapshot_begin();
        let setup = match self {
            Db::Sqlite(..) => None,
            // A generic plan cannot see how few links or rollup rows a filter leaves, and
            // chose to rescan the rollups once per link; plans for the actual values don't.
            Db::Postgres(_) => Some("SET LOCAL plan_cache_mode = force_custom_plan"),
        };
        let sql: Vec<String> = bys
            .iter()
            .map(|by| grouped_sql(*by, filter.grain))
            .collect();
        let visitors_sql = visitors_sql();
        with_pool!(self, pool => {
            let mut tx = pool.begin_with(begin).await?;
            if let Some(setup) = setup {
                sqlx::query(setup).execute(&mut *tx).await?;
            }
            let folded: Folded = sqlx::query_as(FOLDED).fetch_one(&mut *tx).await?;
            let mut groups = Vec::with_capacity(sql.len());
            for sql in &sql {
                groups.push(
                    bind_report!(sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())), filter, folded)
                        .fetch_all(&mut *tx)
                        .await?,
                );
            }
            let visitors: i64 = bind_report!(sqlx::query_scalar(sqlx::AssertSqlSafe(visitors_sql.as_str())), filter, folded)
                .fetch_one(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(Snapshot { groups, visitors })
        })
    }

    /// Hits of the last minutes (`filter`'s period, no link filters) by minute, kind and
    /// source, straight from the hit log.
    pub async fn hits_per_minute(&self, filter: &Filter) -> sqlx::Result<Vec<Group>> {
        // The reports' link filter; its query's parameters $7 to $13 are of no use here, but
        // every parameter must be named.
        let sql = format!(
            "SELECT CAST(x.at / 60000 AS TEXT) AS key, NULL AS key2, x.kind, x.source, \
             COUNT(*) AS hits FROM hits x JOIN links l ON l.id = x.link_id \
             WHERE x.at >= $1 AND x.at < $2 AND {LINK_FILTER} \
             AND COALESCE(CAST($7 AS BIGINT), CAST($8 AS BIGINT), CAST($9 AS BIGINT), \
             CAST($10 AS BIGINT), CAST($11 AS BIGINT), CAST($12 AS BIGINT), \
             CAST($13 AS BIGINT), 0) IS NOT NULL \
             GROUP BY 1, 2, 3, 4"
        );
        let (domain, slug) = filter.link.as_deref().map_or(("", None), |k| {
            let (domain, slug) = crate::links::of_stats_key(k);
            (domain, Some(slug))
        });
        with_pool!(self, pool => {
            let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(filter.from)
                .bind(filter.to)
                .bind(filter.campaign.as_deref().map(crate::campaigns::folded_name))
                .bind(filter.channel.as_deref())
                .bind(filter.tag.as_deref())
                .bind(slug);
            for _ in 7..=13 {
                query = query.bind(0_i64);
            }
            query.bind(domain).fetch_all(pool).await
        })
    }
}

fn grouped_sql(by: By, grain: Grain) -> String {
    let (key, key2) = by.keys();
    let (raw_key, raw_key2) = by.dim().keys();
    let tags = if by == By::Tag {
        "LEFT JOIN link_tags t ON t.link_id = x.link_id"
    } else {
        ""
    };
    // Summed per link first, so the join with links and the final grouping see a few rows per
    // link instead of one per bucket.
    format!(
        "SELECT {key} AS key, {key2} AS key2, x.kind, NULLIF(x.source, '') AS source, \
         CAST(SUM(x.hits) AS BIGINT) AS hits FROM ( \
           SELECT u.link_id, {bucket_key} AS bucket, u.key, u.key2, u.kind, u.source, SUM(u.hits) AS hits FROM ( \
             SELECT link_id, bucket, key, key2, kind, source, hits FROM rollups \
             WHERE grain = $7 AND dim = {dim} AND bucket >= $1 AND bucket < $2 \
             UNION ALL \
             SELECT h.link_id, {bucket}, {raw_key}, {raw_key2}, h.kind, COALESCE(h.source, ''), 1 \
             FROM {unfolded} h \
           ) u GROUP BY 1, 2, 3, 4, 5, 6 \
         ) x JOIN links l ON l.id = x.link_id {tags} \
         WHERE {LINK_FILTER} AND {EVERY_PARAMETER} \
         GROUP BY 1, 2, 3, 4",
        dim = by.dim().code(),
        bucket = hit_bucket(grain),
        bucket_key = if matches!(by, By::Bucket | By::ChannelBucket) {
            "u.bucket"
        } else {
            "0"
        },
        unfolded = unfolded_hits(),
    )
}

/// A visitor is counted in the hour or day of their first visit: among the hits not folded
/// in yet, those whose first click (of any time) falls in the period and who were not seen
/// before. `$13` is where a refold under way has got to.
fn visitors_sql() -> String {
    format!(
        "SELECT CAST(COALESCE(SUM(x.hits), 0) AS BIGINT) FROM ( \
           SELECT link_id, hits FROM rollups \
           WHERE grain = $7 AND dim = {VISITORS} AND bucket >= $1 AND bucket < $2 \
           UNION ALL \
           SELECT link_id, 1 FROM (SELECT h.link_id, h.visitor, MIN(h.at) AS first_at FROM {unfolded} h \
             WHERE h.kind = 'click' AND h.visitor IS NOT NULL AND NOT EXISTS \
             (SELECT 1 FROM seen_visitors s WHERE s.link_id = h.link_id AND s.visitor = h.visitor) \
             GROUP BY h.link_id, h.visitor) v \
           WHERE v.first_at >= $1 AND v.first_at < $2 \
         ) x JOIN links l ON l.id = x.link_id \
         WHERE {LINK_FILTER} AND {EVERY_PARAMETER}",
        unfolded = unfolded(9, 10, None, 13, 10, 12),
    )
}

/// The values the dashboard's filters offer: campaigns, channels and themes in use.
#[derive(Debug, Default)]
pub struct Choices {
    pub campaigns: Vec<String>,
    pub channels: Vec<String>,
    pub tags: Vec<String>,
}

impl Db {
    pub async fn filter_choices(&self) -> sqlx::Result<Choices> {
        with_pool!(self, pool => {
            let mut lists = Vec::with_capacity(3);
            for sql in [
                "SELECT DISTINCT campaign FROM links WHERE campaign IS NOT NULL ORDER BY 1",
                "SELECT DISTINCT channel FROM links WHERE channel IS NOT NULL ORDER BY 1",
                "SELECT DISTINCT tag FROM link_tags ORDER BY 1",
            ] {
                lists.push(sqlx::query_scalar::<_, String>(sql).fetch_all(pool).await?);
            }
            let tags = lists.pop().unwrap_or_default();
            let channels = lists.pop().unwrap_or_default();
            let campaigns = lists.pop().unwrap_or_default();
            Ok(Choices { campaigns, channels, tags })
        })
    }
}
