#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, never a system service.
#
#   pg_cluster.sh start STATE_DIR   creates a cluster in a new temporary directory under $TMPDIR
#                                   (else /tmp) and starts it; writes to STATE_DIR/conninfo the
#                                   libpq parameters that reach it
#   pg_cluster.sh stop STATE_DIR    stops that cluster and removes its directory and STATE_DIR
#
# initdb and postgres run as an unprivileged user: the user running this, or, for root, the
# system user outcome-lrs-test (created with useradd when missing; PostgreSQL refuses to run as
# root). The server listens on a Unix socket in the temporary directory only (no TCP port), and
# trusts the local user lrs_test. Nothing outside the temporary directory and STATE_DIR is
# written. When the PostgreSQL binaries are missing (OUTCOME_LRS_PG_BIN, else the newest
# /usr/lib/postgresql/*/bin), or the unprivileged user cannot run them (a root directory closed
# to other users), `start` writes why to STATE_DIR/unavailable and succeeds: the PostgreSQL
# variants of the tests are then skipped with that message.
#
# OUTCOME_LRS_PG_DURABLE=1 keeps fsync and full-page writes on (the benchmark, scripts/bench.sh
# --postgres, measures durable commits); the tests leave it unset: they run with fsync off.
set -euo pipefail

action="${1:-}"
state="${2:-}"
if [ -z "$action" ] || [ -z "$state" ]; then
  echo "usage: $0 start|stop STATE_DIR" >&2
  exit 2
fi
case "$state" in
  /*) ;;
  *) state="$PWD/$state" ;;
esac
run_user=outcome-lrs-test

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$run_user" -- "$@"
  else
    "$@"
  fi
}

stop_cluster() {
  cd /
  local dir
  dir="$(cat "$state/directory" 2>/dev/null || true)"
  if [ -n "$dir" ] && [ -d "$dir" ]; then
    if [ -f "$dir/data/postmaster.pid" ] && [ -x "$(cat "$state/bin" 2>/dev/null)/pg_ctl" ]; then
      as_owner "$(cat "$state/bin")/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 ||
        true
    fi
    rm -rf "$dir"
  fi
  rm -rf "$state"
}

case "$action" in
  stop)
    stop_cluster
    ;;
  start)
    stop_cluster  # a cluster left behind by an interrupted run
    mkdir -p "$state"
    bin="${OUTCOME_LRS_PG_BIN:-}"
    if [ -z "$bin" ]; then
      bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    fi
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ] || [ ! -x "$bin/pg_ctl" ]; then
      echo "PostgreSQL server binaries not found (looked for initdb and pg_ctl in" \
           "${bin:-/usr/lib/postgresql/*/bin}; install Debian's postgresql, as scripts/test.sh" \
           "does, or set OUTCOME_LRS_PG_BIN)" >"$state/unavailable"
      cat "$state/unavailable" >&2
      exit 0
    fi
    echo "$bin" >"$state/bin"
    if [ "$(id -u)" -eq 0 ] && ! id -u "$run_user" >/dev/null 2>&1; then
      useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
        "$run_user"
    fi
    # The unprivileged user must be able to run programs at all: where the root directory is
    # closed to other users (mode 700, as in a chroot unpacked from a private directory), it
    # cannot, and no PostgreSQL can run here; the PostgreSQL variants are skipped, saying why.
    if [ "$(id -u)" -eq 0 ] && ! runuser -u "$run_user" -- "$bin/initdb" --version \
         >/dev/null 2>&1; then
      echo "PostgreSQL cannot run here: the unprivileged user $run_user cannot execute" \
           "$bin/initdb (PostgreSQL refuses to run as root, and every directory on the way to" \
           "its programs must be open to other users, as on any normal Debian system; here /" \
           "is mode $(stat -c %a / 2>/dev/null || echo '?'))" >"$state/unavailable"
      cat "$state/unavailable" >&2
      exit 0
    fi
    dir="$(mktemp -d "${TMPDIR:-/tmp}/outcome-lrs-pg.XXXXXX")"
    echo "$dir" >"$state/directory"
    chmod 755 "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown "$run_user" "$dir"; fi
    # The unprivileged user may not be able to enter the caller's directory (a root home).
    cd "$dir"
    if ! as_owner "$bin/initdb" -D "$dir/data" -U lrs_test -A trust -E UTF8 --locale=C \
           --no-sync >"$dir/initdb.log" 2>&1; then
      cat "$dir/initdb.log" >&2
      exit 1
    fi
    # Durability of the throwaway cluster itself is not under test (the LRS's commits are
    # synchronous all the same); fsync off keeps the tests fast on a busy machine.
    durability="-c fsync=off -c full_page_writes=off -c shared_buffers=64MB"
    if [ "${OUTCOME_LRS_PG_DURABLE:-0}" = "1" ]; then
      durability="-c fsync=on -c full_page_writes=on -c shared_buffers=256MB"
    fi
    if ! as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
           -o "-c listen_addresses='' -c unix_socket_directories='$dir' $durability" \
           -o "-c max_connections=300" \
           start >/dev/null 2>&1; then
      cat "$dir/server.log" >&2
      exit 1
    fi
    echo "host=$dir user=lrs_test" >"$state/conninfo"
    ;;
  *)
    echo "usage: $0 start|stop STATE_DIR" >&2
    exit 2
    ;;
esac
