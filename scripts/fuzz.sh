#!/usr/bin/env bash
# Fuzzes every parser of outside input (tests/fuzz: statements, multipart bodies, query strings
# and the agent parameter, JWS signatures, the whole request pipeline with document merges,
# outcome declarations and tagging rules, KPI and roster CSV, signed-link tokens) with libFuzzer,
# AddressSanitizer and UndefinedBehaviorSanitizer. Installs clang when missing, builds the
# targets in the sanitized tree scripts/test.sh also tests in (clang, -DOUTCOME_LRS_SANITIZE=ON),
# and runs each for a bounded time from its checked-in seed corpus (tests/fuzz/corpus/TARGET,
# copied: the seeds are not changed). Exits non-zero, naming the target and the input that
# crashed, on any finding.
#
#   scripts/fuzz.sh [--seconds N] [--keep DIR] [TARGET...]
#     --seconds N   run each target for N seconds [FUZZ_SECONDS, default 60]
#     --keep DIR    keep the grown corpora and any crashing inputs in DIR (default: a temporary
#                   directory, removed at the end unless something was found)
# OUTCOME_LRS_FUZZ_BUILD_DIR chooses the build tree (default: ./build-sanitize); FUZZ_SEED the
# random seed (default: derived from the commit; 0: libFuzzer picks one).
set -euo pipefail
OUTCOME_LRS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$OUTCOME_LRS_ROOT/scripts/lib/deps.sh"

seconds="${FUZZ_SECONDS:-60}"
keep=""
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="${2:?--seconds needs a value}"; shift 2 ;;
    --keep) keep="${2:?--keep needs a directory}"; shift 2 ;;
    -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -gt 0 ] || { echo "fuzz.sh: --seconds must be a positive integer" >&2; exit 2; }
all_targets=(fuzz_statement fuzz_multipart fuzz_query fuzz_jws fuzz_http fuzz_outcome fuzz_csv
  fuzz_embed_token)
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

ensure_packages
build_dir="${OUTCOME_LRS_FUZZ_BUILD_DIR:-$OUTCOME_LRS_ROOT/build-sanitize}"
# (Also exports the sanitizers' settings: symbolized reports, the leak suppressions.)
sanitized_tree "$build_dir" "${targets[@]}"

# libFuzzer's random seed: FUZZ_SEED when set, else one derived from the commit, so that a run on
# the same revision (CI's, or a developer's replaying it) takes the same first steps; a finding
# names the seed. FUZZ_SEED=0 lets libFuzzer pick one.
seed="${FUZZ_SEED:-}"
if [ -z "$seed" ]; then
  head="$(git -C "$OUTCOME_LRS_ROOT" rev-parse --short=7 HEAD 2>/dev/null || true)"
  [[ "$head" =~ ^[0-9a-f]{7}$ ]] && seed="$((16#$head))" || seed=0
fi
[[ "$seed" =~ ^[0-9]+$ ]] || { echo "fuzz.sh: FUZZ_SEED must be a non-negative integer" >&2; exit 2; }
work="${keep:-$(mktemp -d "${TMPDIR:-/tmp}/outcome-lrs-fuzz.XXXXXX")}"
mkdir -p "$work"
found=0
for target in "${targets[@]}"; do
  corpus="$work/$target/corpus"
  artifacts="$work/$target/findings"
  # A target's temporary files (fuzz_http's database) go in the work directory, removed with it
  # even when libFuzzer ends the process without running its exit handlers.
  scratch="$work/$target/tmp"
  mkdir -p "$corpus" "$artifacts" "$scratch"
  cp -n "$OUTCOME_LRS_ROOT/tests/fuzz/corpus/$target/"* "$corpus/" 2>/dev/null || true
  echo "== $target: ${seconds}s from $(ls "$corpus" | wc -l) inputs, seed $seed" >&2
  # One process, inputs up to 64 KiB, 10 s per input at most, 2 GiB of memory; the statistics
  # of the final line (executions, coverage, corpus size) are what docs/RELIABILITY.md records.
  if ! TMPDIR="$scratch" "$build_dir/tests/fuzz/$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
      -rss_limit_mb=2048 -seed="$seed" -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" \
      >"$work/$target/log" 2>&1; then
    found=1
    echo "fuzz.sh: $target found a failure; its input and log are in $work/$target" >&2
    # The report from its first line, with its stack, up to the input it wrote.
    sed -n '/ERROR:\|fuzz property/,/Test unit written/p' "$work/$target/log" | head -80 >&2 || true
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+.*DONE" "$work/$target/log" \
    | tr '\n' ' ' >&2 || true
  echo >&2
done
if [ "$found" -eq 0 ] && [ -z "$keep" ]; then
  rm -rf "$work"
fi
exit "$found"
