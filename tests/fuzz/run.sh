#!/usr/bin/env bash
# Runs every libFuzzer target (build/fuzz/fuzz_*, from tests/fuzz/fuzz_*.c).
#
#   bash tests/fuzz/run.sh 0     replay the committed corpus of each target
#                                (tests/fuzz/corpus/<target>/, -runs=0):
#                                fast and deterministic; what `make test` runs
#   bash tests/fuzz/run.sh N     fuzz each target for N seconds, starting from
#                                a scratch copy of its corpus (the committed
#                                corpus never grows); what `make fuzz` runs
#
# Crashes, leaks, timeouts and failed checks are written under
# tests/fuzz/crashes/ (gitignored) as <target>-crash-<sha1> and the like.
# Prints "fuzz: <target> ok" or "fuzz: <target> FAILED" per target (with the
# end of a failed target's log, indented), then, last, "N passed, N failed".
# Exits non-zero if any target failed.  Missing binaries are built first with
# `make fuzz-build`.
set -uo pipefail

seconds=${1:-20}
if ! [[ $seconds =~ ^[0-9]+$ ]]; then
  echo "usage: $0 [seconds]   (0: replay the committed corpus only)" >&2
  exit 2
fi

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
fuzz_dir=tests/fuzz
crash_dir=$fuzz_dir/crashes
bin_dir=build/fuzz

targets=()
for src in "$fuzz_dir"/fuzz_*.c; do
  [ -e "$src" ] || continue
  t=${src##*/}
  targets+=("${t%.c}")
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/portal-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$scratch"' EXIT
trap 'exit 130' INT TERM

# Build the binaries that are missing, once; a target that still has none
# fails below.
for t in "${targets[@]}"; do
  if [ ! -x "$bin_dir/$t" ]; then
    echo "building the fuzz targets (make fuzz-build)"
    make -C "$root" --no-print-directory fuzz-build >"$scratch/build.log" 2>&1 ||
      { echo "make fuzz-build failed:"; tail -n 30 "$scratch/build.log" | sed 's/^/  | /'; }
    break
  fi
done

mkdir -p "$crash_dir"
# The targets are built with -fno-sanitize-recover, so any report is fatal;
# libFuzzer turns on leak detection itself.  UBSan reports get a stack.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

passed=0
failed=0
for t in "${targets[@]}"; do
  bin=$bin_dir/$t
  corpus=$fuzz_dir/corpus/$t
  log=$scratch/$t.log
  why=
  if [ ! -x "$bin" ]; then
    why="no binary $bin"
  elif [ ! -d "$corpus" ] || [ -z "$(ls -A "$corpus")" ]; then
    why="no corpus in $corpus"
  elif [ "$seconds" -eq 0 ]; then
    # Replay: every committed input once, no mutation.
    timeout 300 "$bin" -runs=0 -seed=1 -timeout=10 \
      -artifact_prefix="$crash_dir/$t-" "$corpus" >"$log" 2>&1 ||
      why="replay failed (exit $?)"
  else
    work=$scratch/corpus-$t
    mkdir -p "$work"
    cp -R "$corpus"/. "$work"/
    timeout $((seconds + 120)) "$bin" -max_total_time="$seconds" \
      -timeout=10 -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
      -artifact_prefix="$crash_dir/$t-" "$work" >"$log" 2>&1 ||
      why="fuzzing failed (exit $?)"
  fi
  if [ -z "$why" ]; then
    extra=
    if [ "$seconds" -gt 0 ]; then
      execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
      cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1)
      extra=" (${execs:-?} runs, ${cov:-cov: ?})"
    fi
    echo "fuzz: $t ok$extra"
    passed=$((passed + 1))
  else
    echo "fuzz: $t FAILED: $why"
    if [ -f "$log" ]; then
      # The report: from the sanitizer's or the check's first line on.
      start=$(grep -nE '^==[0-9]+==|ERROR: |runtime error:|check failed|reached the page|utf8_(valid|length) says' "$log" | head -1 | cut -d: -f1)
      if [ -n "$start" ]; then
        tail -n "+$start" "$log" | head -n 40 | sed 's/^/  | /'
        grep -E '^SUMMARY: ' "$log" | head -1 | sed 's/^/  | /'
      else
        tail -n 30 "$log" | sed 's/^/  | /'
      fi
      grep -oE "(Test unit|artifact) written to \S+" "$log" | sed 's/^/  | /'
    fi
    failed=$((failed + 1))
  fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
