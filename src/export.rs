//! `lanterne export` and the Links page's download: every link with its options, campaign,
//! channel, tags and hits, as CSV (which `lanterne import csv` reads back) or JSON.

use serde::Serialize;

use crate::config::ExportFormat;
use crate::db::Db;
use crate::links::{Link, LinkFilter, LinkSort, options::LinkOptions};

/// The CSV's columns; the first seven are those `lanterne import csv` reads.
const COLUMNS: [&str; 11] = [
    "slug",
    "url",
    "campaign",
    "channel",
    "tags",
    "created_at",
    "domain",
    "enabled",
    "hits",
    "password_protected",
    "options",
];

/// One link as exported.
#[derive(Debug, Serialize)]
struct Exported<'a> {
    slug: &'a str,
    url: &'a str,
    /// The branded domain the link is on; `None` for the base URL's host (so that a file
    /// imported elsewhere lands on that server's own).
    domain: Option<&'a str>,
    campaign: Option<&'a str>,
    channel: Option<&'a str>,
    tags: &'a [String],
    /// RFC 3339, UTC.
    created_at: String,
    enabled: bool,
    hits: i64,
    password_protected: bool,
    options: &'a LinkOptions,
}

impl<'a> From<&'a Link> for Exported<'a> {
    fn from(link: &'a Link) -> Exported<'a> {
        Exported {
            slug: &link.slug,
            url: &link.url,
            domain: Some(link.domain.as_str()).filter(|d| !d.is_empty()),
            campaign: link.campaign.as_deref(),
            channel: link.channel.as_deref(),
            tags: &link.tags,
            created_at: jiff::Timestamp::from_millisecond(link.created_at)
                .map(|t| t.to_string())
                .unwrap_or_default(),
            enabled: link.enabled,
            hits: link.hit_count,
            password_protected: link.has_password,
            options: &link.options,
        }
    }
}

/// Every link, oldest first.
pub async fn all_links(db: &Db) -> sqlx::Result<Vec<Link>> {
    db.list_links(&LinkFilter {
        sort: LinkSort::Oldest,
        limit: i64::MAX,
        ..LinkFilter::default()
    })
    .await
}

pub fn write(links: &[Link], format: ExportFormat) -> anyhow::Result<Vec<u8>> {
    match format {
        ExportFormat::Json => {
            let links: Vec<Exported> = links.iter().map(Exported::from).collect();
            let mut json = serde_json::to_vec_pretty(&links)?;
            json.push(b'\n');
            Ok(json)
        }
        ExportFormat::Csv => csv(links),
    }
}

fn csv(links: &[Link]) -> anyhow::Result<Vec<u8>> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(COLUMNS)?;
    for link in links {
        let e = Exported::from(link);
        let options = if *e.options == LinkOptions::default() {
            String::new()
        } else {
            serde_json::to_string(e.options)?
        };
        out.write_record([
            e.slug,
            e.url,
            e.campaign.unwrap_or(""),
            e.channel.unwrap_or(""),
            &e.tags.join("|"),
            &e.created_at,
            e.domain.unwrap_or(""),
            if e.enabled { "true" } else { "false" },
            &e.hits.to_string(),
            if e.password_protected {
                "true"
            } else {
                "false"
            },
            &options,
        ])?;
    }
    Ok(out.into_inner()?)
}
