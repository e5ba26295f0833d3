//! The dashboard's answers: what share of a campaign's clicks is dark against public, per
//! day, channel (with dark leakage), theme, device, place, referrer and platform.

pub mod compare;
pub mod destinations;
pub mod names;
pub mod report;
pub mod trends;

pub use report::{Report, Split};

use serde::Deserialize;

use crate::clock::now_ms;
use crate::db::rollups::{day_start, next_day_start};
use crate::i18n::Message;

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;

/// The longest custom period, in days: five years and a leap day.
pub const MAX_DAYS: i64 = 5 * 365 + 2;

/// The buckets a report counts in: hours for the last 24 hours, days for anything longer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Grain {
    Hour,
    #[default]
    Day,
}

impl Grain {
    /// As rollups name it.
    pub fn name(self) -> &'static str {
        match self {
            Grain::Hour => "hour",
            Grain::Day => "day",
        }
    }
}

/// Which hits a report covers.
#[derive(Debug, Clone)]
pub struct Filter {
    /// Unix ms, inclusive: the start of an hour or of a day in the time zone.
    pub from: i64,
    /// Unix ms, exclusive.
    pub to: i64,
    pub grain: Grain,
    pub campaign: Option<String>,
    pub channel: Option<String>,
    pub tag: Option<String>,
    /// One link, as [`crate::links::stats_key`] names it.
    pub link: Option<String>,
    /// The dashboard's time zone (the server setting): days start at its midnight.
    pub timezone: jiff::tz::TimeZone,
    /// Its offset from UTC now, in ms.
    pub utc_offset_ms: i64,
    /// Count previews and bots among clicks (off by default).
    pub include_automated: bool,
}

impl Default for Filter {
    /// Everything in UTC, by day, with an empty period.
    fn default() -> Filter {
        Filter {
            from: 0,
            to: 0,
            grain: Grain::Day,
            campaign: None,
            channel: None,
            tag: None,
            link: None,
            timezone: jiff::tz::TimeZone::UTC,
            utc_offset_ms: 0,
            include_automated: false,
        }
    }
}

impl Filter {
    /// The first and last day (or hour) of the period, as the rows of its days key them
    /// (`YYYY-MM-DD`, or `YYYY-MM-DD HH:MM` by hour); empty for an empty period.
    pub fn first_and_last(&self) -> (String, String) {
        let mut buckets = report::fill_buckets(Vec::new(), self).into_iter();
        let first = buckets.next().map(|b| b.key).unwrap_or_default();
        let last = buckets.last().map_or_else(|| first.clone(), |b| b.key);
        (first, last)
    }
}

// The periods a report can cover (`period=`), as the API's document lists them; read as text
// by `FilterQuery::filter`, which refuses any other. Its doc comment is the document's.
/// The last 24 hours (by hour), or the last 7, 30 or 90 days (by day, today included).
#[derive(utoipa::ToSchema)]
pub enum Period {
    #[schema(rename = "24h")]
    Hours24,
    #[schema(rename = "7d")]
    Days7,
    #[schema(rename = "30d")]
    Days30,
    #[schema(rename = "90d")]
    Days90,
}

/// The filter as it arrives in a query string (dashboard and `/api/v1/stats`).
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
pub struct FilterQuery {
    /// `24h` (by hour), `7d`, `30d` (default) or `90d` (by day, today included); or
    /// `from`/`to` as dates.
    #[param(inline, value_type = Period, required = false, default = json!("30d"))]
    pub period: Option<String>,
    /// First day, `YYYY-MM-DD`; with `to` (both or neither), a custom period of at most
    /// five years.
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD`, included.
    pub to: Option<String>,
    /// A campaign's name, in any letter case.
    pub campaign: Option<String>,
    /// A channel's key, or its label in any letter case (`WhatsApp`).
    pub channel: Option<String>,
    pub tag: Option<String>,
    /// One link: its slug on the base URL's host, `HOST/SLUG` on a branded domain.
    pub link: Option<String>,
    /// `true` to count previews and bots as clicks.
    pub automated: Option<bool>,
}

impl FilterQuery {
    /// The filter, with days in the time zone `timezone` (an IANA name).
    pub fn filter(&self, timezone: &str) -> Result<Filter, Message> {
        let tz = jiff::tz::TimeZone::get(timezone)
            .map_err(|_| Message::new("refusal-unknown-timezone").with_typed("zone", timezone))?;
        let now = now_ms();
        let offset = tz
            .to_offset(
                jiff::Timestamp::from_millisecond(now).unwrap_or(jiff::Timestamp::UNIX_EPOCH),
            )
            .seconds() as i64
            * 1000;
        let day = |date: &str| -> Result<i64, Message> {
            let date: jiff::civil::Date = date
                .parse()
                .map_err(|_| Message::new("refusal-not-a-date").with_typed("date", date))?;
            date.to_zoned(tz.clone())
                .map(|z| z.timestamp().as_millisecond())
                .map_err(|e| Message::from(e.to_string()))
        };
        let today = day_start(now, &tz);
        // An empty field is a field not given: the dashboard's form sends both.
        let given = |v: &Option<String>| v.clone().filter(|v| !v.trim().is_empty());
        let (from, to, grain) = match (given(&self.from), given(&self.to)) {
            (Some(first), Some(last)) => {
                let (from, to) = (day(&first)?, next_day_start(day(&last)?, &tz));
                if to <= from {
                    return Err(Message::new("refusal-period-backwards"));
                }
                // Every day of a period is a row of the report: ten thousand years of them
                // were 358 MB of JSON.
                let days = (to - from) / DAY_MS;
                if days > MAX_DAYS {
                    return Err(Message::new("refusal-period-too-long")
                        .with_count("max", MAX_DAYS)
                        .with_day("first", first)
                        .with_day("last", last)
                        .with_count("days", days));
                }
                (from, to, Grain::Day)
            }
            (Some(_), None) => {
                return Err(Message::new("refusal-period-no-to"));
            }
            (None, Some(_)) => {
                return Err(Message::new("refusal-period-no-from"));
            }
            (None, None) => {
                let days = match self.period.as_deref().unwrap_or("30d") {
                    "24h" => {
                        let hour = now - now.rem_euclid(HOUR_MS);
                        return Ok(self.with_period(
                            hour - 23 * HOUR_MS,
                            now + 1,
                            Grain::Hour,
                            tz,
                            offset,
                        ));
                    }
                    "7d" => 7,
                    "30d" | "" => 30,
                    "90d" => 90,
                    other => {
                        return Err(
                            Message::new("refusal-period-unknown").with_typed("period", other)
                        );
                    }
                };
                // Whole days: today and the days before it.
                let mut from = today;
                for _ in 1..days {
                    from = day_start(from - HOUR_MS, &tz);
                }
                (from, now + 1, Grain::Day)
            }
        };
        Ok(self.with_period(from, to, grain, tz, offset))
    }

    fn with_period(
        &self,
        from: i64,
        to: i64,
        grain: Grain,
        timezone: jiff::tz::TimeZone,
        utc_offset_ms: i64,
    ) -> Filter {
        let some = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        Filter {
            from,
            to,
            grain,
            campaign: some(&self.campaign),
            channel: some(&self.channel),
            tag: some(&self.tag).map(|t| t.to_lowercase()),
            link: some(&self.link).map(|l| crate::links::asked_stats_key(&l)),
            timezone,
            utc_offset_ms,
            include_automated: self.automated.unwrap_or(false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(from: Option<&str>, to: Option<&str>) -> Result<Filter, String> {
        FilterQuery {
            from: from.map(str::to_owned),
            to: to.map(str::to_owned),
            ..FilterQuery::default()
        }
        .filter("Europe/Paris")
        .map_err(|refusal| refusal.english())
    }

    #[test]
    fn custom_periods_are_whole_days_of_at_most_five_years() {
        let five_years = period(Some("2021-01-01"), Some("2025-12-31")).unwrap();
        assert_eq!(five_years.grain, Grain::Day);
        let err = period(Some("0001-01-01"), Some("9999-12-30")).unwrap_err();
        assert!(err.contains("at most 1,827 days"), "{err}");
        assert!(period(Some("2020-01-01"), Some("2025-12-31")).is_err());
    }

    #[test]
    fn a_period_s_first_and_last_days_are_its_bounds() {
        let march = period(Some("2026-03-01"), Some("2026-03-31")).unwrap();
        assert_eq!(
            march.first_and_last(),
            ("2026-03-01".into(), "2026-03-31".into())
        );
        let one_day = period(Some("2026-03-29"), Some("2026-03-29")).unwrap();
        assert_eq!(
            one_day.first_and_last(),
            ("2026-03-29".into(), "2026-03-29".into())
        );
        assert_eq!(
            Filter::default().first_and_last(),
            (String::new(), String::new())
        );
    }

    #[test]
    fn half_a_period_or_an_impossible_date_is_refused() {
        assert!(
            period(Some("2026-01-01"), None)
                .unwrap_err()
                .contains("from needs to")
        );
        assert!(
            period(None, Some("2026-01-01"))
                .unwrap_err()
                .contains("to needs from")
        );
        assert!(
            period(Some(""), Some(" ")).is_ok(),
            "empty fields are not given"
        );
        let err = period(Some("2026-02-30"), Some("2026-03-01")).unwrap_err();
        assert!(err.contains("is not a date"), "{err}");
    }
}
