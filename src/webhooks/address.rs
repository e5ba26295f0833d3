//! Where a webhook may be sent: not to this machine or its private networks (a subscription
//! must not turn Lanterne into a way to reach an internal service), checked when subscribing
//! and again at delivery on the addresses the name resolves to then, so a name that changes
//! its answer after subscribing gets nowhere. `LANTERNE_WEBHOOKS_ALLOW_PRIVATE=true` lifts it.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use crate::i18n::Message;

/// Loopback, private, shared (CGNAT), link-local, unspecified, broadcast, multicast and
/// documentation addresses, in IPv4 or IPv6 (an IPv4-mapped address as its IPv4 one).
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => private_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => private_v4(v4),
            None => private_v6(v6),
        },
    }
}

fn private_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240 // reserved
}

fn private_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00 // unique local
        || (first & 0xffc0) == 0xfe80 // link-local
        || (first & 0xffc0) == 0xfec0 // site-local (deprecated)
        || first == 0x2001 && ip.segments()[1] == 0x0db8 // documentation
        || ip.to_ipv4().is_some_and(|v4| ip.segments()[..6] == [0; 6] && private_v4(v4)) // IPv4-compatible
}

/// Why a URL's host may not be sent to.
#[derive(Debug)]
pub enum Refusal {
    /// The name answers with no address (a typo, or a name not in the DNS yet): nothing to
    /// do with private addresses.
    Unresolved(Message),
    /// The address, or one the name resolves to, is private or loopback.
    Private(Message),
}

/// Why a URL's host may not be sent to: `None` when it may. Names are resolved.
pub async fn refusal(url: &url::Url) -> Option<Refusal> {
    let host = match url.host() {
        Some(url::Host::Ipv4(v4)) => return literal(IpAddr::V4(v4)),
        Some(url::Host::Ipv6(v6)) => return literal(IpAddr::V6(v6)),
        Some(url::Host::Domain(name)) => name.to_owned(),
        None => return Some(Refusal::Unresolved(Message::new("refusal-url-no-host"))),
    };
    let port = url.port_or_known_default().unwrap_or(443);
    let unresolved =
        || Refusal::Unresolved(Message::new("refusal-host-unresolved").with("host", &host));
    match tokio::net::lookup_host((host.as_str(), port)).await {
        Err(err) => {
            // The resolver's words are the system's, in English: the log keeps them.
            tracing::debug!(%host, error = %err, "a webhook's host does not resolve");
            Some(unresolved())
        }
        Ok(addrs) => {
            let addrs: Vec<SocketAddr> = addrs.collect();
            match addrs.iter().find(|a| is_private(a.ip())) {
                Some(private) => Some(Refusal::Private(
                    Message::new("refusal-host-private")
                        .with("host", &host)
                        .with("ip", private.ip().to_string()),
                )),
                None if addrs.is_empty() => Some(unresolved()),
                None => None,
            }
        }
    }
}

fn literal(ip: IpAddr) -> Option<Refusal> {
    is_private(ip)
        .then(|| Refusal::Private(Message::new("refusal-ip-private").with("ip", ip.to_string())))
}

/// The delivery client's resolver: only the public addresses of a name, so that the
/// connection goes where the check looked (no second lookup to rebind).
pub struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| !is_private(a.ip()))
                .collect();
            if addrs.is_empty() {
                return Err(format!(
                    "{host} resolves to no public address (private addresses are refused)"
                )
                .into());
            }
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_machine_and_private_networks_are_private() {
        for ip in [
            "127.0.0.1",
            "127.0.0.2",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
        ] {
            assert!(is_private(ip.parse().unwrap()), "{ip}");
        }
        for ip in [
            "93.184.215.14",
            "8.8.8.8",
            "2606:4700::1111",
            "::ffff:1.1.1.1",
        ] {
            assert!(!is_private(ip.parse().unwrap()), "{ip}");
        }
    }

    #[tokio::test]
    async fn a_literal_private_address_is_refused_without_resolving() {
        let url = url::Url::parse("http://[::1]:8080/hook").unwrap();
        let Some(Refusal::Private(private)) = refusal(&url).await else {
            panic!("[::1] is not refused as private");
        };
        assert!(private.english().contains("::1"));
        let url = url::Url::parse("http://localhost/hook").unwrap();
        assert!(refusal(&url).await.is_some());
    }
}
