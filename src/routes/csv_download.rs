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

/// How a spreadsheet of the reader's language expects a CSV file: the web UI's downloads
/// follow the page's language (its file's `csv-separator`, `csv-bom` and `number-decimal`);
/// the API's stay plain for scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    /// `,`, or `;` where the decimal separator is a comma (French Excel).
    pub separator: u8,
    /// A UTF-8 byte order mark first: without it Excel reads the file in the system's
    /// legacy code page and garbles "Montréal".
    pub bom: bool,
    /// The decimal separator of numbers with a fraction.
    pub decimal: char,
}

impl Dialect {
    /// Comma-separated, no BOM, decimal point: what scripts and the API expect.
    pub const PLAIN: Dialect = Dialect {
        separator: b',',
        bom: false,
        decimal: '.',
    };

    /// The dialect of the request's language.
    pub fn of_language() -> Dialect {
        let locale = crate::i18n::current();
        let first = |key: &str, default: char| locale.text(key).chars().next().unwrap_or(default);
        Dialect {
            separator: u8::try_from(first("csv-separator", ',')).unwrap_or(b','),
            bom: locale.text("csv-bom") == "yes",
            decimal: first("number-decimal", '.'),
        }
    }

    /// A ratio as a number the spreadsheet reads: four decimals at most, its decimal
    /// separator (`0.955`, `0,955`).
    pub fn ratio(&self, share: f64) -> String {
        let written = format!("{share:.4}");
        let trimmed = written.trim_end_matches('0').trim_end_matches('.');
        trimmed.replace('.', &self.decimal.to_string())
    }

    /// The start of a file: the BOM, if any.
    pub fn preamble(&self) -> &'static [u8] {
        if self.bom { b"\xEF\xBB\xBF" } else { b"" }
    }
}

/// CSV lines, each cell neutralised, taken out as bytes as they are written.
pub struct Lines {
    bytes: Vec<u8>,
    separator: u8,
}

impl Lines {
    pub fn new() -> Lines {
        Lines::in_dialect(Dialect::PLAIN)
    }

    /// Lines split by the dialect's separator (the caller writes its preamble).
    pub fn in_dialect(dialect: Dialect) -> Lines {
        Lines {
            bytes: Vec::new(),
            separator: dialect.separator,
        }
    }

    pub fn push<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(self.separator)
            .from_writer(&mut self.bytes);
        let record = cells
            .into_iter()
            .map(|cell| neutral(cell.as_ref()).into_owned());
        // Writing to memory cannot fail.
        let _ = writer.write_record(record);
        let _ = writer.flush();
    }

    /// The bytes written since the last take.
    pub fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.bytes)
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
    fn french_spreadsheets_get_semicolons_and_decimal_commas() {
        let french = Dialect {
            separator: b';',
            bom: true,
            decimal: ',',
        };
        let mut lines = Lines::in_dialect(french);
        lines.push(["Montréal", "a;b", &french.ratio(0.955_003_081_980_686_3)]);
        assert_eq!(lines.take(), "Montréal;\"a;b\";0,955\n".as_bytes());
        assert_eq!(Dialect::PLAIN.ratio(0.6), "0.6");
        assert_eq!(Dialect::PLAIN.ratio(1.0), "1");
        assert_eq!(french.preamble(), b"\xEF\xBB\xBF");
    }

    #[test]
    fn lines_are_quoted_csv_of_neutral_cells() {
        let mut lines = Lines::new();
        lines.push(["a", "=1+1", "b,c"]);
        assert_eq!(lines.take(), b"a,'=1+1,\"b,c\"\n");
        assert!(lines.take().is_empty());
    }
}
