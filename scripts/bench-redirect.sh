#!/usr/bin/env bash
# Redirect benchmark: Lanterne on PostgreSQL and on SQLite against a bare axum "ceiling"
# server, round-robin in the same run, random slugs out of SLUGS links, wrk with THREADS
# threads and CONNS keep-alive connections for SECONDS_EACH each. Prints req/s, p50/p99, the
# ratios to the ceiling of the same round (throughput, and p99 as p99x: issue 24 wants it at most 2), CPU time per request of the server and of PostgreSQL (all its processes,
# including the fold and autovacuum) from the start of the load until its hits are stored and
# folded, stored hits against redirects served (lanterne_redirects_total), and how many
# served were not stored yet when the load ended ("behind": work left for after the load,
# which its latency does not show). CPU per request is far steadier than req/s on a shared
# machine.
#
#   scripts/bench-redirect.sh                 # 3 rounds, 10,000 slugs, 2 threads, 64 connections, 10 s
#   THREADS=1 SECONDS_EACH=8 scripts/bench-redirect.sh   # as issue 24's check runs wrk
#   ROUNDS=5 SLUGS=100000 scripts/bench-redirect.sh
#   VARIANTS="postgres postgres@/tmp/other-lanterne" scripts/bench-redirect.sh   # A/B two builds
#   WORKLOAD=events scripts/bench-redirect.sh  # the site snippet's POST /e instead (SLUGS pages)
#   VARIANTS="postgres postgres+options sqlite sqlite+options" scripts/bench-redirect.sh
#   VARIANTS="postgres postgres+1m postgres+1m-zipf sqlite sqlite+1m sqlite+1m-zipf" scripts/bench-redirect.sh
#
# With WORKLOAD=events, wrk posts view events of one site (bench/events.lua) from a client
# address of its own each (Lanterne trusts 127.0.0.1's X-Forwarded-For for the run), the
# ceiling answers them 204 once their body is read, and "served" is lanterne_events_total:
# every event accepted must be stored.
#
# A variant ending in "+options" asks for SLUGS other links that all carry options: half
# targeting rules (a device rule and a country rule, so every request reads the user agent
# and looks its address up), half a 50/50 A/B split (issue 22: at least 0.9 of the req/s of
# plain links in the same run). When one is asked for, every variant of the run sends a
# desktop Chrome user agent (BENCH_UA), so that plain and option links do the same work but
# their options.
#
# A variant ending in "+1m" asks for slugs out of MILLION other links (1,000,000 unless
# set), chosen uniformly; "+1m-zipf" chooses them with a Zipf distribution of exponent 1
# (bench/zipf-slug.lua: the k-th link asked 1/k as often as the first). Those links are only
# made when such a variant is asked for (a minute or so on PostgreSQL), and the slug cache
# keeps LANTERNE_CACHE_LINKS of them (set it in the environment to change it). The ceiling
# stays the 10,000-slug one of the round. The last column, rss_mb, is Lanterne's resident
# memory at the end of its run.
#
# Needs wrk, sqlite3 and psql; PostgreSQL on 127.0.0.1:5432 (PGADMIN_URL to change).
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
SLUGS=${SLUGS:-10000}
CONNS=${CONNS:-64}
# wrk's threads: 2 share the cores with the server; issue 24's check runs 1
THREADS=${THREADS:-2}
WORKLOAD=${WORKLOAD:-redirects}
SITE_KEY=BenchSiteKey0001
if [ "$WORKLOAD" = events ]; then
  LUA=bench/events.lua LUA_ARGS="$SITE_KEY $SLUGS" SERVED=lanterne_events_total
  TRUSTED=127.0.0.1/32
else
  LUA=bench/random-slug.lua LUA_ARGS="$SLUGS" SERVED=lanterne_redirects_total TRUSTED=
fi
MILLION=${MILLION:-1000000}
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
# Links with options, /o1 … /oN: odd ones with rules, even ones with a split.
OPTIONS_OF="CASE WHEN i % 2 = 1
  THEN '{\"rules\":[{\"device\":\"ios\",\"url\":\"https://example.com/ios/' || i || '\"},{\"country\":\"FR\",\"url\":\"https://example.com/fr/' || i || '\"}]}'
  ELSE '{\"variants\":[{\"url\":\"https://example.com/a/' || i || '\",\"weight\":1},{\"url\":\"https://example.com/b/' || i || '\",\"weight\":1}]}' END"
psql -q "$PG_URL" -c "INSERT INTO links (slug, url, options, created_at, updated_at)
  SELECT 'o' || i, 'https://example.com/' || i, $OPTIONS_OF, 0, 0 FROM generate_series(1, $SLUGS) i"
sqlite3 "$WORK/bench.db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $SLUGS)
  INSERT INTO links (slug, url, options, created_at, updated_at) SELECT 'o' || i, 'https://example.com/' || i, $OPTIONS_OF, 0, 0 FROM n"
# A million plain links, /m1 … /mMILLION, when a variant asks for them.
case " $VARIANTS " in
  *+1m*)
    psql -q "$PG_URL" -c "INSERT INTO links (slug, url, created_at, updated_at)
      SELECT 'm' || i, 'https://example.com/m/' || i, 0, 0 FROM generate_series(1, $MILLION) i"
    sqlite3 "$WORK/bench.db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $MILLION)
      INSERT INTO links (slug, url, created_at, updated_at) SELECT 'm' || i, 'https://example.com/m/' || i, 0, 0 FROM n"
    ;;
esac
# bench/random-slug.lua reads the user agent from the environment (it has spaces).
case " $VARIANTS " in
  *+options*) BENCH_UA=${BENCH_UA-"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"} ;;
  *) BENCH_UA=${BENCH_UA-} ;;
esac
export BENCH_UA
SITE="INSERT INTO sites (name, key, domains, created_at, updated_at) VALUES ('Bench', '$SITE_KEY', '[\"bench.example\"]', 0, 0)"
psql -q "$PG_URL" -c "$SITE"
sqlite3 "$WORK/bench.db" "$SITE"

metric() { curl -s "http://$1/metrics" | awk -v m="$2" '$1 == m { print $2 }'; }

TICK_US=$((1000000 / $(getconf CLK_TCK)))
# CPU ticks (user + system) of process PID, all threads; with "pg", of every postgres process
# and of those that ended (autovacuum workers, closed connections: their parent keeps them).
ticks() {
  if [ "$1" = pg ]; then
    # A process may end between the glob and its read: cat then fails, which is fine.
    { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk '$2 == "(postgres)" { s += $14 + $15 + $16 + $17 } END { print s + 0 }'
  else
    awk '{ print $14 + $15 }' "/proc/$1/stat"
  fi
}

# per_request TICKS REQUESTS → CPU µs per request
per_request() { awk -v t="$1" -v n="$2" -v u="$TICK_US" 'BEGIN { printf "%.1f", t * u / n }'; }

# run_wrk ADDR [PREFIX] → "req/s p50_ms p99_ms requests" (PREFIX: of the slugs, `b` or `o`).
# VLUA and VARGS, when set, replace the script and its arguments (the million-link variants).
run_wrk() {
  # shellcheck disable=SC2086 # LUA_ARGS are several arguments
  wrk -t"$THREADS" -c"$CONNS" -d"${SECONDS_EACH}s" --latency -s "${VLUA:-$LUA}" "http://$1" -- ${VARGS:-$LUA_ARGS ${2:-}} > "$WORK/wrk.txt"
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    / requests in / { n = $1 }
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    END { printf "%d %.2f %.2f %d\n", rps, p50, p99, n }' "$WORK/wrk.txt"
}

# unfolded URL → 1 while hits are stored that the rollups do not count yet, else 0
unfolded() {
  local sql="SELECT CASE WHEN (SELECT COALESCE(MAX(id), 0) FROM hits) > (SELECT rolled_id FROM rollup_state WHERE id = 1) THEN 1 ELSE 0 END"
  if [ "$1" = "$SQLITE_URL" ]; then sqlite3 "$WORK/bench.db" "$sql"; else psql -Atq "$1" -c "$sql"; fi
}

# settle ADDR URL: waits until the writer has stored every hit served and the fold has
# counted them all (at most a minute each)
settle() {
  for _ in $(seq 600); do
    [ "$(metric "$1" lanterne_hits_stored_total)" = "$(metric "$1" "$SERVED")" ] && break
    sleep 0.1
  done
  for _ in $(seq 600); do
    [ "$(unfolded "$2")" = 0 ] && break
    sleep 0.1
  done
}

# lanterne URL PORT [PREFIX] → "req/s p50 p99 cpu_us db_us served stored dropped behind rss_mb". The CPU counted is
# from the start of the measured load until its hits are stored and folded, so it holds all
# the work the load caused and none of the warm-up's.
run_lanterne() {
  local url=$1 addr=127.0.0.1:$2 prefix=${3:-}
  DATABASE_URL=$url LANTERNE_LISTEN=$addr LANTERNE_TRUSTED_PROXIES=$TRUSTED RUST_LOG=warn \
    "$BIN" serve 2>>"$WORK/lanterne.log" &
  local pid=$!
  until curl -sf "http://$addr/healthz" >/dev/null; do sleep 0.1; done
  # Warm the slug cache the way a long-running server would be.
  # shellcheck disable=SC2086
  wrk -t"$THREADS" -c"$CONNS" -d2s -s "${VLUA:-$LUA}" "http://$addr" -- ${VARGS:-$LUA_ARGS $prefix} >/dev/null
  settle "$addr" "$url"
  local s0 p0 rps p50 p99 requests served stored dropped behind
  s0=$(ticks $pid); p0=$(ticks pg)
  read -r rps p50 p99 requests < <(run_wrk "$addr" "$prefix")
  # Hits served but not stored yet when the load ended: a writer that falls behind shows
  # here (its hits are written after the load, out of the latency wrk measured).
  behind=$(($(metric "$addr" "$SERVED") - $(metric "$addr" lanterne_hits_stored_total)))
  settle "$addr" "$url"
  local cpu db
  cpu=$(per_request $(($(ticks $pid) - s0)) "$requests")
  db=$(per_request $(($(ticks pg) - p0)) "$requests")
  [ "$url" = "$SQLITE_URL" ] && db=-
  # Totals since start (warm-up included): every redirect served (event accepted) must be
  # stored.
  served=$(metric "$addr" "$SERVED")
  stored=$(metric "$addr" lanterne_hits_stored_total)
  dropped=$(metric "$addr" lanterne_hits_dropped_total)
  local rss
  rss=$(awk '$1 == "VmRSS:" { printf "%.0f", $2 / 1024 }' "/proc/$pid/status")
  kill -TERM $pid; wait $pid
  echo "$rps $p50 $p99 $cpu $db $served $stored $dropped $behind $rss"
}

FORMAT='%-6s %-24s %9s %7s %8s %8s %6s %7s %7s %10s %10s %8s %8s %6s\n'
printf "$FORMAT" round variant req/s ratio p50_ms p99_ms p99x cpu_us db_us served stored dropped behind rss_mb
for round in $(seq "$ROUNDS"); do
  "$CEILING" 127.0.0.1:9100 "$SLUGS" & cpid=$!
  sleep 0.5
  # shellcheck disable=SC2086
  wrk -t"$THREADS" -c"$CONNS" -d2s -s "$LUA" http://127.0.0.1:9100 -- $LUA_ARGS >/dev/null
  c_s0=$(ticks $cpid)
  read -r c_rps c_p50 c_p99 c_requests < <(run_wrk 127.0.0.1:9100)
  c_cpu=$(per_request $(($(ticks $cpid) - c_s0)) "$c_requests")
  kill $cpid; wait $cpid 2>/dev/null || true
  printf "$FORMAT" "$round" ceiling "$c_rps" 1.00 "$c_p50" "$c_p99" 1.00 "$c_cpu" - - - - - -
  for spec in $VARIANTS; do
    variant=${spec%%@*}
    backend=${variant%%+*}
    prefix=; [ "$variant" = "$backend+options" ] && prefix=o
    VLUA=; VARGS=
    case $variant in
      *+1m) VLUA=bench/random-slug.lua VARGS="$MILLION m" ;;
      *+1m-zipf) VLUA=bench/zipf-slug.lua VARGS="$MILLION m" ;;
    esac
    url=$PG_URL; [ "$backend" = sqlite ] && url=$SQLITE_URL
    bin=$BIN; [ "$spec" != "$variant" ] && { bin=${spec#*@}; variant="$variant@$(basename "$bin")"; }
    read -r rps p50 p99 cpu db served stored dropped behind rss < <(BIN=$bin run_lanterne "$url" 9101 "$prefix")
    ratio=$(awk -v a="$rps" -v b="$c_rps" 'BEGIN { printf "%.2f", a / b }')
    p99x=$(awk -v a="$p99" -v b="$c_p99" 'BEGIN { printf "%.2f", a / b }')
    printf "$FORMAT" "$round" "lanterne-$variant" "$rps" "$ratio" "$p50" "$p99" "$p99x" "$cpu" "$db" "$served" "$stored" "$dropped" "$behind" "$rss"
  done
done
