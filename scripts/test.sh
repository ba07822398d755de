#!/usr/bin/env bash
# Installs what is missing, builds (Release, with tests), and runs every test through ctest.
# Exits non-zero if anything fails.
set -euo pipefail
OUTCOME_LRS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$OUTCOME_LRS_ROOT/scripts/lib/deps.sh"

ensure_packages
build_dir="${OUTCOME_LRS_BUILD_DIR:-$OUTCOME_LRS_ROOT/build}"
build_tree "$build_dir"
cd "$build_dir"
ctest --output-on-failure -j "$(nproc 2>/dev/null || echo 2)" --timeout 600 "$@"
