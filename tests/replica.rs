//! Reads on a streaming replica (`LANTERNE_READ_DATABASE_URL`), against a primary and a replica
//! made here in a temporary directory on free ports (`initdb`, `pg_basebackup -R`, `pg_ctl`
//! from Debian's PostgreSQL; as the `postgres` user when run as root), so nothing of the
//! machine's own PostgreSQL is used. With the replica's replay paused, new clicks are not
//! counted by the stats API while a new link redirects at once, and the dashboard says how old
//! its figures are, while the links page lists the new link (it reads the primary until the
//! replica has replayed the server's last change); resumed, they are counted; with the
//! replica stopped, reads go to the primary and `lanterne_read_replica_up` says 0.
//!
//! Without PostgreSQL's server binaries the test says loudly that it was skipped (and fails
//! under CI).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use lanterne::auth::{Role, create_token};
use lanterne::config::ServeArgs;
use lanterne::db::Db;
use lanterne::stats::{FilterQuery, Report};
use serde_json::{Value, json};

#[path = "support/postgres.rs"]
mod postgres;
#[path = "support/server.rs"]
mod server;
use postgres::Servers;
use server::{Served, add_admin, free_port, serve_args};

const CHROME: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
const PASSWORD: &str = "correct horse battery";

/// A primary and its streaming replica, each on its own port, stopped and deleted when
/// dropped, whatever the test did.
struct Pair {
    servers: Servers,
    primary: u16,
    replica: u16,
}

impl Pair {
    /// Both servers started and the replica streaming; `None` (outside CI only) without the
    /// binaries.
    fn start() -> Option<Pair> {
        let (primary, replica) = (free_port(), free_port());
        let servers = Servers::find(
            &["pg_basebackup"],
            &format!("lanterne-replica-{primary}"),
            "the replica test",
        )?;
        servers.initdb("primary");
        let hba = format!("{}/pg_hba.conf", servers.data("primary"));
        let mut rules = std::fs::read_to_string(&hba).unwrap();
        rules.push_str("\nhost replication all 127.0.0.1/32 trust\n");
        std::fs::write(&hba, rules).unwrap();
        servers.pg_ctl("primary", primary, "start");
        let replica_data = servers.data("replica");
        let port = primary.to_string();
        servers.run(
            "pg_basebackup",
            &[
                "-h",
                "127.0.0.1",
                "-p",
                &port,
                "-U",
                "postgres",
                "-D",
                &replica_data,
                "-R",
                "-X",
                "stream",
            ],
        );
        servers.pg_ctl("replica", replica, "start");
        Some(Pair {
            servers,
            primary,
            replica,
        })
    }

    fn url(&self, port: u16, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{port}/{database}")
    }

    fn stop_replica(&self) {
        self.servers.stop("replica");
    }
}

/// Waits until `probe` gives what `done` accepts, up to a minute (a loaded machine folds and
/// replays slowly), and returns the last answer.
async fn wait_for<T: std::fmt::Debug>(
    what: &str,
    mut probe: impl AsyncFnMut() -> T,
    done: impl Fn(&T) -> bool,
) -> T {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let value = probe().await;
        if done(&value) {
            return value;
        }
        assert!(
            Instant::now() < deadline,
            "waited a minute for {what}; last {value:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Lanterne on the pair's primary, reading from its replica, with an API token and a browser
/// signed in.
struct Server {
    base: String,
    token: String,
    http: reqwest::Client,
    browser: reqwest::Client,
    /// The primary, asked directly.
    primary: Db,
    running: Served,
    spool_dir: PathBuf,
}

impl Server {
    /// Makes the database `lanterne` on the primary and serves it.
    async fn start(pair: &Pair) -> Server {
        let admin = sqlx::PgPool::connect(&pair.url(pair.primary, "postgres"))
            .await
            .unwrap();
        let create = sqlx::query("CREATE DATABASE lanterne")
            .execute(&admin)
            .await;
        create.unwrap();
        admin.close().await;
        let primary_url = pair.url(pair.primary, "lanterne");
        let spool_dir =
            std::env::temp_dir().join(format!("lanterne-replica-spool-{}", free_port()));
        let args = ServeArgs {
            read_database_url: Some(pair.url(pair.replica, "lanterne")),
            ..serve_args(spool_dir)
        };
        let running = Served::start(&primary_url, &args).await;
        let base = running.base.clone();
        let primary = Db::connect(&primary_url).await.unwrap();
        let token = create_token(&primary, "tests", Role::Admin, 0).await;
        Server {
            browser: signed_in(&base, &primary).await,
            base,
            token: token.unwrap(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            primary,
            running,
            spool_dir: args.spool_dir,
        }
    }

    async fn stop(mut self) {
        self.running.stop().await;
        self.primary.close().await;
        let _ = std::fs::remove_dir_all(&self.spool_dir);
    }

    /// A page of the web UI as the signed-in browser gets it in `language`.
    async fn page(&self, path: &str, language: &str) -> String {
        let response = self
            .browser
            .get(format!("{}{path}", self.base))
            .header("accept-language", language)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        response.text().await.unwrap()
    }

    async fn visit(&self, slug: &str) -> u16 {
        let response = self
            .http
            .get(format!("{}/{slug}", self.base))
            .header("user-agent", CHROME)
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        response.status().as_u16()
    }

    async fn api(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self
            .http
            .request(method, format!("{}/api/v1{path}", self.base))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn create_link(&self, url: &str) -> String {
        let (status, link) = self
            .api(reqwest::Method::POST, "/links", Some(json!({ "url": url })))
            .await;
        assert_eq!(status, 201, "creating a link: {link}");
        link["slug"].as_str().unwrap().to_owned()
    }

    /// The stats API's clicks of `slug` over the last 24 hours; -1 when it did not answer.
    async fn clicks(&self, slug: &str) -> i64 {
        let path = format!("/stats?link={slug}&period=24h");
        let (status, body) = self.api(reqwest::Method::GET, &path, None).await;
        match status {
            200 => body["total"]["clicks"].as_i64().unwrap_or(-1),
            _ => -1,
        }
    }

    async fn metric(&self, name: &str) -> Option<u64> {
        let text = self
            .http
            .get(format!("{}/metrics", self.base))
            .send()
            .await
            .ok()?
            .text()
            .await
            .ok()?;
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{name} ")))
            .and_then(|v| v.parse().ok())
    }
}

/// A browser signed in as a new admin, for the dashboard.
async fn signed_in(base: &str, primary: &Db) -> reqwest::Client {
    let email = "analyst@example.org";
    add_admin(primary, email, PASSWORD).await;
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = browser
        .post(format!("{base}/login"))
        .form(&[("email", email), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "sign-in");
    browser
}

/// The primary's own count of `slug`'s clicks, once its fold has run.
async fn clicks_on_primary(primary: &Db, slug: &str) -> i64 {
    let query = FilterQuery {
        period: Some("24h".into()),
        link: Some(slug.into()),
        ..FilterQuery::default()
    };
    let filter = query.filter("UTC").unwrap();
    Report::build(primary, &filter).await.unwrap().total.clicks
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_go_to_a_streaming_replica_and_fall_back_to_the_primary() {
    let Some(pair) = Pair::start() else { return };
    let server = Server::start(&pair).await;
    wait_for(
        "the replica found up",
        async || server.metric("lanterne_read_replica_up").await,
        |up| *up == Some(1),
    )
    .await;
    let slug = server.create_link("https://example.org/replica").await;
    for _ in 0..5 {
        assert_eq!(server.visit(&slug).await, 302);
    }
    wait_for(
        "5 clicks counted",
        async || server.clicks(&slug).await,
        |n| *n == 5,
    )
    .await;
    while_replay_is_paused(&pair, &server, &slug).await;
    with_the_replica_stopped(&pair, &server, &slug).await;
    server.stop().await;
}

/// 7 clicks and a new link while the replica's replay is paused: the stats API keeps counting
/// 5 and the dashboard says how old its figures are, while the link redirects and is listed;
/// resumed, the replica counts 12.
async fn while_replay_is_paused(pair: &Pair, server: &Server, slug: &str) {
    let replica = sqlx::PgPool::connect(&pair.url(pair.replica, "lanterne"))
        .await
        .unwrap();
    let replay = async |action: &'static str| {
        sqlx::query(action).execute(&replica).await.unwrap();
    };
    replay("SELECT pg_wal_replay_pause()").await;
    let paused = async || -> String {
        sqlx::query_scalar("SELECT pg_get_wal_replay_pause_state()")
            .fetch_one(&replica)
            .await
            .unwrap()
    };
    wait_for("replay paused", paused, |state| state == "paused").await;
    for _ in 0..7 {
        assert_eq!(server.visit(slug).await, 302);
    }
    let fresh = server.create_link("https://example.org/fresh").await;
    assert_eq!(
        server.visit(&fresh).await,
        302,
        "a new link redirects at once: its lookup is on the primary"
    );
    // The list a person goes to after a change shows it, though the replica has not replayed it.
    let links = server.page("/links", "en").await;
    assert!(links.contains(&fresh), "the links page lists {fresh}");
    wait_for(
        "the primary folding 12 clicks",
        async || clicks_on_primary(&server.primary, slug).await,
        |n| *n == 12,
    )
    .await;
    assert_eq!(
        server.clicks(slug).await,
        5,
        "the stats API reads the paused replica"
    );
    // Once the replica misses more than 10 s of the primary's changes, the dashboard says so.
    let english = wait_for(
        "the dashboard saying how old its figures are",
        async || server.page("/dashboard?period=24h", "en").await,
        |page| page.contains("id=\"figures-as-of\""),
    )
    .await;
    assert!(english.contains("Figures as of "), "{english}");
    let french = server.page("/dashboard?period=24h", "fr-FR,fr;q=0.9").await;
    assert!(french.contains("Chiffres arrêtés à "), "{french}");
    assert_eq!(
        server.clicks(slug).await,
        5,
        "still the paused replica's figures"
    );

    replay("SELECT pg_wal_replay_resume()").await;
    replica.close().await;
    wait_for(
        "12 clicks counted after replay resumed",
        async || server.clicks(slug).await,
        |n| *n == 12,
    )
    .await;
    wait_for(
        "the dashboard current again",
        async || server.page("/dashboard?period=24h", "en").await,
        |page| !page.contains("id=\"figures-as-of\""),
    )
    .await;
}

/// The replica stopped: the metric says 0, reads go to the primary, new clicks are counted.
async fn with_the_replica_stopped(pair: &Pair, server: &Server, slug: &str) {
    let stopped_at = Instant::now();
    pair.stop_replica();
    wait_for(
        "the replica found down",
        async || server.metric("lanterne_read_replica_up").await,
        |up| *up == Some(0),
    )
    .await;
    eprintln!(
        "the replica was found down {:?} after it stopped",
        stopped_at.elapsed()
    );
    assert_eq!(
        server.clicks(slug).await,
        12,
        "reads fall back to the primary"
    );
    for _ in 0..3 {
        assert_eq!(server.visit(slug).await, 302);
    }
    wait_for(
        "new clicks counted from the primary",
        async || server.clicks(slug).await,
        |n| *n == 15,
    )
    .await;
    let dashboard = server.page("/dashboard?period=24h", "en").await;
    assert!(dashboard.contains("Dark social dashboard"));
}
