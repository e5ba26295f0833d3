//! Which one-time fills of stored rows have finished (migration 0034): what Lanterne fills in
//! Rust after the migrations is read through once, not at every start.

use super::{Db, with_pool};

impl Db {
    /// Whether the fill `name` has gone through every row it was for.
    pub async fn fill_finished(&self, name: &str) -> sqlx::Result<bool> {
        let rows: i64 = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM finished_fills WHERE name = $1")
                .bind(name)
                .fetch_one(pool)
                .await?
        });
        Ok(rows > 0)
    }

    /// Records that the fill `name` has finished, having filled `rows`. An instance that
    /// finished the same fill first keeps its row.
    pub async fn finish_fill(&self, name: &str, rows: u64, now: i64) -> sqlx::Result<()> {
        with_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO finished_fills (name, rows_filled, finished_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (name) DO NOTHING",
            )
            .bind(name)
            .bind(i64::try_from(rows).unwrap_or(i64::MAX))
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }
}
