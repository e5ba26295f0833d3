//! The dark-social classifier: a pure function from (method, referrer, user agent, request
//! signals) to what a hit is (`click`, `preview`, `bot`), where a click came from (`dark`,
//! `public`, `search`, `referral`), the platform, and which evidence decided. No I/O;
//! knowledge lives in the data tables under `data/`, compiled in.
//!
//! Evidence ranks as docs/classification.md ("Order of evidence") says, with the request
//! signals between the user agent and the referrer: a preview or bot user agent (or a HEAD request) first; then a public list
//! (a listed crawler, a spam referrer); then the request's headers (a prefetch, no `Accept`,
//! HTTP/1.0, a browser without its Fetch Metadata); then the network (a hosting provider);
//! then the referrer; then an in-app browser marker; otherwise the click is `dark` with
//! evidence `none`. A known preview fetcher stays a preview whatever the signals say: chat
//! apps fetch previews from datacenters.

mod agents;
mod apps;
mod crawlers;
mod generic;
mod hosts;
mod labels;
mod listed_hosts;
pub mod platforms;
mod referrer;
pub mod signals;
mod table;

use std::fmt;
use std::str::FromStr;

pub use referrer::{StoredReferrer, store_referrer};
pub use signals::Signals;

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
    /// The request's headers: a prefetch, no `Accept`, HTTP/1.0, missing Fetch Metadata.
    Headers,
    /// The network the request came from: a hosting or cloud provider.
    Network,
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
/// through one linear scan of each. `signals` are what the request's headers and network
/// showed ([`signals::of_request`]); `Signals::default()` when nothing is known.
pub fn classify(
    is_head: bool,
    referrer: Option<&str>,
    user_agent: &str,
    signals: Signals,
) -> Class {
    classify_with(
        AgentVerdict::of(user_agent),
        is_head,
        referrer,
        user_agent,
        signals,
    )
}

/// What the user agent alone says of a hit: the costly part of [`classify`] (an automaton
/// pass, the crawler list, generic marks), which is the same every time for the same user
/// agent, so that a caller seeing one many times can keep it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgentVerdict(Option<agents::Agent>);

impl AgentVerdict {
    pub fn of(user_agent: &str) -> AgentVerdict {
        AgentVerdict(agents::lookup(user_agent))
    }
}

/// [`classify`], with the verdict on `user_agent` already known.
pub fn classify_with(
    verdict: AgentVerdict,
    is_head: bool,
    referrer: Option<&str>,
    user_agent: &str,
    signals: Signals,
) -> Class {
    let agent = verdict.0;
    let bot = |evidence, platform| Class {
        kind: Kind::Bot,
        source: None,
        platform,
        evidence,
    };
    match agent {
        Some(agents::Agent::Preview(platform)) => {
            return Class {
                kind: Kind::Preview,
                ..bot(Evidence::UserAgent, platform)
            };
        }
        Some(agents::Agent::Bot(platform)) => return bot(Evidence::UserAgent, platform),
        Some(agents::Agent::Listed) => return bot(Evidence::List, ""),
        _ if is_head => return bot(Evidence::UserAgent, ""),
        _ => {}
    }
    let referrer = referrer.and_then(referrer::parse);
    if referrer.as_ref().is_some_and(hosts::is_spam) {
        // Referrer spam: a request forging a Referer to get its site into analytics.
        return bot(Evidence::List, "");
    }
    let in_app = matches!(agent, Some(agents::Agent::InApp(..)));
    if not_a_navigation(signals, user_agent, in_app) {
        return bot(Evidence::Headers, "");
    }
    if signals.contains(Signals::HOSTING_NETWORK) {
        return bot(Evidence::Network, "");
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
        Some(agents::Agent::InApp(source, platform)) => Class {
            kind: Kind::Click,
            source: Some(source),
            platform,
            evidence: Evidence::UserAgent,
        },
        _ => Class {
            kind: Kind::Click,
            source: Some(Source::Dark),
            platform: "",
            evidence: Evidence::None,
        },
    }
}

/// What the headers say: a prefetch, no `Accept`, HTTP/1.0, or a browser that always sends
/// Fetch Metadata without it (never said of an in-app browser, whose WebView may not).
fn not_a_navigation(signals: Signals, user_agent: &str, in_app: bool) -> bool {
    signals.contains(Signals::PREFETCH)
        || signals.contains(Signals::NO_ACCEPT)
        || signals.contains(Signals::HTTP_1_0)
        || (signals.contains(Signals::NO_FETCH_METADATA)
            && !in_app
            && signals::always_sends_fetch_metadata(user_agent))
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
names!(Evidence {
    Referrer => "referrer",
    UserAgent => "user_agent",
    List => "list",
    Headers => "headers",
    Network => "network",
    None => "none",
});
