//! SQLite's connection threads yield to the workers that answer requests. sqlx runs each
//! SQLite connection on a thread of its own, and under a flood of redirects the hit writer's
//! statements woke those threads hundreds of times a second: each wake-up could take a core
//! from a worker in the middle of a redirect, and wrk saw it as the tail of the latency
//! (docs/performance.md, "SQLite's threads below the workers"). At nice 10 they still get
//! every idle moment of the cores, and a tenth of a busy core, which the writer has kept up
//! with.

/// What Linux keeps of a thread's name (15 bytes) starts with this.
const NAME: &str = "db-sqlite-";

/// Nice value of the connection threads; the workers stay at the process's own (0).
#[cfg(target_os = "linux")]
const NICE: i32 = 10;

#[cfg(target_os = "linux")]
use rustix::process::{Pid, setpriority_process};

/// The name of connection `id`'s thread.
pub(super) fn name(id: u64) -> String {
    format!("{NAME}{id}")
}

/// Lowers every SQLite connection thread of this process to [`NICE`] (called as each
/// connection opens; the threads lowered before are set again, to the same value).
#[cfg(target_os = "linux")]
pub(super) fn lower() {
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
                tracing::debug!(?thread, error = %err, "cannot lower a SQLite thread");
            }
        }
    }
}

/// Elsewhere the threads keep the process's priority.
#[cfg(not(target_os = "linux"))]
pub(super) fn lower() {}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// Nice value of thread `tid` (field 19 of its `stat`, after the parenthesised name).
    fn nice_of(tid: &str) -> i32 {
        let stat = std::fs::read_to_string(format!("/proc/self/task/{tid}/stat")).unwrap();
        let after_name = &stat[stat.rfind(')').unwrap() + 2..];
        after_name.split(' ').nth(16).unwrap().parse().unwrap()
    }

    /// Threads of this process whose name starts with `prefix`.
    fn threads_named(prefix: &str) -> Vec<String> {
        std::fs::read_dir("/proc/self/task")
            .unwrap()
            .flatten()
            .filter(|task| {
                std::fs::read_to_string(task.path().join("comm"))
                    .unwrap()
                    .starts_with(prefix)
            })
            .map(|task| task.file_name().into_string().unwrap())
            .collect()
    }

    #[test]
    fn lowers_the_threads_so_named_and_no_other() {
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let (started, tid) = std::sync::mpsc::channel();
        let thread = std::thread::Builder::new()
            .name(name(4_000_000_000))
            .spawn(move || {
                started
                    .send(rustix::thread::gettid().as_raw_nonzero())
                    .unwrap();
                stopped.recv().ok();
            })
            .unwrap();
        let tid = tid.recv().unwrap().to_string();
        lower();
        assert_eq!(nice_of(&tid), NICE);
        let own = rustix::thread::gettid().as_raw_nonzero().to_string();
        assert_eq!(nice_of(&own), 0, "the calling thread was lowered too");
        stop.send(()).unwrap();
        thread.join().unwrap();
    }

    /// The pool names its threads so, and lowers them as its connections open.
    #[tokio::test]
    async fn a_sqlite_pool_runs_its_connections_below_the_workers() {
        let dir = std::env::temp_dir().join(format!("threads-{:016x}", rand::random::<u64>()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = crate::db::Db::connect(&format!("sqlite://{}", dir.join("t.db").display()))
            .await
            .unwrap();
        let lowered = threads_named(NAME)
            .iter()
            .filter(|tid| nice_of(tid) == NICE)
            .count();
        assert!(lowered > 0, "no SQLite connection thread at nice {NICE}");
        drop(db);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
