//! Charts as SVG drawn on the server: no script, nothing inline that a strict CSP forbids
//! (SVG presentation attributes are not styles).

use std::fmt::Write;

use crate::i18n::{self, t, t1};
use crate::stats::report::{Row, Split};

/// Text put inside the SVG's markup: translations may hold `&`, `<` or quotes.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const DARK: &str = "#3b3f8f";
const PUBLIC: &str = "#e0793b";
const SEARCH: &str = "#3f9c6b";
const REFERRAL: &str = "#9aa3b5";
/// The period before: dark enough to read against the bars and the page (contrast ≥ 4.5:1
/// on white).
const BEFORE: &str = "#1d2330";

/// Clicks per day (or per hour: `bucket`), stacked: dark at the bottom, then public, search,
/// referral.
/// With `before`, the period before's clicks drawn over the bars as a dashed line, day
/// for day. The scale (the top's count) and the first and last days are HTML around the
/// SVG, not text in it: the SVG shrinks to a phone's width, and its text with it (to 5 px).
pub fn days(days: &[Row], bucket: &str, before: Option<&[Row]>) -> String {
    let (width, height, pad) = (720.0, 180.0, 24.0);
    let max = days
        .iter()
        .chain(before.unwrap_or_default())
        .map(|d| d.split.clicks)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let step = (width - pad) / days.len().max(1) as f64;
    let bar = (step * 0.8).max(1.0);
    let mut svg = format!(
        r#"<div class="chart-frame"><div class="chart-scale">{top}</div><svg class="chart" viewBox="0 0 {width} {h}" role="img" aria-label="{label}"><title>{title}</title>"#,
        top = i18n::count(max as i64),
        h = height + 1.0,
        label = escaped(&t1("chart-label", "bucket", bucket)),
        title = escaped(&t1("chart-title", "bucket", bucket)),
    );
    // Keys, not labels: the tooltip's message words each source with its count's plural.
    let sources = ["dark", "public", "search", "referral"];
    for (i, day) in days.iter().enumerate() {
        let x = pad + i as f64 * step;
        let mut y = height;
        let s = &day.split;
        let day_name = i18n::date(&day.key);
        for ((n, colour), source) in [
            (s.dark, DARK),
            (s.public, PUBLIC),
            (s.search, SEARCH),
            (s.referral, REFERRAL),
        ]
        .into_iter()
        .zip(&sources)
        {
            let h = n as f64 / max * (height - 8.0);
            if h > 0.0 {
                y -= h;
                let _ = write!(
                    svg,
                    r#"<rect x="{x:.1}" y="{y:.1}" width="{bar:.1}" height="{h:.1}" fill="{colour}"><title>{}</title></rect>"#,
                    escaped(&i18n::current().text_with(
                        "chart-bar",
                        &[
                            ("day", day_name.as_str().into()),
                            ("count", i18n::count(n).into()),
                            ("n", n.into()),
                            ("source", (*source).into()),
                        ]
                    ))
                );
            }
        }
    }
    if let Some(before) = before.filter(|b| !b.is_empty()) {
        let points: Vec<String> = before
            .iter()
            .take(days.len())
            .enumerate()
            .map(|(i, day)| {
                let x = pad + i as f64 * step + bar / 2.0;
                let y = height - day.split.clicks as f64 / max * (height - 8.0);
                format!("{x:.1},{y:.1}")
            })
            .collect();
        let _ = write!(
            svg,
            r##"<polyline class="before" points="{}" fill="none" stroke="{BEFORE}" stroke-width="2" stroke-dasharray="5 4"><title>{}</title></polyline>"##,
            points.join(" "),
            escaped(&t("chart-previous"))
        );
    }
    let _ = write!(
        svg,
        r##"<line x1="{pad}" y1="{height}" x2="{width}" y2="{height}" stroke="#c9cedb"/>"##
    );
    svg.push_str("</svg>");
    if let (Some(first), Some(last)) = (days.first(), days.last()) {
        let _ = write!(
            svg,
            r#"<div class="chart-dates"><span>{}</span><span>{}</span></div>"#,
            i18n::date(&first.key),
            i18n::date(&last.key)
        );
    }
    svg.push_str("</div>");
    svg
}

/// A channel's clicks per day as a small line, its last day marked.
pub fn sparkline(values: &[i64], label: &str) -> String {
    let (width, height) = (120.0, 28.0);
    let max = values.iter().copied().max().unwrap_or(0).max(1) as f64;
    let step = width / (values.len().max(2) - 1) as f64;
    let points: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let y = height - 2.0 - *n as f64 / max * (height - 4.0);
            format!("{:.1},{y:.1}", i as f64 * step)
        })
        .collect();
    let total: i64 = values.iter().sum();
    format!(
        r#"<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{}"><polyline points="{}" fill="none" stroke="{DARK}" stroke-width="1.5"/></svg>"#,
        escaped(&i18n::current().text_with(
            "sparkline-label",
            &[
                ("channel", label.into()),
                ("n", total.into()),
                ("count", i18n::count(total).into()),
                ("days", (values.len() as i64).into()),
            ]
        )),
        points.join(" ")
    )
}

/// One horizontal bar of the dark / public / search / referral split.
pub fn split(s: &Split) -> String {
    let total = s.clicks.max(1) as f64;
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 100 6" preserveAspectRatio="none" role="img" aria-label="{}">"#,
        escaped(&t("chart-split-label"))
    );
    let mut x = 0.0;
    for (n, colour) in [
        (s.dark, DARK),
        (s.public, PUBLIC),
        (s.search, SEARCH),
        (s.referral, REFERRAL),
    ] {
        let w = n as f64 / total * 100.0;
        let _ = write!(
            svg,
            r#"<rect x="{x:.2}" y="0" width="{w:.2}" height="6" fill="{colour}"/>"#
        );
        x += w;
    }
    svg.push_str("</svg>");
    svg
}
