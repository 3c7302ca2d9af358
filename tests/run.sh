#!/usr/bin/env bash
# The whole suite, as `make test` runs it (after building both builds):
#   1. unit tests (cmocka), optimised and ASan/UBSan builds;
#   2. every libFuzzer target over its committed corpus;
#   3. end-to-end tests (node's test runner) against a throwaway stack of
#      each build, both builds at once; on the sanitizer build's stack then
#      a 10-second load over a mix of requests (tests/load/mix.mjs), and
#      once the stack is down (each worker's exit runs LeakSanitizer) its
#      log is checked for reports: a leak, a memory error or undefined
#      behaviour fails the run.
#      Before it goes down, portalctl audit verify checks that every audit
#      chain the suite wrote to is still intact (sql/023);
#   4. the portal on two hosts in network namespaces (tests/cluster/run.sh),
#      where the machine allows them.
# Ends with one line "N passed, N failed"; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
tally() { passed=$((passed + $1)); failed=$((failed + $2)); }

echo "== unit tests"
for t in build/opt/tests/test_* build/san/tests/test_*; do
  [ -x "$t" ] || continue
  out=$("$t" 2>&1)
  rc=$?
  p=$(grep -oE '\[  PASSED  \] [0-9]+' <<<"$out" | grep -oE '[0-9]+$' | tail -1)
  f=$(grep -oE '\[  FAILED  \] [0-9]+' <<<"$out" | grep -oE '[0-9]+$' | tail -1)
  p=${p:-0} f=${f:-0}
  # A crash or sanitizer report with no cmocka verdict counts as a failure.
  [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
  tally "$p" "$f"
  if [ "$f" -gt 0 ]; then echo "$out"; echo "FAILED: $t"; else echo "ok: $t ($p)"; fi
done

echo "== fuzz corpus replay"
if out=$(bash tests/fuzz/run.sh 0 2>&1); then :; fi
echo "$out" | grep -E '^fuzz:'
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' <<<"$out" | tail -1)
if [ -n "$line" ]; then
  tally "$(cut -d' ' -f1 <<<"$line")" "$(cut -d' ' -f3 <<<"$line")"
else
  echo "$out"; tally 0 1
fi

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# One build's end-to-end pass on its own stack in $2 (port $3): prints its
# report and ends with one line "N passed, N failed".
e2e_pass() {
  local build=$1 dir=$2 port=$3 out p f ok=0 bad=0
  if ! bash app/stack/stack.sh up "$dir" "$port" "$build"; then
    echo "FAILED: the $build stack did not start"; echo "0 passed, 1 failed"; return
  fi
  # One file at a time: the files share the stack, and some count rows.
  out=$(PORTAL_BUILD=$build PORTAL_TEST_DIR=$dir PORTAL_TEST_PORT=$port \
        node --test --test-concurrency=1 --test-reporter=spec tests/e2e/*.test.mjs 2>&1)
  echo "$out" | grep -vE '^\s*$'
  p=$(grep -oE '^ℹ pass [0-9]+' <<<"$out" | grep -oE '[0-9]+$' | tail -1)
  f=$(grep -oE '^ℹ fail [0-9]+' <<<"$out" | grep -oE '[0-9]+$' | tail -1)
  [ -z "$p" ] && { p=0; f=1; }
  ok=$((ok + p)); bad=$((bad + ${f:-0}))
  if [ "$build" = san ]; then
    if node tests/load/mix.mjs "http://127.0.0.1:$port" 10; then ok=$((ok + 1))
    else echo "FAILED: the load run on the san stack"; bad=$((bad + 1)); fi
  fi
  # Every audit chain the suite wrote to still verifies (sql/023).
  if out=$(PORTAL_ADMIN_DATABASE_URL="host=$dir/pg/sock dbname=portal user=portal_owner" \
           PORTAL_SECRET_KEY_FILE=$dir/secret.key build/$build/portalctl audit verify 2>&1); then
    echo "ok: audit chains after the $build suite ($(tail -1 <<<"$out"))"; ok=$((ok + 1))
  else
    echo "$out" | grep -v ', intact;'; echo "FAILED: the audit chains after the $build suite"; bad=$((bad + 1))
  fi
  # Down before the check: the workers' leak reports come as they exit.
  bash app/stack/stack.sh down "$dir" >/dev/null 2>&1
  # Sanitizer reports from any worker of the shared stack fail the run.
  if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$dir/log/portald.log"; then
    grep -E -A20 'AddressSanitizer|LeakSanitizer|runtime error:' "$dir/log/portald.log" | head -60
    echo "FAILED: sanitizer report in the $build stack's portald log"; bad=$((bad + 1))
  else
    ok=$((ok + 1))
  fi
  echo "$ok passed, $bad failed"
}

# The two builds' passes run at once, each on its own stack and port: each
# spends most of its time waiting on one request at a time, so together
# they take little longer than the slower one alone.
declare -A stack_dirs=() logs=() pids=()
cleanup() {
  local b
  for b in "${!pids[@]}"; do kill "${pids[$b]}" 2>/dev/null; done
  wait 2>/dev/null
  for b in "${!stack_dirs[@]}"; do
    bash app/stack/stack.sh down "${stack_dirs[$b]}" >/dev/null 2>&1
    rm -rf "${stack_dirs[$b]}" "${logs[$b]}"
  done
  stack_dirs=() logs=() pids=()
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

used_port=
for build in opt san; do
  stack_dirs[$build]=$(mktemp -d /tmp/portal-test.XXXXXX)
  logs[$build]=$(mktemp /tmp/portal-test-log.XXXXXX)
  port=$(free_port)
  while [ "$port" = "$used_port" ]; do port=$(free_port); done
  used_port=$port
  e2e_pass "$build" "${stack_dirs[$build]}" "$port" >"${logs[$build]}" 2>&1 &
  pids[$build]=$!
done
for build in opt san; do
  wait "${pids[$build]}"
  echo "== end-to-end tests ($build build)"
  out=$(cat "${logs[$build]}")
  echo "$out"
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' <<<"$out" | tail -1)
  if [ -n "$line" ]; then tally "$(cut -d' ' -f1 <<<"$line")" "$(cut -d' ' -f3 <<<"$line")"
  else echo "FAILED: the $build pass ended without a verdict"; tally 0 1; fi
done
unset 'pids[opt]' 'pids[san]'
cleanup

# Two application hosts in network namespaces behind one front, a host
# killed under load (tests/cluster/run.sh); where the machine allows them.
echo "== several hosts"
if bash tests/cluster/run.sh can; then
  out=$(bash tests/cluster/run.sh 2>&1)
  echo "$out" | grep -vE '^\s*$'
  p=$(grep -oE '^ℹ pass [0-9]+' <<<"$out" | grep -oE '[0-9]+$' | tail -1)
  f=$(grep -oE '^ℹ fail [0-9]+' <<<"$out" | grep -oE '[0-9]+$' | tail -1)
  [ -z "$p" ] && { p=0; f=1; }
  tally "$p" "${f:-0}"
else
  echo "not run: this machine does not allow network namespaces (needs root and ip netns)"
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
