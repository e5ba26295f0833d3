#!/usr/bin/env bash
# The read replica's effect under a full redirect load (issue 24). Makes a PostgreSQL primary
# and a streaming replica in a temporary directory on free ports (initdb, pg_basebackup -R,
# pg_ctl from Debian's PostgreSQL, as the postgres user when run as root: tests/replica.rs's
# recipe), fills the primary with `lanterne demo --hits HITS` and SLUGS links, and waits until
# the replica has replayed it all. Then, in each of ROUNDS rounds, two variants in turn (their
# order flipped every other round): "primary", Lanterne reading everything from the primary,
# and "replica", with LANTERNE_READ_DATABASE_URL on the replica. Each serves wrk's random slugs
# (bench/random-slug.lua, CONNS connections, SECONDS_EACH) and, during that load, REPEAT rounds
# of the signed-in dashboard and /api/v1/stats (by channel, and by day of a campaign), each for
# 30 and 90 days, timed with curl as scripts/bench-dashboard.sh does. Prints one line per
# variant and round, then the medians:
#
#   req/s                redirects a second (wrk)
#   dash_p50, dash_p95   the dashboard page under that load, ms (30 and 90 days together)
#   stats_p50, stats_p95 /api/v1/stats under that load, ms (both questions, both periods)
#   stored/s             the primary's write rate: hits stored (lanterne_hits_stored_total)
#                        from the start of the load until the writer had stored every one
#                        served, over that time
#   behind               hits served but not stored yet when the load ended
#   lag_kb               WAL the replica had not replayed when the load ended
#   late                 timed requests that ended after the load (not under load: raise
#                        SECONDS_EACH or lower REPEAT)
#   errors               timed requests not answered 200 (a replica query cancelled by replay)
#
# Before and after each measured load the writer's backlog is drained, a fold has counted every
# stored hit and the replica has replayed the primary, so the deferred work of a variant is
# charged to it and not to the next one.
#
#   scripts/bench-replica.sh                   # 3 rounds, 1,000,000 hits, 60 s, 10 repeats
#   HITS=20000 ROUNDS=1 SECONDS_EACH=3 REPEAT=3 scripts/bench-replica.sh   # a smoke run
#   PG_OPTIONS="-c shared_buffers=512MB" scripts/bench-replica.sh          # both servers
#
# The replica runs with hot_standby_feedback on (docs/scaling.md: long dashboard queries are
# otherwise cancelled by replay); REPLICA_OPTIONS replaces that. Needs wrk, psql, curl and
# Debian's PostgreSQL server binaries (/usr/lib/postgresql/*/bin); uses nothing of the
# machine's own PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
HITS=${HITS:-1000000}
SLUGS=${SLUGS:-10000}
CONNS=${CONNS:-64}
SECONDS_EACH=${SECONDS_EACH:-60}
REPEAT=${REPEAT:-10}
PG_OPTIONS=${PG_OPTIONS:-}
REPLICA_OPTIONS=${REPLICA_OPTIONS:-"-c hot_standby_feedback=on"}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
unset LANTERNE_READ_DATABASE_URL
WORK=$(mktemp -d)
PGDIR=$WORK/pg
mkdir "$PGDIR"
if [ "$(id -u)" = 0 ]; then chmod 711 "$WORK"; chown postgres "$PGDIR"; fi

# as_pg PROGRAM ARGS… runs one of PostgreSQL's server binaries, as the postgres user when run
# as root
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$PGBIN/$1" "${@:2}"; else "$PGBIN/$1" "${@:2}"; fi
}

cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  wait 2>/dev/null || true
  for which in replica primary; do
    [ -d "$PGDIR/$which" ] && { as_pg pg_ctl -D "$PGDIR/$which" -m immediate -w stop >/dev/null 2>&1 || true; }
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

cargo build --release --quiet --bin lanterne
BIN=${BIN:-$PWD/target/release/lanterne}
export LANTERNE_SPOOL_DIR=$WORK/spool RUST_LOG=warn

# free_port → a port nothing on 127.0.0.1 listens on
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

# start_pg WHICH PORT [OPTIONS]
start_pg() {
  as_pg pg_ctl -D "$PGDIR/$1" -w -l "$PGDIR/$1.log" \
    -o "-p $2 -k $PGDIR -c listen_addresses=127.0.0.1 $PG_OPTIONS ${3:-}" start >/dev/null
}

as_pg initdb -D "$PGDIR/primary" -A trust -U postgres -E UTF8 --no-sync >/dev/null
echo "host replication all 127.0.0.1/32 trust" >>"$PGDIR/primary/pg_hba.conf"
PRIMARY_PORT=$(free_port)
start_pg primary "$PRIMARY_PORT"
as_pg pg_basebackup -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$PGDIR/replica" -R -X stream
REPLICA_PORT=$(free_port)
start_pg replica "$REPLICA_PORT" "$REPLICA_OPTIONS"
PRIMARY_URL=postgres://postgres@127.0.0.1:$PRIMARY_PORT/lanterne
REPLICA_URL=postgres://postgres@127.0.0.1:$REPLICA_PORT/lanterne
psql -q "${PRIMARY_URL%/*}/postgres" -c "CREATE DATABASE lanterne"

now() { date +%s.%N; }

# behind_replica → bytes of WAL the primary has written that the replica has not replayed
behind_replica() {
  local lsn
  lsn=$(psql -Atq "$PRIMARY_URL" -c "SELECT pg_current_wal_lsn()")
  # Negative when the replica replayed past $lsn before it was asked; empty if it is no replica.
  psql -Atq "$REPLICA_URL" -c "SELECT pg_wal_lsn_diff('$lsn', pg_last_wal_replay_lsn())::bigint" |
    awk '$1 == "" { exit 1 } { print ($1 < 0 ? 0 : $1) } END { if (NR == 0) exit 1 }'
}

# replayed: waits until the replica has replayed what the primary has written (10 minutes at
# most: the demo's million hits take a while)
replayed() {
  local behind
  for _ in $(seq 6000); do
    behind=$(behind_replica) || { echo "the replica reports no replayed WAL" >&2; exit 1; }
    [ "$behind" = 0 ] && return
    sleep 0.1
  done
  echo "the replica did not catch up in 10 minutes" >&2
  exit 1
}

started=$(now)
# The demo's fold logs its slow statements as warnings: errors only.
DATABASE_URL=$PRIMARY_URL RUST_LOG=error "$BIN" demo --hits "$HITS" >/dev/null
psql -q "$PRIMARY_URL" -c "INSERT INTO links (slug, url, created_at, updated_at)
  SELECT 'b' || i, 'https://example.com/' || i, 0, 0 FROM generate_series(1, $SLUGS) i"
token=$(DATABASE_URL=$PRIMARY_URL "$BIN" token create --name bench | tail -n1)
DATABASE_URL=$PRIMARY_URL LANTERNE_ADMIN_PASSWORD=bench-password-1 \
  "$BIN" user create --email bench@example.com --role analyst >/dev/null
# Autovacuum would otherwise visit the new tables during the first measured load.
psql -q "$PRIMARY_URL" -c "VACUUM ANALYZE"
replayed
echo "# $HITS demo hits and $SLUGS links on the primary, replayed by the replica, in $(awk -v a="$started" -v b="$(now)" 'BEGIN { printf "%.0f", b - a }') s"

metric() { curl -s "http://$1/metrics" | awk -v m="$2" '$1 == m { print $2 }'; }

# unfolded → 1 while hits are stored that the rollups do not count yet, else 0
unfolded() {
  psql -Atq "$PRIMARY_URL" -c "SELECT CASE WHEN (SELECT COALESCE(MAX(id), 0) FROM hits)
    > (SELECT rolled_id FROM rollup_state WHERE id = 1) THEN 1 ELSE 0 END"
}

# stored_all ADDR: waits until the writer has stored every hit served (a minute at most)
stored_all() {
  for _ in $(seq 1200); do
    [ "$(metric "$1" lanterne_hits_stored_total)" = "$(metric "$1" lanterne_redirects_total)" ] && return
    sleep 0.05
  done
}

# settle ADDR: every hit served stored, folded, and replayed by the replica
settle() {
  stored_all "$1"
  for _ in $(seq 600); do
    [ "$(unfolded)" = 0 ] && break
    sleep 0.1
  done
  replayed
}

# timed ADDR JAR LOAD_END → "kind code ms late" per request, REPEAT rounds (late: it ended
# after LOAD_END, in seconds since the epoch)
timed() {
  local period request kind out
  for _ in $(seq "$REPEAT"); do
    for period in 30d 90d; do
      for request in "dashboard?x=" "api/v1/stats?group_by=channel" "api/v1/stats?group_by=day&campaign=Spring%20sale"; do
        kind=stats; [ "${request%%\?*}" = dashboard ] && kind=dashboard
        out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -b "$2" -H "Authorization: Bearer $token" \
          "http://$1/$request&period=$period" || true)
        echo "$kind $out" | awk -v end="$3" -v t="$(now)" '{ print $1, $2, $3 * 1000, (t > end) }'
      done
    done
  done
}

# latencies FILE KIND → "p50 p95" in ms of KIND's requests answered 200
latencies() {
  awk -v k="$2" '$1 == k && $2 == 200 { print $3 }' "$1" | sort -n |
    awk '{ v[NR] = $1 } END { if (NR == 0) print "- -"; else printf "%.1f %.1f\n", v[int(NR * 0.5 + 0.5)], v[int(NR * 0.95 + 0.5)] }'
}

# run_variant VARIANT → "req/s dash_p50 dash_p95 stats_p50 stats_p95 stored/s behind lag_kb late errors"
run_variant() {
  local addr env pid
  addr=127.0.0.1:$(free_port)
  env=(DATABASE_URL="$PRIMARY_URL" LANTERNE_LISTEN="$addr")
  [ "$1" = replica ] && env+=(LANTERNE_READ_DATABASE_URL="$REPLICA_URL")
  env "${env[@]}" "$BIN" serve >>"$WORK/lanterne.log" 2>&1 &
  pid=$!
  until curl -sf "http://$addr/healthz" >/dev/null; do sleep 0.1; done
  if [ "$1" = replica ]; then
    for _ in $(seq 300); do
      [ "$(metric "$addr" lanterne_read_replica_up)" = 1 ] && break
      sleep 0.2
    done
  fi
  local jar=$WORK/cookies
  curl -s -o /dev/null -c "$jar" -d email=bench@example.com -d password=bench-password-1 "http://$addr/login"
  # Warm the slug cache and the servers' buffers the way a long-running server would be.
  wrk -t2 -c"$CONNS" -d2s -s bench/random-slug.lua "http://$addr" -- "$SLUGS" >/dev/null
  REPEAT=1 timed "$addr" "$jar" 0 >/dev/null
  settle "$addr"

  local stored0 t0 load_end wrk_pid timed_pid served behind lag
  stored0=$(metric "$addr" lanterne_hits_stored_total)
  t0=$(now)
  load_end=$(awk -v t="$t0" -v s="$SECONDS_EACH" 'BEGIN { printf "%.3f", t + s }')
  wrk -t2 -c"$CONNS" -d"${SECONDS_EACH}s" -s bench/random-slug.lua "http://$addr" -- "$SLUGS" >"$WORK/wrk.txt" &
  wrk_pid=$!
  { sleep 0.5; timed "$addr" "$jar" "$load_end"; } >"$WORK/timed.txt" &
  timed_pid=$!
  wait $wrk_pid
  served=$(metric "$addr" lanterne_redirects_total)
  behind=$((served - $(metric "$addr" lanterne_hits_stored_total)))
  lag=$(awk -v b="$(behind_replica)" 'BEGIN { printf "%.0f", b / 1024 }')
  stored_all "$addr"
  local rate
  rate=$(awk -v n="$(($(metric "$addr" lanterne_hits_stored_total) - stored0))" -v a="$t0" -v b="$(now)" \
    'BEGIN { printf "%.0f", n / (b - a) }')
  wait $timed_pid
  settle "$addr"
  kill -TERM $pid
  wait $pid

  local rps late errors
  rps=$(awk '/Requests\/sec/ { printf "%.0f", $2 }' "$WORK/wrk.txt")
  late=$(awk '$4 == 1' "$WORK/timed.txt" | wc -l)
  errors=$(awk '$2 != 200' "$WORK/timed.txt" | wc -l)
  echo "$rps $(latencies "$WORK/timed.txt" dashboard) $(latencies "$WORK/timed.txt" stats) $rate $behind $lag $late $errors"
}

FORMAT='%-6s %-8s %8s %9s %9s %9s %9s %9s %8s %7s %5s %6s\n'
# shellcheck disable=SC2059 # the format is ours
printf "$FORMAT" round variant req/s dash_p50 dash_p95 stats_p50 stats_p95 stored/s behind lag_kb late errors
for round in $(seq "$ROUNDS"); do
  order="primary replica"
  [ $((round % 2)) = 0 ] && order="replica primary"
  for variant in $order; do
    # Not in $(…): its servers stay jobs of this shell, which the exit trap stops.
    run_variant "$variant" >"$WORK/line.txt"
    read -r -a fields <"$WORK/line.txt"
    echo "$variant ${fields[*]}" >>"$WORK/results.txt"
    # shellcheck disable=SC2059
    printf "$FORMAT" "$round" "$variant" "${fields[@]}"
  done
done
# The median of each column over the rounds, per variant ("-": no figure).
for variant in primary replica; do
  medians=()
  for column in $(seq 2 11); do
    medians+=("$(awk -v v="$variant" -v c="$column" '$1 == v && $c != "-" { print $c }' "$WORK/results.txt" | sort -g |
      awk '{ x[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print x[(NR + 1) / 2]; else printf "%.10g\n", (x[NR / 2] + x[NR / 2 + 1]) / 2 }')")
  done
  # shellcheck disable=SC2059
  printf "$FORMAT" median "$variant" "${medians[@]}"
done
