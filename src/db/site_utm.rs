//! A site's views counted by their UTM tags over a period: one `GROUP BY` over the columns
//! the events writer fills (`utm_source`, `utm_medium`, `utm_campaign`, migration 0032), with
//! arrivals split by source as the pages' counts split them (`site_events.rs`).

use super::{Db, with_pool};
use crate::hits::event::UtmTags;
use crate::sites::utm::UtmFigures;

/// People's views per combination of tags, and their arrivals by source; `$4`, when given,
/// is the one page counted.
const UTM_COUNTS: &str = "SELECT utm_source, utm_medium, utm_campaign, COUNT(*) AS views, \
    SUM(CASE WHEN NOT internal AND source = 'dark' THEN 1 ELSE 0 END) AS dark, \
    SUM(CASE WHEN NOT internal AND source = 'public' THEN 1 ELSE 0 END) AS public, \
    SUM(CASE WHEN NOT internal AND source = 'search' THEN 1 ELSE 0 END) AS search, \
    SUM(CASE WHEN NOT internal AND source = 'referral' THEN 1 ELSE 0 END) AS referral \
    FROM site_events WHERE site_id = $1 AND at >= $2 AND at < $3 AND kind = 'click' \
    AND event = 'view' AND ($4 IS NULL OR page = $4) \
    GROUP BY utm_source, utm_medium, utm_campaign";

#[derive(sqlx::FromRow)]
struct UtmCounts {
    utm_source: Option<String>,
    utm_medium: Option<String>,
    utm_campaign: Option<String>,
    views: i64,
    dark: i64,
    public: i64,
    search: i64,
    referral: i64,
}

impl Db {
    /// The views of site `site_id` (of its page `page` alone, when given) between `from` and
    /// `to` (Unix ms, `to` excluded) by UTM tags, in no order.
    pub async fn site_utm(
        &self,
        site_id: i64,
        from: i64,
        to: i64,
        page: Option<&str>,
    ) -> sqlx::Result<Vec<UtmFigures>> {
        let rows: Vec<UtmCounts> = with_pool!(self, pool => {
            sqlx::query_as(UTM_COUNTS)
                .bind(site_id)
                .bind(from)
                .bind(to)
                .bind(page)
                .fetch_all(pool)
                .await?
        });
        Ok(rows
            .into_iter()
            .map(|c| UtmFigures {
                tags: UtmTags {
                    source: c.utm_source,
                    medium: c.utm_medium,
                    campaign: c.utm_campaign,
                },
                views: c.views,
                dark: c.dark,
                public: c.public,
                search: c.search,
                referral: c.referral,
            })
            .collect())
    }
}
