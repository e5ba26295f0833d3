//! Hosting networks: is an IP address a server's (a cloud, a hosting provider, a
//! mail-security vendor) rather than a person's connection? The hit writer asks, beside the
//! country lookup, and drops the address; only the answer is kept, as a request signal.
//!
//! Which networks count is `data/asn/hosting_networks.tsv` (autonomous system numbers, and
//! why Private Relay's, VPNs' and corporate proxies' are not there). Their address ranges are
//! built in (`data/asn/hosting-ranges.csv`, from the ip-location-db ASN database, CC BY 4.0);
//! `--asn-db` may name a whole ip-location-db ASN file instead (`start,end,asn,name` lines,
//! IPv4 and IPv6), of which the listed networks are kept.

use std::collections::HashSet;
use std::net::IpAddr;
use std::path::Path;

use anyhow::Context;

static BUILTIN: &str = include_str!("../data/asn/hosting-ranges.csv");
static LISTED: &str = include_str!("../data/asn/hosting_networks.tsv");

/// The hosting networks' address ranges, sorted, for a binary search.
pub struct HostingNetworks {
    v4: Vec<(u32, u32)>,
    v6: Vec<(u128, u128)>,
}

impl HostingNetworks {
    /// The ranges built into the binary.
    pub fn builtin() -> HostingNetworks {
        HostingNetworks::parse(BUILTIN).expect("the built-in hosting ranges are valid")
    }

    /// An ip-location-db ASN file (`start,end,asn,name`).
    pub fn open(path: &Path) -> anyhow::Result<HostingNetworks> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading the ASN database {}", path.display()))?;
        HostingNetworks::parse(&text)
            .with_context(|| format!("in the ASN database {}", path.display()))
    }

    fn parse(text: &str) -> anyhow::Result<HostingNetworks> {
        let listed: HashSet<&str> = LISTED
            .lines()
            .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
            .filter_map(|line| line.split('\t').next())
            .collect();
        let (mut v4, mut v6) = (Vec::new(), Vec::new());
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.splitn(4, ',');
            let (Some(start), Some(end), Some(asn)) = (fields.next(), fields.next(), fields.next())
            else {
                anyhow::bail!("line {}: expected start,end,asn,name", n + 1);
            };
            if !listed.contains(asn.trim()) {
                continue;
            }
            let range = |s: &str| {
                s.trim()
                    .parse::<IpAddr>()
                    .with_context(|| format!("line {}: {s:?} is not an address", n + 1))
            };
            match (range(start)?, range(end)?) {
                (IpAddr::V4(a), IpAddr::V4(b)) => v4.push((u32::from(a), u32::from(b))),
                (IpAddr::V6(a), IpAddr::V6(b)) => v6.push((u128::from(a), u128::from(b))),
                _ => anyhow::bail!("line {}: a range mixes IPv4 and IPv6", n + 1),
            }
        }
        v4.sort_unstable();
        v6.sort_unstable();
        Ok(HostingNetworks { v4, v6 })
    }

    /// Whether `ip` is in a hosting network. An IPv4 address mapped into IPv6 is looked up as
    /// the IPv4 address it is.
    pub fn is_hosting(&self, ip: IpAddr) -> bool {
        match ip {
            IpAddr::V4(v4) => within(&self.v4, u32::from(v4)),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => within(&self.v4, u32::from(v4)),
                None => within(&self.v6, u128::from(v6)),
            },
        }
    }
}

/// Whether `x` falls in one of the sorted, non-overlapping `ranges`.
fn within<T: Ord + Copy>(ranges: &[(T, T)], x: T) -> bool {
    let after = ranges.partition_point(|(start, _)| *start <= x);
    after > 0 && x <= ranges[after - 1].1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    /// Addresses from the built-in ranges' own data: AWS, Microsoft, Hetzner, Proofpoint; and
    /// ones that must stay people's: Private Relay's egress (Akamai, Cloudflare), a consumer
    /// ISP, a private address.
    #[test]
    fn builtin_knows_clouds_and_leaves_private_relay_and_isps_alone() {
        let networks = HostingNetworks::builtin();
        let first_of = |asn: &str| {
            BUILTIN
                .lines()
                .find(|l| l.split(',').nth(2) == Some(asn))
                .and_then(|l| l.split(',').next())
                .map(ip)
                .unwrap()
        };
        for asn in ["16509", "8075", "24940", "52129", "396982"] {
            assert!(networks.is_hosting(first_of(asn)), "AS{asn}");
        }
        for person in [
            "172.224.226.10", // iCloud Private Relay (Akamai)
            "104.28.0.10",    // iCloud Private Relay (Cloudflare)
            "81.2.69.142",    // a British consumer ISP
            "10.1.2.3",
            "127.0.0.1",
            "2001:db8::1",
        ] {
            assert!(!networks.is_hosting(ip(person)), "{person}");
        }
    }

    #[test]
    fn a_file_of_ranges_keeps_the_listed_networks_and_maps_ipv4_in_ipv6() {
        let text = "203.0.113.0,203.0.113.255,16509,Amazon\n\
                    198.51.100.0,198.51.100.255,3215,Orange\n\
                    2001:db8:1::,2001:db8:1:ffff:ffff:ffff:ffff:ffff,24940,Hetzner\n";
        let networks = HostingNetworks::parse(text).unwrap();
        assert!(networks.is_hosting(ip("203.0.113.7")));
        assert!(networks.is_hosting(ip("::ffff:203.0.113.7")));
        assert!(!networks.is_hosting(ip("203.0.114.0")));
        assert!(!networks.is_hosting(ip("198.51.100.7")), "an ISP is people");
        assert!(networks.is_hosting(ip("2001:db8:1::5")));
        assert!(!networks.is_hosting(ip("2001:db8:2::5")));
        assert!(HostingNetworks::parse("x,y,16509,Amazon\n").is_err());
        assert!(HostingNetworks::parse("1.2.3.4,1.2.3.5\n").is_err());
        assert!(HostingNetworks::parse("1.2.3.4,::1,16509,Amazon\n").is_err());
    }
}
