//! What a row says of its link besides its URL and slug, field by field as Lanterne's exports
//! name them, and where a link already stored under the row's slug says otherwise. Only what
//! the file carries is compared, so a plain `url,slug` file imports again as unchanged.

use crate::campaigns::folded_name;
use crate::links::catalogue::Catalogue;
use crate::links::options::{LinkOptions, PreviewCard};
use crate::links::{Link, NewLink};

/// A field a file may give a link besides its URL and slug.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Carried {
    Campaign,
    Channel,
    Tags,
    Enabled,
    PreviewTitle,
    PreviewDescription,
    PreviewImage,
    StartsAt,
    ExpiresAt,
    ExpiredUrl,
    MaxClicks,
    Rules,
    Variants,
}

impl Carried {
    /// In the order of the CSV export's columns, which a conflict lists them in.
    pub const ALL: [Carried; 13] = [
        Carried::Campaign,
        Carried::Channel,
        Carried::Tags,
        Carried::Enabled,
        Carried::PreviewTitle,
        Carried::PreviewDescription,
        Carried::PreviewImage,
        Carried::StartsAt,
        Carried::ExpiresAt,
        Carried::ExpiredUrl,
        Carried::MaxClicks,
        Carried::Rules,
        Carried::Variants,
    ];

    /// Its column in Lanterne's CSV export, which is how a conflict names it in every
    /// language (the file's own words).
    pub fn column(self) -> &'static str {
        match self {
            Carried::Campaign => "campaign",
            Carried::Channel => "channel",
            Carried::Tags => "tags",
            Carried::Enabled => "enabled",
            Carried::PreviewTitle => "preview_title",
            Carried::PreviewDescription => "preview_description",
            Carried::PreviewImage => "preview_image",
            Carried::StartsAt => "starts_at",
            Carried::ExpiresAt => "expires_at",
            Carried::ExpiredUrl => "expired_url",
            Carried::MaxClicks => "max_clicks",
            Carried::Rules => "rules",
            Carried::Variants => "variants",
        }
    }

    /// Its key in Lanterne's JSON export, where the card's three columns are one object.
    pub fn key(self) -> &'static str {
        match self {
            Carried::PreviewTitle | Carried::PreviewDescription | Carried::PreviewImage => {
                "preview"
            }
            other => other.column(),
        }
    }

    pub fn of_column(column: &str) -> Option<Carried> {
        Carried::ALL.into_iter().find(|c| c.column() == column)
    }
}

/// The fields of `carried` on which `new`, the link a row would make, and `stored`, the link
/// already under its slug, differ.
pub fn differences(
    carried: &[Carried],
    new: &NewLink,
    stored: &Link,
    catalogue: &Catalogue,
) -> Vec<Carried> {
    carried
        .iter()
        .copied()
        .filter(|field| differs(*field, new, stored, catalogue))
        .collect()
}

/// Whether `field` differs, each compared as an import stores it: a campaign in any letter
/// case, a channel as the catalogue keys it, tags in any order, options as checked for a new
/// link (URLs normalized, an uploaded image as `media:…`).
fn differs(field: Carried, new: &NewLink, stored: &Link, catalogue: &Catalogue) -> bool {
    let (given, kept) = (&new.spec, &stored.spec);
    let (a, b) = (&given.options, &kept.options);
    let card = |o: &LinkOptions, part: fn(&PreviewCard) -> Option<&str>| {
        o.preview.as_ref().and_then(part).map(str::to_owned)
    };
    match field {
        Carried::Campaign => {
            given.campaign.as_deref().map(folded_name) != kept.campaign.as_deref().map(folded_name)
        }
        Carried::Channel => {
            !same_channel(given.channel.as_deref(), kept.channel.as_deref(), catalogue)
        }
        Carried::Tags => sorted(&given.tags) != sorted(&kept.tags),
        Carried::Enabled => new.enabled != stored.enabled,
        Carried::PreviewTitle => card(a, |c| Some(&c.title)) != card(b, |c| Some(&c.title)),
        Carried::PreviewDescription => {
            card(a, |c| c.description.as_deref()) != card(b, |c| c.description.as_deref())
        }
        Carried::PreviewImage => card(a, |c| c.image.as_deref()) != card(b, |c| c.image.as_deref()),
        Carried::StartsAt => a.starts_at != b.starts_at,
        Carried::ExpiresAt => a.expires_at != b.expires_at,
        Carried::ExpiredUrl => a.expired_url != b.expired_url,
        Carried::MaxClicks => a.max_clicks != b.max_clicks,
        Carried::Rules => a.rules != b.rules,
        Carried::Variants => a.variants != b.variants,
    }
}

/// Whether a row's channel (a key or a label) is the stored one; a channel the catalogue
/// does not have (one stored before channels were checked) is compared as written.
fn same_channel(given: Option<&str>, stored: Option<&str>, catalogue: &Catalogue) -> bool {
    match (given, stored) {
        (None, None) => true,
        (Some(given), Some(stored)) => {
            given == stored || catalogue.resolve(given).is_some_and(|c| c.key == stored)
        }
        _ => false,
    }
}

fn sorted(tags: &[String]) -> Vec<&str> {
    let mut tags: Vec<&str> = tags.iter().map(String::as_str).collect();
    tags.sort_unstable();
    tags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::links::LinkSpec;

    fn stored(spec: LinkSpec) -> Link {
        Link {
            id: 1,
            spec,
            enabled: true,
            created_at: 0,
            hit_count: 0,
            has_password: false,
        }
    }

    #[test]
    fn only_what_the_row_carries_is_compared_as_an_import_stores_it() {
        let kept = LinkSpec {
            slug: "s".into(),
            url: "https://example.org/".into(),
            campaign: Some("Soldes".into()),
            channel: Some("whatsapp".into()),
            tags: vec!["a".into(), "b".into()],
            options: LinkOptions {
                max_clicks: Some(40),
                ..LinkOptions::default()
            },
            ..LinkSpec::default()
        };
        let stored = stored(kept.clone());
        let mut given = NewLink::from(LinkSpec {
            campaign: Some("SOLDES".into()),
            channel: Some("WhatsApp".into()),
            tags: vec!["b".into(), "a".into()],
            options: LinkOptions::default(),
            ..kept
        });
        let catalogue = Catalogue::new([]);
        let differ = |given: &NewLink, carried: &[Carried]| -> Vec<&str> {
            differences(carried, given, &stored, &catalogue)
                .into_iter()
                .map(Carried::column)
                .collect()
        };
        let some = [Carried::Campaign, Carried::Channel, Carried::Tags];
        assert_eq!(differ(&given, &some), Vec::<&str>::new());
        assert_eq!(differ(&given, &[]), Vec::<&str>::new(), "a plain file");
        assert_eq!(differ(&given, &Carried::ALL), ["max_clicks"]);
        given.enabled = false;
        given.spec.options.preview = Some(PreviewCard {
            title: "Spring".into(),
            description: None,
            image: None,
        });
        assert_eq!(
            differ(&given, &Carried::ALL),
            ["enabled", "preview_title", "max_clicks"]
        );
    }

    #[test]
    fn each_field_is_found_by_its_column() {
        for field in Carried::ALL {
            assert_eq!(Carried::of_column(field.column()), Some(field));
        }
        assert_eq!(Carried::PreviewImage.key(), "preview");
        assert_eq!(Carried::of_column("hits"), None);
    }
}
