//! The card a share kit sends for a campaign that exists: it fills what the campaign's card
//! leaves empty, and never replaces what the card says (its settings are where that changes).

use crate::links::options::PreviewCard;

/// A field of a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CardField {
    Title,
    Description,
    Image,
}

/// The campaign's card `own` with its empty fields taken from `sent` (all of it when the
/// campaign has no card), and the fields where `sent` says something else, which `own` keeps.
/// Both cards are checked ones: a title always, no empty description or image.
pub fn fill(
    own: Option<&PreviewCard>,
    sent: Option<&PreviewCard>,
) -> (Option<PreviewCard>, Vec<CardField>) {
    let (Some(own), Some(sent)) = (own, sent) else {
        return (own.or(sent).cloned(), Vec::new());
    };
    let mut card = own.clone();
    let mut kept = Vec::new();
    if sent.title != own.title {
        kept.push(CardField::Title);
    }
    for (field, mine, theirs) in [
        (
            CardField::Description,
            &mut card.description,
            &sent.description,
        ),
        (CardField::Image, &mut card.image, &sent.image),
    ] {
        match (&*mine, theirs) {
            (None, Some(_)) => mine.clone_from(theirs),
            (Some(mine), Some(theirs)) if mine != theirs => kept.push(field),
            _ => {}
        }
    }
    (Some(card), kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(title: &str, description: Option<&str>, image: Option<&str>) -> PreviewCard {
        PreviewCard {
            title: title.into(),
            description: description.map(Into::into),
            image: image.map(Into::into),
        }
    }

    #[test]
    fn a_campaign_without_a_card_takes_the_one_sent() {
        let sent = card("Spring", Some("Two days"), Some("media:a.png"));
        assert_eq!(fill(None, Some(&sent)), (Some(sent.clone()), vec![]));
        assert_eq!(fill(None, None), (None, vec![]));
        let own = card("Spring", None, None);
        assert_eq!(fill(Some(&own), None), (Some(own), vec![]), "none sent");
    }

    #[test]
    fn the_card_sent_fills_the_gaps_and_replaces_nothing() {
        let own = card("Spring", None, Some("https://cdn.example/a.png"));
        let sent = card("Spring", Some("Two days"), Some("media:b.png"));
        let (filled, kept) = fill(Some(&own), Some(&sent));
        assert_eq!(
            filled,
            Some(card(
                "Spring",
                Some("Two days"),
                Some("https://cdn.example/a.png")
            ))
        );
        assert_eq!(kept, [CardField::Image]);

        let sent = card("Spring sale", None, Some("https://cdn.example/a.png"));
        let (filled, kept) = fill(Some(&own), Some(&sent));
        assert_eq!(filled.as_ref(), Some(&own));
        assert_eq!(kept, [CardField::Title], "the same image is no difference");
    }
}
