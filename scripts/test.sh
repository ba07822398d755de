#!/usr/bin/env bash
# Installs what is missing (Debian packages, clang for the sanitizers; PostgreSQL's server for
# the tests' throwaway clusters; Node.js, chromium and the npm packages of the end-to-end tests),
# builds the sanitized tree (clang, AddressSanitizer + UndefinedBehaviorSanitizer +
# LeakSanitizer on every library, test and program: see CMakeLists.txt, OUTCOME_LRS_FUZZ), and
# runs every test through ctest in it, the storage and HTTP tests on SQLite and on PostgreSQL; a
# sanitizer report fails the test that caused it.
# Without arguments, then fuzzes every parser of outside input for a bounded time
# (scripts/fuzz.sh, FUZZ_SECONDS per target), with the fuzz targets of the same tree.
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
cd "$build_dir"
ctest --output-on-failure -j "$(nproc 2>/dev/null || echo 2)" --timeout 600 "$@"
# The whole suite (no ctest arguments) ends with a bounded run of every fuzz target
# (scripts/fuzz.sh: FUZZ_SECONDS per target, 60 by default; 0 skips it).
if [ $# -eq 0 ] && [ "${FUZZ_SECONDS:-60}" != 0 ]; then
  OUTCOME_LRS_FUZZ_BUILD_DIR="$build_dir" "$OUTCOME_LRS_ROOT/scripts/fuzz.sh" --seconds "${FUZZ_SECONDS:-60}"
fi
