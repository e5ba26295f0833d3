//! Rows in PostgreSQL's COPY text format: tab-separated, `\N` for NULL, backslash escapes.

use crate::hits::HitRow;
use crate::hits::event::EventRow;

/// Appends one hit as a COPY text line, columns in the order of `COPY hits (...)`.
pub fn row(out: &mut Vec<u8>, hit: &HitRow) {
    owner_and_time(out, hit.link_id, hit.at);
    fields(
        out,
        [
            Some(hit.method),
            hit.referrer.as_deref(),
            hit.referrer_host.as_deref(),
        ],
    );
    visit(out, hit);
    number(out, Some(hit.signals.bits()));
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
    owner_and_time(out, event.site_id, hit.at);
    fields(
        out,
        [
            Some(event.event),
            Some(event.page.as_str()),
            event.utm.as_deref(),
            event.utm_tags.source.as_deref(),
            event.utm_tags.medium.as_deref(),
            event.utm_tags.campaign.as_deref(),
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

/// A line's first two columns: whose row it is (link or site), and when.
fn owner_and_time(out: &mut Vec<u8>, owner: i64, at: i64) {
    integer(out, owner);
    out.push(b'\t');
    integer(out, at);
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
fn number(out: &mut Vec<u8>, value: Option<impl itoa::Integer>) {
    out.push(b'\t');
    match value {
        Some(n) => integer(out, n),
        None => out.extend_from_slice(b"\\N"),
    }
}

/// An integer in decimal: `itoa` rather than `write!`, whose formatting machinery was a
/// twentieth of the hit path's instructions (docs/performance.md, "Header names parsed
/// once").
fn integer(out: &mut Vec<u8>, n: impl itoa::Integer) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// The bytes a text value cannot carry as they are.
fn needs_escape(b: u8) -> bool {
    matches!(b, b'\\' | b'\t' | b'\n' | b'\r' | 0)
}

fn text(out: &mut Vec<u8>, value: Option<&str>) {
    let Some(value) = value else {
        out.extend_from_slice(b"\\N");
        return;
    };
    // Nearly every value has nothing to escape: copied whole, not byte by byte.
    let mut rest = value.as_bytes();
    while let Some(at) = rest.iter().position(|&b| needs_escape(b)) {
        out.extend_from_slice(&rest[..at]);
        match rest[at] {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            // NUL cannot be stored in a PostgreSQL text value at all.
            _ => {}
        }
        rest = &rest[at + 1..];
    }
    out.extend_from_slice(rest);
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
        out.clear();
        text(&mut out, Some("\\été\t"));
        assert_eq!(out, "\\\\été\\t".as_bytes());
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        let mut hit = HitRow::dark_click(9_007_199_254_740_993, -1);
        hit.visitor = Some(i64::MIN);
        hit.destination = Some(-3);
        let mut out = Vec::new();
        row(&mut out, &hit);
        let line = String::from_utf8(out).unwrap();
        assert!(line.starts_with("9007199254740993\t-1\tGET\t"), "{line}");
        assert!(line.contains(&format!("\t{}\t", i64::MIN)), "{line}");
        assert!(
            line.ends_with(&format!("\t{}\t-3\n", hit.signals.bits())),
            "{line}"
        );
    }
}
