//! Rows in PostgreSQL's COPY text format: tab-separated, `\N` for NULL, backslash escapes.

use std::io::Write;

use crate::hits::HitRow;
use crate::hits::event::EventRow;

/// Appends one hit as a COPY text line, columns in the order of `COPY hits (...)`.
pub fn row(out: &mut Vec<u8>, hit: &HitRow) {
    let _ = write!(out, "{}\t{}\t", hit.link_id, hit.at);
    text(out, Some(hit.method));
    for value in [
        hit.referrer.as_deref(),
        hit.referrer_host.as_deref(),
        hit.user_agent.as_deref(),
        hit.browser.as_deref(),
        hit.os.as_deref(),
        Some(hit.device),
        hit.country.as_deref(),
        hit.city.as_deref(),
    ] {
        out.push(b'\t');
        text(out, value);
    }
    out.push(b'\t');
    match hit.visitor {
        Some(v) => {
            let _ = write!(out, "{v}");
        }
        None => out.extend_from_slice(b"\\N"),
    }
    for value in [
        Some(hit.kind),
        hit.source,
        Some(hit.platform),
        Some(hit.evidence),
    ] {
        out.push(b'\t');
        text(out, value);
    }
    let _ = write!(out, "\t{}", hit.signals.bits());
    out.push(b'\t');
    match hit.destination {
        Some(d) => {
            let _ = write!(out, "{d}");
        }
        None => out.extend_from_slice(b"\\N"),
    }
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
    for value in [
        Some(event.event),
        Some(event.page.as_str()),
        event.utm.as_deref(),
    ] {
        out.push(b'\t');
        text(out, value);
    }
    for value in [hit.referrer.as_deref(), hit.referrer_host.as_deref()] {
        out.push(b'\t');
        text(out, value);
    }
    out.extend_from_slice(if event.internal { b"\tt" } else { b"\tf" });
    for value in [
        event.share_id.as_deref(),
        None,
        event.channel.as_deref(),
        hit.user_agent.as_deref(),
        hit.browser.as_deref(),
        hit.os.as_deref(),
        Some(hit.device),
        hit.country.as_deref(),
        hit.city.as_deref(),
    ] {
        out.push(b'\t');
        text(out, value);
    }
    out.push(b'\t');
    match hit.visitor {
        Some(v) => {
            let _ = write!(out, "{v}");
        }
        None => out.extend_from_slice(b"\\N"),
    }
    for value in [
        Some(hit.kind),
        hit.source,
        Some(hit.platform),
        Some(hit.evidence),
    ] {
        out.push(b'\t');
        text(out, value);
    }
    out.extend_from_slice(b"\t0\n");
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
