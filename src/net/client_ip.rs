//! The client's address: the TCP peer, or, when the peer is a trusted proxy, the right-most
//! address in `X-Forwarded-For` / `Forwarded` that is not itself a trusted proxy.
//!
//! Right-most, because every hop appends: the left part of the header is whatever the
//! client chose to send and proves nothing.

use std::net::IpAddr;

use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use ipnet::IpNet;

/// The common practice's forwarding header, beside the standard's `Forwarded`.
pub const X_FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");

/// Parses a comma-separated list of CIDRs or bare addresses (`10.0.0.0/8, 127.0.0.1`).
pub fn parse_cidrs(list: &str) -> Result<Vec<IpNet>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<IpNet>()
                .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| format!("{s:?} is not an IP address or CIDR"))
        })
        .collect()
}

/// The client address of a request from `peer` with these headers. Of a repeated forwarding
/// header the last line is read, the one the nearest proxy added; the first may be the client's.
pub fn of_request(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let last = |name: &HeaderName| {
        headers
            .get_all(name)
            .iter()
            .next_back()
            .map(HeaderValue::as_bytes)
    };
    resolve(
        peer,
        last(&X_FORWARDED_FOR),
        last(&header::FORWARDED),
        trusted,
    )
}

/// Resolves the client address from the peer and the raw forwarding headers.
pub fn resolve(
    peer: IpAddr,
    x_forwarded_for: Option<&[u8]>,
    forwarded: Option<&[u8]>,
    trusted: &[IpNet],
) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&canonical(peer)) {
        return canonical(peer);
    }
    // `Forwarded` is the standard (RFC 7239); `X-Forwarded-For` the common practice.
    let hops: Vec<IpAddr> = match (forwarded, x_forwarded_for) {
        (Some(header), _) => forwarded_hops(header),
        (None, Some(header)) => xff_hops(header),
        (None, None) => Vec::new(),
    };
    hops.into_iter()
        .rev()
        .map(canonical)
        .find(|ip| !is_trusted(ip))
        .unwrap_or(canonical(peer))
}

/// An IPv4 address mapped into IPv6 (`::ffff:1.2.3.4`) is the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

fn xff_hops(header: &[u8]) -> Vec<IpAddr> {
    let Ok(text) = std::str::from_utf8(header) else {
        return Vec::new();
    };
    text.split(',')
        .filter_map(|hop| parse_node(hop.trim()))
        .collect()
}

/// `for=` parameters of `Forwarded: for=192.0.2.60;proto=http, for="[2001:db8::1]:4711"`.
fn forwarded_hops(header: &[u8]) -> Vec<IpAddr> {
    let Ok(text) = std::str::from_utf8(header) else {
        return Vec::new();
    };
    text.split(',')
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (key, value) = pair.split_once('=')?;
                key.trim()
                    .eq_ignore_ascii_case("for")
                    .then(|| parse_node(value.trim().trim_matches('"')))
                    .flatten()
            })
        })
        .collect()
}

/// An address with an optional port: `1.2.3.4`, `1.2.3.4:80`, `[2001:db8::1]:80`, `2001:db8::1`.
fn parse_node(node: &str) -> Option<IpAddr> {
    if let Ok(ip) = node.parse() {
        return Some(ip);
    }
    if let Some(rest) = node.strip_prefix('[') {
        return rest.split_once(']')?.0.parse().ok();
    }
    node.rsplit_once(':')?.0.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_request_is_read_by_the_line_its_proxy_added() {
        // The client sent a line of its own; the trusted proxy appended a second.
        let mut headers = HeaderMap::new();
        headers.append("x-forwarded-for", HeaderValue::from_static("198.51.100.1"));
        headers.append("x-forwarded-for", HeaderValue::from_static("81.2.69.142"));
        let trusted = parse_cidrs("10.0.0.0/8").unwrap();
        let got = of_request(ip("10.0.0.2"), &headers, &trusted);
        assert_eq!(got, ip("81.2.69.142"));
    }

    #[test]
    fn untrusted_peer_is_the_client() {
        let got = resolve(ip("203.0.113.9"), Some(b"81.2.69.142"), None, &[]);
        assert_eq!(got, ip("203.0.113.9"));
    }

    #[test]
    fn trusted_peer_takes_right_most_untrusted_hop() {
        let trusted = parse_cidrs("127.0.0.1/32, 10.0.0.0/8").unwrap();
        let header = b"1.1.1.1, 81.2.69.142, 10.0.0.7";
        assert_eq!(
            resolve(ip("127.0.0.1"), Some(header), None, &trusted),
            ip("81.2.69.142")
        );
        assert_eq!(
            resolve(
                ip("::ffff:127.0.0.1"),
                Some(b"81.2.69.142:5000"),
                None,
                &trusted
            ),
            ip("81.2.69.142")
        );
        assert_eq!(
            resolve(ip("127.0.0.1"), Some(b"garbage, \xff"), None, &trusted),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn forwarded_header() {
        let trusted = parse_cidrs("127.0.0.1").unwrap();
        let header = b"for=1.1.1.1, for=\"[2001:db8::1]:4711\";proto=https";
        assert_eq!(
            resolve(ip("127.0.0.1"), None, Some(header), &trusted),
            ip("2001:db8::1")
        );
    }

    #[test]
    fn bad_cidrs_are_named() {
        assert!(
            parse_cidrs("10.0.0.0/8, nope")
                .unwrap_err()
                .contains("nope")
        );
    }
}
