#!/usr/bin/env bash
# Runs an end-to-end test file (tests/e2e) on PostgreSQL: the throwaway cluster of the ctest
# fixture (OUTCOME_LRS_TEST_PG_STATE, tests/support/pg_cluster.sh) gives each server a database
# of its own (tests/e2e/support/lrs.js). Where PostgreSQL cannot run, says why and exits 77,
# which ctest reports as a skip.
#
#   e2e_on_postgres.sh NODE TEST_FILE
set -euo pipefail
node="${1:?usage: $0 NODE TEST_FILE}"
file="${2:?usage: $0 NODE TEST_FILE}"
state="${OUTCOME_LRS_TEST_PG_STATE:?set OUTCOME_LRS_TEST_PG_STATE (ctest does)}"
if [ -f "$state/unavailable" ]; then
  echo "skipped: $(cat "$state/unavailable")"
  exit 77
fi
exec "$node" --test "$file"
