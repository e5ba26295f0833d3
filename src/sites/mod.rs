//! Sites: a publisher's own web site, registered so that its pages may include the snippet
//! (`/lanterne.js`). A site has a name, the host names its pages are served from, and a
//! public key that the snippet sends to name it. Pure rules here; storage in `db/sites.rs`.

pub mod beacon;
pub mod pages;
pub mod reception;
pub mod registry;
pub mod share_links;
pub mod utm;
pub mod utm_fill;

use url::Url;

/// A stored site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub id: i64,
    pub name: String,
    /// Public: it sits in every page of the site, and only names the site.
    pub key: String,
    /// Host names, lowercase, IDN as punycode, without port.
    pub domains: Vec<String>,
    /// Unix milliseconds.
    pub created_at: i64,
}

impl Site {
    /// Whether a page or an `Origin` on `host` belongs to the site. Subdomains are listed
    /// on their own: `news.example` does not cover `www.news.example`.
    pub fn serves(&self, host: &str) -> bool {
        self.domains.iter().any(|d| d == host)
    }

    /// The element a page includes: `base` is Lanterne's public URL.
    pub fn snippet(&self, base: &str) -> String {
        format!(
            r#"<script defer src="{base}/lanterne.js" data-site="{}"></script>"#,
            self.key
        )
    }

    /// The element with every option on (docs/site-snippet.md): copies, UTM hygiene, and
    /// share buttons rendered into `#share`.
    pub fn snippet_with_options(&self, base: &str) -> String {
        format!(
            r##"<script defer src="{base}/lanterne.js" data-site="{}" data-copy data-clean-utm data-buttons="whatsapp,telegram,email,sms,copy,x,facebook,linkedin,share" data-buttons-into="#share"></script>"##,
            self.key
        )
    }
}

/// A site that passed validation (or its new settings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSite {
    pub name: String,
    pub domains: Vec<String>,
}

/// Longest site name.
const MAX_NAME: usize = 64;
/// Most host names one site lists: a site with its `www.` and a few country domains, not a
/// network of hundreds (which would be several sites).
pub const MAX_DOMAINS: usize = 50;

/// What is wrong with a site's name or domains. The API says it in English ([`Display`]);
/// the web UI's template words each case itself, so that the page can be translated.
///
/// [`Display`]: std::fmt::Display
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("name is required")]
    NameMissing,
    #[error("name is longer than {MAX_NAME} characters")]
    NameTooLong,
    #[error("name contains control characters")]
    NameControl,
    #[error("domains must list at least one host name, such as news.example")]
    NoDomain,
    #[error("a site lists at most {MAX_DOMAINS} domains")]
    TooManyDomains,
    #[error("{0:?}: wildcards are not accepted; list each subdomain on its own")]
    Wildcard(String),
    #[error("{0:?} holds credentials; give the host name only")]
    Credentials(String),
    #[error("{0:?} has a path; give the host name only, such as news.example")]
    HasPath(String),
    #[error("{0:?} is not a web address")]
    NotWeb(String),
    #[error("{0:?} is not a host name")]
    NotHost(String),
    /// A name with no dot, such as `agence` from "agence test.fr" typed on one line: only
    /// `localhost` is a host of one label.
    #[error("{0:?} has no dot: give a full host name, such as news.example, one per line")]
    NoDot(String),
}

/// A site's name: trimmed, 1–64 characters, no control characters. Its share buttons'
/// links carry it as their `utm_campaign`.
pub fn name(value: &str) -> Result<String, Problem> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Problem::NameMissing);
    }
    if value.chars().count() > MAX_NAME {
        return Err(Problem::NameTooLong);
    }
    if value.chars().any(char::is_control) {
        return Err(Problem::NameControl);
    }
    Ok(value.to_owned())
}

/// The host names of a site, each as [`domain`] reads it, each once, 1 to [`MAX_DOMAINS`].
pub fn domains<S: AsRef<str>>(values: &[S]) -> Result<Vec<String>, Problem> {
    let mut found: Vec<String> = Vec::with_capacity(values.len());
    for value in values.iter().filter(|v| !v.as_ref().trim().is_empty()) {
        let host = domain(value.as_ref())?;
        if !found.contains(&host) {
            found.push(host);
        }
    }
    if found.is_empty() {
        return Err(Problem::NoDomain);
    }
    if found.len() > MAX_DOMAINS {
        return Err(Problem::TooManyDomains);
    }
    Ok(found)
}

/// One host name as a page's URL shows it: lowercase, IDN as punycode, the port dropped. A
/// URL is accepted for its host (people paste their home page), a path is not (a site is
/// whole hosts). Wildcards are refused: subdomains are listed on their own.
pub fn domain(raw: &str) -> Result<String, Problem> {
    let trimmed = raw.trim();
    let given = || trimmed.to_owned();
    if trimmed.is_empty() {
        return Err(Problem::NoDomain);
    }
    if trimmed.contains('*') {
        return Err(Problem::Wildcard(given()));
    }
    let as_url = if trimmed.contains("://") {
        trimmed.to_owned()
    } else {
        format!("http://{trimmed}")
    };
    let url = Url::parse(&as_url).map_err(|_| Problem::NotHost(given()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Problem::NotWeb(given()));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Problem::Credentials(given()));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(Problem::HasPath(given()));
    }
    let host = url
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| Problem::NotHost(given()))?;
    let host = host.trim_end_matches('.');
    // An IPv4 address has dots, an IPv6 one is in brackets.
    if !host.contains('.') && host != "localhost" && !host.starts_with('[') {
        return Err(Problem::NoDot(given()));
    }
    Ok(host.to_owned())
}

/// The host of a page's URL or of an `Origin` header, as [`domain`] stores hosts; `None`
/// when it is not an http(s) URL with a host.
pub fn host_of(url: &str) -> Option<String> {
    if let Some(host) = plain_host(url) {
        return Some(host.to_owned());
    }
    host_of_url(&Url::parse(url).ok()?)
}

/// The host of a parsed URL, as [`host_of`] gives it.
pub fn host_of_url(url: &Url) -> Option<String> {
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    Some(url.host_str()?.trim_end_matches('.').to_owned())
}

/// The host of `http(s)://host[:port][/?#…]` when it is written as the URL parser would give
/// it back (lower-case letters, digits, dashes and dots, a name rather than an address), read
/// without parsing: the events endpoint checks an `Origin` and a referrer per event, and the
/// full parses were about a twentieth of its CPU. `None` sends anything else to the parser.
fn plain_host(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let end = rest
        .bytes()
        .position(|b| !(b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.'))
        .unwrap_or(rest.len());
    let (host, after) = rest.split_at(end);
    let after_port = match after.strip_prefix(':') {
        Some(port) => {
            let digits = port.bytes().take_while(u8::is_ascii_digit).count();
            // The parser drops a scheme's default port and refuses one past 65535.
            match port[..digits].parse::<u16>() {
                Ok(n) if n != 80 && n != 443 && !port.starts_with('0') => &port[digits..],
                _ => return None,
            }
        }
        None => after,
    };
    if !(after_port.is_empty() || after_port.starts_with(['/', '?', '#'])) {
        return None;
    }
    let host = host.strip_suffix('.').unwrap_or(host);
    // A last label that starts with a digit may be an IPv4 address the parser rewrites
    // (`0x7f.1`); `xn--` labels are checked by the parser; empty labels are left to it.
    let last = host.rsplit('.').next()?;
    let plain = last.starts_with(|c: char| c.is_ascii_lowercase())
        && !host
            .split('.')
            .any(|label| label.is_empty() || label.starts_with("xn--"));
    plain.then_some(host)
}

/// A new public key: 16 letters and digits (~95 bits), so keys are never guessed by
/// counting and never collide in practice (the database refuses a duplicate anyway).
pub fn new_key() -> String {
    const ALPHABET: [char; 62] = [
        '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h',
        'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z',
        'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R',
        'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z',
    ];
    nanoid::nanoid!(16, &ALPHABET)
}

/// Whether `key` could be a site key: the events endpoint refuses anything else before
/// looking it up.
pub fn looks_like_key(key: &str) -> bool {
    key.len() == 16 && key.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_host_names_without_port() {
        assert_eq!(domain("News.Example").unwrap(), "news.example");
        assert_eq!(domain("news.example:8443").unwrap(), "news.example");
        assert_eq!(domain("https://news.example/").unwrap(), "news.example");
        assert_eq!(domain("news.example.").unwrap(), "news.example");
        assert_eq!(domain("127.0.0.1:8080").unwrap(), "127.0.0.1");
        assert_eq!(domain("[::1]:80").unwrap(), "[::1]");
        assert_eq!(domain("localhost:3000").unwrap(), "localhost");
        assert_eq!(domain("agence"), Err(Problem::NoDot("agence".into())));
        assert_eq!(domain("bücher.example").unwrap(), "xn--bcher-kva.example");
        for bad in [
            "",
            "  ",
            "*.news.example",
            "news.example/articles",
            "news.example?x=1",
            "user:pw@news.example",
            "ftp://news.example",
            "news example",
            "agence",
            "intranet:8080",
        ] {
            assert!(domain(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn a_site_lists_each_domain_once_and_at_least_one() {
        assert_eq!(
            domains(&["news.example", "NEWS.example:80", "www.news.example"]).unwrap(),
            ["news.example", "www.news.example"]
        );
        assert!(domains::<&str>(&[]).is_err());
        let many: Vec<String> = (0..=MAX_DOMAINS).map(|i| format!("s{i}.example")).collect();
        assert!(domains(&many).is_err());
    }

    #[test]
    fn subdomains_are_not_covered() {
        let site = Site {
            id: 1,
            name: "News".into(),
            key: new_key(),
            domains: vec!["news.example".into()],
            created_at: 0,
        };
        assert!(site.serves(&host_of("https://news.example:8443/a").unwrap()));
        assert!(!site.serves(&host_of("https://www.news.example/a").unwrap()));
        assert!(!site.serves(&host_of("https://news.example.evil/a").unwrap()));
        assert_eq!(host_of("javascript:alert(1)"), None);
    }

    /// Read without parsing or parsed, every address gives the same host.
    #[test]
    fn plain_hosts_read_as_the_parser_reads_them() {
        let parsed = |url: &str| host_of_url(&Url::parse(url).ok()?);
        let cases = [
            "https://news.example",
            "https://news.example/",
            "http://news.example:8080/a?b#c",
            "https://news.example.:443/a",
            "https://news.example:0443/",
            "http://news.example:80",
            "https://news.example:99999/",
            "https://news.example:/",
            "https://News.Example/",
            "https://xn--caf-dma.example/",
            "https://xn--broken.example/",
            "https://a..b.example/",
            "https://0x7f.1/",
            "https://127.0.0.1:8000/",
            "https://1.example/",
            "https://news-1.example/p\\q",
            "https://user@news.example/",
            "https://news.example@evil.example/",
            "https://news.example\\evil.example/",
            "https://news.example\tx/",
            "https://news.example%2e/",
            "https:///news.example/",
            "https://",
            "https://./",
            "https://-.example/",
            "https://news.example:8080x/",
            " https://news.example/",
            "ftp://news.example/",
        ];
        for url in cases {
            assert_eq!(host_of(url), parsed(url), "{url}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_address_reads_as_the_parser_reads_it(
            url in "(https?://)?[a-zA-Z0-9.:@/?#%\\\\-]{0,24}|https?://[a-z0-9x.-]{0,12}(:[0-9]{0,6})?[/?#@a-z]{0,3}"
        ) {
            let parsed = Url::parse(&url).ok().and_then(|u| host_of_url(&u));
            proptest::prop_assert_eq!(host_of(&url), parsed);
        }
    }

    #[test]
    fn keys_are_recognised() {
        let key = new_key();
        assert!(looks_like_key(&key), "{key}");
        assert!(!looks_like_key("short"));
        assert!(!looks_like_key("0123456789abcde-"));
    }
}
