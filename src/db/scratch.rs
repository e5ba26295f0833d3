//! A real SQLite database in a directory of its own, for the unit tests that need one: made
//! with the schema, and gone with its directory when dropped.

use std::path::PathBuf;

use super::Db;

pub(crate) struct Scratch {
    pub db: Db,
    /// Where the database file is, free for the test's other files (a spool).
    pub dir: PathBuf,
}

impl Scratch {
    /// A fresh database under the system's temporary directory, named after `what`.
    pub async fn sqlite(what: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("{what}-{:016x}", rand::random::<u64>()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = Db::connect(&format!("sqlite://{}", dir.join("t.db").display()))
            .await
            .unwrap();
        Scratch { db, dir }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
