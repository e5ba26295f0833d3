//! The whole channel catalogue: the built-in channels and the ones admins added, and the
//! rules a new channel must pass.

use std::borrow::Cow;

use super::channels::{self, BUILT_IN, Channel, Reach};

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

    /// What people read for a channel key: its label, or the key itself for a channel that is
    /// not in the catalogue (any more). Keys stay in URLs, filters, CSV and the API.
    pub fn label<'a>(&'a self, key: &'a str) -> &'a str {
        self.find(key).map_or(key, |c| &c.label)
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

/// A channel an admin adds: a key of lowercase letters, digits and `-` (what links store and
/// `utm_source` carries) that no built-in channel has, and a label.
pub fn custom(key: &str, label: &str, reach: Reach) -> Result<Channel, String> {
    let key = key.trim().to_lowercase();
    if key.is_empty() || key.len() > MAX_KEY {
        return Err(format!("the key must have 1 to {MAX_KEY} characters"));
    }
    if !key
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err("the key may only hold letters a-z, digits and '-'".into());
    }
    if channels::find(&key).is_some() {
        return Err(format!("{key:?} is a built-in channel already"));
    }
    let label = super::label("the label", label)?.ok_or("the label is empty")?;
    Ok(Channel {
        key: Cow::Owned(key),
        label: Cow::Owned(label),
        reach,
        custom: true,
    })
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
        assert_eq!(
            catalogue
                .with_utm("https://a.example/", "intranet", "spring")
                .unwrap(),
            "https://a.example/?utm_source=intranet&utm_medium=messaging&utm_campaign=spring"
        );
    }

    #[test]
    fn added_channels_are_checked() {
        assert!(
            custom("whatsapp", "Mine", Reach::Public)
                .unwrap_err()
                .contains("built-in")
        );
        assert!(custom("a b", "x", Reach::Other).is_err());
        assert!(custom("", "x", Reach::Other).is_err());
        assert!(custom(&"a".repeat(33), "x", Reach::Other).is_err());
        assert!(
            custom("ok", " ", Reach::Other)
                .unwrap_err()
                .contains("label")
        );
    }
}
