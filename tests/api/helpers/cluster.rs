//! A throw-away PostgreSQL cluster of the test's own (`initdb` into a temporary directory, its
//! own port), so that a test can really stop and restart PostgreSQL without disturbing the
//! shared server every other test uses at the same time.
//!
//! The server binaries are found with `pg_config --bindir`, else under
//! `/usr/lib/postgresql/*/bin` (Debian). PostgreSQL refuses to run as root: as root the
//! commands run as the `postgres` user through `runuser`. Without the binaries the test is
//! skipped loudly, and fails under CI.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    pub port: u16,
}

fn server_binaries() -> Option<PathBuf> {
    let from_pg_config = Command::new("pg_config")
        .arg("--bindir")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    let debian = std::fs::read_dir("/usr/lib/postgresql")
        .ok()
        .and_then(|versions| {
            versions
                .filter_map(|v| v.ok().map(|v| v.path().join("bin")))
                .max_by_key(|bin| {
                    let version = bin.parent().and_then(Path::file_name).map(|v| v.to_owned());
                    version.and_then(|v| v.to_string_lossy().parse::<u32>().ok())
                })
        });
    from_pg_config
        .into_iter()
        .chain(debian)
        .find(|bin| bin.join("initdb").exists() && bin.join("pg_ctl").exists())
}

fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

impl Cluster {
    /// A new cluster, started; `None` (outside CI only) when PostgreSQL is not installed.
    pub fn start() -> Option<Cluster> {
        let Some(bin) = server_binaries() else {
            assert!(
                std::env::var_os("CI").is_none(),
                "PostgreSQL's initdb and pg_ctl are required under CI"
            );
            eprintln!(
                "\n!!! initdb/pg_ctl not found: this test of a real PostgreSQL restart was SKIPPED !!!\n"
            );
            return None;
        };
        let port = crate::helpers::free_port();
        let dir = std::env::temp_dir().join(format!("lanterne-pg-{port}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let cluster = Cluster { bin, dir, port };
        if is_root() {
            let status = Command::new("chown")
                .args(["-R", "postgres"])
                .arg(&cluster.dir)
                .status()
                .unwrap();
            assert!(status.success(), "chown of {}", cluster.dir.display());
        }
        cluster.run(
            "initdb",
            &[
                "-D",
                &cluster.data(),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        );
        cluster.pg_ctl("start");
        Some(cluster)
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// `pg_ctl restart -m fast`: every connection is terminated, the server goes away and
    /// comes back, as an operator's restart does.
    pub fn restart(&self) {
        self.pg_ctl("restart");
    }

    pub fn stop(&self) {
        self.run("pg_ctl", &["-D", &self.data(), "-m", "fast", "-w", "stop"]);
    }

    pub fn start_again(&self) {
        self.pg_ctl("start");
    }

    fn data(&self) -> String {
        self.dir.join("data").display().to_string()
    }

    fn pg_ctl(&self, action: &str) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50",
            self.port,
            self.dir.display()
        );
        let log = self.dir.join("log").display().to_string();
        self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data(),
                "-m",
                "fast",
                "-w",
                "-l",
                &log,
                "-o",
                &options,
                action,
            ],
        );
    }

    fn run(&self, program: &str, args: &[&str]) {
        let path = self.bin.join(program);
        let mut command = if is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&path);
            c
        } else {
            Command::new(&path)
        };
        let output = command
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

impl Drop for Cluster {
    fn drop(&mut self) {
        let path = self.bin.join("pg_ctl");
        let data = self.data();
        let args = ["-D", data.as_str(), "-m", "immediate", "-w", "stop"];
        let _ = if is_root() {
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(&path)
                .args(args)
                .output()
        } else {
            Command::new(&path).args(args).output()
        };
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
