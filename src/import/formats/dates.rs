//! The creation dates of other tools' exports: RFC 3339 (Dub, Shlink, Kutt, Bitly's API),
//! `YYYY-MM-DD HH:MM:SS` as MySQL writes it (YOURLS, taken as UTC), a bare date, Unix
//! seconds or milliseconds, or a spreadsheet's `02/05/2024 10:00` (an export re-saved by
//! Excel), whose order of day and month is decided for the whole file ([`Order`]).

use jiff::civil::{Date, DateTime, Time};
use jiff::{Timestamp, tz::TimeZone};

use crate::i18n::Message;

/// Unix milliseconds, or what is wrong with the date; a date written with slashes is read in
/// `order`.
pub(super) fn parse(text: &str, order: Order) -> Result<i64, Message> {
    let text = text.trim();
    if let Some(slashed) = Slashed::read(text) {
        // A day the other order reads is a mix of orders in the file; one neither reads
        // (31/02/2024) is no day at all, and saying so is what helps.
        let wrong = match slashed.civil(order.other()) {
            Some(_) => "refusal-import-date-order",
            None => "refusal-import-date-none",
        };
        return slashed
            .civil(order)
            .and_then(|c| c.to_zoned(TimeZone::UTC).ok())
            .map(|z| z.timestamp().as_millisecond())
            .ok_or_else(|| Message::new(wrong).with("date", text));
    }
    if let Ok(number) = text.parse::<i64>() {
        // Unix seconds until the year 5138; milliseconds past that.
        return Ok(if number.abs() < 100_000_000_000 {
            number * 1000
        } else {
            number
        });
    }
    if let Ok(at) = text.parse::<Timestamp>() {
        return Ok(at.as_millisecond());
    }
    let civil = text.replacen(' ', "T", 1).parse::<DateTime>().or_else(|_| {
        text.parse::<Date>()
            .map(|d| d.to_datetime(jiff::civil::Time::midnight()))
    });
    civil
        .ok()
        .and_then(|c| c.to_zoned(TimeZone::UTC).ok())
        .map(|z| z.timestamp().as_millisecond())
        .ok_or_else(|| Message::new("refusal-import-date").with("date", text))
}

/// Which of a slashed date's first two numbers is the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Order {
    /// 02/05/2024 is the 2nd of May: how France, and most of the world, writes dates.
    DayFirst,
    /// 02/05/2024 is February the 5th, as in the United States.
    MonthFirst,
}

impl Order {
    fn other(self) -> Order {
        match self {
            Order::DayFirst => Order::MonthFirst,
            Order::MonthFirst => Order::DayFirst,
        }
    }

    /// The order of a file's slashed dates: month first when one of them can only be read
    /// that way (05/25/2024) and none only the other way, else day first. One file is written
    /// by one spreadsheet in one order, so a date that settles it settles every other.
    pub(super) fn of<'c>(cells: impl IntoIterator<Item = &'c str>) -> Order {
        let (mut day_first_only, mut month_first_only) = (false, false);
        for slashed in cells.into_iter().filter_map(|c| Slashed::read(c.trim())) {
            day_first_only |= slashed.first > 12;
            month_first_only |= slashed.second > 12;
        }
        if month_first_only && !day_first_only {
            Order::MonthFirst
        } else {
            Order::DayFirst
        }
    }
}

/// `02/05/2024`, `02/05/2024 10:00` or `02/05/2024 10:00:30`, with '/' or '.' between the
/// numbers of the date, before it is known which is the day.
struct Slashed {
    first: i8,
    second: i8,
    year: i16,
    time: Time,
}

impl Slashed {
    fn read(text: &str) -> Option<Slashed> {
        let (date, time) = text.split_once(' ').unwrap_or((text, ""));
        let mut parts = date.split(['/', '.']);
        let (first, second, year) = (parts.next()?, parts.next()?, parts.next()?);
        let number = |part: &str, digits: std::ops::RangeInclusive<usize>| {
            (digits.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse::<i16>().ok())
                .flatten()
        };
        if parts.next().is_some() {
            return None;
        }
        let time = match time.trim() {
            "" => Time::midnight(),
            time if time.len() <= 5 => format!("{time}:00").parse().ok()?,
            time => time.parse().ok()?,
        };
        Some(Slashed {
            first: i8::try_from(number(first, 1..=2)?).ok()?,
            second: i8::try_from(number(second, 1..=2)?).ok()?,
            year: number(year, 4..=4)?,
            time,
        })
    }

    /// The date and time, or None when there is no such day in `order` (31/02/2024).
    fn civil(&self, order: Order) -> Option<DateTime> {
        let (day, month) = match order {
            Order::DayFirst => (self.first, self.second),
            Order::MonthFirst => (self.second, self.first),
        };
        Date::new(self.year, month, day)
            .ok()
            .map(|d| d.to_datetime(self.time))
    }
}

#[cfg(test)]
mod tests {
    use super::Order::{DayFirst, MonthFirst};
    use super::{Order, parse as parse_in};

    fn parse(text: &str) -> Result<i64, crate::i18n::Message> {
        parse_in(text, DayFirst)
    }

    #[test]
    fn every_tool_s_dates_are_read() {
        let noon = 1_700_000_000_000;
        assert_eq!(parse("2023-11-14T22:13:20Z"), Ok(noon));
        assert_eq!(parse("2023-11-14T22:13:20.000Z"), Ok(noon));
        assert_eq!(parse("2023-11-14T23:13:20+01:00"), Ok(noon));
        assert_eq!(parse("2023-11-14T22:13:20+0000"), Ok(noon));
        assert_eq!(parse("2023-11-14 22:13:20"), Ok(noon));
        assert_eq!(parse("1700000000"), Ok(noon));
        assert_eq!(parse("1700000000000"), Ok(noon));
        assert_eq!(parse("2023-11-14"), Ok(1_699_920_000_000));
        assert!(
            parse("yesterday")
                .unwrap_err()
                .english()
                .contains("yesterday")
        );
    }

    #[test]
    fn a_spreadsheet_s_dates_are_read_in_the_file_s_order() {
        let may_2nd = 1_714_608_000_000;
        assert_eq!(parse_in("02/05/2024", DayFirst), Ok(may_2nd));
        assert_eq!(parse_in("05/02/2024", MonthFirst), Ok(may_2nd));
        assert_eq!(parse_in("2.5.2024", DayFirst), Ok(may_2nd), "German dots");
        assert_eq!(
            parse_in("02/05/2024 10:00", DayFirst),
            Ok(may_2nd + 36_000_000)
        );
        assert_eq!(
            parse_in("02/05/2024 10:00:30", DayFirst),
            Ok(may_2nd + 36_030_000)
        );
        let refused = parse_in("05/25/2024", DayFirst).unwrap_err().english();
        assert!(refused.contains("\"05/25/2024\""), "{refused}");
        assert!(refused.contains("order"), "{refused}");
        let no_day = parse_in("31/02/2024", DayFirst).unwrap_err().english();
        assert!(no_day.contains("\"31/02/2024\" is no day"), "{no_day}");
        assert!(
            parse_in("02/05/24", DayFirst).is_err(),
            "a two-digit year is not guessed"
        );
        assert!(parse_in("02/05/2024 25:00", DayFirst).is_err());
    }

    #[test]
    fn the_order_is_settled_by_a_date_that_reads_one_way_only() {
        assert_eq!(
            Order::of(["02/05/2024", "03/05/2024"]),
            DayFirst,
            "undecided"
        );
        assert_eq!(Order::of(["02/05/2024", "25/05/2024 10:00"]), DayFirst);
        assert_eq!(Order::of(["02/05/2024", "05/25/2024 10:00"]), MonthFirst);
        assert_eq!(Order::of(["2024-05-25", "not a date", ""]), DayFirst);
        assert_eq!(
            Order::of(["25/05/2024", "05/25/2024"]),
            DayFirst,
            "a file that contradicts itself is read the usual way, its other dates refused"
        );
    }
}
