//! Rows in PostgreSQL's COPY text format: tab-separated, `\N` for NULL, backslash escapes.

use std::io::Write;

use crate::hits::HitRow;
use crate::hits::event::EventRow;

/// Appends one hit as a COPY text line, columns in the order of `COPY hits (...)`.
pub fn row(out: &mut Vec<u8>, hit: &HitRow) {
    let _ = write!(out, "{}\t{}", hit.link_id, hit.at);
    fields(
        out,
        [
            Some(hit.method),
            hit.referrer.as_deref(),
            hit.referrer_host.as_deref(),
        ],
    );
    visit(out, hit);
    let _ = write!(out, "\t{}", hit.signals.bits());
    number(out, hit.destination);
    out.push(b'\n');
}

/// Appends one event that arrived with no parent view as a COPY text line, columns in the
/// order of `COPY site_events (...)`: its generation is 0.
pub fn parentless_event(out: &mut Vec<u8>, event: &EventRow) {
    debug_assert!(
        event.parent.is_none(),
        "a parent's generation is looked up, not copied"
    );
    let hit = &event.hit;
    let _ = write!(out, "{}\t{}", event.site_id, hit.at);
    fields(
        out,
        [
            Some(event.event),
            Some(event.page.as_str()),
            event.utm.as_deref(),
            hit.referrer.as_deref(),
            hit.referrer_host.as_deref(),
        ],
    );
    out.extend_from_slice(if event.internal { b"\tt" } else { b"\tf" });
    fields(
        out,
        [event.share_id.as_deref(), None, event.channel.as_deref()],
    );
    visit(out, hit);
    out.extend_from_slice(b"\t0\n");
}

/// The columns hits and events share, `user_agent` to `evidence`: who came, and their class.
fn visit(out: &mut Vec<u8>, hit: &HitRow) {
    fields(
        out,
        [
            hit.user_agent.as_deref(),
            hit.browser.as_deref(),
            hit.os.as_deref(),
            Some(hit.device),
            hit.country.as_deref(),
            hit.city.as_deref(),
        ],
    );
    number(out, hit.visitor);
    fields(
        out,
        [
            Some(hit.kind),
            hit.source,
            Some(hit.platform),
            Some(hit.evidence),
        ],
    );
}

/// Text columns, each after a tab.
fn fields<'a>(out: &mut Vec<u8>, values: impl IntoIterator<Item = Option<&'a str>>) {
    for value in values {
        out.push(b'\t');
        text(out, value);
    }
}

/// A number column after a tab.
fn number(out: &mut Vec<u8>, value: Option<impl std::fmt::Display>) {
    out.push(b'\t');
    match value {
        Some(n) => {
            let _ = write!(out, "{n}");
        }
        None => out.extend_from_slice(b"\\N"),
    }
}

fn text(out: &mut Vec<u8>, value: Option<&str>) {
    let Some(value) = value else {
        out.extend_from_slice(b"\\N");
        return;
    };
    for &b in value.as_bytes() {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            // NUL cannot be stored in a PostgreSQL text value at all.
            0 => {}
            _ => out.push(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_nulls() {
        let mut out = Vec::new();
        text(&mut out, Some("a\tb\\c\nd\re\0f"));
        assert_eq!(out, b"a\\tb\\\\c\\nd\\ref");
        out.clear();
        text(&mut out, None);
        assert_eq!(out, b"\\N");
    }
}
