#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 120) with cargo fuzz (needs the nightly
# toolchain and `cargo install cargo-fuzz`). Prints one result line per target.
#
#   scripts/fuzz.sh            # 2 minutes per target
#   SECONDS_EACH=600 scripts/fuzz.sh
set -uo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${SECONDS_EACH:-120}
status=0
for target in destination slug classify forwarded; do
  log=$(mktemp)
  if cargo +nightly fuzz run "$target" -- -max_total_time="$SECONDS_EACH" -max_len=4096 >"$log" 2>&1; then
    runs=$(grep -oE '#[0-9]+' "$log" | tail -n1)
    echo "$target: no finding in ${SECONDS_EACH}s (${runs#\#} runs)"
  else
    echo "$target: FINDING — see $log"; tail -n 30 "$log"; status=1
  fi
done
exit $status
