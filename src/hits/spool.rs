//! The spool: when the database cannot take a batch, the batch goes to a local append-only
//! file instead of waiting in memory, and is replayed exactly once when the database is back.
//!
//! Spooled hits are already enriched: no address is ever written to disk. Each batch is one
//! segment file named by the batch id; storing a batch records that id in the same
//! transaction as its hits (`hit_batches`), so neither a commit that went unacknowledged nor
//! a crash between a replay and the file's removal can store a batch twice.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering::Relaxed;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::event::{EventRow, UtmTags};
use super::ledger::Ledger;
use super::{HitBatch, HitOrigin, HitRow, PrivatePage};
use crate::classify::Signals;
use crate::db::Db;
use crate::error::log_text;
use crate::metrics::Metrics;

#[derive(Clone, Debug)]
pub struct Spool {
    dir: PathBuf,
}

/// One line of a segment file: a hit, or the count of a link's private hits; an event of
/// the site snippet, or the count of a page's private views. Told apart by their fields
/// (`link_id` for a hit, `site_id` for an event), so segments written before events existed
/// read as they did.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Line {
    Private {
        private_link: i64,
        count: i64,
    },
    Hit(Box<Hit>),
    Event(Box<Event>),
    PrivateView {
        private_site: i64,
        page: String,
        day: i64,
        count: i64,
    },
}

/// What a hit and an event share in a segment file: the request as the writer classified
/// and located it. Flattened into both, so their lines read as they always have.
#[derive(Serialize, Deserialize)]
struct Seen {
    at: i64,
    #[serde(flatten)]
    origin: HitOrigin,
    visitor: Option<i64>,
    kind: String,
    source: Option<String>,
    platform: String,
    evidence: String,
}

/// An event as written to a segment file.
#[derive(Serialize, Deserialize)]
struct Event {
    site_id: i64,
    event: String,
    page: String,
    utm: Option<String>,
    internal: bool,
    share_id: Option<String>,
    parent: Option<String>,
    channel: Option<String>,
    #[serde(flatten)]
    seen: Seen,
}

/// A hit as written to a segment file.
#[derive(Serialize, Deserialize)]
struct Hit {
    link_id: i64,
    method: String,
    #[serde(flatten)]
    seen: Seen,
    /// Absent from segments spooled before signals were stored: nothing observed.
    #[serde(default)]
    signals: i32,
    /// Absent from segments written before hits had destinations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    destination: Option<i16>,
}

impl Spool {
    pub fn open(dir: &Path) -> std::io::Result<Spool> {
        std::fs::create_dir_all(dir)?;
        Ok(Spool {
            dir: dir.to_owned(),
        })
    }

    /// Writes batch `id` as a new segment, flushed to disk before returning.
    pub fn append(&self, id: &str, batch: &HitBatch) -> std::io::Result<()> {
        let tmp = self.dir.join(format!("{id}.tmp"));
        let mut file = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        let hits = batch
            .rows
            .iter()
            .map(|row| Line::Hit(Box::new(Hit::from(row))));
        let private = batch
            .private
            .iter()
            .map(|(&private_link, &count)| Line::Private {
                private_link,
                count,
            });
        let events = batch
            .events
            .iter()
            .map(|row| Line::Event(Box::new(Event::from(row))));
        let private_views = batch
            .private_views
            .iter()
            .map(|(page, &count)| Line::PrivateView {
                private_site: page.site_id,
                page: page.page.clone(),
                day: page.day,
                count,
            });
        for line in hits.chain(private).chain(events).chain(private_views) {
            serde_json::to_writer(&mut file, &line)?;
            file.write_all(b"\n")?;
        }
        file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        // A segment appears whole or not at all.
        std::fs::rename(&tmp, self.dir.join(format!("{id}.jsonl")))
    }

    /// Segment files waiting for the database, oldest name first.
    pub fn segments(&self) -> Vec<PathBuf> {
        let mut found: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
                    .collect()
            })
            .unwrap_or_default();
        found.sort();
        found
    }

    /// Hits waiting in the spool.
    pub fn pending(&self) -> usize {
        self.segments()
            .iter()
            .filter_map(|p| std::fs::read(p).ok())
            .map(|bytes| bytes.iter().filter(|&&b| b == b'\n').count())
            .sum()
    }

    /// Replays every segment, oldest first, telling `stored` how many hits of each are in the
    /// database now; stops at the first that fails.
    pub async fn replay(&self, db: &Db, mut stored: impl FnMut(u64)) -> anyhow::Result<()> {
        for path in self.segments() {
            let segment = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("")
                .to_owned();
            let text = std::fs::read_to_string(&path)?;
            let mut batch = HitBatch::default();
            for line in text
                .lines()
                .filter_map(|line| serde_json::from_str::<Line>(line).ok())
            {
                match line {
                    Line::Hit(hit) => batch.rows.push(HitRow::from(*hit)),
                    Line::Private {
                        private_link,
                        count,
                    } => {
                        *batch.private.entry(private_link).or_default() += count;
                    }
                    Line::Event(event) => batch.events.push(EventRow::from(*event)),
                    Line::PrivateView {
                        private_site,
                        page,
                        day,
                        count,
                    } => {
                        let page = PrivatePage {
                            site_id: private_site,
                            page,
                            day,
                        };
                        *batch.private_views.entry(page).or_default() += count;
                    }
                }
            }
            // Stored now, or stored before by a commit whose acknowledgement was lost (the
            // writer spooled the batch it thought had failed): in the database either way.
            db.insert_hit_batch(&segment, &batch).await?;
            std::fs::remove_file(&path)?;
            // Told segment by segment: when a later one fails, those before are stored.
            stored(batch.len() as u64);
        }
        Ok(())
    }
}

/// Replays the spool every few seconds while the server runs, and keeps the crash ledger's
/// count of hits in memory close to the truth.
pub fn spawn_replayer(
    spool: Spool,
    db: Db,
    metrics: Arc<Metrics>,
    ledger: Arc<Ledger>,
    stop: CancellationToken,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(2));
        loop {
            tokio::select! {
                () = stop.cancelled() => break,
                _ = tick.tick() => {}
            }
            ledger.refresh(&metrics);
            if spool.segments().is_empty() {
                continue;
            }
            let mut replayed = 0;
            let result = spool
                .replay(&db, |n| {
                    metrics.hits_stored.fetch_add(n, Relaxed);
                    metrics.hits_replayed.fetch_add(n, Relaxed);
                    replayed += n;
                })
                .await;
            if replayed > 0 {
                tracing::info!(hits = replayed, "replayed spooled hits into the database");
            }
            if let Err(err) = result {
                tracing::debug!(error = %log_text(err.as_ref()), "the spool waits for the database");
            }
        }
    })
}

impl From<&HitRow> for Seen {
    fn from(h: &HitRow) -> Seen {
        Seen {
            at: h.at,
            origin: HitOrigin {
                referrer: h.referrer.clone(),
                referrer_host: h.referrer_host.clone(),
                user_agent: h.user_agent.as_deref().map(str::to_owned),
                browser: h.browser.as_deref().map(str::to_owned),
                os: h.os.as_deref().map(str::to_owned),
                device: h.device.into(),
                country: h.country.clone(),
                city: h.city.clone(),
            },
            visitor: h.visitor,
            kind: h.kind.into(),
            source: h.source.map(Into::into),
            platform: h.platform.into(),
            evidence: h.evidence.into(),
        }
    }
}

impl Seen {
    /// The row it was written from; what a segment does not keep is given.
    fn into_row(
        self,
        link_id: i64,
        method: &str,
        signals: i32,
        destination: Option<i16>,
    ) -> HitRow {
        let origin = self.origin;
        HitRow {
            link_id,
            at: self.at,
            method: intern(method),
            referrer: origin.referrer,
            referrer_host: origin.referrer_host,
            user_agent: origin.user_agent.map(Arc::from),
            browser: origin.browser.map(Arc::from),
            os: origin.os.map(Arc::from),
            device: intern(&origin.device),
            country: origin.country,
            city: origin.city,
            visitor: self.visitor,
            kind: intern(&self.kind),
            source: self.source.as_deref().map(intern),
            platform: intern(&self.platform),
            evidence: intern(&self.evidence),
            signals: Signals::from_bits(signals),
            destination,
        }
    }
}

impl From<&HitRow> for Hit {
    fn from(h: &HitRow) -> Hit {
        Hit {
            link_id: h.link_id,
            method: h.method.into(),
            seen: Seen::from(h),
            signals: h.signals.bits(),
            destination: h.destination,
        }
    }
}

impl From<Hit> for HitRow {
    fn from(h: Hit) -> HitRow {
        h.seen
            .into_row(h.link_id, &h.method, h.signals, h.destination)
    }
}

impl From<&EventRow> for Event {
    fn from(e: &EventRow) -> Event {
        Event {
            site_id: e.site_id,
            event: e.event.into(),
            page: e.page.clone(),
            utm: e.utm.clone(),
            internal: e.internal,
            share_id: e.share_id.clone(),
            parent: e.parent.clone(),
            channel: e.channel.clone(),
            seen: Seen::from(&e.hit),
        }
    }
}

impl From<Event> for EventRow {
    fn from(e: Event) -> EventRow {
        EventRow {
            site_id: e.site_id,
            event: intern(&e.event),
            page: e.page,
            // Not spooled: read back from `utm`, so segments read the same before and after.
            utm_tags: UtmTags::from_query(e.utm.as_deref()),
            utm: e.utm,
            internal: e.internal,
            share_id: e.share_id,
            parent: e.parent,
            channel: e.channel,
            // An event's link, method and signals are never stored: none are spooled.
            hit: e.seen.into_row(0, "GET", 0, None),
        }
    }
}

/// The class names of hits are `&'static str` (they come from compiled-in tables); names read
/// back from a spool are interned once each. The set is bounded by the tables' vocabulary.
fn intern(s: &str) -> &'static str {
    static NAMES: LazyLock<Mutex<HashSet<&'static str>>> = LazyLock::new(Default::default);
    let mut names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(name) = names.get(s) {
        return name;
    }
    let name: &'static str = Box::leak(s.to_owned().into_boxed_str());
    names.insert(name);
    name
}
