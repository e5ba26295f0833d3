//! The dashboard's tables, built once from a report and used three ways: on the page, as
//! CSV, and (through the same report) by `/api/v1/stats`.

use crate::classify::platforms;
use crate::db::hits::StoredHit;
use crate::i18n::{self, t};
use crate::links::Link;
use crate::links::catalogue::Catalogue;
use crate::links::options::{Condition, Destination, Device, Pick};
use crate::routes::csv_download::Dialect;
use crate::stats::destinations::DestinationRow;
use crate::stats::report::{ChannelRow, Report, Row, Split};

/// One table: a question as its title, headers, and typed cells; the title and headers in
/// the request's language.
pub struct Table {
    pub id: &'static str,
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// Column headers from their message keys.
fn headers<'a>(keys: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    keys.into_iter().map(t).collect()
}

impl Table {
    /// What it holds, as its `<caption>` says to a screen reader's list of tables (its title
    /// is the question it answers): the message `table-{id}-caption`.
    pub fn caption(&self) -> String {
        t(&format!("table-{}-caption", self.id))
    }

    /// Column `i`'s header, which a cell carries on a phone, where rows become cards
    /// (templates pass the index by reference).
    pub fn header(&self, i: impl std::borrow::Borrow<usize>) -> &str {
        self.headers.get(*i.borrow()).map_or("", String::as_str)
    }

    /// Whether column `i` holds numbers (right-aligned), judged by its first row (templates
    /// pass the index by reference).
    pub fn is_numeric(&self, i: impl std::borrow::Borrow<usize>) -> bool {
        let i = *i.borrow();
        self.rows
            .first()
            .and_then(|row| row.get(i))
            .map_or(i > 0, Cell::is_numeric)
    }
}

/// A cell, kept typed so that the page can format it for people while the CSV carries the
/// raw number a spreadsheet can compute with. Words are the same in both: a key the report
/// gives (a channel, a reach, a device, a country…) is a `Text` of its label in the reader's
/// language, made once by the functions below, so a client's spreadsheet reads as the page.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// `12,528` on the page, `12528` in CSV.
    Count(i64),
    /// A ratio: `60 %` on the page, `0.6` in CSV; nothing to divide shows a dash, or an
    /// empty CSV cell.
    Share(Option<f64>),
    /// No text: a dash on the page, an empty CSV cell (a missing number is a `Share(None)`
    /// or a count of 0, so that its column stays aligned).
    Missing,
    /// A destination: read as the address bar shows it on the page, as stored in CSV (which
    /// a spreadsheet opens as it is).
    Url {
        readable: String,
        url: String,
    },
    /// A link's slug, linking to that link's own dashboard on the page.
    Link {
        slug: String,
        href: String,
    },
    /// Link previews per platform: `WhatsApp 3 · Slack 1` on the page, `WhatsApp=3;Slack=1`
    /// in CSV (raw counts).
    Shares(Vec<(String, i64)>),
    /// A day or an hour (`2026-11-22`, `2026-11-22 14:00`): as the language writes days on
    /// the page, as it came in CSV.
    Day(String),
    /// An instant: local time on the page, RFC 3339 with its offset in CSV.
    Time {
        local: String,
        rfc3339: String,
    },
}

impl Cell {
    /// As the page shows it.
    pub fn page(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Count(n) => thousands(n),
            Cell::Share(share) => pct(*share),
            Cell::Missing => "–".to_owned(),
            Cell::Url { readable, .. } => readable.clone(),
            Cell::Link { slug, .. } => slug.clone(),
            Cell::Shares(shares) => shares
                .iter()
                .map(|(platform, n)| format!("{} {}", platform_name(platform), thousands(n)))
                .collect::<Vec<_>>()
                .join(" · "),
            Cell::Day(day) => i18n::date(day),
            Cell::Time { local, .. } => i18n::date(local),
        }
    }

    /// As CSV carries it, for a spreadsheet of `dialect`: numbers raw (with the dialect's
    /// decimal separator), days and times as ISO 8601, names as the page words them.
    pub fn csv(&self, dialect: &Dialect) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Count(n) => n.to_string(),
            Cell::Share(share) => share.map(|s| dialect.ratio(s)).unwrap_or_default(),
            Cell::Missing => String::new(),
            Cell::Url { url, .. } => url.clone(),
            Cell::Link { slug, .. } => slug.clone(),
            Cell::Shares(shares) => shares
                .iter()
                .map(|(platform, n)| format!("{}={n}", platform_name(platform)))
                .collect::<Vec<_>>()
                .join(";"),
            Cell::Day(day) => day.clone(),
            Cell::Time { rfc3339, .. } => rfc3339.clone(),
        }
    }

    /// Where the cell links to on the page.
    pub fn href(&self) -> Option<&str> {
        match self {
            Cell::Link { href, .. } => Some(href),
            _ => None,
        }
    }

    pub fn is_numeric(&self) -> bool {
        matches!(self, Cell::Count(_) | Cell::Share(_))
    }

    /// What a table sorted by this cell's column compares (`data-sort`, read by app.js):
    /// the raw number or date, as the page's formatted text does not sort (`12 528`, `9 %`);
    /// `None` where the text shown sorts well enough.
    pub fn sort_key(&self) -> Option<String> {
        match self {
            Cell::Count(n) => Some(n.to_string()),
            Cell::Share(share) => Some(share.unwrap_or(-1.0).to_string()),
            Cell::Missing => Some("-1".to_owned()),
            Cell::Shares(shares) => Some(shares.iter().map(|(_, n)| n).sum::<i64>().to_string()),
            Cell::Day(day) => Some(day.clone()),
            Cell::Time { rfc3339, .. } => Some(rfc3339.clone()),
            Cell::Text(_) | Cell::Url { .. } | Cell::Link { .. } => None,
        }
    }
}

/// `12528` → `12,528` (`12 528` in French).
pub fn thousands(n: impl std::borrow::Borrow<i64>) -> String {
    i18n::count(n)
}

/// A platform's name (`WhatsApp`), or an unknown platform in the page's language.
pub fn platform_name(key: &str) -> String {
    if key == UNKNOWN {
        t("value-unknown")
    } else {
        platforms::label(key).to_owned()
    }
}

/// `0.6` → `60 %`, in the request's language.
pub fn pct(share: Option<f64>) -> String {
    i18n::pct(share)
}

/// What the tables need besides the report: the channels' labels, the top links' campaign
/// and channel, and where a link's own dashboard is.
pub struct Names<'a> {
    pub catalogue: &'a Catalogue,
    /// The top links, as stored (any order).
    pub links: &'a [Link],
    /// The URL of one link's dashboard, for its slug.
    pub link_href: &'a (dyn Fn(&str) -> String + Sync),
}

impl Names<'_> {
    fn channel(&self, key: &str) -> Cell {
        let label = if key == NONE {
            t("campaign-no-channel")
        } else {
            self.catalogue.label(key)
        };
        Cell::Text(label)
    }
}

/// Whether a group has anything in the columns the tables show. Bots are in no column (they
/// are not clicks, and the switch that counts them only changes the traffic total), so a
/// group of bots only, such as a crawler's platform, would be a row of zeros.
fn shown(split: &Split) -> bool {
    split.clicks > 0 || split.previews > 0
}

fn split_cells(split: &Split) -> [Cell; 7] {
    [
        Cell::Count(split.clicks),
        Cell::Count(split.dark),
        Cell::Count(split.public),
        Cell::Count(split.search),
        Cell::Count(split.referral),
        Cell::Count(split.previews),
        Cell::Share(split.dark_share()),
    ]
}

const SPLIT_HEADERS: [&str; 7] = [
    "col-clicks",
    "col-dark",
    "col-public",
    "col-search",
    "col-referral",
    "col-previews",
    "col-dark-share",
];

/// A day's row: the day, then its split.
fn day_row(row: &Row) -> Vec<Cell> {
    named_split_row(row, |key| Cell::Day(key.to_owned()))
}

/// A row of counts, its key shown by `name`.
fn named_split_row(row: &Row, name: fn(&str) -> Cell) -> Vec<Cell> {
    [name(&row.key)]
        .into_iter()
        .chain(split_cells(&row.split))
        .collect()
}

fn text(key: &str) -> Cell {
    Cell::Text(key.to_owned())
}

/// The report's key for a group with no value (no campaign, no channel).
const NONE: &str = "(none)";
/// The report's key for a group of unknown value (no country, no platform).
const UNKNOWN: &str = "(unknown)";
/// The report's key for the clicks of links with no theme.
const UNTAGGED: &str = "(untagged)";

/// A key the report gives (`desktop`, `(unknown)`), shown by the message `message` on the page
/// and in CSV; a key with no message shows as it is.
fn value(key: &str, message: Option<String>) -> Cell {
    Cell::Text(message.map_or_else(|| key.to_owned(), |m| t(&m)))
}

/// A device category of the devices table, in the page's language.
fn device(key: &str) -> Cell {
    // Previews and bots are stored with the device `bot`, but bots are in no column: the
    // row holds the shares the apps' link previews revealed, and says so, rather than
    // reading as the robots the page counts apart.
    if key == "bot" {
        return value(key, Some("device-previews".to_owned()));
    }
    let known = ["desktop", "mobile", "tablet", "other", "unknown"].contains(&key);
    value(key, known.then(|| format!("device-{key}")))
}

/// One hit's device, in the page's language: a preview fetcher and a robot are both stored
/// with the device `bot`, and told apart by the hit's kind.
fn hit_device(key: &str, kind: &str) -> Cell {
    match (key, kind) {
        ("bot", "preview") => value(key, Some("device-preview".to_owned())),
        ("bot", _) => value(key, Some("device-bot".to_owned())),
        _ => device(key),
    }
}

/// A country by its name in the page's language, or an unknown country.
fn country(key: &str) -> Cell {
    match i18n::countries::name(key) {
        Some(name) => Cell::Text(name.to_owned()),
        None => value(key, (key == UNKNOWN).then(|| "value-unknown".to_owned())),
    }
}

/// A campaign's name as it is, or the links of none in the page's language.
fn campaign(key: &str) -> Cell {
    value(key, (key == NONE).then(|| "value-no-campaign".to_owned()))
}

/// A hit's kind (`click`, `preview`, `bot`), in the page's language.
fn kind(key: &str) -> Cell {
    let known = ["click", "preview", "bot"].contains(&key);
    value(key, known.then(|| format!("kind-{key}")))
}

/// A click's source (`dark` …), in the page's language.
fn source(key: &str) -> Cell {
    let known = ["dark", "public", "search", "referral"].contains(&key);
    value(key, known.then(|| format!("source-value-{key}")))
}

/// What decided a hit's class (`referrer`, `user_agent`, `none`), in the page's language.
fn evidence(key: &str) -> Cell {
    let known = ["referrer", "user_agent", "none"].contains(&key);
    value(key, known.then(|| format!("evidence-{key}")))
}

/// A platform by its label, or a dash for hits of no known platform.
fn platform(key: &str) -> Cell {
    if key.is_empty() {
        return Cell::Missing;
    }
    if key == UNKNOWN {
        return value(key, Some("value-unknown".to_owned()));
    }
    Cell::Text(platforms::label(key).to_owned())
}

/// A table of counts per key; `name` shows the key.
fn split_table(
    id: &'static str,
    title: &str,
    first: &str,
    rows: &[Row],
    name: fn(&str) -> Cell,
) -> Table {
    Table {
        id,
        title: t(title),
        headers: headers([first].into_iter().chain(SPLIT_HEADERS)),
        rows: rows
            .iter()
            .filter(|r| shown(&r.split))
            .map(|row| named_split_row(row, name))
            .collect(),
    }
}

/// Top links, each with its campaign and channel beside its slug.
fn links_table(rows: &[Row], names: &Names) -> Table {
    Table {
        id: "links",
        title: t("table-links"),
        headers: headers(
            ["col-link", "col-campaign", "col-channel"]
                .into_iter()
                .chain(SPLIT_HEADERS),
        ),
        rows: rows
            .iter()
            .filter(|r| shown(&r.split))
            .map(|r| {
                let link = names.links.iter().find(|l| l.stats_key() == r.key);
                let campaign = link.and_then(|l| l.spec.campaign.clone());
                let channel = link.and_then(|l| l.spec.channel.as_deref());
                [
                    Cell::Link {
                        slug: r.key.clone(),
                        href: (names.link_href)(&r.key),
                    },
                    campaign.map_or(Cell::Missing, Cell::Text),
                    channel.map_or(Cell::Missing, |c| names.channel(c)),
                ]
                .into_iter()
                .chain(split_cells(&r.split))
                .collect()
            })
            .collect(),
    }
}

fn channel_row(c: &ChannelRow, names: &Names) -> Vec<Cell> {
    vec![
        names.channel(&c.channel),
        Cell::Text(names.catalogue.reach_label(&c.channel)),
        Cell::Count(c.split.clicks),
        Cell::Share(c.split.dark_share()),
        // Leakage is a public channel's number only: a dash (an empty CSV cell) for others.
        Cell::Share(c.leakage),
        Cell::Count(c.split.previews),
        Cell::Shares(
            c.shares
                .iter()
                .map(|s| (s.platform.clone(), s.previews))
                .collect(),
        ),
    ]
}

pub fn all(report: &Report, names: &Names) -> Vec<Table> {
    vec![
        Table {
            id: "channels",
            title: t("table-channels"),
            headers: headers([
                "col-channel",
                "col-reach",
                "col-clicks",
                "col-dark-share",
                "col-leakage",
                "col-shares-detected",
                "col-shares-by-platform",
            ]),
            rows: report
                .channels
                .iter()
                .filter(|c| shown(&c.split))
                .map(|c| channel_row(c, names))
                .collect(),
        },
        Table {
            id: "themes",
            title: t("table-themes"),
            headers: headers([
                "col-tag",
                "col-clicks",
                "col-dark",
                "col-public",
                "col-private-vs-public",
            ]),
            rows: report
                .themes
                .iter()
                // This table shows clicks only.
                .filter(|r| r.split.clicks > 0)
                .map(|r| {
                    vec![
                        if r.key == UNTAGGED {
                            value(&r.key, Some("value-untagged".to_owned()))
                        } else {
                            Cell::Text(r.key.clone())
                        },
                        Cell::Count(r.split.clicks),
                        Cell::Count(r.split.dark),
                        Cell::Count(r.split.public),
                        Cell::Share(r.split.dark_vs_public()),
                    ]
                })
                .collect(),
        },
        split_table(
            "campaigns",
            "table-campaigns",
            "col-campaign",
            &report.campaigns,
            campaign,
        ),
        split_table(
            "devices",
            "table-devices",
            "col-device",
            &report.devices,
            device,
        ),
        split_table(
            "countries",
            "table-countries",
            "col-country",
            &report.countries,
            country,
        ),
        split_table("cities", "table-cities", "col-city", &report.cities, text),
        split_table(
            "referrers",
            "table-referrers",
            "col-referrer",
            &report.referrers,
            text,
        ),
        split_table(
            "platforms",
            "table-platforms",
            "col-platform",
            &report.platforms,
            platform,
        ),
        links_table(&report.links, names),
        days_table(report),
    ]
}

/// Every hour or day of the period, those without clicks too: a gap in time is an answer.
fn days_table(report: &Report) -> Table {
    let (title, first) = if report.bucket == "hour" {
        ("table-hours", "col-hour")
    } else {
        ("table-days", "col-day")
    };
    Table {
        id: "days",
        title: t(title),
        headers: headers([first].into_iter().chain(SPLIT_HEADERS)),
        rows: report.days.iter().map(day_row).collect(),
    }
}

/// One link's hits by destination (its URL, each rule and variant, the expired answer), so
/// a split test shows which destination people pass on privately.
pub fn destinations(rows: Vec<DestinationRow>) -> Table {
    Table {
        id: "destinations",
        title: t("table-destinations"),
        headers: headers(
            ["col-destination", "col-destination-url", "col-picked-by"]
                .into_iter()
                .chain(SPLIT_HEADERS),
        ),
        rows: rows
            .into_iter()
            .filter(|r| shown(&r.split))
            .map(|r| {
                [
                    destination(r.destination),
                    r.url.map_or(Cell::Missing, |url| Cell::Url {
                        readable: crate::links::readable::readable(&url),
                        url,
                    }),
                    r.picked_by.map_or(Cell::Missing, picked_by),
                ]
                .into_iter()
                .chain(split_cells(&r.split))
                .collect()
            })
            .collect(),
    }
}

/// A link's destination in the page's language.
fn destination(destination: Destination) -> Cell {
    let nth = |i: u8| (u16::from(i) + 1).to_string();
    Cell::Text(match destination {
        Destination::Url => t("destination-url"),
        Destination::Rule(i) => i18n::t1("destination-rule", "n", nth(i)),
        Destination::Variant(i) => i18n::t1("destination-variant", "n", nth(i)),
        Destination::Expired => t("destination-expired"),
        Destination::Nowhere => t("destination-none"),
    })
}

/// What picks a destination (a device, a country, a weight) in the page's language.
fn picked_by(pick: Pick) -> Cell {
    Cell::Text(match pick {
        Pick::Rule(Condition::Device(device)) => {
            // As the edit page's rule names them.
            let name = match device {
                Device::Ios | Device::Desktop => t(&format!("options-{}", device.as_str())),
                Device::Android => "Android".to_owned(),
            };
            i18n::t1("picked-by-device", "device", name)
        }
        Pick::Rule(Condition::Country(code)) => {
            let code = String::from_utf8_lossy(&code);
            let name = i18n::countries::name(&code).map_or_else(|| code.to_string(), str::to_owned);
            i18n::t1("picked-by-country", "country", name)
        }
        Pick::Weight(weight) => i18n::t1("picked-by-weight", "weight", weight.to_string()),
    })
}

/// One link's latest hits, every class and clue shown, times in `tz`.
pub fn recent(hits: Vec<StoredHit>, tz: &jiff::tz::TimeZone) -> Table {
    let or_missing = |v: Option<String>| {
        v.filter(|v| !v.is_empty())
            .map_or(Cell::Missing, Cell::Text)
    };
    Table {
        id: "recent",
        title: t("table-recent"),
        headers: headers([
            "col-time",
            "col-kind",
            "col-source",
            "col-platform",
            "col-evidence",
            "col-referrer",
            "col-device",
            "col-browser",
            "col-country",
            "col-city",
        ]),
        rows: hits
            .into_iter()
            .map(|h| {
                let at = jiff::Timestamp::from_millisecond(h.at)
                    .map(|t| t.to_zoned(tz.clone()))
                    .ok();
                vec![
                    at.map_or(Cell::Missing, |at| Cell::Time {
                        local: at.strftime("%Y-%m-%d %H:%M:%S").to_string(),
                        rfc3339: at.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
                    }),
                    kind(&h.kind),
                    h.source
                        .filter(|s| !s.is_empty())
                        .map_or(Cell::Missing, |s| source(&s)),
                    platform(&h.platform),
                    evidence(&h.evidence),
                    or_missing(h.origin.referrer),
                    hit_device(&h.origin.device, &h.kind),
                    or_missing(h.origin.browser),
                    h.origin
                        .country
                        .filter(|c| !c.is_empty())
                        .map_or(Cell::Missing, |c| country(&c)),
                    or_missing(h.origin.city),
                ]
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_get_separators() {
        assert_eq!(thousands(12_528), "12,528");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(-1_000_000), "-1,000,000");
    }

    #[test]
    fn cells_are_formatted_for_people_and_raw_in_csv() {
        let cells = [
            (Cell::Count(12_528), "12,528", "12528"),
            (Cell::Share(Some(0.6)), "60%", "0.6"),
            (Cell::Share(None), "–", ""),
            (Cell::Missing, "–", ""),
            (Cell::Text("Copy link".into()), "Copy link", "Copy link"),
            (
                Cell::Shares(vec![("whatsapp".into(), 1_200), ("imessage".into(), 1)]),
                "WhatsApp 1,200 · iMessage 1",
                "WhatsApp=1200;iMessage=1",
            ),
            (
                Cell::Url {
                    readable: "https://café.fr/".into(),
                    url: "https://xn--caf-dma.fr/".into(),
                },
                "https://café.fr/",
                "https://xn--caf-dma.fr/",
            ),
        ];
        for (cell, page, csv) in cells {
            let plain = cell.csv(&Dialect::PLAIN);
            assert_eq!((cell.page().as_str(), plain.as_str()), (page, csv));
        }
    }

    #[test]
    fn the_report_s_keys_are_words_of_the_page_s_language_in_csv_too() {
        let fr = i18n::Locale::get("fr").unwrap();
        let cells = |language: i18n::Locale| {
            i18n::sync_scope(language, || {
                [
                    device("desktop"),
                    device("bot"),
                    hit_device("bot", "preview"),
                    hit_device("bot", "bot"),
                    hit_device("mobile", "click"),
                    device("a-new-kind"),
                    country(UNKNOWN),
                    country("FR"),
                    campaign(NONE),
                    kind("preview"),
                    source("dark"),
                    evidence("user_agent"),
                    platform(UNKNOWN),
                    Cell::Shares(vec![(UNKNOWN.into(), 2)]),
                ]
                .map(|cell| (cell.page(), cell.csv(&Dialect::PLAIN)))
            })
        };
        let pair = |page: &str, csv: &str| (page.to_owned(), csv.to_owned());
        assert_eq!(
            cells(fr),
            [
                pair("Ordinateur", "Ordinateur"),
                pair("Aperçus de lien", "Aperçus de lien"),
                pair("Aperçu de lien", "Aperçu de lien"),
                pair("Robot", "Robot"),
                pair("Mobile", "Mobile"),
                pair("a-new-kind", "a-new-kind"),
                pair("(inconnu)", "(inconnu)"),
                pair("France", "France"),
                pair("(sans campagne)", "(sans campagne)"),
                pair("aperçu", "aperçu"),
                pair("dark social", "dark social"),
                pair("agent utilisateur", "agent utilisateur"),
                pair("(inconnu)", "(inconnu)"),
                pair("(inconnu) 2", "(inconnu)=2"),
            ]
        );
        assert_eq!(
            cells(i18n::Locale::default())[0],
            pair("Desktop", "Desktop")
        );
    }
}
