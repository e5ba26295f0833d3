#!/usr/bin/env bash
# Runs the whole test suite: unit, classifier and integration tests on SQLite and PostgreSQL.
# Starts the local PostgreSQL if it is installed but stopped. Under CI (CI=true) a missing
# PostgreSQL is a failure; elsewhere its half of the tests says loudly that it was skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

pg_up() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }
if ! pg_up && command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  for _ in $(seq 30); do pg_up && break; sleep 1; done
fi
if ! pg_up; then
  if [ "${CI:-}" = "true" ]; then
    echo "PostgreSQL does not answer on 127.0.0.1:5432: CI needs it" >&2
    exit 1
  fi
  echo "!!! PostgreSQL does not answer on 127.0.0.1:5432: PostgreSQL tests will be SKIPPED !!!" >&2
fi

# Test databases are named after this run, and dropped with it (tests/api/helpers.rs).
export LANTERNE_TEST_RUN="r$(date +%s)$$"
drop_test_databases() {
  command -v psql >/dev/null && pg_up || return 0
  local admin=${LANTERNE_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres} names name
  names=$(psql -Atq "$admin" -c "SELECT datname FROM pg_database \
    WHERE datname LIKE 'lanterne_test_${LANTERNE_TEST_RUN}_%'" 2>/dev/null) || return 0
  for name in $names; do
    psql -q "$admin" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1 || true
  done
}
trap drop_test_databases EXIT

cargo test --locked "$@"

# The API contract: schemathesis against the generated OpenAPI document.
if command -v schemathesis >/dev/null; then
  scripts/api-contract.sh
elif [ "${CI:-}" = "true" ]; then
  echo "schemathesis is required under CI (pip install schemathesis)" >&2
  exit 1
else
  echo "!!! schemathesis is not installed (pip install schemathesis): the API contract run was SKIPPED !!!" >&2
fi
