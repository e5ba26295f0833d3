//! Spawning the real server on a free port against a fresh SQLite file or PostgreSQL
//! database, and talking to it over HTTP.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use lanterne::app::Application;
use lanterne::auth::{Role, create_token};
use lanterne::config::ServeArgs;
use lanterne::db::Db;
use lanterne::hits::HitRow;
use serde_json::{Value, json};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use crate::server::free_port;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

mod browser;
pub mod cluster;
mod hit;
pub mod process;
pub mod proxy;
pub mod receiver;

pub use browser::{Browser, PASSWORD, id_after};
pub use hit::{Hit, hit};

/// Runs one async test body on both backends.
///
/// `both!(name, backend);` for `async fn name(app: &TestApp)`: each half spawns the server on a fresh
/// database, skips itself where PostgreSQL is not there, runs the body, and stops the server
/// the way SIGTERM does (so a test also proves every hit it caused was written).
///
/// `both!(name, backend);` for `async fn name(backend: Backend)`, for a test that starts its
/// servers itself (other settings, several instances, a process of its own).
#[macro_export]
macro_rules! both {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::helpers::run(super::$name, $crate::helpers::Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::helpers::run(super::$name, $crate::helpers::Backend::Postgres).await
            }
        }
    };
    ($name:ident, backend) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::helpers::Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::helpers::Backend::Postgres).await
            }
        }
    };
}

/// One half of `both!(name)`: a server of its own for `test`, stopped after it.
pub async fn run(test: impl AsyncFnOnce(&TestApp), backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    test(&app).await;
    let (database_url, spool_dir) = (app.database_url.clone(), app.spool_dir.clone());
    app.stop().await;
    // Kept when the test failed (a panic skips this), to look at; gone when it passed, so
    // that runs outside scripts/test.sh do not fill the disk with test databases.
    forget_database(&database_url).await;
    let _ = std::fs::remove_dir_all(spool_dir);
}

/// Deletes a test's database: the SQLite file with its WAL, or the PostgreSQL database.
pub async fn forget_database(database_url: &str) {
    if let Some(path) = database_url.strip_prefix("sqlite://") {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{path}{suffix}"));
        }
        return;
    }
    let (_, name) = database_url
        .rsplit_once('/')
        .expect("a database URL has a path");
    if let Ok(pool) = sqlx::PgPool::connect(&postgres_admin_url()).await {
        let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        let _ = sqlx::query(sqlx::AssertSqlSafe(drop)).execute(&pool).await;
        pool.close().await;
    }
}

/// The PostgreSQL server tests create their databases on.
fn postgres_admin_url() -> String {
    std::env::var("LANTERNE_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A fresh name for a test's database, file or directory. Under `scripts/test.sh` it starts
/// with `lanterne_test_<run>_` (`LANTERNE_TEST_RUN`), so the script drops exactly its own
/// run's PostgreSQL databases at the end, not those of a run beside it.
fn unique_name() -> String {
    let run = std::env::var("LANTERNE_TEST_RUN")
        .map(|run| format!("{run}_"))
        .unwrap_or_default();
    format!(
        "lanterne_test_{run}{}",
        nanoid::nanoid!(12, &nanoid::alphabet::SAFE)
            .to_lowercase()
            .replace('-', "_")
    )
}

/// A fresh database for one test, or `None` when PostgreSQL is not there (outside CI only).
pub async fn fresh_database(backend: Backend) -> Option<String> {
    match backend {
        Backend::Sqlite => {
            let path: PathBuf = std::env::temp_dir().join(format!("{}.db", unique_name()));
            Some(format!("sqlite://{}", path.display()))
        }
        Backend::Postgres => {
            let admin = postgres_admin_url();
            let pool = match sqlx::PgPool::connect(&admin).await {
                Ok(pool) => pool,
                Err(err) if std::env::var_os("CI").is_none() => {
                    eprintln!(
                        "\n!!! PostgreSQL at {admin} is not reachable ({err}): the PostgreSQL half of this test was SKIPPED !!!\n"
                    );
                    return None;
                }
                Err(err) => panic!("PostgreSQL is required under CI but {admin} failed: {err}"),
            };
            let name = unique_name();
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&pool)
                .await
                .expect("creating a test database");
            pool.close().await;
            let (base, _) = admin.rsplit_once('/').expect("a database URL has a path");
            Some(format!("{base}/{name}"))
        }
    }
}

/// The arguments every test binary starts Lanterne with, and what the API's tests check: the
/// GeoIP and ASN fixtures, 127.0.0.1 as a trusted proxy, a blocked domain.
pub fn serve_args() -> ServeArgs {
    ServeArgs {
        geoip_db: Some(PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/geo-city.mmdb"
        ))),
        asn_db: Some(PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/asn.csv"
        ))),
        trusted_proxies: "127.0.0.1/32".parse().unwrap(),
        blocked_domains: "blocked.example".parse().unwrap(),
        ..crate::server::serve_args(std::env::temp_dir().join(unique_name()))
    }
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub base: String,
    pub database_url: String,
    /// An admin token.
    pub token: String,
    pub http: reqwest::Client,
    spool_dir: PathBuf,
    /// The server's own pool (see [`TestApp::close_server_pool`]).
    server_db: Db,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<anyhow::Result<()>>>,
}

impl TestApp {
    /// Starts a server on a fresh database; `None` when the backend is unavailable here.
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
        let database_url = fresh_database(backend).await?;
        Some(Self::spawn_on(&database_url, serve_args()).await)
    }

    pub async fn spawn_on(database_url: &str, args: ServeArgs) -> TestApp {
        if std::env::var_os("RUST_LOG").is_some() {
            lanterne::telemetry::init();
        }
        let app = Application::build(database_url, &args)
            .await
            .expect("building the app");
        let addr = app.local_addr();
        let server_db = app.state().db.clone();
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(app.run_until(async {
            let _ = stopped.await;
        }));
        let db = Db::connect(database_url).await.unwrap();
        let token = create_token(&db, "tests", Role::Admin, 0).await.unwrap();
        db.close().await;
        TestApp {
            addr,
            base: format!("http://{addr}"),
            database_url: database_url.to_owned(),
            token,
            http: client(),
            spool_dir: args.spool_dir.clone(),
            server_db,
            stop: Some(stop),
            server: Some(server),
        }
    }

    /// A token of another role on the same database.
    pub async fn token_with_role(&self, role: Role) -> String {
        let db = Db::connect(&self.database_url).await.unwrap();
        let token = create_token(&db, "tests", role, 0).await.unwrap();
        db.close().await;
        token
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(self.url(path)).send().await.unwrap()
    }

    pub async fn api(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        self.api_as(&self.token, method, path, body).await
    }

    /// An API call with another token.
    pub async fn api_as(
        &self,
        token: &str,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = self
            .http
            .request(method, self.url(&format!("/api/v1{path}")))
            .bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let body = response.json().await.unwrap_or(Value::Null);
        (status, body)
    }

    /// `method path` (the whole path) with the admin token and a link's JSON body, sent to
    /// `host` (`None`: the base URL's), for an answer that must be JSON whatever its status:
    /// the status and the body.
    pub async fn json_answer(
        &self,
        host: Option<&str>,
        method: reqwest::Method,
        path: &str,
    ) -> (u16, Value) {
        let mut request = self
            .http
            .request(method.clone(), self.url(path))
            .bearer_auth(&self.token)
            .json(&json!({ "url": "https://example.org/x" }));
        if let Some(host) = host {
            request = request.header("host", host);
        }
        let response = request.send().await.unwrap();
        assert_eq!(
            response.headers()["content-type"],
            "application/json",
            "{method} {path}"
        );
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    }

    /// The body of a GET under `/api/v1` with the admin token, as text.
    pub async fn api_text(&self, path: &str) -> String {
        let response = self
            .http
            .get(self.url(&format!("/api/v1{path}")))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        response.text().await.unwrap()
    }

    /// Creates a link and returns its JSON, panicking unless the API answers 201.
    pub async fn create_link(&self, body: Value) -> Value {
        let (status, link) = self.api(reqwest::Method::POST, "/links", Some(body)).await;
        assert_eq!(status, 201, "creating a link failed: {link}");
        link
    }

    /// Turns the link `slug` off through the API, panicking unless it answers 200.
    pub async fn turn_off(&self, slug: &str) {
        let (status, link) = self
            .api(
                reqwest::Method::PATCH,
                &format!("/links/{slug}"),
                Some(json!({ "enabled": false })),
            )
            .await;
        assert_eq!(status, 200, "turning {slug} off failed: {link}");
    }

    pub async fn link(&self, slug: &str) -> Value {
        self.api(reqwest::Method::GET, &format!("/links/{slug}"), None)
            .await
            .1
    }

    /// The id of the link `slug`, asked of the database.
    pub async fn link_id(&self, slug: &str) -> i64 {
        let db = Db::connect(&self.database_url).await.unwrap();
        let id = db
            .link_by_slug("", slug)
            .await
            .unwrap()
            .expect("the link")
            .id;
        db.close().await;
        id
    }

    /// Writes `rows` into the hit log as the writer would (see [`hit`]).
    pub async fn insert_hits(&self, rows: &[HitRow]) {
        let db = Db::connect(&self.database_url).await.unwrap();
        db.insert_hits(rows).await.unwrap();
        db.close().await;
    }

    /// Waits until the writer has stored `n` hits of `slug`, then returns them.
    pub async fn wait_for_hits(&self, slug: &str, n: usize) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let (_, page) = self
                .api(
                    reqwest::Method::GET,
                    &format!("/links/{slug}/hits?limit=1000"),
                    None,
                )
                .await;
            let hits = page["hits"].as_array().cloned().unwrap_or_default();
            if hits.len() >= n || Instant::now() > deadline {
                assert_eq!(hits.len(), n, "stored hits of {slug}");
                return hits;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Stops the server the way SIGTERM does and waits until every hit is written.
    /// Closes the server's database pool under it: every query it makes from now on fails, as
    /// when its database is gone (SQLite has no server to stop).
    pub async fn close_server_pool(&self) {
        self.server_db.close().await;
    }

    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.unwrap().unwrap();
        }
    }
}

/// The number `sql` (a `SELECT COUNT(*) …`) counts, asked of the database itself.
pub async fn count(database_url: &str, sql: &'static str) -> u64 {
    let db = Db::connect(database_url).await.unwrap();
    let n: i64 = match &db {
        Db::Sqlite(pool, _) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
        Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
    };
    db.close().await;
    n as u64
}

/// Runs `sql` on `db`, as an operator at a SQL prompt would (to stage older data or a fault).
pub async fn execute(db: &Db, sql: &'static str) {
    match db {
        Db::Sqlite(pool, _) => sqlx::query(sql).execute(pool).await.map(drop),
        Db::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(drop),
    }
    .unwrap();
}

/// A counter or gauge of the server at `base`, read from `/metrics`.
pub async fn metric(base: &str, name: &str) -> u64 {
    let text = client()
        .get(format!("{base}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{name} ")))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Every byte the database holds, as text: the SQLite file and its WAL, or on PostgreSQL
/// every row of `table` as text. For searching stored data for what must not be there.
pub async fn dump(database_url: &str, table: &str) -> String {
    if let Some(path) = database_url.strip_prefix("sqlite://") {
        let mut bytes = std::fs::read(path).unwrap();
        bytes.extend(std::fs::read(format!("{path}-wal")).unwrap_or_default());
        return String::from_utf8_lossy(&bytes).into_owned();
    }
    let pool = sqlx::PgPool::connect(database_url).await.unwrap();
    let sql = format!("SELECT {table}::text FROM {table}");
    let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .fetch_all(&pool)
        .await
        .unwrap();
    pool.close().await;
    rows.join("\n")
}

/// An HTTP client that shows redirects instead of following them.
/// The slugs of a page of `GET /api/v1/links`, sorted.
pub fn sorted_slugs(page: &Value) -> Vec<String> {
    let mut slugs: Vec<String> = page["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["slug"].as_str().unwrap().to_owned())
        .collect();
    slugs.sort();
    slugs
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

pub fn link_body(url: &str) -> Value {
    json!({ "url": url })
}
