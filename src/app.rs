//! The application: shared state, the one routing table, and serving with a graceful stop
//! that writes every queued hit before the process exits.

use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{any, get, post};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::campaigns::kit::{Kit, RunOptions};
use crate::config::ServeArgs;
use crate::db::Db;
use crate::db::replica::ReadDb;
use crate::domains::registry::Domains;
use crate::error::log_text;
use crate::geo::Geo;
use crate::hits;
use crate::hits::enrich::Enricher;
use crate::hits::ledger::Ledger;
use crate::hits::queue::HitQueue;
use crate::hits::spool::Spool;
use crate::hits::writer::Writer;
use crate::hosting::HostingNetworks;
use crate::links;
use crate::links::cache::SlugCache;
use crate::links::catalogue::Catalogue;
use crate::links::destination::Refused;
use crate::links::limit::ClickLimits;
use crate::links::options::input::Checks;
use crate::links::sync::LinkChanges;
use crate::metrics::Metrics;
use crate::net::client_limit::{FailureLimit, KeyedLimit};
use crate::net::rate_limit::RateLimiter;
use crate::routes;
use crate::routes::ui::methods::post_only;
use crate::sites::registry::Registry;
use crate::sites::utm_fill;
use crate::webhooks;
use ipnet::IpNet;

/// Largest file the web UI imports (and its preview sends back, escaped): 100,000 links of
/// Lanterne's CSV are about 8 MB.
const IMPORT_LIMIT: usize = 64 * 1024 * 1024;
/// Largest body of a form that may carry a card image (src/routes/ui/upload.rs).
const UPLOAD_LIMIT: usize = routes::ui::upload::BODY_LIMIT;

/// Everything a handler may need; one `Arc`, so each request clones one pointer.
#[derive(Clone)]
pub struct AppState(Arc<State>);

pub struct State {
    /// The primary: writes, the redirect's lookups, and reads that must see their own writes.
    pub db: Db,
    /// The analysts' reads (dashboard, stats API, hit log, exports, list pages): the read
    /// replica while it answers, else the primary.
    pub reads: ReadDb,
    pub cache: SlugCache,
    /// Announces link changes to this instance's cache and to every other instance.
    pub links: LinkChanges,
    pub hits: HitQueue,
    pub metrics: Arc<Metrics>,
    /// Public URL without a trailing slash, e.g. `https://sho.rt`.
    pub base_url: String,
    /// Hosts no link may point at: Lanterne's own and the configured blocklist.
    pub refused_hosts: Vec<Refused>,
    /// The configured blocklist alone: links to these domains made before they were blocked
    /// answer 410 Gone.
    pub blocked_domains: Vec<String>,
    /// Proxies whose forwarding headers are believed.
    pub trusted_proxies: Arc<[IpNet]>,
    /// Default time zone of the dashboard.
    pub timezone: String,
    /// Peers allowed to read `/metrics`.
    pub metrics_allow: Vec<IpNet>,
    /// Unknown-slug requests per client network: a scanner gets 429 past [`SCAN_LIMIT`] a
    /// minute.
    pub scan_guard: KeyedLimit<IpAddr>,
    /// Failed sign-ins per account and client network: [`LOGIN_LIMIT`] per 15 minutes. Not
    /// per account alone: then anyone could lock its owner out by failing ten times.
    pub login_guard: FailureLimit<(String, IpAddr)>,
    /// Failed sign-ins per client network, whatever the account: [`LOGIN_LIMIT_PER_NETWORK`]
    /// per 15 minutes, against one client trying many accounts (an office's people signing
    /// in do not count against it).
    pub login_network_guard: FailureLimit<IpAddr>,
    /// Links created per API token or user: [`CREATE_LIMIT`] a minute.
    pub create_guard: RateLimiter<String>,
    /// Events of the site snippet per client network: [`EVENT_LIMIT`] a minute.
    pub event_guard: KeyedLimit<IpAddr>,
    /// Share-button links asked per client network: [`MINT_LIMIT`] a minute, counted exactly.
    pub mint_guard: RateLimiter<IpAddr>,
    /// Sites, and their lookup by key for the snippet's events.
    pub sites: Registry,
    /// Password tries per protected link and client network: [`PASSWORD_LIMIT`] at once, then
    /// one more every 15 minutes / [`PASSWORD_LIMIT`].
    pub password_guard: KeyedLimit<(i64, IpAddr)>,
    /// The people that links with a click limit let through.
    pub click_limits: ClickLimits,
    /// Where a client is, for links with country rules (the hit writer has its own).
    pub geo: Arc<Geo>,
    /// Webhooks may go to loopback and private addresses (`LANTERNE_WEBHOOKS_ALLOW_PRIVATE`).
    pub webhooks_allow_private: bool,
}

/// Unknown slugs one client network may ask for per minute before it is answered 429: as a
/// burst, then one a second.
pub const SCAN_LIMIT: u32 = 60;
/// Failed sign-ins per account and client network in 15 minutes (a burst, then one every
/// 90 seconds).
pub const LOGIN_LIMIT: u32 = 10;
/// Failed sign-ins per client network in 15 minutes, whatever the accounts.
pub const LOGIN_LIMIT_PER_NETWORK: u32 = 30;
/// The window the sign-in limits are counted over.
const LOGIN_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Links one token or user may create per minute: room for a script importing a few hundred
/// links at once (a full share kit is about 20), not for a stolen token flooding the
/// database. Dub's paid API allows about as many.
pub const CREATE_LIMIT: u32 = 600;
/// Events of the site snippet one client address may send per minute: a reader sends one to
/// three per page, so this leaves room for an office or a school behind one address, not for
/// a script inventing readers.
pub const EVENT_LIMIT: u32 = 600;
/// Share-button links one client address may ask for per minute. A reader asks once per
/// button used; a script walking a site's paths to mint links gets 429 soon.
pub const MINT_LIMIT: u32 = 30;
/// Password tries one client network may make on one protected link in 15 minutes: enough for
/// typos, and a guesser gets 960 tries a day.
pub const PASSWORD_LIMIT: u32 = 10;

impl Deref for AppState {
    type Target = State;
    fn deref(&self) -> &State {
        &self.0
    }
}

impl AppState {
    /// The share kit over this server's database, instances and checks.
    pub fn share_kit<'a>(&'a self, catalogue: &'a Catalogue) -> Kit<'a> {
        Kit {
            db: &self.db,
            changes: &self.links,
            checks: self.link_checks(),
            catalogue,
            domain: None,
            run: RunOptions::default(),
        }
    }

    /// What a link's destinations and options are checked against on this server.
    pub fn link_checks(&self) -> Checks<'_> {
        Checks {
            refused_hosts: &self.refused_hosts,
            base_url: &self.base_url,
        }
    }

    /// The base URL's host and the branded domains.
    pub fn domains(&self) -> &Domains {
        self.links.domains()
    }

    /// The short URL of `slug` on `domain` (`""`: the base URL).
    pub fn short_url(&self, domain: &str, slug: &str) -> String {
        self.domains().short_url(&self.base_url, domain, slug)
    }
}

/// The one routing table.
pub fn router(state: AppState) -> Router {
    let api = routes::api::router().layer(TimeoutLayer::with_status_code(
        StatusCode::SERVICE_UNAVAILABLE,
        Duration::from_secs(30),
    ));
    Router::new()
        .route("/", get(routes::ui::account::home))
        .route(
            "/setup",
            get(routes::ui::account::setup_page).post(routes::ui::account::setup),
        )
        .route(
            "/login",
            get(routes::ui::account::login_page).post(routes::ui::account::login),
        )
        .route("/logout", post_only(routes::ui::account::logout, "/"))
        .route(
            "/account",
            get(routes::ui::preferences::page).post(routes::ui::preferences::save),
        )
        .route(
            "/account/password",
            get(routes::ui::password::page).post(routes::ui::password::change),
        )
        .route(
            "/invite/{secret}",
            get(routes::ui::invite::page).post(routes::ui::invite::join),
        )
        .route(
            "/settings/invitations/{id}/cancel",
            post_only(routes::ui::invite::cancel, "/settings/users"),
        )
        .route(
            "/links",
            get(routes::ui::links::list).post(routes::ui::links::create),
        )
        .route(
            "/links/import",
            get(routes::ui::import::form)
                .post(routes::ui::import::preview)
                .layer(DefaultBodyLimit::max(IMPORT_LIMIT)),
        )
        .route(
            "/links/import/confirm",
            post_only(routes::ui::import::confirm, "/links/import")
                .layer(DefaultBodyLimit::max(IMPORT_LIMIT)),
        )
        .route("/links/export.csv", get(routes::ui::links_export::csv))
        .route("/links/export.json", get(routes::ui::links_export::json))
        .route(
            "/links/kit",
            get(routes::ui::kit::kit_page)
                .post(routes::ui::kit::create_kit)
                .layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route(
            "/links/{slug}/enabled",
            post_only(routes::ui::links::set_enabled, "/links/{slug}/edit"),
        )
        .route(
            "/links/{slug}/edit",
            get(routes::ui::edit::edit_page)
                .post(routes::ui::edit::edit)
                .layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route(
            "/links/{slug}/delete",
            post_only(routes::ui::links::delete, "/links"),
        )
        .route("/links/{slug}/qr.svg", get(routes::ui::qr::svg))
        .route("/links/{slug}/qr.png", get(routes::ui::qr::png))
        .route("/campaigns", get(routes::ui::campaigns::list))
        .route(
            "/campaigns/{id}",
            get(routes::ui::campaigns::show)
                .post(routes::ui::campaigns::update)
                .layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route(
            "/campaigns/{id}/links",
            post_only(routes::ui::campaigns::add_links, "/campaigns/{id}"),
        )
        .route(
            "/campaigns/{id}/shares",
            post_only(routes::ui::report_share::create, "/campaigns/{id}"),
        )
        .route(
            "/campaigns/{id}/shares/{share}/revoke",
            post_only(routes::ui::report_share::revoke, "/campaigns/{id}"),
        )
        .route("/shared/{secret}", get(routes::ui::report_share::page))
        .route(
            "/campaigns/{id}/rename",
            post_only(routes::ui::campaign_edit::rename, "/campaigns/{id}"),
        )
        .route(
            "/campaigns/{id}/delete",
            post_only(routes::ui::campaign_edit::delete, "/campaigns/{id}"),
        )
        .route(
            "/settings/agency",
            get(routes::ui::agency::page).post(routes::ui::agency::save),
        )
        .route(
            "/settings/tokens",
            get(routes::ui::tokens::list).post(routes::ui::tokens::create),
        )
        .route(
            "/settings/tokens/{id}/revoke",
            post_only(routes::ui::tokens::revoke, "/settings/tokens"),
        )
        .route(
            "/settings/channels",
            get(routes::ui::settings::list::<routes::ui::channels::Channels>)
                .post(routes::ui::channels::add),
        )
        .route(
            "/settings/channels/{key}/delete",
            post_only(routes::ui::channels::remove, "/settings/channels"),
        )
        .route(
            "/settings/channels/{key}/gender",
            post_only(routes::ui::channels::set_gender, "/settings/channels"),
        )
        .route(
            "/settings/domains",
            get(routes::ui::settings::list::<routes::ui::domains::Domains>)
                .post(routes::ui::domains::add),
        )
        .route(
            "/settings/domains/{host}/delete",
            post_only(routes::ui::domains::remove, "/settings/domains"),
        )
        .route(
            "/settings/sites",
            get(routes::ui::sites::list).post(routes::ui::sites::register),
        )
        .route(
            "/settings/sites/{id}",
            post_only(routes::ui::sites::change, "/settings/sites"),
        )
        .route(
            "/settings/sites/{id}/domains",
            post_only(routes::ui::sites::add_domain, "/settings/sites"),
        )
        .route(
            "/settings/sites/{id}/delete",
            post_only(routes::ui::sites::delete, "/settings/sites"),
        )
        .route("/dashboard/sites", get(routes::ui::site_dashboard::list))
        .route(
            "/dashboard/sites/{id}",
            get(routes::ui::site_dashboard::page),
        )
        .route(
            "/dashboard/sites/{id}/export.csv",
            get(routes::ui::site_export::export),
        )
        .route(
            "/settings/users",
            get(routes::ui::users::list).post(routes::ui::users::create),
        )
        .route(
            "/settings/users/{id}/role",
            post_only(routes::ui::users::set_role, "/settings/users"),
        )
        .route(
            "/settings/users/{id}/delete",
            post_only(routes::ui::users::delete, "/settings/users"),
        )
        .route("/dashboard", get(routes::ui::dashboard::page))
        .route("/dashboard/export.csv", get(routes::ui::export::table))
        .route("/dashboard/export.zip", get(routes::ui::export::everything))
        .route("/dashboard/live", get(routes::ui::dashboard::live))
        // Any other path under /api/ (another version, a typo) is the API's 404 in JSON; a
        // catch-all matches no empty rest, hence /api/ on its own.
        .route("/api/", any(routes::api::no_such_endpoint))
        .route("/api/{*path}", any(routes::api::no_such_endpoint))
        .route(
            "/settings/webhooks",
            get(routes::ui::settings::list::<routes::ui::webhooks::Webhooks>)
                .post(routes::ui::webhooks::add),
        )
        .route(
            "/settings/webhooks/{id}/delete",
            post_only(routes::ui::webhooks::remove, "/settings/webhooks"),
        )
        .route(
            "/settings/webhooks/{id}/retry",
            post_only(routes::ui::webhooks::retry, "/settings/webhooks"),
        )
        .route(
            "/settings/webhooks/{id}/test",
            post_only(routes::ui::webhooks::test, "/settings/webhooks"),
        )
        // Every route above is the web UI's: a method one does not take is answered with a
        // page. The routes below are for programs (probes, scrapers, the pages' assets and
        // images, the API), which get axum's bare 405 with `Allow`, as the redirect does.
        .method_not_allowed_fallback(routes::ui::methods::not_allowed)
        // Refusals of the pages above in their frame: the routes below refuse with no page,
        // so their requests (a page's assets, probes, the API) skip it.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            routes::ui::frame::layer,
        ))
        .route("/static/{file}", get(routes::assets::serve))
        .route("/media/{id}", get(routes::media::serve))
        .route("/healthz", get(routes::health::healthz))
        .route("/readyz", get(routes::health::readyz))
        .route("/metrics", get(routes::metrics::metrics))
        .route("/api/openapi.json", get(routes::api::openapi::document))
        .nest("/api/v1", api)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            routes::own_writes::layer,
        ))
        .layer(axum::middleware::from_fn(routes::input::refuse_nul))
        .layer(axum::middleware::from_fn(routes::ui::flash::layer))
        .layer(axum::middleware::from_fn(routes::security::layer))
        .layer(axum::middleware::from_fn(routes::locale::layer))
        .route("/lanterne.js", get(routes::snippet::script))
        .layer(TraceLayer::new_for_http().make_span_with(crate::telemetry::request_span))
        // The redirect and the snippet's events are the hot paths: no tracing, timeout or
        // header layers in front of them. `GET /e` stays a slug's redirect.
        .route(
            "/e",
            get(routes::redirect::redirect).post(routes::events::event),
        )
        .route("/e/link", post(routes::share_link::link))
        // A branded domain serves only its links: it checks one atomic flag while none is
        // registered, and stays off the redirect's route below.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            routes::branded::layer,
        ))
        .route(
            "/{slug}",
            // The password form's answer in the visitor's language; the redirect's own
            // error pages choose theirs without a layer in front of the hot path.
            get(routes::redirect::redirect).merge(
                post(routes::visitor::unlock)
                    .layer(axum::middleware::from_fn(routes::locale::layer)),
            ),
        )
        .fallback(routes::pages::not_found)
        .with_state(state)
}

/// The listener of `--listen`.
async fn bind(args: &ServeArgs) -> anyhow::Result<TcpListener> {
    TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("listening on {}", args.listen))
}

/// The spool of hits the database could not take, and the crash ledger beside it, which says
/// what a previous run that did not stop cleanly may have lost.
fn spool_and_ledger(args: &ServeArgs) -> anyhow::Result<(Spool, Arc<Ledger>)> {
    let spool = Spool::open(&args.spool_dir)
        .with_context(|| format!("opening the spool directory {}", args.spool_dir.display()))?;
    let ledger = Arc::new(Ledger::open(&args.spool_dir).context("writing the crash ledger")?);
    Ok((spool, ledger))
}

/// Says at start what an unreachable base URL does to short links. Not refused: the Docker
/// image listens on 0.0.0.0 and must start. Admins also see it on every page of the web UI.
fn warn_if_unreachable(base_url: &str) {
    if crate::config::on_unspecified_address(base_url) {
        tracing::warn!(
            base_url,
            "short links will point at {base_url}, an address no visitor can reach: set LANTERNE_BASE_URL (or --base-url) to this server's public URL"
        );
    }
}

/// The settings that need the database, checked before the ledger marks a run as started
/// (a start that stops here leaves nothing for the next to warn about): where reads go, the
/// branded domains, the dashboard's time zone.
async fn checked_settings(
    db: &Db,
    args: &ServeArgs,
    base_url: &str,
) -> anyhow::Result<(ReadDb, Domains)> {
    let reads = read_db(db, args)?;
    let domains = branded_domains(db, base_url).await?;
    db.adopt_rollup_timezone(&args.timezone)
        .await
        .context("setting the time zone of the dashboard's days")?;
    Ok((reads, domains))
}

/// Fills the slug cache with the most visited links, after the listener is bound and without
/// delaying it: the busy links are known before the first redirect, in case the database
/// goes away just after a deploy.
fn warm_cache(state: &AppState, args: &ServeArgs, stop: CancellationToken) -> JoinHandle<()> {
    links::warm::spawn(
        state.cache.clone(),
        state.db.clone(),
        state.click_limits.clone(),
        state.blocked_domains.clone(),
        usize::try_from(args.cache_links).unwrap_or(usize::MAX),
        state.metrics.clone(),
        stop,
    )
}

/// The address lookups the writer makes: place (`--geoip-db`) and hosting networks
/// (`--asn-db`), each built in when not given.
fn lookups(args: &ServeArgs) -> anyhow::Result<(Geo, HostingNetworks)> {
    let geo = match &args.geoip_db {
        Some(path) => Geo::open(path)?,
        None => Geo::builtin(),
    };
    let networks = match &args.asn_db {
        Some(path) => HostingNetworks::open(path)?,
        None => HostingNetworks::builtin(),
    };
    Ok((geo, networks))
}

/// The operator's secret the visitor keys are derived from, if set (said at start when
/// PostgreSQL runs without it).
fn visitor_key(args: &ServeArgs, db: &Db) -> Option<Arc<[u8]>> {
    if args.visitor_secret.is_none() && matches!(db, Db::Postgres(_)) {
        tracing::info!("{UNIQUE_VISITORS_PER_INSTANCE}");
    }
    args.visitor_secret
        .as_ref()
        .map(|secret| Arc::from(secret.expose().as_bytes()))
}

/// Where reads go: the replica of `--read-database-url`, else the primary.
fn read_db(db: &Db, args: &ServeArgs) -> anyhow::Result<ReadDb> {
    Ok(match &args.read_database_url {
        Some(url) => ReadDb::with_replica(db.clone(), url)?,
        None => ReadDb::primary_only(db.clone()),
    })
}

/// The webhook delivery task, as the operator set it.
fn deliveries(
    db: &Db,
    args: &ServeArgs,
    base_host: &str,
    stop: CancellationToken,
) -> JoinHandle<()> {
    let settings = webhooks::delivery::Settings {
        allow_private: args.webhooks_allow_private,
        retry_base: Duration::from_millis(args.webhooks_retry_base_ms),
        base_host: base_host.to_owned(),
    };
    webhooks::delivery::spawn(db.clone(), settings, stop)
}

/// Said at start on PostgreSQL without `LANTERNE_VISITOR_SECRET`.
const UNIQUE_VISITORS_PER_INSTANCE: &str = "unique visitors are counted with a key of this instance: set LANTERNE_VISITOR_SECRET, the same on every instance, to count them across instances";

/// A server bound to its port, with its writer running, ready to serve.
pub struct Application {
    listener: TcpListener,
    state: AppState,
    writer: JoinHandle<()>,
    writer_stop: CancellationToken,
    /// Tasks that only serve the running server (cache sync, maintenance).
    background: Vec<JoinHandle<()>>,
    background_stop: CancellationToken,
    spool: Spool,
    ledger: Arc<Ledger>,
}

/// The branded domains, read before the first request is answered.
async fn branded_domains(db: &Db, base_url: &str) -> anyhow::Result<Domains> {
    let domains = Domains::new(base_url);
    domains
        .reload(db)
        .await
        .context("reading the branded domains")?;
    Ok(domains)
}

impl Application {
    pub async fn build(database_url: &str, args: &ServeArgs) -> anyhow::Result<Application> {
        let trusted: Arc<[_]> = args.trusted_proxies.0.clone().into();
        let (geo, networks) = lookups(args)?;
        let db = Db::connect(database_url).await?;
        tokio::task::spawn_blocking(crate::auth::password::prepare);
        let listener = bind(args).await?;
        let base_url = args.public_url(listener.local_addr()?);
        let refused_hosts = args.refused_hosts(&base_url)?;
        warn_if_unreachable(&base_url);
        let (reads, domains) = checked_settings(&db, args, &base_url).await?;
        let metrics = Arc::new(Metrics::default());
        let (spool, ledger) = spool_and_ledger(args)?;
        let (hits, rx) = HitQueue::new(metrics.clone(), ledger.clone());
        let writer_stop = CancellationToken::new();
        let geo = Arc::new(geo);
        let writer = Writer {
            db: db.clone(),
            spool: spool.clone(),
            enricher: Arc::new(Enricher::new(
                geo.clone(),
                Arc::new(networks),
                trusted.clone(),
            )),
            metrics: metrics.clone(),
            visitor_secret: visitor_key(args, &db),
        };
        let writer = tokio::spawn(writer.run(rx, writer_stop.clone()));
        let cache = SlugCache::new(usize::try_from(args.cache_links).unwrap_or(usize::MAX));
        let background_stop = CancellationToken::new();
        let base_host = domains.base_host().to_owned();
        let changes = LinkChanges::new(cache.clone(), db.clone(), domains);
        let sync = links::sync::spawn(changes.clone(), background_stop.clone());
        let fold = hits::rollup::spawn(db.clone(), metrics.clone(), background_stop.clone());
        links::blocked::report(&db, &args.blocked_domains.0).await;
        // Partitions must exist before the first hit is written.
        hits::maintenance::run_once(&db, args.retention_days).await;
        let upkeep =
            hits::maintenance::spawn(db.clone(), args.retention_days, background_stop.clone());
        let replayer = hits::spool::spawn_replayer(
            spool.clone(),
            db.clone(),
            metrics.clone(),
            ledger.clone(),
            background_stop.clone(),
        );
        let replica_check = reads.spawn_check(background_stop.clone());
        let deliveries = deliveries(&db, args, &base_host, background_stop.clone());
        let sites = Registry::new(db.clone());
        let refusals = sites.spawn_refusal_writer(background_stop.clone());
        // The views stored before migration 0032 that it left without UTM tags (once).
        let utm_filling = utm_fill::spawn(db.clone(), background_stop.clone()).await;
        let state = AppState(Arc::new(State {
            reads,
            sites,
            click_limits: ClickLimits::new(db.clone()),
            db,
            cache,
            links: changes,
            hits,
            metrics,
            base_url,
            refused_hosts,
            blocked_domains: args.blocked_domains.0.clone(),
            trusted_proxies: trusted,
            metrics_allow: args.metrics_allow.0.clone(),
            timezone: args.timezone.clone(),
            scan_guard: KeyedLimit::new(SCAN_LIMIT, Duration::from_secs(60) / SCAN_LIMIT, 100_000),
            create_guard: RateLimiter::new(CREATE_LIMIT, Duration::from_secs(60), 10_000),
            event_guard: KeyedLimit::new(
                EVENT_LIMIT,
                Duration::from_secs(60) / EVENT_LIMIT,
                100_000,
            ),
            mint_guard: RateLimiter::new(MINT_LIMIT, Duration::from_secs(60), 100_000),
            login_guard: FailureLimit::new(LOGIN_LIMIT, LOGIN_WINDOW / LOGIN_LIMIT, 100_000),
            login_network_guard: FailureLimit::new(
                LOGIN_LIMIT_PER_NETWORK,
                LOGIN_WINDOW / LOGIN_LIMIT_PER_NETWORK,
                100_000,
            ),
            password_guard: KeyedLimit::new(PASSWORD_LIMIT, LOGIN_WINDOW / PASSWORD_LIMIT, 100_000),
            geo,
            webhooks_allow_private: args.webhooks_allow_private,
        }));
        let warming = warm_cache(&state, args, background_stop.clone());
        Ok(Application {
            listener,
            state,
            writer,
            writer_stop,
            background: [sync, upkeep, replayer, fold, deliveries, refusals, warming]
                .into_iter()
                .chain(replica_check)
                .chain(utm_filling)
                .collect(),
            spool,
            ledger,
            background_stop,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, then finishes in-flight requests, writes every
    /// queued hit and closes the database.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let app = router(self.state.clone()).into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, app)
            .with_graceful_shutdown(shutdown)
            .await?;
        tracing::info!("stopped accepting; writing queued hits");
        self.background_stop.cancel();
        for task in self.background {
            let _ = task.await;
        }
        self.state.hits.flush_overflow().await;
        // The people let through by click limits, counted for the other instances.
        self.state.click_limits.finish().await;
        self.writer_stop.cancel();
        self.writer.await?;
        // Whatever the database could not take is on disk now: the stop is clean.
        if let Err(err) = self.spool.replay(&self.state.db, |_| {}).await {
            tracing::warn!(error = %log_text(err.as_ref()), pending = self.spool.pending(), "spooled hits wait for the next start");
        }
        self.ledger.close();
        self.state.reads.close_replica().await;
        self.state.db.close().await;
        Ok(())
    }
}

/// Completes on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                .expect("installing the SIGTERM handler");
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
    tracing::info!("shutdown signal received");
}
