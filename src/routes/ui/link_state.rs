//! How the links list says what a visitor meets at each link now (blocked, off, not started,
//! expired, and why, or on) and which options it carries, from the link and its [`LinkCounts`].

use super::view::LinkRow;
use crate::db::link_counts::LinkCounts;
use crate::i18n::{self, Message, t, t1, t2};
use crate::links::options::status::{Status, status};

/// A link's state cell.
pub struct StateCell {
    pub status: Status,
    /// What a visitor meets: "On", "Off", "Expired" …
    pub label: String,
    /// Why, when it is not on: "click limit reached".
    pub why: Option<String>,
    /// The options it carries, each a few words: "Password", "Until 24/12/2026 18:00".
    pub markers: Vec<String>,
}

impl StateCell {
    /// The cell of `link` at `now` (Unix ms), times written in `timezone`.
    pub fn of(link: &LinkRow, counts: LinkCounts, now: i64, timezone: &str) -> StateCell {
        let options = &link.options;
        let blocked = link.blocked.as_ref();
        let status = status(
            link.enabled,
            blocked.is_some(),
            options,
            counts.limit_used,
            now,
        );
        let (label, why) = match status {
            Status::Blocked => (t("link-status-blocked"), blocked.map(Message::localized)),
            Status::Active => (t("links-on"), None),
            Status::Off => (t("links-off"), None),
            Status::NotStarted => (t("link-status-not-started"), None),
            Status::Ended => (t("link-status-expired"), Some(t("link-status-why-ended"))),
            Status::LimitReached => (t("link-status-expired"), Some(t("link-status-why-limit"))),
        };
        let when = |ms: i64| super::view::date_time(ms, timezone);
        let mut markers = Vec::new();
        if let Some(starts) = options.starts_at {
            markers.push(t1("link-marker-starts", "when", when(starts)));
        }
        if let Some(expires) = options.expires_at {
            markers.push(t1("link-marker-expires", "when", when(expires)));
        }
        if let Some(max) = options.max_clicks {
            markers.push(t2(
                "link-marker-limit",
                "used",
                i18n::count(counts.limit_used.min(max)),
                "max",
                i18n::count(max),
            ));
        }
        if link.has_password {
            markers.push(t("link-marker-password"));
        }
        if options.preview.is_some() {
            // Previews of a protected link get "Protected link", never the card.
            markers.push(t(if link.has_password {
                "link-marker-card-hidden"
            } else {
                "link-marker-card"
            }));
        }
        if !options.rules.is_empty() {
            markers.push(t("options-targeting"));
        }
        if !options.variants.is_empty() {
            markers.push(t("options-ab"));
        }
        StateCell {
            status,
            label,
            why,
            markers,
        }
    }

    /// Whether visitors get anything but the destination (the label is then emphasised).
    pub fn stops_visitors(&self) -> bool {
        self.status != Status::Active
    }
}
