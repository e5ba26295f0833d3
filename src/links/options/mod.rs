//! A link's options as plain data: its preview card, dates, click limit, targeting rules and
//! A/B variants, stored as JSON beside the link (its password is a hash in a column of its
//! own, so that nothing that shows options can show it), and the destination a hit was sent
//! to.

mod countries;
pub mod decide;
pub mod device;
pub mod input;
pub mod status;
pub mod view;

use serde::{Deserialize, Serialize};

use crate::i18n::Message;

pub use device::Device;

/// Most targeting rules on one link.
pub const MAX_RULES: usize = 20;
/// Most variants of one A/B split.
pub const MAX_VARIANTS: usize = 10;
/// Largest weight of one variant.
pub const MAX_WEIGHT: u32 = 1_000;

/// Everything a link may carry besides its destination; the default is a plain link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LinkOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preview: Option<PreviewCard>,
    /// Unix ms: before it, the link redirects nobody and says when it opens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<i64>,
    /// Unix ms: from it on, the link has expired.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    /// Where an expired link sends people instead of answering 410.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expired_url: Option<String>,
    /// After this many people, the link has expired.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_clicks: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Variant>,
}

impl LinkOptions {
    /// No option set: the link redirects as a plain link does.
    pub fn is_plain(&self) -> bool {
        *self == LinkOptions::default()
    }

    /// As stored in `links.options`: `None` for a plain link, so that plain links cost nothing
    /// to read.
    pub fn to_json(&self) -> Option<String> {
        (!self.is_plain()).then(|| serde_json::to_string(self).expect("options always serialize"))
    }

    /// Every destination besides the link's URL, each with where it is (`expired_url`,
    /// `rule 1`, `variant 2`), as its refusals name it in every language.
    pub fn destinations(&self) -> Vec<(Place, &str)> {
        let expired = self
            .expired_url
            .iter()
            .map(|u| (Place::ExpiredUrl, u.as_str()));
        let rules = (self.rules.iter().enumerate()).map(|(i, r)| (Place::Rule(i), r.url.as_str()));
        let variants =
            (self.variants.iter().enumerate()).map(|(i, v)| (Place::Variant(i), v.url.as_str()));
        expired.chain(rules).chain(variants).collect()
    }

    /// From `links.options`; a value this version cannot read counts as no options, and says so.
    pub fn from_json(json: Option<&str>) -> LinkOptions {
        match json.map(serde_json::from_str) {
            None => LinkOptions::default(),
            Some(Ok(options)) => options,
            Some(Err(err)) => {
                tracing::error!(error = %err, "stored link options cannot be read; ignored");
                LinkOptions::default()
            }
        }
    }
}

/// Where a destination sits among a link's options: what its refusals say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    ExpiredUrl,
    /// The `i`th rule, from 0.
    Rule(usize),
    /// The `i`th variant, from 0.
    Variant(usize),
}

impl Place {
    /// `reason`, said of this place (`rule 2: …`, `règle 2 : …`); rules and variants are
    /// numbered from 1, as people count.
    pub fn refusal(self, reason: Message) -> Message {
        let (key, i) = match self {
            Place::ExpiredUrl => return Message::in_field("expired_url", reason),
            Place::Rule(i) => ("refusal-in-rule", i),
            Place::Variant(i) => ("refusal-in-variant", i),
        };
        Message::new(key)
            .with("n", (i + 1).to_string())
            .with("reason", reason)
    }
}

/// Where a moment falls between a link's start and end dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dated {
    /// Before `starts_at`: the link redirects nobody yet.
    NotStarted,
    /// Between its dates (or it has none).
    Open,
    /// From `expires_at` on, the link has expired.
    Ended,
}

/// Where `now` (Unix ms) falls between `starts_at` and `expires_at`: the one rule the
/// redirect ([`decide`]) and the lists ([`status`]) both follow. A link starts at
/// `starts_at` exactly and expires at `expires_at` exactly.
pub fn dated(starts_at: Option<i64>, expires_at: Option<i64>, now: i64) -> Dated {
    if starts_at.is_some_and(|starts| now < starts) {
        Dated::NotStarted
    } else if expires_at.is_some_and(|expires| now >= expires) {
        Dated::Ended
    } else {
        Dated::Open
    }
}

/// What a chat app shows when the link is pasted: the card's title, description and image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PreviewCard {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// An https URL, or an image uploaded to Lanterne (stored as `media:{id}`, shown as the
    /// URL Lanterne serves it at).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}

/// The prefix of an image stored in Lanterne, as a card's `image` keeps it.
pub const MEDIA_PREFIX: &str = "media:";

impl PreviewCard {
    /// The card's image as a URL, with uploaded images under `base_url`.
    pub fn image_url(&self, base_url: &str) -> Option<String> {
        self.image
            .as_deref()
            .map(|image| match image.strip_prefix(MEDIA_PREFIX) {
                Some(id) => format!("{base_url}/media/{id}"),
                None => image.to_owned(),
            })
    }
}

/// A targeting rule: people matching `when` are sent to `url`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RuleFields", into = "RuleFields")]
pub struct Rule {
    pub when: Condition,
    pub url: String,
}

/// What a rule matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    Device(Device),
    /// ISO 3166-1 alpha-2, upper case.
    Country([u8; 2]),
}

impl Condition {
    /// As the API and the reports name it: `device ios`, `country FR`.
    pub fn label(&self) -> String {
        match self {
            Condition::Device(device) => format!("device {}", device.as_str()),
            Condition::Country(code) => format!("country {}", String::from_utf8_lossy(code)),
        }
    }
}

/// What picks one of a link's destinations: a rule's condition, or a variant's weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    Rule(Condition),
    Weight(u32),
}

impl Pick {
    /// As the API names it: `device ios`, `country FR`, `weight 50`.
    pub fn label(self) -> String {
        match self {
            Pick::Rule(condition) => condition.label(),
            Pick::Weight(weight) => format!("weight {weight}"),
        }
    }
}

/// A rule as JSON: `{"device": "ios", "url": …}` or `{"country": "FR", "url": …}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleFields {
    /// `ios`, `android` or `desktop`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^(ios|android|desktop)$")]
    pub device: Option<String>,
    /// ISO 3166-1 alpha-2 country code, such as `FR`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^[A-Za-z]{2}$")]
    pub country: Option<String>,
    /// Where people matching the rule are sent.
    pub url: String,
}

impl TryFrom<RuleFields> for Rule {
    type Error = Message;
    /// The condition only: the URL is checked as a destination by [`input`].
    fn try_from(fields: RuleFields) -> Result<Rule, Message> {
        let when = match (fields.device.as_deref(), fields.country.as_deref()) {
            // A device outside the form's choices comes from the API, which answers in English.
            (Some(device), None) => Condition::Device(device.parse().map_err(Message::from)?),
            (None, Some(country)) => Condition::Country(country_code(country)?),
            (Some(_), Some(_)) => return Err(Message::new("refusal-rule-both")),
            (None, None) => return Err(Message::new("refusal-rule-neither")),
        };
        Ok(Rule {
            when,
            url: fields.url,
        })
    }
}

impl From<Rule> for RuleFields {
    fn from(rule: Rule) -> RuleFields {
        let (device, country) = match rule.when {
            Condition::Device(device) => (Some(device.as_str().to_owned()), None),
            Condition::Country(code) => (None, Some(String::from_utf8_lossy(&code).into_owned())),
        };
        RuleFields {
            device,
            country,
            url: rule.url,
        }
    }
}

/// A country code's shape: two ASCII letters, made upper case.
pub fn country_letters(raw: &str) -> Option<[u8; 2]> {
    match raw.trim().as_bytes() {
        [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
            Some([a.to_ascii_uppercase(), b.to_ascii_uppercase()])
        }
        _ => None,
    }
}

/// A country code as rules keep it: two ASCII letters, upper case, that ISO 3166-1 assigns
/// ([`countries`]). `UK`, the usual slip, is told the United Kingdom's code.
pub fn country_code(raw: &str) -> Result<[u8; 2], Message> {
    let code = country_letters(raw)
        .ok_or_else(|| Message::new("refusal-country-code").with_typed("code", raw))?;
    if code == *b"UK" {
        return Err(Message::new("refusal-country-code-uk").with_typed("code", raw));
    }
    if !countries::is_assigned(code) {
        return Err(Message::new("refusal-country-code-unassigned").with_typed("code", raw));
    }
    Ok(code)
}

/// One destination of an A/B split, chosen with probability `weight` / the sum of weights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub url: String,
    /// 0 to 1,000; a variant of weight 0 is kept but gets nobody.
    pub weight: u32,
}

/// Which of a link's destinations a hit was sent to, as hits store it (a small integer):
/// `0` the link's URL, `1`–`20` its rules in order, `101`–`110` its variants in order, `-1`
/// its `expired_url`, `-2` nowhere (a preview or bot shown the page of a protected link).
/// Hits of plain links store none: they all went to the link's URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Destination {
    Url,
    /// 0-based position among the rules.
    Rule(u8),
    /// 0-based position among the variants.
    Variant(u8),
    Expired,
    Nowhere,
}

const VARIANT_BASE: i16 = 101;

impl Destination {
    pub fn code(self) -> i16 {
        match self {
            Destination::Url => 0,
            Destination::Rule(i) => 1 + i16::from(i),
            Destination::Variant(i) => VARIANT_BASE + i16::from(i),
            Destination::Expired => -1,
            Destination::Nowhere => -2,
        }
    }

    pub fn from_code(code: i16) -> Option<Destination> {
        let rules = 1..=MAX_RULES as i16;
        let variants = VARIANT_BASE..VARIANT_BASE + MAX_VARIANTS as i16;
        match code {
            0 => Some(Destination::Url),
            -1 => Some(Destination::Expired),
            -2 => Some(Destination::Nowhere),
            c if rules.contains(&c) => Some(Destination::Rule((c - 1) as u8)),
            c if variants.contains(&c) => Some(Destination::Variant((c - VARIANT_BASE) as u8)),
            _ => None,
        }
    }

    /// As the API and CSV name it: `url`, `rule 1`, `variant 2`, `expired`, `none`.
    pub fn label(self) -> String {
        match self {
            Destination::Url => "url".into(),
            Destination::Rule(i) => format!("rule {}", u16::from(i) + 1),
            Destination::Variant(i) => format!("variant {}", u16::from(i) + 1),
            Destination::Expired => "expired".into(),
            Destination::Nowhere => "none".into(),
        }
    }

    /// The label of a stored code (none: a plain link's URL); an unknown code (from a later
    /// version) as its number.
    pub fn label_of(code: Option<i16>) -> String {
        match code {
            None => Destination::Url.label(),
            Some(code) => {
                Destination::from_code(code).map_or_else(|| code.to_string(), Destination::label)
            }
        }
    }

    /// Where it sends people under `options` now, and what picks it.
    pub fn describe(self, url: &str, options: &LinkOptions) -> (Option<String>, Option<Pick>) {
        match self {
            Destination::Url => (Some(url.to_owned()), None),
            Destination::Rule(i) => options.rules.get(usize::from(i)).map_or((None, None), |r| {
                (Some(r.url.clone()), Some(Pick::Rule(r.when)))
            }),
            Destination::Variant(i) => options
                .variants
                .get(usize::from(i))
                .map_or((None, None), |v| {
                    (Some(v.url.clone()), Some(Pick::Weight(v.weight)))
                }),
            Destination::Expired => (options.expired_url.clone(), None),
            Destination::Nowhere => (None, None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_starts_and_ends_at_its_dates_exactly() {
        let (starts, ends) = (Some(100), Some(200));
        assert_eq!(dated(starts, ends, 99), Dated::NotStarted);
        assert_eq!(dated(starts, ends, 100), Dated::Open);
        assert_eq!(dated(starts, ends, 199), Dated::Open);
        assert_eq!(dated(starts, ends, 200), Dated::Ended);
        assert_eq!(dated(None, None, i64::MIN), Dated::Open);
        // Dates the wrong way round: before the start wins, as the redirect has always had it.
        assert_eq!(dated(Some(300), Some(200), 250), Dated::NotStarted);
        assert_eq!(dated(Some(300), Some(200), 300), Dated::Ended);
    }

    #[test]
    fn destination_codes_round_trip_and_stay_small() {
        let mut all = vec![Destination::Url, Destination::Expired, Destination::Nowhere];
        all.extend((0..MAX_RULES as u8).map(Destination::Rule));
        all.extend((0..MAX_VARIANTS as u8).map(Destination::Variant));
        let mut codes = std::collections::BTreeSet::new();
        for d in all {
            assert_eq!(Destination::from_code(d.code()), Some(d), "{d:?}");
            assert!(codes.insert(d.code()), "{d:?} shares its code");
            assert!((-2..=110).contains(&d.code()));
        }
        for unknown in [-3, 21, 100, 111, i16::MAX] {
            assert_eq!(Destination::from_code(unknown), None, "{unknown}");
            assert_eq!(Destination::label_of(Some(unknown)), unknown.to_string());
        }
        assert_eq!(Destination::Rule(0).label(), "rule 1");
        assert_eq!(Destination::label_of(Some(102)), "variant 2");
        assert_eq!(Destination::label_of(None), "url", "a plain link's hit");
    }

    #[test]
    fn plain_links_store_nothing_and_options_round_trip() {
        assert_eq!(LinkOptions::default().to_json(), None);
        assert_eq!(LinkOptions::from_json(None), LinkOptions::default());
        let options = LinkOptions {
            preview: Some(PreviewCard {
                title: "Spring".into(),
                description: None,
                image: Some("media:abc.png".into()),
            }),
            expires_at: Some(1_700_000_000_000),
            max_clicks: Some(3),
            rules: vec![
                Rule {
                    when: Condition::Device(Device::Ios),
                    url: "https://example.com/ios".into(),
                },
                Rule {
                    when: Condition::Country(*b"FR"),
                    url: "https://example.com/fr".into(),
                },
            ],
            variants: vec![Variant {
                url: "https://example.com/a".into(),
                weight: 0,
            }],
            ..LinkOptions::default()
        };
        let json = options.to_json().unwrap();
        assert!(
            json.contains(r#"{"device":"ios","url":"https://example.com/ios"}"#),
            "{json}"
        );
        assert!(
            json.contains(r#"{"country":"FR","url":"https://example.com/fr"}"#),
            "{json}"
        );
        assert_eq!(LinkOptions::from_json(Some(&json)), options);
        assert_eq!(
            LinkOptions::from_json(Some("{not json")),
            LinkOptions::default()
        );
    }

    #[test]
    fn rules_need_exactly_one_condition() {
        let rule = |device: Option<&str>, country: Option<&str>| {
            Rule::try_from(RuleFields {
                device: device.map(Into::into),
                country: country.map(Into::into),
                url: "https://example.com/".into(),
            })
            .map_err(|refusal| refusal.english())
        };
        assert_eq!(
            rule(Some("android"), None).unwrap().when,
            Condition::Device(Device::Android)
        );
        assert_eq!(
            rule(None, Some(" fr")).unwrap().when,
            Condition::Country(*b"FR")
        );
        assert!(
            rule(None, None)
                .unwrap_err()
                .contains("needs a device or a country")
        );
        assert!(
            rule(Some("ios"), Some("FR"))
                .unwrap_err()
                .contains("not both")
        );
        assert!(
            rule(Some("windows"), None)
                .unwrap_err()
                .contains("ios, android or desktop")
        );
        for bad in ["F", "FRA", "F1", "", "ÉÉ", "EN", "ZZ"] {
            assert!(
                rule(None, Some(bad)).unwrap_err().contains("country code"),
                "{bad}"
            );
        }
        assert!(rule(None, Some("uk")).unwrap_err().contains("GB"));
        assert!(rule(None, Some(" gb ")).is_ok());
    }

    #[test]
    fn uploaded_images_are_served_under_the_base_url() {
        let card = |image: &str| PreviewCard {
            title: "t".into(),
            description: None,
            image: Some(image.into()),
        };
        assert_eq!(
            card("media:0123.png")
                .image_url("https://sho.rt")
                .as_deref(),
            Some("https://sho.rt/media/0123.png")
        );
        assert_eq!(
            card("https://cdn.example/a.png")
                .image_url("https://sho.rt")
                .as_deref(),
            Some("https://cdn.example/a.png")
        );
    }
}
