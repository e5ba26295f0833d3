//! The period before the one shown: as long, ending where it starts, with the same filters;
//! and its headline figures, so that every figure can stand beside the one it follows.

use serde::Serialize;

use super::report::{Row, Split, fill_buckets, mobile_share, no_referrer, rows, total};
use super::{Filter, Grain, HOUR_MS};
use crate::db::Db;
use crate::db::rollups::{day_start, next_day_start};
use crate::db::stats::By;

/// The period before `filter`'s: the 24 hours before for the last 24 hours; else as many
/// days as it has (today counting as one), ending at its first midnight. "Last 7 days",
/// today included, is compared with the seven whole days before it.
pub fn previous(filter: &Filter) -> Filter {
    let (from, to) = match filter.grain {
        Grain::Hour => (filter.from - 24 * HOUR_MS, filter.from),
        Grain::Day => {
            let tz = &filter.timezone;
            let mut days = 0;
            let mut day = filter.from;
            while day < filter.to {
                days += 1;
                day = next_day_start(day, tz);
            }
            let mut from = filter.from;
            for _ in 0..days {
                from = day_start(from - HOUR_MS, tz);
            }
            (from, filter.from)
        }
    };
    Filter {
        from,
        to,
        ..filter.clone()
    }
}

/// The headline figures of a period.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Summary {
    /// First day (or hour) of the period, `YYYY-MM-DD` (`YYYY-MM-DD HH:MM`).
    pub from: String,
    /// Last day (or hour) of the period, included.
    pub to: String,
    pub total: Split,
    /// Visitors, each counted once per link and day.
    pub unique_visitors: i64,
    /// Clicks with no referrer at all.
    pub no_referrer: i64,
    /// Mobile (phones and tablets) among dark clicks.
    pub mobile_share_dark: Option<f64>,
    /// Every day (or hour) of the period, in order.
    #[serde(skip)]
    pub days: Vec<Row>,
}

/// What a summary asks of the database: far less than a whole report.
const QUERIES: [By; 3] = [By::Bucket, By::Origin, By::Device];

impl Summary {
    pub async fn build(db: &Db, filter: &Filter) -> sqlx::Result<Summary> {
        let snapshot = db.report_groups(filter, &QUERIES).await?;
        let [buckets, origins, devices] = <[_; 3]>::try_from(snapshot.groups)
            .map_err(|_| sqlx::Error::Protocol("a summary query went missing".into()))?;
        let days = fill_buckets(rows(&buckets, ""), filter);
        Ok(Summary {
            from: days.first().map(|d| d.key.clone()).unwrap_or_default(),
            to: days.last().map(|d| d.key.clone()).unwrap_or_default(),
            total: total(&buckets),
            unique_visitors: snapshot.visitors,
            no_referrer: no_referrer(&origins),
            mobile_share_dark: mobile_share(&rows(&devices, "unknown"), |s| s.dark),
            days,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::FilterQuery;

    fn period(query: FilterQuery) -> (String, String, usize) {
        let filter = query.filter("Europe/Paris").unwrap();
        let before = previous(&filter);
        assert_eq!(
            before.to, filter.from,
            "the period before ends where this one starts"
        );
        let day = |ms: i64| {
            jiff::Timestamp::from_millisecond(ms)
                .unwrap()
                .to_zoned(filter.timezone.clone())
                .strftime("%Y-%m-%d %H:%M")
                .to_string()
        };
        let days = fill_buckets(Vec::new(), &before).len();
        (day(before.from), day(before.to), days)
    }

    #[test]
    fn the_period_before_is_as_long_and_ends_where_this_one_starts() {
        let custom = |from: &str, to: &str| FilterQuery {
            from: Some(from.into()),
            to: Some(to.into()),
            ..FilterQuery::default()
        };
        // A week across the spring clock change: 7 days of 23 to 24 hours each.
        assert_eq!(
            period(custom("2026-03-30", "2026-04-05")),
            ("2026-03-23 00:00".into(), "2026-03-30 00:00".into(), 7)
        );
        assert_eq!(
            period(custom("2026-03-01", "2026-03-31")),
            ("2026-01-29 00:00".into(), "2026-03-01 00:00".into(), 31)
        );
        let (_, _, days) = period(FilterQuery {
            period: Some("7d".into()),
            ..FilterQuery::default()
        });
        assert_eq!(days, 7);
        let (_, _, hours) = period(FilterQuery {
            period: Some("24h".into()),
            ..FilterQuery::default()
        });
        assert_eq!(hours, 24);
    }
}
