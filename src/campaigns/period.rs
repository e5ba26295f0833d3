//! The period a campaign's report covers: the last 7, 30 or 90 days, since the campaign
//! began, or a range of days; as its address asks it, as a share link keeps it, and as the
//! dashboard's filter reads it (whose rules for a range of days are the only ones).

use serde::Deserialize;

use crate::i18n::{self, Message};
use crate::stats::{FilterQuery, MAX_DAYS};

/// What a report covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportPeriod {
    /// The last 7, 30 or 90 days, today included (`7d`, `30d`, `90d`).
    Last(&'static str),
    /// From the campaign's first day to today.
    Since,
    /// From one day to another, both included, in the instance's time zone (`YYYY-MM-DD`).
    Range { from: String, to: String },
}

/// The fixed spans a report offers; the default is the second.
pub const LAST: [&str; 3] = ["7d", "30d", "90d"];

/// How `period=` names "since the campaign began".
const SINCE: &str = "all";

/// How a share link keeps a range of days: `2026-12-01..2026-12-07`.
const RANGE_SEPARATOR: &str = "..";

impl Default for ReportPeriod {
    fn default() -> ReportPeriod {
        ReportPeriod::Last("30d")
    }
}

/// A report's period as a query string or a form gives it: `period`, or `from` and `to`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PeriodQuery {
    pub period: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

impl PeriodQuery {
    /// The period asked, `None` when none is, or why what was asked is no period: a range
    /// of days is checked by the dashboard's own rules (dates, order, length).
    pub fn asked(&self, timezone: &str) -> Result<Option<ReportPeriod>, Message> {
        fn given(v: &Option<String>) -> Option<&str> {
            v.as_deref().map(str::trim).filter(|v| !v.is_empty())
        }
        if given(&self.from).is_some() || given(&self.to).is_some() {
            let range = FilterQuery {
                from: self.from.clone(),
                to: self.to.clone(),
                ..FilterQuery::default()
            };
            range.filter(timezone)?;
            return Ok(Some(ReportPeriod::Range {
                from: given(&self.from).unwrap_or_default().to_owned(),
                to: given(&self.to).unwrap_or_default().to_owned(),
            }));
        }
        match given(&self.period) {
            None => Ok(None),
            Some(SINCE) => Ok(Some(ReportPeriod::Since)),
            Some(p) => match LAST.into_iter().find(|l| *l == p) {
                Some(last) => Ok(Some(ReportPeriod::Last(last))),
                None => Err(Message::new("refusal-report-period").with_typed("period", p)),
            },
        }
    }
}

impl ReportPeriod {
    /// The period a share link keeps (see [`ReportPeriod::spec`]); `None` for links that
    /// keep none, or anything else.
    pub fn of_spec(spec: &str) -> Option<ReportPeriod> {
        let query = match spec.split_once(RANGE_SEPARATOR) {
            Some((from, to)) => PeriodQuery {
                from: Some(from.to_owned()),
                to: Some(to.to_owned()),
                ..PeriodQuery::default()
            },
            None => PeriodQuery {
                period: Some(spec.to_owned()),
                ..PeriodQuery::default()
            },
        };
        // Kept ranges were checked when kept; the zone only places their days.
        query.asked("UTC").ok().flatten()
    }

    /// How a share link keeps it: `30d`, `all`, `2026-12-01..2026-12-07`.
    pub fn spec(&self) -> String {
        match self {
            ReportPeriod::Last(last) => (*last).to_owned(),
            ReportPeriod::Since => SINCE.to_owned(),
            ReportPeriod::Range { from, to } => format!("{from}{RANGE_SEPARATOR}{to}"),
        }
    }

    /// Its fields in a query string or a form: `[("period", "30d")]`, or `from` and `to`.
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        match self {
            ReportPeriod::Range { from, to } => vec![("from", from.clone()), ("to", to.clone())],
            other => vec![("period", other.spec())],
        }
    }

    /// Its query string (`period=30d`, `from=2026-12-01&to=2026-12-07`).
    pub fn query(&self) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        q.extend_pairs(self.fields());
        q.finish()
    }

    /// Whether the period before it, as long, is worth comparing with: not before the
    /// campaign began.
    pub fn compared(&self) -> bool {
        *self != ReportPeriod::Since
    }

    /// What the page calls it (« 30 derniers jours », « Du 01/12/2026 au 07/12/2026 »).
    pub fn label(&self) -> String {
        match self {
            ReportPeriod::Last(last) => i18n::t(&format!("period-{last}")),
            ReportPeriod::Since => i18n::t("period-all"),
            ReportPeriod::Range { from, to } => i18n::t2(
                "period-range",
                "from",
                i18n::date(from),
                "to",
                i18n::date(to),
            ),
        }
    }

    /// The dashboard's filter of its days, for a campaign that began on `began` (a day,
    /// `YYYY-MM-DD`) with today `today`. Since a campaign began is at most as long as the
    /// dashboard reads: its last [`MAX_DAYS`] days.
    pub fn filter_query(&self, began: jiff::civil::Date, today: jiff::civil::Date) -> FilterQuery {
        let (period, from, to) = match self {
            ReportPeriod::Last(last) => (Some((*last).to_owned()), None, None),
            ReportPeriod::Since => {
                let earliest = today
                    .checked_sub(jiff::Span::new().days(MAX_DAYS - 1))
                    .unwrap_or(began);
                let first = began.max(earliest).min(today);
                (None, Some(first.to_string()), Some(today.to_string()))
            }
            ReportPeriod::Range { from, to } => (None, Some(from.clone()), Some(to.clone())),
        };
        FilterQuery {
            period,
            from,
            to,
            ..FilterQuery::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(
        period: Option<&str>,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Option<ReportPeriod>, String> {
        PeriodQuery {
            period: period.map(str::to_owned),
            from: from.map(str::to_owned),
            to: to.map(str::to_owned),
        }
        .asked("Europe/Paris")
        .map_err(|m| m.to_string())
    }

    #[test]
    fn a_report_s_period_is_a_span_since_the_start_or_a_range_and_nothing_else() {
        assert_eq!(asked(None, None, None), Ok(None));
        assert_eq!(
            asked(Some("7d"), None, None),
            Ok(Some(ReportPeriod::Last("7d")))
        );
        assert_eq!(
            asked(Some("all"), None, None),
            Ok(Some(ReportPeriod::Since))
        );
        let december = ReportPeriod::Range {
            from: "2026-12-01".into(),
            to: "2026-12-07".into(),
        };
        // A range wins over a period, as on the dashboard.
        assert_eq!(
            asked(Some("7d"), Some("2026-12-01"), Some("2026-12-07")),
            Ok(Some(december.clone()))
        );
        for (period, from, to) in [
            (Some("24h"), None, None),
            (Some("1y"), None, None),
            (None, Some("2026-12-08"), Some("2026-12-01")),
            (None, Some("2026-02-30"), Some("2026-03-01")),
            (None, Some("2026-12-01"), None),
            (None, Some("2000-01-01"), Some("2026-12-01")),
        ] {
            assert!(
                asked(period, from, to).is_err(),
                "{period:?} {from:?} {to:?}"
            );
        }
        for kept in [ReportPeriod::Last("90d"), ReportPeriod::Since, december] {
            assert_eq!(ReportPeriod::of_spec(&kept.spec()), Some(kept));
        }
        assert_eq!(ReportPeriod::of_spec(""), None);
    }

    #[test]
    fn since_the_start_covers_the_campaign_s_days_up_to_the_longest_read() {
        let day = |d: &str| d.parse::<jiff::civil::Date>().unwrap();
        let query = ReportPeriod::Since.filter_query(day("2026-03-02"), day("2026-12-07"));
        assert_eq!(query.from.as_deref(), Some("2026-03-02"));
        assert_eq!(query.to.as_deref(), Some("2026-12-07"));
        let query = ReportPeriod::Since.filter_query(day("2001-01-01"), day("2026-12-07"));
        assert!(query.filter("UTC").is_ok(), "{query:?}");
    }
}
