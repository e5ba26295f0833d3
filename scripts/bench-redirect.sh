#!/usr/bin/env bash
# Redirect benchmark: Lanterne on PostgreSQL and on SQLite against a bare axum "ceiling"
# server, round-robin in the same run, random slugs out of SLUGS links, wrk with CONNS
# keep-alive connections for SECONDS each. Prints req/s, p50/p99, the ratio to the ceiling of
# the same round, and stored hits against redirects served (lanterne_redirects_total).
#
#   scripts/bench-redirect.sh                 # 3 rounds, 10,000 slugs, 64 connections, 10 s
#   ROUNDS=5 SLUGS=100000 scripts/bench-redirect.sh
#   VARIANTS="postgres postgres@/tmp/other-lanterne" scripts/bench-redirect.sh   # A/B two builds
#
# Needs wrk, sqlite3 and psql; PostgreSQL on 127.0.0.1:5432 (PGADMIN_URL to change).
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
SLUGS=${SLUGS:-10000}
CONNS=${CONNS:-64}
SECONDS_EACH=${SECONDS_EACH:-10}
PGADMIN_URL=${PGADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

cargo build --release --quiet --bin lanterne --example ceiling
BIN=${BIN:-$PWD/target/release/lanterne}
VARIANTS=${VARIANTS:-"postgres sqlite"}
CEILING=$PWD/target/release/examples/ceiling

PGDB=lanterne_bench_$$
psql -q "$PGADMIN_URL" -c "CREATE DATABASE $PGDB" >/dev/null
PG_URL="${PGADMIN_URL%/*}/$PGDB"
SQLITE_URL="sqlite://$WORK/bench.db"
trap 'kill $(jobs -p) 2>/dev/null || true; psql -q "$PGADMIN_URL" -c "DROP DATABASE IF EXISTS $PGDB WITH (FORCE)" >/dev/null; rm -rf "$WORK"' EXIT

# Create the schema (a short start), then the links in one statement per backend.
for url in "$PG_URL" "$SQLITE_URL"; do
  DATABASE_URL=$url LANTERNE_LISTEN=127.0.0.1:0 timeout -s INT 3 "$BIN" serve 2>/dev/null || true
done
psql -q "$PG_URL" -c "INSERT INTO links (slug, url, created_at, updated_at)
  SELECT 'b' || i, 'https://example.com/' || i, 0, 0 FROM generate_series(1, $SLUGS) i"
sqlite3 "$WORK/bench.db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $SLUGS)
  INSERT INTO links (slug, url, created_at, updated_at) SELECT 'b' || i, 'https://example.com/' || i, 0, 0 FROM n"

metric() { curl -s "http://$1/metrics" | awk -v m="$2" '$1 == m { print $2 }'; }

# run_wrk ADDR → "req/s p50_ms p99_ms"
run_wrk() {
  wrk -t2 -c"$CONNS" -d"${SECONDS_EACH}s" --latency -s bench/random-slug.lua "http://$1" -- "$SLUGS" > "$WORK/wrk.txt"
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    END { printf "%d %.2f %.2f\n", rps, p50, p99 }' "$WORK/wrk.txt"
}

# lanterne URL PORT → "req/s p50 p99 served stored dropped"
run_lanterne() {
  local url=$1 addr=127.0.0.1:$2
  DATABASE_URL=$url LANTERNE_LISTEN=$addr RUST_LOG=warn "$BIN" serve &
  local pid=$!
  until curl -sf "http://$addr/healthz" >/dev/null; do sleep 0.1; done
  # Warm the slug cache the way a long-running server would be.
  wrk -t2 -c"$CONNS" -d2s -s bench/random-slug.lua "http://$addr" -- "$SLUGS" >/dev/null
  local served stored dropped result
  result=$(run_wrk "$addr")
  # Let the writer drain, then compare what was stored with what was served.
  for _ in $(seq 600); do
    [ "$(metric "$addr" lanterne_hits_stored_total)" = "$(metric "$addr" lanterne_redirects_total)" ] && break
    sleep 0.1
  done
  # Totals since start (warm-up included): every redirect served must be a stored hit.
  served=$(metric "$addr" lanterne_redirects_total)
  stored=$(metric "$addr" lanterne_hits_stored_total)
  dropped=$(metric "$addr" lanterne_hits_dropped_total)
  kill -TERM $pid; wait $pid
  echo "$result $served $stored $dropped"
}

printf '%-6s %-24s %9s %7s %8s %8s %10s %10s %8s\n' round variant req/s ratio p50_ms p99_ms served stored dropped
for round in $(seq "$ROUNDS"); do
  "$CEILING" 127.0.0.1:9100 "$SLUGS" & cpid=$!
  sleep 0.5
  wrk -t2 -c"$CONNS" -d2s -s bench/random-slug.lua http://127.0.0.1:9100 -- "$SLUGS" >/dev/null
  read -r c_rps c_p50 c_p99 < <(run_wrk 127.0.0.1:9100)
  kill $cpid; wait $cpid 2>/dev/null || true
  printf '%-6s %-24s %9s %7s %8s %8s %10s %10s %8s\n' "$round" ceiling "$c_rps" 1.00 "$c_p50" "$c_p99" - - -
  for spec in $VARIANTS; do
    variant=${spec%%@*}
    url=$PG_URL; [ "$variant" = sqlite ] && url=$SQLITE_URL
    bin=$BIN; [ "$spec" != "$variant" ] && { bin=${spec#*@}; variant="$variant@$(basename "$bin")"; }
    read -r rps p50 p99 served stored dropped < <(BIN=$bin run_lanterne "$url" 9101)
    ratio=$(awk -v a="$rps" -v b="$c_rps" 'BEGIN { printf "%.2f", a / b }')
    printf '%-6s %-24s %9s %7s %8s %8s %10s %10s %8s\n' "$round" "lanterne-$variant" "$rps" "$ratio" "$p50" "$p99" "$served" "$stored" "$dropped"
  done
done
