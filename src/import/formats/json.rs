//! Lanterne's JSON export (`lanterne export --format json`, src/export.rs): a list of links,
//! each with the fields of the API's link, its options included, read back with them. Fields
//! it does not know (`hits`) are passed over, as the CSV's other columns are.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::super::{Carried, Problem, Row};
use super::{dates, json_refusal, password_protected};
use crate::i18n::Message;
use crate::links::options::input::{OptionsPatch, timestamp};

pub(super) fn read(text: &str) -> Result<Vec<Result<Row, Problem>>, Message> {
    let not_ours = || Message::new("refusal-import-not-lanterne-json");
    let value: Value = serde_json::from_str(text)
        .map_err(|e| json_refusal(text, &e, not_ours(), "refusal-import-json-broken"))?;
    let Value::Array(links) = value else {
        return Err(not_ours());
    };
    // The file parsed as a list: it has a line for each of its elements.
    let lines = element_lines(text);
    Ok(links
        .iter()
        .zip(lines)
        .map(|(link, line)| row(link, line).map_err(|reason| Problem { line, reason }))
        .collect())
}

/// The line each element of the top-level list starts on, from a text that is JSON.
fn element_lines(text: &str) -> Vec<u64> {
    let mut lines = Vec::new();
    let (mut line, mut depth) = (1, 0u32);
    let (mut in_string, mut escaped, mut awaiting) = (false, false, false);
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        }
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        if depth == 1 && awaiting && c != ']' {
            lines.push(line);
            awaiting = false;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => {
                depth += 1;
                awaiting = depth == 1;
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            ',' => awaiting = depth == 1,
            _ => {}
        }
    }
    lines
}

/// A link of the list; what cannot be read of it refuses the row, shown with its URL and
/// slug when they were read.
fn row(link: &Value, line: u64) -> Result<Row, Message> {
    let Value::Object(link) = link else {
        return Err(Message::new("refusal-import-json-not-link"));
    };
    let mut row = Row {
        line,
        ..Row::default()
    };
    if let Err(reason) = fill(link, &mut row) {
        row.unreadable = Some(reason);
    }
    Ok(row)
}

fn fill(link: &Map<String, Value>, row: &mut Row) -> Result<(), Message> {
    row.url = text(link, "url")?.unwrap_or_default();
    row.slug = text(link, "slug")?;
    row.domain = text(link, "domain")?;
    row.campaign = text(link, "campaign")?;
    row.channel = text(link, "channel")?;
    row.tags = field(link, "tags")?.unwrap_or_default();
    row.created_at = text(link, "created_at")?
        .map(|at| dates::parse(&at, dates::Order::DayFirst))
        .transpose()?;
    row.turned_off = field(link, "enabled")? == Some(false);
    if field(link, "password_protected")? == Some(true) {
        return Err(password_protected());
    }
    row.options = Some(options(link)?);
    // The export writes every key, `null` or `[]` for what is not set: a key left out of a
    // file written by hand says nothing of a link already stored.
    row.carries = Carried::ALL
        .into_iter()
        .filter(|c| link.contains_key(c.key()))
        .collect();
    Ok(())
}

/// The options as the export writes them (each left out or `null` when not set), as a
/// change to a plain link's: the import checks it as the API checks a new link's.
fn options(link: &Map<String, Value>) -> Result<OptionsPatch, Message> {
    // `timestamp`'s refusal names the field.
    let time = |name: &'static str| -> Result<Option<i64>, Message> {
        text(link, name)?.map(|at| timestamp(name, &at)).transpose()
    };
    Ok(OptionsPatch {
        preview: Some(field(link, "preview")?),
        starts_at: Some(time("starts_at")?),
        expires_at: Some(time("expires_at")?),
        expired_url: Some(text(link, "expired_url")?),
        max_clicks: Some(field(link, "max_clicks")?),
        rules: Some(field(link, "rules")?),
        variants: Some(field(link, "variants")?),
    })
}

/// The options of a row of Lanterne's CSV export, from its option columns (each column's
/// name as the export writes it, with its cell when not empty): put in the JSON export's
/// shape, they are read and checked as its options are. The card is three columns there;
/// `max_clicks`, `rules` and `variants` hold JSON (a number, the API's lists), and a cell
/// that is not JSON is kept as text, so that the refusal names the column and shows it.
pub(super) fn options_of_columns<'c>(
    columns: impl IntoIterator<Item = (&'c str, &'c str)>,
) -> Result<OptionsPatch, Message> {
    let (mut link, mut card) = (Map::new(), Map::new());
    for (column, cell) in columns {
        let value = match column {
            "max_clicks" | "rules" | "variants" => {
                serde_json::from_str(cell).unwrap_or_else(|_| Value::from(cell))
            }
            _ => Value::from(cell),
        };
        match column.strip_prefix("preview_") {
            Some(part) => card.insert(part.to_owned(), value),
            None => link.insert(column.to_owned(), value),
        };
    }
    if !card.is_empty() {
        // A description or image without a title: refused by the card's own check.
        card.entry("title").or_insert_with(|| Value::from(""));
        link.insert("preview".to_owned(), Value::Object(card));
    }
    options(&link)
}

/// A field's value; `None` when it is left out or `null`.
fn field<T: DeserializeOwned>(link: &Map<String, Value>, name: &str) -> Result<Option<T>, Message> {
    match link.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => T::deserialize(value)
            .map(Some)
            .map_err(|e| Message::in_field(name, Message::from(e.to_string()))),
    }
}

/// A text field, trimmed; `None` when it is empty too.
fn text(link: &Map<String, Value>, name: &str) -> Result<Option<String>, Message> {
    Ok(field::<String>(link, name)?
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_link_is_on_the_line_it_starts_on() {
        let text = "[\n  {\n    \"url\": \"https://a.example/[x]\",\n    \"tags\": [\"a,b\", \"{\"]\n  },\n  {\"url\": \"\\\"]\"}, 3,\n  null\n]\n";
        assert_eq!(element_lines(text), [2, 6, 6, 7]);
        assert_eq!(element_lines("[]"), Vec::<u64>::new());
        assert_eq!(element_lines(" [ \n\"x\" ]"), [2]);
    }

    #[test]
    fn a_row_keeps_what_was_read_before_what_could_not_be() {
        let rows = read(
            "[{\"url\": \"https://a.example/\", \"slug\": \"a\", \"enabled\": \"yes\"},\n\
             \"https://b.example/\"]",
        )
        .unwrap();
        let a = rows[0].as_ref().unwrap();
        assert_eq!(
            (a.url.as_str(), a.slug.as_deref()),
            ("https://a.example/", Some("a"))
        );
        let reason = a.unreadable.as_ref().unwrap().english();
        assert!(reason.starts_with("enabled: invalid type"), "{reason}");
        assert_eq!(
            rows[1],
            Err(Problem {
                line: 2,
                reason: Message::new("refusal-import-json-not-link")
            })
        );
    }

    #[test]
    fn a_file_that_is_not_a_list_of_links_is_refused_whole() {
        let refused = |text: &str| read(text).unwrap_err().english();
        assert!(
            refused("{\"url\": \"https://a.example/\"}").contains("not Lanterne's JSON export")
        );
        assert!(refused("url,slug\nhttps://a.example/,a\n").contains("not Lanterne's JSON export"));
        let cut = refused("[\n  {\"url\": \"https://a.example/\",\n");
        assert!(cut.contains("from line 3, column 0"), "{cut}");
    }
}
