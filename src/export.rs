//! `lanterne export` and the Links page's download: every link with its options, campaign,
//! channel, tags, hits and clicks, as CSV (which `lanterne import csv` reads back) or JSON.

use std::collections::HashMap;

use serde::Serialize;

use crate::config::ExportFormat;
use crate::db::Db;
use crate::domains::registry::Domains;
use crate::links::options::view::OptionsView;
use crate::links::{Link, LinkFilter, LinkSort};

/// The CSV's columns: the link's, then one per option (rules and variants as the API's JSON).
/// `lanterne import csv` reads them all but the figures (`hits`, `clicks`) and `site`, the
/// options as `lanterne import json` reads them (a protected link's row is refused).
const COLUMNS: [&str; 21] = [
    "slug",
    "url",
    "campaign",
    "channel",
    "tags",
    "created_at",
    "domain",
    "enabled",
    "hits",
    "clicks",
    "site",
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
    /// Every request, previews and bots included.
    hits: i64,
    /// People who followed it, as the Links page counts them.
    clicks: i64,
    /// The site whose share button made it (such a link has no campaign).
    site: Option<&'a str>,
    #[serde(flatten)]
    options: OptionsView,
}

impl<'a> Exported<'a> {
    fn new(
        link: &'a Link,
        figures: &'a Figures,
        base_url: &str,
        domains: &'a Domains,
    ) -> Exported<'a> {
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
            clicks: figures.clicks.get(&link.id).copied().unwrap_or(0),
            site: figures.sites.get(&link.id).map(String::as_str),
            options: OptionsView::new(link.spec.options.clone(), link.has_password, base_url),
        }
    }
}

/// Every link, and what the Links page says of each beside it.
pub struct AllLinks {
    /// Oldest first by creation date (an imported link keeps its tool's date).
    pub links: Vec<Link>,
    figures: Figures,
}

/// Each link's clicks, and the site of those a share button made, by link id.
#[derive(Default)]
struct Figures {
    clicks: HashMap<i64, i64>,
    sites: HashMap<i64, String>,
}

/// Links whose figures one query reads.
const FIGURES_AT_ONCE: usize = 1_000;

pub async fn all_links(db: &Db) -> sqlx::Result<AllLinks> {
    let links = db
        .list_links(&LinkFilter {
            sort: LinkSort::Oldest,
            limit: i64::MAX,
            ..LinkFilter::default()
        })
        .await?;
    let mut figures = Figures::default();
    let ids: Vec<i64> = links.iter().map(|link| link.id).collect();
    for ids in ids.chunks(FIGURES_AT_ONCE) {
        let counts = db.link_counts(ids).await?;
        (figures.clicks).extend(counts.into_iter().map(|(id, c)| (id, c.clicks)));
        let sites = db.share_button_sites(ids).await?;
        (figures.sites).extend(sites.into_iter().map(|(id, site)| (id, site.name)));
    }
    Ok(AllLinks { links, figures })
}

impl AllLinks {
    fn exported<'a>(
        &'a self,
        base_url: &'a str,
        domains: &'a Domains,
    ) -> impl Iterator<Item = Exported<'a>> {
        (self.links.iter()).map(move |link| Exported::new(link, &self.figures, base_url, domains))
    }
}

/// The links in `format`; `base_url` is where uploaded card images are served, and its host
/// the domain of links on it.
pub fn write(links: &AllLinks, format: ExportFormat, base_url: &str) -> anyhow::Result<Vec<u8>> {
    let domains = Domains::new(base_url);
    let links = links.exported(base_url, &domains);
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
    links: &AllLinks,
    base_url: &str,
    separator: u8,
    bom: bool,
) -> anyhow::Result<Vec<u8>> {
    let domains = Domains::new(base_url);
    csv(links.exported(base_url, &domains), separator, bom)
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
            e.clicks.to_string(),
            text(e.site),
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
