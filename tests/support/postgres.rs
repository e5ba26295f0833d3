//! PostgreSQL servers of a test's own, in a temporary directory on ports of its own, so that a
//! test can stop, restart or replicate PostgreSQL without disturbing the shared server.
//!
//! The server binaries are found with `pg_config --bindir`, else the newest under
//! `/usr/lib/postgresql/*/bin` (Debian). PostgreSQL refuses to run as root: as root the
//! commands run as the `postgres` user through `runuser`. Without the binaries the test is
//! skipped loudly, and fails under CI.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The server binaries and the directory the servers' data and logs go in, deleted with it
/// (the servers stopped first).
pub struct Servers {
    bin: PathBuf,
    dir: PathBuf,
}

fn server_binaries(needed: &[&str]) -> Option<PathBuf> {
    let from_pg_config = Command::new("pg_config")
        .arg("--bindir")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    let mut debian: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .filter_map(|v| v.ok().map(|v| v.path().join("bin")))
        .collect();
    debian.sort_by_key(|bin| {
        let version = bin.parent().and_then(Path::file_name);
        std::cmp::Reverse(version.and_then(|v| v.to_str()?.parse::<u32>().ok()))
    });
    from_pg_config
        .into_iter()
        .chain(debian)
        .find(|bin| needed.iter().all(|program| bin.join(program).exists()))
}

fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

impl Servers {
    /// The binaries, `initdb`, `pg_ctl` and `needed` among them, and a new directory `name`
    /// under the temporary one; `None` (outside CI only) without them, `skipped` saying what
    /// was not tested.
    pub fn find(needed: &[&str], name: &str, skipped: &str) -> Option<Servers> {
        let programs: Vec<&str> = ["initdb", "pg_ctl"].iter().chain(needed).copied().collect();
        let Some(bin) = server_binaries(&programs) else {
            assert!(
                std::env::var_os("CI").is_none(),
                "PostgreSQL's {} are required under CI",
                programs.join(", ")
            );
            eprintln!("\n!!! PostgreSQL's server binaries not found: {skipped} was SKIPPED !!!\n");
            return None;
        };
        let dir = std::env::temp_dir().join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        if is_root() {
            let chown = Command::new("chown").arg("postgres").arg(&dir).status();
            assert!(chown.unwrap().success(), "chown of {}", dir.display());
        }
        Some(Servers { bin, dir })
    }

    /// The data directory `name`.
    pub fn data(&self, name: &str) -> String {
        self.dir.join(name).display().to_string()
    }

    /// Makes the data directory `name`, where anyone on this machine may connect as
    /// `postgres`.
    pub fn initdb(&self, name: &str) {
        let data = self.data(name);
        self.run(
            "initdb",
            &[
                "-D",
                &data,
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        );
    }

    /// `pg_ctl {action}` (`start`, `restart`) of the server of `name` on `port`, waiting for
    /// it, logging to `{name}.log`; a restart is `-m fast`: every connection is terminated.
    pub fn pg_ctl(&self, name: &str, port: u16, action: &str) {
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50",
            self.dir.display()
        );
        let log = self.dir.join(format!("{name}.log")).display().to_string();
        let data = self.data(name);
        let args = [
            "-D", &data, "-m", "fast", "-w", "-l", &log, "-o", &options, action,
        ];
        self.run("pg_ctl", &args);
    }

    /// Stops the server of `name` (`-m fast`), waiting for it.
    pub fn stop(&self, name: &str) {
        self.run(
            "pg_ctl",
            &["-D", &self.data(name), "-m", "fast", "-w", "stop"],
        );
    }

    /// `program` of the server binaries, as the `postgres` user when the test runs as root.
    pub fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        }
    }

    /// Runs `program` with `args`, which must succeed.
    pub fn run(&self, program: &str, args: &[&str]) {
        let output = self
            .command(program)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("running {program}: {e}"));
        assert!(
            output.status.success(),
            "{program} {args:?} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// Stops every server whose data is in the directory, whatever the test did, then deletes it.
impl Drop for Servers {
    fn drop(&mut self) {
        let entries = std::fs::read_dir(&self.dir).into_iter().flatten().flatten();
        for data in entries.map(|e| e.path()).filter(|p| p.is_dir()) {
            let data = data.display().to_string();
            let _ = self
                .command("pg_ctl")
                .args(["-D", &data, "-m", "immediate", "-w", "stop"])
                .output();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
