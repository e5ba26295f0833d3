//! Destinations on a domain of `LANTERNE_BLOCKED_DOMAINS`: a link's first one, found the same
//! way for the redirect (a link with one answers 410 Gone as it is read:
//! [`super::cache::Target::from_row`]), the lists, the API's view and an edit; and the links
//! made before their domain was blocked, named at start and kept or left out by the lists'
//! filters.

use super::Ids;
use super::destination::domain_of;
use super::options::{LinkOptions, Place};
use crate::db::Db;
use crate::db::blocked::MaybeBlocked;
use crate::error::log_text;
use crate::i18n::Message;

/// How many links the start names in its log; the others are counted.
const NAMED: usize = 10;

/// A link's destination on a blocked domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Blocked<'a> {
    /// Where it is among the link's options; `None`: the link's own URL.
    pub place: Option<Place>,
    pub url: &'a str,
    /// The entry of the blocklist it is on.
    pub domain: &'a str,
}

/// The first of a link's destinations (its URL, then its options': `expired_url`, rules,
/// variants) on one of the `blocked` domains. Any one is enough to stop the whole link: a
/// link built around an abusive destination is itself abuse, and skipping only that
/// destination would keep serving the others of a link nobody reviewed since.
pub fn first<'a>(
    url: &'a str,
    options: &'a LinkOptions,
    blocked: &'a [String],
) -> Option<Blocked<'a>> {
    if blocked.is_empty() {
        return None;
    }
    let others = options.destinations().into_iter();
    std::iter::once((None, url))
        .chain(others.map(|(place, url)| (Some(place), url)))
        .find_map(|(place, url)| {
            let domain = domain_of(url, blocked)?;
            Some(Blocked { place, url, domain })
        })
}

impl Blocked<'_> {
    /// Why visitors get 410, as the links list says it.
    pub fn why(&self) -> Message {
        let place = match self.place {
            None => Message::new("blocked-place-url"),
            Some(Place::ExpiredUrl) => Message::new("blocked-place-expired-url"),
            Some(Place::Rule(i)) => {
                Message::new("blocked-place-rule").with("n", (i + 1).to_string())
            }
            Some(Place::Variant(i)) => {
                Message::new("blocked-place-variant").with("n", (i + 1).to_string())
            }
        };
        Message::new("link-status-why-blocked")
            .with("place", place)
            .with("domain", self.domain)
    }
}

/// The links [`first`] finds a destination of on one of the `blocked` domains, in the order
/// they were stored.
async fn stopped(db: &Db, blocked: &[String]) -> sqlx::Result<Vec<MaybeBlocked>> {
    let mut rows = db.links_maybe_on_domains(blocked).await?;
    rows.retain(|row| {
        let options = LinkOptions::from_json(row.options.as_deref());
        first(&row.url, &options, blocked).is_some()
    });
    Ok(rows)
}

/// What a list keeps of the links one of the `blocked` domains stops: only them
/// (`Some(true)`), all but them (`Some(false)`), or either (`None`, also when nothing is
/// blocked and the others are asked for). Named by id: the blocklist is configuration, not
/// data, so SQL cannot tell them apart, and the page still counts in SQL.
pub async fn filter(db: &Db, blocked: &[String], only: Option<bool>) -> sqlx::Result<Option<Ids>> {
    let Some(only) = only else {
        return Ok(None);
    };
    if !only && blocked.is_empty() {
        return Ok(None);
    }
    let ids = stopped(db, blocked)
        .await?
        .iter()
        .map(|row| row.id)
        .collect();
    Ok(Some(if only {
        Ids::Only(ids)
    } else {
        Ids::Except(ids)
    }))
}

/// Logs how many links point at one of the `blocked` domains (by any of their destinations),
/// and the first few of them.
pub async fn report(db: &Db, blocked: &[String]) {
    let found = match stopped(db, blocked).await {
        Ok(rows) => rows,
        Err(err) => {
            tracing::warn!(error = %log_text(&err), "could not count the links to blocked domains");
            return;
        }
    };
    if found.is_empty() {
        return;
    }
    let n = found.len();
    let name = |row: &MaybeBlocked| {
        if row.domain.is_empty() {
            row.slug.clone()
        } else {
            format!("{}/{}", row.domain, row.slug)
        }
    };
    let mut named = found[..n.min(NAMED)]
        .iter()
        .map(name)
        .collect::<Vec<_>>()
        .join(", ");
    if n > NAMED {
        named.push_str(&format!(" and {} more", n - NAMED));
    }
    tracing::warn!(
        links = n,
        "{n} links point at a domain of LANTERNE_BLOCKED_DOMAINS and answer 410 Gone: {named}; delete them or change their destination"
    );
}

#[cfg(test)]
mod tests {
    use super::super::options::{Condition, Device, Rule, Variant};
    use super::*;

    #[test]
    fn any_destination_of_a_link_on_a_blocked_domain_is_found_first_to_last() {
        let blocked = ["bad.org".to_owned()];
        let variant = |url: &str| Variant {
            url: url.into(),
            weight: 1,
        };
        let mut options = LinkOptions {
            variants: vec![
                variant("https://fine.org/a"),
                variant("https://www.bad.org/b"),
            ],
            ..LinkOptions::default()
        };
        let found = first("https://fine.org/", &options, &blocked).unwrap();
        assert_eq!(found.place, Some(Place::Variant(1)));
        assert_eq!(
            (found.url, found.domain),
            ("https://www.bad.org/b", "bad.org")
        );
        assert_eq!(
            found.why().english(),
            "the destination of variant 2 is on bad.org, a domain this server blocks: visitors get 410 Gone"
        );
        options.rules = vec![Rule {
            when: Condition::Device(Device::Ios),
            url: "https://bad.org/ios".into(),
        }];
        assert_eq!(
            first("https://fine.org/", &options, &blocked)
                .unwrap()
                .place,
            Some(Place::Rule(0))
        );
        assert_eq!(
            first("https://bad.org/", &options, &blocked).unwrap().place,
            None
        );
        assert_eq!(first("https://fine.org/", &options, &[]), None);
        options.rules.clear();
        options.variants.truncate(1);
        assert_eq!(first("https://fine.org/", &options, &blocked), None);
    }
}
