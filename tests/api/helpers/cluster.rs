//! A throw-away PostgreSQL cluster of the test's own (`initdb` into a temporary directory, its
//! own port), so that a test can really stop and restart PostgreSQL without disturbing the
//! shared server every other test uses at the same time (tests/support/postgres.rs).

use crate::postgres::Servers;

pub struct Cluster {
    servers: Servers,
    pub port: u16,
}

impl Cluster {
    /// A new cluster, started; `None` (outside CI only) when PostgreSQL is not installed.
    pub fn start() -> Option<Cluster> {
        let port = crate::helpers::free_port();
        let servers = Servers::find(
            &[],
            &format!("lanterne-pg-{port}"),
            "this test of a real PostgreSQL restart",
        )?;
        servers.initdb("data");
        servers.pg_ctl("data", port, "start");
        Some(Cluster { servers, port })
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// `pg_ctl restart -m fast`: every connection is terminated, the server goes away and
    /// comes back, as an operator's restart does.
    pub fn restart(&self) {
        self.servers.pg_ctl("data", self.port, "restart");
    }

    pub fn stop(&self) {
        self.servers.stop("data");
    }

    pub fn start_again(&self) {
        self.servers.pg_ctl("data", self.port, "start");
    }
}
