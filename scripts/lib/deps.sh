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
  libgtest-dev
)

# ensure_packages: installs the packages above that dpkg does not report as installed.
ensure_packages() {
  local missing=()
  local pkg
  for pkg in "${OUTCOME_LRS_PACKAGES[@]}"; do
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
