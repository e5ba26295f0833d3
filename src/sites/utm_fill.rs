//! The UTM tags of the views stored before migration 0032 whose `utm` held a percent-escape
//! (an accent, `/`, `&` … in a value), which the migration could not decode in SQL alike on
//! both backends: filled once after the migrations, with the events endpoint's own parser
//! ([`UtmTags::from_query`]), in the background while the server serves.

use std::time::Duration;

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::clock::now_ms;
use crate::db::Db;
use crate::error::log_text;
use crate::hits::event::UtmTags;

/// The fill's name in `finished_fills`.
pub const NAME: &str = "site_event_utm_tags";

/// Event ids a batch reads: a range of the primary key, so that each batch reads a few
/// thousand rows and writes in one short transaction however few of them need tags.
const BATCH_IDS: i64 = 5_000;

/// The pause between batches, which leaves the database to requests and the hit writer.
const REST: Duration = Duration::from_millis(10);

/// Tries of a batch that failed (the database busy or gone for a moment) before the fill
/// waits for the next start, the later ones after longer pauses.
const TRIES: u32 = 5;
const RETRY_AFTER: Duration = Duration::from_secs(5);

/// The events the fill has to go through: those stored before this start. The events
/// written since have their tags from the events endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pending {
    /// The lowest and the highest event id; `None` when there is no event.
    ids: Option<(i64, i64)>,
}

/// What the fill has to go through, `None` when it has finished on an earlier start.
pub async fn pending(db: &Db) -> sqlx::Result<Option<Pending>> {
    if db.fill_finished(NAME).await? {
        return Ok(None);
    }
    Ok(Some(Pending {
        ids: db.site_event_ids().await?,
    }))
}

/// Gives the `pending` events whose `utm` holds a percent-escape and that have no tag the
/// tags of their `utm`, a batch of ids at a time, then records that the fill has finished:
/// how many events it gave tags.
///
/// Instances starting together each go through the events, and write the same tags only to
/// the events still without (the first write wins, the others change nothing). An instance
/// stopped before the end leaves the fill to the next start, which reads again the batches
/// done: their events with tags no longer match.
pub async fn fill(db: &Db, pending: Pending) -> sqlx::Result<u64> {
    let mut filled = 0;
    if let Some((first, last)) = pending.ids {
        let mut after = first.saturating_sub(1);
        let mut failures = 0;
        while after < last {
            let through = last.min(after.saturating_add(BATCH_IDS));
            match fill_batch(db, after, through).await {
                Ok(n) => {
                    filled += n;
                    after = through;
                    failures = 0;
                    tokio::time::sleep(REST).await;
                }
                Err(err) if failures + 1 < TRIES => {
                    failures += 1;
                    tracing::warn!(error = %log_text(&err), after, "filling the UTM tags of older views failed; trying again");
                    tokio::time::sleep(RETRY_AFTER * failures).await;
                }
                Err(err) => return Err(err),
            }
        }
    }
    db.finish_fill(NAME, filled, now_ms()).await?;
    Ok(filled)
}

/// One batch: the distinct `utm` texts to decode (views of one campaign share theirs), then
/// one transaction that writes their tags.
async fn fill_batch(db: &Db, after: i64, through: i64) -> sqlx::Result<u64> {
    let tags: Vec<(String, UtmTags)> = db
        .escaped_untagged_utms(after, through)
        .await?
        .into_iter()
        .map(|utm| {
            let tags = UtmTags::from_query(Some(&utm));
            (utm, tags)
        })
        // A utm with no tag among its pairs (`utm_term=%C3%A9` alone) is right as it is.
        .filter(|(_, tags)| *tags != UtmTags::default())
        .collect();
    if tags.is_empty() {
        return Ok(0);
    }
    db.tag_site_events(after, through, &tags).await
}

/// Starts the fill unless it has finished on an earlier start: what it has to go through
/// is read now, before the server serves, and the batches run in the background until
/// `stop`.
pub async fn spawn(db: Db, stop: CancellationToken) -> Option<JoinHandle<()>> {
    let pending = match pending(&db).await {
        Ok(pending) => pending?,
        Err(err) => {
            tracing::warn!(error = %log_text(&err), "reading whether older views need their UTM tags failed; the next start tries again");
            return None;
        }
    };
    Some(tokio::spawn(async move {
        tokio::select! {
            // A transaction dropped here is rolled back; the next start does the rest.
            () = stop.cancelled() => {}
            filled = fill(&db, pending) => match filled {
                // A new database, or one whose views had no escape: nothing worth a line.
                Ok(0) => tracing::debug!("no view stored before migration 0032 needed its UTM tags filled"),
                Ok(events) => tracing::info!(
                    events,
                    "filled the UTM tags of the views stored before migration 0032 whose address held a percent-escape"
                ),
                Err(err) => tracing::warn!(error = %log_text(&err), "filling the UTM tags of older views failed; the next start tries again"),
            },
        }
    }))
}
