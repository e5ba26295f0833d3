//! Host names: what a branded domain may be, and the host a request was sent to.

use crate::i18n::Message;

/// Longest host name (RFC 1035).
const MAX_LEN: usize = 253;

/// A branded domain's host as stored: trimmed, lowercase, punycode, no trailing dot. Refused
/// with what is wrong: a URL, a port, a path, an IP address, a name of one label or with
/// characters a DNS name cannot have.
pub fn parse(raw: &str) -> Result<String, Message> {
    let raw = raw.trim().trim_end_matches('.');
    if raw.is_empty() {
        return Err(Message::new("refusal-host-empty"));
    }
    if raw.contains("://") {
        return Err(Message::new("refusal-host-url").with_typed("host", raw));
    }
    if raw.contains(['/', '?', '#', '@', ' ']) {
        return Err(Message::new("refusal-host-path").with_typed("host", raw));
    }
    if raw.contains(':') || raw.starts_with('[') {
        return Err(Message::new("refusal-host-port").with_typed("host", raw));
    }
    let host = match url::Host::parse(raw) {
        Ok(url::Host::Domain(name)) => name,
        Ok(_) => return Err(Message::new("refusal-host-ip").with("host", raw)),
        Err(e) => {
            return Err(Message::new("refusal-host-invalid-because")
                .with_typed("host", raw)
                .with("reason", e.to_string()));
        }
    };
    if host.len() > MAX_LEN {
        return Err(Message::new("refusal-host-too-long").with_count("max", MAX_LEN));
    }
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2 {
        return Err(Message::new("refusal-host-one-label").with("host", host));
    }
    for label in &labels {
        let ok = (1..=63).contains(&label.len())
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-');
        if !ok {
            return Err(Message::new("refusal-host-labels").with("host", host));
        }
    }
    if labels
        .last()
        .is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(Message::new("refusal-host-invalid").with("host", host));
    }
    Ok(host)
}

/// A domain as asked for (a link's `domain`, `?domain=`, a domain to remove, a stats key's
/// host) in the form it is stored: trimmed, no trailing dot, and through the IDNA mapping of
/// URLs that [`parse`] applies when a domain is added, so `Café.example.` is
/// `xn--caf-dma.example`. What is no domain name (an address) is only lowercased.
pub fn normalized(asked: &str) -> String {
    let asked = asked.trim().trim_end_matches('.');
    match url::Host::parse(asked) {
        Ok(url::Host::Domain(name)) => name,
        _ => asked.to_ascii_lowercase(),
    }
}

/// The host of a `Host` header's value (or an HTTP/2 authority), as the domains are stored:
/// its port dropped, lowercased, no trailing dot. `None` when it has none to give.
pub fn of_request(value: &[u8]) -> Option<String> {
    let value = std::str::from_utf8(value).ok()?;
    let host = if let Some(rest) = value.strip_prefix('[') {
        // An IPv6 literal: never a branded domain, but returned for completeness.
        &value[..rest.find(']')? + 2]
    } else {
        value.rsplit_once(':').map_or(value, |(host, _port)| host)
    };
    let host = host.trim_end_matches('.');
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_domain_is_a_lowercase_name_of_two_labels_or_more() {
        assert_eq!(parse(" Go.Example.COM. ").unwrap(), "go.example.com");
        assert_eq!(parse("go.example").unwrap(), "go.example");
        assert_eq!(parse("bücher.example").unwrap(), "xn--bcher-kva.example");
        assert_eq!(parse("a-b.c-d.example").unwrap(), "a-b.c-d.example");
    }

    #[test]
    fn what_is_not_a_host_name_is_refused_with_why() {
        for (raw, why) in [
            ("", "empty"),
            ("https://go.example", "is a URL"),
            ("go.example/x", "not a host name"),
            ("go.example:8080", "port"),
            ("[::1]", "port or is an IPv6"),
            ("192.0.2.1", "IP address"),
            ("localhost", "one label"),
            ("-go.example", "inner hyphens"),
            ("go_x.example", "not a valid host name"),
            ("go.123", "not a valid host name"),
            ("a b.example", "not a host name"),
        ] {
            let err = parse(raw).unwrap_err().english();
            assert!(err.contains(why), "{raw:?}: {err}");
        }
        assert!(parse(&format!("{}.example", "a".repeat(64))).is_err());
        assert!(parse(&format!("{}example", "abc.".repeat(70))).is_err());
    }

    #[test]
    fn a_domain_asked_for_reads_as_it_was_added_in_either_form() {
        for asked in [" Café.Example. ", "café.example", "XN--CAF-DMA.example"] {
            assert_eq!(
                normalized(asked),
                parse("café.example").unwrap(),
                "{asked:?}"
            );
        }
        assert_eq!(normalized("Go.Example."), "go.example");
        assert_eq!(normalized("127.0.0.1"), "127.0.0.1");
        assert_eq!(normalized("not a host"), "not a host");
        assert_eq!(normalized(""), "");
    }

    #[test]
    fn a_request_host_loses_its_port_case_and_trailing_dot() {
        assert_eq!(of_request(b"Go.Example:8080").unwrap(), "go.example");
        assert_eq!(of_request(b"go.example.").unwrap(), "go.example");
        assert_eq!(of_request(b"127.0.0.1:3000").unwrap(), "127.0.0.1");
        assert_eq!(of_request(b"[::1]:3000").unwrap(), "[::1]");
        assert_eq!(of_request(b""), None);
        assert_eq!(of_request(b"\xff"), None);
    }
}
