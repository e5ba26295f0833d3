//! The site dashboard's "By UTM campaign" table: the period's views of the site (or of its
//! page) by utm_source, utm_medium and utm_campaign, their dark social arrivals and dark
//! share, on the page and as CSV (`site_export.rs`).

use super::site_export;
use super::tables::{Cell, Table, pct, thousands};
use crate::app::AppState;
use crate::i18n::t;
use crate::sites::utm::{SiteCampaigns, UtmFigures};
use crate::stats::Filter;

/// Rows listed on the page (the CSV has them all).
const SHOWN: usize = 100;

/// One row of the table, formatted for people.
pub(super) struct UtmLine {
    pub source: String,
    pub medium: String,
    pub campaign: String,
    /// Whether the tag cells say "(none)", to grey them.
    pub untagged: [bool; 3],
    pub views: String,
    pub arrivals: String,
    pub dark: String,
    pub dark_share: String,
}

/// The views of site `id` (of its page `page` alone, when given) by tags over `filter`'s
/// period, busiest first, every row.
pub(super) async fn campaigns(
    state: &AppState,
    id: i64,
    filter: &Filter,
    page: Option<&str>,
) -> sqlx::Result<SiteCampaigns> {
    let rows = state
        .reads
        .db()
        .site_utm(id, filter.from, filter.to, page)
        .await?;
    Ok(SiteCampaigns::new(rows, usize::MAX))
}

/// The rows the page shows, and how many more the CSV has.
pub(super) fn lines(campaigns: &SiteCampaigns) -> (Vec<UtmLine>, usize) {
    let none = t("site-utm-none");
    let tag = |value: &Option<String>| value.clone().unwrap_or_else(|| none.clone());
    let lines = campaigns
        .rows
        .iter()
        .take(SHOWN)
        .map(|f| UtmLine {
            source: tag(&f.tags.source),
            medium: tag(&f.tags.medium),
            campaign: tag(&f.tags.campaign),
            untagged: [
                f.tags.source.is_none(),
                f.tags.medium.is_none(),
                f.tags.campaign.is_none(),
            ],
            views: thousands(f.views),
            arrivals: thousands(f.arrivals()),
            dark: thousands(f.dark),
            dark_share: pct(f.dark_share()),
        })
        .collect();
    (lines, campaigns.rows.len().saturating_sub(SHOWN))
}

/// Every row as CSV: a tag the address did not carry is an empty cell, as the API's null.
pub(super) fn table(campaigns: &SiteCampaigns) -> Table {
    let tag = |value: &Option<String>| value.clone().map_or(Cell::Missing, Cell::Text);
    let row = |f: &UtmFigures| {
        vec![
            tag(&f.tags.source),
            tag(&f.tags.medium),
            tag(&f.tags.campaign),
            Cell::Count(f.views),
            Cell::Count(f.arrivals()),
            Cell::Count(f.dark),
            Cell::Count(f.public),
            Cell::Count(f.search),
            Cell::Count(f.referral),
            Cell::Share(f.dark_share()),
        ]
    };
    Table {
        id: "utm",
        title: t("site-utm"),
        headers: site_export::headers(
            &[
                &[
                    "site-col-utm-source",
                    "site-col-utm-medium",
                    "site-col-utm-campaign",
                ][..],
                &site_export::VIEWS_AND_ARRIVALS,
                &["site-col-dark-share"],
            ]
            .concat(),
        ),
        rows: campaigns.rows.iter().map(row).collect(),
    }
}
