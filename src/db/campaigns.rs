//! Campaign storage: the records, their links counted, and the rule that every campaign a
//! link names has a record.

use std::fmt::Write as _;

use sqlx::Row;

use super::links::{LINK_COLUMNS, LinkRow, next_updated_at, queue_link_events};
use super::rollups::UNCOUNTED_HITS;
use super::webhooks::{queue_event, subscribers};
use super::{Db, Saved, with_pool};
use crate::campaigns::{
    Campaign, CampaignInput, CampaignSummary, LinksOnDelete, NewCampaign, folded_name,
};
use crate::links::Link;
use crate::links::options::{LinkOptions, PreviewCard};
use crate::webhooks::Event;

/// What deleting a campaign did.
#[derive(Debug)]
pub enum Deleted {
    NotFound,
    /// Refused: the campaign still has this many links.
    HasLinks(usize),
    /// The campaign `name` is gone; `links` are the domains and slugs of its links (deleted
    /// or detached), `cards` its own card and the cards of its links deleted (none when
    /// detached), as they were when they went.
    Done {
        name: String,
        links: Vec<(String, String)>,
        cards: Vec<PreviewCard>,
    },
}

/// The insert of a campaign; `$new` binds its fields, `$now` its creation time.
macro_rules! insert_campaign {
    ($sql_tail:literal, $new:expr, $now:expr) => {{
        let new: &$crate::campaigns::NewCampaign = $new;
        sqlx::query(concat!(
            "INSERT INTO campaigns (name, url, tags, utm, utm_campaign, created_at, preview, \
             folded_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            $sql_tail
        ))
        .bind(&new.name)
        .bind(&new.url)
        .bind($crate::db::links::tags_json(&new.tags))
        .bind(new.utm)
        .bind(&new.utm_campaign)
        .bind($now)
        .bind($crate::db::campaigns::card_json(new.preview.as_ref()))
        .bind($crate::campaigns::folded_name(&new.name))
    }};
}

/// Creates the record of a campaign named by a link, unless one exists under that name in
/// any letter case: used inside the transaction `$tx` that stores the link, so a link never
/// names a campaign without a record. Evaluates to the name as the record spells it, which
/// the link must carry: it differs from `$new`'s when another transaction created the
/// campaign in other letter case since the name was looked up (`ON CONFLICT DO NOTHING` on
/// PostgreSQL waits for that transaction, and the next statement sees its row).
macro_rules! ensure_campaign {
    ($tx:ident, $new:expr, $now:expr) => {{
        let new: &$crate::campaigns::NewCampaign = $new;
        $crate::db::campaigns::insert_campaign!(" ON CONFLICT DO NOTHING", new, $now)
            .execute(&mut *$tx)
            .await?;
        let stored: Option<String> =
            sqlx::query_scalar("SELECT name FROM campaigns WHERE folded_name = $1")
                .bind($crate::campaigns::folded_name(&new.name))
                .fetch_optional(&mut *$tx)
                .await?;
        // None only beside a campaign of that very name stored without its folded name (by
        // an older version still running): the name is the record's.
        stored.unwrap_or_else(|| new.name.clone())
    }};
}
pub(crate) use {ensure_campaign, insert_campaign};

const CAMPAIGN_COLUMNS: &str =
    "c.id, c.name, c.url, c.tags, c.utm, c.utm_campaign, c.created_at, c.preview";

/// A campaign's card as its `preview` column keeps it.
pub(crate) fn card_json(card: Option<&PreviewCard>) -> Option<String> {
    card.map(|card| serde_json::to_string(card).expect("a card always serializes"))
}

#[derive(sqlx::FromRow)]
struct CampaignRow {
    id: i64,
    name: String,
    url: String,
    tags: String,
    utm: bool,
    utm_campaign: String,
    created_at: i64,
    preview: Option<String>,
}

impl From<CampaignRow> for Campaign {
    fn from(row: CampaignRow) -> Campaign {
        Campaign {
            id: row.id,
            settings: NewCampaign::stored(CampaignInput {
                name: row.name,
                url: row.url,
                tags: serde_json::from_str(&row.tags).unwrap_or_default(),
                utm: row.utm,
                utm_campaign: row.utm_campaign,
                // A card this version cannot read is no card (the links keep theirs).
                preview: row
                    .preview
                    .and_then(|json| serde_json::from_str(&json).ok()),
            }),
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
    /// Stores a new campaign; `None` when its name is taken.
    pub async fn insert_campaign(
        &self,
        new: &NewCampaign,
        now: i64,
    ) -> sqlx::Result<Option<Campaign>> {
        let inserted = with_pool!(self, pool => {
            insert_campaign!(" RETURNING id", new, now)
                .fetch_one(pool)
                .await
                .and_then(|row| row.try_get::<i64, _>(0))
        });
        let Some(id) = super::unless_taken(inserted)? else {
            return Ok(None);
        };
        Ok(Some(Campaign {
            id,
            settings: new.clone(),
            created_at: now,
        }))
    }

    pub async fn campaign(&self, id: i64) -> sqlx::Result<Option<Campaign>> {
        let sql = format!("SELECT {CAMPAIGN_COLUMNS} FROM campaigns c WHERE c.id = $1");
        self.row_by::<_, CampaignRow, _>(sql, id).await
    }

    /// The campaign called `name` in any letter case ([`folded_name`]).
    pub async fn campaign_named(&self, name: &str) -> sqlx::Result<Option<Campaign>> {
        let sql = format!("SELECT {CAMPAIGN_COLUMNS} FROM campaigns c WHERE c.folded_name = $1");
        self.row_by::<_, CampaignRow, _>(sql, folded_name(name))
            .await
    }

    /// Every campaign, newest first, with its number of links and their hits.
    pub async fn campaigns(&self) -> sqlx::Result<Vec<CampaignSummary>> {
        self.summaries(None, None, i64::MAX).await
    }

    /// A page of campaigns, newest first: `limit` of them after the one created at `after`
    /// (its `created_at` and id), or from the newest.
    pub async fn campaigns_page(
        &self,
        after: Option<(i64, i64)>,
        limit: i64,
    ) -> sqlx::Result<Vec<CampaignSummary>> {
        self.summaries(None, after, limit).await
    }

    /// One campaign with its number of links and their hits.
    pub async fn campaign_summary(&self, id: i64) -> sqlx::Result<Option<CampaignSummary>> {
        Ok(self.summaries(Some(id), None, 1).await?.pop())
    }

    async fn summaries(
        &self,
        id: Option<i64>,
        after: Option<(i64, i64)>,
        limit: i64,
    ) -> sqlx::Result<Vec<CampaignSummary>> {
        let sql = format!(
            "SELECT {CAMPAIGN_COLUMNS}, COUNT(l.id) AS links, \
             CAST(COALESCE(SUM(s.hits), 0) + COALESCE(SUM(u.n), 0) AS BIGINT) AS hits \
             FROM campaigns c LEFT JOIN links l ON l.campaign = c.name \
             LEFT JOIN link_stats s ON s.link_id = l.id \
             LEFT JOIN {UNCOUNTED_HITS} u ON u.link_id = l.id WHERE ($1 IS NULL OR c.id = $1) \
             AND ($2 IS NULL OR c.created_at < $2 OR (c.created_at = $2 AND c.id < $3)) \
             GROUP BY c.id ORDER BY c.created_at DESC, c.id DESC LIMIT $4"
        );
        let rows: Vec<SummaryRow> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(id)
                .bind(after.map(|a| a.0))
                .bind(after.map(|a| a.1))
                .bind(limit)
                .fetch_all(pool)
                .await?
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

    /// One page of the campaign's links: per channel in `channels`' order (others after, no
    /// channel last), then oldest first.
    pub async fn campaign_links(
        &self,
        name: &str,
        channels: &[&str],
        offset: i64,
        limit: i64,
    ) -> sqlx::Result<Vec<Link>> {
        // The order is a CASE over the catalogue's keys, each bound, so that a page boundary
        // falls where the page shows it.
        let mut order = String::from("CASE");
        for (i, _) in channels.iter().enumerate() {
            write!(order, " WHEN l.channel = ${} THEN {i}", i + 4).expect("writing to a String");
        }
        write!(
            order,
            " WHEN l.channel IS NOT NULL THEN {} ELSE {} END",
            channels.len(),
            channels.len() + 1
        )
        .expect("writing to a String");
        let columns = &*LINK_COLUMNS;
        let sql =
            format!("{columns} WHERE l.campaign = $1 ORDER BY {order}, l.id LIMIT $2 OFFSET $3");
        let rows: Vec<LinkRow> = with_pool!(self, pool => {
            let mut query = sqlx::query_as::<_, LinkRow>(sqlx::AssertSqlSafe(sql))
                .bind(name)
                .bind(limit)
                .bind(offset);
            for channel in channels {
                query = query.bind(*channel);
            }
            query.fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(Link::from).collect())
    }

    /// When the campaign's first link was made (Unix ms), if it has one: a link older than
    /// its campaign (moved into it, imported) counts from its own making.
    pub async fn campaign_first_link(&self, name: &str) -> sqlx::Result<Option<i64>> {
        with_pool!(self, pool => {
            sqlx::query_scalar("SELECT MIN(created_at) FROM links WHERE campaign = $1")
                .bind(name)
                .fetch_one(pool)
                .await
        })
    }

    /// The channels the campaign's links are declared for.
    pub async fn campaign_channels(&self, name: &str) -> sqlx::Result<Vec<String>> {
        with_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT DISTINCT channel FROM links WHERE campaign = $1 AND channel IS NOT NULL",
            )
            .bind(name)
            .fetch_all(pool)
            .await
        })
    }

    /// How a change of one campaign starts its transaction, and reads the name its links carry
    /// now: so that two changes of one campaign cannot both move its links from the same old
    /// name. On PostgreSQL the row is locked; SQLite takes its one write lock at once (a
    /// transaction that read first and wrote later would fail with "database is locked" if
    /// another writer went in between, without waiting).
    fn campaign_lock(&self) -> (&'static str, &'static str) {
        match self {
            Db::Sqlite(..) => (
                "BEGIN IMMEDIATE",
                "SELECT name FROM campaigns WHERE id = $1",
            ),
            Db::Postgres(_) => (
                "BEGIN",
                "SELECT name FROM campaigns WHERE id = $1 FOR UPDATE",
            ),
        }
    }

    /// Sets the card the campaign `id` gives the links the kit makes for it.
    pub async fn set_campaign_card(&self, id: i64, card: Option<&PreviewCard>) -> sqlx::Result<()> {
        with_pool!(self, pool => {
            sqlx::query("UPDATE campaigns SET preview = $2 WHERE id = $1")
                .bind(id)
                .bind(card_json(card))
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Renames the campaign and changes its settings, in one transaction with its links, which
    /// follow the new name; [`Saved::Taken`] when another campaign has that name in any
    /// letter case.
    pub async fn save_campaign(
        &self,
        id: i64,
        new: &NewCampaign,
        now: i64,
    ) -> sqlx::Result<Saved<Campaign>> {
        match super::unless_taken(self.write_campaign(id, new, now).await)? {
            None => Ok(Saved::Taken),
            Some(false) => Ok(Saved::NotFound),
            Some(true) => Ok(self
                .campaign(id)
                .await?
                .map_or(Saved::NotFound, Saved::Done)),
        }
    }

    /// The campaign's new name and settings, and its links' new name: whether it was there.
    async fn write_campaign(&self, id: i64, new: &NewCampaign, now: i64) -> sqlx::Result<bool> {
        let (begin, select) = self.campaign_lock();
        Ok(with_pool!(self, pool => {
            let mut tx = pool.begin_with(begin).await?;
            let old: Option<String> = sqlx::query_scalar(select)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
            if let Some(old) = &old {
                sqlx::query(
                    "UPDATE campaigns SET name = $2, url = $3, tags = $4, utm = $5, \
                     utm_campaign = $6, preview = $7, folded_name = $8 WHERE id = $1",
                )
                .bind(id)
                .bind(&new.name)
                .bind(&new.url)
                .bind(super::links::tags_json(&new.tags))
                .bind(new.utm)
                .bind(&new.utm_campaign)
                .bind(card_json(new.preview.as_ref()))
                .bind(folded_name(&new.name))
                .execute(&mut *tx)
                .await?;
                if *old != new.name {
                    sqlx::query(concat!(
                        "UPDATE links SET campaign = $2, updated_at = ",
                        next_updated_at!("$3"),
                        " WHERE campaign = $1",
                    ))
                    .bind(old)
                    .bind(&new.name)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                    // A link that names no campaign without its record (ensure_campaign), so
                    // the links under the new name are exactly the ones just renamed.
                    queue_link_events!(tx, "link.updated", "l.campaign = $1", &new.name, |_| {});
                }
            }
            tx.commit().await?;
            old.is_some()
        }))
    }

    /// Deletes the campaign, doing `links` with its links (in the same transaction).
    pub async fn delete_campaign(
        &self,
        id: i64,
        links: LinksOnDelete,
        now: i64,
    ) -> sqlx::Result<Deleted> {
        let (begin, select) = self.campaign_lock();
        with_pool!(self, pool => {
            let mut tx = pool.begin_with(begin).await?;
            let Some(name): Option<String> = sqlx::query_scalar(select)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
            else {
                return Ok(Deleted::NotFound);
            };
            if matches!(links, LinksOnDelete::Delete) {
                // Before the links are read: a wait for a fold here must not widen the gap
                // between reading them and deleting them.
                for statement in self.before_deleting_link_data() {
                    sqlx::query(*statement).execute(&mut *tx).await?;
                }
            }
            let mut cards = Vec::new();
            let mut slugs: Vec<(String, String)> = sqlx::query_as("SELECT domain, slug FROM links WHERE campaign = $1")
                .bind(&name)
                .fetch_all(&mut *tx)
                .await?;
            match links {
                _ if slugs.is_empty() => {}
                LinksOnDelete::Refuse => return Ok(Deleted::HasLinks(slugs.len())),
                LinksOnDelete::Detach => {
                    queue_link_events!(tx, "link.updated", "l.campaign = $1", &name, |link| {
                        link.spec.campaign = None;
                    });
                    sqlx::query(concat!(
                        "UPDATE links SET campaign = NULL, updated_at = ",
                        next_updated_at!("$2"),
                        " WHERE campaign = $1",
                    ))
                    .bind(&name)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                }
                LinksOnDelete::Delete => {
                    for sql in self.link_data_deletes("IN (SELECT id FROM links WHERE campaign = $1)") {
                        sqlx::query(sqlx::AssertSqlSafe(sql))
                            .bind(&name)
                            .execute(&mut *tx)
                            .await?;
                    }
                    // Every link deleted is named (its cached answer goes), one made since the
                    // read above too.
                    let gone: Vec<(String, String, String, Option<String>)> =
                        sqlx::query_as("DELETE FROM links WHERE campaign = $1 RETURNING domain, slug, url, options")
                            .bind(&name)
                            .fetch_all(&mut *tx)
                            .await?;
                    let webhooks = subscribers!(tx, "link.deleted");
                    if !webhooks.is_empty() {
                        for (domain, slug, url, _) in &gone {
                            let data = serde_json::json!({ "link": { "domain": domain, "slug": slug, "url": url } });
                            queue_event!(tx, &webhooks, &Event::new("link.deleted", data));
                        }
                    }
                    // Their cards, whose uploaded images may be named by nothing left.
                    slugs = Vec::with_capacity(gone.len());
                    for (domain, slug, _, options) in gone {
                        cards.extend(LinkOptions::from_json(options.as_deref()).preview);
                        slugs.push((domain, slug));
                    }
                    for statement in self.after_deleting_link_data() {
                        sqlx::query(*statement).execute(&mut *tx).await?;
                    }
                }
            }
            // Its card as it is when it goes: one saved since the caller last read it too.
            let card: Option<String> = sqlx::query_scalar("DELETE FROM campaigns WHERE id = $1 RETURNING preview")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
            cards.extend(card.and_then(|json| serde_json::from_str(&json).ok()));
            tx.commit().await?;
            Ok(Deleted::Done { name, links: slugs, cards })
        })
    }
}
