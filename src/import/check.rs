//! Checking rows before anything is written: each gets the verdict it will have, new,
//! unchanged or a problem, from the rules a link created by hand passes, the file's other
//! rows and the links already stored. `--dry-run` and the web UI's preview stop here.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use super::carried::{Carried, differences};
use super::{Problem, Row};
use crate::campaigns::folded_name;
use crate::db::Db;
use crate::domains::host::normalized;
use crate::domains::registry::{not_registered, refuse_hosts};
use crate::i18n::Message;
use crate::links::catalogue::Catalogue;
use crate::links::options::LinkOptions;
use crate::links::options::input::{Checks, OptionsPatch};
use crate::links::{Link, LinkSpec, NewLink, destination, label, slug, tags};

/// What the person importing chose.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// `--domain`: the domain of rows that do not name one.
    pub domain: Option<String>,
    /// `--campaign`: the campaign of rows that do not name one.
    pub campaign: Option<String>,
    /// Hosts links may not point at (Lanterne's own, the blocklist).
    pub refused_hosts: Vec<destination::Refused>,
    /// Lanterne's public URL: a row on its host (or on no domain) goes where `links.domain`
    /// is `''`, and a card image under it is one of its uploads.
    pub base_url: String,
}

impl ImportOptions {
    /// The base URL's host.
    pub fn base_host(&self) -> String {
        url::Url::parse(&self.base_url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// What a row's options are checked against, as a link's made here are.
    fn checks(&self) -> Checks<'_> {
        Checks {
            refused_hosts: &self.refused_hosts,
            base_url: &self.base_url,
        }
    }
}

/// Where a slug lives: its `links.domain` (`""` for the base URL's host) and the slug.
pub type Key = (String, String);

/// What importing a row does.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    New,
    /// A link already leads there under that slug.
    Unchanged,
    Problem(Message),
}

/// A row after its check: its slug (a random one for a new row without one).
#[derive(Debug, Clone)]
pub struct Checked {
    pub line: u64,
    /// As stored in `links.domain`: `""` for the base URL's host.
    pub domain: String,
    pub slug: String,
    pub url: String,
    pub campaign: Option<String>,
    /// What the row gives its link besides URL and slug ([`Row::carries`]).
    pub carries: Vec<Carried>,
    pub verdict: Verdict,
    /// The link to insert, for a new row.
    pub new: Option<(NewLink, Option<i64>)>,
}

/// Every row of a file, checked.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub rows: Vec<Checked>,
}

impl Plan {
    pub fn count(&self, verdict: fn(&Verdict) -> bool) -> usize {
        self.rows.iter().filter(|r| verdict(&r.verdict)).count()
    }

    pub fn problems(&self) -> Vec<Problem> {
        self.rows
            .iter()
            .filter_map(|r| match &r.verdict {
                Verdict::Problem(reason) => Some(Problem {
                    line: r.line,
                    reason: reason.clone(),
                }),
                _ => None,
            })
            .collect()
    }
}

/// Checks `rows` (each read, or a problem already) against the rules and the database.
pub async fn check(
    db: &Db,
    rows: Vec<Result<Row, Problem>>,
    options: &ImportOptions,
) -> sqlx::Result<Plan> {
    let registered = registered(db).await?;
    let mut rows: Vec<Checked> = rows
        .into_iter()
        .map(|r| validate(r, options, &registered))
        .collect();
    let stored_slugs = db
        .links_of_slugs(&wanted(&rows, |r| r.slug.clone(), true))
        .await?;
    let stored_urls = db
        .slugs_of_urls(&wanted(&rows, |r| r.url.clone(), false))
        .await?;
    let catalogue = db.channel_catalogue().await?;
    let mut in_file: HashMap<Key, (u64, String)> = HashMap::new();
    let mut unslugged: HashMap<Key, u64> = HashMap::new();
    for row in rows.iter_mut().filter(|r| r.verdict == Verdict::New) {
        let chosen = !row.slug.is_empty();
        if !chosen {
            // A row without a slug is there already when some link on its domain leads to
            // its URL.
            let key = (row.domain.clone(), row.url.clone());
            if let Some(slug) = stored_urls.get(&key) {
                row.slug.clone_from(slug);
                row.verdict = Verdict::Unchanged;
            } else if let Some(first) = unslugged.get(&key) {
                row.verdict = Verdict::Problem(repeats(*first));
            } else if let Err(reason) = channel_key(row, &catalogue) {
                row.verdict = Verdict::Problem(reason);
            } else {
                unslugged.insert(key, row.line);
                let new = &mut row.new.as_mut().expect("a new row has its link").0;
                new.spec.slug = slug::random();
                row.slug.clone_from(&new.spec.slug);
            }
            continue;
        }
        let key = (row.domain.clone(), row.slug.clone());
        if let Some(stored) = stored_slugs.get(&key) {
            row.verdict = verdict_on_stored(row, stored, &catalogue);
            continue;
        }
        if let Err(reason) = channel_key(row, &catalogue) {
            row.verdict = Verdict::Problem(reason);
            continue;
        }
        match in_file.entry(key) {
            Entry::Vacant(entry) => {
                entry.insert((row.line, row.url.clone()));
            }
            Entry::Occupied(entry) => {
                let (first, url) = entry.get();
                row.verdict = Verdict::Problem(if *url == row.url {
                    repeats(*first)
                } else {
                    Message::new("refusal-import-slug-given")
                        .with("slug", the_slug(&row.slug, &row.domain))
                        .with("line", first.to_string())
                });
            }
        }
    }
    for row in &mut rows {
        if row.verdict != Verdict::New {
            row.new = None;
        }
    }
    spell_campaigns(db, &mut rows).await?;
    Ok(Plan { rows })
}

/// What a slugged row does to the link already under its slug: nothing, either way. It is
/// unchanged when the link leads to its URL with what the row carries besides; otherwise it
/// is refused, naming the destination or the fields that differ, as an import never changes
/// a stored link.
fn verdict_on_stored(row: &Checked, stored: &Link, catalogue: &Catalogue) -> Verdict {
    let slug = the_slug(&row.slug, &row.domain);
    if stored.spec.url != row.url {
        return Verdict::Problem(
            Message::new("refusal-import-slug-taken")
                .with("slug", slug)
                .with("url", stored.spec.url.as_str()),
        );
    }
    let (new, _) = row.new.as_ref().expect("a new row has its link");
    let differ = differences(&row.carries, new, stored, catalogue);
    if differ.is_empty() {
        return Verdict::Unchanged;
    }
    let fields: Vec<&str> = differ.iter().map(|c| c.column()).collect();
    Verdict::Problem(
        Message::new("refusal-import-slug-differs")
            .with("slug", slug)
            .with("fields", fields.join(", ")),
    )
}

/// Spells each new row's campaign as the campaign stored under that name in any letter case
/// does, or else as the first new row of the file that names it: "PRINTEMPS 2027" joins
/// "Printemps 2027" instead of making a second campaign beside it.
async fn spell_campaigns(db: &Db, rows: &mut [Checked]) -> sqlx::Result<()> {
    let folded: HashSet<String> = rows
        .iter()
        .filter_map(|r| r.new.as_ref()?.0.spec.campaign.as_deref())
        .map(folded_name)
        .collect();
    let folded: Vec<String> = folded.into_iter().collect();
    let mut spelled = db.campaigns_spelled(&folded).await?;
    for row in rows {
        let Some((new, _)) = &mut row.new else {
            continue;
        };
        if let Some(name) = &mut new.spec.campaign {
            name.clone_from(
                spelled
                    .entry(folded_name(name))
                    .or_insert_with(|| name.clone()),
            );
            row.campaign.clone_from(&new.spec.campaign);
        }
    }
    Ok(())
}

/// A new row's channel as the catalogue keys it ("WhatsApp" is `whatsapp`), as a link made
/// by hand has it; a channel the catalogue does not have is the row's problem. A row that is
/// there already is left alone: a file exported before channels were checked imports again.
fn channel_key(row: &mut Checked, catalogue: &Catalogue) -> Result<(), Message> {
    let Some((new, _)) = &mut row.new else {
        return Ok(());
    };
    if let Some(given) = &mut new.spec.channel {
        let channel = catalogue
            .resolve(given)
            .ok_or_else(|| catalogue.unknown(given))?;
        *given = channel.key.to_string();
    }
    Ok(())
}

/// The registered branded domains' hosts.
pub async fn registered(db: &Db) -> sqlx::Result<HashSet<String>> {
    Ok(db.domains().await?.into_iter().map(|d| d.host).collect())
}

/// `the slug "spring"`, and `on HOST` for a branded domain.
pub fn the_slug(slug: &str, domain: &str) -> Message {
    if domain.is_empty() {
        Message::new("import-the-slug").with_typed("slug", slug)
    } else {
        Message::new("import-the-slug-on")
            .with_typed("slug", slug)
            .with("domain", domain)
    }
}

/// A row that repeats the row on line `first`.
fn repeats(first: u64) -> Message {
    Message::new("refusal-import-repeats").with("line", first.to_string())
}

/// The slugs (or URLs of unslugged rows) to look up, with their domains, of the rows still
/// new.
fn wanted(rows: &[Checked], key: fn(&Checked) -> String, slugged: bool) -> Vec<Key> {
    rows.iter()
        .filter(|r| r.verdict == Verdict::New && r.slug.is_empty() != slugged)
        .map(|r| (r.domain.clone(), key(r)))
        .collect()
}

/// A row on its own: the rules every link passes.
fn validate(
    row: Result<Row, Problem>,
    options: &ImportOptions,
    registered: &HashSet<String>,
) -> Checked {
    let line = match &row {
        Ok(row) => row.line,
        Err(problem) => problem.line,
    };
    let mut checked = Checked {
        line,
        domain: String::new(),
        slug: String::new(),
        url: String::new(),
        campaign: None,
        carries: Vec::new(),
        verdict: Verdict::New,
        new: None,
    };
    match row.map_err(|p| p.reason).and_then(|row| {
        checked.url.clone_from(&row.url);
        checked.slug = row.slug.clone().unwrap_or_default();
        checked.carries.clone_from(&row.carries);
        match row.unreadable.clone() {
            Some(reason) => Err(reason),
            None => new_link(row, options, registered),
        }
    }) {
        Ok((new, created_at)) => {
            checked.domain.clone_from(&new.spec.domain);
            checked.url.clone_from(&new.spec.url);
            checked.campaign.clone_from(&new.spec.campaign);
            checked.new = Some((new, created_at));
        }
        Err(reason) => checked.verdict = Verdict::Problem(reason),
    }
    checked
}

fn new_link(
    row: Row,
    options: &ImportOptions,
    registered: &HashSet<String>,
) -> Result<(NewLink, Option<i64>), Message> {
    if row.url.is_empty() {
        return Err(Message::new("refusal-import-no-url"));
    }
    let domain = row
        .domain
        .as_deref()
        .filter(|d| !d.trim().is_empty())
        .or(options.domain.as_deref());
    let domain = check_domain(domain.unwrap_or(""), &options.base_host(), registered)?;
    let slug = match row.slug.as_deref() {
        Some(s) => slug::parse(s)?.to_owned(),
        None => String::new(),
    };
    let campaign = row.campaign.as_deref().or(options.campaign.as_deref());
    let url = destination::parse(&row.url, &options.refused_hosts)?;
    refuse_hosts(&url, |host| registered.contains(host))?;
    let mut new = NewLink::from(LinkSpec {
        domain,
        slug,
        url,
        campaign: label("field-campaign", campaign.unwrap_or(""))?,
        channel: label("field-channel", row.channel.as_deref().unwrap_or(""))?,
        tags: tags(&row.tags)?,
        options: link_options(row.options, options, registered)?,
    });
    new.enabled = !row.turned_off;
    Ok((new, row.created_at))
}

/// A row's options checked as a link's made by hand are (its rules', variants' and
/// `expired_url`'s destinations too, none on a branded domain); none for a row without.
fn link_options(
    given: Option<OptionsPatch>,
    options: &ImportOptions,
    registered: &HashSet<String>,
) -> Result<LinkOptions, Message> {
    let Some(given) = given else {
        return Ok(LinkOptions::default());
    };
    let checked = given.apply(&LinkOptions::default(), options.checks())?;
    for (place, url) in checked.destinations() {
        refuse_hosts(url, |host| registered.contains(host)).map_err(|e| place.refusal(e))?;
    }
    Ok(checked)
}

/// The `links.domain` of a row on `domain`: `""` for none or the base URL's host, else a
/// registered branded domain (a domain not registered is refused, to be added first).
pub fn check_domain(
    domain: &str,
    base_host: &str,
    registered: &HashSet<String>,
) -> Result<String, Message> {
    let host = normalized(domain);
    if host.is_empty() || host == normalized(base_host) {
        Ok(String::new())
    } else if registered.contains(&host) {
        Ok(host)
    } else {
        Err(not_registered(&host))
    }
}
