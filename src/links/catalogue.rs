//! The whole channel catalogue: the built-in channels and the ones admins added, and the
//! rules a new channel must pass.

use std::borrow::Cow;

use super::channels::{self, BUILT_IN, Channel, Gender, Reach};
use crate::i18n::Message;

/// Longest key of an added channel.
const MAX_KEY: usize = 32;

/// Built-in channels first, then the added ones in the order they were added.
#[derive(Debug, Clone)]
pub struct Catalogue {
    channels: Vec<Channel>,
}

impl Catalogue {
    pub fn new(custom: impl IntoIterator<Item = Channel>) -> Catalogue {
        Catalogue {
            channels: BUILT_IN.iter().cloned().chain(custom).collect(),
        }
    }

    pub fn all(&self) -> &[Channel] {
        &self.channels
    }

    pub fn find(&self, key: &str) -> Option<&Channel> {
        self.channels.iter().find(|c| c.key == key)
    }

    /// The channel `given` names: its key, or its label or a built-in channel's name in any
    /// language Lanterne speaks, in any letter case and with accents and punctuation aside
    /// ("WhatsApp", "E-mail", "qr / imprime"). An exact key wins over a label.
    pub fn resolve(&self, given: &str) -> Option<&Channel> {
        let given = given.trim();
        if let Some(channel) = self.find(given) {
            return Some(channel);
        }
        let folded = crate::text::dashed_ascii(given);
        if folded.is_empty() {
            return None;
        }
        let same = |name: &str| crate::text::dashed_ascii(name) == folded;
        self.channels
            .iter()
            .find(|c| same(&c.key))
            .or_else(|| self.channels.iter().find(|c| same(&c.label)))
            .or_else(|| {
                self.channels
                    .iter()
                    .filter(|c| !c.custom)
                    .find(|c| names_everywhere(c).iter().any(|n| same(n)))
            })
    }

    /// `given` refused for naming no channel of the catalogue, with the keys it has.
    pub fn unknown(&self, given: &str) -> Message {
        let keys: Vec<&str> = self.channels.iter().map(|c| c.key.as_ref()).collect();
        Message::new("refusal-channel-unknown")
            .with_typed("channel", given.trim())
            .with("keys", keys.join(", "))
    }

    /// What people read for a channel key: its name in the request's language
    /// ([`Channel::name`]), or the key itself for a channel that is not in the catalogue (any
    /// more). Keys stay in URLs, filters, CSV and the API.
    pub fn label(&self, key: &str) -> String {
        self.find(key).map_or_else(|| key.to_owned(), Channel::name)
    }

    /// How the channel `key` shares, as its pages word it beside its name
    /// ([`Channel::reach_label`]).
    pub fn reach_label(&self, key: &str) -> String {
        self.find(key).map_or_else(
            || channels::reach_name(Reach::Other, None),
            Channel::reach_label,
        )
    }

    /// How a declared channel shares; a channel that is not in the catalogue (any more)
    /// counts as neither private nor public.
    pub fn reach(&self, key: &str) -> Reach {
        self.find(key).map_or(Reach::Other, |c| c.reach)
    }

    /// `destination` tagged with the channel as `utm_source`, its medium and `campaign`.
    pub fn with_utm(&self, destination: &str, key: &str, campaign: &str) -> Result<String, String> {
        let medium = channels::utm_medium(key, self.reach(key));
        super::utm::tag(destination, key, medium, campaign)
    }
}

/// A built-in channel's name in each language Lanterne speaks.
fn names_everywhere(channel: &Channel) -> Vec<String> {
    crate::i18n::available()
        .filter_map(|l| crate::i18n::Locale::get(&l.to_string()))
        .map(|locale| locale.text(&format!("channel-name-{}", channel.key)))
        .collect()
}

/// Why a channel an admin adds is refused. The API says it in English (its `Display`); the
/// settings page words it in the viewer's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChannelProblem {
    #[error("the key must have 1 to {MAX_KEY} characters")]
    KeyLength,
    #[error("the key may only hold letters a-z, digits and '-'")]
    KeyChars,
    #[error("{0:?} is a built-in channel already")]
    BuiltIn(String),
    #[error("the label is empty")]
    LabelMissing,
    #[error("the label is longer than {} characters", super::MAX_LABEL)]
    LabelTooLong,
    #[error("the label contains control characters")]
    LabelControl,
}

/// A channel an admin adds: a key of lowercase letters, digits and `-` (what links store and
/// `utm_source` carries) that no built-in channel has, and a label (a campaign's rules); its
/// gender masculine until set.
pub fn custom(key: &str, label: &str, reach: Reach) -> Result<Channel, ChannelProblem> {
    let key = key.trim().to_lowercase();
    if key.is_empty() || key.len() > MAX_KEY {
        return Err(ChannelProblem::KeyLength);
    }
    if !key
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(ChannelProblem::KeyChars);
    }
    if channels::find(&key).is_some() {
        return Err(ChannelProblem::BuiltIn(key));
    }
    let label = label.trim();
    if label.is_empty() {
        return Err(ChannelProblem::LabelMissing);
    }
    if label.chars().count() > super::MAX_LABEL {
        return Err(ChannelProblem::LabelTooLong);
    }
    if label.chars().any(char::is_control) {
        return Err(ChannelProblem::LabelControl);
    }
    Ok(Channel {
        key: Cow::Owned(key),
        label: Cow::Owned(label.to_owned()),
        reach,
        custom: true,
        gender: Gender::default(),
    })
}

/// The key a channel gets from its label when none is given: lowercase ASCII letters and
/// digits, accents dropped, other characters turned into single `-` ("Newsletter d'Été
/// partenaire" → `newsletter-dete-partenaire`), at most [`MAX_KEY`] characters.
pub fn key_from_label(label: &str) -> String {
    // An apostrophe joins its words: "d'Été" is one word, "dete".
    let mut key = crate::text::dashed_ascii(&label.replace(['\'', '’'], ""));
    key.truncate(MAX_KEY);
    key.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_channels_join_the_built_in_ones() {
        let intranet = custom(" Intranet ", "Staff intranet", Reach::Private).unwrap();
        assert_eq!(intranet.key, "intranet");
        let catalogue = Catalogue::new([intranet]);
        assert_eq!(catalogue.all().len(), BUILT_IN.len() + 1);
        assert_eq!(catalogue.reach("intranet"), Reach::Private);
        assert_eq!(catalogue.reach("facebook"), Reach::Public);
        assert_eq!(catalogue.reach("gone"), Reach::Other);
        assert_eq!(catalogue.label("copy-link"), "Copy link");
        assert_eq!(catalogue.label("intranet"), "Staff intranet");
        assert_eq!(catalogue.label("gone"), "gone");
        let fr = crate::i18n::Locale::get("fr").unwrap();
        assert_eq!(
            crate::i18n::sync_scope(fr, || catalogue.label("copy-link")),
            "Copie du lien"
        );
        assert_eq!(
            catalogue
                .with_utm("https://a.example/", "intranet", "spring")
                .unwrap(),
            "https://a.example/?utm_source=intranet&utm_medium=messaging&utm_campaign=spring"
        );
    }

    #[test]
    fn channels_are_found_by_key_or_label_in_any_case() {
        let intranet = custom("intranet", "Intranet du Siège", Reach::Private).unwrap();
        let catalogue = Catalogue::new([intranet]);
        let key = |given: &str| catalogue.resolve(given).map(|c| c.key.to_string());
        for (given, expected) in [
            ("whatsapp", "whatsapp"),
            (" WhatsApp ", "whatsapp"),
            ("WHATSAPP", "whatsapp"),
            ("Copy link", "copy-link"),
            ("COPY-LINK", "copy-link"),
            ("QR / print", "qr"),
            ("qr / imprimé", "qr"),
            ("E-mail", "email"),
            ("Copie du lien", "copy-link"),
            ("intranet", "intranet"),
            ("intranet du siege", "intranet"),
        ] {
            assert_eq!(key(given).as_deref(), Some(expected), "{given}");
        }
        for unknown in ["whatsap", "What sApp!", "", "  ", "!!!", "podcast"] {
            assert_eq!(key(unknown), None, "{unknown}");
        }
        let refusal = catalogue.unknown(" whatsap ").english();
        assert!(
            refusal.starts_with("the channel \"whatsap\" is not in the catalogue"),
            "{refusal}"
        );
        assert!(refusal.contains("whatsapp, messenger,"), "{refusal}");
        assert!(refusal.contains("other, intranet"), "{refusal}");
    }

    #[test]
    fn added_channels_are_checked() {
        assert!(
            custom("whatsapp", "Mine", Reach::Public)
                .unwrap_err()
                .to_string()
                .contains("built-in")
        );
        assert!(custom("a b", "x", Reach::Other).is_err());
        assert!(custom("", "x", Reach::Other).is_err());
        assert!(custom(&"a".repeat(33), "x", Reach::Other).is_err());
        assert!(
            custom("ok", " ", Reach::Other)
                .unwrap_err()
                .to_string()
                .contains("label")
        );
    }

    #[test]
    fn keys_come_from_labels() {
        assert_eq!(
            key_from_label("Newsletter d'Été partenaire"),
            "newsletter-dete-partenaire"
        );
        assert_eq!(
            key_from_label("  Podcast — épisode #3 "),
            "podcast-episode-3"
        );
        assert_eq!(key_from_label("Cœur & Ça"), "coeur-ca");
        assert_eq!(key_from_label("!!!"), "");
        let long = key_from_label(&"mot ".repeat(20));
        assert!(long.len() <= MAX_KEY && !long.ends_with('-'), "{long}");
        let key = key_from_label("Intranet du siège");
        assert!(custom(&key, "Intranet du siège", Reach::Private).is_ok());
    }
}
