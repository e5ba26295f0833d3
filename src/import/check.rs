//! Checking rows before anything is written: each gets the verdict it will have, new,
//! unchanged or a problem, from the rules a link created by hand passes, the file's other
//! rows and the links already stored. `--dry-run` and the web UI's preview stop here.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use super::{Problem, Row};
use crate::db::Db;
use crate::links::{NewLink, destination, label, slug, tags};

/// What the person importing chose.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// `--domain`: the domain of rows that do not name one.
    pub domain: Option<String>,
    /// `--campaign`: the campaign of rows that do not name one.
    pub campaign: Option<String>,
    /// Hosts links may not point at (Lanterne's own, the blocklist).
    pub refused_hosts: Vec<String>,
    /// The base URL's host: the only domain links live on until branded domains exist.
    pub base_host: String,
}

/// What importing a row does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    New,
    /// A link already leads there under that slug.
    Unchanged,
    Problem(String),
}

/// A row after its check: its slug (a random one for a new row without one).
#[derive(Debug, Clone)]
pub struct Checked {
    pub line: u64,
    pub slug: String,
    pub url: String,
    pub campaign: Option<String>,
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
    let mut rows: Vec<Checked> = rows.into_iter().map(|r| validate(r, options)).collect();
    let stored_slugs = db
        .urls_of_slugs(&wanted(&rows, |r| r.slug.clone(), true))
        .await?;
    let stored_urls = db
        .slugs_of_urls(&wanted(&rows, |r| r.url.clone(), false))
        .await?;
    let mut in_file: HashMap<String, (u64, String)> = HashMap::new();
    let mut unslugged: HashMap<String, u64> = HashMap::new();
    for row in rows.iter_mut().filter(|r| r.verdict == Verdict::New) {
        let chosen = !row.slug.is_empty();
        if !chosen {
            // A row without a slug is there already when some link leads to its URL.
            if let Some(slug) = stored_urls.get(&row.url) {
                row.slug.clone_from(slug);
                row.verdict = Verdict::Unchanged;
            } else if let Some(first) = unslugged.get(&row.url) {
                row.verdict = Verdict::Problem(format!("repeats line {first}"));
            } else {
                unslugged.insert(row.url.clone(), row.line);
                let new = &mut row.new.as_mut().expect("a new row has its link").0;
                new.slug = slug::random();
                row.slug.clone_from(&new.slug);
            }
            continue;
        }
        if let Some(url) = stored_slugs.get(&row.slug) {
            row.verdict = if *url == row.url {
                Verdict::Unchanged
            } else {
                Verdict::Problem(format!(
                    "the slug {:?} is taken by another destination ({url})",
                    row.slug
                ))
            };
            continue;
        }
        match in_file.entry(row.slug.clone()) {
            Entry::Vacant(entry) => {
                entry.insert((row.line, row.url.clone()));
            }
            Entry::Occupied(entry) => {
                let (first, url) = entry.get();
                row.verdict = Verdict::Problem(if *url == row.url {
                    format!("repeats line {first}")
                } else {
                    format!(
                        "the slug {:?} is given to another URL on line {first}",
                        row.slug
                    )
                });
            }
        }
    }
    for row in &mut rows {
        if row.verdict != Verdict::New {
            row.new = None;
        }
    }
    Ok(Plan { rows })
}

/// The slugs (or URLs of unslugged rows) to look up, of the rows still new.
fn wanted(rows: &[Checked], key: fn(&Checked) -> String, slugged: bool) -> Vec<String> {
    rows.iter()
        .filter(|r| r.verdict == Verdict::New && r.slug.is_empty() != slugged)
        .map(key)
        .collect()
}

/// A row on its own: the rules every link passes.
fn validate(row: Result<Row, Problem>, options: &ImportOptions) -> Checked {
    let line = match &row {
        Ok(row) => row.line,
        Err(problem) => problem.line,
    };
    let mut checked = Checked {
        line,
        slug: String::new(),
        url: String::new(),
        campaign: None,
        verdict: Verdict::New,
        new: None,
    };
    match row.map_err(|p| p.reason).and_then(|row| {
        checked.url.clone_from(&row.url);
        checked.slug = row.slug.clone().unwrap_or_default();
        new_link(row, options)
    }) {
        Ok((new, created_at)) => {
            checked.url.clone_from(&new.url);
            checked.campaign.clone_from(&new.campaign);
            checked.new = Some((new, created_at));
        }
        Err(reason) => checked.verdict = Verdict::Problem(reason),
    }
    checked
}

fn new_link(row: Row, options: &ImportOptions) -> Result<(NewLink, Option<i64>), String> {
    if row.url.is_empty() {
        return Err("the row has no URL".into());
    }
    let domain = row.domain.as_deref().or(options.domain.as_deref());
    if let Some(domain) = domain {
        check_domain(domain, &options.base_host)?;
    }
    let slug = match row.slug.as_deref() {
        Some(s) => slug::parse(s)?.to_owned(),
        None => String::new(),
    };
    let campaign = row.campaign.as_deref().or(options.campaign.as_deref());
    let new = NewLink {
        slug,
        url: destination::parse(&row.url, &options.refused_hosts)?,
        campaign: label("campaign", campaign.unwrap_or(""))?,
        channel: label("channel", row.channel.as_deref().unwrap_or(""))?,
        tags: tags(&row.tags)?,
        ..NewLink::default()
    };
    Ok((new, row.created_at))
}

/// Links live on the base URL's host only, until branded domains exist.
pub fn check_domain(domain: &str, base_host: &str) -> Result<(), String> {
    let domain = domain.trim().trim_end_matches('.');
    if domain.is_empty() || domain.eq_ignore_ascii_case(base_host) {
        Ok(())
    } else {
        Err(format!(
            "links can only go on {base_host} (the base URL's host), not {domain}: this version has no other domains"
        ))
    }
}
