#!/usr/bin/env bash
# Resident memory of Lanterne on PostgreSQL with LINKS links and HITS stored hits, after
# a random-slug load over every link (so the slug cache is full).
#
#   scripts/bench-memory.sh                   # 1,000,000 links, 10,000,000 hits
#   LINKS=100000 HITS=1000000 scripts/bench-memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
LINKS=${LINKS:-1000000}
HITS=${HITS:-10000000}
PGADMIN_URL=${PGADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
PGDB=lanterne_memory_$$
ADDR=127.0.0.1:9102
WORK=$(mktemp -d)
psql -q "$PGADMIN_URL" -c "CREATE DATABASE $PGDB" >/dev/null
trap 'kill $(jobs -p) 2>/dev/null || true; psql -q "$PGADMIN_URL" -c "DROP DATABASE IF EXISTS $PGDB WITH (FORCE)" >/dev/null; rm -rf "$WORK"' EXIT
URL="${PGADMIN_URL%/*}/$PGDB"

cargo build --release --quiet --bin lanterne
BIN=$PWD/target/release/lanterne
export LANTERNE_SPOOL_DIR=$WORK/spool
DATABASE_URL=$URL LANTERNE_LISTEN=127.0.0.1:0 timeout -s INT 5 "$BIN" serve 2>/dev/null || true

echo "filling: $LINKS links, $HITS hits"
psql -q "$URL" <<SQL
INSERT INTO links (slug, url, created_at, updated_at)
  SELECT 'b' || i, 'https://example.com/landing/' || i || '?utm_source=whatsapp', 0, 0
  FROM generate_series(1, $LINKS) i;
INSERT INTO hits (link_id, at, method, referrer, referrer_host, user_agent, browser, os, device,
                  country, kind, source, platform, evidence)
  SELECT 1 + (i % $LINKS), (extract(epoch from now()) * 1000)::bigint - (i % 2592000)::bigint * 1000, 'GET',
         CASE WHEN i % 3 = 0 THEN 'https://l.facebook.com/l.php' END,
         CASE WHEN i % 3 = 0 THEN 'l.facebook.com' END,
         'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
         'Safari', 'iPhone', 'mobile', 'GB', 'click',
         CASE WHEN i % 3 = 0 THEN 'public' ELSE 'dark' END,
         CASE WHEN i % 3 = 0 THEN 'facebook' ELSE '' END,
         CASE WHEN i % 3 = 0 THEN 'referrer' ELSE 'none' END
  FROM generate_series(1, $HITS) i;
-- A server that stored these hits one by one would have folded them as they came. Folding
-- ten million at once (each on its own link and quarter hour) is a bulk import's cost, in
-- PostgreSQL, and would hold it for most of an hour: they are marked folded, with their
-- links' totals and the index of each link's hits, so the load below meets the server as it
-- would be in steady state.
INSERT INTO link_stats (link_id, hits, private_hits) SELECT link_id, COUNT(*), 0 FROM hits GROUP BY link_id;
INSERT INTO hit_index (link_id, last_id, first_id, ids)
  SELECT link_id, MAX(id), MIN(id), array_agg(id ORDER BY id DESC) FROM hits GROUP BY link_id;
UPDATE rollup_state SET rolled_id = (SELECT MAX(id) FROM hits) WHERE id = 1;
ANALYZE;
SQL
psql -qAt "$URL" -c "SELECT 'database size: ' || pg_size_pretty(pg_database_size(current_database()))"

DATABASE_URL=$URL LANTERNE_LISTEN=$ADDR RUST_LOG=warn "$BIN" serve &
PID=$!
until curl -sf "http://$ADDR/healthz" >/dev/null; do sleep 0.2; done
echo "RSS after start: $(ps -o rss= -p $PID | awk '{printf "%.1f MB", $1/1024}')"
wrk -t2 -c64 -d30s -s bench/random-slug.lua "http://$ADDR" -- "$LINKS" | grep -E "Requests/sec"
echo "RSS after 30 s of random-slug redirects over $LINKS links: $(ps -o rss= -p $PID | awk '{printf "%.1f MB", $1/1024}')"
# The hits of that load are written and folded within seconds; memory after that too.
sleep 15
echo "RSS 15 s later (writer drained, new hits folded): $(ps -o rss= -p $PID | awk '{printf "%.1f MB", $1/1024}')"
curl -s "http://$ADDR/metrics" | grep -E "^lanterne_(redirects|hits_stored|hits_dropped)_total "
kill -TERM $PID; wait $PID
