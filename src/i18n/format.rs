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
        Some(s) => percent((s * 100.0).round() as i64),
        None => "–".to_owned(),
    }
}

/// Each part's share of their sum as a whole percentage, the percentages adding up to
/// exactly 100 % (see [`whole_percents`]) where rounding each on its own can make 99 % or
/// 101 %; dashes when the sum is nothing.
pub fn pct_of_parts(parts: &[i64]) -> Vec<String> {
    match whole_percents(parts) {
        Some(points) => points.into_iter().map(percent).collect(),
        None => vec!["–".to_owned(); parts.len()],
    }
}

/// Whole percentages of `parts` that add up to exactly 100, by the largest remainder method:
/// each part gets its exact percentage rounded down, then the points still missing go one
/// each to the parts whose rounding dropped the most, the earlier part first on a tie. A
/// part of nothing stays at 0. `None` when the parts add up to nothing (negative parts count
/// as nothing).
pub fn whole_percents(parts: &[i64]) -> Option<Vec<i64>> {
    let parts: Vec<i128> = parts.iter().map(|&n| i128::from(n.max(0))).collect();
    let total: i128 = parts.iter().sum();
    if total == 0 {
        return None;
    }
    let mut points: Vec<i128> = parts.iter().map(|n| n * 100 / total).collect();
    let missing = 100 - points.iter().sum::<i128>();
    let mut by_remainder: Vec<usize> = (0..parts.len()).collect();
    // A stable sort: ties stay in the parts' order.
    by_remainder.sort_by_key(|&i| std::cmp::Reverse(parts[i] * 100 % total));
    for &i in by_remainder
        .iter()
        .take(usize::try_from(missing).unwrap_or(0))
    {
        points[i] += 1;
    }
    Some(points.into_iter().map(|p| p as i64).collect())
}

/// `points` written as the language writes a percentage: `71%`, `71 %`.
fn percent(points: i64) -> String {
    current().text_with("percent", &[("value", Arg::Str(count(points)))])
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
    date_in(&current(), iso)
}

/// [`date`] as `locale` writes it.
pub fn date_in(locale: &super::Locale, iso: &str) -> String {
    match iso
        .get(..10)
        .and_then(|d| d.parse::<jiff::civil::Date>().ok())
    {
        Some(day) => {
            let pattern = locale.text("date-format");
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
    fn shares_of_a_whole_add_up_to_exactly_100_percent() {
        // Rounded one by one, 2/3 and 1/3 and … make 101 % or 99 %.
        assert_eq!(whole_percents(&[1, 1, 1]), Some(vec![34, 33, 33]));
        assert_eq!(whole_percents(&[2, 1]), Some(vec![67, 33]));
        // 83.5, 8.5, 8.0: each rounded alone, 84 + 9 + 8 = 101.
        assert_eq!(whole_percents(&[167, 17, 16]), Some(vec![84, 8, 8]));
        // 66.5 + 16.625 + 16.875: rounded alone 67 + 17 + 17 = 101.
        assert_eq!(whole_percents(&[532, 133, 135]), Some(vec![66, 17, 17]));
        // The missing points go to the largest remainders, not to the largest parts.
        assert_eq!(whole_percents(&[9_949, 51]), Some(vec![99, 1]));
        assert_eq!(whole_percents(&[994, 5, 1]), Some(vec![99, 1, 0]));
        // Exact shares stay as they are, and a part of nothing at 0 %.
        assert_eq!(whole_percents(&[3, 1]), Some(vec![75, 25]));
        assert_eq!(whole_percents(&[5, 0]), Some(vec![100, 0]));
        assert_eq!(whole_percents(&[0, 0]), None);
        assert_eq!(whole_percents(&[]), None);
        assert_eq!(whole_percents(&[i64::MAX, i64::MAX]), Some(vec![50, 50]));
        for parts in [
            vec![7, 7, 7, 7, 7, 7, 7],
            vec![1, 2, 3, 4, 5, 6],
            vec![10_000, 1, 1, 1],
            vec![333, 333, 334, 1],
        ] {
            let points = whole_percents(&parts).unwrap();
            assert_eq!(points.iter().sum::<i64>(), 100, "{parts:?} → {points:?}");
            for (part, p) in parts.iter().zip(&points) {
                let exact = *part as f64 * 100.0 / parts.iter().sum::<i64>() as f64;
                assert!((*p as f64 - exact).abs() < 1.0, "{parts:?} → {points:?}");
            }
        }
        assert_eq!(pct_of_parts(&[1, 1, 1]), ["34%", "33%", "33%"]);
        assert_eq!(fr(|| pct_of_parts(&[2, 1])), ["67\u{202f}%", "33\u{202f}%"]);
        assert_eq!(pct_of_parts(&[0, 0]), ["–", "–"]);
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
