//! The dark-social classifier: a pure function from (method, referrer, user agent) to what a
//! hit is (`click`, `preview`, `bot`), where a click came from (`dark`, `public`, `search`,
//! `referral`), the platform, and which evidence decided. No I/O; knowledge lives in the
//! data tables under `data/`, compiled in.
//!
//! Evidence ranks as PRODUCT.md says: a preview or bot user agent (or a HEAD request) first,
//! then the referrer, then an in-app browser marker; otherwise the click is `dark` with
//! evidence `none`.

mod agents;
mod apps;
mod crawlers;
mod generic;
mod hosts;
mod labels;
mod listed_hosts;
pub mod platforms;
mod referrer;
mod table;

use std::fmt;
use std::str::FromStr;

pub use referrer::{StoredReferrer, store_referrer};

/// What kind of request a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A person following the link.
    Click,
    /// A link-unfurl fetch: someone pasted the link into a chat or a post.
    Preview,
    /// Crawlers, monitors, scanners, scripts, HEAD requests.
    Bot,
}

/// Where a click came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// Private sharing: no referrer, a private channel's referrer or in-app browser.
    Dark,
    /// A public social network.
    Public,
    /// A search engine.
    Search,
    /// Any other web page.
    Referral,
}

/// What decided the class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Evidence {
    Referrer,
    /// Lanterne's own user-agent markers, a generic mark of automation, or a HEAD request.
    UserAgent,
    /// A public list: the crawler list names the user agent, or the referrer is a known
    /// referrer spammer.
    List,
    None,
}

/// The classification of one hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Class {
    pub kind: Kind,
    /// Only for clicks; `None` for previews and bots.
    pub source: Option<Source>,
    /// Lowercase brand name (`whatsapp`, `facebook`, `google` …) or `""` when unknown.
    pub platform: &'static str,
    pub evidence: Evidence,
}

/// Classifies one request. Never panics; cost grows with the length of the headers only
/// through one linear scan of each.
pub fn classify(is_head: bool, referrer: Option<&str>, user_agent: &str) -> Class {
    let agent = agents::lookup(user_agent);
    let by_agent = |source: Option<Source>, kind: Kind, platform| Class {
        kind,
        source,
        platform,
        evidence: Evidence::UserAgent,
    };
    match agent {
        Some(agents::Agent::Preview(platform)) => return by_agent(None, Kind::Preview, platform),
        Some(agents::Agent::Bot(platform)) => return by_agent(None, Kind::Bot, platform),
        Some(agents::Agent::Listed) => {
            return Class {
                evidence: Evidence::List,
                ..by_agent(None, Kind::Bot, "")
            };
        }
        _ if is_head => return by_agent(None, Kind::Bot, ""),
        _ => {}
    }
    let referrer = referrer.and_then(referrer::parse);
    if referrer.as_ref().is_some_and(hosts::is_spam) {
        // Referrer spam: a request forging a Referer to get its site into analytics.
        return Class {
            evidence: Evidence::List,
            ..by_agent(None, Kind::Bot, "")
        };
    }
    if let Some(found) = referrer.map(|r| hosts::lookup(&r)) {
        return Class {
            kind: Kind::Click,
            source: Some(found.0),
            platform: found.1,
            evidence: Evidence::Referrer,
        };
    }
    match agent {
        Some(agents::Agent::InApp(source, platform)) => {
            by_agent(Some(source), Kind::Click, platform)
        }
        _ => Class {
            kind: Kind::Click,
            source: Some(Source::Dark),
            platform: "",
            evidence: Evidence::None,
        },
    }
}

macro_rules! names {
    ($ty:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            pub const ALL: [$ty; [$($name),+].len()] = [$($ty::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $name),+ }
            }
        }
        impl FromStr for $ty {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($name => Ok($ty::$variant),)+
                    other => Err(format!("unknown {}: {other:?}", stringify!($ty).to_lowercase())),
                }
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

names!(Kind { Click => "click", Preview => "preview", Bot => "bot" });
names!(Source { Dark => "dark", Public => "public", Search => "search", Referral => "referral" });
names!(Evidence { Referrer => "referrer", UserAgent => "user_agent", List => "list", None => "none" });
