//! Reading a CSV export by its header: each format names the headers it knows for each
//! field, compared without case, spaces or punctuation ("Short link" is `shortlink`).

use super::super::{Carried, Problem, Row};
use super::{dates, json, password_protected, slug_of_short_url, split_tags};
use crate::i18n::Message;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Url,
    Slug,
    Domain,
    /// A whole short URL, whose path is the slug.
    ShortUrl,
    Campaign,
    Channel,
    Tags,
    CreatedAt,
    /// Lanterne's `enabled`: `false` imports the link turned off.
    Enabled,
    /// Lanterne's `password_protected`: `true` refuses the row, as the password is not in
    /// the file and the link would arrive open.
    PasswordProtected,
    /// One of the options of Lanterne's CSV export, by its column's name there
    /// (`preview_title`, `max_clicks`, `rules` …): read as its JSON export's options are.
    LinkOption(&'static str),
    /// A column of a headerless file that is not read.
    Ignored,
}

impl Field {
    /// What a file with this column says of its links, empty cells included (an empty
    /// `campaign` is no campaign).
    fn carried(self) -> Option<Carried> {
        match self {
            Field::Campaign => Some(Carried::Campaign),
            Field::Channel => Some(Carried::Channel),
            Field::Tags => Some(Carried::Tags),
            Field::Enabled => Some(Carried::Enabled),
            Field::LinkOption(column) => Carried::of_column(column),
            _ => None,
        }
    }
}

/// A format's columns: each field with the headers it goes by, and the order of the columns
/// when the file has no header.
pub(super) struct Spec {
    pub columns: &'static [(Field, &'static [&'static str])],
    pub headerless: Option<&'static [Field]>,
}

pub(super) fn read(spec: &Spec, text: &str) -> Result<Vec<Result<Row, Problem>>, Message> {
    let text = &one_line_ending(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let mut records = reader.records().peekable();
    let Some(first) = records.peek() else {
        return Ok(Vec::new());
    };
    let first = first
        .as_ref()
        .map_err(|e| Message::new("refusal-import-first-line").with("reason", e.to_string()))?;
    let header = columns_of_header(spec, first);
    let columns = match (header, spec.headerless) {
        (Some(columns), _) => {
            records.next();
            columns
        }
        (None, Some(order)) => order.iter().copied().map(Some).collect(),
        (None, None) => {
            return Err(Message::new("refusal-import-no-url-column"));
        }
    };
    let mut lines = Lines {
        text,
        at: 0,
        line: 1,
    };
    let records: Vec<_> = records.collect();
    let created_at = columns.iter().position(|c| *c == Some(Field::CreatedAt));
    let order = dates::Order::of(records.iter().flatten().filter_map(|r| r.get(created_at?)));
    let carries: Vec<Carried> = Carried::ALL
        .into_iter()
        .filter(|c| {
            columns
                .iter()
                .any(|f| f.and_then(Field::carried) == Some(*c))
        })
        .collect();
    Ok(records
        .into_iter()
        .map(|record| {
            let record = record.map_err(|e| Problem {
                line: e.position().map_or(0, |p| lines.of(p.byte())),
                reason: Message::new("refusal-import-unreadable").with("reason", e.to_string()),
            })?;
            let line = record.position().map_or(0, |p| lines.of(p.byte()));
            let mut row = row(&columns, &record, line, order);
            row.carries.clone_from(&carries);
            Ok(row)
        })
        .collect())
}

/// The line a record starts on, from where the csv crate started reading it. Its own line
/// counts are off: it takes a record's position before skipping the line endings ahead of
/// it (the '\n' of a CRLF, blank lines), so a record after one reports an earlier line.
struct Lines<'t> {
    text: &'t str,
    /// Where the last record started, and its line: records come in order.
    at: usize,
    line: u64,
}

impl Lines<'_> {
    fn of(&mut self, byte: u64) -> u64 {
        let bytes = self.text.as_bytes();
        let mut start =
            usize::try_from(byte).map_or(bytes.len(), |b| b.clamp(self.at, bytes.len()));
        while bytes.get(start) == Some(&b'\n') {
            start += 1;
        }
        self.line += bytes[self.at..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        self.at = start;
        self.line
    }
}

/// The text with every line ending a '\n', so that lines are counted one way: Excel writes
/// CRLF, and a browser sends the preview's `<textarea>` back with CRLF whatever the file had.
fn one_line_ending(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        text.into()
    }
}

/// ';' or a tab when the first line holds one of them and no ','.
fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    if first.contains(',') {
        b','
    } else if first.contains(';') {
        b';'
    } else if first.contains('\t') {
        b'\t'
    } else {
        b','
    }
}

/// The field of each column, when the record is a header with a URL column.
fn columns_of_header(spec: &Spec, record: &csv::StringRecord) -> Option<Vec<Option<Field>>> {
    let columns: Vec<Option<Field>> = record
        .iter()
        .map(|name| {
            let name = normalize(name);
            spec.columns
                .iter()
                .find(|(_, names)| names.contains(&name.as_str()))
                .map(|(field, _)| *field)
        })
        .collect();
    columns.contains(&Some(Field::Url)).then_some(columns)
}

fn normalize(header: &str) -> String {
    header
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn row(
    columns: &[Option<Field>],
    record: &csv::StringRecord,
    line: u64,
    order: dates::Order,
) -> Row {
    let mut row = Row {
        line,
        ..Row::default()
    };
    let mut short_url = None;
    let mut options = Vec::new();
    for (field, cell) in columns.iter().zip(record.iter()) {
        let cell = cell.trim();
        if cell.is_empty() {
            continue;
        }
        let text = Some(cell.to_owned());
        match field {
            Some(Field::Url) => row.url = cell.to_owned(),
            Some(Field::Slug) => row.slug = text,
            Some(Field::Domain) => row.domain = text,
            Some(Field::ShortUrl) => short_url = Some(cell),
            Some(Field::Campaign) => row.campaign = text,
            Some(Field::Channel) => row.channel = text,
            Some(Field::Tags) => row.tags = split_tags(cell),
            Some(Field::CreatedAt) => match dates::parse(cell, order) {
                Ok(at) => row.created_at = Some(at),
                Err(reason) => row.unreadable = Some(reason),
            },
            Some(Field::Enabled) => match flag("enabled", cell) {
                Ok(on) => row.turned_off = !on,
                Err(reason) => row.unreadable = Some(reason),
            },
            // A value that is not `false` may be a protected link's: refused either way.
            Some(Field::PasswordProtected) => match flag("password_protected", cell) {
                Ok(false) => {}
                Ok(true) => row.unreadable = Some(password_protected()),
                Err(reason) => row.unreadable = Some(reason),
            },
            Some(Field::LinkOption(column)) => options.push((*column, cell)),
            Some(Field::Ignored) | None => {}
        }
    }
    if row.slug.is_none() {
        row.slug = short_url.and_then(slug_of_short_url);
    }
    // A file without option columns (an older export, one written by hand) carries none,
    // rather than options cleared.
    if columns
        .iter()
        .any(|c| matches!(c, Some(Field::LinkOption(_))))
    {
        match json::options_of_columns(options) {
            Ok(options) => row.options = Some(options),
            // The first cell that could not be read stays the reason.
            Err(reason) => {
                row.unreadable.get_or_insert(reason);
            }
        }
    }
    row
}

/// A `true` or `false` cell, in any letter case (English Excel re-saves them as `TRUE` and
/// `FALSE`); any other value refuses the row, naming its column.
fn flag(column: &str, cell: &str) -> Result<bool, Message> {
    if cell.eq_ignore_ascii_case("true") {
        Ok(true)
    } else if cell.eq_ignore_ascii_case("false") {
        Ok(false)
    } else {
        let found = Message::new("json-found-text").with_typed("text", cell);
        Err(Message::in_field(
            column,
            Message::new("refusal-json-type")
                .with("expected", Message::new("json-kind-boolean"))
                .with("found", found),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_compared_without_case_or_punctuation() {
        assert_eq!(normalize("Short link"), "shortlink");
        assert_eq!(normalize("long_url"), "longurl");
        assert_eq!(normalize("createdAt"), "createdat");
    }

    /// The line of each row read from `text`, or of its problem.
    fn lines(text: &str) -> Vec<u64> {
        let spec = Spec {
            columns: &[(Field::Url, &["url"]), (Field::Slug, &["slug"])],
            headerless: None,
        };
        let rows = read(&spec, text).unwrap();
        rows.iter()
            .map(|r| r.as_ref().map_or_else(|p| p.line, |r| r.line))
            .collect()
    }

    #[test]
    fn rows_are_on_their_own_line_whatever_ends_the_lines() {
        let lf = "url,slug\nhttps://a.example/,a\nhttps://b.example/,b\n\nhttps://c.example/,c\n";
        assert_eq!(lines(lf), [2, 3, 5]);
        assert_eq!(
            lines(&lf.replace('\n', "\r\n")),
            [2, 3, 5],
            "CRLF, as Excel writes"
        );
        assert_eq!(lines(&lf.replace('\n', "\r")), [2, 3, 5], "CR alone");
        let quoted = "url,slug\r\n\"https://a.example/\",\"a\r\nb\"\r\nhttps://c.example/,c\r\n";
        assert_eq!(lines(quoted), [2, 4], "a cell over two lines");
    }

    #[test]
    fn a_row_with_an_unreadable_date_keeps_what_was_read() {
        let spec = Spec {
            columns: &[
                (Field::ShortUrl, &["link"]),
                (Field::Url, &["longurl"]),
                (Field::CreatedAt, &["created"]),
            ],
            headerless: None,
        };
        let rows = read(
            &spec,
            "link,long_url,created\nbit.ly/noel2,https://b.example/noel,mars 2024\n",
        )
        .unwrap();
        let row = rows[0].as_ref().unwrap();
        assert_eq!(row.slug.as_deref(), Some("noel2"));
        assert_eq!(row.url, "https://b.example/noel");
        let reason = row.unreadable.as_ref().unwrap().english();
        assert!(
            reason.contains("\"mars 2024\"") && reason.contains("2024-03-01"),
            "the expected format is named: {reason}"
        );
    }

    #[test]
    fn semicolons_are_the_delimiter_when_no_comma_is() {
        assert_eq!(delimiter("longURL;tags;domain\nx,y;z"), b';');
        assert_eq!(delimiter("url,slug\n"), b',');
    }

    /// The creation date of each row read from a Bitly export re-saved by a spreadsheet.
    fn created(text: &str) -> Vec<Result<Option<i64>, String>> {
        let spec = Spec {
            columns: &[(Field::Url, &["longurl"]), (Field::CreatedAt, &["created"])],
            headerless: None,
        };
        read(&spec, text)
            .unwrap()
            .into_iter()
            .map(|r| {
                let row = r.unwrap();
                match row.unreadable {
                    Some(reason) => Err(reason.english()),
                    None => Ok(row.created_at),
                }
            })
            .collect()
    }

    #[test]
    fn a_file_re_saved_by_a_spreadsheet_keeps_its_dates_in_its_order() {
        let may_2nd_10h = Ok(Some(1_714_644_000_000));
        let dec_25th = Ok(Some(1_703_462_400_000));
        let french = "long_url;created\nhttps://a.example/;02/05/2024 10:00\nhttps://b.example/;25/12/2023\n";
        assert_eq!(created(french), [may_2nd_10h.clone(), dec_25th.clone()]);
        let american = "long_url,created\nhttps://a.example/,05/02/2024 10:00\nhttps://b.example/,12/25/2023\n";
        assert_eq!(created(american), [may_2nd_10h.clone(), dec_25th]);
        let mixed =
            "long_url,created\nhttps://a.example/,25/12/2023\nhttps://b.example/,12/25/2023\n";
        let rows = created(mixed);
        assert!(rows[0].is_ok(), "{rows:?}");
        let refused = rows[1].as_ref().unwrap_err();
        assert!(
            refused.contains("\"12/25/2023\"") && refused.contains("day/month/year"),
            "{refused}"
        );
    }
}
