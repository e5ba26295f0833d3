//! Lanterne served in-process for the test binaries that drive it from outside `tests/api`
//! (a browser, a replica): the arguments they start it with, the start on a free port of
//! 127.0.0.1, and a stop that waits until the queued hits are written.
#![allow(dead_code)] // each test binary uses its part

use std::path::PathBuf;

use lanterne::app::Application;
use lanterne::config::ServeArgs;

/// A port of 127.0.0.1 that is free now (a test binds it soon after), or a name no other
/// test of the run picks at the same time.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Lanterne's defaults where a test has no say: no GeoIP or ASN file, no proxy trusted, no
/// domain blocked, times in UTC; hits spooled under `spool_dir`.
pub fn serve_args(spool_dir: PathBuf) -> ServeArgs {
    ServeArgs {
        listen: "127.0.0.1:0".parse().unwrap(),
        base_url: None,
        geoip_db: None,
        asn_db: None,
        trusted_proxies: Default::default(),
        blocked_domains: Default::default(),
        retention_days: 0,
        spool_dir,
        visitor_secret: None,
        read_database_url: None,
        cache_links: 200_000,
        webhooks_allow_private: false,
        webhooks_retry_base_ms: 10_000,
        metrics_allow: "127.0.0.0/8".parse().unwrap(),
        timezone: "UTC".into(),
    }
}

/// An admin account `email` that signs in with `password`.
pub async fn add_admin(db: &lanterne::db::Db, email: &str, password: &str) {
    let hash = lanterne::auth::password::hash(password);
    db.insert_user(email, &hash, "admin", 0).await.unwrap();
}

/// Lanterne serving `database_url` until [`Served::stop`].
pub struct Served {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    serving: tokio::task::JoinHandle<anyhow::Result<()>>,
}

impl Served {
    pub async fn start(database_url: &str, args: &ServeArgs) -> Served {
        let app = Application::build(database_url, args)
            .await
            .expect("building the app");
        let base = format!("http://{}", app.local_addr());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let serving = tokio::spawn(app.run_until(async {
            let _ = stopped.await;
        }));
        Served {
            base,
            stop: Some(stop),
            serving,
        }
    }

    /// Stops it and waits until it has written what it queued; once (later calls do nothing),
    /// so a test may stop it midway and read the database.
    pub async fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
            (&mut self.serving).await.unwrap().unwrap();
        }
    }
}
