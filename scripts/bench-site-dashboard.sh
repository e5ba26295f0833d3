#!/usr/bin/env bash
# The site dashboard's response time over 1,000,000 snippet events, builds alternated.
# For each build and backend: a fresh database migrated by that build, one site, and EVENTS
# events of the last 29 days written straight into site_events by SQL (a recursive CTE on
# SQLite, generate_series on PostgreSQL; the same rows for every build: 500 pages, 95 %
# views, a third of them with one of 220 UTM tag combinations, arrivals split over the four
# sources, a tenth internal). The utm_* columns are filled where the build has them, as its
# writer would. Then ROUNDS rounds, each build in turn: start it, sign in, 2 warm-up loads,
# REPEAT timed loads of /dashboard/sites/1?period=30d; prints p50 and p95 in milliseconds.
#
#   VARIANTS="before@/path/to/old/lanterne after@target/release/lanterne" scripts/bench-site-dashboard.sh
#   BACKENDS=postgres EVENTS=100000 ROUNDS=1 VARIANTS=… scripts/bench-site-dashboard.sh
set -euo pipefail
cd "$(dirname "$0")/.."
VARIANTS=${VARIANTS:-"current@target/release/lanterne"}
BACKENDS=${BACKENDS:-"sqlite postgres"}
EVENTS=${EVENTS:-1000000}
ROUNDS=${ROUNDS:-3}
REPEAT=${REPEAT:-15}
PORT=${PORT:-9104}
PGADMIN_URL=${PGADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
WORK=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for db in "${pgdbs[@]}"; do psql -q "$PGADMIN_URL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true; done
  rm -rf "$WORK"
}
pgdbs=()
trap cleanup EXIT
export LANTERNE_SPOOL_DIR=$WORK/spool RUST_LOG=warn

percentiles() { sort -n | awk '{ v[NR] = $1 } END { printf "p50 %7.1f ms  p95 %7.1f ms", v[int(NR * 0.5 + 0.5)], v[int(NR * 0.95 + 0.5)] }'; }

# The events, as one INSERT … SELECT over the numbers 0..EVENTS-1 (`n(i)`); $1: with the
# utm_* columns or not.
events_sql() {
  local tags_cols="" tags_vals=""
  if [ "$1" = yes ]; then
    tags_cols=", utm_source, utm_medium, utm_campaign"
    tags_vals=", CASE WHEN i % 3 = 0 THEN 's' || (i % 5) END, CASE WHEN i % 3 = 0 THEN 'm' || (i % 4) END, CASE WHEN i % 3 = 0 THEN 'c' || (i % 11) END"
  fi
  cat <<SQL
INSERT INTO site_events (site_id, at, event, page, utm, referrer, referrer_host, internal,
    channel, user_agent, browser, os, device, country, visitor, kind, source, platform,
    evidence, generation $tags_cols)
SELECT 1, $NOW - 2505600000 + i * (2505600000 / $EVENTS),
    CASE WHEN i % 20 = 0 THEN 'copy' WHEN i % 40 = 1 THEN 'share' ELSE 'view' END,
    'https://news.example/p/' || (i % 500),
    CASE WHEN i % 3 = 0 THEN 'utm_source=s' || (i % 5) || '&utm_medium=m' || (i % 4) || '&utm_campaign=c' || (i % 11) END,
    CASE WHEN i % 10 = 9 THEN 'https://news.example/' WHEN i % 4 = 1 THEN 'https://t.co/x'
         WHEN i % 4 = 2 THEN 'https://www.google.com/' WHEN i % 4 = 3 THEN 'https://blog.example/a' END,
    CASE WHEN i % 10 = 9 THEN 'news.example' WHEN i % 4 = 1 THEN 't.co'
         WHEN i % 4 = 2 THEN 'www.google.com' WHEN i % 4 = 3 THEN 'blog.example' END,
    (i % 10 = 9),
    CASE WHEN i % 40 = 1 THEN 'whatsapp' END,
    'Mozilla/5.0 Chrome/124.0', 'Chrome', 'Windows', 'desktop', 'FR', i % 50000,
    CASE WHEN i % 50 = 7 THEN 'bot' ELSE 'click' END,
    CASE WHEN i % 4 = 0 THEN 'dark' WHEN i % 4 = 1 THEN 'public' WHEN i % 4 = 2 THEN 'search' ELSE 'referral' END,
    '', CASE WHEN i % 4 = 0 THEN 'none' ELSE 'referrer' END, 0 $tags_vals
SQL
}

NOW=$(( $(date +%s) * 1000 ))
SITE="INSERT INTO sites (id, name, key, domains, created_at, updated_at) VALUES (1, 'Bench', 'BenchKey00000001', '[\"news.example\"]', 0, 0)"
declare -A urls
for backend in $BACKENDS; do
  for variant in $VARIANTS; do
    name=${variant%%@*} bin=${variant#*@}
    if [ "$backend" = postgres ]; then
      db=lanterne_sitedash_$$_$name
      psql -q "$PGADMIN_URL" -c "CREATE DATABASE $db" >/dev/null
      pgdbs+=("$db")
      url="${PGADMIN_URL%/*}/$db"
    else
      url="sqlite://$WORK/site-$name.db"
    fi
    # Migrated by the build itself, with a user to sign in as.
    DATABASE_URL=$url LANTERNE_ADMIN_PASSWORD=bench-password-1 "$bin" user create --email bench@example.com --role analyst >/dev/null
    tags=no
    started=$(date +%s)
    if [ "$backend" = postgres ]; then
      psql -q "$url" -c "SELECT 1 FROM information_schema.columns WHERE table_name = 'site_events' AND column_name = 'utm_source'" -At | grep -q 1 && tags=yes
      { echo "$SITE;"; events_sql $tags | sed '$ s/$/ FROM generate_series(0, '$((EVENTS - 1))') AS n(i);/'; echo "VACUUM ANALYZE site_events;"; } | psql -q "$url" >/dev/null
    else
      file=${url#sqlite://}
      sqlite3 "$file" "SELECT name FROM pragma_table_info('site_events') WHERE name = 'utm_source'" | grep -q utm_source && tags=yes
      { echo "$SITE;"; echo "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $((EVENTS - 1)))"; events_sql $tags | sed '$ s/$/ FROM n;/'; echo "ANALYZE;"; } | sqlite3 "$file"
    fi
    echo "# $backend $name: $EVENTS events written in $(( $(date +%s) - started )) s (utm_* columns: $tags)"
    urls[$backend:$name]=$url
  done
done

printf '%-9s %-8s %-6s %s\n' backend build round latency
for backend in $BACKENDS; do
  for round in $(seq "$ROUNDS"); do
    for variant in $VARIANTS; do
      name=${variant%%@*} bin=${variant#*@}
      url=${urls[$backend:$name]}
      # Its slow-statement warnings to a file: they are the point here, not news.
      DATABASE_URL=$url LANTERNE_LISTEN=127.0.0.1:$PORT "$bin" serve >>"$WORK/server.log" 2>&1 & pid=$!
      pids+=("$pid")
      until curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null; do sleep 0.2; done
      jar=$WORK/cookies
      curl -s -o /dev/null -c "$jar" -d email=bench@example.com -d password=bench-password-1 "http://127.0.0.1:$PORT/login"
      for i in $(seq $((REPEAT + 2))); do
        curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -b "$jar" "http://127.0.0.1:$PORT/dashboard/sites/1?period=30d" |
          awk -v i="$i" '$1 != 200 { print "HTTP " $1 > "/dev/stderr"; exit 1 } i > 2 { print $2 * 1000 }'
      done | percentiles | xargs -0 printf '%-9s %-8s %-6s %s\n' "$backend" "$name" "$round"
      kill -TERM "$pid"; wait "$pid" || true
    done
  done
done
