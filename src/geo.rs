//! Geolocation: an IP address to a country (and a city where the database has one).
//!
//! Built in: the "geo-whois-asn-country" database of the ip-location-db project
//! (`data/geo/`, CC BY 4.0 by the NRO, see `data/geo/README.md`). `--geoip-db` may name a
//! GeoLite2 or DB-IP City file instead; both record shapes are read.

use std::net::IpAddr;
use std::path::Path;

use anyhow::Context;
use maxminddb::Reader;
use serde::Deserialize;

static BUILTIN: &[u8] = include_bytes!("../data/geo/geo-whois-asn-country.mmdb");

/// A place as stored with a hit.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Place {
    /// ISO 3166-1 alpha-2, upper case.
    pub country: Option<String>,
    pub city: Option<String>,
}

pub struct Geo {
    reader: Reader<Source>,
}

enum Source {
    Builtin,
    File(Vec<u8>),
}

impl AsRef<[u8]> for Source {
    fn as_ref(&self) -> &[u8] {
        match self {
            Source::Builtin => BUILTIN,
            Source::File(bytes) => bytes,
        }
    }
}

/// The fields both shapes may hold: `country_code` (ip-location-db) or `country.iso_code`
/// and `city.names.en` (GeoLite2, DB-IP).
#[derive(Deserialize)]
struct Record<'a> {
    #[serde(borrow)]
    country_code: Option<&'a str>,
    #[serde(borrow)]
    country: Option<Country<'a>>,
    #[serde(borrow)]
    city: Option<City<'a>>,
}

#[derive(Deserialize)]
struct Country<'a> {
    iso_code: Option<&'a str>,
}

#[derive(Deserialize)]
struct City<'a> {
    #[serde(borrow)]
    names: Option<Names<'a>>,
}

#[derive(Deserialize)]
struct Names<'a> {
    en: Option<&'a str>,
}

impl Geo {
    /// The country database compiled into the binary.
    pub fn builtin() -> Geo {
        let reader = Reader::from_source(Source::Builtin).expect("the built-in database is valid");
        Geo { reader }
    }

    /// A MaxMind DB file (GeoLite2/DB-IP City or Country, or ip-location-db).
    pub fn open(path: &Path) -> anyhow::Result<Geo> {
        let bytes = std::fs::read(path)
            .with_context(|| format!("reading the geo database {}", path.display()))?;
        let reader = Reader::from_source(Source::File(bytes))
            .with_context(|| format!("{} is not a MaxMind DB file", path.display()))?;
        Ok(Geo { reader })
    }

    /// Whether the database names cities (a GeoLite2 or DB-IP City file): the built-in one,
    /// and Country files, give the country only, so a table of cities stays empty whatever
    /// the traffic, and the dashboard says why.
    pub fn gives_cities(&self) -> bool {
        self.reader
            .metadata()
            .database_type
            .to_ascii_lowercase()
            .contains("city")
    }

    /// Where `ip` is, as far as the database knows; nothing for private or unknown addresses.
    pub fn lookup(&self, ip: IpAddr) -> Place {
        let Ok(found) = self.reader.lookup(ip) else {
            return Place::default();
        };
        let Ok(Some(record)) = found.decode::<Record>() else {
            return Place::default();
        };
        let country = record
            .country_code
            .or(record.country.and_then(|c| c.iso_code))
            .filter(|code| code.len() == 2)
            .map(str::to_ascii_uppercase);
        let city = record
            .city
            .and_then(|c| c.names)
            .and_then(|n| n.en)
            .map(str::to_owned);
        Place { country, city }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_finds_countries() {
        let geo = Geo::builtin();
        assert_eq!(
            geo.lookup("81.2.69.142".parse().unwrap())
                .country
                .as_deref(),
            Some("GB")
        );
        assert_eq!(geo.lookup("127.0.0.1".parse().unwrap()), Place::default());
    }

    #[test]
    fn only_a_city_database_is_said_to_give_cities() {
        assert!(!Geo::builtin().gives_cities());
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/geo-city.mmdb");
        assert!(Geo::open(&fixture).unwrap().gives_cities());
    }
}
