//! The dashboard's tables, built once from a report and used three ways: on the page, as
//! CSV, and (through the same report) by `/api/v1/stats`.

use crate::db::hits::StoredHit;
use crate::stats::report::{ChannelRow, Report, Row};

/// One table: a question as its title, headers, and formatted cells.
pub struct Table {
    pub id: &'static str,
    pub title: &'static str,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

/// A cell as shown on the page: whole numbers with thousands separators (CSV keeps them bare).
pub fn display(cell: &str) -> String {
    cell.parse::<i64>()
        .map_or_else(|_| cell.to_owned(), thousands)
}

/// `12528` → `12,528`.
pub fn thousands(n: impl std::borrow::Borrow<i64>) -> String {
    let n = *n.borrow();
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn pct(share: Option<f64>) -> String {
    share.map_or_else(|| "–".to_owned(), |s| format!("{:.0} %", s * 100.0))
}

fn split_row(key: &str, row: &Row) -> Vec<String> {
    let s = &row.split;
    vec![
        key.to_owned(),
        s.clicks.to_string(),
        s.dark.to_string(),
        s.public.to_string(),
        s.search.to_string(),
        s.referral.to_string(),
        s.previews.to_string(),
        pct(s.dark_share()),
    ]
}

const SPLIT_HEADERS: [&str; 8] = [
    "",
    "Clicks",
    "Dark",
    "Public",
    "Search",
    "Referral",
    "Previews",
    "Dark share",
];

fn split_table(id: &'static str, title: &'static str, first: &'static str, rows: &[Row]) -> Table {
    let mut headers = SPLIT_HEADERS.to_vec();
    headers[0] = first;
    Table {
        id,
        title,
        headers,
        rows: rows.iter().map(|r| split_row(&r.key, r)).collect(),
    }
}

fn channel_row(c: &ChannelRow) -> Vec<String> {
    vec![
        c.channel.clone(),
        c.reach.to_owned(),
        c.split.clicks.to_string(),
        pct(c.split.dark_share()),
        c.leakage.map_or_else(|| "–".to_owned(), |l| pct(Some(l))),
        c.split.previews.to_string(),
        c.shares
            .iter()
            .map(|s| format!("{} {}", s.platform, s.previews))
            .collect::<Vec<_>>()
            .join(" · "),
    ]
}

pub fn all(report: &Report) -> Vec<Table> {
    vec![
        Table {
            id: "channels",
            title: "How much of each channel leaks into private chats?",
            headers: vec![
                "Channel",
                "Reach",
                "Clicks",
                "Dark share",
                "Leakage (public channels)",
                "Previews (shares detected)",
                "Shares by platform",
            ],
            rows: report.channels.iter().map(channel_row).collect(),
        },
        Table {
            id: "themes",
            title: "Which theme is shared most in private?",
            headers: vec![
                "Theme",
                "Clicks",
                "Dark",
                "Public",
                "Private against public",
            ],
            rows: report
                .themes
                .iter()
                .map(|r| {
                    vec![
                        r.key.clone(),
                        r.split.clicks.to_string(),
                        r.split.dark.to_string(),
                        r.split.public.to_string(),
                        pct(r.split.dark_vs_public()),
                    ]
                })
                .collect(),
        },
        split_table("campaigns", "Campaigns", "Campaign", &report.campaigns),
        split_table("devices", "Devices", "Device", &report.devices),
        split_table("countries", "Countries", "Country", &report.countries),
        split_table("cities", "Cities", "City", &report.cities),
        split_table("referrers", "Top referrers", "Referrer", &report.referrers),
        split_table(
            "platforms",
            "Top platforms (previews are shares detected in that app)",
            "Platform",
            &report.platforms,
        ),
        split_table("links", "Top links", "Link", &report.links),
        if report.bucket == "hour" {
            split_table("days", "Per hour", "Hour", &report.days)
        } else {
            split_table("days", "Per day", "Day", &report.days)
        },
    ]
}

/// One link's latest hits, every class and clue shown, times in `tz`.
pub fn recent(hits: Vec<StoredHit>, tz: &jiff::tz::TimeZone) -> Table {
    let or_dash = |v: Option<String>| v.filter(|v| !v.is_empty()).unwrap_or_else(|| "–".into());
    Table {
        id: "recent",
        title: "Recent hits of this link",
        headers: vec![
            "Time", "Kind", "Source", "Platform", "Evidence", "Referrer", "Device", "Browser",
            "Country", "City",
        ],
        rows: hits
            .into_iter()
            .map(|h| {
                vec![
                    jiff::Timestamp::from_millisecond(h.at)
                        .map(|t| {
                            t.to_zoned(tz.clone())
                                .strftime("%Y-%m-%d %H:%M:%S")
                                .to_string()
                        })
                        .unwrap_or_default(),
                    h.kind,
                    or_dash(h.source),
                    or_dash(Some(h.platform)),
                    h.evidence,
                    or_dash(h.referrer),
                    h.device,
                    or_dash(h.browser),
                    or_dash(h.country),
                    or_dash(h.city),
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
        assert_eq!(display("1234"), "1,234");
        assert_eq!(display("75 %"), "75 %");
    }
}
