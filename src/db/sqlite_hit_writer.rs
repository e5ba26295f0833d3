//! The hit writer's own SQLite connection, whose thread yields to the request workers.
//!
//! sqlx runs each SQLite connection on a thread of its own. Under a flood of redirects the
//! writer's statements keep that thread busy a third of a core or more, and each time it runs it
//! can take a core from a worker in the middle of a redirect: wrk sees it as the tail of the
//! latency (docs/performance.md, "SQLite's hit writer below the workers"). At nice 10 the
//! thread still gets every idle moment of the cores, and a tenth of a busy one.
//!
//! Only while the writer keeps up: a writer that falls behind writes on the pool's
//! connections, at the process's own priority, until it has caught up (`Writer::write`). The
//! fold stays on the pool too: its steps hold SQLite's one write lock, which must not wait on a
//! thread that yields to everything else.

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

use super::ACQUIRE_TIMEOUT;
use super::sqlite_guard as guard;

/// What Linux keeps of a thread's name (15 bytes) starts with this.
const NAME: &str = "hit-writer-";

/// Nice value of the writer's thread; the workers stay at the process's own.
#[cfg(target_os = "linux")]
const NICE: i32 = 10;

/// Opens (lazily) the writer's one connection, on a thread named and lowered as above.
pub(super) fn connect(options: &SqliteConnectOptions) -> SqlitePool {
    let options = options.clone().thread_name(|id| format!("{NAME}{id}"));
    SqlitePoolOptions::new()
        .max_connections(1)
        .min_connections(0)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .after_connect(|conn, _| {
            // The new connection's thread exists now.
            lower();
            Box::pin(guard::can_write(conn))
        })
        .after_release(|conn, _| Box::pin(guard::still_usable(conn)))
        .connect_lazy_with(options)
}

/// Lowers every thread of this process named [`NAME`] to [`NICE`] (the ones lowered before
/// are set again, to the same value).
#[cfg(target_os = "linux")]
fn lower() {
    use rustix::process::{Pid, setpriority_process};
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return;
    };
    for task in tasks.flatten() {
        let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
        let tid = task.file_name().to_str().and_then(|t| t.parse().ok());
        let Some(thread) = tid.and_then(Pid::from_raw) else {
            continue;
        };
        if comm.starts_with(NAME) {
            // On Linux the nice value belongs to the thread whose id is given. Raising it
            // needs no privilege; should it fail, the thread keeps the process's.
            if let Err(err) = setpriority_process(Some(thread), NICE) {
                tracing::debug!(?thread, error = %err, "cannot lower the hit writer's thread");
            }
        }
    }
}

/// Elsewhere the thread keeps the process's priority.
#[cfg(not(target_os = "linux"))]
fn lower() {}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use crate::hits::HitBatch;

    /// Nice value of thread `tid` (field 19 of its `stat`, after the parenthesised name).
    fn nice_of(tid: &str) -> i32 {
        let stat = std::fs::read_to_string(format!("/proc/self/task/{tid}/stat")).unwrap();
        let after_name = &stat[stat.rfind(')').unwrap() + 2..];
        after_name.split(' ').nth(16).unwrap().parse().unwrap()
    }

    /// Nice values of this process's threads whose name starts with `prefix`.
    fn nice_of_threads_named(prefix: &str) -> Vec<i32> {
        std::fs::read_dir("/proc/self/task")
            .unwrap()
            .flatten()
            .filter(|task| {
                std::fs::read_to_string(task.path().join("comm"))
                    .is_ok_and(|comm| comm.starts_with(prefix))
            })
            .map(|task| nice_of(task.file_name().to_str().unwrap()))
            .collect()
    }

    /// The writer's batches go to a connection on a thread at nice 10; the pool's threads,
    /// which answer requests and fold, stay at the process's priority.
    #[tokio::test]
    async fn the_writers_connection_runs_below_the_pools() {
        let scratch = crate::db::scratch::Scratch::sqlite("hit-writer").await;
        let db = &scratch.db;
        let crate::db::Db::Sqlite(pool, _) = db else {
            unreachable!()
        };
        sqlx::query(
            "INSERT INTO links (id, slug, url, created_at, updated_at) \
             VALUES (1, 'a', 'https://example.org/', 0, 0)",
        )
        .execute(pool)
        .await
        .unwrap();
        let mut batch = HitBatch::default();
        batch.private.insert(1, 1);
        assert!(
            db.insert_hit_batch_below_workers("b", &batch)
                .await
                .unwrap()
        );
        // Other tests of this process may have writers of their own: all are lowered.
        let writers = nice_of_threads_named(NAME);
        assert!(!writers.is_empty());
        assert!(writers.iter().all(|&nice| nice == NICE), "{writers:?}");
        let pool_threads = nice_of_threads_named("sqlx-sqlite-wor");
        assert!(!pool_threads.is_empty());
        assert!(
            pool_threads.iter().all(|&nice| nice == 0),
            "{pool_threads:?}"
        );
    }
}
