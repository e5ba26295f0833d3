//! Writing a checked plan: the new links in transactions of [`CHUNK`] rows, each one
//! multi-row INSERT (a row a statement would cap the import at the speed of SQLite's worker
//! thread; docs/performance.md, "Import").

use super::Problem;
use super::check::{Plan, Verdict, the_slug};
use crate::clock::now_ms;
use crate::db::Db;
use crate::i18n::Message;

/// Rows a transaction writes: short enough that the hit writer waits at most a few
/// milliseconds for SQLite's write lock between two.
pub const CHUNK: usize = 500;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub created: usize,
    pub unchanged: usize,
    pub problems: Vec<Problem>,
}

impl Summary {
    pub fn rows(&self) -> usize {
        self.created + self.unchanged + self.problems.len()
    }
}

/// Inserts the plan's new links; `progress` hears how many rows are done after each
/// transaction. A slug taken between the check and the write is reported as a problem.
pub async fn apply(
    db: &Db,
    plan: Plan,
    progress: &(dyn Fn(usize) + Sync),
) -> sqlx::Result<Summary> {
    let mut summary = Summary {
        unchanged: plan.count(|v| *v == Verdict::Unchanged),
        problems: plan.problems(),
        created: 0,
    };
    let mut done = summary.rows();
    progress(done);
    let now = now_ms();
    let new: Vec<_> = plan
        .rows
        .into_iter()
        .filter_map(|r| r.new.map(|n| (r.line, n)))
        .collect();
    for chunk in new.chunks(CHUNK) {
        let links: Vec<_> = chunk.iter().map(|(_, link)| link).collect();
        let written = db.insert_imported(&links, now).await?;
        for (line, (link, _)) in chunk {
            if written.contains(&(link.spec.domain.clone(), link.spec.slug.clone())) {
                summary.created += 1;
            } else {
                summary.problems.push(Problem {
                    line: *line,
                    reason: Message::new("refusal-import-slug-raced")
                        .with("slug", the_slug(&link.spec.slug, &link.spec.domain)),
                });
            }
        }
        done += chunk.len();
        progress(done);
    }
    summary.problems.sort_by_key(|p| p.line);
    Ok(summary)
}
