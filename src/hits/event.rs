//! Events from the site snippet (`/lanterne.js`): what the events endpoint hands to the hit
//! queue (`RawEvent`), and the row the writer stores (`EventRow`). An event travels the
//! hits' path (queue, writer, spool, exactly-once batches) and is enriched by the same
//! [`Enricher`], so a view is classified, located and hashed exactly as a click on a short
//! link would be.

use std::collections::HashMap;

use super::enrich::Enricher;
use super::visitor::DailySalt;
use super::{HitRow, RawHit};

/// What the snippet reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// A page view.
    View,
    /// The reader copied a selection of the page (`data-copy`).
    Copy,
    /// The reader used a share button (`data-buttons`).
    Share,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::View => "view",
            EventKind::Copy => "copy",
            EventKind::Share => "share",
        }
    }

    pub fn parse(name: &str) -> Option<EventKind> {
        match name {
            "view" => Some(EventKind::View),
            "copy" => Some(EventKind::Copy),
            "share" => Some(EventKind::Share),
            _ => None,
        }
    }
}

/// The three UTM tags of a page's address that the site dashboard groups views by, read once
/// as the event arrives (from the pairs the beacon's URL parse already decoded) and stored in
/// columns of their own, so that counting by campaign is one `GROUP BY` and never a parse of
/// stored text. `utm_term`, `utm_content` and the rest stay in the event's `utm` only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UtmTags {
    pub source: Option<String>,
    pub medium: Option<String>,
    pub campaign: Option<String>,
}

impl UtmTags {
    /// The tags among decoded query pairs: the first of each name counts; a value is trimmed
    /// and rid of control characters (a NUL would fail PostgreSQL's whole batch), and an
    /// empty one is no tag.
    pub fn from_pairs<K: AsRef<str>, V: AsRef<str>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> UtmTags {
        let mut tags = UtmTags::default();
        for (key, value) in pairs {
            let slot = match key.as_ref() {
                "utm_source" => &mut tags.source,
                "utm_medium" => &mut tags.medium,
                "utm_campaign" => &mut tags.campaign,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(tag(value.as_ref()));
            }
        }
        for slot in [&mut tags.source, &mut tags.medium, &mut tags.campaign] {
            if slot.as_deref() == Some("") {
                *slot = None;
            }
        }
        tags
    }

    /// The tags of a `utm` query string (an event's as the writer enriches it, or a spooled
    /// one's): nothing to parse for the views that have none, most of them.
    pub fn from_query(utm: Option<&str>) -> UtmTags {
        utm.map_or_else(UtmTags::default, |q| {
            UtmTags::from_pairs(url::form_urlencoded::parse(q.as_bytes()))
        })
    }
}

fn tag(value: &str) -> String {
    let value = value.trim();
    if value.chars().any(char::is_control) {
        value.chars().filter(|c| !c.is_control()).collect()
    } else {
        value.to_owned()
    }
}

/// An event as the endpoint accepted it: checked against its site, not yet enriched.
#[derive(Debug)]
pub struct RawEvent {
    /// The beacon's request, with the page's `document.referrer` as its referrer: what a
    /// redirect would have seen of a click. Its `link_id` is unused (0).
    pub request: RawHit,
    pub site_id: i64,
    pub event: EventKind,
    /// Origin and path.
    pub page: String,
    /// The page URL's `utm_*` parameters, as a query string.
    pub utm: Option<String>,
    /// The referrer is a page of the same site: a navigation, not an arrival.
    pub internal: bool,
    /// The id this view wrote into the address bar.
    pub share_id: Option<String>,
    /// The id the view arrived with: the address was copied from that view.
    pub parent: Option<String>,
    /// The share button used.
    pub channel: Option<&'static str>,
}

/// An event as stored: the beacon as a hit (classified, located, with no address left in
/// it; its `link_id` unused), and the event's own fields beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub site_id: i64,
    pub event: &'static str,
    pub page: String,
    pub utm: Option<String>,
    pub utm_tags: UtmTags,
    pub internal: bool,
    pub share_id: Option<String>,
    pub parent: Option<String>,
    pub channel: Option<String>,
    pub hit: HitRow,
}

impl RawEvent {
    /// Enriches the event as a hit, then keeps the event's own fields beside the hit's.
    pub fn enrich(self, enricher: &Enricher, salt: &DailySalt) -> EventRow {
        EventRow {
            site_id: self.site_id,
            event: self.event.as_str(),
            page: self.page,
            // Read here, off the request's path: only tagged views (few) parse anything.
            utm_tags: UtmTags::from_query(self.utm.as_deref()),
            utm: self.utm,
            internal: self.internal,
            share_id: self.share_id,
            parent: self.parent,
            channel: self.channel.map(str::to_owned),
            hit: enricher.enrich(self.request, salt),
        }
    }
}

/// A batch's events in the order both backends write them: those without a parent view
/// first (nearly all; their generation is 0, nothing to look up), then the views with one in
/// [`layers`], so that each view's parent, when in the batch, is in the table before it.
pub struct WriteOrder<'a> {
    pub roots: Vec<&'a EventRow>,
    pub layers: Vec<Vec<&'a EventRow>>,
}

impl<'a> WriteOrder<'a> {
    pub fn of(events: &'a [EventRow]) -> Self {
        let (children, roots): (Vec<_>, _) = events.iter().partition(|e| e.parent.is_some());
        WriteOrder {
            roots,
            layers: layers(children),
        }
    }
}

/// Events in the order their generations can be looked up: a view whose parent view is among
/// them comes in a layer after its parent's, so that the insert of each layer finds the one
/// before in the table. Almost every batch is one layer.
fn layers<'a>(events: impl IntoIterator<Item = &'a EventRow>) -> Vec<Vec<&'a EventRow>> {
    let mut left: Vec<&EventRow> = events.into_iter().collect();
    let mut layers = Vec::new();
    while !left.is_empty() {
        // How many events still to place carry each id: a lookup, not a scan of the batch,
        // so a batch of thousands of views stays linear.
        let mut placing: HashMap<&str, usize> = HashMap::new();
        for row in &left {
            if let Some(id) = &row.share_id {
                *placing.entry(id).or_default() += 1;
            }
        }
        let waiting = |row: &&EventRow| {
            row.parent.as_deref().is_some_and(|parent| {
                let own = usize::from(row.share_id.as_deref() == Some(parent));
                placing.get(parent).is_some_and(|&n| n > own)
            })
        };
        let (later, ready): (Vec<&EventRow>, Vec<&EventRow>) =
            left.iter().copied().partition(waiting);
        if ready.is_empty() {
            // Ids that name each other (only a forged batch could): one layer, as they come.
            layers.push(later);
            break;
        }
        layers.push(ready);
        left = later;
    }
    layers
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(id: &str, parent: Option<&str>) -> EventRow {
        EventRow {
            site_id: 1,
            event: "view",
            page: "https://news.example/".into(),
            utm: None,
            utm_tags: UtmTags::default(),
            internal: false,
            share_id: Some(id.into()),
            parent: parent.map(Into::into),
            channel: None,
            hit: HitRow::dark_click(0, 0),
        }
    }

    fn ids(layers: &[Vec<&EventRow>]) -> Vec<Vec<String>> {
        layers
            .iter()
            .map(|l| l.iter().map(|r| r.share_id.clone().unwrap()).collect())
            .collect()
    }

    #[test]
    fn utm_tags_are_the_first_of_each_name_trimmed() {
        let tags = UtmTags::from_query(Some(
            "utm_source=Newsletter+Mars&utm_medium=&utm_campaign=%C3%A9t%C3%A9%00&utm_source=x&utm_term=y",
        ));
        assert_eq!(
            tags,
            UtmTags {
                source: Some("Newsletter Mars".into()),
                medium: None,
                campaign: Some("été".into()),
            }
        );
        assert_eq!(UtmTags::from_query(None), UtmTags::default());
        assert_eq!(
            UtmTags::from_query(Some("utm_content=a&utm_term=b")),
            UtmTags::default()
        );
        let spaces = UtmTags::from_pairs([("utm_medium", "  "), ("utm_campaign", " spring ")]);
        assert_eq!(
            (spaces.medium, spaces.campaign.as_deref()),
            (None, Some("spring"))
        );
    }

    #[test]
    fn a_parent_in_the_batch_is_written_before_its_children() {
        let batch = [
            view("c", Some("b")),
            view("a", None),
            view("b", Some("a")),
            view("d", Some("elsewhere")),
        ];
        assert_eq!(ids(&layers(&batch)), [vec!["a", "d"], vec!["b"], vec!["c"]]);
        assert_eq!(layers(&batch[1..2]).len(), 1);
        let forged = [view("x", Some("y")), view("y", Some("x"))];
        assert_eq!(ids(&layers(&forged)), [vec!["x", "y"]]);
        assert!(layers(&[]).is_empty());
        // A view that names itself its parent waits for no one.
        assert_eq!(ids(&layers(&[view("s", Some("s"))])), [vec!["s"]]);
    }
}
