//! A headline figure beside the same figure for the period before: `+12% against 4,974`.

use crate::i18n::{self, t2};

/// The change since the period before, as the page says it, and which way it went.
pub struct Delta {
    pub text: String,
    /// `up`, `down` or `flat`, for the arrow's class.
    pub class: &'static str,
}

impl Delta {
    fn new(change: f64, text: String) -> Delta {
        let class = match change {
            c if c > 0.0 => "up",
            c if c < 0.0 => "down",
            _ => "flat",
        };
        Delta { text, class }
    }

    /// The arrow before the text.
    pub fn arrow(&self) -> &'static str {
        match self.class {
            "up" => "▲",
            "down" => "▼",
            _ => "▶",
        }
    }
}

/// A count against the count before: the relative change, or, when there was nothing
/// before (no change to divide by), what there is now.
pub fn count(now: i64, before: i64) -> Delta {
    if before == 0 {
        return from_nothing(now);
    }
    let change = (now - before) as f64 / before as f64;
    Delta::new(
        change,
        t2(
            "compare-count",
            "change",
            i18n::signed_pct(change),
            "before",
            i18n::count(before),
        ),
    )
}

/// A count where the period before had none: "new: +11", or "still none".
fn from_nothing(now: i64) -> Delta {
    let text = if now == 0 {
        i18n::t("compare-still-none")
    } else {
        i18n::t1("compare-new", "change", i18n::signed_count(now))
    };
    Delta::new(now as f64, text)
}

/// A share against the share before, in percentage points; none when either has nothing
/// to divide.
pub fn share(now: Option<f64>, before: Option<f64>) -> Option<Delta> {
    let (now, before) = (now?, before?);
    let change = now - before;
    Some(Delta::new(
        change,
        t2(
            "compare-share",
            "change",
            i18n::signed_points(change),
            "before",
            i18n::pct(Some(before)),
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_relative_for_counts_and_in_points_for_shares() {
        let d = count(4_615, 4_974);
        assert_eq!((d.text.as_str(), d.class), ("−7% against 4,974", "down"));
        let d = count(11, 0);
        assert_eq!((d.text.as_str(), d.arrow()), ("new: +11, none before", "▲"));
        let d = count(0, 0);
        assert_eq!((d.text.as_str(), d.arrow()), ("still none", "▶"));
        let d = share(Some(0.71), Some(0.67)).unwrap();
        assert_eq!((d.text.as_str(), d.arrow()), ("+4 pts against 67%", "▲"));
        assert!(share(Some(0.5), None).is_none());
    }
}
