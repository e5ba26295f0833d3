//! Filling `campaigns.folded_name` (migration 0025) for the campaigns stored before it, at
//! start-up: the fold is Rust's ([`folded_name`]), which SQL cannot compute the same on both
//! backends. Campaigns whose names fold alike are merged first, into the oldest.

use std::collections::BTreeMap;

use super::links::next_updated_at;
use super::tx::on_tx;
use super::{Db, with_pool};
use crate::campaigns::folded_name;

/// A stored campaign: its id, its name, and whether its folded name is stored.
type Stored = (i64, String, bool);

/// The campaigns that fold to one name: the one kept, and the others merged into it.
#[derive(Debug, PartialEq)]
struct Merge {
    folded: String,
    kept: Stored,
    merged: Vec<Stored>,
}

/// What filling the folded names does to `campaigns` (in order of id): for each folded name
/// with a campaign that lacks it, the campaign kept — the one that has it already (made by
/// this version since the migration), else the oldest — and the others, merged into it.
fn merges(campaigns: Vec<Stored>) -> Vec<Merge> {
    let mut by_fold: BTreeMap<String, Vec<Stored>> = BTreeMap::new();
    for campaign in campaigns {
        by_fold
            .entry(folded_name(&campaign.1))
            .or_default()
            .push(campaign);
    }
    by_fold
        .into_iter()
        .filter(|(_, group)| group.iter().any(|c| !c.2))
        .map(|(folded, mut merged)| {
            let kept = merged.iter().position(|c| c.2).unwrap_or(0);
            let kept = merged.remove(kept);
            Merge {
                folded,
                kept,
                merged,
            }
        })
        .collect()
}

impl Db {
    /// Gives every campaign its folded name, merging those whose names fold alike: their
    /// links (with their hits) take the kept campaign's name, their report share links point
    /// to it, and the kept one keeps its settings. Nothing to do once done.
    pub(super) async fn fold_campaign_names(&self) -> sqlx::Result<()> {
        let unfolded: i64 = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM campaigns WHERE folded_name IS NULL")
                .fetch_one(pool)
                .await?
        });
        if unfolded == 0 {
            return Ok(());
        }
        // Instances starting together do it once: the second reads what the first did.
        let mut tx = self
            .begin_locked("LOCK TABLE campaigns IN SHARE ROW EXCLUSIVE MODE")
            .await?;
        let now = crate::clock::now_ms();
        on_tx!(&mut tx, tx => {
            let campaigns: Vec<Stored> = sqlx::query_as(
                "SELECT id, name, folded_name IS NOT NULL FROM campaigns ORDER BY id",
            )
            .fetch_all(&mut **tx)
            .await?;
            for merge in merges(campaigns) {
                let (kept_id, kept_name, _) = &merge.kept;
                for (id, name, _) in &merge.merged {
                    tracing::warn!(
                        kept = %kept_name,
                        merged = %name,
                        "two campaigns' names differ only in letter case: merged into one"
                    );
                    sqlx::query(concat!(
                        "UPDATE links SET campaign = $1, updated_at = ",
                        next_updated_at!("$3"),
                        " WHERE campaign = $2",
                    ))
                    .bind(kept_name)
                    .bind(name)
                    .bind(now)
                    .execute(&mut **tx)
                    .await?;
                    sqlx::query("UPDATE report_shares SET campaign_id = $1 WHERE campaign_id = $2")
                        .bind(kept_id)
                        .bind(id)
                        .execute(&mut **tx)
                        .await?;
                    sqlx::query("DELETE FROM campaigns WHERE id = $1")
                        .bind(id)
                        .execute(&mut **tx)
                        .await?;
                }
                sqlx::query("UPDATE campaigns SET folded_name = $2 WHERE id = $1")
                    .bind(kept_id)
                    .bind(&merge.folded)
                    .execute(&mut **tx)
                    .await?;
            }
        });
        tx.commit().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(id: i64, name: &str, folded: bool) -> Stored {
        (id, name.to_owned(), folded)
    }

    #[test]
    fn the_oldest_of_names_folding_alike_is_kept() {
        let campaigns = vec![
            stored(1, "Été 2027", false),
            stored(2, "Spring", false),
            stored(3, "ÉTÉ 2027", false),
            stored(4, "été 2027 ", false),
        ];
        assert_eq!(
            merges(campaigns),
            [
                Merge {
                    folded: "spring".into(),
                    kept: stored(2, "Spring", false),
                    merged: vec![],
                },
                Merge {
                    folded: "été 2027".into(),
                    kept: stored(1, "Été 2027", false),
                    merged: vec![stored(3, "ÉTÉ 2027", false), stored(4, "été 2027 ", false)],
                },
            ]
        );
    }

    #[test]
    fn a_campaign_with_its_folded_name_is_kept_and_left_alone() {
        let campaigns = vec![
            stored(1, "Printemps", false),
            stored(2, "PRINTEMPS", true),
            stored(3, "Done", true),
        ];
        assert_eq!(
            merges(campaigns),
            [Merge {
                folded: "printemps".into(),
                kept: stored(2, "PRINTEMPS", true),
                merged: vec![stored(1, "Printemps", false)],
            }]
        );
    }
}
