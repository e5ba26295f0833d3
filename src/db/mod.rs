//! The database: one concrete `Db` over SQLite and PostgreSQL, chosen by the URL scheme.
//!
//! SQL that reads the same on both backends is written once with `$n` placeholders (SQLite
//! accepts them too) through [`with_pool!`]; dialect-specific SQL lives in `sqlite.rs` and
//! `postgres.rs`.

mod backup;
pub mod blocked;
mod campaign_names;
pub mod campaigns;
pub mod channels;
mod copy_text;
pub mod domains;
mod finished_fills;
mod fold;
pub mod hits;
mod import;
mod instance_settings;
pub mod invitations;
pub mod link_counts;
pub mod links;
pub mod options;
mod postgres;
pub mod replica;
pub mod report_shares;
pub mod rollups;
#[cfg(test)]
pub(crate) mod scratch;
pub mod site_events;
pub mod site_refusals;
pub mod site_utm;
pub mod sites;
mod sqlite;
mod sqlite_guard;
pub mod stats;
mod tally;
pub mod tokens;
mod tx;
pub mod users;
mod utm_fill;
pub mod webhooks;

use std::sync::Arc;
use std::time::Duration;

use crate::error::log_text;
use anyhow::Context;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{Encode, FromRow, PgPool, Postgres, Sqlite, SqlitePool, Type};

pub use sqlite_guard::{UNAVAILABLE as SQLITE_UNAVAILABLE, primary_code as sqlite_primary_code};

/// Runs the same expression against whichever pool `db` holds.
macro_rules! with_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($pool, _) => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    };
}
pub(crate) use with_pool;

#[derive(Clone, Debug)]
pub enum Db {
    /// The pool, and what this process keeps beside it: the turn at SQLite's one write lock
    /// ([`Db::write_turn`]) and which file it opened.
    Sqlite(SqlitePool, Arc<sqlite_guard::Local>),
    Postgres(PgPool),
}

/// The PostgreSQL channel on which link changes are announced.
pub const LINK_CHANGES: &str = "lanterne_links";

/// Announced in place of a slug when many links changed at once (an import): every
/// instance empties its slug cache. No slug is `*`.
pub const EVERY_LINK: &str = "*";

/// How long opening the database keeps trying while its first connection times out.
const OPEN_PATIENCE: Duration = Duration::from_secs(30);

/// How long a request may wait for a pooled connection before it is told to come back later.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_millis(750);

impl Db {
    /// Opens the database named by `url` (`sqlite:` path or `postgres://`) and applies the
    /// migrations of its backend, and what they leave to Rust (campaign_names.rs).
    ///
    /// A SQLite file that does not exist is created: this is how `lanterne serve` (and
    /// `demo`) start a new database. The other commands use [`Db::connect_existing`].
    pub async fn connect(url: &str) -> anyhow::Result<Db> {
        Db::open(url, true).await
    }

    /// [`Db::connect`] for a database that must exist already: a SQLite file that is not
    /// there is an error naming its absolute path. A command run from another folder than the
    /// server's (the default path is relative), or given a typo, would otherwise create an
    /// empty database and report success: an empty export, a backup of nothing, a token no
    /// server knows.
    pub async fn connect_existing(url: &str) -> anyhow::Result<Db> {
        check_scheme(url)?;
        if let Some(path) = sqlite::missing_file(url).filter(|_| !is_postgres(url)) {
            anyhow::bail!(
                "no Lanterne database at {}: run from the folder where Lanterne runs, or set DATABASE_URL / --database-url",
                path.display()
            );
        }
        Db::open(url, false).await
    }

    async fn open(url: &str, create: bool) -> anyhow::Result<Db> {
        check_scheme(url)?;
        // The pool's short acquire timeout is for requests; opening it on a busy machine (a
        // disk slow to sync the new WAL file) may take longer, and is worth more tries for up
        // to half a minute (a refused connection fails at once).
        let started = std::time::Instant::now();
        let mut attempt = 1;
        let db = loop {
            let opened = if is_postgres(url) {
                postgres::connect(url).await.map(Db::Postgres)
            } else {
                sqlite::connect(url, create)
                    .await
                    .map(|(pool, local)| Db::Sqlite(pool, Arc::new(local)))
            };
            match opened {
                Err(err)
                    if started.elapsed() < OPEN_PATIENCE
                        && matches!(err, sqlx::Error::PoolTimedOut) =>
                {
                    tracing::warn!(attempt, "opening the database timed out; trying again");
                    attempt += 1;
                }
                other => break other?,
            }
        };
        db.migrate().await.context("applying database migrations")?;
        db.fold_campaign_names()
            .await
            .context("folding the names of the campaigns stored before migration 25")?;
        Ok(db)
    }

    async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self {
            Db::Sqlite(pool, _) => sqlx::migrate!("migrations/sqlite").run(pool).await,
            Db::Postgres(pool) => sqlx::migrate!("migrations/postgres").run(pool).await,
        }
    }

    /// `"sqlite"` or `"postgres"`, for logs and metrics.
    pub fn backend(&self) -> &'static str {
        match self {
            Db::Sqlite(..) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    /// The statement that opens a read-only transaction in which every query sees the same
    /// snapshot: on SQLite a deferred transaction keeps the WAL snapshot of its first read.
    pub(crate) fn snapshot_begin(&self) -> &'static str {
        match self {
            Db::Sqlite(..) => "BEGIN",
            Db::Postgres(_) => "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
        }
    }

    /// Waits for the turn at SQLite's write lock; nothing to wait for on PostgreSQL, whose
    /// writers and folds run side by side.
    ///
    /// SQLite has one write lock, and a connection that finds it taken sleeps and tries again
    /// (up to 100 ms at a time) instead of queueing. The hit writer and the fold, the two big
    /// writers, take turns here first, in the order they asked: a fold that goes in steps gives
    /// the writer the lock after each one instead of winning it back, and the hits queued
    /// meanwhile stay few (docs/performance.md, "The fold on SQLite: turns and rests"). Other
    /// writes are short and rely on SQLite's wait. The turn keeps the tally of the hits written
    /// since the last fold (tally.rs).
    pub(crate) async fn write_turn(&self) -> Option<tokio::sync::MutexGuard<'_, tally::Tally>> {
        match self {
            Db::Sqlite(_, local) => Some(local.turn.lock().await),
            Db::Postgres(_) => None,
        }
    }

    /// [`Db::write_turn`] for the hit writer: it waits no longer than SQLite itself would
    /// (its busy timeout), and then fails, so that the batch goes to the spool on disk rather
    /// than the hits piling up in memory behind a long fold step (a refold re-reads a day).
    pub(crate) async fn write_turn_or_busy(
        &self,
    ) -> sqlx::Result<Option<tokio::sync::MutexGuard<'_, tally::Tally>>> {
        tokio::time::timeout(sqlite::BUSY_TIMEOUT, self.write_turn())
            .await
            .map_err(|_| {
                sqlx::Error::Io(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    "a fold held SQLite's write lock longer than the busy timeout",
                ))
            })
    }

    /// Whether the database can take writes now. PostgreSQL: it answers (a server that
    /// cannot write says so on every statement, and its own monitoring watches its disk).
    /// SQLite, which lives on this machine's disk: the file is still the one opened, and a
    /// write commits.
    pub async fn check_writable(&self) -> sqlx::Result<()> {
        match self {
            Db::Sqlite(pool, local) => local.check_writable(pool).await,
            Db::Postgres(pool) => sqlx::query("SELECT 1").execute(pool).await.map(drop),
        }
    }

    /// Connections open and idle, for `/metrics`.
    pub fn pool_state(&self) -> (u32, usize) {
        with_pool!(self, pool => (pool.size(), pool.num_idle()))
    }

    /// Tells every instance that the link of the slug cache's key `slug` (`slug`, or
    /// `host/slug` on a branded domain) changed, or `@domains` that the domains did
    /// (PostgreSQL `NOTIFY`, payload `instance key`). Nothing on SQLite, whose file one
    /// process owns. A lost notification is caught by the periodic check of
    /// [`Db::links_fingerprint`].
    pub async fn announce_link_change(&self, instance: &str, slug: &str) {
        if let Db::Postgres(pool) = self {
            let sent = sqlx::query("SELECT pg_notify($1, $2)")
                .bind(LINK_CHANGES)
                .bind(format!("{instance} {slug}"))
                .execute(pool)
                .await;
            if let Err(err) = sent {
                tracing::warn!(error = %log_text(&err), slug, "could not announce a link change");
            }
        }
    }

    /// Changes whenever a link is created, changed or deleted: the number of links and the
    /// latest change time.
    pub async fn links_fingerprint(&self) -> sqlx::Result<(i64, i64)> {
        with_pool!(self, pool => {
            sqlx::query_as("SELECT COUNT(*), COALESCE(MAX(updated_at), 0) FROM links")
                .fetch_one(pool)
                .await
        })
    }

    pub async fn close(&self) {
        with_pool!(self, pool => pool.close().await)
    }

    /// The row `sql` selects with `key` as `$1`, if there is one: read as an `R` (the table's
    /// row as stored) and made a `T`.
    async fn row_by<'k, K, R, T>(&self, sql: String, key: K) -> sqlx::Result<Option<T>>
    where
        K: 'k + Send + Encode<'k, Sqlite> + Type<Sqlite> + Encode<'k, Postgres> + Type<Postgres>,
        R: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin,
        T: From<R>,
    {
        let row: Option<R> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(key).fetch_optional(pool).await?
        });
        Ok(row.map(T::from))
    }
}

/// Refuses a URL of another database (`mysql://`): anything that is not PostgreSQL would
/// otherwise be read as a SQLite file name, and fail as a file that cannot be opened. A bare
/// path (`lanterne.db`) is a SQLite file.
fn check_scheme(url: &str) -> anyhow::Result<()> {
    let Some((scheme, _)) = url.split_once(':') else {
        return Ok(());
    };
    let is_scheme = scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let known = ["sqlite", "postgres", "postgresql"];
    if is_scheme && !known.iter().any(|k| scheme.eq_ignore_ascii_case(k)) {
        anyhow::bail!(
            "unsupported database URL scheme {scheme:?}: Lanterne stores its data in SQLite (sqlite://lanterne.db) or PostgreSQL (postgres://user@host/db)"
        );
    }
    Ok(())
}

/// `url` names a PostgreSQL database.
fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// What a change to a record found: done, no such record, or its new unique key (a name) is
/// another record's.
#[derive(Debug)]
pub enum Saved<T> {
    Done(T),
    NotFound,
    Taken,
}

/// A write's outcome with its unique key (a slug, a name, an email) found taken told apart
/// from a failure: `Ok(None)`. The one place that reads that from a database error.
fn unless_taken<T>(written: sqlx::Result<T>) -> sqlx::Result<Option<T>> {
    match written {
        Ok(value) => Ok(Some(value)),
        Err(err)
            if err
                .as_database_error()
                .is_some_and(|e| e.is_unique_violation()) =>
        {
            Ok(None)
        }
        Err(err) => Err(err),
    }
}
