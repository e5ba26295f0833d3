//! `lanterne demo`: a living database in one command — campaigns with links per channel and
//! weeks of hits whose referrers, user agents, previews, places and daily rhythm look real,
//! each classified by the real classifier.
//!
//! The story it tells: the Facebook post of the spring campaign leaks heavily into private
//! chats; the "family" theme is shared mostly in private; WhatsApp and email bring most of
//! the dark clicks, on phones.

mod traffic;

use anyhow::Context;
use rand::Rng;
use rand::SeedableRng;
use rand::rngs::StdRng;

use crate::clock::now_ms;
use crate::db::Db;
use crate::hits::{HitBatch, HitRow};
use crate::links::channels;
use crate::links::{LinkSpec, NewLink};
use traffic::Visit;

const DAY_MS: i64 = 86_400_000;
/// Days of history.
pub const DAYS: i64 = 42;

/// (campaign, destination, themes, channels)
const CAMPAIGNS: [(&str, &str, &[&str], &[&str]); 4] = [
    (
        "Spring sale",
        "https://shop.example/spring",
        &["offers", "family"],
        &["facebook", "whatsapp", "email", "x", "instagram"],
    ),
    (
        "Recipe of the week",
        "https://food.example/recipes/lemon-tart",
        &["food", "family"],
        &["whatsapp", "messenger", "email", "newsletter", "copy-link"],
    ),
    (
        "Product launch",
        "https://acme.example/launch",
        &["tech"],
        &["linkedin", "x", "slack", "email", "reddit"],
    ),
    (
        "City guide",
        "https://travel.example/lisbon",
        &["travel"],
        &["instagram", "tiktok", "telegram", "sms", "qr"],
    ),
];

/// A demo link: its id, channel, whether its campaign is about family (passed on privately
/// more often), and how busy its channel is.
struct DemoLink {
    id: i64,
    channel: &'static str,
    family: bool,
    weight: f64,
}

/// Refuses a database that is in use, with links or users, unless told to: demo hits look
/// real, and once among real ones they cannot be told apart.
pub async fn check_unused(db: &Db) -> anyhow::Result<()> {
    let (links, users) = (db.count_links().await?, db.count_users().await?);
    if links + users > 0 {
        anyhow::bail!(
            "this database is in use (links: {links}, users: {users}), and demo hits could not be told from real ones: give `lanterne demo` a new database (DATABASE_URL / --database-url, such as sqlite://demo.db), or add --force to add the demo to this one anyway"
        );
    }
    Ok(())
}

/// Fills `db` with the demo campaigns and `hits` hits; returns (links, hits) created.
pub async fn fill(db: &Db, hits: u64, seed: u64) -> anyhow::Result<(usize, u64)> {
    let mut rng = StdRng::seed_from_u64(seed);
    let now = now_ms();
    let start = now - DAYS * DAY_MS;
    db.prepare_hit_partitions(start, now).await?;
    let links = make_links(db, start - DAY_MS).await?;
    let total_weight: f64 = links.iter().map(|l| l.weight).sum();
    let parser = woothee::parser::Parser::new();
    let mut batch = Vec::with_capacity(10_000);
    // A real hit log is written in time order; so is the demo's (time indexes rely on it).
    let mut times: Vec<i64> = (0..hits)
        .map(|_| traffic::time(&mut rng, start, now))
        .collect();
    times.sort_unstable();
    for (i, at) in (0..hits).zip(times) {
        let pick = rng.random::<f64>() * total_weight;
        let mut acc = 0.0;
        let link = links
            .iter()
            .find(|l| {
                acc += l.weight;
                acc >= pick
            })
            .unwrap_or(&links[0]);
        // Visitors come back now and then; their hashes change every day, as real ones do.
        let visitors = (hits as i64 / 3).max(1);
        batch.push(hit(&mut rng, &parser, link, at, visitors));
        if batch.len() == 10_000 || i + 1 == hits {
            db.insert_hit_batch(
                &format!("demo-{seed}-{i}"),
                &HitBatch {
                    rows: std::mem::take(&mut batch),
                    ..HitBatch::default()
                },
            )
            .await?;
        }
    }
    Ok((links.len(), hits))
}

/// One link per channel of each demo campaign, made at `made_at`.
async fn make_links(db: &Db, made_at: i64) -> anyhow::Result<Vec<DemoLink>> {
    let mut links = Vec::new();
    for (campaign, url, themes, chans) in CAMPAIGNS {
        for channel in chans {
            let new = NewLink::from(LinkSpec {
                slug: crate::links::slug::random(),
                url: channels::with_utm(url, channel, campaign).map_err(anyhow::Error::msg)?,
                campaign: Some(campaign.to_owned()),
                channel: Some((*channel).to_owned()),
                tags: themes.iter().map(|t| (*t).to_owned()).collect(),
                ..LinkSpec::default()
            });
            let link = db
                .insert_link(&new, made_at)
                .await?
                .context("a random slug taken")?;
            // Busier channels get more traffic.
            let weight = match *channel {
                "whatsapp" | "facebook" | "email" => 3.0,
                "instagram" | "messenger" | "x" | "linkedin" => 2.0,
                _ => 1.0,
            };
            links.push(DemoLink {
                id: link.id,
                channel,
                family: themes.contains(&"family"),
                weight,
            });
        }
    }
    Ok(links)
}

/// A hit on `link` at `at` from one of `visitors` a day, classified and parsed as the
/// writer would.
fn hit(
    rng: &mut StdRng,
    parser: &woothee::parser::Parser,
    link: &DemoLink,
    at: i64,
    visitors: i64,
) -> HitRow {
    let Visit {
        referrer,
        user_agent,
        country,
        city,
    } = traffic::visit(rng, link.channel, link.family);
    let class = crate::classify::classify(false, referrer, user_agent, Default::default());
    let stored = referrer.and_then(crate::classify::store_referrer);
    let parsed = parser.parse(user_agent);
    let device = match class.kind {
        crate::classify::Kind::Click => match parsed.as_ref().map(|p| p.category) {
            Some("smartphone" | "mobilephone") => "mobile",
            Some("pc") => "desktop",
            _ => "unknown",
        },
        _ => "bot",
    };
    HitRow {
        link_id: link.id,
        at,
        method: "GET",
        referrer_host: stored.as_ref().map(|s| s.host.clone()),
        referrer: stored.map(|s| s.url),
        user_agent: Some(user_agent.into()),
        browser: parsed
            .as_ref()
            .map(|p| p.name)
            .filter(|n| *n != "UNKNOWN")
            .map(Into::into),
        os: parsed
            .as_ref()
            .map(|p| p.os)
            .filter(|n| *n != "UNKNOWN")
            .map(Into::into),
        device,
        country: Some(country.to_owned()),
        city: city.map(str::to_owned),
        visitor: Some(rng.random_range(0..visitors) + at / DAY_MS * 1_000_000_007),
        kind: class.kind.as_str(),
        source: class.source.map(|s| s.as_str()),
        platform: class.platform,
        evidence: class.evidence.as_str(),
        signals: Default::default(),
        destination: None,
    }
}
