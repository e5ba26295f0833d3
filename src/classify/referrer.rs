//! Referrers: parsing the `Referer` header into scheme, host and path without allocating
//! more than the lowercased host, and the form a referrer is stored in.

/// A referrer's parts. `host` is lowercased, without userinfo, port or trailing dot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referrer<'a> {
    pub scheme: &'a str,
    pub host: String,
    pub path: &'a str,
}

/// The referrer as stored with a hit: query, fragment and userinfo dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReferrer {
    pub host: String,
    /// `scheme://host/path`, at most [`MAX_STORED`] bytes.
    pub url: String,
}

/// Longest stored referrer URL.
pub const MAX_STORED: usize = 1024;

/// Parses a referrer; `None` when it has no usable host.
pub fn parse(raw: &str) -> Option<Referrer<'_>> {
    let raw = raw.trim();
    let (scheme, rest) = match raw.split_once("://") {
        Some((scheme, rest)) if is_scheme(scheme) => (scheme, rest),
        Some(_) => return None,
        // Some clients send a bare `host/path`.
        None => ("https", raw),
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let path = &rest[end..];
    // A URL ends at whitespace or a control character; what follows is not part of it.
    let path = &path[..path
        .find(|c: char| c == '?' || c == '#' || c.is_whitespace() || c.is_control())
        .unwrap_or(path.len())];
    let host = host_of(authority)?;
    Some(Referrer { scheme, host, path })
}

fn is_scheme(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        && s.len() <= 32
}

/// The host of an authority (`user@Host.Example.:8080` → `host.example`).
fn host_of(authority: &str) -> Option<String> {
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if let Some(v6) = authority.strip_prefix('[') {
        let v6 = &v6[..v6.find(']')?];
        return v6
            .parse::<std::net::Ipv6Addr>()
            .ok()
            .map(|ip| ip.to_string());
    } else {
        authority.split(':').next().unwrap_or("")
    };
    let host = host.trim_end_matches('.');
    let valid = !host.is_empty()
        && host.len() <= 253
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    valid.then(|| host.to_ascii_lowercase())
}

/// What is kept of a referrer. Classifying the stored `url` gives the same class as
/// classifying the header it came from, so stored hits can be re-classified later.
pub fn store_referrer(raw: &str) -> Option<StoredReferrer> {
    let parsed = parse(raw)?;
    // An IPv6 host goes back in brackets, so the stored URL parses to the same host.
    let host = if parsed.host.contains(':') {
        format!("[{}]", parsed.host)
    } else {
        parsed.host.clone()
    };
    let mut url = format!(
        "{}://{host}{}",
        parsed.scheme.to_ascii_lowercase(),
        parsed.path
    );
    if url.len() > MAX_STORED {
        let mut end = MAX_STORED;
        while !url.is_char_boundary(end) {
            end -= 1;
        }
        url.truncate(end);
    }
    Some(StoredReferrer {
        host: parsed.host,
        url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts() {
        let r = parse("https://User:pw@L.Facebook.COM.:443/l.php?u=x#y").unwrap();
        assert_eq!(
            (r.scheme, r.host.as_str(), r.path),
            ("https", "l.facebook.com", "/l.php")
        );
        let r = parse("android-app://org.telegram.messenger/").unwrap();
        assert_eq!(
            (r.scheme, r.host.as_str()),
            ("android-app", "org.telegram.messenger")
        );
        assert_eq!(parse("t.co/abc").unwrap().host, "t.co");
        assert_eq!(
            parse("http://[2001:db8::1]:80/x").unwrap().host,
            "2001:db8::1"
        );
        assert!(parse("").is_none());
        assert!(parse("https://").is_none());
        assert!(parse("https://exa mple.com/").is_none());
        assert!(parse("%%%://x").is_none());
        assert!(
            parse("pl@@[l-::::::@[:::-:]").is_none(),
            "found by the classify fuzz target"
        );
        let v6 = store_referrer("http://[2001:DB8::1]:8080/x?q").unwrap();
        assert_eq!(
            (v6.host.as_str(), v6.url.as_str()),
            ("2001:db8::1", "http://[2001:db8::1]/x")
        );
    }

    #[test]
    fn stored_form() {
        let s = store_referrer("https://www.Example.org/blog/post?session=secret#frag").unwrap();
        assert_eq!(s.host, "www.example.org");
        assert_eq!(s.url, "https://www.example.org/blog/post");
        let long = format!("https://example.org/{}", "é".repeat(1000));
        assert!(store_referrer(&long).unwrap().url.len() <= MAX_STORED);
    }
}
