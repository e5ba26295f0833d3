//! A link's options as the web UI's forms show and send them (the edit page and the share
//! kit): every option as text fields, rules and variants as rows, times in the server's time
//! zone; read back into a checked change.

use super::form_error::FormError;
use super::forms::{Pairs, sentence, with_scheme};
use crate::campaigns::kit::RunOptions;
use crate::i18n::{self, Message};
use crate::links::options::input::{Checks, OptionsPatch};
use crate::links::options::{
    Condition, LinkOptions, MEDIA_PREFIX, PreviewCard, RuleFields, Variant,
};

/// The options' fields a refusal may be about (a row's, such as `rule_url`, by its name).
pub const FIELDS: &[&str] = &[
    "card_title",
    "card_description",
    "card_image_url",
    "card_image",
    "starts_at",
    "expires_at",
    "max_clicks",
    "expired_url",
    "password",
    "rule_when",
    "rule_country",
    "rule_url",
    "variant_url",
    "variant_weight",
];

/// Empty rows offered after the rules and variants a link has, to add more.
const SPARE_ROWS: usize = 2;

/// The options fieldset's values (templates/ui/options_fields.html).
#[derive(Debug, Clone, Default)]
pub struct OptionsFields {
    pub card_title: String,
    pub card_description: String,
    /// An https URL, or the URL of an uploaded image.
    pub card_image: String,
    /// The image is an upload of Lanterne's: the page may show it (the pages' policy allows
    /// images of this site only).
    pub card_image_uploaded: bool,
    /// A refused form had an image chosen: it was not kept, and is to be chosen again.
    pub card_image_lost: bool,
    pub starts_at: String,
    pub expires_at: String,
    /// The IANA name the times are read in.
    pub timezone: String,
    pub expired_url: String,
    pub max_clicks: String,
    pub password_protected: bool,
    pub rules: Vec<RuleRow>,
    pub variants: Vec<VariantRow>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleRow {
    /// `ios`, `android`, `desktop` or `country`; empty for an unused row.
    pub when: String,
    pub country: String,
    pub url: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VariantRow {
    pub url: String,
    pub weight: String,
}

impl OptionsFields {
    /// A link's options as the form shows them.
    pub fn of(options: &LinkOptions, password: bool, base_url: &str, timezone: &str) -> Self {
        let card = options.preview.as_ref();
        let time = |ms: Option<i64>| ms.map(|ms| local_time(ms, timezone)).unwrap_or_default();
        let mut fields = OptionsFields {
            card_title: card.map(|c| c.title.clone()).unwrap_or_default(),
            card_description: card.and_then(|c| c.description.clone()).unwrap_or_default(),
            card_image: card.and_then(|c| c.image_url(base_url)).unwrap_or_default(),
            card_image_uploaded: false,
            card_image_lost: false,
            starts_at: time(options.starts_at),
            expires_at: time(options.expires_at),
            timezone: timezone.to_owned(),
            expired_url: options.expired_url.clone().unwrap_or_default(),
            max_clicks: options
                .max_clicks
                .map(|n| n.to_string())
                .unwrap_or_default(),
            password_protected: password,
            rules: options
                .rules
                .iter()
                .map(|rule| match rule.when {
                    Condition::Device(device) => RuleRow {
                        when: device.as_str().to_owned(),
                        country: String::new(),
                        url: rule.url.clone(),
                    },
                    Condition::Country(code) => RuleRow {
                        when: "country".into(),
                        country: String::from_utf8_lossy(&code).into_owned(),
                        url: rule.url.clone(),
                    },
                })
                .collect(),
            variants: options
                .variants
                .iter()
                .map(|v| VariantRow {
                    url: v.url.clone(),
                    weight: v.weight.to_string(),
                })
                .collect(),
        };
        fields.card_image_uploaded = uploaded(card);
        fields.spare_rows();
        fields
    }

    /// Whether any option is set (the fieldset opens then).
    pub fn any(&self) -> bool {
        !self.card_title.is_empty()
            || !self.starts_at.is_empty()
            || !self.expires_at.is_empty()
            || !self.max_clicks.is_empty()
            || self.password_protected
            || self.rules.iter().any(|r| !r.url.is_empty())
            || self.variants.iter().any(|v| !v.url.is_empty())
    }

    /// A card beside a password: previews of a protected link get "Protected link", never
    /// the card (docs/link-options.md), and the form says so.
    pub fn card_hidden(&self) -> bool {
        !self.card_title.is_empty() && self.password_protected
    }

    /// The fields as sent, to show the form again after a refusal.
    pub fn sent(pairs: &Pairs, password: bool, timezone: &str) -> Self {
        let mut fields = OptionsFields {
            card_title: pairs.get("card_title"),
            card_description: pairs.get("card_description"),
            card_image: pairs.get("card_image_url"),
            card_image_uploaded: false,
            card_image_lost: false,
            starts_at: pairs.get("starts_at"),
            expires_at: pairs.get("expires_at"),
            timezone: timezone.to_owned(),
            expired_url: pairs.get("expired_url"),
            max_clicks: pairs.get("max_clicks"),
            password_protected: password,
            rules: rule_rows(pairs),
            variants: variant_rows(pairs),
        };
        fields.spare_rows();
        fields
    }

    fn spare_rows(&mut self) {
        self.rules
            .extend(std::iter::repeat_n(RuleRow::default(), SPARE_ROWS));
        // A split needs two variants: offer at least two rows.
        let spare = SPARE_ROWS.max(2 - self.variants.len().min(2));
        self.variants
            .extend(std::iter::repeat_n(VariantRow::default(), spare));
    }
}

/// Rows with something in them, in order.
fn rule_rows(pairs: &Pairs) -> Vec<RuleRow> {
    let (when, country, url) = (
        pairs.all("rule_when"),
        pairs.all("rule_country"),
        pairs.all("rule_url"),
    );
    (0..when.len().max(url.len()))
        .map(|i| {
            let at = |list: &[String]| list.get(i).map(|v| v.trim().to_owned()).unwrap_or_default();
            RuleRow {
                when: at(&when),
                country: at(&country),
                url: at(&url),
            }
        })
        .filter(|row| !row.url.is_empty() || !row.when.is_empty())
        .collect()
}

fn variant_rows(pairs: &Pairs) -> Vec<VariantRow> {
    let (url, weight) = (pairs.all("variant_url"), pairs.all("variant_weight"));
    (0..url.len())
        .map(|i| VariantRow {
            url: url[i].trim().to_owned(),
            weight: weight
                .get(i)
                .map(|w| w.trim().to_owned())
                .unwrap_or_default(),
        })
        .filter(|row| !row.url.is_empty())
        .collect()
}

/// Whether the card's image is an upload of Lanterne's.
fn uploaded(card: Option<&PreviewCard>) -> bool {
    card.and_then(|c| c.image.as_deref())
        .is_some_and(|i| i.starts_with(MEDIA_PREFIX))
}

/// A card's fields as a form shows them (`templates/ui/card_fields.html`).
#[derive(Default)]
pub struct CardFields {
    pub title: String,
    pub description: String,
    pub image: String,
    /// The image is an upload of Lanterne's: the page may show it (the pages' policy allows
    /// images of this site only).
    pub uploaded: bool,
    /// A refused form had an image chosen: it was not kept, and is to be chosen again.
    pub lost: bool,
}

impl CardFields {
    pub fn of(card: Option<&PreviewCard>, base_url: &str) -> CardFields {
        CardFields {
            title: card.map(|c| c.title.clone()).unwrap_or_default(),
            description: card.and_then(|c| c.description.clone()).unwrap_or_default(),
            image: card.and_then(|c| c.image_url(base_url)).unwrap_or_default(),
            uploaded: uploaded(card),
            lost: false,
        }
    }

    /// As sent, to show the form again after a refusal.
    pub fn sent(pairs: &Pairs) -> CardFields {
        CardFields {
            title: pairs.get("card_title"),
            description: pairs.get("card_description"),
            image: pairs.get("card_image_url"),
            uploaded: false,
            lost: false,
        }
    }
}

/// The card fields of a form (`card_title`, `card_description`, `card_image_url`, or the
/// uploaded `image` in its place): `None` when all are empty. Checked where it is applied.
pub fn card(pairs: &Pairs, image: Option<String>) -> Option<PreviewCard> {
    let title = pairs.get("card_title");
    let image = image.unwrap_or_else(|| pairs.get("card_image_url"));
    let description = pairs.get("card_description");
    if title.is_empty() && description.is_empty() && image.is_empty() {
        return None;
    }
    Some(PreviewCard {
        title,
        description: Some(description),
        image: Some(image),
    })
}

/// What the form asks: every option (what is left empty is cleared; the change is checked
/// where it is applied), and of the password: `None` keep it, `Some(None)` remove it,
/// `Some(Some(_))` a new one. `image`, when given, is an uploaded image's reference
/// (`media:{id}`) that takes the place of the image URL.
pub fn read(
    pairs: &Pairs,
    image: Option<String>,
    timezone: &str,
) -> Result<(OptionsPatch, Option<Option<String>>), FormError> {
    let preview = card(pairs, image);
    // `refusal` is the message saying the field is no date and time.
    let time = |field: &str, refusal: &str| -> Result<Option<i64>, FormError> {
        let value = pairs.get(field);
        (!value.is_empty())
            .then(|| utc_ms(&value, timezone).ok_or_else(|| mistake(field, i18n::t(refusal))))
            .transpose()
    };
    let max_clicks = pairs.get("max_clicks");
    let max_clicks = (!max_clicks.is_empty())
        .then(|| {
            max_clicks
                .parse::<i64>()
                .map_err(|_| mistake("max_clicks", i18n::t("options-bad-max-clicks")))
        })
        .transpose()?;
    let rules = rule_rows(pairs)
        .into_iter()
        .enumerate()
        .map(|(i, row)| match row.when.as_str() {
            "" => {
                let n = (i + 1).to_string();
                let said = i18n::t1("options-rule-no-when", "n", &n);
                Err(mistake(&format!("rule_when-{n}"), said))
            }
            "country" => Ok(RuleFields {
                device: None,
                country: Some(row.country),
                url: with_scheme(&row.url),
            }),
            device => Ok(RuleFields {
                device: Some(device.to_owned()),
                country: None,
                url: with_scheme(&row.url),
            }),
        })
        .collect::<Result<Vec<_>, FormError>>()?;
    let variants = variant_rows(pairs)
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let weight = if row.weight.is_empty() {
                "1"
            } else {
                &row.weight
            };
            let n = (i + 1).to_string();
            let said = || i18n::t1("options-bad-weight", "n", &n);
            Ok(Variant {
                weight: (weight.parse())
                    .map_err(|_| mistake(&format!("variant_weight-{n}"), said()))?,
                url: with_scheme(&row.url),
            })
        })
        .collect::<Result<Vec<_>, FormError>>()?;
    let patch = OptionsPatch {
        preview: Some(preview),
        starts_at: Some(time("starts_at", "options-bad-start")?),
        expires_at: Some(time("expires_at", "options-bad-end")?),
        expired_url: Some(Some(with_scheme(&pairs.get("expired_url")))),
        max_clicks: Some(max_clicks),
        rules: Some(Some(rules)),
        variants: Some(Some(variants)),
    };
    // As typed: spaces are part of a password.
    let typed = pairs
        .0
        .iter()
        .find(|(k, _)| k == "password")
        .map(|(_, v)| v.clone());
    let password = match typed {
        _ if pairs.checked("password_remove") => Some(None),
        Some(p) if !p.is_empty() => Some(Some(p)),
        _ => None,
    };
    Ok((patch, password))
}

/// A mistake the form itself finds, in the field `field`, as a sentence.
fn mistake(field: &str, said: String) -> FormError {
    FormError::at(field, sentence(&said))
}

/// The share kit's options for one run, checked: its dates, click limit, expired URL and
/// password (the card is the campaign's; a kit has no rules or variants).
pub fn run(pairs: &Pairs, timezone: &str, checks: Checks<'_>) -> Result<RunOptions, FormError> {
    let (patch, password) = read(pairs, None, timezone)?;
    let patch = OptionsPatch {
        preview: None,
        rules: None,
        variants: None,
        ..patch
    };
    Ok(RunOptions {
        options: (patch.apply(&LinkOptions::default(), checks))
            .map_err(|refusal| FormError::said(&in_form_words(refusal), FIELDS))?,
        password: password.flatten(),
    })
}

/// A refusal of options in the form's words: the API names the fields as its JSON does
/// (`max_clicks must be …`, which an API client needs), a page by the labels it shows.
pub fn in_form_words(refusal: Message) -> Message {
    match refusal.labelled("expired_url", Message::new("options-expired-url")) {
        Message::Id { key, args } => {
            let key = match key {
                "refusal-max-clicks" => "options-max-clicks-range",
                "refusal-expires-before-start" => "options-end-before-start",
                "refusal-expired-url-alone" => "options-expired-url-alone",
                other => other,
            };
            Message::Id { key, args }
        }
        other => other,
    }
}

/// Unix ms as an `<input type="datetime-local">` value in `timezone`.
fn local_time(ms: i64, timezone: &str) -> String {
    let tz = jiff::tz::TimeZone::get(timezone).unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_zoned(tz).strftime("%Y-%m-%dT%H:%M").to_string())
        .unwrap_or_default()
}

/// A `datetime-local` value (`2026-05-01T09:00`, seconds optional) in `timezone` as Unix ms.
fn utc_ms(value: &str, timezone: &str) -> Option<i64> {
    let tz = jiff::tz::TimeZone::get(timezone).ok()?;
    let local: jiff::civil::DateTime = value.parse().ok()?;
    Some(local.to_zoned(tz).ok()?.timestamp().as_millisecond())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::links::options::Device;

    const NONE: &[crate::links::destination::Refused] = &[];

    fn pairs(list: &[(&str, &str)]) -> Pairs {
        Pairs(
            list.iter()
                .map(|(k, v)| ((*k).into(), (*v).into()))
                .collect(),
        )
    }

    /// The form read and applied to a plain link, as `links::change::update` does.
    fn read_all(list: &[(&str, &str)]) -> Result<(LinkOptions, Option<Option<String>>), String> {
        let read = read(&pairs(list), None, "Europe/Paris");
        let (patch, password) = read.map_err(|mistake| mistake.to_string())?;
        let checks = Checks {
            refused_hosts: NONE,
            base_url: "https://sho.rt",
        };
        let options = patch.apply(&LinkOptions::default(), checks);
        Ok((options.map_err(|e| e.english())?, password))
    }

    #[test]
    fn an_empty_form_is_a_plain_link() {
        let (options, password) = read_all(&[
            ("card_title", ""),
            ("rule_when", ""),
            ("rule_country", ""),
            ("rule_url", ""),
            ("variant_url", ""),
            ("variant_weight", ""),
            ("password", ""),
        ])
        .unwrap();
        assert!(options.is_plain());
        assert_eq!(password, None, "kept");
    }

    #[test]
    fn every_option_is_read_and_shown_back() {
        let sent = [
            ("card_title", "Spring"),
            ("card_description", "Two days"),
            (
                "card_image_url",
                "https://sho.rt/media/0123456789abcdef0123456789abcdef.png",
            ),
            ("starts_at", "2026-05-01T09:00"),
            ("expires_at", "2026-06-01T00:00"),
            ("expired_url", "https://example.com/late"),
            ("max_clicks", "3"),
            ("password", " open sesame"),
            ("rule_when", "ios"),
            ("rule_country", ""),
            ("rule_url", "https://example.com/ios"),
            ("rule_when", "country"),
            ("rule_country", "FR"),
            ("rule_url", "https://example.com/fr"),
            ("rule_when", ""),
            ("rule_country", ""),
            ("rule_url", ""),
            ("variant_url", "https://example.com/a"),
            ("variant_weight", "2"),
            ("variant_url", "https://example.com/b"),
            ("variant_weight", ""),
        ];
        let (options, password) = read_all(&sent).unwrap();
        assert_eq!(password, Some(Some(" open sesame".into())), "as typed");
        assert_eq!(
            options.preview.as_ref().unwrap().image.as_deref(),
            Some("media:0123456789abcdef0123456789abcdef.png")
        );
        // 09:00 in Paris in May is 07:00 UTC.
        assert_eq!(options.starts_at, Some(1_777_618_800_000));
        assert_eq!(options.rules[0].when, Condition::Device(Device::Ios));
        assert_eq!(options.rules[1].when, Condition::Country(*b"FR"));
        assert_eq!(options.variants[1].weight, 1, "an empty weight is 1");
        let shown = OptionsFields::of(&options, true, "https://sho.rt", "Europe/Paris");
        assert_eq!(shown.starts_at, "2026-05-01T09:00");
        assert_eq!(
            shown.card_image,
            "https://sho.rt/media/0123456789abcdef0123456789abcdef.png"
        );
        assert!(shown.card_image_uploaded && shown.any());
        assert_eq!(shown.rules.len(), 2 + SPARE_ROWS);
        assert_eq!(
            shown.rules[1],
            RuleRow {
                when: "country".into(),
                country: "FR".into(),
                url: "https://example.com/fr".into()
            }
        );
        assert_eq!(shown.variants.len(), 2 + SPARE_ROWS);
        assert!(shown.password_protected);
        // Sent back as shown, the form shows the same rows.
        let again = OptionsFields::sent(&pairs(&sent), true, "Europe/Paris");
        assert_eq!(again.rules[..2], shown.rules[..2]);
        assert!(!OptionsFields::of(&LinkOptions::default(), false, "", "UTC").any());
    }

    #[test]
    fn mistakes_are_at_their_fields() {
        let at = |list: &[(&str, &str)]| read(&pairs(list), None, "UTC").unwrap_err();
        assert!(at(&[("max_clicks", "many")]).is_on("max_clicks"));
        assert!(at(&[("starts_at", "soon")]).is_on("starts_at"));
        let second = [
            ("rule_when", "ios"),
            ("rule_url", "a"),
            ("rule_when", ""),
            ("rule_url", "b"),
        ];
        assert!(at(&second).is_on("rule_when-2"));
        let weight = [("variant_url", "a"), ("variant_weight", "x")];
        assert!(at(&weight).is_on("variant_weight-1"));
    }

    #[test]
    fn mistakes_are_said_in_words() {
        let refused = |list: &[(&str, &str)]| read_all(list).unwrap_err();
        assert!(refused(&[("max_clicks", "many")]).contains("whole number"));
        assert!(refused(&[("expires_at", "soon")]).contains("The end is not a date"));
        assert!(
            refused(&[
                ("rule_when", ""),
                ("rule_country", ""),
                ("rule_url", "https://example.com/")
            ])
            .contains("Rule 1: choose")
        );
        assert!(
            refused(&[
                ("variant_url", "https://example.com/a"),
                ("variant_weight", "-1")
            ])
            .contains("Variant 1: the weight")
        );
        assert!(refused(&[("card_description", "no title")]).contains("needs a title"));
    }

    #[test]
    fn the_password_is_kept_removed_or_replaced() {
        assert_eq!(read_all(&[]).unwrap().1, None);
        assert_eq!(
            read_all(&[("password", "x"), ("password_remove", "on")])
                .unwrap()
                .1,
            Some(None)
        );
    }

    #[test]
    fn an_upload_takes_the_place_of_the_image_url() {
        let (patch, _) = read(
            &pairs(&[
                ("card_title", "t"),
                ("card_image_url", "https://cdn.example/a.png"),
            ]),
            Some("media:0123456789abcdef0123456789abcdef.webp".into()),
            "UTC",
        )
        .unwrap();
        let card = patch.preview.flatten().unwrap();
        assert_eq!(
            card.image.as_deref(),
            Some("media:0123456789abcdef0123456789abcdef.webp")
        );
    }
}
