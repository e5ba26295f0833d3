//! The choices of period above a campaign's report, on its page and on a share link: the
//! fixed spans, since the campaign began, and a range of days when one is shown or kept.

use crate::campaigns::period::{LAST, ReportPeriod};

/// One choice, as the page links it.
pub struct PeriodLink {
    pub href: String,
    pub label: String,
    /// It is the period shown.
    pub current: bool,
}

/// The choices of the report at `base` (a path) showing `shown`; `kept` is the period a share
/// link keeps, offered beside the others when it is a range of days.
pub fn links(base: &str, shown: &ReportPeriod, kept: Option<&ReportPeriod>) -> Vec<PeriodLink> {
    let mut periods: Vec<ReportPeriod> = LAST.into_iter().map(ReportPeriod::Last).collect();
    periods.push(ReportPeriod::Since);
    for range in [kept, Some(shown)].into_iter().flatten() {
        if matches!(range, ReportPeriod::Range { .. }) && !periods.contains(range) {
            periods.push(range.clone());
        }
    }
    periods
        .into_iter()
        .map(|p| PeriodLink {
            href: format!("{base}?{}", p.query()),
            label: p.label(),
            current: p == *shown,
        })
        .collect()
}
