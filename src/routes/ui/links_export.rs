//! The Links page's downloads: every link, as `lanterne export` writes it, in JSON or in CSV
//! in the reader's spreadsheet dialect. Unlike the dashboard's tables, the CSV keeps its
//! column names and values as `lanterne import csv` reads them (`channel`, `email`, `true`)
//! in every language: it is a file to move links with, and the page's words would not import
//! back (nor from one language's file into the other's server).

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::{PageError, Viewer};
use crate::app::AppState;
use crate::config::ExportFormat;
use crate::routes::csv_download::Dialect;

pub async fn csv(State(state): State<AppState>, viewer: Viewer) -> Result<Response, PageError> {
    download(&state, &viewer, ExportFormat::Csv).await
}

pub async fn json(State(state): State<AppState>, viewer: Viewer) -> Result<Response, PageError> {
    download(&state, &viewer, ExportFormat::Json).await
}

async fn download(
    state: &AppState,
    _viewer: &Viewer,
    format: ExportFormat,
) -> Result<Response, PageError> {
    let links = crate::export::all_links(&state.db).await?;
    // Written into memory: neither the CSV writer nor serde_json can fail on links. The CSV
    // opens in the reader's spreadsheet (`;` and a BOM in French), and imports back.
    let body = match format {
        ExportFormat::Csv => {
            let dialect = Dialect::of_language();
            crate::export::csv_for_spreadsheet(
                &links,
                &state.base_url,
                dialect.separator,
                dialect.bom,
            )
        }
        ExportFormat::Json => crate::export::write(&links, format, &state.base_url),
    }
    .expect("links are written into memory");
    let (kind, name) = match format {
        ExportFormat::Csv => ("text/csv; charset=utf-8", "lanterne-links.csv"),
        ExportFormat::Json => ("application/json", "lanterne-links.json"),
    };
    Ok((
        [
            (header::CONTENT_TYPE, kind.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response())
}
