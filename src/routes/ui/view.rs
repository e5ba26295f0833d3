//! How links and channels look on the pages.

use std::borrow::Borrow;

use crate::app::AppState;
use crate::i18n::Message;
use crate::links::channels::Reach;
use crate::links::options::LinkOptions;
use crate::links::{Link, blocked};

/// A link as a table row.
pub struct LinkRow {
    pub id: i64,
    /// The branded domain it is on; `""` for the base URL's host.
    pub domain: String,
    pub slug: String,
    pub short_url: String,
    /// The destination as people read it ([`crate::links::readable`]).
    pub url: String,
    pub campaign: String,
    pub channel: String,
    pub tags: Vec<String>,
    pub enabled: bool,
    /// Every request, previews and bots included.
    pub hits: i64,
    pub created: String,
    pub options: LinkOptions,
    pub has_password: bool,
    /// Why it answers 410 whatever its state, when one of its destinations is on a blocked
    /// domain ([`crate::links::blocked::first`]).
    pub blocked: Option<Message>,
}

impl LinkRow {
    /// The row of `link`, its day of creation in `timezone` (the viewer's).
    pub fn new(state: &AppState, link: Link, timezone: &str) -> LinkRow {
        let blocked = blocked::first(&link.spec.url, &link.spec.options, &state.blocked_domains)
            .map(|b| b.why());
        LinkRow {
            blocked,
            id: link.id,
            short_url: state.short_url(&link.spec.domain, &link.spec.slug),
            domain: link.spec.domain,
            slug: link.spec.slug,
            url: crate::links::readable::readable(&link.spec.url),
            campaign: link.spec.campaign.unwrap_or_default(),
            channel: link.spec.channel.unwrap_or_default(),
            tags: link.spec.tags,
            enabled: link.enabled,
            hits: link.hit_count,
            created: day(link.created_at, timezone),
            options: link.spec.options,
            has_password: link.has_password,
        }
    }

    /// The short URL without its scheme (`go.example/promo`): what tells its row's buttons
    /// apart when a screen reader says their names (`Copy go.example/promo`).
    pub fn short_name(&self) -> &str {
        let url = self.short_url.as_str();
        url.strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .unwrap_or(url)
    }

    /// [`LinkRow::short_name`] and, when it has one, its channel as `label` names it
    /// (`go.example/abc (WhatsApp)`): what tells a campaign's rows apart for a screen reader,
    /// since its people think in channels and short links may be random.
    pub fn row_name(&self, label: &str) -> String {
        if self.channel.is_empty() {
            return self.short_name().to_owned();
        }
        crate::i18n::t2(
            "link-on-channel",
            "link",
            self.short_name(),
            "channel",
            label,
        )
    }

    /// How the dashboard names it (`?link=`): [`crate::links::stats_key`].
    pub fn stats_key(&self) -> String {
        crate::links::stats_key(&self.domain, &self.slug)
    }

    /// The query naming its domain in the pages' links (`?domain=go.example`), empty on the
    /// base URL's host. A host has no character to escape.
    pub fn on_domain(&self) -> String {
        self.domain_param('?')
    }

    /// The same after another parameter (`&domain=go.example`).
    pub fn and_domain(&self) -> String {
        self.domain_param('&')
    }

    fn domain_param(&self, sep: char) -> String {
        if self.domain.is_empty() {
            String::new()
        } else {
            format!("{sep}domain={}", self.domain)
        }
    }
}

/// A page of links asked for with one row more than `page` holds: the rows to show, and
/// whether another page follows; days in `timezone`.
pub fn link_page(
    state: &AppState,
    links: Vec<Link>,
    page: i64,
    timezone: &str,
) -> (Vec<LinkRow>, bool) {
    let more = links.len() as i64 > page;
    let rows = links
        .into_iter()
        .take(page as usize)
        .map(|l| LinkRow::new(state, l, timezone))
        .collect();
    (rows, more)
}

/// The day of `ms` in `timezone` as the page's language writes it: `2026-11-22`,
/// `22/11/2026`. Not UTC's: a link made at 00:54 in Paris was made on that day for its user.
pub fn day(ms: i64, timezone: &str) -> String {
    let tz = jiff::tz::TimeZone::get(timezone).unwrap_or(jiff::tz::TimeZone::UTC);
    let iso = jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_zoned(tz).date().to_string())
        .unwrap_or_default();
    crate::i18n::date(&iso)
}

/// Unix ms as a date and time in `timezone`, the page's language's way (`24/12/2026 18:00`).
pub fn date_time(ms: i64, timezone: &str) -> String {
    let tz = jiff::tz::TimeZone::get(timezone).unwrap_or(jiff::tz::TimeZone::UTC);
    let local = jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_zoned(tz).strftime("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default();
    crate::i18n::date(&local)
}

/// For templates: the class name of a channel's reach (templates pass it by value or by
/// reference).
pub fn reach_class(reach: impl Borrow<Reach>) -> &'static str {
    match reach.borrow() {
        Reach::Private => "pill-private",
        Reach::Public => "pill-public",
        Reach::Other => "muted",
    }
}
