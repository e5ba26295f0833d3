//! Destination URLs: what a link may point at, checked before anything is stored.

use url::Url;

/// Longest destination accepted, in bytes, after re-serialization.
pub const MAX_LEN: usize = 4096;

/// Parses and re-serializes a destination (IDN hosts become punycode).
///
/// Refused: anything but absolute `http`/`https` URLs, control characters anywhere (browsers
/// strip tabs and newlines, which is how `jav\tascript:` becomes `javascript:`), encoded
/// control characters, user names and passwords (`https://bank.example@evil.example`),
/// URLs longer than 4,096 bytes, and URLs on a host in `refused_hosts` (Lanterne's own, so
/// links cannot loop, and any configured blocklist, which matches subdomains too).
pub fn parse(raw: &str, refused_hosts: &[String]) -> Result<String, String> {
    let raw = raw.trim_matches(' ');
    if raw.is_empty() {
        return Err("the URL is empty".into());
    }
    if raw.len() > MAX_LEN {
        return Err(format!("the URL is longer than {MAX_LEN} characters"));
    }
    if raw.chars().any(char::is_control) {
        return Err("the URL contains control characters".into());
    }
    if has_encoded_control(raw) {
        return Err("the URL contains encoded control characters".into());
    }
    let url = Url::parse(raw).map_err(|e| match e {
        url::ParseError::RelativeUrlWithoutBase => {
            "the URL must be absolute, starting with http:// or https://".to_owned()
        }
        other => format!("the URL is not valid: {other}"),
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "only http and https URLs are allowed, not {}:",
            url.scheme()
        ));
    }
    let Some(host) = url.host_str() else {
        return Err("the URL has no host".into());
    };
    if !url.username().is_empty() || url.password().is_some() {
        return Err("the URL must not contain a user name or password".into());
    }
    let host = host.trim_end_matches('.');
    if let Some(refused) = refused_hosts.iter().find(|r| host_matches(host, r)) {
        return Err(format!("links to {refused} are not allowed"));
    }
    let url = url.to_string();
    if url.len() > MAX_LEN {
        return Err(format!("the URL is longer than {MAX_LEN} characters"));
    }
    Ok(url)
}

/// `host` is `domain` or one of its subdomains.
fn host_matches(host: &str, domain: &str) -> bool {
    let domain = domain.trim_end_matches('.');
    host.eq_ignore_ascii_case(domain)
        || (host.len() > domain.len()
            && host.as_bytes()[host.len() - domain.len() - 1] == b'.'
            && host[host.len() - domain.len()..].eq_ignore_ascii_case(domain))
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

    fn ok(raw: &str) -> String {
        parse(raw, &["sho.rt".into()]).unwrap()
    }
    fn refused(raw: &str) -> String {
        parse(raw, &["sho.rt".into()]).unwrap_err()
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
    fn refuses_own_hosts_and_their_subdomains() {
        assert!(refused("https://sho.rt/abc").contains("sho.rt"));
        assert!(refused("https://SHO.RT./abc").contains("sho.rt"));
        assert!(refused("https://www.sho.rt/abc").contains("sho.rt"));
        assert!(parse("https://notsho.rt/", &["sho.rt".into()]).is_ok());
    }
}
