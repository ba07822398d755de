#!/usr/bin/env bash
# Sourced by scripts/*.sh. Installs the Debian packages the project needs, and nothing when they
# are all present already, so every script is safe to re-run and works offline once set up.

# Everything needed to build, run and test on a minimal Debian 12 (bookworm) install.
OUTCOME_LRS_PACKAGES=(
  build-essential
  cmake
  pkg-config
  ca-certificates
  libcpprest-dev
  libssl-dev
  rapidjson-dev
  libsqlite3-dev
  libpq-dev
  libgtest-dev
  # The Debian package (scripts/package.sh): dpkg-shlibdeps finds the packages of the libraries
  # linked, CPack finds the binaries with file.
  dpkg-dev
  file
)

# The sanitized tree (scripts/test.sh, scripts/fuzz.sh): clang with libFuzzer and the sanitizers'
# runtimes, and llvm-14 for llvm-symbolizer (without it the sanitizers print raw addresses, and
# the leak suppressions, which name functions, match nothing).
OUTCOME_LRS_SANITIZER_PACKAGES=(
  clang-14
  libclang-rt-14-dev
  llvm-14
)

# What the end-to-end tests (tests/e2e) need besides Node.js: a real browser for the CORS test.
OUTCOME_LRS_E2E_PACKAGES=(
  chromium
)

# ensure_packages [PKG...]: installs the given packages (default: OUTCOME_LRS_PACKAGES) that
# dpkg does not report as installed.
ensure_packages() {
  local missing=()
  local pkg
  local wanted=("$@")
  if [ ${#wanted[@]} -eq 0 ]; then
    wanted=("${OUTCOME_LRS_PACKAGES[@]}")
  fi
  for pkg in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "Installing missing packages: ${missing[*]}" >&2
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# ensure_test_postgres: Debian's PostgreSQL server (initdb, postgres), for the tests' throwaway
# clusters (tests/support/pg_cluster.sh), when no /usr/lib/postgresql/*/bin/initdb exists yet.
# Debian's package would create and start a system cluster ("main") as it installs; the tests
# need none, so postgresql-common is installed first and told not to
# (create_main_cluster = false in /etc/postgresql-common/createcluster.conf).
ensure_test_postgres() {
  if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    return 0
  fi
  ensure_packages postgresql-common
  local conf=/etc/postgresql-common/createcluster.conf
  if ! grep -Eq '^[[:space:]]*create_main_cluster[[:space:]]*=' "$conf" 2>/dev/null; then
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
      sudo="sudo"
    fi
    echo "create_main_cluster = false" | $sudo tee -a "$conf" >/dev/null
  fi
  ensure_packages postgresql
}

# ensure_e2e_tools: Node.js with npm, and the packages of OUTCOME_LRS_E2E_PACKAGES. Debian's
# nodejs and npm are installed only when the `node` or `npm` command is missing: a Node.js from
# elsewhere (NodeSource's bundles npm, and conflicts with Debian's npm package) is kept. The
# tests run on Debian 12's Node 18 and on later versions.
ensure_e2e_tools() {
  local wanted=("${OUTCOME_LRS_E2E_PACKAGES[@]}")
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    wanted+=(nodejs npm)
  fi
  ensure_packages "${wanted[@]}"
}

# ensure_e2e_modules: `npm ci` in tests/e2e when node_modules is missing or was installed from
# another package-lock.json (a hash of the lock is kept in node_modules), so that once set up
# the tests run offline. Never downloads a browser: the tests drive Debian's chromium.
ensure_e2e_modules() {
  local dir="$OUTCOME_LRS_ROOT/tests/e2e"
  local stamp="$dir/node_modules/.outcome-lrs-lock.sha256"
  local lock_hash
  lock_hash="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_hash" ]; then
    return 0
  fi
  echo "Installing the end-to-end tests' npm packages (npm ci in tests/e2e)" >&2
  (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_hash" >"$stamp"
}

# build_tree DIR [TARGET...]: configures (Release) and builds the CMake tree DIR: everything, or
# only the given targets.
build_tree() {
  local dir="$1"
  shift
  local jobs
  jobs="$(nproc 2>/dev/null || echo 2)"
  cmake -S "$OUTCOME_LRS_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
  if [ $# -gt 0 ]; then
    cmake --build "$dir" -j "$jobs" --target "$@"
  else
    cmake --build "$dir" -j "$jobs"
  fi
}

# sanitized_tree DIR [TARGET...]: installs clang when missing, configures the sanitized tree DIR
# (clang 14, -DOUTCOME_LRS_SANITIZE=ON: AddressSanitizer, UndefinedBehaviorSanitizer and LeakSanitizer
# on everything, libFuzzer's coverage on the libraries, the fuzz targets) and builds everything,
# or only the given targets. The sanitizers' settings (sanitizer_environment) are exported first:
# the build runs the test binaries to list their tests.
sanitized_tree() {
  local dir="$1"
  shift
  ensure_packages "${OUTCOME_LRS_SANITIZER_PACKAGES[@]}"
  sanitizer_environment
  local jobs
  jobs="$(nproc 2>/dev/null || echo 2)"
  CC=clang-14 CXX=clang++-14 cmake -S "$OUTCOME_LRS_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=Release \
    -DOUTCOME_LRS_SANITIZE=ON >/dev/null
  if [ $# -gt 0 ]; then
    cmake --build "$dir" -j "$jobs" --target "$@"
  else
    cmake --build "$dir" -j "$jobs"
  fi
}

# sanitizer_environment: exports the sanitizers' settings for every sanitized program started
# from here on (tests, the servers they start, fuzz targets): any report ends the program with a
# failure, stacks are symbolized, and LeakSanitizer skips the third-party leaks listed, each
# explained, in tests/sanitize/leak-suppressions.txt. Allocation stacks are two frames deep, so
# that those entries match where memory was allocated (the file says why); a report's own stack
# is whole.
sanitizer_environment() {
  export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
  export ASAN_OPTIONS="detect_leaks=1:malloc_context_size=2"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  export LSAN_OPTIONS="suppressions=$OUTCOME_LRS_ROOT/tests/sanitize/leak-suppressions.txt:print_suppressions=0"
}
