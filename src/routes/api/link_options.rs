//! A link's options in the API: what `POST` and `PATCH` send, turned into a checked change
//! (`GET` shows them as [`OptionsView`]).

use serde::{Deserialize, Deserializer};

use crate::app::AppState;
use crate::error::ApiError;
use crate::links::options::input::{OptionsPatch, timestamp};
pub use crate::links::options::view::OptionsView;
use crate::links::options::{LinkOptions, PreviewCard, RuleFields, Variant};

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
