//! Keeping a SQLite pool honest through disk faults: a connection that cannot write is never
//! handed out, one left inside a failed transaction is closed, and readiness checks that the
//! file opened is still there and takes a write.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::{Connection, Executor, SqliteConnection, SqlitePool};

use super::sqlite::BUSY_TIMEOUT;

const SQLITE_BUSY: i32 = 5;

/// SQLite's primary result codes of a database that cannot take a query now: busy or locked
/// by another writer, read-only, an I/O error, a full disk, a file it cannot open, a locking
/// protocol error (<https://sqlite.org/rescode.html>).
pub const UNAVAILABLE: [i32; 7] = [SQLITE_BUSY, 6, 8, 10, 13, 14, 15];

/// The primary result code of a SQLite error (its extended code's low byte).
pub fn primary_code(err: &sqlx::Error) -> Option<i32> {
    let err = err.as_database_error()?;
    err.try_downcast_ref::<sqlx::sqlite::SqliteError>()?;
    let code: i32 = err.code()?.parse().ok()?;
    Some(code & 0xff)
}

/// Refuses a connection that could never write. One opened while the write-ahead log cannot
/// be opened for writing (a disk fault, a file made immutable) gets the log read-only for
/// its whole life, and would fail every write long after the fault cleared. Starting a write
/// transaction finds out without writing anything: SQLite says "read-only" before it even
/// asks for the write lock, so a busy lock (another writer) is an answer too, given at once.
pub(super) async fn can_write(conn: &mut SqliteConnection) -> sqlx::Result<()> {
    conn.execute("PRAGMA busy_timeout = 0").await?;
    let probe = conn.execute("BEGIN IMMEDIATE").await;
    if probe.is_ok() {
        conn.execute("ROLLBACK").await?;
    }
    let restore = format!("PRAGMA busy_timeout = {}", BUSY_TIMEOUT.as_millis());
    conn.execute(sqlx::AssertSqlSafe(restore)).await?;
    match probe {
        Err(err) if primary_code(&err) == Some(SQLITE_BUSY) => Ok(()),
        // sqlx logs the refusal and opens another connection, until the pool's timeout.
        Err(err) => Err(err),
        Ok(_) => Ok(()),
    }
}

/// Whether a connection handed back to the pool may serve again. After a write error (a disk
/// that is full or refuses writes), SQLite may already have rolled the transaction back, and
/// the `ROLLBACK` sqlx sends when the transaction is dropped then fails: the connection still
/// counts as inside a transaction, and its next `BEGIN` would be a savepoint inside whatever
/// SQLite holds, so writes acknowledged on it were never committed and its lock shut every
/// other writer out until a restart. Such a connection is closed instead, which rolls back
/// what is left; the pool opens a fresh one.
pub(super) async fn still_usable(conn: &mut SqliteConnection) -> sqlx::Result<bool> {
    // The rollback of a dropped transaction is queued on the connection's worker; a round
    // trip behind it settles the count of open transactions.
    conn.ping().await?;
    if conn.is_in_transaction() {
        tracing::warn!("a SQLite connection was left inside a failed transaction; closing it");
        return Ok(false);
    }
    Ok(true)
}

/// What this process keeps beside its SQLite pool.
#[derive(Debug)]
pub struct Local {
    /// The turn at the write lock ([`super::Db::write_turn`]), with the tally of the hits
    /// written since the last fold.
    pub(super) turn: tokio::sync::Mutex<super::tally::Tally>,
    /// The file opened and its identity then; none for an in-memory database.
    file: Option<(PathBuf, FileId)>,
}

/// A file's device and inode: a file deleted, or replaced by another, no longer has them.
type FileId = (u64, u64);

fn file_id(path: &Path) -> std::io::Result<FileId> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path)?;
    Ok((meta.dev(), meta.ino()))
}

/// How long readiness waits for its probe write (behind the hit writer or a fold step).
const PROBE_WAIT: Duration = Duration::from_secs(2);

impl Local {
    pub(super) fn new(path: &Path) -> Local {
        Local {
            turn: tokio::sync::Mutex::default(),
            file: file_id(path).ok().map(|id| (path.to_owned(), id)),
        }
    }

    /// Fails when the file opened was deleted or replaced since: SQLite keeps writing into
    /// the deleted inode, which vanishes with the process.
    pub(super) fn file_still_there(&self) -> sqlx::Result<()> {
        let Some((path, opened)) = &self.file else {
            return Ok(());
        };
        match file_id(path) {
            Ok(now) if now == *opened => Ok(()),
            found => {
                let what = if found.is_ok() { "replaced" } else { "deleted" };
                Err(sqlx::Error::Io(std::io::Error::other(format!(
                    "the database file {} was {what} while the server ran; restore it and restart",
                    path.display()
                ))))
            }
        }
    }

    /// Ready when the file is still the one opened and a write commits: a read alone would
    /// succeed on a disk that takes no more writes.
    pub(super) async fn check_writable(&self, pool: &SqlitePool) -> sqlx::Result<()> {
        self.file_still_there()?;
        // A one-row change to the same value still writes a page to the log and commits it.
        let probe = sqlx::query("UPDATE rollup_state SET id = id WHERE id = 1").execute(pool);
        match tokio::time::timeout(PROBE_WAIT, probe).await {
            Ok(done) => done.map(drop),
            Err(_) => Err(sqlx::Error::PoolTimedOut),
        }
    }
}
