//! Destination URLs: what a link may point at, checked before anything is stored.

use url::Url;

use crate::i18n::Message;

/// Longest destination accepted, in bytes, after re-serialization.
pub const MAX_LEN: usize = 4096;

/// Parses and re-serializes a destination (IDN hosts become punycode).
///
/// Refused: anything but absolute `http`/`https` URLs, control characters anywhere (browsers
/// strip tabs and newlines, which is how `jav\tascript:` becomes `javascript:`), encoded
/// control characters, user names and passwords (`https://bank.example@evil.example`),
/// URLs longer than 4,096 bytes, and URLs on a host of `refused_hosts` (Lanterne's own, so
/// links cannot loop, and any configured blocklist; both match subdomains too).
pub fn parse(raw: &str, refused_hosts: &[Refused]) -> Result<String, Message> {
    let raw = raw.trim_matches(' ');
    if raw.is_empty() {
        return Err(Message::new("refusal-url-empty"));
    }
    if raw.len() > MAX_LEN {
        return Err(too_long());
    }
    if raw.chars().any(char::is_control) {
        return Err(Message::new("refusal-url-control"));
    }
    if has_encoded_control(raw) {
        return Err(Message::new("refusal-url-encoded-control"));
    }
    let url = Url::parse(raw).map_err(|e| unparsed(raw, e))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Message::new("refusal-url-scheme").with("scheme", url.scheme()));
    }
    let Some(host) = url.host_str() else {
        return Err(Message::new("refusal-url-no-host"));
    };
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Message::new("refusal-url-credentials"));
    }
    let host = host.trim_end_matches('.');
    if let Some(refusal) = refused_hosts.iter().find_map(|r| r.refusal(&url, host)) {
        return Err(refusal);
    }
    let url = url.to_string();
    if url.len() > MAX_LEN {
        return Err(too_long());
    }
    Ok(url)
}

/// Why `raw` is no URL, in words of the language files. Without a scheme (`agence.fr`,
/// `crm.example/hooks`), the URL with `https://` is suggested when that one would parse.
pub fn unparsed(raw: &str, error: url::ParseError) -> Message {
    use url::ParseError as E;
    match error {
        E::RelativeUrlWithoutBase => {
            let with_https = format!("https://{}", raw.trim());
            match Url::parse(&with_https) {
                Ok(url) if url.host_str().is_some_and(|h| h.contains('.')) => {
                    Message::new("refusal-url-no-scheme").with("url", with_https)
                }
                _ => Message::new("refusal-url-relative"),
            }
        }
        E::EmptyHost => Message::new("refusal-url-no-host"),
        E::InvalidPort => Message::new("refusal-url-port"),
        E::IdnaError
        | E::InvalidDomainCharacter
        | E::InvalidIpv4Address
        | E::InvalidIpv6Address => Message::new("refusal-url-host"),
        other => Message::new("refusal-url-invalid").with("reason", other.to_string()),
    }
}

fn too_long() -> Message {
    Message::new("refusal-url-too-long").with_count("max", MAX_LEN)
}

/// A host no link may point at ([`parse`]), and why: its refusal says which.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// This server, reached at `host` ([`Refused::own`]).
    Own {
        host: String,
        /// On a local name, the port on which every local name is this server.
        local_port: Option<u16>,
    },
    /// A domain of `LANTERNE_BLOCKED_DOMAINS`.
    Blocked(String),
}

/// The refusal of the destination `url`, on `domain` of `LANTERNE_BLOCKED_DOMAINS`.
pub fn blocked(url: &str, domain: &str) -> Message {
    Message::new("refusal-url-blocked")
        .with_typed("url", url)
        .with("domain", domain)
}

/// The one of `domains` the stored destination `url` is on (itself or a subdomain): a link
/// made before its domain was blocked.
pub fn domain_of<'a>(url: &str, domains: &'a [String]) -> Option<&'a str> {
    let url = Url::parse(url).ok()?;
    let host = url.host_str().unwrap_or_default().trim_end_matches('.');
    domains
        .iter()
        .find(|d| host_matches(host, d))
        .map(String::as_str)
}

/// `host` is `domain` or one of its subdomains.
fn host_matches(host: &str, domain: &str) -> bool {
    let domain = domain.trim_end_matches('.');
    host.eq_ignore_ascii_case(domain)
        || (host.len() > domain.len()
            && host.as_bytes()[host.len() - domain.len() - 1] == b'.'
            && host[host.len() - domain.len()..].eq_ignore_ascii_case(domain))
}

impl Refused {
    /// This server, reached at `public`: its host, and for a server on a local name also its
    /// port, on which every local name is refused (`localhost`, `[::1]`, `0.0.0.0` … reach the
    /// same server, and a link through one of them would loop). Another port of a local name
    /// is another server: a developer's site on `localhost:3000` may be linked to.
    pub fn own(public: &Url) -> Refused {
        let host = public.host_str().unwrap_or_default().to_owned();
        let local_port = is_local(&host)
            .then(|| public.port_or_known_default())
            .flatten();
        Refused::Own { host, local_port }
    }

    /// Why the destination `url`, on `host` (without its final dot), is refused, if it is.
    fn refusal(&self, url: &Url, host: &str) -> Option<Message> {
        let named = match self {
            Refused::Blocked(domain) => {
                return host_matches(host, domain).then(|| blocked(url.as_str(), domain));
            }
            Refused::Own { host: own, .. } if host_matches(host, own) => own.as_str(),
            // A local name is reported as written: it is this server under another name.
            Refused::Own {
                local_port: Some(port),
                ..
            } if is_local(host) && url.port_or_known_default() == Some(*port) => host,
            Refused::Own { .. } => return None,
        };
        Some(Message::new("refusal-url-own-host").with("host", named))
    }
}

/// A name of this machine: `localhost` (and its subdomains), a loopback address (127.0.0.0/8,
/// `::1`, and IPv4 loopback mapped into IPv6) or an unspecified one (`0.0.0.0`, `::`).
fn is_local(host: &str) -> bool {
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim_end_matches('.');
    let lower = host.to_ascii_lowercase();
    if lower == "localhost" || lower.ends_with(".localhost") {
        return true;
    }
    let local_v4 = |v4: std::net::Ipv4Addr| v4.is_loopback() || v4.is_unspecified();
    match host.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(v4)) => local_v4(v4),
        Ok(std::net::IpAddr::V6(v6)) => {
            v6.is_loopback() || v6.is_unspecified() || v6.to_ipv4_mapped().is_some_and(local_v4)
        }
        Err(_) => false,
    }
}

/// `%00`–`%1F` and `%7F`: a CR/LF smuggled in encoded form.
fn has_encoded_control(raw: &str) -> bool {
    raw.as_bytes().windows(3).any(|w| {
        w[0] == b'%'
            && matches!(
                (w[1].to_ascii_uppercase(), w[2].to_ascii_uppercase()),
                (b'0' | b'1', b'0'..=b'9' | b'A'..=b'F') | (b'7', b'F')
            )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn own_host(host: &str) -> Refused {
        Refused::Own {
            host: host.into(),
            local_port: None,
        }
    }
    fn ok(raw: &str) -> String {
        parse(raw, &[own_host("sho.rt")]).unwrap()
    }
    fn refused(raw: &str) -> String {
        parse(raw, &[own_host("sho.rt")]).unwrap_err().english()
    }

    #[test]
    fn accepts_and_normalizes() {
        assert_eq!(ok("https://example.com"), "https://example.com/");
        assert_eq!(
            ok("  https://example.com/a?b=c#d "),
            "https://example.com/a?b=c#d"
        );
        assert_eq!(
            ok("HTTPS://Bücher.example/ö"),
            "https://xn--bcher-kva.example/%C3%B6"
        );
        assert_eq!(ok("http://shorter.example/"), "http://shorter.example/");
    }

    #[test]
    fn refuses_dangerous_schemes() {
        for raw in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "jav\tascript:alert(1)",
            "data:text/html,<script>",
            "vbscript:msgbox",
            "file:///etc/passwd",
            "ftp://example.com/",
        ] {
            assert!(parse(raw, &[]).is_err(), "{raw} was accepted");
        }
    }

    #[test]
    fn a_url_without_its_scheme_is_told_to_add_https() {
        assert_eq!(
            refused("agence.fr"),
            "the URL must be absolute, starting with http:// or https://: add https:// in \
             front, as in https://agence.fr"
        );
        assert!(refused("exemple.fr/fin").ends_with("as in https://exemple.fr/fin"));
        assert!(!refused("not a url").contains("add https://"));
        assert_eq!(
            refused("https://ex ample.fr/"),
            "the URL's host name is not valid"
        );
        assert!(refused("https://example.fr:99999/").contains("port"));
    }

    #[test]
    fn refuses_malformed_and_smuggled() {
        assert!(refused("//evil.example").contains("absolute"));
        assert!(refused("\u{1}https://example.com").contains("control"));
        assert!(refused("https://example.com/\r\nSet-Cookie:x").contains("control"));
        assert!(refused("https://example.com/%0d%0aSet-Cookie:x").contains("encoded"));
        assert!(refused("https://bank.example@evil.example/").contains("user name"));
        assert!(refused(&format!("https://example.com/{}", "a".repeat(4100))).contains("longer"));
        assert!(refused("").contains("empty"));
    }

    #[test]
    fn a_local_server_refuses_every_spelling_of_itself() {
        let own = [Refused::own(&Url::parse("http://127.0.0.1:8080/").unwrap())];
        assert_eq!(
            own,
            [Refused::Own {
                host: "127.0.0.1".into(),
                local_port: Some(8080)
            }]
        );
        for url in [
            "http://localhost:8080/",
            "http://LOCALHOST.:8080/x",
            "http://app.localhost:8080/",
            "http://[::1]:8080/",
            "http://[::ffff:127.0.0.1]:8080/",
            "http://0.0.0.0:8080/",
            "http://[::]:8080/",
            "http://127.1.2.3:8080/",
            "http://2130706433:8080/",
            "http://127.0.0.1:9000/",
        ] {
            assert!(parse(url, &own).is_err(), "{url}");
        }
        // Another server of this machine, and anything else, may be linked to.
        assert!(parse("http://localhost:3000/", &own).is_ok());
        assert!(parse("http://192.168.1.10:8080/", &own).is_ok());
        let public = [Refused::own(&Url::parse("https://sho.rt/").unwrap())];
        assert_eq!(public, [own_host("sho.rt")]);
        assert!(parse("http://localhost/", &public).is_ok());
        let default_port = [Refused::own(&Url::parse("http://localhost/").unwrap())];
        assert!(parse("http://[::1]:80/", &default_port).is_err());
    }

    #[test]
    fn a_stored_destination_is_on_a_blocked_domain_or_its_subdomains() {
        let blocked = ["bad.org".to_owned(), "xn--caf-dma.fr".to_owned()];
        for url in [
            "https://bad.org/",
            "http://www.bad.org:8080/x",
            "https://xn--caf-dma.fr/menu",
        ] {
            assert!(domain_of(url, &blocked).is_some(), "{url}");
        }
        for url in ["https://notbad.org/", "https://x.com/bad.org/", "nonsense"] {
            assert_eq!(domain_of(url, &blocked), None, "{url}");
        }
    }

    #[test]
    fn a_blocked_domain_is_refused_as_blocked_naming_the_destination() {
        let refused = [own_host("sho.rt"), Refused::Blocked("bad.org".into())];
        assert_eq!(
            parse("https://WWW.bad.org/x", &refused)
                .unwrap_err()
                .english(),
            "https://www.bad.org/x is on bad.org, a domain this server blocks: links to it are \
             not allowed"
        );
        assert!(parse("https://notbad.org/", &refused).is_ok());
        assert_eq!(
            domain_of("https://a.bad.org/", &["x.org".into(), "bad.org".into()]),
            Some("bad.org")
        );
    }

    #[test]
    fn a_refusal_is_told_by_its_kind_never_by_its_text() {
        let text = |raw: &str, refused: &[Refused]| parse(raw, refused).unwrap_err().english();
        // An IPv6 address holds colons: blocked, it is refused as blocked, on any port.
        let blocked = [Refused::Blocked("[2001:db8::1]".into())];
        assert_eq!(
            text("http://[2001:db8::1]:8080/", &blocked),
            "http://[2001:db8::1]:8080/ is on [2001:db8::1], a domain this server blocks: \
             links to it are not allowed"
        );
        // A blocked domain is no port of this server, whatever it reads like.
        let blocked = [Refused::Blocked("local:8080".into())];
        assert!(parse("http://localhost:8080/", &blocked).is_ok());
        // Nor is this server's host a blocked domain, whatever it reads like.
        let own = [Refused::Own {
            host: "blocked:bad.org".into(),
            local_port: None,
        }];
        assert!(parse("https://bad.org/", &own).is_ok());
        // This server on a local name: named as written on its port, as its host otherwise.
        let own = [Refused::Own {
            host: "127.0.0.1".into(),
            local_port: Some(8080),
        }];
        assert_eq!(
            text("http://[::1]:8080/", &own),
            "links to [::1] are not allowed"
        );
        assert_eq!(
            text("http://127.0.0.1:9000/", &own),
            "links to 127.0.0.1 are not allowed"
        );
        let blocked = [Refused::Blocked("localhost".into())];
        assert!(parse("http://[::1]:8080/", &blocked).is_ok());
    }

    #[test]
    fn refuses_own_hosts_and_their_subdomains() {
        assert!(refused("https://sho.rt/abc").contains("sho.rt"));
        assert!(refused("https://SHO.RT./abc").contains("sho.rt"));
        assert!(refused("https://www.sho.rt/abc").contains("sho.rt"));
        assert!(parse("https://notsho.rt/", &[own_host("sho.rt")]).is_ok());
    }
}
