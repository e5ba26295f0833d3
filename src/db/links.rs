//! Link storage: create, look up, list with filters, update, delete.

use std::collections::HashMap;

use super::campaigns::ensure_campaign;
use super::webhooks::{queue_event, subscribers};
use super::{Db, with_pool};
use crate::campaigns::{NewCampaign, folded_name};
use crate::links::channels;
use crate::links::options::LinkOptions;
use crate::links::{Ids, Link, LinkFilter, LinkPatch, LinkSort, LinkSpec, NewLink};
use crate::webhooks::Event;

/// The `updated_at` of a link edited at `$now` (a parameter, as `"$9"`): `$now`, or 1 ms past
/// the last edit if the clock has not moved since (two edits in one millisecond, on two
/// instances). Every edit moves it forward, so a slug cache that compares it with the value
/// it read sees every edit (src/links/sync.rs `forget_changed`).
macro_rules! next_updated_at {
    ($now:literal) => {
        concat!(
            "CASE WHEN updated_at >= ",
            $now,
            " THEN updated_at + 1 ELSE ",
            $now,
            " END"
        )
    };
}
pub(super) use next_updated_at;

/// Queues the event `$kind` for each link `WHERE $where` (over `l.`, `$1` bound to `$bind`)
/// as the transaction `$tx` reads it, after `$edit` (a change the caller makes next), when a
/// subscription takes it: what a change of many links at once (a campaign renamed or
/// deleted) owes the subscriptions, in the change's transaction.
macro_rules! queue_link_events {
    ($tx:expr, $kind:literal, $where:literal, $bind:expr, $edit:expr) => {{
        let webhooks = $crate::db::webhooks::subscribers!($tx, $kind);
        if !webhooks.is_empty() {
            let sql = format!("{} WHERE {}", *$crate::db::links::LINK_COLUMNS, $where);
            let rows: Vec<$crate::db::links::LinkRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind($bind)
                .fetch_all(&mut *$tx)
                .await?;
            for row in rows {
                let mut link = $crate::links::Link::from(row);
                let edit: fn(&mut $crate::links::Link) = $edit;
                edit(&mut link);
                let event = $crate::db::links::link_event($kind, &link);
                $crate::db::webhooks::queue_event!($tx, &webhooks, &event);
            }
        }
    }};
}
pub(super) use queue_link_events;

/// The columns of a link as the API shows it, with its hit counter.
/// The total is the folded count plus the hits written since (src/db/rollups.rs).
pub(super) static LINK_COLUMNS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "SELECT l.id, l.domain, l.slug, l.url, l.campaign, l.channel, l.tags, l.enabled, l.created_at, \
         l.options, l.password_hash IS NOT NULL AS has_password, COALESCE(s.hits, 0) + COALESCE(u.n, 0) AS hit_count FROM links l \
         LEFT JOIN link_stats s ON s.link_id = l.id LEFT JOIN {} u ON u.link_id = l.id ",
        super::rollups::UNCOUNTED_HITS
    )
});

/// The tables besides the hit log that hold what is stored about a link (its tags go with
/// its row).
const LINK_TABLES: [&str; 5] = [
    "link_stats",
    "rollups",
    "seen_visitors",
    "link_clicks",
    "link_expiries",
];

impl Db {
    /// The statements that delete what is stored about the links `link_id {links}` (e.g.
    /// `= $1`) besides their rows: what deleting a link deletes.
    pub(super) fn link_data_deletes(&self, links: &str) -> Vec<String> {
        let hits = match self {
            Db::Sqlite(..) => &super::sqlite::HITS_OF_LINKS_DELETES,
            Db::Postgres(_) => &super::postgres::HITS_OF_LINKS_DELETES,
        };
        hits.iter()
            .map(|sql| sql.replace("{links}", links))
            .chain(
                LINK_TABLES
                    .iter()
                    .map(|table| format!("DELETE FROM {table} WHERE link_id {links}")),
            )
            .collect()
    }

    /// Run before a transaction reads or deletes links' data. On PostgreSQL it waits for a fold
    /// under way, so that no fold adds rows for the links after they are gone; for at most
    /// 10 s ([`super::postgres::BEFORE_DELETING_LINK_DATA`]), then the deletion fails as the
    /// database being busy (503), rather than hold a connection through a long refold.
    pub(super) fn before_deleting_link_data(&self) -> &'static [&'static str] {
        match self {
            Db::Sqlite(..) => &[], // one writer at a time: a fold cannot run meanwhile
            Db::Postgres(_) => &super::postgres::BEFORE_DELETING_LINK_DATA,
        }
    }

    /// Run last in a transaction that deletes links' data: on SQLite the ids of deleted
    /// hits may be handed out again ([`super::sqlite::AFTER_DELETING_HITS`]).
    pub(super) fn after_deleting_link_data(&self) -> &'static [&'static str] {
        match self {
            Db::Sqlite(..) => &super::sqlite::AFTER_DELETING_HITS,
            Db::Postgres(_) => &[],
        }
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct LinkRow {
    id: i64,
    domain: String,
    slug: String,
    url: String,
    campaign: Option<String>,
    channel: Option<String>,
    tags: String,
    enabled: bool,
    created_at: i64,
    hit_count: i64,
    options: Option<String>,
    has_password: bool,
}

impl From<LinkRow> for Link {
    fn from(row: LinkRow) -> Link {
        Link {
            id: row.id,
            spec: LinkSpec {
                domain: row.domain,
                slug: row.slug,
                url: row.url,
                campaign: row.campaign,
                channel: row.channel,
                tags: serde_json::from_str(&row.tags).unwrap_or_default(),
                options: LinkOptions::from_json(row.options.as_deref()),
            },
            enabled: row.enabled,
            created_at: row.created_at,
            hit_count: row.hit_count,
            has_password: row.has_password,
        }
    }
}

/// What the redirect needs to answer.
#[derive(Debug, sqlx::FromRow)]
pub struct Target {
    pub id: i64,
    pub url: String,
    pub enabled: bool,
    /// JSON, `None` for a plain link.
    pub options: Option<String>,
    pub password_hash: Option<String>,
    /// People the link's click limit has let through, on every instance.
    pub clicks_used: Option<i64>,
    /// When the link last changed (Unix ms): what the slug cache checks its copy against.
    pub updated_at: i64,
}

/// A redirect's [`Target`] with where it answers: what warming the slug cache reads.
#[derive(Debug, sqlx::FromRow)]
pub struct PlacedTarget {
    /// The branded domain it is on; `""` for the base URL's host.
    pub domain: String,
    pub slug: String,
    #[sqlx(flatten)]
    pub target: Target,
}

/// The link `new` once inserted with the id `id` at `now`.
pub(super) fn inserted(new: &NewLink, id: i64, now: i64) -> Link {
    Link {
        id,
        spec: new.spec.clone(),
        enabled: new.enabled,
        created_at: now,
        hit_count: 0,
        has_password: new.password_hash.is_some(),
    }
}

/// A link's event: the link as the API shows it, its options with it.
pub(super) fn link_event(kind: &'static str, link: &Link) -> Event {
    let mut shown = serde_json::to_value(link).expect("a link serializes");
    shown["options"] = serde_json::to_value(&link.spec.options).expect("options serialize");
    shown["password_protected"] = link.has_password.into();
    Event::new(kind, serde_json::json!({ "link": shown }))
}

pub(crate) fn tags_json(tags: &[String]) -> String {
    serde_json::to_string(tags).expect("a list of strings always serializes")
}

impl Db {
    /// Inserts a link; `None` when its slug is taken on its domain.
    pub async fn insert_link(&self, new: &NewLink, now: i64) -> sqlx::Result<Option<Link>> {
        super::unless_taken(self.write_link(new, now).await)
    }

    /// The link's campaign's record, its row and its tags, in one transaction: the link, with
    /// its campaign as the record spells it.
    async fn write_link(&self, new: &NewLink, now: i64) -> sqlx::Result<Link> {
        Ok(with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let campaign = match &new.spec.campaign {
                Some(name) => Some(ensure_campaign!(tx, &NewCampaign::from_link(name, &new.spec.url, new.spec.channel.as_deref(), &new.spec.tags), now)),
                None => None,
            };
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO links (slug, url, campaign, channel, tags, enabled, created_at, updated_at, \
                 options, password_hash, domain) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10) RETURNING id",
            )
            .bind(&new.spec.slug)
            .bind(&new.spec.url)
            .bind(campaign.as_deref())
            .bind(new.spec.channel.as_deref())
            .bind(tags_json(&new.spec.tags))
            .bind(new.enabled)
            .bind(now)
            .bind(new.spec.options.to_json())
            .bind(new.password_hash.as_deref())
            .bind(&new.spec.domain)
            .fetch_one(&mut *tx)
            .await?;
            for tag in &new.spec.tags {
                sqlx::query("INSERT INTO link_tags (link_id, tag) VALUES ($1, $2)")
                    .bind(id)
                    .bind(tag)
                    .execute(&mut *tx)
                    .await?;
            }
            let mut link = inserted(new, id, now);
            link.spec.campaign = campaign;
            let webhooks = subscribers!(tx, "link.created");
            if !webhooks.is_empty() {
                queue_event!(tx, &webhooks, &link_event("link.created", &link));
            }
            tx.commit().await?;
            link
        }))
    }

    /// The link `slug` on `domain` (`""`: the base URL's host).
    pub async fn link_by_slug(&self, domain: &str, slug: &str) -> sqlx::Result<Option<Link>> {
        let sql = format!("{} WHERE l.domain = $1 AND l.slug = $2", *LINK_COLUMNS);
        let row: Option<LinkRow> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(domain).bind(slug).fetch_optional(pool).await?
        });
        Ok(row.map(Link::from))
    }

    /// The links the stats name by `keys` ([`crate::links::stats_key`]; a few dozen at most:
    /// the dashboard's top links), in no particular order; keys of no link are left out.
    pub async fn links_by_stats_keys(&self, keys: &[String]) -> sqlx::Result<Vec<Link>> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let slugs: Vec<&str> = keys
            .iter()
            .map(|k| crate::links::of_stats_key(k).1)
            .collect();
        // Only placeholders are formatted into the SQL; the slugs are bound.
        let placeholders: Vec<String> = (1..=slugs.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "{} WHERE l.slug IN ({})",
            *LINK_COLUMNS,
            placeholders.join(", ")
        );
        let rows: Vec<LinkRow> = with_pool!(self, pool => {
            let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
            for slug in &slugs {
                query = query.bind(*slug);
            }
            query.fetch_all(pool).await?
        });
        // A slug on another domain than the key's is not the link asked for.
        let links = rows.into_iter().map(Link::from);
        Ok(links.filter(|l| keys.contains(&l.stats_key())).collect())
    }

    /// The redirect's lookup of `slug` on `domain` (`""`: the base URL's host): id,
    /// destination, whether the link is enabled, its options and how much of its click limit
    /// is used.
    pub async fn target_by_slug(&self, domain: &str, slug: &str) -> sqlx::Result<Option<Target>> {
        with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT l.id, l.url, l.enabled, l.options, l.password_hash, c.used AS clicks_used, \
                 l.updated_at FROM links l LEFT JOIN link_clicks c ON c.link_id = l.id WHERE l.domain = $1 AND l.slug = $2",
            )
                .bind(domain)
                .bind(slug)
                .fetch_optional(pool)
                .await
        })
    }

    /// The redirect's targets of the `limit` most visited links (by their total of hits, kept
    /// in `link_stats`), most visited first; links never visited are left out.
    pub async fn busiest_targets(&self, limit: i64) -> sqlx::Result<Vec<PlacedTarget>> {
        with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT l.domain, l.slug, l.id, l.url, l.enabled, l.options, l.password_hash, \
                 c.used AS clicks_used, l.updated_at \
                 FROM link_stats s JOIN links l ON l.id = s.link_id \
                 LEFT JOIN link_clicks c ON c.link_id = l.id \
                 WHERE s.hits > 0 ORDER BY s.hits DESC, l.id DESC LIMIT $1",
            )
                .bind(limit)
                .fetch_all(pool)
                .await
        })
    }

    /// When each of the links `ids` last changed (Unix ms); a link deleted is not there. Every
    /// edit moves it forward ([`next_updated_at!`]).
    pub async fn links_updated_at(&self, ids: &[i64]) -> sqlx::Result<HashMap<i64, i64>> {
        let rows: Vec<(i64, i64)> = match self {
            Db::Postgres(pool) => {
                sqlx::query_as(super::postgres::LINKS_UPDATED_AT)
                    .bind(ids)
                    .fetch_all(pool)
                    .await?
            }
            Db::Sqlite(pool, _) => {
                let list = serde_json::to_string(ids).expect("integers serialize");
                sqlx::query_as(super::sqlite::LINKS_UPDATED_AT)
                    .bind(list)
                    .fetch_all(pool)
                    .await?
            }
        };
        Ok(rows.into_iter().collect())
    }

    /// Links matching `filter` in its order, one page: its campaign named in any letter case,
    /// as campaigns are told apart (their `folded_name`; every link's campaign has its
    /// record). The search matches, in any case, the slug, the destination,
    /// the campaign, the channel's key or label, and the themes. The links a blocked domain
    /// stops come named by id ([`crate::links::blocked::filter`]).
    pub async fn list_links(&self, filter: &LinkFilter) -> sqlx::Result<Vec<Link>> {
        // Built-in channels are named in code, not in a table: the keys whose label matches
        // (static keys of `a-z` and `-`, so they go into the SQL as they are).
        let built_in: Vec<String> = filter
            .search
            .as_deref()
            .map(channels::keys_labelled)
            .unwrap_or_default()
            .iter()
            .map(|key| format!("'{key}'"))
            .collect();
        let built_in = if built_in.is_empty() {
            String::new()
        } else {
            format!(" OR l.channel IN ({})", built_in.join(", "))
        };
        // Ordered by clicks, the list counts them as it shows them (src/db/link_counts.rs):
        // folded in, plus those not yet.
        let clicks = match filter.sort {
            LinkSort::MostClicks | LinkSort::FewestClicks => format!(
                "LEFT JOIN {} uc ON uc.link_id = l.id ",
                super::link_counts::unfolded_clicks("")
            ),
            _ => String::new(),
        };
        let (kept, ids) = match &filter.blocked {
            None => ("", None),
            Some(Ids::Only(ids)) => ("", Some(ids)),
            Some(Ids::Except(ids)) => ("NOT ", Some(ids)),
        };
        // The ids as a JSON array: one text parameter that both backends read.
        let ids = ids.map(|ids| serde_json::to_string(ids).expect("integers serialize"));
        let sql = format!(
            "{}{clicks}WHERE ($1 IS NULL OR l.campaign IN (SELECT cf.name FROM campaigns cf WHERE cf.folded_name = $1)) AND ($2 IS NULL OR l.channel = $2) \
             AND ($3 IS NULL OR l.id IN (SELECT link_id FROM link_tags WHERE tag = $3)) \
             AND ($4 IS NULL OR l.enabled = $4) \
             AND ($5 IS NULL OR LOWER(l.slug) LIKE $5 ESCAPE '\\' OR LOWER(l.url) LIKE $5 ESCAPE '\\' \
                  OR LOWER(COALESCE(l.campaign, '')) LIKE $5 ESCAPE '\\' \
                  OR LOWER(COALESCE(l.channel, '')) LIKE $5 ESCAPE '\\' \
                  OR l.channel IN (SELECT key FROM custom_channels WHERE LOWER(label) LIKE $5 ESCAPE '\\') \
                  OR l.id IN (SELECT link_id FROM link_tags WHERE LOWER(tag) LIKE $5 ESCAPE '\\'){built_in}) \
             AND l.id < $6 AND ($9 IS NULL OR l.id {kept}IN ({})) ORDER BY {} LIMIT $7 OFFSET $8",
            *LINK_COLUMNS,
            self.ids_listed(),
            self.order_by(filter.sort)
        );
        let search = filter.search.as_deref().map(like_pattern);
        let rows: Vec<LinkRow> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(filter.campaign.as_deref().map(folded_name))
                .bind(filter.channel.as_deref())
                .bind(filter.tag.as_deref())
                .bind(filter.enabled)
                .bind(search)
                .bind(filter.before.unwrap_or(i64::MAX))
                .bind(filter.limit)
                .bind(filter.offset)
                .bind(ids.as_deref())
                .fetch_all(pool)
                .await?
        });
        Ok(rows.into_iter().map(Link::from).collect())
    }

    /// Every theme in use, for the filter's suggestions.
    /// Every link, on or off.
    pub async fn count_links(&self) -> sqlx::Result<i64> {
        with_pool!(self, pool => sqlx::query_scalar("SELECT COUNT(*) FROM links").fetch_one(pool).await)
    }

    pub async fn known_tags(&self) -> sqlx::Result<Vec<String>> {
        with_pool!(self, pool => {
            sqlx::query_scalar("SELECT DISTINCT tag FROM link_tags ORDER BY tag LIMIT 500")
                .fetch_all(pool)
                .await
        })
    }

    /// The ids of the JSON array bound as `$9`, as a subquery.
    fn ids_listed(&self) -> &'static str {
        match self {
            Db::Sqlite(..) => super::sqlite::IDS_LISTED,
            Db::Postgres(_) => super::postgres::IDS_LISTED,
        }
    }

    /// Ties go newest first. Slugs sort by their bytes, ignoring case, on both backends:
    /// PostgreSQL's default collation would otherwise skip `-` and `_` and order them unlike
    /// SQLite. Clicks are `link_stats.clicks` (`s`) plus those not folded in yet (`uc`,
    /// joined by [`Db::list_links`] for these orders).
    fn order_by(&self, sort: LinkSort) -> &'static str {
        match (sort, self) {
            // By creation date: imported links keep their tool's dates, older than their ids.
            (LinkSort::Newest, _) => "l.created_at DESC, l.id DESC",
            (LinkSort::Oldest, _) => "l.created_at ASC, l.id ASC",
            (LinkSort::Stored, _) => "l.id DESC",
            (LinkSort::MostRequests, _) => "hit_count DESC, l.id DESC",
            (LinkSort::MostClicks, _) => {
                "COALESCE(s.clicks, 0) + COALESCE(uc.n, 0) DESC, l.id DESC"
            }
            (LinkSort::FewestClicks, _) => {
                "COALESCE(s.clicks, 0) + COALESCE(uc.n, 0) ASC, l.id DESC"
            }
            (LinkSort::Slug, Db::Sqlite(..)) => "LOWER(l.slug), l.slug",
            (LinkSort::Slug, Db::Postgres(_)) => {
                "LOWER(l.slug) COLLATE \"C\", l.slug COLLATE \"C\""
            }
        }
    }

    /// Applies `patch` to the link `slug` on `domain`; `None` when there is no such link.
    pub async fn update_link(
        &self,
        domain: &str,
        slug: &str,
        patch: &LinkPatch,
        now: i64,
    ) -> sqlx::Result<Option<Link>> {
        let updated = with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let id: Option<i64> = sqlx::query_scalar(concat!(
                "UPDATE links SET url = COALESCE($2, url), \
                 campaign = CASE WHEN $3 THEN $4 ELSE campaign END, \
                 channel = CASE WHEN $5 THEN $6 ELSE channel END, \
                 tags = COALESCE($7, tags), enabled = COALESCE($8, enabled), \
                 updated_at = ", next_updated_at!("$9"), ", \
                 options = CASE WHEN $10 THEN $11 ELSE options END, \
                 password_hash = CASE WHEN $12 THEN $13 ELSE password_hash END \
                 WHERE slug = $1 AND domain = $14 RETURNING id",
            ))
            .bind(slug)
            .bind(patch.url.as_deref())
            .bind(patch.campaign.is_some())
            .bind(patch.campaign.clone().flatten())
            .bind(patch.channel.is_some())
            .bind(patch.channel.clone().flatten())
            .bind(patch.tags.as_deref().map(tags_json))
            .bind(patch.enabled)
            .bind(now)
            .bind(patch.options.is_some())
            .bind(patch.options.as_ref().and_then(LinkOptions::to_json))
            .bind(patch.password_hash.is_some())
            .bind(patch.password_hash.clone().flatten())
            .bind(domain)
            .fetch_optional(&mut *tx)
            .await?;
            if let (Some(id), Some(Some(name))) = (id, &patch.campaign) {
                let (url, channel, tags): (String, Option<String>, String) =
                    sqlx::query_as("SELECT url, channel, tags FROM links WHERE id = $1")
                        .bind(id)
                        .fetch_one(&mut *tx)
                        .await?;
                let tags: Vec<String> = serde_json::from_str(&tags).unwrap_or_default();
                let campaign = NewCampaign::from_link(name, &url, channel.as_deref(), &tags);
                let stored = ensure_campaign!(tx, &campaign, now);
                if stored != *name {
                    sqlx::query("UPDATE links SET campaign = $2 WHERE id = $1")
                        .bind(id)
                        .bind(&stored)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            if let (Some(id), Some(tags)) = (id, &patch.tags) {
                sqlx::query("DELETE FROM link_tags WHERE link_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                for tag in tags {
                    sqlx::query("INSERT INTO link_tags (link_id, tag) VALUES ($1, $2)")
                        .bind(id)
                        .bind(tag)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            if let (Some(id), Some(_)) = (id, &patch.options) {
                // New dates or a new limit: the link may expire, and be announced, again.
                sqlx::query("DELETE FROM link_expiries WHERE link_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            let webhooks = if id.is_some() { subscribers!(tx, "link.updated") } else { Vec::new() };
            if !webhooks.is_empty() {
                let sql = format!("{} WHERE l.id = $1", *LINK_COLUMNS);
                let row: LinkRow = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_one(&mut *tx).await?;
                queue_event!(tx, &webhooks, &link_event("link.updated", &Link::from(row)));
            }
            tx.commit().await?;
            id.is_some()
        });
        if updated {
            self.link_by_slug(domain, slug).await
        } else {
            Ok(None)
        }
    }

    /// Deletes the link `slug` on `domain` with its hits, counters and rollups: its options as
    /// they were when it went (a card changed since the caller read the link is the one
    /// returned), `None` when there was none.
    pub async fn delete_link(&self, domain: &str, slug: &str) -> sqlx::Result<Option<LinkOptions>> {
        let deleted = with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for statement in self.before_deleting_link_data() {
                sqlx::query(*statement).execute(&mut *tx).await?;
            }
            let gone: Option<(i64, String, Option<String>)> = sqlx::query_as("DELETE FROM links WHERE domain = $1 AND slug = $2 RETURNING id, url, options")
                .bind(domain)
                .bind(slug)
                .fetch_optional(&mut *tx)
                .await?;
            if let Some((id, url, _)) = &gone {
                let webhooks = subscribers!(tx, "link.deleted");
                if !webhooks.is_empty() {
                    let data = serde_json::json!({ "link": { "domain": domain, "slug": slug, "url": url } });
                    queue_event!(tx, &webhooks, &Event::new("link.deleted", data));
                }
                let id = *id;
                for sql in self.link_data_deletes("= $1") {
                    sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).execute(&mut *tx).await?;
                }
                for statement in self.after_deleting_link_data() {
                    sqlx::query(*statement).execute(&mut *tx).await?;
                }
            }
            tx.commit().await?;
            gone.map(|(_, _, options)| LinkOptions::from_json(options.as_deref()))
        });
        Ok(deleted)
    }
}

/// A case-insensitive substring pattern for LIKE, with its wildcards escaped. An apostrophe
/// matches either one: a keyboard types `'` where French names are often stored with `’`
/// ("Soldes d’été", as word processors and phones write it).
fn like_pattern(search: &str) -> String {
    let mut pattern = String::with_capacity(search.len() + 2);
    pattern.push('%');
    for c in search.to_lowercase().chars() {
        if matches!(c, '\'' | '’') {
            pattern.push('_');
            continue;
        }
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}
