//! CSV downloads: every cell a spreadsheet would take for a formula is neutralised, and long
//! exports go to the client a slice at a time instead of being built whole in memory.

use std::borrow::Cow;

use axum::body::Body;
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// A cell that starts like a formula (`=`, `+`, `-`, `@`, a tab or a carriage return) gets a
/// leading `'`, which spreadsheets show as text and never evaluate (OWASP's rule): visitors
/// choose their user agent and referrer, and marketers their campaign names and tags. A
/// plain number is left as it is: it cannot be a formula.
pub fn neutral(cell: &str) -> Cow<'_, str> {
    let formula_like = matches!(
        cell.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    );
    if formula_like && !is_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

fn is_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.parse::<f64>().is_ok()
}

/// CSV lines, each cell neutralised, taken out as bytes as they are written.
pub struct Lines(Vec<u8>);

impl Lines {
    pub fn new() -> Lines {
        Lines(Vec::new())
    }

    pub fn push<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        let mut writer = csv::Writer::from_writer(&mut self.0);
        let record = cells
            .into_iter()
            .map(|cell| neutral(cell.as_ref()).into_owned());
        // Writing to memory cannot fail.
        let _ = writer.write_record(record);
        let _ = writer.flush();
    }

    /// The bytes written since the last take.
    pub fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.0)
    }
}

impl Default for Lines {
    fn default() -> Self {
        Self::new()
    }
}

/// A CSV download named `filename`.
pub fn download(filename: &str, body: Body) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_start_like_formulas_are_text() {
        for (cell, written) in [
            (
                "=HYPERLINK(\"http://evil.example/x\",\"click\")",
                "'=HYPERLINK(\"http://evil.example/x\",\"click\")",
            ),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("@sum(1)", "'@sum(1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("-", "'-"),
            ("-12", "-12"),
            ("-0.25", "-0.25"),
            ("0.69", "0.69"),
            ("spring = sale", "spring = sale"),
            ("", ""),
        ] {
            assert_eq!(neutral(cell), written, "{cell:?}");
        }
    }

    #[test]
    fn lines_are_quoted_csv_of_neutral_cells() {
        let mut lines = Lines::new();
        lines.push(["a", "=1+1", "b,c"]);
        assert_eq!(lines.take(), b"a,'=1+1,\"b,c\"\n");
        assert!(lines.take().is_empty());
    }
}
