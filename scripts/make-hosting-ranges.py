#!/usr/bin/env python3
"""Writes data/asn/hosting-ranges.csv: the address ranges of the autonomous systems listed in
data/asn/hosting_networks.tsv, taken from the ip-location-db ASN database.

    npm pack @ip-location-db/asn && tar xzf ip-location-db-asn-*.tgz
    scripts/make-hosting-ranges.py package/asn-ipv4.csv package/asn-ipv6.csv VERSION

Run it again after changing hosting_networks.tsv or to take a newer database.
"""
import csv
import sys
from pathlib import Path

ASN = Path(__file__).resolve().parent.parent / "data" / "asn"


def main(ipv4, ipv6, version):
    listed = {line.split("\t")[0] for line in (ASN / "hosting_networks.tsv").read_text().splitlines()
              if line.strip() and not line.startswith("#")}
    rows = []
    for path in (ipv4, ipv6):
        with open(path, newline="") as f:
            rows += [row for row in csv.reader(f) if row[2] in listed]
    with open(ASN / "hosting-ranges.csv", "w", newline="") as out:
        out.write(f"# Hosting networks' address ranges: start,end,asn,name. From the npm package\n"
                  f"# @ip-location-db/asn {version} (Route Views and DB-IP, CC BY 4.0: see README.md),\n"
                  f"# only the autonomous systems of hosting_networks.tsv. Made by\n"
                  f"# scripts/make-hosting-ranges.py; do not edit by hand.\n")
        csv.writer(out, lineterminator="\n").writerows(rows)
    print(f"{len(rows)} ranges of {len(listed)} networks")


if __name__ == "__main__":
    main(*sys.argv[1:4])
