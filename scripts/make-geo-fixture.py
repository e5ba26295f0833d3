#!/usr/bin/env python3
"""Writes tests/fixtures/geo-city.mmdb: a tiny GeoLite2-City-shaped database for tests.

The addresses are documentation and well-known test ranges; the places are made up for the
tests (data written here, no third-party data). Needs `pip install mmdb-writer netaddr`.
"""
from mmdb_writer import MMDBWriter
from netaddr import IPSet

writer = MMDBWriter(ip_version=6, ipv4_compatible=True, database_type="Lanterne-Test-City",
                    languages=["en"], description="Lanterne test fixture")
# GeoLite2 / DB-IP City shape: country.iso_code and city.names.en.
writer.insert_network(IPSet(["81.2.69.0/24"]), {
    "country": {"iso_code": "GB", "names": {"en": "United Kingdom"}},
    "city": {"names": {"en": "London"}},
})
# A smaller network inside that /24 and one inside the /48 below: a lookup of the full
# address finds them, a lookup of the truncated address would not (src/hits/enrich.rs tests).
writer.insert_network(IPSet(["81.2.69.160/27"]), {
    "country": {"iso_code": "GB", "names": {"en": "United Kingdom"}},
    "city": {"names": {"en": "Manchester"}},
})
writer.insert_network(IPSet(["2001:db8:1::/48"]), {
    "country": {"iso_code": "FR", "names": {"en": "France"}},
    "city": {"names": {"en": "Paris"}},
})
writer.insert_network(IPSet(["2001:db8:1:2::/64"]), {
    "country": {"iso_code": "FR", "names": {"en": "France"}},
    "city": {"names": {"en": "Lyon"}},
})
# ip-location-db shape: a bare country_code.
writer.insert_network(IPSet(["203.0.113.0/24"]), {"country_code": "JP"})
writer.to_db_file("tests/fixtures/geo-city.mmdb")
