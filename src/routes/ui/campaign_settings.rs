//! The settings a campaign's new links get — destination, themes, UTM and card — as the form
//! of the campaign's page and the share kit's form both hold them.

use super::forms::{Pairs, split_tags, with_scheme};
use super::options_form::{CardFields, card};
use crate::campaigns::{Campaign, CampaignInput};

/// The form's fields: the campaign's, or what was sent when refused.
#[derive(Default)]
pub struct Settings {
    pub url: String,
    pub tags: String,
    pub utm: bool,
    pub utm_campaign: String,
    /// The card the kit's links get.
    pub card: CardFields,
}

impl Settings {
    /// The fields a refusal may be about.
    pub const FIELDS: &[&str] = &[
        "url",
        "tags",
        "utm_campaign",
        "card_title",
        "card_description",
        "card_image_url",
        "card_image",
    ];

    pub fn of(c: &Campaign, base_url: &str) -> Settings {
        Settings {
            url: crate::links::readable::editable(&c.url),
            tags: c.tags.join(", "),
            utm: c.utm,
            utm_campaign: c.utm_campaign.clone(),
            card: CardFields::of(c.preview.as_ref(), base_url),
        }
    }

    /// What the form sent (a destination typed without a scheme gets `https://`).
    pub fn sent(pairs: &Pairs) -> Settings {
        Settings {
            url: with_scheme(&pairs.get("url")),
            tags: pairs.get("tags"),
            utm: pairs.checked("utm"),
            utm_campaign: pairs.get("utm_campaign"),
            card: CardFields::sent(pairs),
        }
    }

    /// The campaign `name` with these settings, its card as `pairs` sent it; `image`, an
    /// uploaded image's reference (`media:{id}`) in place of the image URL.
    pub fn input(&self, name: String, pairs: &Pairs, image: Option<String>) -> CampaignInput {
        CampaignInput {
            name,
            url: self.url.clone(),
            tags: split_tags(&self.tags),
            utm: self.utm,
            utm_campaign: self.utm_campaign.clone(),
            preview: card(pairs, image),
        }
    }
}
