//! Kutt: it has no file export; its API lists links as pages of JSON, `{"total", "limit",
//! "skip", "data": [link, ...]}`, each link with `address` (the slug), `target`, `domain`,
//! `created_at` and more (thedevs-network/kutt server/handlers/links.handler.js, get, and
//! server/utils/utils.js, sanitize.link; the same fields shlink-importer reads in
//! src/Sources/Kutt/KuttImporter.php). A file holds one page, an array of pages or of links,
//! or pages one after another.

use serde_json::Value;

use super::super::{Problem, Row};
use super::{dates, json_refusal};
use crate::i18n::Message;

pub(super) fn read(text: &str) -> Result<Vec<Result<Row, Problem>>, Message> {
    let mut links = Vec::new();
    for value in serde_json::Deserializer::from_str(text).into_iter::<Value>() {
        let value = value.map_err(|e| {
            // Not JSON at all: a CSV chosen as Kutt, and the message names the formats to
            // choose instead.
            let not_kutt = Message::new("refusal-import-not-kutt");
            json_refusal(text, &e, not_kutt, "refusal-import-kutt-broken")
        })?;
        collect(value, &mut links);
    }
    let lines = address_lines(text);
    let count = links.len();
    let line_of = |index: usize| {
        if lines.len() == count {
            lines[index]
        } else {
            index as u64 + 1
        }
    };
    Ok(links
        .into_iter()
        .enumerate()
        .map(|(index, link)| {
            let line = line_of(index);
            row(&link, line).map_err(|reason| Problem { line, reason })
        })
        .collect())
}

/// The links of a page, of an array of pages or links, or a link.
fn collect(value: Value, links: &mut Vec<Value>) {
    match value {
        Value::Array(items) => items.into_iter().for_each(|item| collect(item, links)),
        Value::Object(mut page) if page.contains_key("data") => {
            if let Some(data) = page.remove("data") {
                collect(data, links);
            }
        }
        link @ Value::Object(_) => links.push(link),
        _ => {}
    }
}

/// The line of each link: where its "address" key is (every link has one), so problems
/// are reported where the file shows them.
fn address_lines(text: &str) -> Vec<u64> {
    let mut line = 1;
    let mut lines = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("\"address\"") {
        line += rest[..at].matches('\n').count() as u64;
        lines.push(line);
        rest = &rest[at + 1..];
    }
    lines
}

fn row(link: &Value, line: u64) -> Result<Row, Message> {
    let text = |key: &str| {
        link.get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let created_at = text("created_at")
        .map(|d| dates::parse(&d, dates::Order::DayFirst))
        .transpose();
    Ok(Row {
        line,
        url: text("target").ok_or_else(|| Message::new("refusal-import-no-target"))?,
        slug: text("address"),
        created_at: created_at.as_ref().ok().copied().flatten(),
        unreadable: created_at.err(),
        ..Row::default()
    })
}
