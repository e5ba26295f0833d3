//! `lanterne backup`: a consistent copy of a SQLite database, made while Lanterne runs.

use std::path::Path;

use super::Db;

impl Db {
    /// Copies a SQLite database into `file` with `VACUUM INTO`: one read transaction, so
    /// the copy is the database as it was when the copy began, every committed hit in it,
    /// while writers go on. PostgreSQL has its own tools (docs/reliability.md).
    pub async fn backup_into(&self, file: &Path) -> anyhow::Result<()> {
        let Db::Sqlite(pool, _) = self else {
            anyhow::bail!(
                "lanterne backup copies SQLite databases; back PostgreSQL up with pg_dump, or base backups with WAL archiving (docs/reliability.md, \"Backing up PostgreSQL\")"
            );
        };
        if file.exists() {
            anyhow::bail!("{} exists already; name a new file", file.display());
        }
        let path = file
            .to_str()
            .ok_or_else(|| anyhow::anyhow!("{} is not a UTF-8 path", file.display()))?;
        sqlx::query("VACUUM INTO $1")
            .bind(path)
            .execute(pool)
            .await
            .map_err(|e| anyhow::anyhow!("copying the database into {path} failed: {e}"))?;
        Ok(())
    }
}
