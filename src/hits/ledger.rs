//! The crash ledger: a file in the spool directory that, while the server runs, always holds
//! at least the number of hits held only in memory (queued, in the writer's batch, or waiting
//! for room), so that after a SIGKILL the next start can say how many could have been lost.
//! A clean stop removes it.
//!
//! The file only has to change when the count rises past what it says: the push that finds
//! the count above the recorded bound raises it by [`SLACK`] in one small write before its
//! redirect is answered, so under load the file is rewritten at most once per `SLACK` hits of
//! growth; a refresh every few seconds lowers it again. Writes are not synced: a killed
//! process's writes live on in the page cache. A power cut can lose the last writes, which is
//! why the number is promised for a crash of the process, not of the machine.

use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::Ordering::SeqCst;
use std::sync::atomic::{AtomicU64, fence};

use crate::metrics::Metrics;

/// How far above the current count a raise sets the bound.
const SLACK: u64 = 1024;

/// Name of the file that exists while a server runs.
const RUNNING: &str = "running";

/// Fixed width, so a rewrite never leaves a longer old number's tail behind.
const WIDTH: usize = 20;

#[derive(Debug)]
pub struct Ledger {
    path: PathBuf,
    /// What the file says, or more (never less while a push is being answered).
    bound: AtomicU64,
    file: Mutex<File>,
}

impl Ledger {
    /// Marks the server as running in `dir`. Logs a warning with what the previous run may
    /// have lost when it stopped without a clean shutdown.
    pub fn open(dir: &Path) -> io::Result<Ledger> {
        let path = dir.join(RUNNING);
        match std::fs::read_to_string(&path) {
            Ok(text) => match text.trim().parse::<u64>() {
                Ok(lost) => tracing::warn!(
                    up_to = lost,
                    "the previous run stopped without a clean shutdown: up to {lost} hits held in memory may be lost"
                ),
                Err(_) => tracing::warn!(
                    "the previous run stopped without a clean shutdown: an unknown number of hits held in memory may be lost"
                ),
            },
            Err(err) if err.kind() == io::ErrorKind::NotFound => {}
            Err(err) => return Err(err),
        }
        let file = File::create(&path)?;
        let ledger = Ledger {
            path,
            bound: AtomicU64::new(0),
            file: Mutex::new(file),
        };
        ledger.write(&ledger.file.lock().unwrap_or_else(|e| e.into_inner()), 0);
        Ok(ledger)
    }

    /// After a hit was counted in `metrics.redirects` and before its redirect is answered.
    #[inline]
    pub fn note(&self, metrics: &Metrics) {
        // Pairs with the fence in `refresh`: either this push sees the lowered bound, or the
        // refresh sees this push's hit.
        fence(SeqCst);
        let held = metrics.in_memory();
        if held > self.bound.load(SeqCst) {
            self.raise(held);
        }
    }

    #[cold]
    fn raise(&self, held: u64) {
        let file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        if held > self.bound.load(SeqCst) {
            let bound = held + SLACK;
            self.write(&file, bound);
            self.bound.store(bound, SeqCst);
        }
    }

    /// Lowers the recorded bound to what is in memory now.
    pub fn refresh(&self, metrics: &Metrics) {
        let file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        let mut bound = metrics.in_memory();
        self.bound.store(bound, SeqCst);
        fence(SeqCst);
        // A push that compared with the old, higher bound has already counted its hit.
        let again = metrics.in_memory();
        if again > bound {
            bound = again + SLACK;
            self.bound.store(bound, SeqCst);
        }
        self.write(&file, bound);
    }

    /// Removes the mark once every hit was stored or spooled.
    pub fn close(&self) {
        let _file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        let _ = std::fs::remove_file(&self.path);
    }

    fn write(&self, file: &File, bound: u64) {
        let text = format!("{bound:0WIDTH$}\n");
        if let Err(err) = file.write_all_at(text.as_bytes(), 0) {
            tracing::warn!(error = %err, "cannot record the hits held in memory");
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering::Relaxed;

    use super::*;

    fn recorded(dir: &Path) -> u64 {
        std::fs::read_to_string(dir.join(RUNNING))
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    }

    #[test]
    fn the_file_always_covers_what_is_in_memory() {
        let dir = std::env::temp_dir().join(format!("ledger-{}", rand::random::<u64>()));
        std::fs::create_dir_all(&dir).unwrap();
        let ledger = Ledger::open(&dir).unwrap();
        let metrics = Metrics::default();
        assert_eq!(recorded(&dir), 0);
        for pushed in 1..=5_000u64 {
            metrics.redirects.fetch_add(1, Relaxed);
            ledger.note(&metrics);
            assert!(recorded(&dir) >= pushed, "{pushed} in memory");
        }
        // Rewritten only once per SLACK hits of growth.
        assert!(recorded(&dir) < 5_000 + 2 * SLACK);
        metrics.hits_stored.fetch_add(4_000, Relaxed);
        ledger.refresh(&metrics);
        assert_eq!(recorded(&dir), 1_000);
        metrics.hits_spooled.fetch_add(1_000, Relaxed);
        ledger.refresh(&metrics);
        assert_eq!(recorded(&dir), 0);
        ledger.close();
        assert!(!dir.join(RUNNING).exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
