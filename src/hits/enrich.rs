//! Enrichment: a `RawHit` becomes a `HitRow` — client address resolved, place looked up,
//! visitor hashed, user agent parsed, hit classified — and the address is dropped.

use std::sync::Arc;

use axum::http::HeaderValue;
use ipnet::IpNet;
use quick_cache::sync::Cache;

use super::visitor::DailySalt;
use super::{HitRow, RawHit};
use crate::classify::{self, AgentVerdict, Kind, Signals};
use crate::geo::Geo;
use crate::hosting::HostingNetworks;
use crate::net::client_ip;

/// Longest user agent stored, in bytes.
pub const MAX_USER_AGENT: usize = 512;

/// Distinct user agents whose reading is kept: real traffic shows a few hundred that carry
/// most hits, and each kept one costs under a kilobyte.
const KNOWN_AGENTS: usize = 4_096;

pub struct Enricher {
    geo: Arc<Geo>,
    networks: Arc<HostingNetworks>,
    trusted_proxies: Arc<[IpNet]>,
    parser: woothee::parser::Parser,
    /// Reading a user agent (the classifier's markers, woothee's parse) was a third of a
    /// hit's enrichment, and the same few user agents come back hit after hit.
    /// Keyed by the same text the reading holds, kept once.
    agents: Cache<Arc<str>, Arc<AgentReading>>,
}

/// What a user agent alone tells: the same every time it is read.
#[derive(Debug)]
struct AgentReading {
    /// The user agent itself, cropped, as hits store it.
    text: Arc<str>,
    verdict: AgentVerdict,
    browser: Option<Arc<str>>,
    os: Option<Arc<str>>,
    /// The device, if the hit turns out to be a click.
    device: &'static str,
}

impl Enricher {
    pub fn new(
        geo: Arc<Geo>,
        networks: Arc<HostingNetworks>,
        trusted_proxies: Arc<[IpNet]>,
    ) -> Enricher {
        Enricher {
            geo,
            networks,
            trusted_proxies,
            parser: woothee::parser::Parser::new(),
            agents: Cache::new(KNOWN_AGENTS),
        }
    }

    /// The reading of `user_agent`, from memory when it was read before.
    fn read_agent(&self, user_agent: &str) -> Arc<AgentReading> {
        if let Some(known) = self.agents.get(user_agent) {
            return known;
        }
        let parsed = self.parser.parse(user_agent);
        let known = |s: &str| (!s.is_empty() && s != "UNKNOWN").then(|| Arc::from(s));
        let text: Arc<str> = Arc::from(user_agent);
        let reading = Arc::new(AgentReading {
            text: Arc::clone(&text),
            verdict: AgentVerdict::of(user_agent),
            browser: parsed.as_ref().and_then(|p| known(p.name)),
            os: parsed.as_ref().and_then(|p| known(p.os)),
            device: device(parsed.as_ref()),
        });
        self.agents.insert(text, Arc::clone(&reading));
        reading
    }

    pub fn enrich(&self, raw: RawHit, salt: &DailySalt) -> HitRow {
        let ip = client_ip::resolve(
            raw.peer,
            raw.x_forwarded_for.as_ref().map(HeaderValue::as_bytes),
            raw.forwarded.as_ref().map(HeaderValue::as_bytes),
            &self.trusted_proxies,
        );
        // Geo and network are looked up from the full address, which goes no further than
        // this function: of the network only a yes or no is kept.
        let place = self.geo.lookup(ip);
        let hosting = self.networks.is_hosting(ip);
        // As `lossy` does, without its owned copy: the hit takes the reading's own text.
        let user_agent = raw
            .user_agent
            .as_ref()
            .map(|v| String::from_utf8_lossy(v.as_bytes()));
        let ua = user_agent
            .as_deref()
            .map_or("", |ua| crop(ua, MAX_USER_AGENT));
        let referrer = raw
            .referrer
            .as_ref()
            .map(|v| lossy(v, usize::MAX))
            .filter(|r| !r.trim().is_empty());
        // Classified on the cropped user agent, as `lanterne reclassify` will see it later.
        let signals = if hosting {
            raw.signals | Signals::HOSTING_NETWORK
        } else {
            raw.signals
        };
        let agent = self.read_agent(ua);
        let class =
            classify::classify_with(agent.verdict, raw.head, referrer.as_deref(), ua, signals);
        let stored = referrer.as_deref().and_then(classify::store_referrer);
        let device = match class.kind {
            Kind::Click => agent.device,
            Kind::Preview | Kind::Bot => "bot",
        };
        let visitor = Some(salt.visitor(ip, ua.as_bytes()));
        HitRow {
            link_id: raw.link_id,
            at: raw.at,
            method: if raw.head { "HEAD" } else { "GET" },
            referrer_host: stored.as_ref().map(|s| s.host.clone()),
            referrer: stored.map(|s| s.url),
            browser: agent.browser.clone(),
            os: agent.os.clone(),
            device,
            country: place.country,
            city: place.city,
            visitor,
            kind: class.kind.as_str(),
            source: class.source.map(|s| s.as_str()),
            platform: class.platform,
            evidence: class.evidence.as_str(),
            signals,
            destination: raw.destination,
            user_agent: (!ua.is_empty()).then(|| Arc::clone(&agent.text)),
        }
    }
}

/// The device category of a click, from woothee's category and OS.
fn device(parsed: Option<&woothee::parser::WootheeResult<'_>>) -> &'static str {
    match parsed {
        Some(p) if p.os == "iPad" => "tablet",
        Some(p) => match p.category {
            "pc" => "desktop",
            "smartphone" | "mobilephone" => "mobile",
            "crawler" => "bot",
            "appliance" => "other",
            _ => "unknown",
        },
        None => "unknown",
    }
}

/// A header value as text (invalid UTF-8 replaced), cropped to `max` bytes on a character
/// boundary.
pub fn lossy(value: &HeaderValue, max: usize) -> String {
    let text = String::from_utf8_lossy(value.as_bytes());
    crop(&text, max).to_owned()
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
pub fn crop(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use std::net::IpAddr;

    use super::*;

    fn enricher(trusted: &str) -> Enricher {
        let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/geo-city.mmdb");
        let geo = Geo::open(std::path::Path::new(fixture)).unwrap();
        let trusted = client_ip::parse_cidrs(trusted).unwrap();
        Enricher::new(
            Arc::new(geo),
            Arc::new(HostingNetworks::builtin()),
            trusted.into(),
        )
    }

    fn raw(peer: &str, x_forwarded_for: Option<&'static str>) -> RawHit {
        RawHit {
            at: 0,
            link_id: 1,
            head: false,
            peer: peer.parse().unwrap(),
            referrer: None,
            user_agent: None,
            x_forwarded_for: x_forwarded_for.map(HeaderValue::from_static),
            forwarded: None,
            do_not_track: false,
            signals: Default::default(),
            destination: None,
        }
    }

    /// Geo comes from the full address: the test database has a /27 inside a London /24 and a
    /// /64 inside a Paris /48, which only the full address finds. The stored row then holds
    /// no trace of the address, not even its /24 or /48.
    #[test]
    fn places_from_the_full_address_then_keeps_none_of_it() {
        let enricher = enricher("10.0.0.0/8");
        let mut salt = DailySalt::new(None);
        salt.roll(0);
        for (peer, forwarded, city, prefix) in [
            ("81.2.69.170", None, "Manchester", "81.2.69"),
            ("81.2.69.142", None, "London", "81.2.69"),
            ("10.1.2.3", Some("81.2.69.170"), "Manchester", "81.2.69"),
            ("2001:db8:1:2::1", None, "Lyon", "2001:db8"),
            ("2001:db8:1:3::1", None, "Paris", "2001:db8"),
        ] {
            let row = enricher.enrich(raw(peer, forwarded), &salt);
            assert_eq!(row.city.as_deref(), Some(city), "{peer}");
            let stored = format!("{row:?}");
            assert!(!stored.contains(prefix), "{peer} left {stored}");
            let truncated: IpAddr = match peer.parse::<IpAddr>().unwrap() {
                IpAddr::V4(v4) => IpAddr::from([v4.octets()[0], v4.octets()[1], v4.octets()[2], 0]),
                IpAddr::V6(v6) => {
                    let s = v6.segments();
                    IpAddr::from([s[0], s[1], s[2], 0, 0, 0, 0, 0])
                }
            };
            if forwarded.is_none() && city != "London" && city != "Paris" {
                // The truncated address would have given another, coarser place.
                let coarse = enricher.geo.lookup(truncated);
                assert_ne!(coarse.city.as_deref(), Some(city), "{truncated}");
            }
        }
    }

    /// A user agent read from memory gives the row its first reading gave, for every user
    /// agent of the classifier's real-world cases, bots and in-app browsers among them.
    #[test]
    fn a_remembered_user_agent_reads_as_a_fresh_one() {
        let enricher = enricher("10.0.0.0/8");
        let mut salt = DailySalt::new(None);
        salt.roll(0);
        let cases = include_str!("../../tests/data/classify_cases.tsv");
        let agents: Vec<&str> = cases
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split('\t').nth(2))
            .collect();
        assert!(agents.len() > 100, "{} cases", agents.len());
        let rows = || {
            agents
                .iter()
                .map(|ua| {
                    let hit = RawHit {
                        user_agent: HeaderValue::from_str(ua).ok(),
                        ..raw("81.2.69.142", None)
                    };
                    enricher.enrich(hit, &salt)
                })
                .collect::<Vec<_>>()
        };
        let first = rows();
        assert!(first.iter().any(|row| row.kind == "bot"));
        assert!(first.iter().any(|row| row.browser.is_some()));
        assert_eq!(rows(), first);
    }

    /// A user agent is stored cropped to its first 512 bytes, an empty one not at all; hits
    /// of one user agent hold the reading's own text and browser, not copies of them.
    #[test]
    fn hits_of_one_user_agent_share_its_cropped_text() {
        let enricher = enricher("10.0.0.0/8");
        let mut salt = DailySalt::new(None);
        salt.roll(0);
        let enrich = |ua: &str| {
            let hit = RawHit {
                user_agent: Some(HeaderValue::from_str(ua).unwrap()),
                ..raw("81.2.69.142", None)
            };
            enricher.enrich(hit, &salt)
        };
        assert_eq!(enrich("").user_agent, None);
        let long = format!(
            "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0 {}",
            "x".repeat(600)
        );
        let (first, second) = (enrich(&long), enrich(&long));
        let text = first.user_agent.clone().unwrap();
        assert_eq!(&*text, &long[..MAX_USER_AGENT]);
        assert!(Arc::ptr_eq(&text, second.user_agent.as_ref().unwrap()));
        let browser = first.browser.unwrap();
        assert_eq!(&*browser, "Firefox");
        assert!(Arc::ptr_eq(&browser, second.browser.as_ref().unwrap()));
    }

    #[test]
    fn crop_respects_character_boundaries() {
        assert_eq!(crop("héllo", 2), "h");
        assert_eq!(crop("héllo", 3), "hé");
        assert_eq!(crop("abc", 10), "abc");
        let long = "é".repeat(300);
        assert_eq!(crop(&long, 512).len(), 512);
        assert_eq!(crop(&format!("a{long}"), 512).len(), 511);
    }
}
