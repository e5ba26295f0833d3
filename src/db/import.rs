//! The import's storage: the stored links a file's rows may meet, looked up a few hundred at
//! a time, and new links inserted many to a statement.

use std::collections::{HashMap, HashSet};

use super::campaigns::ensure_campaign;
use super::links::tags_json;
use super::{Db, with_pool};
use crate::campaigns::NewCampaign;
use crate::links::NewLink;

/// Values bound to one lookup statement.
const LOOKUP_CHUNK: usize = 500;
/// Tags inserted by one statement (two values each).
const TAG_CHUNK: usize = 1000;

/// `$first, $first+1, …` for `count` values.
fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Db {
    /// The destination of each of `slugs` that a link on the base URL's host has (an import
    /// writes there).
    pub async fn urls_of_slugs(&self, slugs: &[String]) -> sqlx::Result<HashMap<String, String>> {
        self.pairs(
            "SELECT slug, url FROM links WHERE domain = '' AND slug IN",
            slugs,
        )
        .await
    }

    /// A slug of a link on the base URL's host leading to each of `urls` that one leads to.
    pub async fn slugs_of_urls(&self, urls: &[String]) -> sqlx::Result<HashMap<String, String>> {
        self.pairs(
            "SELECT url, MIN(slug) FROM links WHERE domain = '' AND url IN",
            urls,
        )
        .await
    }

    /// `(key, value)` rows of `select (…keys…)`, a chunk of keys at a time.
    async fn pairs(&self, select: &str, keys: &[String]) -> sqlx::Result<HashMap<String, String>> {
        let mut found = HashMap::new();
        for chunk in keys.chunks(LOOKUP_CHUNK) {
            let group = if select.contains("MIN(") {
                " GROUP BY url"
            } else {
                ""
            };
            // Only placeholders are formatted into the SQL; the keys are bound.
            let sql = format!("{select} ({}){group}", placeholders(1, chunk.len()));
            let rows: Vec<(String, String)> = with_pool!(self, pool => {
                let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
                for key in chunk {
                    query = query.bind(key);
                }
                query.fetch_all(pool).await?
            });
            found.extend(rows);
        }
        Ok(found)
    }

    /// Inserts `links` (with their creation times) in one transaction, with their tags and
    /// campaigns' records; the slugs written (a slug taken meanwhile is left out).
    pub async fn insert_imported(
        &self,
        links: &[&(NewLink, Option<i64>)],
        now: i64,
    ) -> sqlx::Result<HashSet<String>> {
        if links.is_empty() {
            return Ok(HashSet::new());
        }
        let rows: Vec<String> = (0..links.len())
            .map(|i| {
                let n = i * 7;
                format!(
                    "(${}, ${}, ${}, ${}, ${}, TRUE, ${}, ${})",
                    n + 1,
                    n + 2,
                    n + 3,
                    n + 4,
                    n + 5,
                    n + 6,
                    n + 7
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO links (slug, url, campaign, channel, tags, enabled, created_at, updated_at) \
             VALUES {} ON CONFLICT DO NOTHING RETURNING id, slug",
            rows.join(", ")
        );
        let _turn = self.write_turn().await;
        Ok(with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let mut insert = sqlx::query_as(sqlx::AssertSqlSafe(sql));
            for (link, created_at) in links {
                insert = insert
                    .bind(&link.slug)
                    .bind(&link.url)
                    .bind(link.campaign.as_deref())
                    .bind(link.channel.as_deref())
                    .bind(tags_json(&link.tags))
                    .bind(created_at.unwrap_or(now))
                    .bind(now);
            }
            let written: Vec<(i64, String)> = insert.fetch_all(&mut *tx).await?;
            let ids: HashMap<&str, i64> = written.iter().map(|(id, slug)| (slug.as_str(), *id)).collect();
            let tags: Vec<(i64, &str)> = links
                .iter()
                .filter_map(|(link, _)| ids.get(link.slug.as_str()).map(|id| (*id, &link.tags)))
                .flat_map(|(id, tags)| tags.iter().map(move |t| (id, t.as_str())))
                .collect();
            for chunk in tags.chunks(TAG_CHUNK) {
                let values: Vec<String> = (0..chunk.len())
                    .map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2))
                    .collect();
                let sql = format!("INSERT INTO link_tags (link_id, tag) VALUES {}", values.join(", "));
                let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
                for (id, tag) in chunk {
                    query = query.bind(*id).bind(*tag);
                }
                query.execute(&mut *tx).await?;
            }
            let mut campaigns = HashSet::new();
            for (link, _) in links {
                if let Some(name) = &link.campaign
                    && ids.contains_key(link.slug.as_str())
                    && campaigns.insert(name)
                {
                    ensure_campaign!(&mut *tx, &NewCampaign::from_link(name, &link.url, &link.tags), now);
                }
            }
            tx.commit().await?;
            written.into_iter().map(|(_, slug)| slug).collect()
        }))
    }
}
