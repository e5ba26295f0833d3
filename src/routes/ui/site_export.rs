//! The site dashboard's downloads: its pages, generations, shares by method and views by UTM
//! campaign as CSV, for
//! the same period (and page), written as the main dashboard's are: for the reader's
//! spreadsheet (a French reader's Excel gets a BOM, `;`, decimal commas and French headers),
//! methods and channels named as the page names them.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::export::csv_file;
use super::site_dashboard::{SiteQuery, button_name, figures, period};
use super::site_dashboard_utm;
use super::tables::{Cell, Table};
use super::{PageError, Viewer};
use crate::app::AppState;
use crate::i18n::t;
use crate::routes::csv_download::{Dialect, download};
use crate::sites::pages::SitePages;

#[derive(Deserialize)]
pub struct ExportQuery {
    /// Missing, it is a table that is not there, as an unknown one is.
    #[serde(default)]
    table: String,
}

/// One of the site's (or page's) tables as CSV.
pub async fn export(
    State(state): State<AppState>,
    _viewer: Viewer,
    Path(id): Path<String>,
    Query(table): Query<ExportQuery>,
    Query(query): Query<SiteQuery>,
) -> Result<Response, PageError> {
    let id = PageError::id_in_path(&id, "site")?;
    if table.table == "utm" {
        let site = state.reads.db().site(id).await?;
        site.ok_or_else(|| PageError::missing("site"))?;
        let (filter, _) = period(&state, &query);
        let campaigns = site_dashboard_utm::campaigns(&state, id, &filter, query.page()).await?;
        return Ok(file(id, &site_dashboard_utm::table(&campaigns)));
    }
    let build = match table.table.as_str() {
        "pages" => pages,
        "generations" => generations,
        "shares" => shares,
        _ => return Err(PageError::missing("table")),
    };
    let (_, _, figures, _) = figures(&state, id, &query).await?;
    Ok(file(id, &build(&figures)))
}

/// The table in the reader's spreadsheet dialect, as a download.
fn file(id: i64, table: &Table) -> Response {
    let file = csv_file(table, Dialect::of_language());
    download(&format!("lanterne-site-{id}-{}.csv", table.id), file.into())
}

pub(super) fn headers(keys: &[&str]) -> Vec<String> {
    keys.iter().map(|key| t(key)).collect()
}

/// A row's views, and its arrivals by source: the pages' table and the UTM campaigns' give
/// them alike.
pub(super) const VIEWS_AND_ARRIVALS: [&str; 6] = [
    "site-col-views",
    "site-col-arrivals",
    "col-dark",
    "col-public",
    "col-search",
    "col-referral",
];

/// Every page, busiest first, with the figures `/api/v1/sites/{id}/pages` gives.
fn pages(figures: &SitePages) -> Table {
    let rows = figures.pages.iter().map(|p| {
        let count = |n: i64| Cell::Count(n);
        vec![
            Cell::Text(p.url.clone()),
            count(p.views),
            count(p.arrivals()),
            count(p.dark),
            count(p.public),
            count(p.search),
            count(p.referral),
            count(p.internal),
            count(p.private_views),
            Cell::Share(p.dark_share()),
            count(p.direct),
            count(p.direct_deep()),
            count(p.address_bar_shares),
            count(p.shared_views),
            count(p.copies),
            count(p.button_share_total()),
            count(p.share_clicks),
            // Arrivals per share: not a share of a whole, but a ratio all the same, written
            // as the reader's spreadsheet reads a decimal.
            Cell::Share(p.virality()),
        ]
    });
    Table {
        id: "pages",
        title: t("site-pages"),
        headers: headers(
            &[
                &["site-col-page"][..],
                &VIEWS_AND_ARRIVALS,
                &[
                    "site-col-internal",
                    "site-col-private-views",
                    "site-col-dark-share",
                    "site-col-direct",
                    "site-col-direct-deep",
                    "site-address-bar",
                    "site-col-shared-views",
                    "site-copies",
                    "site-col-buttons",
                    "site-col-share-clicks",
                    "site-col-per-share",
                ],
            ]
            .concat(),
        ),
        rows: rows.collect(),
    }
}

/// Views by generation: 0 arrived without a share, 1 from a generation-0 reader's address…
fn generations(figures: &SitePages) -> Table {
    let generations = figures.total.generations.iter().enumerate();
    Table {
        id: "generations",
        title: t("site-generations"),
        headers: headers(&["site-col-generation", "site-col-views"]),
        rows: generations
            .map(|(generation, views)| {
                vec![
                    Cell::Count(i64::try_from(generation).unwrap_or(i64::MAX)),
                    Cell::Count(*views),
                ]
            })
            .collect(),
    }
}

/// Shares by method and, for the buttons, by channel: each method and button named as the
/// page names them (the API and the snippet give the keys).
fn shares(figures: &SitePages) -> Table {
    let total = &figures.total;
    let method = |label: &str| Cell::Text(t(label));
    let mut rows = vec![
        vec![
            method("site-address-bar"),
            Cell::Missing,
            Cell::Count(total.address_bar_shares),
        ],
        vec![
            method("site-copies"),
            Cell::Missing,
            Cell::Count(total.copies),
        ],
    ];
    rows.extend(total.button_shares.iter().map(|(button, n)| {
        vec![
            method("site-buttons"),
            Cell::Text(button_name(button)),
            Cell::Count(*n),
        ]
    }));
    Table {
        id: "shares",
        title: t("site-how-shared"),
        headers: headers(&["site-col-method", "col-channel", "site-col-shares"]),
        rows,
    }
}
