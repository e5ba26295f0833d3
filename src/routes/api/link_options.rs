//! A link's options in the API: how `GET` shows them, and what `POST` and `PATCH` send,
//! turned into a checked change.

use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

use crate::app::AppState;
use crate::clock::rfc3339;
use crate::error::ApiError;
use crate::links::options::input::{OptionsPatch, timestamp};
use crate::links::options::{LinkOptions, PreviewCard, RuleFields, Variant};

/// A link's options as the API shows them; unset ones are null (lists empty).
#[derive(Serialize, ToSchema)]
pub struct OptionsView {
    /// The card chat apps show; `image` is a URL (uploads are served by Lanterne).
    preview: Option<PreviewCard>,
    /// RFC 3339: before it, the link answers 404.
    starts_at: Option<String>,
    /// RFC 3339: from it on, the link answers 410, or 302 to `expired_url`.
    expires_at: Option<String>,
    expired_url: Option<String>,
    /// After this many people (previews, bots and prefetches do not count), the link has
    /// expired.
    max_clicks: Option<i64>,
    /// Whether a password protects the link; the password is never shown.
    password_protected: bool,
    /// Tried in order; the first match wins.
    rules: Vec<RuleFields>,
    /// An A/B split: each person goes to one variant with probability by weight.
    variants: Vec<Variant>,
}

impl OptionsView {
    pub fn new(state: &AppState, options: LinkOptions, password_protected: bool) -> OptionsView {
        OptionsView {
            preview: options.preview.map(|card| PreviewCard {
                image: card.image_url(&state.base_url),
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

/// The options of a request, as sent: `None` left out, `Some(None)` sent as `null`.
#[derive(Default)]
pub struct OptionFields {
    pub preview: Option<Option<PreviewCard>>,
    pub starts_at: Option<Option<String>>,
    pub expires_at: Option<Option<String>>,
    pub expired_url: Option<Option<String>>,
    pub max_clicks: Option<Option<i64>>,
    pub rules: Option<Option<Vec<RuleFields>>>,
    pub variants: Option<Option<Vec<Variant>>>,
}

impl OptionFields {
    /// The change they ask for, its times read (a 422 says what is wrong).
    pub fn patch(self) -> Result<OptionsPatch, ApiError> {
        let time = |field: &str, value: Option<Option<String>>| {
            value
                .map(|v| v.map(|t| timestamp(field, &t)).transpose())
                .transpose()
                .map_err(ApiError::invalid)
        };
        Ok(OptionsPatch {
            preview: self.preview,
            starts_at: time("starts_at", self.starts_at)?,
            expires_at: time("expires_at", self.expires_at)?,
            expired_url: self.expired_url,
            max_clicks: self.max_clicks,
            rules: self.rules,
            variants: self.variants,
        })
    }

    /// New options: these applied to none, checked.
    pub fn options(self, state: &AppState) -> Result<LinkOptions, ApiError> {
        self.patch()?
            .apply(&LinkOptions::default(), state.link_checks())
            .map_err(ApiError::invalid)
    }
}

/// Tells a field sent as `null` (clear it) from a field left out (keep it): with
/// `#[serde(default, deserialize_with = "present")]`.
pub fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}
