//! The creation dates of other tools' exports: RFC 3339 (Dub, Shlink, Kutt, Bitly's API),
//! `YYYY-MM-DD HH:MM:SS` as MySQL writes it (YOURLS, taken as UTC), a bare date, or Unix
//! seconds or milliseconds.

use jiff::civil::{Date, DateTime};
use jiff::{Timestamp, tz::TimeZone};

use crate::i18n::Message;

/// Unix milliseconds, or what is wrong with the date.
pub(super) fn parse(text: &str) -> Result<i64, Message> {
    let text = text.trim();
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

#[cfg(test)]
mod tests {
    use super::parse;

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
}
