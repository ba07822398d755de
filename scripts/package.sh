#!/usr/bin/env bash
# Installs what is missing, builds the server and the outcome plugin (Release) and makes the
# Debian package outcome-lrs_VERSION_amd64.deb with CPack (cmake/Packaging.cmake). Prints the
# package's path on the last line of stdout. Safe to re-run: the package is made again.
#
# Environment: OUTCOME_LRS_BUILD_DIR (CMake build tree; default build). The package is written
# to BUILD_DIR/package/. Install it with: apt-get install ./PATH (README.md, "Install as a
# service (Debian package)").
set -euo pipefail
OUTCOME_LRS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$OUTCOME_LRS_ROOT/scripts/lib/deps.sh"

ensure_packages
build_dir="${OUTCOME_LRS_BUILD_DIR:-$OUTCOME_LRS_ROOT/build}"
build_tree "$build_dir" outcome-lrs outcomes
build_dir="$(cd "$build_dir" && pwd)"
out="$build_dir/package"
rm -f "$out"/outcome-lrs_*.deb
(cd "$build_dir" && cpack --config CPackConfig.cmake -B "$out" >&2)
deb="$(ls "$out"/outcome-lrs_*.deb)"
echo "$deb"
