#!/usr/bin/env bash
# Runs a test binary's PostgreSQL variants as on a machine where PostgreSQL cannot run (a
# cluster state that says it is unavailable, as support/pg_cluster.sh writes it): every one of
# them must skip, saying why, and none may fail or crash.
#
#   without_postgres.sh TEST_BINARY [GTEST_FILTER]
set -euo pipefail
binary="${1:?usage: $0 TEST_BINARY [GTEST_FILTER]}"
filter="${2:-*}"
state="$(mktemp -d "${TMPDIR:-/tmp}/outcome-lrs-no-pg.XXXXXX")"
trap 'rm -rf "$state"' EXIT
echo "PostgreSQL is unavailable on purpose (tests/support/without_postgres.sh)" >"$state/unavailable"
OUTCOME_LRS_TEST_PG_STATE="$state" "$binary" --gtest_filter="$filter" --gtest_brief=1
