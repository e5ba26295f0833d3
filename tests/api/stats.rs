//! The dashboard's numbers against an independent count of known hits, on both backends:
//! before any fold into rollups, after one, with hits arriving late behind the fold mark,
//! for days, hours and every filter, and during and after a refold when the time zone of the
//! days changes.

use std::collections::BTreeMap;

use lanterne::db::Db;
use lanterne::hits::HitRow;
use lanterne::hits::rollup::fold_all;
use lanterne::links::{LinkSpec, NewLink};
use lanterne::stats::{Filter, FilterQuery, Grain, Report};

use crate::both;
use crate::helpers::{Backend, fresh_database};

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

/// A link of the fixture: slug, campaign, channel and tags.
type FixtureLink = (
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    &'static [&'static str],
);

const LINKS: [FixtureLink; 4] = [
    (
        "fb",
        Some("Spring"),
        Some("facebook"),
        &["travel", "family"],
    ),
    ("wa", Some("Spring"), Some("whatsapp"), &["family"]),
    ("li", Some("Launch"), Some("linkedin"), &["tech"]),
    ("bare", None, None, &[]),
];

/// Counts as the report shows them: clicks, dark, public, search, referral, previews, bots.
type Counts = [i64; 7];

fn add(counts: &mut Counts, hit: &HitRow) {
    match (hit.kind, hit.source) {
        ("click", source) => {
            counts[0] += 1;
            counts[match source {
                Some("public") => 2,
                Some("search") => 3,
                Some("referral") => 4,
                _ => 1,
            }] += 1;
        }
        ("preview", _) => counts[5] += 1,
        _ => counts[6] += 1,
    }
}

/// `count` hits spread over `[from, to)`, every field varied by a small deterministic walk.
fn hits(links: &[i64], from: i64, to: i64, count: usize, seed: u64) -> Vec<HitRow> {
    let mut state = seed;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) % n as u64) as usize
    };
    (0..count)
        .map(|_| {
            let at = from + (next(1_000_000) as i64 * (to - from) / 1_000_000);
            let (kind, source, platform, referrer_host) = [
                ("click", Some("dark"), "", None),
                ("click", Some("dark"), "whatsapp", None),
                ("click", Some("public"), "facebook", Some("l.facebook.com")),
                (
                    "click",
                    Some("public"),
                    "linkedin",
                    Some("www.linkedin.com"),
                ),
                ("click", Some("search"), "google", Some("www.google.com")),
                ("click", Some("referral"), "", Some("blog.example")),
                ("preview", None, "whatsapp", None),
                ("bot", None, "", None),
            ][next(8)];
            let (country, city) = [
                (Some("GB"), Some("London")),
                (Some("FR"), Some("Paris")),
                (Some("FR"), None),
                (None, None),
            ][next(4)];
            HitRow {
                link_id: links[next(links.len())],
                at,
                method: "GET",
                referrer: referrer_host.map(|h| format!("https://{h}/")),
                referrer_host: referrer_host.map(str::to_owned),
                user_agent: Some("test".into()),
                browser: None,
                os: None,
                device: if kind == "click" {
                    ["mobile", "desktop", "tablet"][next(3)]
                } else {
                    "bot"
                },
                country: country.map(str::to_owned),
                city: city.map(str::to_owned),
                // Hashes change every day, as real ones do; a few visitors come back.
                visitor: (kind == "click")
                    .then(|| seed as i64 * 1_000_000_000 + at / DAY * 1_000 + next(40) as i64),
                kind,
                source,
                platform,
                evidence: "none",
                signals: Default::default(),
                destination: None,
            }
        })
        .collect()
}

/// The report's numbers as `view: key → counts`, leaving out empty rows.
fn views_of(report: &Report) -> BTreeMap<String, Counts> {
    let mut views = BTreeMap::new();
    let mut put = |view: &str, rows: &[lanterne::stats::report::Row]| {
        for row in rows {
            let s = &row.split;
            let counts = [
                s.clicks, s.dark, s.public, s.search, s.referral, s.previews, s.bots,
            ];
            if counts != [0; 7] {
                views.insert(format!("{view}: {}", row.key), counts);
            }
        }
    };
    put("day", &report.days);
    put("theme", &report.themes);
    put("device", &report.devices);
    put("country", &report.countries);
    put("city", &report.cities);
    put("referrer", &report.referrers);
    put("platform", &report.platforms);
    put("campaign", &report.campaigns);
    put("link", &report.links);
    let channels: Vec<_> = report
        .channels
        .iter()
        .map(|c| lanterne::stats::report::Row {
            key: c.channel.clone(),
            split: c.split.clone(),
        })
        .collect();
    put("channel", &channels);
    for c in &report.channels {
        for share in &c.shares {
            views.insert(
                format!("shares: {} on {}", c.channel, share.platform),
                [share.previews, 0, 0, 0, 0, 0, 0],
            );
        }
    }
    let t = &report.total;
    views.insert(
        "total".into(),
        [
            t.clicks, t.dark, t.public, t.search, t.referral, t.previews, t.bots,
        ],
    );
    views.insert(
        "no referrer, unique visitors".into(),
        [report.no_referrer, report.unique_visitors, 0, 0, 0, 0, 0],
    );
    views
}

/// The same views counted straight from the hits, independently of any SQL.
fn expected(
    all: &[HitRow],
    ids: &BTreeMap<i64, usize>,
    filter: &Filter,
) -> BTreeMap<String, Counts> {
    let mut views: BTreeMap<String, Counts> = BTreeMap::new();
    // A visitor counts in the period of their first click on a link.
    let mut first_click: BTreeMap<(i64, i64), i64> = BTreeMap::new();
    for hit in all.iter().filter(|h| h.kind == "click") {
        if let Some(v) = hit.visitor {
            let first = first_click.entry((hit.link_id, v)).or_insert(hit.at);
            *first = (*first).min(hit.at);
        }
    }
    let mut visitors = std::collections::BTreeSet::new();
    let mut no_referrer = 0;
    for hit in all
        .iter()
        .filter(|h| h.at >= filter.from && h.at < filter.to)
    {
        let (slug, campaign, channel, tags) = LINKS[ids[&hit.link_id]];
        if filter
            .campaign
            .as_deref()
            .is_some_and(|c| Some(c) != campaign)
            || filter
                .channel
                .as_deref()
                .is_some_and(|c| Some(c) != channel)
            || filter.tag.as_deref().is_some_and(|t| !tags.contains(&t))
            || filter.link.as_deref().is_some_and(|l| l != slug)
        {
            continue;
        }
        let local = |at: i64| {
            jiff::Timestamp::from_millisecond(at)
                .unwrap()
                .to_zoned(filter.timezone.clone())
        };
        let bucket = match filter.grain {
            Grain::Day => local(hit.at).strftime("%Y-%m-%d").to_string(),
            Grain::Hour => local(hit.at - hit.at % HOUR)
                .strftime("%Y-%m-%d %H:%M")
                .to_string(),
        };
        let mut keys = vec![
            "total".to_owned(),
            format!("day: {bucket}"),
            format!("device: {}", hit.device),
            format!("country: {}", hit.country.as_deref().unwrap_or("(unknown)")),
            format!("campaign: {}", campaign.unwrap_or("(none)")),
            format!("channel: {}", channel.unwrap_or("(none)")),
            format!("link: {slug}"),
        ];
        keys.extend(tags.iter().map(|t| format!("theme: {t}")));
        if tags.is_empty() {
            keys.push("theme: (untagged)".into());
        }
        if let (Some(country), Some(city)) = (&hit.country, &hit.city) {
            keys.push(format!("city: {city}, {country}"));
        }
        if let Some(host) = &hit.referrer_host {
            keys.push(format!("referrer: {host}"));
        }
        if !hit.platform.is_empty() {
            keys.push(format!("platform: {}", hit.platform));
        }
        for key in keys {
            add(views.entry(key).or_default(), hit);
        }
        if hit.kind == "preview" {
            let platform = if hit.platform.is_empty() {
                "(unknown)"
            } else {
                hit.platform
            };
            let key = format!("shares: {} on {platform}", channel.unwrap_or("(none)"));
            views.entry(key).or_default()[0] += 1;
        }
        if hit.kind == "click" {
            no_referrer += i64::from(hit.referrer.is_none());
            if let Some(v) = hit
                .visitor
                .filter(|v| first_click[&(hit.link_id, *v)] == hit.at)
            {
                visitors.insert((hit.link_id, v));
            }
        }
    }
    views.insert(
        "no referrer, unique visitors".into(),
        [no_referrer, visitors.len() as i64, 0, 0, 0, 0, 0],
    );
    views.entry("total".into()).or_default();
    views
}

fn query(period: &str, filter: &[(&str, &str)]) -> FilterQuery {
    let mut q = FilterQuery {
        period: Some(period.into()),
        ..FilterQuery::default()
    };
    for (name, value) in filter {
        let value = Some((*value).to_owned());
        match *name {
            "campaign" => q.campaign = value,
            "channel" => q.channel = value,
            "tag" => q.tag = value,
            "link" => q.link = value,
            _ => unreachable!(),
        }
    }
    q
}

/// Every period and filter: the report equals the independent count.
async fn check(db: &Db, all: &[HitRow], ids: &BTreeMap<i64, usize>, tz: &str, stage: &str) {
    for period in ["24h", "7d", "30d"] {
        for filter in [
            &[][..],
            &[("campaign", "Spring")],
            &[("channel", "whatsapp")],
            &[("tag", "family")],
            &[("link", "li")],
        ] {
            let filter = query(period, filter).filter(tz).unwrap();
            let report = Report::build(db, &filter).await.unwrap();
            let got = views_of(&report);
            let want = expected(all, ids, &filter);
            assert_eq!(
                got, want,
                "{stage}: {period} {:?} {:?} {:?} {:?}",
                filter.campaign, filter.channel, filter.tag, filter.link
            );
        }
    }
}

async fn rollups_keep_every_view_exact(backend: Backend) {
    let Some(url) = fresh_database(backend).await else {
        return;
    };
    let db = Db::connect(&url).await.unwrap();
    let now = lanterne::clock::now_ms();
    let mut ids = BTreeMap::new();
    for (i, (slug, campaign, channel, tags)) in LINKS.iter().enumerate() {
        let link = NewLink::from(LinkSpec {
            slug: (*slug).into(),
            url: "https://example.com/".into(),
            campaign: campaign.map(str::to_owned),
            channel: channel.map(str::to_owned),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            ..LinkSpec::default()
        });
        ids.insert(
            db.insert_link(&link, now - 40 * DAY)
                .await
                .unwrap()
                .unwrap()
                .id,
            i,
        );
    }
    let links: Vec<i64> = ids.keys().copied().collect();
    db.prepare_hit_partitions(now - 40 * DAY, now)
        .await
        .unwrap();
    db.adopt_rollup_timezone("UTC").await.unwrap();

    let mut all = hits(&links, now - 35 * DAY, now, 1_500, 1);
    db.insert_hits(&all).await.unwrap();
    check(&db, &all, &ids, "UTC", "from the hit log alone").await;

    fold_all(&db).await.unwrap();
    let (folded, _) = db.folded().await.unwrap();
    assert_eq!(folded.id, all.len() as i64, "everything written is folded");
    check(&db, &all, &ids, "UTC", "from rollups").await;

    // Hits stamped long ago but written now (a spool replayed after an outage), and new ones.
    let late = hits(&links, now - 20 * DAY, now - DAY, 300, 2);
    let fresh = hits(&links, now - HOUR, lanterne::clock::now_ms(), 50, 3);
    db.insert_hits(&late).await.unwrap();
    db.insert_hits(&fresh).await.unwrap();
    all.extend(late);
    all.extend(fresh);
    check(&db, &all, &ids, "UTC", "rollups plus late hits").await;
    fold_all(&db).await.unwrap();
    check(&db, &all, &ids, "UTC", "late hits folded").await;

    // Days move to another zone's midnights: whole days of the log are counted again.
    db.adopt_rollup_timezone("Asia/Kolkata").await.unwrap();
    assert!(
        db.fold_hits().await.unwrap(),
        "a refold goes a day at a time"
    );
    check(&db, &all, &ids, "Asia/Kolkata", "half way through a refold").await;
    fold_all(&db).await.unwrap();
    check(
        &db,
        &all,
        &ids,
        "Asia/Kolkata",
        "after the time zone changed",
    )
    .await;
    db.close().await;
}
both!(rollups_keep_every_view_exact, backend);

#[test]
fn periods_are_whole_days_or_hours() {
    let filter = query("7d", &[]).filter("Europe/Paris").unwrap();
    assert_eq!(filter.grain, Grain::Day);
    let start = jiff::Timestamp::from_millisecond(filter.from)
        .unwrap()
        .to_zoned(jiff::tz::TimeZone::get("Europe/Paris").unwrap());
    assert_eq!(
        (start.hour(), start.minute()),
        (0, 0),
        "days start at midnight"
    );
    let today = jiff::Zoned::now()
        .with_time_zone(jiff::tz::TimeZone::get("Europe/Paris").unwrap())
        .date();
    assert_eq!(
        start.date(),
        today.checked_sub(jiff::Span::new().days(6)).unwrap()
    );
    let hours = query("24h", &[]).filter("UTC").unwrap();
    assert_eq!(hours.grain, Grain::Hour);
    assert_eq!(hours.from % HOUR, 0);
    assert!(hours.to - hours.from > 23 * HOUR && hours.to - hours.from <= 24 * HOUR + 1);
}

/// A channel an admin added is counted with the reach they gave it: a public one shows its
/// leakage into private chats like Facebook's does.
async fn added_channels_count_with_their_reach(backend: Backend) {
    use lanterne::links::catalogue;
    use lanterne::links::channels::Reach;
    let Some(url) = fresh_database(backend).await else {
        return;
    };
    let db = Db::connect(&url).await.unwrap();
    let now = lanterne::clock::now_ms();
    let podcast = catalogue::custom("podcast", "Podcast", Reach::Public).unwrap();
    db.insert_custom_channel(&podcast, now).await.unwrap();
    let link = NewLink::from(LinkSpec {
        slug: "pod".into(),
        url: "https://example.com/".into(),
        campaign: None,
        channel: Some("podcast".into()),
        tags: Vec::new(),
        ..LinkSpec::default()
    });
    let id = db.insert_link(&link, now).await.unwrap().unwrap().id;
    let mut rows = hits(&[id], now - HOUR, now, 40, 7);
    rows.retain(|h| h.kind == "click");
    db.insert_hits(&rows).await.unwrap();
    let filter = query("7d", &[]).filter("UTC").unwrap();
    let report = Report::build(&db, &filter).await.unwrap();
    let row = &report.channels[0];
    assert_eq!((row.channel.as_str(), row.reach), ("podcast", "public"));
    let dark = rows.iter().filter(|h| h.source == Some("dark")).count();
    assert_eq!(row.leakage, Some(dark as f64 / rows.len() as f64));
    db.close().await;
}
both!(added_channels_count_with_their_reach, backend);

/// Deleting a link with the newest hits must not let later hits take ids already folded
/// (SQLite hands out rowids as one more than the largest present).
async fn hits_after_deleting_the_newest_are_still_counted(backend: Backend) {
    let Some(url) = fresh_database(backend).await else {
        return;
    };
    let db = Db::connect(&url).await.unwrap();
    let now = lanterne::clock::now_ms();
    let mut ids = Vec::new();
    for slug in ["kept", "gone"] {
        let link = NewLink::from(LinkSpec {
            slug: slug.into(),
            url: "https://example.com/".into(),
            campaign: None,
            channel: None,
            tags: Vec::new(),
            ..LinkSpec::default()
        });
        ids.push(db.insert_link(&link, now - DAY).await.unwrap().unwrap().id);
    }
    db.prepare_hit_partitions(now - DAY, now).await.unwrap();
    db.adopt_rollup_timezone("UTC").await.unwrap();
    let total = async |db: &Db| {
        let filter = FilterQuery::default().filter("UTC").unwrap();
        let t = Report::build(db, &filter).await.unwrap().total;
        t.clicks + t.previews + t.bots
    };
    db.insert_hits(&hits(&ids[..1], now - HOUR, now - 1000, 3, 1))
        .await
        .unwrap();
    db.insert_hits(&hits(&ids[1..], now - HOUR, now - 1000, 2, 2))
        .await
        .unwrap();
    fold_all(&db).await.unwrap();
    assert_eq!(total(&db).await, 5);

    assert!(db.delete_link("", "gone").await.unwrap().is_some());
    assert_eq!(total(&db).await, 3, "the deleted link's hits are gone");
    db.insert_hits(&hits(&ids[..1], now - 900, now - 1, 2, 3))
        .await
        .unwrap();
    assert_eq!(total(&db).await, 5, "before the fold");
    fold_all(&db).await.unwrap();
    assert_eq!(total(&db).await, 5, "after the fold");
}
both!(hits_after_deleting_the_newest_are_still_counted, backend);

/// The same for retention: on a quiet server a purge may take the newest hits, and the hits
/// after it (which SQLite gives those ids again) must still be folded.
async fn hits_after_a_purge_of_the_newest_are_still_counted(backend: Backend) {
    let Some(url) = fresh_database(backend).await else {
        return;
    };
    let db = Db::connect(&url).await.unwrap();
    let now = lanterne::clock::now_ms();
    let link = NewLink::from(LinkSpec {
        slug: "quiet".into(),
        url: "https://example.com/".into(),
        campaign: None,
        channel: None,
        tags: Vec::new(),
        ..LinkSpec::default()
    });
    let ids = [db
        .insert_link(&link, now - 20 * DAY)
        .await
        .unwrap()
        .unwrap()
        .id];
    db.prepare_hit_partitions(now - 20 * DAY, now)
        .await
        .unwrap();
    db.adopt_rollup_timezone("UTC").await.unwrap();
    let total = async |db: &Db| {
        let filter = FilterQuery::default().filter("UTC").unwrap();
        let t = Report::build(db, &filter).await.unwrap().total;
        t.clicks + t.previews + t.bots
    };
    // Every hit is 10 days old: a purge of what is older than 5 days takes them all.
    db.insert_hits(&hits(&ids, now - 11 * DAY, now - 10 * DAY, 3, 4))
        .await
        .unwrap();
    fold_all(&db).await.unwrap();
    assert_eq!(total(&db).await, 3);

    assert_eq!(db.purge_hits_before(now - 5 * DAY).await.unwrap(), 3);
    assert_eq!(total(&db).await, 3, "the rollups keep the purged hits");
    db.insert_hits(&hits(&ids, now - 900, now - 1, 2, 5))
        .await
        .unwrap();
    assert_eq!(total(&db).await, 5, "before the fold");
    fold_all(&db).await.unwrap();
    assert_eq!(total(&db).await, 5, "after the fold");
    db.close().await;
}
both!(hits_after_a_purge_of_the_newest_are_still_counted, backend);
