//! The command line: every setting a flag with an environment variable, read into a typed
//! value (a list of networks, a known time zone) as it is parsed, so a mistake stops the
//! start with the setting's name.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::str::FromStr;

use clap::{Args, Parser, Subcommand};
use ipnet::IpNet;

use crate::links::destination::Refused;

mod help;

#[derive(Debug, Parser)]
#[command(
    name = "lanterne",
    version,
    about = "Short links that measure dark social"
)]
pub struct Cli {
    /// Where links and hits are stored: a SQLite file (`sqlite://lanterne.db`) or PostgreSQL
    /// (`postgres://user@host/db`).
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://lanterne.db",
        global = true
    )]
    pub database_url: String,

    #[command(flatten)]
    pub serve: ServeArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server (also what runs with no command).
    Serve,
    /// Fill a new database with demo campaigns and weeks of realistic hits.
    Demo {
        /// How many hits.
        #[arg(long, default_value_t = 200_000)]
        hits: u64,
        /// Random seed, for a reproducible demo.
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Add the demo to a database that already has links or users (it is refused
        /// otherwise, so that demo hits never mix with real ones).
        #[arg(long)]
        force: bool,
    },
    /// Re-run the classifier over every stored hit (after an upgrade improved its tables).
    Reclassify,
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Import links from a file, keeping their slugs (docs/import-export.md).
    Import(ImportArgs),
    /// Write every link with its options, campaign, channel, tags and hits.
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
        format: ExportFormat,
        /// Where to write it [default: standard output].
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Copy a SQLite database while Lanterne runs (PostgreSQL: docs/reliability.md).
    Backup {
        /// The copy to make; it must not exist yet.
        file: PathBuf,
    },
    /// Manage the people who use the web UI.
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file's format: csv (Lanterne's: url, slug, domain, campaign, channel, tags,
    /// created_at), json (Lanterne's JSON export, options included), bitly, shlink, yourls,
    /// kutt or dub.
    #[arg(value_enum)]
    pub format: crate::import::Format,
    pub file: PathBuf,
    /// The domain of links whose row names none [default: the base URL's host].
    #[arg(long)]
    pub domain: Option<String>,
    /// The campaign of links whose row names none.
    #[arg(long)]
    pub campaign: Option<String>,
    /// Check every row and say what would happen, writing nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// What `lanterne export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user. The password comes from LANTERNE_ADMIN_PASSWORD, else from the terminal.
    Create {
        #[arg(long)]
        email: String,
        /// admin, marketer or analyst.
        #[arg(long, default_value = "admin")]
        role: String,
    },
    /// List the users: email, role, since when (never a password).
    List,
    /// Give a user another role. The last admin keeps theirs: a server needs one.
    SetRole {
        #[arg(long)]
        email: String,
        /// admin, marketer or analyst.
        #[arg(long)]
        role: String,
    },
    /// Set a user's password, as for a forgotten one, and sign them out everywhere. The password
    /// comes from LANTERNE_ADMIN_PASSWORD, else from the terminal.
    SetPassword {
        #[arg(long)]
        email: String,
    },
    /// Delete a user and their sessions. The last admin cannot be deleted.
    Delete {
        #[arg(long)]
        email: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token and print it (only once) as the last line.
    Create {
        /// A name to recognise the token by.
        #[arg(long)]
        name: String,
        /// admin, marketer or analyst.
        #[arg(long, default_value = "admin")]
        role: String,
    },
    /// List the API tokens: id, name, role, when made and revoked (never the secret).
    List,
    /// Revoke an API token: the API refuses it from the next request on.
    Revoke {
        /// The token's name, or its id as `lanterne token list` shows it.
        #[arg(
            required_unless_present = "id",
            conflicts_with = "id",
            value_name = "NAME_OR_ID"
        )]
        token: Option<String>,
        /// The token's id, never read as a name (for a name that two tokens share, or that is
        /// another token's id).
        #[arg(long)]
        id: Option<i64>,
    },
}

/// The help heading of [`ServeArgs`], which [`help`] hides from commands that do not read them.
const SERVER_SETTINGS: &str = "Server settings";

/// The server's settings. They are global, so that `lanterne --listen … serve`, `lanterne serve
/// --listen …` and `lanterne --listen …` all work, and `import`, `export` and `demo` read the
/// ones they need (base URL, blocked domains, time zone).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = SERVER_SETTINGS)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(
        long,
        env = "LANTERNE_LISTEN",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub listen: SocketAddr,

    /// Public URL of this server, used to build short URLs: http:// or https:// and a host
    /// (and port), no path, query or fragment [default: http:// + the listen address].
    #[arg(long, env = "LANTERNE_BASE_URL", value_parser = base_url, global = true)]
    pub base_url: Option<String>,

    /// A MaxMind DB file (GeoLite2 or DB-IP City or Country) [default: the built-in country
    /// database].
    #[arg(long, env = "LANTERNE_GEOIP_DB", global = true)]
    pub geoip_db: Option<PathBuf>,

    /// An ip-location-db ASN file (`start,end,asn,name` lines) whose hosting networks make a
    /// hit a bot [default: the built-in ranges of the networks in data/asn/].
    #[arg(long, env = "LANTERNE_ASN_DB", global = true)]
    pub asn_db: Option<PathBuf>,

    /// Proxies whose X-Forwarded-For / Forwarded headers are believed, as comma-separated
    /// CIDRs [default: none].
    #[arg(
        long,
        env = "LANTERNE_TRUSTED_PROXIES",
        default_value = "",
        hide_default_value = true,
        global = true
    )]
    pub trusted_proxies: Networks,

    /// Time zone of the dashboard's days (IANA name), the same for every viewer.
    #[arg(
        long,
        env = "LANTERNE_TIMEZONE",
        default_value = "UTC",
        value_parser = known_zone,
        global = true
    )]
    pub timezone: String,

    /// Who may read /metrics: comma-separated CIDRs of the TCP peer [default: loopback only].
    #[arg(
        long,
        env = "LANTERNE_METRICS_ALLOW",
        default_value = "127.0.0.0/8,::1/128",
        global = true
    )]
    pub metrics_allow: Networks,

    /// Days raw hits are kept; 0 keeps them forever. Per-link totals are kept either way.
    #[arg(
        long,
        env = "LANTERNE_RETENTION_DAYS",
        default_value_t = 0,
        global = true
    )]
    pub retention_days: u32,

    /// Directory where hits wait on disk while the database is unavailable.
    #[arg(
        long,
        env = "LANTERNE_SPOOL_DIR",
        default_value = "lanterne-spool",
        global = true
    )]
    pub spool_dir: PathBuf,

    /// A secret the keys of unique visitors are derived from, the same on every instance
    /// (at least 32 characters) [default: a random key each day, in memory only]. Keep it out
    /// of database backups: with it, a copy of the database lets anyone test addresses
    /// against the visitor hashes of the hits still kept.
    #[arg(
        long,
        env = "LANTERNE_VISITOR_SECRET",
        global = true,
        hide_env_values = true
    )]
    pub visitor_secret: Option<Secret>,

    /// Comma-separated domains no link may point at, subdomains included (`bad.example`;
    /// `https://bad.example/`, `*.bad.example` and `café.fr` are read as the domain they name);
    /// links made before their domain was blocked answer 410 Gone [default: none].
    #[arg(
        long,
        env = "LANTERNE_BLOCKED_DOMAINS",
        default_value = "",
        hide_default_value = true,
        global = true
    )]
    pub blocked_domains: Domains,

    /// A streaming replica of the PostgreSQL primary (`postgres://…`) that the dashboard,
    /// /api/v1/stats, the hits API and log, exports and list pages read from [default: none,
    /// they read the primary]. Writes and the redirect's lookups stay on the primary; while the
    /// replica does not answer, its reads go to the primary too.
    #[arg(
        long,
        env = "LANTERNE_READ_DATABASE_URL",
        global = true,
        hide_env_values = true
    )]
    pub read_database_url: Option<String>,

    /// Links the redirect keeps in memory (the most visited): a link's first visit after it
    /// fell out costs a database lookup. About 370 bytes of memory each, plus the length of
    /// its destination past 74 characters (docs/performance.md).
    #[arg(
        long,
        env = "LANTERNE_CACHE_LINKS",
        default_value_t = 200_000,
        value_parser = clap::value_parser!(u64).range(1..),
        global = true
    )]
    pub cache_links: u64,
    /// Let webhooks go to loopback, private and link-local addresses (a receiver on this
    /// machine or the local network) [default: refused].
    #[arg(
        long,
        env = "LANTERNE_WEBHOOKS_ALLOW_PRIVATE",
        default_value_t = false,
        action = clap::ArgAction::Set,
        global = true
    )]
    pub webhooks_allow_private: bool,

    /// Milliseconds before a failed webhook delivery is tried again; each further failure
    /// doubles it (at most 6 hours apart, for a day).
    #[arg(
        long,
        env = "LANTERNE_WEBHOOKS_RETRY_BASE_MS",
        default_value_t = 10_000,
        global = true
    )]
    pub webhooks_retry_base_ms: u64,
}

impl ServeArgs {
    /// The public URL without a trailing `/`: `--base-url`, else `http://` and the address
    /// the server bound.
    pub fn public_url(&self, bound: SocketAddr) -> String {
        self.base_url
            .clone()
            .unwrap_or_else(|| format!("http://{bound}"))
            .trim_end_matches('/')
            .to_owned()
    }

    /// Hosts no link may point at: this server's own (a link to it would loop) and
    /// `--blocked-domains`.
    pub fn refused_hosts(&self, public_url: &str) -> anyhow::Result<Vec<Refused>> {
        let public = checked_base_url(public_url)
            .map_err(|why| anyhow::anyhow!("--base-url (LANTERNE_BASE_URL): {why}"))?;
        // Links to this server would loop: its host, and every local name of it.
        Ok(std::iter::once(Refused::own(&public))
            .chain(self.blocked_domains.0.iter().cloned().map(Refused::Blocked))
            .collect())
    }
}

/// A base URL as given, once checked (a trailing `/` dropped): see [`checked_base_url`].
fn base_url(value: &str) -> Result<String, String> {
    checked_base_url(value)?;
    Ok(value.trim().trim_end_matches('/').to_owned())
}

/// The base URL parsed, if short URLs can be made of it by adding `/slug`: `http` or `https`,
/// a host, no user name, and nothing after the host but `/`. A path is refused because
/// Lanterne serves its links, pages and API at the root of its host.
fn checked_base_url(value: &str) -> Result<url::Url, String> {
    let example = "such as https://go.example.com";
    let value = value.trim();
    let url = url::Url::parse(value)
        .map_err(|e| format!("{value:?} is not an absolute URL ({e}): give one {example}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "{value:?} must start with http:// or https://, not {}:",
            url.scheme()
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("{value:?} has no host: give one {example}"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!("{value:?} may not hold a user name or password"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "{value:?} may not have a query (?…) or a fragment (#…): short links are the base URL followed by /slug"
        ));
    }
    if url.path() != "/" {
        return Err(format!(
            "{value:?} has a path ({}): Lanterne serves its short links at the root of a host, so give it a host of its own, {example}",
            url.path()
        ));
    }
    Ok(url)
}

/// `url`'s host is an unspecified address (`0.0.0.0`, `[::]`): what the base URL is by
/// default when Lanterne listens on every interface (as in its Docker image). A server can
/// listen there; a visitor cannot go there, so short links made with it lead nowhere.
pub fn on_unspecified_address(url: &str) -> bool {
    match url::Url::parse(url).ok().as_ref().and_then(url::Url::host) {
        Some(url::Host::Ipv4(ip)) => ip.is_unspecified(),
        Some(url::Host::Ipv6(ip)) => ip.is_unspecified(),
        _ => false,
    }
}

/// Comma-separated CIDRs (`10.0.0.0/8, ::1/128`); none when empty.
#[derive(Debug, Clone, Default)]
pub struct Networks(pub Vec<IpNet>);

impl FromStr for Networks {
    type Err = String;
    fn from_str(list: &str) -> Result<Networks, String> {
        crate::net::client_ip::parse_cidrs(list).map(Networks)
    }
}

/// Comma-separated domains, as destinations store their hosts (lowercase, IDN as punycode);
/// none when empty.
#[derive(Debug, Clone, Default)]
pub struct Domains(pub Vec<String>);

impl FromStr for Domains {
    type Err = String;
    fn from_str(list: &str) -> Result<Domains, String> {
        list.split(',')
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(blocked_domain)
            .collect::<Result<_, _>>()
            .map(Domains)
    }
}

/// One blocked domain as an operator may write it: `bad.example`, `https://bad.example/`,
/// `bad.example/`, `*.bad.example` (a domain is blocked with its subdomains anyway),
/// `Café.fr` (stored destinations hold `xn--caf-dma.fr`), `bad.example:8443` (every port).
/// Anything else would match no destination, so it stops the start: a page (blocking is by
/// domain), or what is not a host name.
fn blocked_domain(entry: &str) -> Result<String, String> {
    let not_a_domain = || {
        format!(
            "{entry:?} is not a domain name: write one such as bad.example (its subdomains are blocked with it)"
        )
    };
    let rest = match entry.split_once("://") {
        Some((scheme, rest))
            if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") =>
        {
            rest
        }
        Some(_) => return Err(not_a_domain()),
        None => entry,
    };
    let rest = rest.strip_prefix("*.").unwrap_or(rest);
    let url = url::Url::parse(&format!("http://{rest}")).map_err(|_| not_a_domain())?;
    let host = url.host_str().unwrap_or_default().trim_end_matches('.');
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "{entry:?}: whole domains are blocked, not pages: write {host}"
        ));
    }
    let is_name = |label: &str| {
        !label.is_empty()
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    let plain = matches!(url.host(), Some(url::Host::Domain(_)));
    if !url.username().is_empty()
        || url.password().is_some()
        || host.is_empty()
        || (plain && !host.split('.').all(is_name))
    {
        return Err(not_a_domain());
    }
    Ok(host.to_owned())
}

/// An IANA time zone name that this build knows.
fn known_zone(name: &str) -> Result<String, String> {
    jiff::tz::TimeZone::get(name)
        .map(|_| name.to_owned())
        .map_err(|_| format!("unknown time zone {name:?}"))
}

/// A value never shown: `Debug` prints it redacted, so it stays out of logs.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl std::str::FromStr for Secret {
    type Err = String;
    fn from_str(value: &str) -> Result<Secret, String> {
        // Short enough to guess would undo the point: the visitor hashes are only as
        // strong as the secret.
        if value.chars().count() < 32 {
            return Err("needs at least 32 characters (e.g. `openssl rand -hex 32`)".into());
        }
        Ok(Secret(value.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::{Domains, Secret, base_url};

    #[test]
    fn blocked_domains_are_read_as_destinations_store_their_hosts() {
        let read = |list: &str| list.parse::<Domains>().map(|d| d.0);
        assert_eq!(
            read(" https://bad.org/ , bad.org/, *.Bad.org, BAD.ORG., café.fr, http://x.com, y.com:8443 ")
                .unwrap(),
            ["bad.org", "bad.org", "bad.org", "bad.org", "xn--caf-dma.fr", "x.com", "y.com"]
        );
        assert_eq!(read("").unwrap(), Vec::<String>::new());
        assert_eq!(read("203.0.113.7").unwrap(), ["203.0.113.7"]);
        let why = |list: &str| read(list).unwrap_err();
        assert!(
            why("https://bad.org/phish")
                .contains("whole domains are blocked, not pages: write bad.org")
        );
        assert!(why("bad.org?x=1").contains("not pages"));
        for bad in [
            "bad org",
            "ftp://bad.org",
            "bad..org",
            "bad.*",
            "me@bad.org",
            "*",
            "http://",
        ] {
            assert!(
                why(bad).contains("is not a domain name"),
                "{bad}: {}",
                why(bad)
            );
        }
    }

    #[test]
    fn a_base_url_is_http_or_https_with_a_host_and_nothing_after_it() {
        for good in [
            "https://go.example.com",
            "https://go.example.com/",
            "http://127.0.0.1:8080",
            "http://[::1]:8080/",
            " https://sho.rt ",
        ] {
            let kept = base_url(good).unwrap();
            assert!(
                !kept.ends_with('/') && !kept.starts_with(' '),
                "{good}: {kept}"
            );
        }
        let why = |bad: &str| base_url(bad).unwrap_err();
        assert!(why("ftp://x.example").contains("must start with http:// or https://, not ftp:"));
        assert!(why("not-a-url").contains("is not an absolute URL"));
        assert!(why("go.example.com").contains("is not an absolute URL"));
        assert!(why("https://go.example.com/sub/path").contains("has a path (/sub/path)"));
        assert!(why("https://go.example.com/?x=1").contains("may not have a query"));
        assert!(why("https://go.example.com/#top").contains("or a fragment"));
        assert!(why("https://me:pw@go.example.com").contains("user name or password"));
        assert!(why("mailto:ops@example.com").contains("not mailto:"));
    }

    #[test]
    fn a_visitor_secret_is_long_and_never_shown() {
        assert!("too short".parse::<Secret>().is_err());
        let secret: Secret = "0123456789abcdef0123456789abcdef".parse().unwrap();
        assert_eq!(format!("{secret:?}"), "Secret([redacted])");
    }
}
