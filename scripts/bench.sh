#!/usr/bin/env bash
# The benchmark (not a test: it asserts nothing about speed). Installs what is missing, builds
# the server and the load generator (Release), starts the server (or, on PostgreSQL, --servers
# N of them) on a scratch database and a free 127.0.0.1 port each, then lrs_bench stores N
# statements by POST batches of 100 and a further set by single PUTs, times State document round
# trips (PUT a document, GET it back), and times GET queries by agent, verb, activity, related
# activities and since, following "more" links. Prints Markdown for docs/PERFORMANCE.md: the machine, the
# figures and each server's peak RSS. Exits non-zero if any request failed or a phase did not
# finish.
#
# Options (each also settable through the environment variable in brackets):
#   -n, --statements N      statements to POST in batches [N, default 200000]
#   --puts N                statements to PUT one per request, a separate phase [PUTS, 20000]
#   --batch-size N          statements per POST [BATCH_SIZE, 100]
#   --state-docs N          State document round trips (PUT, then GET of the same bytes), a
#                           separate phase; 0 skips it [STATE_DOCS, 20000]
#   -c, --concurrency N     connections for the POST, PUT and State document phases
#                           [CONCURRENCY, 8]
#   -q, --queries N         queries of each kind [QUERIES, 200]
#   --pages N               "more" links followed per query, at most [PAGES, 3]
#   --query-concurrency N   connections for the queries [QUERY_CONCURRENCY, 1]
#   --seed N                seed of the synthetic statements [SEED, 1]
#   --synchronous M         the server's --synchronous: full (durable) or normal
#                           [SYNCHRONOUS, full]
#   --server-threads N      the server's --threads [SERVER_THREADS, the server's default]
#   --time-limit S          seconds after which a phase stops, incomplete [TIME_LIMIT, 3600]
#   --outcomes N            load the outcome plugin and declare N outcomes before ingesting,
#                           to measure what tagging costs [OUTCOMES, 0: no plugin]
#   --dashboards N          load the outcome plugin, declare a catch-all outcome before
#                           ingesting, and at the end time N dashboard requests of each kind
#                           [DASHBOARDS, 0: none]
#   --impact N              load the outcome plugin, declare the catch-all outcome bench-impact
#                           before ingesting, and at the end give it completions, 24 months of
#                           KPI per learner and a roster, and time N impact estimates of each
#                           kind (tests/bench/impact_bench.h) [IMPACT, 0: none]
#   --db URI                run on the existing PostgreSQL database URI (postgresql://...; the
#                           password only from PGPASSWORD or a libpq service file), which must
#                           hold no statements of an earlier run with the same --seed [DB]
#   --postgres              run on a throwaway PostgreSQL cluster (tests/support/pg_cluster.sh,
#                           fsync on, in a temporary directory stopped and removed at the end,
#                           also on failure); installs Debian's postgresql when missing
#   --servers N             with --postgres or --db: start N server processes on the same
#                           database, each on its own port, and spread the connections of the
#                           POST, PUT, State document and query phases over them round-robin
#                           (connection i to server i mod N; declarations, dashboards and the
#                           impact estimate use the first); the report sums their CPU time and
#                           shows each one's peak RSS. N > 1 needs PostgreSQL [SERVERS, 1]
#   --keep-db DIR           keep the database in DIR instead of a scratch directory; when DIR
#                           already holds one from an earlier run, reuse it: load N more
#                           statements on top, or with --queries-only only query it [KEEP_DB]
#   --queries-only          skip the ingest and State document phases (needs --keep-db DIR of
#                           an earlier run, or --db URI of a database an earlier run loaded
#                           with the same --seed)
#   --report FILE           also write the Markdown report to FILE [REPORT]
#   -h, --help
# OUTCOME_LRS_BUILD_DIR chooses the CMake build tree (default: ./build).
# Without --db or --postgres the database is a scratch SQLite file (or the one in --keep-db).
#
# The 1,000,000-statement query figure, loading once and querying as often as needed:
#   N=1000000 scripts/bench.sh --keep-db /var/tmp/lrs-bench-1m --queries 0
#   scripts/bench.sh --keep-db /var/tmp/lrs-bench-1m --queries-only
# The dashboard of an outcome tagging 1,000,000 statements likewise:
#   N=1000000 scripts/bench.sh --keep-db /var/tmp/lrs-dash-1m --queries 0 --dashboards 5
#   scripts/bench.sh --keep-db /var/tmp/lrs-dash-1m --queries-only --queries 0 --dashboards 200
# The impact estimate on 5,000 learners x 24 months with 1,000,000 tagged statements likewise:
#   N=1000000 scripts/bench.sh --keep-db /var/tmp/lrs-impact-1m --puts 0 --queries 0 \
#       --state-docs 0 --impact 5
#   scripts/bench.sh --keep-db /var/tmp/lrs-impact-1m --queries-only --queries 0 --impact 200
# On PostgreSQL, the same with --db URI (an existing database) in place of --keep-db DIR.
set -euo pipefail
OUTCOME_LRS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$OUTCOME_LRS_ROOT/scripts/lib/deps.sh"

usage() {
  sed -n '/^# Options/,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
}
die() {
  echo "bench.sh: $*" >&2
  exit 2
}

statements="${N:-200000}"
puts="${PUTS:-20000}"
state_docs="${STATE_DOCS:-20000}"
batch_size="${BATCH_SIZE:-100}"
concurrency="${CONCURRENCY:-8}"
queries="${QUERIES:-200}"
pages="${PAGES:-3}"
query_concurrency="${QUERY_CONCURRENCY:-1}"
seed="${SEED:-}"
synchronous="${SYNCHRONOUS:-full}"
server_threads="${SERVER_THREADS:-}"
time_limit="${TIME_LIMIT:-3600}"
keep_db="${KEEP_DB:-}"
outcomes="${OUTCOMES:-0}"
dashboards="${DASHBOARDS:-0}"
impact="${IMPACT:-0}"
queries_only=0
report="${REPORT:-}"
pg_uri="${DB:-}"
pg_throwaway=0
servers="${SERVERS:-1}"

while [ $# -gt 0 ]; do
  case "$1" in
    -n | --statements) statements="${2:?$1 needs a value}"; shift 2 ;;
    --puts) puts="${2:?$1 needs a value}"; shift 2 ;;
    --state-docs) state_docs="${2:?$1 needs a value}"; shift 2 ;;
    --batch-size) batch_size="${2:?$1 needs a value}"; shift 2 ;;
    -c | --concurrency) concurrency="${2:?$1 needs a value}"; shift 2 ;;
    -q | --queries) queries="${2:?$1 needs a value}"; shift 2 ;;
    --pages) pages="${2:?$1 needs a value}"; shift 2 ;;
    --query-concurrency) query_concurrency="${2:?$1 needs a value}"; shift 2 ;;
    --seed) seed="${2:?$1 needs a value}"; shift 2 ;;
    --synchronous) synchronous="${2:?$1 needs a value}"; shift 2 ;;
    --server-threads) server_threads="${2:?$1 needs a value}"; shift 2 ;;
    --time-limit) time_limit="${2:?$1 needs a value}"; shift 2 ;;
    --outcomes) outcomes="${2:?$1 needs a value}"; shift 2 ;;
    --dashboards) dashboards="${2:?$1 needs a value}"; shift 2 ;;
    --impact) impact="${2:?$1 needs a value}"; shift 2 ;;
    --keep-db) keep_db="${2:?$1 needs a value}"; shift 2 ;;
    --queries-only) queries_only=1; shift ;;
    --db) pg_uri="${2:?$1 needs a value}"; shift 2 ;;
    --postgres) pg_throwaway=1; shift ;;
    --servers) servers="${2:?$1 needs a value}"; shift 2 ;;
    --report) report="${2:?$1 needs a value}"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
for pair in "statements:$statements" "puts:$puts" "state-docs:$state_docs" \
  "batch-size:$batch_size" \
  "concurrency:$concurrency" "queries:$queries" "pages:$pages" \
  "query-concurrency:$query_concurrency" "time-limit:$time_limit" "outcomes:$outcomes" \
  "dashboards:$dashboards" "impact:$impact" "servers:$servers" \
  ${seed:+"seed:$seed"} ${server_threads:+"server-threads:$server_threads"}; do
  [[ "${pair#*:}" =~ ^[0-9]+$ ]] || die "--${pair%%:*} must be a non-negative integer"
done
case "$synchronous" in full | normal) ;; *) die "--synchronous must be full or normal" ;; esac
if [ -n "$pg_uri" ]; then
  case "$pg_uri" in postgresql://* | postgres://*) ;; *) die "--db takes a postgresql:// URI" ;; esac
  case "$pg_uri" in *password=*) die "--db: give the password in PGPASSWORD, not in the URI" ;; esac
fi
if [ -n "$pg_uri" ] && [ "$pg_throwaway" -eq 1 ]; then
  die "--db and --postgres exclude each other"
fi
postgres=0
if [ -n "$pg_uri" ] || [ "$pg_throwaway" -eq 1 ]; then
  postgres=1
  [ -z "$keep_db" ] || die "--keep-db is for the SQLite file; with PostgreSQL use --db URI"
  if [ "$queries_only" -eq 1 ] && [ "$pg_throwaway" -eq 1 ]; then
    die "--queries-only needs the database of an earlier run: --db URI, not --postgres"
  fi
fi
[ "$servers" -ge 1 ] || die "--servers must be at least 1"
if [ "$servers" -gt 1 ] && [ "$postgres" -eq 0 ]; then
  die "--servers $servers needs --postgres or --db: an SQLite file is served by one process"
fi
if [ "$queries_only" -eq 1 ] && [ "$postgres" -eq 0 ] && [ -z "$keep_db" ]; then
  die "--queries-only needs --keep-db DIR holding the database of an earlier run"
fi

ensure_packages
[ "$pg_throwaway" -eq 1 ] && ensure_test_postgres
build_dir="${OUTCOME_LRS_BUILD_DIR:-$OUTCOME_LRS_ROOT/build}"
plugin_wanted=0
if [ "$outcomes" -gt 0 ] || [ "$dashboards" -gt 0 ] || [ "$impact" -gt 0 ]; then
  plugin_wanted=1
fi
targets=(outcome-lrs lrs_bench)
[ "$plugin_wanted" -eq 1 ] && targets+=(outcomes)
build_tree "$build_dir" "${targets[@]}" >&2
lrs="$build_dir/lrs/outcome-lrs"
plugin="$build_dir/plugin/liboutcomes.so"
bench="$build_dir/tests/lrs_bench"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/outcome-lrs-bench.XXXXXX")"
server_pids=()  # of the servers started, in order; server i logs to $scratch/server-i.log
ports=()
bench_pid=""  # lrs_bench and the tail showing its output, while they run
tail_pid=""
pg_state="$scratch/pg-cluster"
cleanup() {
  local pid
  for pid in $bench_pid $tail_pid "${server_pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${server_pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [ "$pg_throwaway" -eq 1 ]; then
    "$OUTCOME_LRS_ROOT/tests/support/pg_cluster.sh" stop "$pg_state" >/dev/null 2>&1 || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A throwaway PostgreSQL cluster, durable (fsync on), with a new database in it.
pg_dir=""
pg_bin=""
if [ "$pg_throwaway" -eq 1 ]; then
  OUTCOME_LRS_PG_DURABLE=1 "$OUTCOME_LRS_ROOT/tests/support/pg_cluster.sh" start "$pg_state" >&2
  if [ -f "$pg_state/unavailable" ]; then
    die "PostgreSQL cannot run here: $(cat "$pg_state/unavailable")"
  fi
  pg_dir="$(cat "$pg_state/directory")"
  pg_bin="$(cat "$pg_state/bin")"
  "$pg_bin/createdb" -h "$pg_dir" -U lrs_test lrs_bench
  pg_uri="postgresql:///lrs_bench?host=$pg_dir&user=lrs_test"
fi
# The cumulated CPU time (user + system, in clock ticks) of the throwaway cluster's processes:
# the postmaster, its children alive and those it has reaped.
pg_cpu_ticks() {
  local pid
  pid="$(head -n 1 "$pg_dir/data/postmaster.pid")"
  {
    awk '{ sub(/^.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$pid/stat"
    for child in $(pgrep -P "$pid" || true); do
      awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$child/stat" 2>/dev/null || true
    done
  } | awk '{ t += $1 } END { print t + 0 }'
}

# The database, its credential and where the statement numbering continues. A kept directory
# remembers them in bench.state, so that later runs reuse them.
db_dir="$scratch"
[ "$pg_throwaway" -eq 1 ] && db_dir="$pg_dir"
if [ -n "$keep_db" ]; then
  mkdir -p "$keep_db"
  db_dir="$(cd "$keep_db" && pwd)"
fi
db="$db_dir/lrs.db"
[ "$postgres" -eq 1 ] && db="$pg_uri"
state="$db_dir/bench.state"
key=""
secret=""
next_index=0
if [ "$postgres" -eq 1 ]; then
  :  # no state kept: --keep-db is SQLite's
elif [ -f "$state" ] && [ -f "$db" ]; then
  saved_seed=""
  while IFS='=' read -r name value; do
    case "$name" in
      key) key="$value" ;;
      secret) secret="$value" ;;
      seed) saved_seed="$value" ;;
      next_index) next_index="$value" ;;
    esac
  done <"$state"
  if [ -n "$seed" ] && [ "$seed" != "$saved_seed" ]; then
    die "$db was loaded with --seed $saved_seed; queries would not match its contents"
  fi
  seed="$saved_seed"
  echo "Reusing $db: $next_index statements stored by earlier runs (seed $seed)." >&2
elif [ -f "$db" ]; then
  die "$db exists but has no bench.state: it was not made by this script"
elif [ "$queries_only" -eq 1 ]; then
  die "--queries-only: $db does not exist yet; load it first with --keep-db $keep_db"
fi
seed="${seed:-1}"
if [ -z "$key" ]; then
  key="bench-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
  secret="$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')"
  "$lrs" credentials add --db "$db" --scopes all --key "$key" --secret "$secret" \
    --name "lrs_bench" >/dev/null
fi
write_state() {
  [ -n "$keep_db" ] || return 0
  printf 'key=%s\nsecret=%s\nseed=%s\nnext_index=%s\n' "$key" "$secret" "$seed" "$1" >"$state"
}
write_state "$next_index"

# start_server I starts server I (1-based) on a free port, appends its pid to server_pids and
# its port to ports, or exits. A port taken between lrs_bench free-port and the server's bind
# makes the server exit at once, and another port is tried.
server_args=(serve --db "$db" --log-level warn)
# PostgreSQL commits every acknowledged write with synchronous_commit on; --synchronous is SQLite's.
[ "$postgres" -eq 1 ] || server_args+=(--synchronous "$synchronous")
[ "$plugin_wanted" -eq 1 ] && server_args+=(--plugin "$plugin")
[ -n "$server_threads" ] && server_args+=(--threads "$server_threads")
start_server() {
  local i="$1" log="$scratch/server-$1.log" attempt candidate pid port=""
  for attempt in 1 2 3 4 5; do
    candidate="$("$bench" free-port)"
    "$lrs" "${server_args[@]}" --listen "127.0.0.1:$candidate" >>"$log" 2>&1 &
    pid=$!
    server_pids+=("$pid")
    for _ in $(seq 1 300); do
      if ! kill -0 "$pid" 2>/dev/null; then
        break
      fi
      if (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
        port="$candidate"
        break
      fi
      sleep 0.1
    done
    if [ -n "$port" ]; then
      ports+=("$port")
      return 0
    fi
    if kill -0 "$pid" 2>/dev/null; then
      echo "bench.sh: server $i did not start listening within 30 s" >&2
      cat "$log" >&2
      exit 1
    fi
    wait "$pid" 2>/dev/null || true
    unset 'server_pids[-1]'
    echo "bench.sh: server $i could not start on port $candidate (attempt $attempt)" >&2
  done
  cat "$log" >&2
  exit 1
}
# One after the other: the first applies the database's migrations before the others connect.
for i in $(seq 1 "$servers"); do
  start_server "$i"
done

# The machine, for the record.
cpu_model="$(grep -m1 '^model name' /proc/cpuinfo | sed 's/^[^:]*: *//' || true)"
mem_total="$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
fs_line="$(df -PT "$db_dir" | awk 'NR == 2 { print $1 " (" $2 ")" }')"
backend="SQLite, $db"
if [ -n "$pg_dir" ]; then
  backend="PostgreSQL $("$pg_bin/postgres" --version | awk '{ print $3 }'), a throwaway cluster in $pg_dir (fsync on, shared_buffers 256MB, the rest as initdb left it), over its Unix socket"
elif [ "$postgres" -eq 1 ]; then
  backend="PostgreSQL, ${pg_uri%%\?*} (an existing database; its disk is not described here)"
fi
disk_dev="$(df -P "$db_dir" | awk 'NR == 2 { print $1 }')"
disk_kind=""
disk_name="$(basename "$disk_dev")"
if [ -r "/sys/class/block/$disk_name/queue/rotational" ] ||
  [ -r "/sys/class/block/$disk_name/../queue/rotational" ]; then
  rotational="$(cat "/sys/class/block/$disk_name/queue/rotational" 2>/dev/null ||
    cat "/sys/class/block/$disk_name/../queue/rotational")"
  if [ "$rotational" = "0" ]; then
    disk_kind=", non-rotational"
  else
    disk_kind=", rotational (as the kernel reports it)"
  fi
fi
case "$fs_line" in
  *"(tmpfs)" | *"(ramfs)")
    disk_kind=", in memory: fsync costs nothing here, so durability is not measured"
    echo "bench.sh: warning: $db_dir is in memory; use --keep-db DIR on a disk" >&2
    ;;
esac
virt="$(systemd-detect-virt 2>/dev/null || true)"
revision="$(git -C "$OUTCOME_LRS_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
# Read-only: GIT_OPTIONAL_LOCKS=0 keeps `git status` from refreshing the index.
if [ -n "$(GIT_OPTIONAL_LOCKS=0 git -C "$OUTCOME_LRS_ROOT" status --porcelain \
  --untracked-files=no 2>/dev/null | head -1)" ]; then
  revision="$revision (with uncommitted changes)"
fi

out="$scratch/report.md"
{
  echo "## Benchmark run, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "### Machine"
  echo
  echo "| Item | Value |"
  echo "|---|---|"
  echo "| CPU | $(nproc) × ${cpu_model:-unknown}${virt:+ ($virt guest)} |"
  echo "| RAM | $mem_total |"
  echo "| Database | $backend |"
  echo "| Database disk | $fs_line$disk_kind |"
  echo "| Kernel | $(uname -sr) |"
  echo "| Load average at the start | $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every figure) |"
  echo "| Outcome LRS | $("$lrs" --version), revision $revision |"
  echo "| Server processes | $servers$([ "$servers" -gt 1 ] && echo " (\`serve\` on the same database, each on its own port)") |"
  echo "| Server options | $([ "$postgres" -eq 1 ] && echo "synchronous_commit on" || echo "--synchronous $synchronous")${server_threads:+ --threads $server_threads}$([ "$plugin_wanted" -eq 1 ] && echo "; outcome plugin loaded, $outcomes outcomes declared$([ "$dashboards" -gt 0 ] && echo " and the catch-all bench-all")$([ "$impact" -gt 0 ] && echo " and the catch-all bench-impact")"); client and server on the same machine |"
  if [ "$postgres" -eq 1 ] && [ "$pg_throwaway" -eq 0 ]; then
    echo "| Statements stored before this run | not counted (an existing PostgreSQL database) |"
  else
    echo "| Statements stored before this run | $next_index |"
  fi
  echo
} >"$out"
cat "$out"

urls=""
for port in "${ports[@]}"; do
  urls="${urls:+$urls,}http://127.0.0.1:$port/xapi/"
done
bench_args=(--url "$urls" --key "$key" --secret "$secret"
  --seed "$seed" --first-index "$next_index" --statements "$statements" --puts "$puts"
  --state-round-trips "$state_docs"
  --batch-size "$batch_size" --concurrency "$concurrency" --queries "$queries"
  --pages "$pages" --query-concurrency "$query_concurrency" --time-limit "$time_limit"
  --outcomes "$outcomes" --dashboards "$dashboards" --impact "$impact")
if [ "$queries_only" -eq 1 ]; then
  bench_args+=(--phases query,dashboard,impact)
fi
status=0
pg_cpu_before=0
[ -n "$pg_dir" ] && pg_cpu_before="$(pg_cpu_ticks)"
# In the background, so that the wait, unlike a foreground command, lets INT and TERM reach the
# trap at once; cleanup then stops lrs_bench and the servers.
: >"$scratch/bench.md"  # before tail opens it
"$bench" "${bench_args[@]}" >"$scratch/bench.md" &
bench_pid=$!
tail -n +1 -f --pid="$bench_pid" "$scratch/bench.md" &
tail_pid=$!
wait "$bench_pid" || status=$?
bench_pid=""
wait "$tail_pid" || true
tail_pid=""
cat "$scratch/bench.md" >>"$out"
if [ "$queries_only" -eq 0 ]; then
  # Statement numbers are never reused, so an incomplete load only leaves a gap.
  next_index=$((next_index + statements + puts))
fi
write_state "$next_index"

# Each server's peak resident set and CPU time, read before it stops.
ticks="$(getconf CLK_TCK)"
server_rss=()
server_cpu_ticks=()
for i in "${!server_pids[@]}"; do
  pid="${server_pids[$i]}"
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "bench.sh: server $((i + 1)) died during the run; its log:" >&2
    tail -n 40 "$scratch/server-$((i + 1)).log" >&2
    exit 1
  fi
  server_rss+=("$(awk '/^VmHWM:/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$pid/status") (at the end: $(awk '/^VmRSS:/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$pid/status"))")
  server_cpu_ticks+=("$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat")")
done
pg_cpu=""
if [ -n "$pg_dir" ]; then
  pg_cpu="$(awk -v a="$pg_cpu_before" -v b="$(pg_cpu_ticks)" -v t="$ticks" \
    'BEGIN { printf "%.1f s", (b - a) / t }')"
fi
seconds() { awk -v n="$1" -v t="$ticks" 'BEGIN { printf "%.1f s", n / t }'; }
server_cpu="$(seconds "$(printf '%s\n' "${server_cpu_ticks[@]}" | awk '{ t += $1 } END { print t }')")"
if [ "$servers" -gt 1 ]; then
  parts=""
  for t in "${server_cpu_ticks[@]}"; do
    parts="${parts:+$parts + }$(seconds "$t")"
  done
  server_cpu="$server_cpu summed ($parts)"
fi
for pid in "${server_pids[@]}"; do
  kill -TERM "$pid"
done
for i in "${!server_pids[@]}"; do
  wait "${server_pids[$i]}" || {
    echo "bench.sh: server $((i + 1)) exited with status $? on SIGTERM" >&2
    status=1
  }
done
server_pids=()
if [ -n "$pg_dir" ]; then
  db_size="$(du -sb "$pg_dir/data" | awk '{ printf "%.0f MiB (the whole cluster directory)", $1 / 1048576 }')"
elif [ "$postgres" -eq 1 ]; then
  db_size="not measured (an existing PostgreSQL database)"
else
  db_files=()
  for f in "$db" "$db-wal" "$db-shm"; do
    [ -f "$f" ] && db_files+=("$f")
  done
  db_size="$(du -cb "${db_files[@]}" | awk 'END { printf "%.0f MiB", $1 / 1048576 }')"
fi
{
  echo
  echo "### Server$([ "$servers" -gt 1 ] && echo s)"
  echo
  echo "| Item | Value |"
  echo "|---|---|"
  if [ "$servers" -eq 1 ]; then
    echo "| Peak RSS (VmHWM) | ${server_rss[0]} |"
  else
    for i in "${!server_rss[@]}"; do
      echo "| Peak RSS (VmHWM), server $((i + 1)) | ${server_rss[$i]} |"
    done
  fi
  echo "| Server CPU time | $server_cpu |"
  [ -z "$pg_cpu" ] || echo "| PostgreSQL CPU time during the run | $pg_cpu |"
  if [ "$postgres" -eq 1 ] && [ "$pg_throwaway" -eq 0 ]; then
    echo "| Statements this run stored | $([ "$queries_only" -eq 1 ] && echo 0 || echo $((statements + puts))) (the database's total is not counted) |"
  else
    echo "| Statements stored after this run | $next_index |"
  fi
  echo "| Database size | $db_size |"
} | tee -a "$out"

if [ -n "$report" ]; then
  cp "$out" "$report"
fi
if [ "$status" -ne 0 ]; then
  echo "bench.sh: the benchmark FAILED (see the messages above); server logs:" >&2
  for i in $(seq 1 "$servers"); do
    echo "--- server $i" >&2
    tail -n 20 "$scratch/server-$i.log" >&2
  done
  exit 1
fi
if [ -n "$keep_db" ]; then
  echo "Database kept in $db_dir (reuse it with --keep-db $keep_db)." >&2
fi
