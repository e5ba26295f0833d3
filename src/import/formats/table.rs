//! Reading a CSV export by its header: each format names the headers it knows for each
//! field, compared without case, spaces or punctuation ("Short link" is `shortlink`).

use super::super::{Problem, Row};
use super::{dates, slug_of_short_url, split_tags};
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
    /// A column of a headerless file that is not read.
    Ignored,
}

/// A format's columns: each field with the headers it goes by, and the order of the columns
/// when the file has no header.
pub(super) struct Spec {
    pub columns: &'static [(Field, &'static [&'static str])],
    pub headerless: Option<&'static [Field]>,
}

pub(super) fn read(spec: &Spec, text: &str) -> Result<Vec<Result<Row, Problem>>, Message> {
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
    Ok(records
        .map(|record| {
            let record = record.map_err(|e| Problem {
                line: e.position().map_or(0, |p| p.line()),
                reason: Message::new("refusal-import-unreadable").with("reason", e.to_string()),
            })?;
            let line = record.position().map_or(0, |p| p.line());
            row(&columns, &record, line).map_err(|reason| Problem { line, reason })
        })
        .collect())
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

fn row(columns: &[Option<Field>], record: &csv::StringRecord, line: u64) -> Result<Row, Message> {
    let mut row = Row {
        line,
        ..Row::default()
    };
    let mut short_url = None;
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
            Some(Field::CreatedAt) => row.created_at = Some(dates::parse(cell)?),
            Some(Field::Ignored) | None => {}
        }
    }
    if row.slug.is_none() {
        row.slug = short_url.and_then(slug_of_short_url);
    }
    Ok(row)
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

    #[test]
    fn semicolons_are_the_delimiter_when_no_comma_is() {
        assert_eq!(delimiter("longURL;tags;domain\nx,y;z"), b';');
        assert_eq!(delimiter("url,slug\n"), b',');
    }
}
