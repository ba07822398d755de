#!/usr/bin/env bash
# Installs what is missing, builds the server and the outcome plugin (Release), and serves the
# LRS at http://127.0.0.1:8080/xapi/ (and the outcome API at http://127.0.0.1:8080/outcomes) on
# the SQLite database ./data/lrs.db until Ctrl-C. On the first start it creates the database
# and prints an administrator credential, once.
#
# Environment: OUTCOME_LRS_DB (database file, or a PostgreSQL URI: README.md, "Running on
# PostgreSQL"), OUTCOME_LRS_LISTEN (HOST:PORT),
# OUTCOME_LRS_BUILD_DIR (CMake build tree), OUTCOME_LRS_PLUGINS (colon-separated plugins to load
# instead of the outcome plugin; empty: none). Extra arguments go to `outcome-lrs serve`.
set -euo pipefail
OUTCOME_LRS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$OUTCOME_LRS_ROOT/scripts/lib/deps.sh"

ensure_packages
build_dir="${OUTCOME_LRS_BUILD_DIR:-$OUTCOME_LRS_ROOT/build}"
build_tree "$build_dir" outcome-lrs outcomes
lrs="$build_dir/lrs/outcome-lrs"
# outcome-lrs reads OUTCOME_LRS_PLUGINS itself: every command below loads the same plugins.
export OUTCOME_LRS_PLUGINS="${OUTCOME_LRS_PLUGINS-$build_dir/plugin/liboutcomes.so}"

db="${OUTCOME_LRS_DB:-$OUTCOME_LRS_ROOT/data/lrs.db}"
listen="${OUTCOME_LRS_LISTEN:-127.0.0.1:8080}"
first_start=false
case "$db" in
  postgresql://* | postgres://*)
    # A PostgreSQL database: its first start is when it holds no credential yet (the list has
    # only its header line).
    if [ "$("$lrs" credentials list --db "$db" | wc -l)" -le 1 ]; then first_start=true; fi
    ;;
  *)
    if [ ! -f "$db" ]; then first_start=true; fi
    ;;
esac
if [ "$first_start" = true ]; then
  echo "First start: creating $db with an administrator credential (scope \"all\")."
  echo "Write the secret down now; it is stored hashed and will not be shown again."
  "$lrs" credentials add --db "$db" --scopes all --name administrator
  echo
fi
exec "$lrs" serve --db "$db" --listen "$listen" "$@"
