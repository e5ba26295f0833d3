//! Campaigns: a name, a destination, themes (tags) and UTM defaults. A campaign's links name
//! it in their `campaign` field; the share kit ([`kit`]) mints one link per channel for it.

pub mod agency;
pub mod card;
pub mod edit;
pub mod kit;
pub mod period;
pub mod share;

use crate::i18n::Message;
use crate::links::options::PreviewCard;
use crate::links::options::input::{self, Checks};
use crate::links::{destination, label, tags, utm};

/// A stored campaign: its settings with an id and a creation time. It reads as its settings
/// (`campaign.name`).
#[derive(Debug, Clone)]
pub struct Campaign {
    pub id: i64,
    /// Its name, destination, themes, UTM setting and card.
    pub settings: NewCampaign,
    /// Unix milliseconds.
    pub created_at: i64,
}

impl std::ops::Deref for Campaign {
    type Target = NewCampaign;

    fn deref(&self) -> &NewCampaign {
        &self.settings
    }
}

/// A campaign with what its links add up to.
#[derive(Debug, Clone)]
pub struct CampaignSummary {
    pub campaign: Campaign,
    pub links: i64,
    pub hits: i64,
}

/// A campaign that passed validation, ready to be stored (or its new settings): its fields
/// read as [`CampaignInput`]'s, checked and filled in (a name, a destination without UTM
/// parameters, the default `utm_campaign`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCampaign(CampaignInput);

impl std::ops::Deref for NewCampaign {
    type Target = CampaignInput;

    fn deref(&self) -> &CampaignInput {
        &self.0
    }
}

impl NewCampaign {
    /// A campaign's settings as the database keeps them: checked when they were stored.
    pub(crate) fn stored(settings: CampaignInput) -> NewCampaign {
        NewCampaign(settings)
    }

    /// The settings as an input again, for a change to start from.
    pub fn into_input(self) -> CampaignInput {
        self.0
    }

    /// The record of a campaign first named by a link (through the API, an edit, an import
    /// or the demo): the link's destination without its UTM parameters, its themes, and the
    /// UTM setting its destination shows. A link on no channel shows none (UTM parameters
    /// name the channel), so its campaign starts with [`UTM_BY_DEFAULT`].
    pub fn from_link(name: &str, url: &str, channel: Option<&str>, tags: &[String]) -> NewCampaign {
        let (url, utm_campaign) = utm::untag(url);
        NewCampaign(CampaignInput {
            name: name.to_owned(),
            url,
            tags: tags.to_vec(),
            utm: utm_campaign.is_some() || (channel.is_none() && UTM_BY_DEFAULT),
            utm_campaign: utm_campaign
                .filter(|c| !c.is_empty())
                .unwrap_or_else(|| utm_name(name)),
            preview: None,
        })
    }
}

/// A campaign's name as campaigns are told apart: trimmed, in Unicode lowercase.
/// "PRINTEMPS 2027" and "printemps 2027" are one campaign, and so are "ÉTÉ" and "été" on both
/// backends: the fold is Rust's, because SQLite's `LOWER()` folds ASCII letters only and
/// PostgreSQL's follows the database's locale. `campaigns.folded_name` keeps it, unique.
pub fn folded_name(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Whether a new campaign tags its links with UTM parameters when nobody said otherwise,
/// whichever way it is made: the share kit's form, the API's kit, or a link made on the
/// Links page that names a campaign not made yet. (A campaign first named by a link on a
/// channel made otherwise — the API, an edit, an import — takes the setting its destination
/// shows: [`NewCampaign::from_link`].)
pub const UTM_BY_DEFAULT: bool = true;

/// The default `utm_campaign`: the name in lowercase ASCII, its words joined by `-`, as
/// analytics tools prefer ("Spring sale!" → "spring-sale", "Soldes d'été" → "soldes-d-ete").
pub fn utm_name(name: &str) -> String {
    let dashed = crate::text::dashed_ascii(name);
    if dashed.is_empty() {
        name.trim().to_owned()
    } else {
        dashed
    }
}

/// What deleting a campaign does with the links that still name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinksOnDelete {
    /// Refuse while the campaign has links: deleting a campaign must never take its links'
    /// data with it unless that was asked for.
    Refuse,
    /// Keep the links (and their hits), without a campaign.
    Detach,
    /// Delete the links with their hits, counters and rollups.
    Delete,
}

impl std::str::FromStr for LinksOnDelete {
    type Err = String;

    fn from_str(s: &str) -> Result<LinksOnDelete, String> {
        match s {
            "" => Ok(LinksOnDelete::Refuse),
            "detach" => Ok(LinksOnDelete::Detach),
            "delete" => Ok(LinksOnDelete::Delete),
            other => Err(format!(
                "links must be detach (keep them without a campaign) or delete (delete them and their hits), not {other:?}"
            )),
        }
    }
}

/// A campaign as the marketer typed it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CampaignInput {
    pub name: String,
    pub url: String,
    pub tags: Vec<String>,
    pub utm: bool,
    /// Empty for the default made from the name.
    pub utm_campaign: String,
    /// The card the links the kit makes get; `None` for none.
    pub preview: Option<PreviewCard>,
}

impl CampaignInput {
    /// Checks every field; the message says what is wrong.
    pub fn check(&self, checks: Checks<'_>) -> Result<NewCampaign, Message> {
        let name = label("field-campaign-name", &self.name)?
            .ok_or_else(|| Message::new("refusal-campaign-no-name"))?;
        let url = destination::parse(&self.url, checks.refused_hosts)?;
        let utm_campaign =
            label("field-utm-campaign", &self.utm_campaign)?.unwrap_or_else(|| utm_name(&name));
        Ok(NewCampaign(CampaignInput {
            url,
            tags: tags(&self.tags)?,
            utm: self.utm,
            utm_campaign,
            name,
            preview: self
                .preview
                .clone()
                .map(|card| input::preview(card, checks))
                .transpose()?,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utm_name_is_derived_from_the_name() {
        assert_eq!(utm_name("Spring sale!"), "spring-sale");
        assert_eq!(utm_name("  Été 2026 / Lisboa "), "ete-2026-lisboa");
        assert_eq!(utm_name("Soldes d'été"), "soldes-d-ete");
        assert_eq!(utm_name("!!!"), "!!!");
    }

    #[test]
    fn names_differing_only_in_letter_case_fold_alike() {
        assert_eq!(folded_name("PRINTEMPS 2027"), folded_name("Printemps 2027"));
        assert_eq!(folded_name("ÉTÉ 2027"), "été 2027");
        assert_eq!(folded_name(" Été 2027 "), folded_name("été 2027"));
        assert_eq!(folded_name("ΣΟΦΟΣ"), folded_name("σοφος"));
        assert_ne!(folded_name("été"), folded_name("ete"));
    }

    #[test]
    fn a_campaign_from_its_first_link() {
        let tagged = NewCampaign::from_link(
            "Spring sale",
            "https://shop.example/s?x=1&utm_source=x&utm_medium=social&utm_campaign=Spring+sale",
            Some("x"),
            &["offers".into()],
        );
        assert_eq!(tagged.url, "https://shop.example/s?x=1");
        assert!(tagged.utm);
        assert_eq!(tagged.utm_campaign, "Spring sale");
        let plain = NewCampaign::from_link("Launch", "https://acme.example/", Some("email"), &[]);
        assert!(!plain.utm);
        assert_eq!(plain.utm_campaign, "launch");
        // On no channel, the destination cannot show a choice: the default.
        let unchanneled = NewCampaign::from_link("Launch", "https://acme.example/", None, &[]);
        assert_eq!(unchanneled.utm, UTM_BY_DEFAULT);
    }

    #[test]
    fn input_is_checked() {
        let input = CampaignInput {
            name: " Spring sale ".into(),
            url: "https://shop.example/spring".into(),
            tags: vec!["Offers".into()],
            utm: true,
            utm_campaign: String::new(),
            preview: None,
        };
        let checks = Checks {
            refused_hosts: &[],
            base_url: "https://go.example",
        };
        let new = input.check(checks).unwrap();
        assert_eq!(
            (new.name.as_str(), new.utm_campaign.as_str()),
            ("Spring sale", "spring-sale")
        );
        assert_eq!(new.tags, ["offers"]);
        let nameless = CampaignInput {
            name: " ".into(),
            ..input.clone()
        };
        assert!(
            nameless
                .check(checks)
                .unwrap_err()
                .english()
                .contains("name the campaign")
        );
        let bad_url = CampaignInput {
            url: "ftp://x".into(),
            ..input.clone()
        };
        assert!(bad_url.check(checks).is_err());
        let card = |title: &str, image: &str| {
            Some(PreviewCard {
                title: title.into(),
                description: None,
                image: Some(image.into()),
            })
        };
        let carded = CampaignInput {
            preview: card(" Summer sale ", "https://shop.example/card.png"),
            ..input.clone()
        };
        assert_eq!(
            carded
                .check(checks)
                .unwrap()
                .into_input()
                .preview
                .unwrap()
                .title,
            "Summer sale"
        );
        let untitled = CampaignInput {
            preview: card(" ", "https://shop.example/card.png"),
            ..input.clone()
        };
        assert!(
            untitled
                .check(checks)
                .unwrap_err()
                .english()
                .contains("title")
        );
        let plain_http = CampaignInput {
            preview: card("Sale", "http://shop.example/card.png"),
            ..input
        };
        assert!(
            plain_http
                .check(checks)
                .unwrap_err()
                .english()
                .contains("https")
        );
    }
}
