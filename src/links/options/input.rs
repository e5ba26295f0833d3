//! The checks an option must pass before it is stored: a change as the API or a form sends
//! it, applied to a link's options, each mistake said in words. No I/O.

use url::Url;

use super::{
    LinkOptions, MAX_RULES, MAX_VARIANTS, MAX_WEIGHT, MEDIA_PREFIX, Place, PreviewCard, Rule,
    RuleFields, Variant,
};
use crate::i18n::Message;
use crate::links::{destination, too_long};

/// Longest card title and description, in characters (what chat apps show is shorter).
const MAX_TITLE: usize = 200;
const MAX_DESCRIPTION: usize = 1_000;
/// Longest image URL, in bytes.
const MAX_IMAGE_URL: usize = 2_048;
/// Largest click limit.
const MAX_CLICKS: i64 = 1_000_000_000;
/// Longest link password, in characters.
const MAX_PASSWORD: usize = 200;

/// A change of options: `None` leaves an option alone, `Some(None)` clears it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OptionsPatch {
    pub preview: Option<Option<PreviewCard>>,
    /// Unix ms ([`timestamp`] reads RFC 3339).
    pub starts_at: Option<Option<i64>>,
    pub expires_at: Option<Option<i64>>,
    pub expired_url: Option<Option<String>>,
    pub max_clicks: Option<Option<i64>>,
    /// An empty list clears the rules, as `null` does.
    pub rules: Option<Option<Vec<RuleFields>>>,
    pub variants: Option<Option<Vec<Variant>>>,
}

/// What the checks need to know of the server.
#[derive(Debug, Clone, Copy)]
pub struct Checks<'a> {
    /// Hosts no destination may point at ([`destination::parse`]).
    pub refused_hosts: &'a [destination::Refused],
    /// Lanterne's public URL: a card image under `{base_url}/media/` is one of its uploads.
    pub base_url: &'a str,
}

impl OptionsPatch {
    /// True when it changes nothing.
    pub fn is_empty(&self) -> bool {
        self.preview.is_none()
            && self.starts_at.is_none()
            && self.expires_at.is_none()
            && self.expired_url.is_none()
            && self.max_clicks.is_none()
            && self.rules.is_none()
            && self.variants.is_none()
    }

    /// `current` with this change, every changed option checked and the whole checked for
    /// consistency.
    pub fn apply(self, current: &LinkOptions, checks: Checks<'_>) -> Result<LinkOptions, Message> {
        let mut options = current.clone();
        if let Some(card) = self.preview {
            options.preview = card.map(|c| preview(c, checks)).transpose()?;
        }
        if let Some(at) = self.starts_at {
            options.starts_at = at;
        }
        if let Some(at) = self.expires_at {
            options.expires_at = at;
        }
        if let Some(url) = self.expired_url {
            options.expired_url = url
                .filter(|u| !u.trim().is_empty())
                .map(|u| destination::parse(&u, checks.refused_hosts))
                .transpose()
                .map_err(|e| Place::ExpiredUrl.refusal(e))?;
        }
        if let Some(max) = self.max_clicks {
            options.max_clicks = max.map(max_clicks).transpose()?;
        }
        if let Some(rules) = self.rules {
            options.rules = self::rules(rules.unwrap_or_default(), checks)?;
        }
        if let Some(variants) = self.variants {
            options.variants = self::variants(variants.unwrap_or_default(), checks)?;
        }
        consistent(&options)?;
        // A destination kept from before may be on a domain blocked since: options changed
        // as a whole are checked as a whole, so that no edit stores one again.
        for (place, url) in options.destinations() {
            destination::parse(url, checks.refused_hosts).map_err(|e| place.refusal(e))?;
        }
        Ok(options)
    }
}

/// Options that make sense together.
fn consistent(options: &LinkOptions) -> Result<(), Message> {
    if let (Some(starts), Some(expires)) = (options.starts_at, options.expires_at)
        && expires <= starts
    {
        return Err(Message::new("refusal-expires-before-start"));
    }
    if options.expired_url.is_some() && options.expires_at.is_none() && options.max_clicks.is_none()
    {
        return Err(Message::new("refusal-expired-url-alone"));
    }
    Ok(())
}

/// An RFC 3339 time (`2026-05-01T09:00:00Z`, `2026-05-01T11:00:00+02:00`) as Unix ms.
pub fn timestamp(field: &str, raw: &str) -> Result<i64, Message> {
    raw.trim()
        .parse::<jiff::Timestamp>()
        .map(|t| t.as_millisecond())
        .map_err(|_| Message::new("refusal-not-a-time").with("field", field))
}

fn max_clicks(max: i64) -> Result<i64, Message> {
    if (1..=MAX_CLICKS).contains(&max) {
        Ok(max)
    } else {
        Err(Message::new("refusal-max-clicks").with_count("max", MAX_CLICKS))
    }
}

/// A link password: its characters as typed (spaces count), not empty, not only spaces.
pub fn password(raw: &str) -> Result<&str, Message> {
    if raw.trim().is_empty() {
        return Err(Message::new("refusal-password-empty"));
    }
    if raw.chars().count() > MAX_PASSWORD {
        return Err(Message::new("refusal-password-too-long").with_count("max", MAX_PASSWORD));
    }
    if raw.chars().any(char::is_control) {
        return Err(Message::new("refusal-password-control"));
    }
    Ok(raw)
}

/// A preview card: a title, and optionally a description and an image.
pub fn preview(card: PreviewCard, checks: Checks<'_>) -> Result<PreviewCard, Message> {
    // `field` is the message naming it in a refusal.
    let text = |field: &'static str, value: &str, max: usize| -> Result<Option<String>, Message> {
        let value = value.trim();
        if value.chars().count() > max {
            return Err(too_long(field, max));
        }
        // Newlines in a description are fine; other control characters are not.
        if value
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r')
        {
            return Err(Message::new("refusal-control").with("field", Message::new(field)));
        }
        Ok((!value.is_empty()).then(|| value.to_owned()))
    };
    let title = text("field-preview-title", &card.title, MAX_TITLE)?
        .ok_or_else(|| Message::new("refusal-preview-no-title"))?;
    if title.contains(['\n', '\r']) {
        return Err(Message::new("refusal-preview-title-lines"));
    }
    let description = match card.description {
        Some(d) => text("field-preview-description", &d, MAX_DESCRIPTION)?,
        None => None,
    };
    let image = match card.image.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(image) => Some(
            image_ref(image, checks.base_url)
                .map_err(|reason| Message::new("refusal-preview-image").with("reason", reason))?,
        ),
    };
    Ok(PreviewCard {
        title,
        description,
        image,
    })
}

/// A card image: an upload of Lanterne's (`media:{id}`, or its URL under `base_url`), or an
/// https URL.
fn image_ref(image: &str, base_url: &str) -> Result<String, Message> {
    let uploaded = image
        .strip_prefix(MEDIA_PREFIX)
        .or_else(|| image.strip_prefix(&format!("{base_url}/media/")));
    if let Some(id) = uploaded {
        return if is_media_id(id) {
            Ok(format!("{MEDIA_PREFIX}{id}"))
        } else {
            Err(Message::new("refusal-image-not-uploaded").with_typed("image", image))
        };
    }
    if image.len() > MAX_IMAGE_URL {
        return Err(Message::new("refusal-url-too-long").with_count("max", MAX_IMAGE_URL));
    }
    if image.chars().any(char::is_control) {
        return Err(Message::new("refusal-url-control"));
    }
    let url = Url::parse(image)
        .map_err(|e| Message::new("refusal-image-not-url").with("reason", e.to_string()))?;
    if url.scheme() != "https" {
        return Err(Message::new("refusal-image-https"));
    }
    if url.host_str().is_none() {
        return Err(Message::new("refusal-url-no-host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Message::new("refusal-url-credentials"));
    }
    Ok(url.to_string())
}

/// The name of an uploaded image: hex digits and its extension (see src/links/media.rs).
pub fn is_media_id(id: &str) -> bool {
    match id.split_once('.') {
        Some((hash, ext)) => {
            (16..=64).contains(&hash.len())
                && hash
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
                && matches!(ext, "png" | "jpg" | "webp")
        }
        None => false,
    }
}

fn rules(fields: Vec<RuleFields>, checks: Checks<'_>) -> Result<Vec<Rule>, Message> {
    if fields.len() > MAX_RULES {
        return Err(Message::new("refusal-rules-max").with_count("max", MAX_RULES));
    }
    fields
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            let in_rule = |reason: Message| Place::Rule(i).refusal(reason);
            let mut rule = Rule::try_from(f).map_err(in_rule)?;
            rule.url = destination::parse(&rule.url, checks.refused_hosts).map_err(in_rule)?;
            Ok(rule)
        })
        .collect()
}

fn variants(variants: Vec<Variant>, checks: Checks<'_>) -> Result<Vec<Variant>, Message> {
    if variants.is_empty() {
        return Ok(variants);
    }
    if variants.len() < 2 {
        return Err(Message::new("refusal-variants-too-few"));
    }
    if variants.len() > MAX_VARIANTS {
        return Err(Message::new("refusal-variants-max").with_count("max", MAX_VARIANTS));
    }
    let mut checked = Vec::with_capacity(variants.len());
    for (i, v) in variants.into_iter().enumerate() {
        if v.weight > MAX_WEIGHT {
            let weight = Message::new("refusal-variant-weight").with_count("max", MAX_WEIGHT);
            return Err(Place::Variant(i).refusal(weight));
        }
        let url = destination::parse(&v.url, checks.refused_hosts)
            .map_err(|e| Place::Variant(i).refusal(e))?;
        checked.push(Variant {
            url,
            weight: v.weight,
        });
    }
    if checked.iter().all(|v| v.weight == 0) {
        return Err(Message::new("refusal-variants-all-zero"));
    }
    Ok(checked)
}

#[cfg(test)]
mod tests {
    use super::super::{Condition, Device};
    use super::*;

    const HOSTS: &[destination::Refused] = &[];

    fn checks() -> Checks<'static> {
        Checks {
            refused_hosts: HOSTS,
            base_url: "https://sho.rt",
        }
    }

    fn apply(patch: OptionsPatch) -> Result<LinkOptions, String> {
        patch
            .apply(&LinkOptions::default(), checks())
            .map_err(|e| e.english())
    }

    fn card(title: &str, image: Option<&str>) -> PreviewCard {
        PreviewCard {
            title: title.into(),
            description: Some("  A line\nand another  ".into()),
            image: image.map(Into::into),
        }
    }

    fn rule(device: Option<&str>, country: Option<&str>, url: &str) -> RuleFields {
        RuleFields {
            device: device.map(Into::into),
            country: country.map(Into::into),
            url: url.into(),
        }
    }

    fn variant(url: &str, weight: u32) -> Variant {
        Variant {
            url: url.into(),
            weight,
        }
    }

    #[test]
    fn a_card_is_trimmed_and_its_image_checked() {
        let options = apply(OptionsPatch {
            preview: Some(Some(card(" Spring ", Some("https://cdn.example/a b.png")))),
            ..OptionsPatch::default()
        })
        .unwrap();
        let stored = options.preview.unwrap();
        assert_eq!(stored.title, "Spring");
        assert_eq!(stored.description.as_deref(), Some("A line\nand another"));
        assert_eq!(
            stored.image.as_deref(),
            Some("https://cdn.example/a%20b.png")
        );

        let image = |image: &str| {
            apply(OptionsPatch {
                preview: Some(Some(card("t", Some(image)))),
                ..OptionsPatch::default()
            })
            .map(|o| o.preview.unwrap().image.unwrap())
        };
        let id = "0123456789abcdef0123456789abcdef.png";
        assert_eq!(
            image(&format!("https://sho.rt/media/{id}")),
            Ok(format!("media:{id}"))
        );
        assert_eq!(image(&format!("media:{id}")), Ok(format!("media:{id}")));
        assert!(
            image("media:../../etc/passwd")
                .unwrap_err()
                .contains("not an uploaded image")
        );
        assert!(
            image("https://sho.rt/media/x.gif")
                .unwrap_err()
                .contains("not an uploaded image")
        );
        assert!(
            image("http://cdn.example/a.png")
                .unwrap_err()
                .contains("https")
        );
        assert!(image("javascript:alert(1)").unwrap_err().contains("https"));
        assert!(image("/a.png").unwrap_err().contains("not a URL"));
        assert!(
            image("https://u:p@cdn.example/a.png")
                .unwrap_err()
                .contains("user name")
        );
        assert!(
            image(&format!("https://cdn.example/{}", "a".repeat(2100)))
                .unwrap_err()
                .contains("longer")
        );
    }

    #[test]
    fn a_card_needs_a_one_line_title() {
        let refused = |title: &str| {
            apply(OptionsPatch {
                preview: Some(Some(card(title, None))),
                ..OptionsPatch::default()
            })
            .unwrap_err()
        };
        assert!(refused("   ").contains("needs a title"));
        assert!(refused("two\nlines").contains("one line"));
        assert!(refused("bell\u{7}").contains("control"));
        assert!(refused(&"t".repeat(201)).contains("longer than 200"));
    }

    #[test]
    fn times_are_rfc3339_and_end_after_they_start() {
        assert_eq!(timestamp("starts_at", "1970-01-01T00:00:01Z"), Ok(1_000));
        assert_eq!(
            timestamp("starts_at", "1970-01-01T02:00:01+02:00"),
            Ok(1_000)
        );
        assert!(
            timestamp("expires_at", "tomorrow")
                .unwrap_err()
                .english()
                .contains("expires_at is not a time")
        );
        assert!(
            timestamp("expires_at", "2026-05-01")
                .unwrap_err()
                .english()
                .contains("RFC 3339")
        );
        let dates = |starts: i64, expires: i64| {
            apply(OptionsPatch {
                starts_at: Some(Some(starts)),
                expires_at: Some(Some(expires)),
                ..OptionsPatch::default()
            })
        };
        assert!(dates(1_000, 1_001).is_ok());
        assert!(dates(1_000, 1_000).unwrap_err().contains("after starts_at"));
    }

    #[test]
    fn expired_url_is_a_destination_used_only_when_the_link_can_expire() {
        let with = |expires: Option<i64>, max: Option<i64>, url: &str| {
            apply(OptionsPatch {
                expires_at: Some(expires),
                max_clicks: Some(max),
                expired_url: Some(Some(url.into())),
                ..OptionsPatch::default()
            })
        };
        assert_eq!(
            with(Some(5), None, "https://example.com/late")
                .unwrap()
                .expired_url
                .as_deref(),
            Some("https://example.com/late")
        );
        assert!(with(None, Some(3), "https://example.com/late").is_ok());
        assert!(
            with(None, None, "https://example.com/late")
                .unwrap_err()
                .contains("give expires_at or max_clicks")
        );
        assert!(
            with(Some(5), None, "javascript:alert(1)")
                .unwrap_err()
                .starts_with("expired_url:")
        );
        // An empty field clears it, as null does.
        assert_eq!(with(None, None, " ").unwrap().expired_url, None);
    }

    #[test]
    fn click_limits_are_positive() {
        let max = |n: i64| {
            apply(OptionsPatch {
                max_clicks: Some(Some(n)),
                ..OptionsPatch::default()
            })
        };
        assert_eq!(max(1).unwrap().max_clicks, Some(1));
        assert!(max(1_000_000_000).is_ok());
        for bad in [0, -1, 1_000_000_001] {
            assert!(max(bad).unwrap_err().contains("between 1 and"), "{bad}");
        }
    }

    #[test]
    fn rules_are_checked_one_by_one_and_named_by_position() {
        let options = apply(OptionsPatch {
            rules: Some(Some(vec![
                rule(Some("ios"), None, "https://example.com/ios"),
                rule(None, Some("fr"), "https://example.com/fr"),
            ])),
            ..OptionsPatch::default()
        })
        .unwrap();
        assert_eq!(options.rules[0].when, Condition::Device(Device::Ios));
        assert_eq!(options.rules[1].when, Condition::Country(*b"FR"));
        let refused = |rules: Vec<RuleFields>| {
            apply(OptionsPatch {
                rules: Some(Some(rules)),
                ..OptionsPatch::default()
            })
            .unwrap_err()
        };
        let ok = rule(Some("ios"), None, "https://example.com/");
        assert_eq!(
            refused(vec![
                ok.clone(),
                rule(Some("ios"), None, "data:text/html,x")
            ]),
            "rule 2: only http and https URLs are allowed, not data:"
        );
        assert!(
            refused(vec![rule(Some("tv"), None, "https://example.com/")])
                .starts_with("rule 1: unknown device")
        );
        assert!(refused(vec![ok; 21]).contains("at most 20 rules"));
    }

    #[test]
    fn a_split_needs_two_variants_and_some_weight() {
        let split = |variants: Vec<Variant>| {
            apply(OptionsPatch {
                variants: Some(Some(variants)),
                ..OptionsPatch::default()
            })
        };
        let a = variant("https://example.com/a", 1);
        let none = variant("https://example.com/b", 0);
        assert_eq!(
            split(vec![a.clone(), none.clone()]).unwrap().variants.len(),
            2
        );
        assert!(split(vec![a.clone()]).unwrap_err().contains("at least two"));
        assert!(
            split(vec![none.clone(), none.clone()])
                .unwrap_err()
                .contains("weight 0")
        );
        assert!(
            split(vec![a.clone(), variant("https://example.com/c", 1_001)])
                .unwrap_err()
                .starts_with("variant 2:")
        );
        assert!(
            split(vec![a.clone(), variant("ftp://example.com/", 1)])
                .unwrap_err()
                .starts_with("variant 2:")
        );
        assert!(split(vec![a; 11]).unwrap_err().contains("at most 10"));
        assert_eq!(split(vec![]).unwrap().variants, vec![]);
    }

    #[test]
    fn null_clears_and_absent_keeps() {
        let set = apply(OptionsPatch {
            max_clicks: Some(Some(3)),
            expires_at: Some(Some(10)),
            rules: Some(Some(vec![rule(Some("ios"), None, "https://example.com/")])),
            ..OptionsPatch::default()
        })
        .unwrap();
        let kept = OptionsPatch {
            expires_at: Some(None),
            rules: Some(None),
            ..OptionsPatch::default()
        }
        .apply(&set, checks())
        .unwrap();
        assert_eq!(kept.max_clicks, Some(3));
        assert_eq!(kept.expires_at, None);
        assert!(kept.rules.is_empty());
        assert!(OptionsPatch::default().is_empty());
        assert_eq!(OptionsPatch::default().apply(&set, checks()), Ok(set));
    }

    #[test]
    fn a_change_keeping_a_destination_blocked_since_is_refused() {
        let refused = [destination::Refused::Blocked("bad.org".into())];
        let checks = Checks {
            refused_hosts: &refused,
            ..checks()
        };
        let kept = LinkOptions {
            rules: vec![Rule {
                when: Condition::Device(Device::Ios),
                url: "https://bad.org/ios".into(),
            }],
            ..LinkOptions::default()
        };
        let later = OptionsPatch {
            max_clicks: Some(Some(5)),
            ..OptionsPatch::default()
        };
        assert_eq!(
            later.apply(&kept, checks).unwrap_err().english(),
            "rule 1: https://bad.org/ios is on bad.org, a domain this server blocks: links to \
             it are not allowed"
        );
        let rule = rule(Some("ios"), None, "https://www.bad.org/");
        let new = OptionsPatch {
            rules: Some(Some(vec![rule])),
            ..OptionsPatch::default()
        };
        assert!(
            new.apply(&LinkOptions::default(), checks)
                .unwrap_err()
                .english()
                .starts_with("rule 1: https://www.bad.org/ is on bad.org")
        );
    }

    #[test]
    fn link_passwords() {
        assert_eq!(password(" open sesame "), Ok(" open sesame "));
        assert!(password("   ").unwrap_err().english().contains("empty"));
        assert!(
            password("a\u{0}b")
                .unwrap_err()
                .english()
                .contains("control")
        );
        assert!(
            password(&"p".repeat(201))
                .unwrap_err()
                .english()
                .contains("longer")
        );
    }

    #[test]
    fn media_ids() {
        assert!(is_media_id("0123456789abcdef.webp"));
        for bad in [
            "0123456789abcdef",
            "0123456789ABCDEF.png",
            "0123.png",
            "0123456789abcdef.svg",
            "../0123456789abcdef.png",
        ] {
            assert!(!is_media_id(bad), "{bad}");
        }
    }
}
