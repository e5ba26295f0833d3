//! `lanterne export` and the Links page's download: every link with its options, campaign,
//! channel, tags and hits, as CSV (which `lanterne import csv` reads back) or JSON.

use serde::Serialize;

use crate::config::ExportFormat;
use crate::db::Db;
use crate::domains::registry::Domains;
use crate::links::options::view::OptionsView;
use crate::links::{Link, LinkFilter, LinkSort};

/// The CSV's columns: the link's, then one per option (rules and variants as the API's JSON).
/// `lanterne import csv` reads them all but `hits`, the options as `lanterne import json`
/// reads them (a protected link's row is refused).
const COLUMNS: [&str; 19] = [
    "slug",
    "url",
    "campaign",
    "channel",
    "tags",
    "created_at",
    "domain",
    "enabled",
    "hits",
    "preview_title",
    "preview_description",
    "preview_image",
    "starts_at",
    "expires_at",
    "expired_url",
    "max_clicks",
    "password_protected",
    "rules",
    "variants",
];

/// One link as exported: its options with the names and values the API gives them.
#[derive(Debug, Serialize)]
struct Exported<'a> {
    slug: &'a str,
    url: &'a str,
    /// The host its short URL is on: a branded domain, or the base URL's host, as the API
    /// and webhooks give it; `lanterne import` takes the base URL's host back as its own.
    domain: &'a str,
    campaign: Option<&'a str>,
    channel: Option<&'a str>,
    tags: &'a [String],
    /// RFC 3339, UTC.
    created_at: String,
    enabled: bool,
    hits: i64,
    #[serde(flatten)]
    options: OptionsView,
}

impl<'a> Exported<'a> {
    fn new(link: &'a Link, base_url: &str, domains: &'a Domains) -> Exported<'a> {
        Exported {
            slug: &link.spec.slug,
            url: &link.spec.url,
            domain: domains.shown(&link.spec.domain),
            campaign: link.spec.campaign.as_deref(),
            channel: link.spec.channel.as_deref(),
            tags: &link.spec.tags,
            // One shape for every row (milliseconds always), as the API writes it.
            created_at: crate::clock::rfc3339(link.created_at),
            enabled: link.enabled,
            hits: link.hit_count,
            options: OptionsView::new(link.spec.options.clone(), link.has_password, base_url),
        }
    }
}

/// Every link, oldest first by creation date (an imported link keeps its tool's date).
pub async fn all_links(db: &Db) -> sqlx::Result<Vec<Link>> {
    db.list_links(&LinkFilter {
        sort: LinkSort::Oldest,
        limit: i64::MAX,
        ..LinkFilter::default()
    })
    .await
}

/// The links in `format`; `base_url` is where uploaded card images are served, and its host
/// the domain of links on it.
pub fn write(links: &[Link], format: ExportFormat, base_url: &str) -> anyhow::Result<Vec<u8>> {
    let domains = Domains::new(base_url);
    let links = links
        .iter()
        .map(|link| Exported::new(link, base_url, &domains));
    match format {
        ExportFormat::Json => {
            let mut json = serde_json::to_vec_pretty(&links.collect::<Vec<_>>())?;
            json.push(b'\n');
            Ok(json)
        }
        ExportFormat::Csv => csv(links, b',', false),
    }
}

/// The links as CSV for a spreadsheet: `separator` (`;` where the decimal separator is a
/// comma, as French Excel reads it) and, with `bom`, a UTF-8 byte order mark first, without
/// which Excel garbles "Été". The columns are the same, and `lanterne import` reads it back.
pub fn csv_for_spreadsheet(
    links: &[Link],
    base_url: &str,
    separator: u8,
    bom: bool,
) -> anyhow::Result<Vec<u8>> {
    let domains = Domains::new(base_url);
    csv(
        links
            .iter()
            .map(|link| Exported::new(link, base_url, &domains)),
        separator,
        bom,
    )
}

fn csv<'a>(
    links: impl Iterator<Item = Exported<'a>>,
    separator: u8,
    bom: bool,
) -> anyhow::Result<Vec<u8>> {
    let start = if bom {
        "\u{feff}".as_bytes().to_vec()
    } else {
        Vec::new()
    };
    let mut out = csv::WriterBuilder::new()
        .delimiter(separator)
        .from_writer(start);
    out.write_record(COLUMNS)?;
    for e in links {
        let o = &e.options;
        let card = o.preview.as_ref();
        let text = |value: Option<&str>| value.unwrap_or("").to_owned();
        out.write_record([
            e.slug.to_owned(),
            e.url.to_owned(),
            text(e.campaign),
            text(e.channel),
            e.tags.join("|"),
            e.created_at.clone(),
            e.domain.to_owned(),
            e.enabled.to_string(),
            e.hits.to_string(),
            text(card.map(|c| c.title.as_str())),
            text(card.and_then(|c| c.description.as_deref())),
            text(card.and_then(|c| c.image.as_deref())),
            text(o.starts_at.as_deref()),
            text(o.expires_at.as_deref()),
            text(o.expired_url.as_deref()),
            o.max_clicks.map(|n| n.to_string()).unwrap_or_default(),
            o.password_protected.to_string(),
            json_list(&o.rules)?,
            json_list(&o.variants)?,
        ])?;
    }
    Ok(out.into_inner()?)
}

/// A list as JSON text; empty for none.
fn json_list<T: Serialize>(items: &[T]) -> anyhow::Result<String> {
    Ok(if items.is_empty() {
        String::new()
    } else {
        serde_json::to_string(items)?
    })
}
