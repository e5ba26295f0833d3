#!/usr/bin/env bash
# Dashboard and /api/v1/stats latency on demo data of growing size, on SQLite and PostgreSQL.
# For each size: `lanterne demo --hits N` into a fresh database (the time it took, rollups
# included, is printed), then REPEAT timed requests of the dashboard page and of
# /api/v1/stats for 30 and 90 days; prints p50 and p95 in milliseconds.
#
#   scripts/bench-dashboard.sh                         # 100,000 and 1,000,000 hits
#   SIZES="100000 1000000 10000000" BACKENDS=postgres scripts/bench-dashboard.sh
#   REUSE=postgres://…/db scripts/bench-dashboard.sh   # a database filled before (no demo)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"100000 1000000"}
BACKENDS=${BACKENDS:-"sqlite postgres"}
REPEAT=${REPEAT:-20}
PGADMIN_URL=${PGADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
cargo build --release --quiet --bin lanterne
BIN=$PWD/target/release/lanterne
export LANTERNE_SPOOL_DIR=$WORK/spool RUST_LOG=warn

percentiles() { sort -n | awk '{ v[NR] = $1 } END { printf "p50 %6.1f ms  p95 %6.1f ms", v[int(NR * 0.5 + 0.5)], v[int(NR * 0.95 + 0.5)] }'; }

printf '%-9s %10s %-7s %-28s %s\n' backend hits period request latency
for backend in $BACKENDS; do
  for n in $SIZES; do
    if [ -n "${REUSE:-}" ]; then
      url=$REUSE
      case $url in postgres*) backend=postgres ;; *) backend=sqlite ;; esac
    elif [ "$backend" = postgres ]; then
      db=lanterne_dash_$$_$n
      psql -q "$PGADMIN_URL" -c "CREATE DATABASE $db" >/dev/null
      url="${PGADMIN_URL%/*}/$db"
    else
      url="sqlite://$WORK/dash-$n.db"
    fi
    if [ -n "${REUSE:-}" ]; then
      n=reused
    else
      started=$(date +%s)
      DATABASE_URL=$url "$BIN" demo --hits "$n" >/dev/null
      echo "# $backend: demo of $n hits written and folded into rollups in $(( $(date +%s) - started )) s"
    fi
    token=$(DATABASE_URL=$url "$BIN" token create --name bench | tail -n1)
    DATABASE_URL=$url LANTERNE_ADMIN_PASSWORD=bench-password-1 "$BIN" user create --email bench@example.com --role analyst >/dev/null 2>&1 || true
    DATABASE_URL=$url LANTERNE_LISTEN=127.0.0.1:9103 "$BIN" serve & pid=$!
    until curl -sf http://127.0.0.1:9103/healthz >/dev/null; do sleep 0.2; done
    jar=$WORK/cookies-$backend-$n
    curl -s -o /dev/null -c "$jar" -d email=bench@example.com -d password=bench-password-1 http://127.0.0.1:9103/login
    for period in 30d 90d; do
      for request in "dashboard?x=" "api/v1/stats?group_by=channel" "api/v1/stats?group_by=day&campaign=Spring%20sale"; do
        for _ in $(seq "$REPEAT"); do
          curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -b "$jar" -H "Authorization: Bearer $token" \
            "http://127.0.0.1:9103/$request&period=$period" | awk '$1 != 200 { print "HTTP " $1 > "/dev/stderr"; exit 1 } { print $2 * 1000 }'
        done | percentiles | xargs -0 printf '%-9s %10s %-7s %-28s %s\n' "$backend" "$n" "$period" "${request%%\?x=}"
      done
    done
    kill -TERM $pid; wait $pid || true
    [ -n "${REUSE:-}" ] && exit 0
    [ "$backend" = postgres ] && psql -q "$PGADMIN_URL" -c "DROP DATABASE $db WITH (FORCE)" >/dev/null
  done
done
