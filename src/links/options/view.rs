//! A link's options as they are shown outside: the API's answers and the exports (times in
//! RFC 3339, an uploaded card image as its URL, the password only as whether there is one).

use serde::Serialize;
use utoipa::ToSchema;

use super::{LinkOptions, PreviewCard, RuleFields, Variant};
use crate::clock::rfc3339;

/// A link's options as the API shows them; unset ones are null (lists empty).
#[derive(Debug, Serialize, ToSchema)]
pub struct OptionsView {
    /// The card chat apps show; `image` is a URL (uploads are served by Lanterne).
    pub preview: Option<PreviewCard>,
    /// RFC 3339: before it, the link answers 404.
    pub starts_at: Option<String>,
    /// RFC 3339: from it on, the link answers 410, or 302 to `expired_url`.
    pub expires_at: Option<String>,
    pub expired_url: Option<String>,
    /// After this many people (previews, bots and prefetches do not count), the link has
    /// expired.
    pub max_clicks: Option<i64>,
    /// Whether a password protects the link; the password is never shown.
    pub password_protected: bool,
    /// Tried in order; the first match wins.
    pub rules: Vec<RuleFields>,
    /// An A/B split: each person goes to one variant with probability by weight.
    pub variants: Vec<Variant>,
}

impl OptionsView {
    /// `base_url`: where uploaded images are served.
    pub fn new(options: LinkOptions, password_protected: bool, base_url: &str) -> OptionsView {
        OptionsView {
            preview: options.preview.map(|card| PreviewCard {
                image: card.image_url(base_url),
                ..card
            }),
            starts_at: options.starts_at.map(rfc3339),
            expires_at: options.expires_at.map(rfc3339),
            expired_url: options.expired_url,
            max_clicks: options.max_clicks,
            password_protected,
            rules: options.rules.into_iter().map(RuleFields::from).collect(),
            variants: options.variants,
        }
    }
}
