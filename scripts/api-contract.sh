#!/usr/bin/env bash
# The API contract: runs schemathesis against /api/openapi.json of a fresh Lanterne (SQLite)
# and fails on any 5xx or any response that does not match the document.
#
#   scripts/api-contract.sh            # needs `pip install schemathesis`
set -euo pipefail
cd "$(dirname "$0")/.."
EXAMPLES=${EXAMPLES:-40}
WORK=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export DATABASE_URL="sqlite://$WORK/contract.db" LANTERNE_SPOOL_DIR="$WORK/spool" RUST_LOG=warn
cargo build --quiet --bin lanterne
BIN=${CARGO_TARGET_DIR:-target}/debug/lanterne
TOKEN=$("$BIN" token create --name contract | tail -n1)
LANTERNE_LISTEN=127.0.0.1:$PORT "$BIN" serve &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
until curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null; do sleep 0.2; done
# A few links for the generated requests to find, in campaigns (ids 1 and 2).
for slug in alpha beta gamma; do
  campaign=$([ "$slug" = gamma ] && echo Autumn || echo Spring)
  curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"url\": \"https://example.com/$slug\", \"slug\": \"$slug\", \"tags\": [\"t\"], \"campaign\": \"$campaign\"}" \
    "http://127.0.0.1:$PORT/api/v1/links" >/dev/null
done
schemathesis run "http://127.0.0.1:$PORT/api/openapi.json" \
  --header "Authorization: Bearer $TOKEN" \
  --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
  --max-examples "$EXAMPLES" \
  --suppress-health-check all
