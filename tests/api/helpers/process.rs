//! Lanterne as a process of its own (`lanterne serve`), for tests that send it signals or read
//! its logs.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use crate::helpers::{client, free_port};

pub struct Server {
    pub child: Child,
    pub base: String,
}

impl Server {
    /// Starts `lanterne serve` on `database_url`, with a spool of its own and `RUST_LOG=warn`
    /// unless `env` says otherwise; `logs` keeps its output for [`Server::stop`].
    pub async fn start(database_url: &str, env: &[(&str, &str)], logs: bool) -> Server {
        Server::start_on("127.0.0.1", database_url, env, logs).await
    }

    /// [`Server::start`] listening on `host` (`0.0.0.0`: every interface), reached at
    /// 127.0.0.1.
    pub async fn start_on(
        host: &str,
        database_url: &str,
        env: &[(&str, &str)],
        logs: bool,
    ) -> Server {
        let port = free_port();
        let output = || if logs { Stdio::piped() } else { Stdio::null() };
        let child = Command::new(env!("CARGO_BIN_EXE_lanterne"))
            .arg("serve")
            .env("DATABASE_URL", database_url)
            .env("LANTERNE_LISTEN", format!("{host}:{port}"))
            .env(
                "LANTERNE_SPOOL_DIR",
                std::env::temp_dir().join(format!("spool-{port}")),
            )
            .env("RUST_LOG", "warn")
            .envs(env.iter().copied())
            .stdout(output())
            .stderr(output())
            .spawn()
            .expect("starting lanterne");
        let base = format!("http://127.0.0.1:{port}");
        let http = client();
        let deadline = Instant::now() + Duration::from_secs(20);
        while http.get(format!("{base}/healthz")).send().await.is_err() {
            assert!(Instant::now() < deadline, "lanterne did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Server { child, base }
    }

    /// SIGTERM; waits for a clean exit and returns what the process logged.
    pub fn stop(self) -> String {
        kill(Pid::from_raw(self.child.id() as i32), Signal::SIGTERM).unwrap();
        let output = tokio::task::block_in_place(|| self.child.wait_with_output()).unwrap();
        assert!(
            output.status.success(),
            "lanterne exited with {}",
            output.status
        );
        String::from_utf8_lossy(&output.stderr).into_owned()
            + &String::from_utf8_lossy(&output.stdout)
    }
}

/// An admin API token made with `lanterne token create`, in the database that `lanterne
/// serve` makes when it is not there yet (the command itself needs one that exists).
pub async fn create_token(database_url: &str) -> String {
    lanterne::db::Db::connect(database_url)
        .await
        .unwrap()
        .close()
        .await;
    let output = Command::new(env!("CARGO_BIN_EXE_lanterne"))
        .args(["token", "create", "--name", "process-test"])
        .env("DATABASE_URL", database_url)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .last()
        .unwrap()
        .trim()
        .to_owned()
}
