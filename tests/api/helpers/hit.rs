//! Hits written straight into the database, for tests that need known numbers without
//! sending requests: `hit(link).kind("preview").country("US").row()`.

use lanterne::hits::HitRow;

const HOUR_MS: i64 = 3_600_000;

/// A stored hit being described: by default a dark click on `link_id` an hour ago, by GET,
/// with nothing else known (no referrer, agent, place or visitor).
pub fn hit(link_id: i64) -> Hit {
    Hit(HitRow {
        link_id,
        at: lanterne::clock::now_ms() - HOUR_MS,
        method: "GET",
        referrer: None,
        referrer_host: None,
        user_agent: None,
        browser: None,
        os: None,
        device: "unknown",
        country: None,
        city: None,
        visitor: None,
        kind: "click",
        source: Some("dark"),
        platform: "",
        evidence: "none",
        signals: Default::default(),
        destination: None,
    })
}

/// A [`HitRow`] under construction; [`Hit::row`] ends it.
#[derive(Debug, Clone)]
pub struct Hit(HitRow);

impl Hit {
    /// When it happened, in Unix milliseconds.
    pub fn at(mut self, at: i64) -> Self {
        self.0.at = at;
        self
    }

    pub fn days_ago(self, days: i64) -> Self {
        self.at(lanterne::clock::now_ms() - days * 24 * HOUR_MS)
    }

    /// A `preview` or a `bot` has no source and comes from a bot's "device".
    pub fn kind(mut self, kind: &'static str) -> Self {
        self.0.kind = kind;
        if kind != "click" {
            self.0.source = None;
            self.0.device = "bot";
        }
        self
    }

    pub fn source(mut self, source: &'static str) -> Self {
        self.0.source = Some(source);
        self
    }

    pub fn platform(mut self, platform: &'static str) -> Self {
        self.0.platform = platform;
        self
    }

    pub fn device(mut self, device: &'static str) -> Self {
        self.0.device = device;
        self
    }

    pub fn country(mut self, country: &str) -> Self {
        self.0.country = Some(country.into());
        self
    }

    pub fn visitor(mut self, visitor: i64) -> Self {
        self.0.visitor = Some(visitor);
        self
    }

    pub fn row(self) -> HitRow {
        self.0
    }

    /// `n` copies of the row.
    pub fn times(self, n: usize) -> Vec<HitRow> {
        vec![self.0; n]
    }
}
