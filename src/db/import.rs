//! The import's storage: the stored links a file's rows may meet, looked up a few hundred at
//! a time, and new links inserted many to a statement.

use std::collections::{BTreeMap, HashMap, HashSet};

use sqlx::FromRow;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;

use super::campaigns::ensure_campaign;
use super::links::{LinkRow, inserted, link_event, tags_json};
use super::webhooks::{queue_event, subscribers};
use super::{Db, with_pool};
use crate::campaigns::NewCampaign;
use crate::links::{Link, NewLink};

/// Values bound to one lookup statement.
const LOOKUP_CHUNK: usize = 500;
/// Tags inserted by one statement (two values each).
const TAG_CHUNK: usize = 1000;
/// Values bound for each imported link ([`insert_links_sql`]).
const COLUMNS: usize = 10;

/// `$first, $first+1, …` for `count` values.
fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A slug's place: its `links.domain` (`""`: the base URL's host) and the slug (or URL).
type Key = (String, String);

impl Db {
    /// The link of each of `keys` (domain, slug) that one has, as a row is compared with it
    /// (its hit count is not read: 0).
    pub async fn links_of_slugs(&self, keys: &[Key]) -> sqlx::Result<HashMap<Key, Link>> {
        let rows: Vec<(String, LinkRow)> = self
            .by_domain(
                "SELECT id, domain, slug, url, campaign, channel, tags, enabled, created_at, options, \
                 password_hash IS NOT NULL AS has_password, CAST(0 AS BIGINT) AS hit_count \
                 FROM links WHERE domain = $1 AND slug IN",
                "",
                keys,
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|(domain, row)| {
                let link = Link::from(row);
                ((domain, link.spec.slug.clone()), link)
            })
            .collect())
    }

    /// A slug of a link on each of `keys`' domain leading to its URL, when one does.
    pub async fn slugs_of_urls(&self, keys: &[Key]) -> sqlx::Result<HashMap<Key, String>> {
        let rows: Vec<(String, (String, String))> = self
            .by_domain(
                "SELECT url, MIN(slug) FROM links WHERE domain = $1 AND url IN",
                " GROUP BY url",
                keys,
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|(domain, (url, slug))| ((domain, url), slug))
            .collect())
    }

    /// The name of each campaign whose [`folded_name`](crate::campaigns::folded_name) is one
    /// of `folded`, by its folded name.
    pub async fn campaigns_spelled(
        &self,
        folded: &[String],
    ) -> sqlx::Result<HashMap<String, String>> {
        let mut found = HashMap::new();
        for chunk in folded.chunks(LOOKUP_CHUNK) {
            // Only placeholders are formatted into the SQL; the names are bound.
            let sql = format!(
                "SELECT folded_name, name FROM campaigns WHERE folded_name IN ({})",
                placeholders(1, chunk.len())
            );
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

    /// The rows of `select (…keys…){group}`, each with its domain (bound to `$1`), a domain
    /// and a chunk of its keys at a time.
    async fn by_domain<R>(
        &self,
        select: &str,
        group: &str,
        keys: &[Key],
    ) -> sqlx::Result<Vec<(String, R)>>
    where
        R: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin,
    {
        let mut grouped: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (domain, key) in keys {
            grouped.entry(domain).or_default().push(key);
        }
        let mut found = Vec::new();
        for (domain, keys) in grouped {
            for chunk in keys.chunks(LOOKUP_CHUNK) {
                // Only placeholders are formatted into the SQL; the keys are bound.
                let sql = format!("{select} ({}){group}", placeholders(2, chunk.len()));
                let rows: Vec<R> = with_pool!(self, pool => {
                    let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(domain);
                    for key in chunk {
                        query = query.bind(*key);
                    }
                    query.fetch_all(pool).await?
                });
                found.extend(rows.into_iter().map(|row| (domain.to_owned(), row)));
            }
        }
        Ok(found)
    }

    /// Inserts `links` (with their creation times) in one transaction, with their tags and
    /// campaigns' records; the (domain, slug) written (a slug taken meanwhile is left out).
    pub async fn insert_imported(
        &self,
        links: &[&(NewLink, Option<i64>)],
        now: i64,
    ) -> sqlx::Result<HashSet<Key>> {
        if links.is_empty() {
            return Ok(HashSet::new());
        }
        let sql = insert_links_sql(links.len());
        let _turn = self.write_turn().await;
        Ok(with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let mut insert = sqlx::query_as(sqlx::AssertSqlSafe(sql));
            for (link, created_at) in links {
                insert = insert
                    .bind(&link.spec.domain)
                    .bind(&link.spec.slug)
                    .bind(&link.spec.url)
                    .bind(link.spec.campaign.as_deref())
                    .bind(link.spec.channel.as_deref())
                    .bind(tags_json(&link.spec.tags))
                    .bind(link.enabled)
                    .bind(created_at.unwrap_or(now))
                    .bind(now)
                    .bind(link.spec.options.to_json());
            }
            let written: Vec<(i64, String, String)> = insert.fetch_all(&mut *tx).await?;
            let ids: HashMap<(&str, &str), i64> = written
                .iter()
                .map(|(id, domain, slug)| ((domain.as_str(), slug.as_str()), *id))
                .collect();
            let id_of = |link: &NewLink| ids.get(&(link.spec.domain.as_str(), link.spec.slug.as_str())).copied();
            let tags: Vec<(i64, &str)> = links
                .iter()
                .filter_map(|(link, _)| id_of(link).map(|id| (id, &link.spec.tags)))
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
            // Each campaign's record, and its name as the record spells it, by the name the
            // links carry (the check spelled them as the campaigns stored then).
            let mut campaigns: HashMap<&str, String> = HashMap::new();
            for (link, _) in links {
                if let Some(name) = &link.spec.campaign
                    && id_of(link).is_some()
                    && !campaigns.contains_key(name.as_str())
                {
                    let stored = ensure_campaign!(tx, &NewCampaign::from_link(name, &link.spec.url, link.spec.channel.as_deref(), &link.spec.tags), now);
                    if stored != *name {
                        // Made in other letter case since the check: no campaign can be
                        // spelled `name` now, so every link spelling it joins that one.
                        sqlx::query("UPDATE links SET campaign = $1 WHERE campaign = $2")
                            .bind(&stored)
                            .bind(name)
                            .execute(&mut *tx)
                            .await?;
                    }
                    campaigns.insert(name, stored);
                }
            }
            let webhooks = subscribers!(tx, "link.created");
            if !webhooks.is_empty() {
                for (link, created_at) in links {
                    if let Some(id) = id_of(link) {
                        let mut made = inserted(link, id, now);
                        made.created_at = created_at.unwrap_or(now);
                        if let Some(name) = &mut made.spec.campaign {
                            name.clone_from(&campaigns[name.as_str()]);
                        }
                        queue_event!(tx, &webhooks, &link_event("link.created", &made));
                    }
                }
            }
            tx.commit().await?;
            written.into_iter().map(|(_, domain, slug)| (domain, slug)).collect()
        }))
    }
}

/// The `INSERT INTO links` of `count` imported rows, [`COLUMNS`] placeholders each, that
/// returns what it wrote and leaves out a slug taken meanwhile. No imported link has a
/// password: no file carries one.
fn insert_links_sql(count: usize) -> String {
    let rows: Vec<String> = (0..count)
        .map(|i| format!("({})", placeholders(i * COLUMNS + 1, COLUMNS)))
        .collect();
    format!(
        "INSERT INTO links (domain, slug, url, campaign, channel, tags, enabled, created_at, updated_at, options) \
         VALUES {} ON CONFLICT DO NOTHING RETURNING id, domain, slug",
        rows.join(", ")
    )
}
