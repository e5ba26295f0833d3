//! The dashboard's answers: what share of a campaign's clicks is dark against public, per
//! day, channel (with dark leakage), theme, device, place, referrer and platform.

pub mod report;

pub use report::{Report, Split};

use serde::Deserialize;

use crate::clock::now_ms;

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 86_400_000;

/// Which hits a report covers.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Unix ms, inclusive.
    pub from: i64,
    /// Unix ms, exclusive.
    pub to: i64,
    pub campaign: Option<String>,
    pub channel: Option<String>,
    pub tag: Option<String>,
    pub link: Option<String>,
    /// Days start at local midnight of this offset from UTC.
    pub utc_offset_ms: i64,
    /// Count previews and bots among clicks (off by default).
    pub include_automated: bool,
}

/// The filter as it arrives in a query string (dashboard and `/api/v1/stats`).
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
pub struct FilterQuery {
    /// `24h`, `7d`, `30d` (default) or `90d`; or `from`/`to` as dates.
    pub period: Option<String>,
    /// First day, `YYYY-MM-DD` (with `to`: a custom period).
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD`, included.
    pub to: Option<String>,
    pub campaign: Option<String>,
    pub channel: Option<String>,
    pub tag: Option<String>,
    /// One link's slug.
    pub link: Option<String>,
    /// An IANA time zone for day buckets, e.g. `Europe/Paris` (default: the server setting).
    pub tz: Option<String>,
    /// `true` to count previews and bots as clicks.
    pub automated: Option<bool>,
}

impl FilterQuery {
    pub fn filter(&self, default_tz: &str) -> Result<Filter, String> {
        let tz_name = self
            .tz
            .as_deref()
            .filter(|t| !t.is_empty())
            .unwrap_or(default_tz);
        let tz = jiff::tz::TimeZone::get(tz_name)
            .map_err(|_| format!("unknown time zone {tz_name:?}"))?;
        let now = now_ms();
        let offset = tz
            .to_offset(
                jiff::Timestamp::from_millisecond(now).unwrap_or(jiff::Timestamp::UNIX_EPOCH),
            )
            .seconds() as i64
            * 1000;
        let day = |date: &str| -> Result<i64, String> {
            let date: jiff::civil::Date = date
                .parse()
                .map_err(|_| format!("{date:?} is not a date (YYYY-MM-DD)"))?;
            date.to_zoned(tz.clone())
                .map(|z| z.timestamp().as_millisecond())
                .map_err(|e| e.to_string())
        };
        let (from, to) = match (self.from.as_deref(), self.to.as_deref()) {
            (Some(from), Some(to)) if !from.is_empty() && !to.is_empty() => {
                let (from, to) = (day(from)?, day(to)? + DAY_MS);
                if to <= from {
                    return Err("the period ends before it starts".into());
                }
                (from, to)
            }
            _ => {
                let span = match self.period.as_deref().unwrap_or("30d") {
                    "24h" => 24 * HOUR_MS,
                    "7d" => 7 * DAY_MS,
                    "30d" | "" => 30 * DAY_MS,
                    "90d" => 90 * DAY_MS,
                    other => {
                        return Err(format!("unknown period {other:?}: use 24h, 7d, 30d or 90d"));
                    }
                };
                (now - span, now + 1)
            }
        };
        let some = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        Ok(Filter {
            from,
            to,
            campaign: some(&self.campaign),
            channel: some(&self.channel),
            tag: some(&self.tag).map(|t| t.to_lowercase()),
            link: some(&self.link),
            utc_offset_ms: offset,
            include_automated: self.automated.unwrap_or(false),
        })
    }
}
