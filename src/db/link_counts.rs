//! What the lists show of each link besides its row, asked once per page: its clicks (people,
//! as the dashboard counts them: previews and bots left out, all time), how much of its
//! click limit is used, how many came after its end, and the site whose share button made it; the clicks of a page of
//! campaigns; and one link's visits without tracking.

use std::collections::HashMap;

use sqlx::postgres::{PgHasArrayType, PgRow};
use sqlx::sqlite::SqliteRow;
use sqlx::{FromRow, Postgres};

use super::rollups::{DAYS, Dim};
use super::{Db, with_pool};
use crate::links::options::Destination;

/// One link's figures on a list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct LinkCounts {
    /// People who followed it, ever.
    pub clicks: i64,
    /// People its click limit has let through, on every instance (0 without a limit).
    pub limit_used: i64,
    /// Of its clicks, those of people who came after its end (its date or its click limit)
    /// and were sent to its `expired_url`: they followed the link, so they are clicks, but
    /// none counts toward the limit.
    pub after_end: i64,
}

/// The site whose share button made a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ButtonSite {
    pub id: i64,
    pub name: String,
}

/// The clicks of the links `link_id {links}`, as a table to join on `link_id` (`clicks`):
/// those folded into their day rollups (kept for good), which `link_stats.clicks` adds up as
/// the fold goes (src/db/fold.rs), plus those not folded in yet ([`unfolded_clicks`]).
fn clicks_of(links: &str) -> String {
    format!(
        "(SELECT link_id, SUM(n) AS clicks FROM ( \
           SELECT link_id, clicks AS n FROM link_stats WHERE link_id {links} \
           UNION ALL SELECT link_id, n FROM {} u \
         ) c GROUP BY link_id)",
        unfolded_clicks(&format!("+link_id {links} AND"))
    )
}

/// The clicks of the links `link_id {links}` sent to their `expired_url`, as a table to join on
/// `link_id` (`n`): those of the day rollups by destination plus those not folded in yet, as
/// [`clicks_of`] counts every click.
fn clicks_after_end_of(links: &str) -> String {
    let expired = Destination::Expired.code();
    format!(
        "(SELECT link_id, SUM(n) AS n FROM ( \
           SELECT link_id, hits AS n FROM rollups WHERE link_id {links} AND grain = {DAYS} \
           AND dim = {dim} AND kind = 'click' AND key = '{expired}' \
           UNION ALL SELECT link_id, n FROM {} u \
         ) e GROUP BY link_id)",
        unfolded_clicks(&format!("+link_id {links} AND destination = {expired} AND")),
        dim = Dim::Destination.code(),
    )
}

/// The clicks not folded in yet of the links `filter` keeps (`+link_id IN (…) AND`, or `""`
/// for every link), as a table to join on `link_id` (`n`): found as the reports find them
/// (src/db/rollups.rs), those past the last folded id and those a refold under way took back.
/// `+link_id` keeps SQLite on the id and time indexes: a link's own index would walk every
/// hit of a busy link.
pub(super) fn unfolded_clicks(filter: &str) -> String {
    format!(
        "(SELECT link_id, COUNT(*) AS n FROM ( \
           SELECT link_id FROM hits WHERE {filter} kind = 'click' \
           AND id > (SELECT rolled_id FROM rollup_state WHERE id = 1) \
           UNION ALL \
           SELECT link_id FROM hits WHERE {filter} kind = 'click' \
           AND at >= (SELECT refold_at FROM rollup_state WHERE id = 1) \
           AND id <= (SELECT refold_id FROM rollup_state WHERE id = 1) \
         ) h GROUP BY link_id)"
    )
}

impl Db {
    /// `IN` the list bound as `$1`: a JSON array on SQLite, an array on PostgreSQL.
    fn in_bound_list(&self) -> &'static str {
        match self {
            Db::Sqlite(..) => "IN (SELECT value FROM json_each($1))",
            Db::Postgres(_) => "= ANY($1)",
        }
    }

    /// The rows of `sql`, whose `$1` is [`Db::in_bound_list`], with `list` bound as each
    /// backend reads it there.
    async fn fetch_with_list<T, R>(&self, sql: String, list: &[T]) -> sqlx::Result<Vec<R>>
    where
        T: serde::Serialize
            + sqlx::Type<Postgres>
            + for<'q> sqlx::Encode<'q, Postgres>
            + PgHasArrayType
            + Sync,
        R: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin,
    {
        match self {
            Db::Sqlite(pool, _) => {
                let list = serde_json::to_string(list).expect("a list of plain values serializes");
                sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(list)
                    .fetch_all(pool)
                    .await
            }
            Db::Postgres(pool) => {
                sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(list)
                    .fetch_all(pool)
                    .await
            }
        }
    }

    /// The figures of the links `ids` (a page of a list), in one query; a link that no
    /// longer exists is left out.
    pub async fn link_counts(&self, ids: &[i64]) -> sqlx::Result<HashMap<i64, LinkCounts>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let ids_in = self.in_bound_list();
        let sql = format!(
            "SELECT l.id, CAST(COALESCE(k.clicks, 0) AS BIGINT) AS clicks, \
             CAST(COALESCE(u.used, 0) AS BIGINT) AS limit_used, \
             CAST(COALESCE(e.n, 0) AS BIGINT) AS after_end FROM links l \
             LEFT JOIN link_clicks u ON u.link_id = l.id \
             LEFT JOIN {} k ON k.link_id = l.id LEFT JOIN {} e ON e.link_id = l.id \
             WHERE l.id {ids_in}",
            clicks_of(ids_in),
            clicks_after_end_of(ids_in),
        );
        let rows: Vec<(i64, i64, i64, i64)> = self.fetch_with_list(sql, ids).await?;
        Ok(rows
            .into_iter()
            .map(|(id, clicks, limit_used, after_end)| {
                let counts = LinkCounts {
                    clicks,
                    limit_used,
                    after_end,
                };
                (id, counts)
            })
            .collect())
    }

    /// The requests of people who asked not to be tracked (`DNT: 1`, `Sec-GPC: 1`) that the
    /// link `id` answered, ever: counted when written, and nothing else kept of them.
    pub async fn untracked_visits(&self, id: i64) -> sqlx::Result<i64> {
        let sql = "SELECT CAST(COALESCE(SUM(private_hits), 0) AS BIGINT) FROM link_stats \
            WHERE link_id = $1";
        with_pool!(self, pool => sqlx::query_scalar(sql).bind(id).fetch_one(pool).await)
    }

    /// The site whose share buttons made each of the links `ids` that such a button made:
    /// those links belong to no campaign, and the list names their site instead.
    pub async fn share_button_sites(&self, ids: &[i64]) -> sqlx::Result<HashMap<i64, ButtonSite>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let sql = format!(
            "SELECT sl.link_id, s.id, s.name FROM site_links sl JOIN sites s ON s.id = sl.site_id \
             WHERE sl.link_id {}",
            self.in_bound_list()
        );
        let rows: Vec<(i64, i64, String)> = self.fetch_with_list(sql, ids).await?;
        Ok(rows
            .into_iter()
            .map(|(link, id, name)| (link, ButtonSite { id, name }))
            .collect())
    }

    /// The clicks of the links of each campaign `names` (a page of campaigns), in one query;
    /// a campaign without any is left out.
    pub async fn campaign_clicks(&self, names: &[String]) -> sqlx::Result<HashMap<String, i64>> {
        if names.is_empty() {
            return Ok(HashMap::new());
        }
        let names_in = self.in_bound_list();
        let links = format!("IN (SELECT id FROM links WHERE campaign {names_in})");
        let sql = format!(
            "SELECT l.campaign, CAST(SUM(k.clicks) AS BIGINT) FROM links l \
             JOIN {} k ON k.link_id = l.id GROUP BY l.campaign",
            clicks_of(&links)
        );
        let rows: Vec<(String, i64)> = self.fetch_with_list(sql, names).await?;
        Ok(rows.into_iter().collect())
    }
}
