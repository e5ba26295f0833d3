//! The site snippet's events: the columns the writer fills (its inserts are in `sqlite.rs`
//! and `postgres.rs`, in the transaction of each hit batch), a site's pages counted over a
//! period, and their removal with the site or past retention.

use std::collections::BTreeMap;

use super::{Db, with_pool};
use crate::sites::pages::PageFigures;

/// The columns of a SQLite multi-row insert; the generation comes last, looked up per row.
pub(super) const INSERT_COLUMNS: &str = "INSERT INTO site_events (site_id, at, event, page, utm, \
    utm_source, utm_medium, utm_campaign, referrer, referrer_host, internal, share_id, parent, \
    channel, user_agent, browser, os, device, country, city, visitor, kind, source, platform, \
    evidence, generation) ";

/// People's views, arrivals by source, and shares, per page. An arrival is a view not
/// reached from another page of the site.
const PAGE_COUNTS: &str = "SELECT page, \
    SUM(CASE WHEN event = 'view' THEN 1 ELSE 0 END) AS views, \
    SUM(CASE WHEN event = 'view' AND NOT internal AND source = 'dark' THEN 1 ELSE 0 END) AS dark, \
    SUM(CASE WHEN event = 'view' AND NOT internal AND source = 'public' THEN 1 ELSE 0 END) AS public, \
    SUM(CASE WHEN event = 'view' AND NOT internal AND source = 'search' THEN 1 ELSE 0 END) AS search, \
    SUM(CASE WHEN event = 'view' AND NOT internal AND source = 'referral' THEN 1 ELSE 0 END) AS referral, \
    SUM(CASE WHEN event = 'view' AND internal THEN 1 ELSE 0 END) AS internal, \
    SUM(CASE WHEN event = 'view' AND NOT internal AND referrer IS NULL THEN 1 ELSE 0 END) AS direct, \
    SUM(CASE WHEN event = 'view' AND parent IS NOT NULL THEN 1 ELSE 0 END) AS address_bar_shares, \
    COUNT(DISTINCT CASE WHEN event = 'view' THEN parent END) AS shared_views, \
    SUM(CASE WHEN event = 'copy' THEN 1 ELSE 0 END) AS copies \
    FROM site_events WHERE site_id = $1 AND at >= $2 AND at < $3 AND kind = 'click' GROUP BY page";

const BUTTON_SHARES: &str = "SELECT page, channel, COUNT(*) FROM site_events \
    WHERE site_id = $1 AND at >= $2 AND at < $3 AND kind = 'click' AND event = 'share' \
    AND channel IS NOT NULL GROUP BY page, channel";

const GENERATIONS: &str = "SELECT page, generation, COUNT(*) FROM site_events \
    WHERE site_id = $1 AND at >= $2 AND at < $3 AND kind = 'click' AND event = 'view' \
    GROUP BY page, generation";

/// Private views are counted per UTC day: `$2` is the UTC midnight on or before the start.
const PRIVATE_VIEWS: &str = "SELECT page, CAST(SUM(views) AS BIGINT) FROM site_private_views \
    WHERE site_id = $1 AND day >= $2 AND day < $3 GROUP BY page";

/// People's clicks on the share-button links of each page.
const SHARE_CLICKS: &str = "SELECT sl.page, COUNT(*) FROM site_links sl \
    JOIN hits h ON h.link_id = sl.link_id \
    WHERE sl.site_id = $1 AND h.at >= $2 AND h.at < $3 AND h.kind = 'click' GROUP BY sl.page";

#[derive(sqlx::FromRow)]
struct PageCounts {
    page: String,
    views: i64,
    dark: i64,
    public: i64,
    search: i64,
    referral: i64,
    internal: i64,
    direct: i64,
    address_bar_shares: i64,
    shared_views: i64,
    copies: i64,
}

const DAY_MS: i64 = 86_400_000;

/// What the five queries of [`Db::site_pages`] answer.
struct Counted {
    counts: Vec<PageCounts>,
    /// (page, channel, uses)
    buttons: Vec<(String, String, i64)>,
    /// (page, generation, views)
    generations: Vec<(String, i64, i64)>,
    /// (page, views)
    private: Vec<(String, i64)>,
    /// (page, clicks)
    clicks: Vec<(String, i64)>,
}

impl Db {
    /// Every page of site `site_id` with views or shares between `from` and `to` (Unix ms,
    /// `to` excluded), in no order.
    pub async fn site_pages(
        &self,
        site_id: i64,
        from: i64,
        to: i64,
    ) -> sqlx::Result<Vec<PageFigures>> {
        let Counted {
            counts,
            buttons,
            generations,
            private,
            clicks,
        } = with_pool!(self, pool => {
            // One snapshot, or a batch committed between two queries shows half its events.
            let mut tx = pool.begin_with(self.snapshot_begin()).await?;
            let counted = Counted {
                counts: sqlx::query_as(PAGE_COUNTS).bind(site_id).bind(from).bind(to).fetch_all(&mut *tx).await?,
                buttons: sqlx::query_as(BUTTON_SHARES).bind(site_id).bind(from).bind(to).fetch_all(&mut *tx).await?,
                generations: sqlx::query_as(GENERATIONS).bind(site_id).bind(from).bind(to).fetch_all(&mut *tx).await?,
                private: sqlx::query_as(PRIVATE_VIEWS)
                    .bind(site_id)
                    .bind(from - from.rem_euclid(DAY_MS))
                    .bind(to)
                    .fetch_all(&mut *tx)
                    .await?,
                clicks: sqlx::query_as(SHARE_CLICKS).bind(site_id).bind(from).bind(to).fetch_all(&mut *tx).await?,
            };
            tx.commit().await?;
            counted
        });
        let mut pages: BTreeMap<String, PageFigures> = BTreeMap::new();
        for c in counts {
            let figures = entry(&mut pages, c.page);
            figures.views += c.views;
            figures.dark = c.dark;
            figures.public = c.public;
            figures.search = c.search;
            figures.referral = c.referral;
            figures.internal = c.internal;
            figures.direct = c.direct;
            figures.address_bar_shares = c.address_bar_shares;
            figures.shared_views = c.shared_views;
            figures.copies = c.copies;
        }
        for (url, channel, n) in buttons {
            entry(&mut pages, url).button_shares.insert(channel, n);
        }
        for (url, generation, n) in generations {
            let figures = entry(&mut pages, url);
            let generation = usize::try_from(generation).unwrap_or(0);
            if figures.generations.len() <= generation {
                figures.generations.resize(generation + 1, 0);
            }
            figures.generations[generation] += n;
        }
        for (url, n) in private {
            let figures = entry(&mut pages, url);
            figures.private_views = n;
            figures.views += n;
        }
        for (url, n) in clicks {
            entry(&mut pages, url).share_clicks = n;
        }
        Ok(pages.into_values().collect())
    }
}

impl Db {
    /// Distinct visitors among the people who viewed the site's pages (a visitor's hash
    /// changes every day: one per visitor and day).
    pub async fn site_unique_visitors(
        &self,
        site_id: i64,
        from: i64,
        to: i64,
    ) -> sqlx::Result<i64> {
        with_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT COUNT(DISTINCT visitor) FROM site_events WHERE site_id = $1 AND at >= $2 \
                 AND at < $3 AND kind = 'click' AND event = 'view'",
            )
            .bind(site_id)
            .bind(from)
            .bind(to)
            .fetch_one(pool)
            .await
        })
    }
}

impl Db {
    /// Deletes the events (and private views) of sites deleted while they were still
    /// queued or spooled, and, with `cutoff_ms`, those older than it (retention).
    pub async fn purge_site_events(&self, cutoff_ms: Option<i64>) -> sqlx::Result<u64> {
        let cutoff = cutoff_ms.unwrap_or(i64::MIN);
        with_pool!(self, pool => {
            let events = sqlx::query(
                "DELETE FROM site_events WHERE at < $1 OR site_id NOT IN (SELECT id FROM sites)",
            )
            .bind(cutoff)
            .execute(pool)
            .await?;
            sqlx::query(
                "DELETE FROM site_private_views WHERE day < $1 \
                 OR site_id NOT IN (SELECT id FROM sites)",
            )
            // A day counted from its midnight: the day the cutoff falls in stays.
            .bind(cutoff.saturating_sub(DAY_MS))
            .execute(pool)
            .await?;
            Ok(events.rows_affected())
        })
    }
}

fn entry(pages: &mut BTreeMap<String, PageFigures>, url: String) -> &mut PageFigures {
    pages.entry(url.clone()).or_insert_with(|| PageFigures {
        url,
        ..PageFigures::default()
    })
}
