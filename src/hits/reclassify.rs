//! Re-running the classifier over stored hits, so that a better table improves past data.

use indicatif::{ProgressBar, ProgressStyle};

use crate::classify::{Signals, classify};
use crate::db::Db;

const CHUNK: i64 = 5_000;

/// Re-classifies every stored hit, then recounts the rollups; returns (examined, changed).
pub async fn run(db: &Db, progress: bool) -> anyhow::Result<(u64, u64)> {
    let total = db.count_hits().await?;
    let bar = if progress {
        ProgressBar::new(total as u64)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} hits ({percent}%), {msg}")
            .expect("a valid template"),
    );
    let (mut after, mut examined, mut changed) = (0, 0u64, 0u64);
    loop {
        let hits = db.hits_for_classification(after, CHUNK).await?;
        let Some(last) = hits.last() else { break };
        after = last.id;
        let classes: Vec<_> = hits
            .iter()
            .map(|hit| {
                let class = classify(
                    hit.method == "HEAD",
                    hit.referrer.as_deref(),
                    hit.user_agent.as_deref().unwrap_or(""),
                    Signals::from_bits(hit.signals),
                );
                (hit, class)
            })
            .collect();
        let changes: Vec<_> = classes
            .iter()
            .filter(|(hit, class)| {
                hit.kind != class.kind.as_str()
                    || hit.source.as_deref() != class.source.map(|s| s.as_str())
                    || hit.platform != class.platform
                    || hit.evidence != class.evidence.as_str()
            })
            .map(|(hit, class)| {
                (
                    hit.id,
                    class.kind.as_str(),
                    class.source.map(|s| s.as_str()),
                    class.platform,
                    class.evidence.as_str(),
                )
            })
            .collect();
        db.update_classes(&changes).await?;
        examined += hits.len() as u64;
        changed += changes.len() as u64;
        bar.set_position(examined);
        bar.set_message(format!("{changed} changed"));
    }
    bar.finish();
    if changed > 0 {
        // The rollups counted the old classes: count the hit log into them again.
        db.refold_hit_log().await?;
        super::rollup::fold_all(db).await?;
    }
    Ok((examined, changed))
}
