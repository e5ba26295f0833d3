//! TEMPORARY stand-in while the real classifier is written (removed before commit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Click,
    Preview,
    Bot,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    Dark,
    Public,
    Search,
    Referral,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Evidence {
    Referrer,
    UserAgent,
    None,
}
impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Click => "click",
            Kind::Preview => "preview",
            Kind::Bot => "bot",
        }
    }
}
impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Dark => "dark",
            Source::Public => "public",
            Source::Search => "search",
            Source::Referral => "referral",
        }
    }
}
impl Evidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Evidence::Referrer => "referrer",
            Evidence::UserAgent => "user_agent",
            Evidence::None => "none",
        }
    }
}
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Class {
    pub kind: Kind,
    pub source: Option<Source>,
    pub platform: &'static str,
    pub evidence: Evidence,
}
pub fn classify(is_head: bool, referrer: Option<&str>, _ua: &str) -> Class {
    if is_head {
        return Class {
            kind: Kind::Bot,
            source: None,
            platform: "",
            evidence: Evidence::UserAgent,
        };
    }
    match referrer {
        Some(_) => Class {
            kind: Kind::Click,
            source: Some(Source::Referral),
            platform: "",
            evidence: Evidence::Referrer,
        },
        None => Class {
            kind: Kind::Click,
            source: Some(Source::Dark),
            platform: "",
            evidence: Evidence::None,
        },
    }
}
pub struct StoredReferrer {
    pub host: String,
    pub url: String,
}
pub fn store_referrer(raw: &str) -> Option<StoredReferrer> {
    Some(StoredReferrer {
        host: raw.to_owned(),
        url: raw.to_owned(),
    })
}
