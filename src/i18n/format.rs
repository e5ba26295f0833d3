//! Numbers, percentages and dates written the way the request's language writes them: the
//! separators and patterns are messages of its file (`number-group`, `number-decimal`,
//! `percent`, `date-format` …), so a new language brings its own with its words.

use super::{Arg, current};

/// `14601` → `14,601` in English, `14 601` (a narrow no-break space) in French.
pub fn count(n: impl std::borrow::Borrow<i64>) -> String {
    grouped(*n.borrow(), &current().text("number-group"))
}

/// `n` with `group` between its groups of three digits.
pub(super) fn grouped(n: i64, group: &str) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() * 2);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(group);
        }
        out.push(c);
    }
    out
}

/// A change in a count: `+12`, `−12` (a minus sign, not a hyphen), `±0`.
pub fn signed_count(n: i64) -> String {
    match n.signum() {
        1 => format!("+{}", count(n)),
        -1 => format!("−{}", count(-n)),
        _ => "±0".to_owned(),
    }
}

/// A number with `places` decimals: `1.50` in English, `1,50` in French.
pub fn decimal(value: f64, places: usize) -> String {
    let written = format!("{value:.places$}");
    match written.split_once('.') {
        Some((whole, fraction)) => {
            let whole = whole.parse::<i64>().map_or(whole.to_owned(), count);
            format!("{whole}{}{fraction}", current().text("number-decimal"))
        }
        None => written,
    }
}

/// A share as a whole percentage: `71%` (`71 %` in French); a dash when there was nothing
/// to divide.
pub fn pct(share: Option<f64>) -> String {
    match share {
        Some(s) => current().text_with(
            "percent",
            &[("value", Arg::Str(count((s * 100.0).round() as i64)))],
        ),
        None => "–".to_owned(),
    }
}

/// A relative change: `+12%`, `−7%`, `±0%`.
pub fn signed_pct(change: f64) -> String {
    let points = (change * 100.0).round() as i64;
    let value = match points.signum() {
        1 => format!("+{}", count(points)),
        -1 => format!("−{}", count(-points)),
        _ => "±0".to_owned(),
    };
    current().text_with("percent", &[("value", Arg::Str(value))])
}

/// A change in a share, in percentage points: `+4 pts`, `−4 pts`, `±0 pt`.
pub fn signed_points(delta: f64) -> String {
    let points = (delta * 100.0).round() as i64;
    let value = match points.signum() {
        1 => format!("+{points}"),
        -1 => format!("−{}", -points),
        _ => "±0".to_owned(),
    };
    current().text_with(
        "points",
        &[("value", Arg::Str(value)), ("n", Arg::from(points.abs()))],
    )
}

/// A day as the language writes it (`22/11/2026`), from `YYYY-MM-DD`; anything else as it
/// came.
pub fn date(iso: &str) -> String {
    match iso
        .get(..10)
        .and_then(|d| d.parse::<jiff::civil::Date>().ok())
    {
        Some(day) => {
            let pattern = current().text("date-format");
            let written = day.strftime(&pattern).to_string();
            // An hour after the day (`2026-11-22 14:00`) stays beside it.
            match iso.get(10..) {
                Some(rest) if !rest.is_empty() => format!("{written}{rest}"),
                _ => written,
            }
        }
        None => iso.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Locale, sync_scope};
    use super::*;

    fn fr<R>(f: impl FnOnce() -> R) -> R {
        sync_scope(Locale::get("fr").unwrap(), f)
    }

    #[test]
    fn numbers_are_grouped_as_each_language_groups_them() {
        assert_eq!(count(12_528), "12,528");
        assert_eq!(count(999), "999");
        assert_eq!(count(-1_000_000), "-1,000,000");
        assert_eq!(fr(|| count(14_601)), "14\u{202f}601");
        assert_eq!(signed_count(-1_200), "−1,200");
        assert_eq!(signed_count(0), "±0");
    }

    #[test]
    fn percentages_and_points_follow_the_language() {
        assert_eq!(pct(Some(0.6)), "60%");
        assert_eq!(pct(None), "–");
        assert_eq!(fr(|| pct(Some(1.0))), "100\u{202f}%");
        assert_eq!(decimal(1.5, 2), "1.50");
        assert_eq!(fr(|| decimal(1_234.5, 2)), "1\u{202f}234,50");
        assert_eq!(signed_points(0.04), "+4 pts");
        assert_eq!(signed_pct(-0.0722), "−7%");
        assert_eq!(fr(|| signed_pct(0.5)), "+50\u{202f}%");
        assert_eq!(signed_points(-0.01), "−1 pt");
        assert_eq!(fr(|| signed_points(-0.123)), "−12\u{a0}pts");
    }

    #[test]
    fn days_are_written_in_the_language_s_order() {
        assert_eq!(date("2026-11-22"), "2026-11-22");
        assert_eq!(fr(|| date("2026-11-22")), "22/11/2026");
        assert_eq!(fr(|| date("2026-11-22 14:00")), "22/11/2026 14:00");
        assert_eq!(fr(|| date("(none)")), "(none)");
    }
}
