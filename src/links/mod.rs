//! Links: the model, the rules a new link must pass, the channels they are declared for, and
//! the in-memory slug cache.

pub mod added;
pub mod blocked;
pub mod cache;
pub mod campaign;
pub mod catalogue;
pub mod change;
pub mod channel_filter;
pub mod channels;
pub mod create;
pub mod destination;
pub mod limit;
pub mod media;
pub mod options;
pub mod pasted;
pub mod qr;
pub mod readable;
pub mod slug;
pub mod sync;
pub mod utm;
pub mod warm;

use serde::Serialize;

use crate::i18n::Message;

use options::LinkOptions;

/// What a link is, stored or not: where it answers, where it leads, how it is labelled and its
/// options.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LinkSpec {
    /// The branded domain it is on; `""` for the base URL's host.
    pub domain: String,
    pub slug: String,
    pub url: String,
    pub campaign: Option<String>,
    pub channel: Option<String>,
    pub tags: Vec<String>,
    /// Shown by the API's own views, beside whether a password protects the link.
    #[serde(skip)]
    pub options: LinkOptions,
}

/// A stored short link.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    #[serde(skip)]
    pub id: i64,
    #[serde(flatten)]
    pub spec: LinkSpec,
    pub enabled: bool,
    /// Unix milliseconds.
    pub created_at: i64,
    /// Every stored hit of the link.
    pub hit_count: i64,
    /// Whether a password protects it (its hash never leaves the database layer but to the
    /// redirect).
    #[serde(skip)]
    pub has_password: bool,
}

impl Link {
    /// How the stats name this link ([`stats_key`]).
    pub fn stats_key(&self) -> String {
        stats_key(&self.spec.domain, &self.spec.slug)
    }
}

/// How the stats name a link (`link=` of the dashboard and of `/api/v1/stats`, the keys of
/// top links): its slug on the base URL's host, `host/slug` on a branded domain (a slug never
/// holds a `/`). The SQL of top links writes the same ([`crate::db::stats`]).
pub fn stats_key(domain: &str, slug: &str) -> String {
    if domain.is_empty() {
        slug.to_owned()
    } else {
        format!("{domain}/{slug}")
    }
}

/// The `(domain, slug)` a stats key names, the domain as `links.domain` has it (`""`: the
/// base URL's host).
pub fn of_stats_key(key: &str) -> (&str, &str) {
    key.split_once('/').unwrap_or(("", key))
}

/// A stats key as asked for: the host of `host/slug` lowercased, without a trailing dot; a
/// short URL pasted whole ([`pasted::short_link`]) as its `host/slug`, which
/// [`crate::stats::names::resolve`] turns into the slug alone on the base URL's host.
pub fn asked_stats_key(asked: &str) -> String {
    let asked = asked.trim();
    if let Some((host, slug)) = pasted::short_link(asked) {
        return stats_key(&crate::domains::host::normalized(&host), &slug);
    }
    match asked.split_once('/') {
        Some((host, slug)) => stats_key(&crate::domains::host::normalized(host), slug),
        None => asked.to_owned(),
    }
}

/// A link that passed validation and is ready to be inserted.
#[derive(Debug, Clone)]
pub struct NewLink {
    pub spec: LinkSpec,
    /// The argon2 PHC string of its password.
    pub password_hash: Option<String>,
    /// Whether it starts turned on: a link made here does; one imported from Lanterne's JSON
    /// export comes as it was exported.
    pub enabled: bool,
}

impl From<LinkSpec> for NewLink {
    /// A link without a password, turned on.
    fn from(spec: LinkSpec) -> NewLink {
        NewLink {
            spec,
            password_hash: None,
            enabled: true,
        }
    }
}

/// A validated change: `None` leaves a field alone, `Some(None)` clears an optional one.
#[derive(Debug, Clone, Default)]
pub struct LinkPatch {
    pub url: Option<String>,
    pub campaign: Option<Option<String>>,
    pub channel: Option<Option<String>>,
    pub tags: Option<Vec<String>>,
    pub enabled: Option<bool>,
    /// The link's options as a whole, the change already applied to the current ones.
    pub options: Option<LinkOptions>,
    /// `Some(None)` removes the password; `Some(Some(hash))` sets a new one.
    pub password_hash: Option<Option<String>>,
}

/// Which links to list, and where the page starts.
#[derive(Debug, Clone, Default)]
pub struct LinkFilter {
    pub campaign: Option<String>,
    pub channel: Option<String>,
    pub tag: Option<String>,
    pub enabled: Option<bool>,
    /// The links a blocked domain stops, kept or left out ([`blocked::filter`]).
    pub blocked: Option<Ids>,
    pub search: Option<String>,
    pub sort: LinkSort,
    /// Only links with an id below this one (the previous page's last id; [`LinkSort::Stored`]
    /// only).
    pub before: Option<i64>,
    /// Links skipped before the page starts (pages of the other orders).
    pub offset: i64,
    pub limit: i64,
}

/// Links named by id that a list keeps, or leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ids {
    Only(Vec<i64>),
    Except(Vec<i64>),
}

/// The order of a list of links.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LinkSort {
    /// By creation date, newest first: an imported link keeps its tool's date.
    #[default]
    Newest,
    Oldest,
    /// The order links were stored in, newest first: the API's cursor pages on ids. Not
    /// offered in the UI, where an import's old links would come first.
    Stored,
    /// People who followed the link, as the lists show its clicks (`?sort=clicks`); ties
    /// newest first.
    MostClicks,
    /// The other way round (`?sort=fewest-clicks`); ties newest first still.
    FewestClicks,
    /// Every request the link answered, as the lists show under its clicks (`?sort=hits`).
    MostRequests,
    Slug,
}

impl LinkSort {
    pub const ALL: [LinkSort; 6] = [
        LinkSort::Newest,
        LinkSort::Oldest,
        LinkSort::MostClicks,
        LinkSort::FewestClicks,
        LinkSort::MostRequests,
        LinkSort::Slug,
    ];

    /// The value of `?sort=`; the UI names each `sort-{key}` (locales/).
    pub fn key(self) -> &'static str {
        match self {
            LinkSort::Newest => "newest",
            LinkSort::Oldest => "oldest",
            LinkSort::Stored => "stored",
            LinkSort::MostClicks => "clicks",
            LinkSort::FewestClicks => "fewest-clicks",
            LinkSort::MostRequests => "hits",
            LinkSort::Slug => "slug",
        }
    }

    /// Unknown values fall back to newest first.
    pub fn from_key(key: &str) -> LinkSort {
        LinkSort::ALL
            .into_iter()
            .find(|s| s.key() == key)
            .unwrap_or_default()
    }
}

/// Longest campaign, channel or tag name.
const MAX_LABEL: usize = 64;
/// Most tags on one link.
const MAX_TAGS: usize = 20;

/// A campaign or channel name: trimmed, 1–64 characters, no control characters. `field` is
/// the message naming it in a refusal (`field-campaign`).
pub fn label(field: &'static str, value: &str) -> Result<Option<String>, Message> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().count() > MAX_LABEL {
        return Err(too_long(field, MAX_LABEL));
    }
    if value.chars().any(char::is_control) {
        return Err(Message::new("refusal-control").with("field", Message::new(field)));
    }
    Ok(Some(value.to_owned()))
}

/// `field` (the message naming it) is longer than `max` characters.
pub fn too_long(field: &'static str, max: usize) -> Message {
    Message::new("refusal-too-long")
        .with("field", Message::new(field))
        .with_count("max", max)
}

/// Tags: each a label, lowercased so that "Summer" and "summer" are one theme, no duplicates.
pub fn tags(values: &[String]) -> Result<Vec<String>, Message> {
    let mut tags: Vec<String> = Vec::with_capacity(values.len());
    for value in values {
        if let Some(tag) = label("field-tag", value)? {
            let tag = tag.to_lowercase();
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
    }
    if tags.len() > MAX_TAGS {
        return Err(Message::new("refusal-tags-max").with_count("max", MAX_TAGS));
    }
    Ok(tags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_keys_name_branded_links_by_host_and_slug() {
        assert_eq!(stats_key("", "spring"), "spring");
        assert_eq!(stats_key("go.example", "spring"), "go.example/spring");
        assert_eq!(of_stats_key("go.example/spring"), ("go.example", "spring"));
        assert_eq!(of_stats_key("spring"), ("", "spring"));
        assert_eq!(asked_stats_key(" Go.Example./spring "), "go.example/spring");
        assert_eq!(asked_stats_key("spring"), "spring");
        assert_eq!(
            asked_stats_key("https://Go.Example/spring/"),
            "go.example/spring"
        );
        assert_eq!(
            asked_stats_key("http://127.0.0.1:18901/BK7Rdd6"),
            "127.0.0.1/BK7Rdd6"
        );
    }
}
