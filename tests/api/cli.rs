//! The `lanterne` commands run as an operator runs them, from a folder of their own: what
//! they refuse, and what they say when they do. One module a command family; here, running
//! a command and reading what it said.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod database;
mod demo;
mod serve;
mod token;
mod usage;
mod user;

/// A new empty folder under the temporary directory, as the operator's working directory.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "lanterne-cli-{name}-{}",
        nanoid::nanoid!(8, &nanoid::alphabet::SAFE)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir.canonicalize().unwrap()
}

/// `lanterne ARGS` run in `dir`, with none of this machine's settings: no `DATABASE_URL`, no
/// backtraces, warnings only.
fn lanterne(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lanterne"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env_remove("RUST_BACKTRACE")
        .env("RUST_LOG", "warn")
        .env("LANTERNE_SPOOL_DIR", dir.join("spool"));
    command
}

/// What `output` printed on standard error.
fn said(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `lanterne ARGS` on `database_url`, from a folder of its own, run to the end; blocking in
/// place so that a server of the same test keeps answering meanwhile.
fn run_on(database_url: &str, args: &[&str]) -> Output {
    let dir = folder("run");
    let output = tokio::task::block_in_place(|| {
        lanterne(&dir, args)
            .env("DATABASE_URL", database_url)
            .env("LANTERNE_ADMIN_PASSWORD", "correct horse battery")
            .output()
            .unwrap()
    });
    std::fs::remove_dir_all(dir).unwrap();
    output
}

/// What `output` printed on standard output.
fn printed(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}
