//! The dashboard's downloads: any table as CSV, or every table at once in a zip, for the
//! same filters; written for the reader's spreadsheet (a French reader's Excel gets a BOM,
//! `;` and decimal commas) and named after the period and filters they hold.

use std::io::Write;

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::dashboard::{in_viewers_hours, link_href, link_tables, names_of, viewers_zone};
use super::tables::{self, Names, Table};
use super::{PageError, Viewer};
use crate::app::AppState;
use crate::error::log_text;
use crate::i18n;
use crate::routes::csv_download::{Dialect, Lines, download};
use crate::stats::{FilterQuery, Report};

#[derive(serde::Deserialize)]
pub struct ExportQuery {
    /// Missing, it is a table that is not there, as an unknown one is: the app's 404 page in
    /// the reader's language rather than the extractor's English 400.
    #[serde(default)]
    table: String,
}

/// The tables of the dashboard for the filters asked, and the name their files share.
async fn tables_for(
    state: &AppState,
    viewer: &Viewer,
    filter_query: &FilterQuery,
    with_link_tables: bool,
) -> Result<(Vec<Table>, String), PageError> {
    let filter = filter_query.filter(&state.timezone).map_err(|_| {
        PageError::refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "error-bad-filter",
            i18n::t("error-bad-filter-text"),
        )
    })?;
    let mut filter = in_viewers_hours(filter, viewer, state);
    // A file of zeros for a campaign, channel or link that is not there reads as no traffic.
    crate::stats::names::resolve_or_refuse(&state.db, state.domains().base_host(), &mut filter)
        .await?;
    let report = Report::build(state.reads.db(), &filter).await?;
    let (catalogue, top_links) = names_of(state, &report).await?;
    let link_href = |slug: &str| link_href(filter_query, slug);
    let names = Names {
        catalogue: &catalogue,
        links: &top_links,
        link_href: &link_href,
    };
    let mut tables = tables::all(&report, &names);
    if let (true, Some(key)) = (with_link_tables, &filter.link) {
        let zone = viewers_zone(viewer, state);
        if let Some(own) = link_tables(state, &filter, key, &zone).await? {
            tables.splice(0..0, own.tables);
        }
    }
    let first = report
        .days
        .first()
        .map(|d| day_of(&d.key))
        .unwrap_or_default();
    let last = report
        .days
        .last()
        .map(|d| day_of(&d.key))
        .unwrap_or_default();
    let mut name = format!("{first}_{last}");
    for (what, value) in [
        ("campaign", &filter.campaign),
        ("channel", &filter.channel),
        ("tag", &filter.tag),
        ("link", &filter.link),
    ] {
        if let Some(value) = value {
            name.push_str(&format!("-{what}-{}", file_word(value)));
        }
    }
    Ok((tables, name))
}

/// `2026-11-22` of a day's or an hour's key.
fn day_of(key: &str) -> &str {
    key.get(..10).unwrap_or(key)
}

/// A filter's value as a word of a file name: ASCII letters and digits, accents dropped,
/// anything else a dash (`Soldes d'été` → `soldes-d-ete`).
fn file_word(value: &str) -> String {
    let dashed = crate::text::dashed_ascii(value);
    dashed
        .chars()
        .take(40)
        .collect::<String>()
        .trim_end_matches('-')
        .to_owned()
}

/// A table as the bytes of a CSV file in `dialect`: raw values (plain integers, ratios as
/// decimals, empty cells for none), not the page's formatting.
pub(super) fn csv_file(table: &Table, dialect: Dialect) -> Vec<u8> {
    let mut lines = Lines::in_dialect(dialect);
    lines.push(&table.headers);
    for row in &table.rows {
        lines.push(row.iter().map(|cell| cell.csv(&dialect)));
    }
    let mut file = dialect.preamble().to_vec();
    file.extend(lines.take());
    file
}

/// Any table of the dashboard as CSV, for the same filters.
pub async fn table(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<ExportQuery>,
    // Read on its own: through `#[serde(flatten)]` every value arrives as a string and
    // `automated=true`, which the page's CSV links carry, was refused with a 400.
    Query(filter_query): Query<FilterQuery>,
) -> Result<Response, PageError> {
    // A link's own tables are read only when one of them is asked for.
    let with_link_tables = matches!(query.table.as_str(), "recent" | "destinations");
    let (tables, name) = tables_for(&state, &viewer, &filter_query, with_link_tables).await?;
    let table = tables
        .into_iter()
        .find(|t| t.id == query.table)
        .ok_or_else(|| PageError::missing("table"))?;
    let file = csv_file(&table, Dialect::of_language());
    Ok(download(
        &format!("lanterne-{}-{name}.csv", table.id),
        file.into(),
    ))
}

/// Every table of the dashboard, one CSV file each, in one zip.
pub async fn everything(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(filter_query): Query<FilterQuery>,
) -> Result<Response, PageError> {
    let (tables, name) = tables_for(&state, &viewer, &filter_query, true).await?;
    let dialect = Dialect::of_language();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let written: zip::result::ZipResult<Vec<u8>> = (|| {
        for table in &tables {
            zip.start_file(format!("lanterne-{}-{name}.csv", table.id), options)?;
            zip.write_all(&csv_file(table, dialect))?;
        }
        Ok(zip.finish()?.into_inner())
    })();
    let bytes = written.map_err(|err| {
        tracing::error!(error = %log_text(&err), "writing the dashboard's zip failed");
        PageError::refused(
            StatusCode::INTERNAL_SERVER_ERROR,
            "error-fault",
            i18n::t("error-fault-text"),
        )
    })?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"lanterne-{name}.zip\""),
            ),
        ],
        Body::from(bytes),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_values_become_words_of_a_file_name() {
        assert_eq!(file_word("Soldes d'été"), "soldes-d-ete");
        assert_eq!(file_word("  ../../etc/passwd "), "etc-passwd");
        assert_eq!(file_word("Noël 2026 🎄"), "noel-2026");
    }
}
