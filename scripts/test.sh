#!/usr/bin/env bash
# Installs what is missing (Debian packages, clang for the sanitizers; PostgreSQL's server for
# the tests' throwaway clusters; Node.js, chromium and the npm packages of the end-to-end tests),
# builds the sanitized tree (clang, AddressSanitizer + UndefinedBehaviorSanitizer +
# LeakSanitizer on every library, test and program: see CMakeLists.txt, OUTCOME_LRS_SANITIZE), and
# runs every test through ctest in it, the storage and HTTP tests on SQLite and on PostgreSQL; a
# sanitizer report fails the test that caused it.
# Without arguments, then fuzzes every parser of outside input for a bounded time
# (scripts/fuzz.sh, FUZZ_SECONDS per target), with the fuzz targets of the same tree, and
# compiles the programs scripts/serve.sh builds with g++ (tree ./build), warnings failing it.
# Exits non-zero if anything fails. Extra arguments go to ctest (e.g. `-L e2e`), and then only
# ctest runs. OUTCOME_LRS_TEST_BUILD_DIR chooses the tree (default: ./build-sanitize).
set -euo pipefail
OUTCOME_LRS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$OUTCOME_LRS_ROOT/scripts/lib/deps.sh"

ensure_packages
ensure_test_postgres
ensure_e2e_tools
ensure_e2e_modules
build_dir="${OUTCOME_LRS_TEST_BUILD_DIR:-$OUTCOME_LRS_ROOT/build-sanitize}"
sanitized_tree "$build_dir"
(cd "$build_dir" && ctest --output-on-failure -j "$(nproc 2>/dev/null || echo 2)" --timeout 600 "$@")
[ $# -eq 0 ] || exit 0
# The whole suite (no ctest arguments) ends with a bounded run of every fuzz target
# (scripts/fuzz.sh: FUZZ_SECONDS per target, 60 by default; 0 skips it).
if [ "${FUZZ_SECONDS:-60}" != 0 ]; then
  OUTCOME_LRS_FUZZ_BUILD_DIR="$build_dir" "$OUTCOME_LRS_ROOT/scripts/fuzz.sh" --seconds "${FUZZ_SECONDS:-60}"
fi
# Then the programs scripts/serve.sh, bench.sh and package.sh build are compiled as they build
# them (g++, optimized, tree ./build or OUTCOME_LRS_BUILD_DIR), so that the quick start's first
# command cannot break with g++ while the suite passes with clang; a warning fails too (-Wall
# -Wextra). With the tree already built, serve.sh then starts at once.
plain_dir="${OUTCOME_LRS_BUILD_DIR:-$OUTCOME_LRS_ROOT/build}"
log="$(mktemp "${TMPDIR:-/tmp}/outcome-lrs-build.XXXXXX")"
trap 'rm -f "$log"' EXIT  # also when interrupted
if ! build_tree "$plain_dir" outcome-lrs outcomes lrs_bench >"$log" 2>&1; then
  cat "$log" >&2
  echo "test.sh: the g++ build of $plain_dir failed" >&2
  exit 1
fi
if grep -q "warning:" "$log"; then
  grep -B2 -A6 "warning:" "$log" >&2
  echo "test.sh: the g++ build of $plain_dir has warnings" >&2
  exit 1
fi
echo "test.sh: g++ build of outcome-lrs, the outcome plugin and lrs_bench in $plain_dir: clean" >&2
