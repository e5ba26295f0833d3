//! The registered domains in memory, as the redirect asks for them: one atomic load when none
//! is registered, a read lock and a map lookup otherwise. Reloaded after every change made
//! here, on another instance's announcement, and by the periodic check
//! ([`crate::links::sync`]).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::sync::{Arc, RwLock};

use axum::http::{HeaderMap, HeaderValue, Uri, header};

use super::Domain;
use super::host::{self, normalized};
use crate::db::Db;
use crate::error::Error;
use crate::i18n::Message;

/// The host of the base URL `base_url` as links name it: lowercase, without its port or a
/// final dot (`""` for a URL without a host).
fn host_of(base_url: &str) -> String {
    let url = url::Url::parse(base_url).ok();
    let host = url.as_ref().and_then(|u| u.host_str()).unwrap_or_default();
    host.trim_end_matches('.').to_ascii_lowercase()
}

/// A branded domain as the redirect serves it.
#[derive(Debug)]
pub struct Branded {
    pub host: Arc<str>,
    /// `Location` of a visit to `/`; the 404 page when `None`.
    pub root: Option<HeaderValue>,
}

/// The base URL's host and the branded domains.
#[derive(Clone)]
pub struct Domains(Arc<Inner>);

struct Inner {
    base_host: String,
    /// `https://` or `http://`, as the base URL: short URLs on branded domains use it too.
    scheme: String,
    any: AtomicBool,
    by_host: RwLock<Arc<HashMap<String, Arc<Branded>>>>,
}

impl Domains {
    /// For the base URL `base_url` (checked already: it has a host), with no branded domain
    /// until [`Domains::reload`].
    pub fn new(base_url: &str) -> Domains {
        let url = url::Url::parse(base_url).ok();
        let scheme = url.as_ref().map_or("http", |u| u.scheme()).to_owned();
        Domains(Arc::new(Inner {
            base_host: host_of(base_url),
            scheme,
            any: AtomicBool::new(false),
            by_host: RwLock::new(Arc::default()),
        }))
    }

    pub fn base_host(&self) -> &str {
        &self.0.base_host
    }

    /// The branded domain a request was sent to (its `Host`, or an HTTP/2 authority); `None`
    /// for the base URL's host and for any host not registered, which are served as the base
    /// URL's.
    pub fn of_request(&self, headers: &HeaderMap, uri: &Uri) -> Option<Arc<Branded>> {
        if !self.0.any.load(Relaxed) {
            return None;
        }
        let value = headers
            .get(header::HOST)
            .map(HeaderValue::as_bytes)
            .or_else(|| uri.authority().map(|a| a.as_str().as_bytes()))?;
        let host = host::of_request(value)?;
        self.snapshot().get(&host).cloned()
    }

    fn snapshot(&self) -> Arc<HashMap<String, Arc<Branded>>> {
        self.0
            .by_host
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Replaces the map with `domains`.
    pub fn set(&self, domains: Vec<Domain>) {
        let map: HashMap<String, Arc<Branded>> = domains
            .into_iter()
            .map(|d| {
                let root = d.root_url.and_then(|u| HeaderValue::try_from(u).ok());
                let branded = Branded {
                    host: d.host.as_str().into(),
                    root,
                };
                (d.host, Arc::new(branded))
            })
            .collect();
        self.0.any.store(!map.is_empty(), Relaxed);
        *self
            .0
            .by_host
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(map);
    }

    /// Reads the domains again from the database.
    pub async fn reload(&self, db: &Db) -> sqlx::Result<()> {
        self.set(db.domains().await?);
        Ok(())
    }

    /// The stored `links.domain` of a link asked for on `asked`: `""` for the base URL's host
    /// (or none asked), else a registered domain, checked in the database so that a domain
    /// just added on another instance counts.
    pub async fn of_link(&self, db: &Db, asked: Option<&str>) -> Result<String, Error> {
        let Some(asked) = asked.map(normalized).filter(|h| !h.is_empty()) else {
            return Ok(String::new());
        };
        if asked == self.0.base_host {
            return Ok(String::new());
        }
        if db.domain(&asked).await?.is_none() {
            return Err(Error::Invalid(not_registered(&asked)));
        }
        Ok(asked)
    }

    /// Refuses a destination on one of the branded domains: a link to this server under
    /// another name would loop.
    pub fn refuse_own(&self, destination: &str) -> Result<(), Message> {
        if !self.0.any.load(Relaxed) {
            return Ok(());
        }
        let snapshot = self.snapshot();
        refuse_hosts(destination, |host| snapshot.contains_key(host))
    }

    /// The stored `links.domain` of a domain named to find a link (`?domain=`): `""` for none
    /// or the base URL's host. Unchecked: a domain not registered holds no link.
    pub fn stored(&self, asked: Option<&str>) -> String {
        match asked.map(normalized) {
            Some(host) if host != self.0.base_host => host,
            _ => String::new(),
        }
    }

    /// The `(links.domain, slug)` of a short URL pasted whole (`https://go.example/spring/`)
    /// on the base URL's host or a branded domain; `None` for anything else (a destination
    /// searched for, a bare slug).
    pub fn short_link(&self, pasted: &str) -> Option<(String, String)> {
        let (host, slug) = crate::links::pasted::short_link(pasted)?;
        if host == self.0.base_host {
            Some((String::new(), slug))
        } else {
            let host = normalized(&host);
            self.snapshot().contains_key(&host).then_some((host, slug))
        }
    }

    /// A search of links as it is run: a short URL pasted whole as its slug (lists show short
    /// URLs, and that is what people copy from them); any other text as it came.
    pub fn searched(&self, search: String) -> String {
        self.short_link(&search).map_or(search, |(_, slug)| slug)
    }

    /// The host a link's short URL is on: its domain, or the base URL's host for `""`.
    pub fn shown<'a>(&'a self, domain: &'a str) -> &'a str {
        if domain.is_empty() {
            &self.0.base_host
        } else {
            domain
        }
    }

    /// The short URL of `slug` on `domain` (`""`: the base URL, as given).
    pub fn short_url(&self, base_url: &str, domain: &str, slug: &str) -> String {
        if domain.is_empty() {
            format!("{base_url}/{slug}")
        } else {
            format!("{}://{domain}/{slug}", self.0.scheme)
        }
    }
}

/// Refuses a destination whose host `is_ours` (a branded domain, by its stored host).
pub fn refuse_hosts(destination: &str, is_ours: impl Fn(&str) -> bool) -> Result<(), Message> {
    let host = url::Url::parse(destination)
        .ok()
        .and_then(|u| u.host_str().map(normalized));
    match host {
        Some(host) if is_ours(&host) => {
            Err(Message::new("refusal-url-branded-domain").with("host", host))
        }
        _ => Ok(()),
    }
}

/// Why a link cannot go on `host`.
pub fn not_registered(host: &str) -> Message {
    Message::new("refusal-domain-not-registered").with("host", host)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(host: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_str(host).unwrap());
        headers
    }

    #[test]
    fn a_request_is_on_a_branded_domain_only_when_its_host_is_registered() {
        let domains = Domains::new("https://sho.rt");
        let uri = Uri::from_static("/abc");
        assert!(domains.of_request(&request("go.example"), &uri).is_none());
        domains.set(vec![Domain {
            host: "go.example".into(),
            root_url: Some("https://example.org/".into()),
            created_at: 0,
        }]);
        let branded = domains
            .of_request(&request("GO.example:443"), &uri)
            .unwrap();
        assert_eq!(&*branded.host, "go.example");
        assert_eq!(branded.root.as_ref().unwrap(), "https://example.org/");
        assert!(domains.of_request(&request("sho.rt"), &uri).is_none());
        assert!(
            domains
                .of_request(&request("other.example"), &uri)
                .is_none()
        );
        let h2 = Uri::from_static("https://go.example/abc");
        assert!(domains.of_request(&HeaderMap::new(), &h2).is_some());
        let refused = domains.refuse_own("https://GO.example/x").unwrap_err();
        assert_eq!(
            refused.english(),
            "links to go.example are not allowed: it is one of this server's domains"
        );
        assert!(domains.refuse_own("https://example.org/").is_ok());
    }

    #[test]
    fn short_urls_are_on_the_link_s_domain_with_the_base_url_s_scheme() {
        let domains = Domains::new("https://sho.rt:8443");
        assert_eq!(domains.base_host(), "sho.rt");
        assert_eq!(
            domains.short_url("https://sho.rt:8443", "", "a"),
            "https://sho.rt:8443/a"
        );
        assert_eq!(
            domains.short_url("https://sho.rt:8443", "go.example", "a"),
            "https://go.example/a"
        );
        assert_eq!(domains.shown(""), "sho.rt");
        assert_eq!(domains.shown("go.example"), "go.example");
    }
}
