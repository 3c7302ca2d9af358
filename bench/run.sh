#!/usr/bin/env bash
# bench/run.sh: wrk against a throwaway copy of the real stack (PostgreSQL,
# portald, nginx), as `make bench` runs it after `make build`.
# See bench/README.md.
#
# For each page below: a short warm-up, then
#   wrk -t$BENCH_THREADS -c$BENCH_CONNECTIONS -d${BENCH_SECONDS}s --latency URL
# and a table of req/s, p99, the ratios to the two floors measured by the
# same nginx in the same run, and each page's target.  Results go to
# bench/results/latest.json and a timestamped copy (plus the raw wrk output).
#
# A benchmark, not a test: exits 0 even when a target is missed.  Exits
# non-zero only when the stack (or the tools) cannot be started.
set -euo pipefail

# ----------------------------------------------------------------- pages
# One page a line:  name | path | target | header | script
#   name    a short identifier (the table's first column, the JSON key)
#   path    the request path (with its query string, if any)
#   target  "floor-static" or "floor-livez" for the two floors (exactly one
#           of each), "RATIO:P99MS" for a target (req/s at least RATIO times
#           the /livez floor and p99 under P99MS ms), or "-" for none
#   header  optional, one "Name: value" header sent with every request
#           (wrk -H), e.g. a signed-in session cookie.  ${VAR} in it is
#           replaced by the variable VAR at run time, so a setup_pages hook
#           (below) can sign in first and export the cookie.
#   script  optional, a wrk Lua script in bench/ (wrk -s) that makes the
#           requests itself, path being only the first check; a script
#           that tags its requests with X-Bench-Kind gets a table per kind
#           (bench/mixed.lua, the mixed workload)
#
# home and location are anonymous reads nginx answers from its micro-cache
# (docs/architecture.md).  location_en and location_ar are the same page
# asked with ?lang=, whose answer sets the language cookie and so is never
# kept: the public page's cost through portald, in English and in Arabic
# (a translation must cost little: within 5% of English).  location_ar_kept
# is Arabic as a returning visitor asks for it (the cookie), kept by nginx
# like English.
#
# face_* are a location's public face with 500 directory entries and 200
# events (bench/data/public_face.sql): the location page and the directory,
# anonymous (kept by nginx's micro-cache) and with ?lang=en (through
# portald every time), each at least 0.70 of /livez (issue 19).
#
# BENCH_ONLY="home mixed" runs those rows only (and the two floors, which
# every ratio needs); the data only they need is not made.
PAGES='
static        | /static/css/portal.css | floor-static |
livez         | /livez                 | floor-livez  |
home          | /                      | 2.0:10       |
location      | /l/hamilton/           | 2.0:10       |
location_en   | /l/hamilton/?lang=en   | 0.70:25      |
location_ar   | /l/hamilton/?lang=ar   | 0.70:25      |
location_ar_kept | /l/hamilton/        | 2.0:10       | Cookie: portal_lang=ar
api_locations | /api/v1/locations      | -            |
wg_members    | /l/hamilton/wg/members | 0.50:25      | Cookie: portal_session=${BENCH_COOKIE}
initiatives_2k   | /l/bench-2k/wg/initiatives   | 0.50:25 | Cookie: portal_session=${BENCH_DATA_COOKIE}
initiatives_100k | /l/bench-100k/wg/initiatives | 0.50:25 | Cookie: portal_session=${BENCH_DATA_COOKIE}
requests_queue   | /l/bench-funding/wg/requests | 0.50:25 | Cookie: portal_session=${BENCH_DATA_COOKIE}
my_requests      | /my/requests                 | 0.50:25 | Cookie: portal_session=${BENCH_APPLICANT_COOKIE}
national_demo    | /national/                   | 0.30:50 | Cookie: portal_session=${BENCH_INZ_COOKIE}
mixed            | /                            | 0.50:25 |  | mixed.lua
national_1k      | /national/                   | 0.30:50 | Cookie: portal_session=${BENCH_INZ_COOKIE}
national_partner_1k | /national/                | 0.30:50 | Cookie: portal_session=${BENCH_PARTNER_COOKIE}
face_location    | /l/bench-face/               | 0.70:25 |
face_location_en | /l/bench-face/?lang=en       | 0.70:25 |
face_services    | /l/bench-face/services       | 0.70:25 |
face_services_en | /l/bench-face/services?lang=en | 0.70:25 |
'

# The same page at two sizes of data:  large | small | at most this many
# times slower (req/s of small over req/s of large).
SCALES='
initiatives_100k | initiatives_2k | 1.5
national_1k      | national_demo  | 2
national_partner_1k | national_demo | 2
'

# Called once the stack is up, before the warm-up, with PORT, BASE_URL,
# PGSOCK, STACK_DIR set: the place to create users or sessions and export
# the variables the header column uses (e.g. BENCH_COOKIE).  Must not fail
# silently: return non-zero to abort the benchmark.
# Prints the session cookie of a generated account (bench/data/*.sql).
bench_sign_in() {
  local cookie
  cookie=$(curl -fsS -o /dev/null -c - -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"demo-pass-2026\"}" "$BASE_URL/api/v1/session" |
    awk '$6 == "portal_session" { print $7 }')
  [ -n "$cookie" ] || { say "could not sign in $1"; return 1; }
  printf '%s\n' "$cookie"
}

# Whether the row named $1 runs (BENCH_ONLY, above).
wanted() {
  [ -z "${BENCH_ONLY:-}" ] && return 0
  case " $BENCH_ONLY " in *" $1 "*) return 0 ;; esac
  return 1
}

psql_owner() { psql -X -q -h "$PGSOCK" -U portal_owner -d portal "$@" >/dev/null; }

# Prints "cookie csrf-token" of a session of an account (bench/data/*.sql).
bench_session() {
  local out
  out=$(curl -fsS -D - -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"demo-pass-2026\"}" "$BASE_URL/api/v1/session" |
    tr -d '\r' | awk '
      /^Set-Cookie: portal_session=/ { sub(/^Set-Cookie: portal_session=/, ""); sub(/;.*/, ""); c = $0 }
      match($0, /"csrf_token": *"[^"]*"/) { t = substr($0, RSTART, RLENGTH); sub(/^[^:]*: *"/, "", t); sub(/"$/, "", t) }
      END { if (c != "" && t != "") print c, t }')
  [ -n "$out" ] || { say "could not sign in $1"; return 1; }
  printf '%s\n' "$out"
}

# The mixed workload's people and data (bench/mixed.lua): MIX_LOCATIONS
# locations bench-mix-N, each with 500 initiatives (about half published),
# 4,400 funding requests (400 submitted, 400 in review) and MIX_MEMBERS
# members, every one signed in; bench@portal.bench coordinates them all
# and inz@portal.demo reads the national overview.  Written to the data
# file the script reads (BENCH_MIXED_DATA).
MIX_LOCATIONS=6
MIX_MEMBERS=12
setup_mixed() {
  local n k slug session
  BENCH_MIXED_DATA=$STACK_DIR/mixed.data
  : >"$BENCH_MIXED_DATA"
  for n in $(seq 1 "$MIX_LOCATIONS"); do
    slug=bench-mix-$n
    say "generating $slug for the mixed workload"
    psql_owner -v location="$slug" -v count=500 -f "$ROOT/bench/data/initiatives.sql" || return 1
    psql_owner -v location="$slug" -v count=4400 -f "$ROOT/bench/data/funding.sql" || return 1
    psql_owner -v location="$slug" -v count="$MIX_MEMBERS" -f "$ROOT/bench/data/mixed.sql" || return 1
  done
  psql_owner -c 'SET client_min_messages = error' -c 'ANALYZE' || return 1
  psql -X -q -At -F ' ' -h "$PGSOCK" -U portal_owner -d portal >>"$BENCH_MIXED_DATA" -c "
    SELECT 'initiative', l.slug, i.id, i.version, (i.visibility = 'public')::int
      FROM initiatives i JOIN locations l ON l.id = i.location_id
     WHERE l.slug LIKE 'bench-mix-%'
    UNION ALL
    SELECT r.state, l.slug, r.id, 0, 0
      FROM funding_requests r JOIN locations l ON l.id = r.location_id
     WHERE l.slug LIKE 'bench-mix-%' AND r.state IN ('submitted', 'in_review')" || return 1
  say "signing in the mixed workload's $((MIX_LOCATIONS * MIX_MEMBERS + 2)) people"
  session=$(bench_session inz@portal.demo) || return 1
  echo "session national - $session" >>"$BENCH_MIXED_DATA"
  session=$(bench_session bench@portal.bench) || return 1
  for n in $(seq 1 "$MIX_LOCATIONS"); do
    echo "session coordinator bench-mix-$n $session" >>"$BENCH_MIXED_DATA"
    for k in $(seq 1 "$MIX_MEMBERS"); do
      printf 'session member bench-mix-%s %s\n' "$n" \
        "$(bench_session "bench.mix.bench-mix-$n.$k@portal.bench")" >>"$BENCH_MIXED_DATA" || return 1
    done
  done
  grep -q ' - *$' "$BENCH_MIXED_DATA" && { say "a mixed-workload sign-in failed"; return 1; }
  BENCH_BASE_URL=$BASE_URL
  export BENCH_MIXED_DATA BENCH_BASE_URL BENCH_THREADS
}

setup_pages() {
  local body start end n=0
  body='{"email":"coordinator.hamilton@portal.demo","password":"demo-pass-2026"}'
  BENCH_COOKIE=$(bench_sign_in coordinator.hamilton@portal.demo) || return 1
  export BENCH_COOKIE
  # The mixed workload's locations first: each of their loads of 500
  # initiatives finds its overlap pairs at once (sql/011), and does so in
  # seconds while the database holds a few thousand initiatives, in
  # minutes once it holds bench-100k's 100,000 from the same word lists.
  if wanted mixed; then setup_mixed || return 1; fi
  # Locations holding 2,000 and 100,000 generated initiatives, and their
  # coordinator's session (bench/data/initiatives.sql).
  local size
  for size in 2k:2000 100k:100000; do
    wanted "initiatives_${size%%:*}" || wanted national_demo || continue
    say "generating ${size#*:} initiatives in bench-${size%%:*}"
    psql_owner -v location="bench-${size%%:*}" \
      -v count="${size#*:}" -f "$ROOT/bench/data/initiatives.sql" || return 1
  done
  # A funding round of 5,000 requests in bench-funding (the same
  # coordinator), 20 of them by one applicant (bench/data/funding.sql).
  if wanted requests_queue || wanted my_requests || wanted national_demo; then
    say "generating 5000 funding requests in bench-funding"
    psql_owner -v location=bench-funding -v count=5000 -f "$ROOT/bench/data/funding.sql" || return 1
  fi
  # The public face at volume (issue 19): 500 directory entries and 200
  # events in bench-face (bench/data/public_face.sql).
  if wanted face_location || wanted face_location_en || wanted face_services ||
      wanted face_services_en; then
    say "generating 500 services and 200 events in bench-face"
    psql_owner -v location=bench-face -v services=500 -v events=200 \
      -f "$ROOT/bench/data/public_face.sql" || return 1
  fi
  psql_owner -c 'SET client_min_messages = error' -c 'ANALYZE' || return 1
  if wanted initiatives_2k || wanted initiatives_100k || wanted requests_queue; then
    BENCH_DATA_COOKIE=$(bench_sign_in bench@portal.bench) || return 1
  fi
  if wanted my_requests; then
    BENCH_APPLICANT_COOKIE=$(bench_sign_in bench.applicant@portal.bench) || return 1
  fi
  BENCH_INZ_COOKIE=$(bench_sign_in inz@portal.demo) || return 1
  if wanted national_partner_1k; then
    BENCH_PARTNER_COOKIE=$(bench_sign_in partner@portal.demo) || return 1
  fi
  export BENCH_DATA_COOKIE BENCH_APPLICANT_COOKIE BENCH_INZ_COOKIE
  export BENCH_PARTNER_COOKIE
  # A selection of rows measures what it names, not sign-in.
  [ -z "${BENCH_ONLY:-}" ] || return 0
  # Sign-in is slow on purpose (Argon2id): its rate is reported, with no
  # target, from two clients signing in for a few seconds.
  start=$(date +%s%N)
  end=$((start + 3000000000))
  signin_loop() {
    local k=0
    while [ "$(date +%s%N)" -lt "$end" ]; do
      curl -fsS -o /dev/null -H 'Content-Type: application/json' -d "$body" \
        "$BASE_URL/api/v1/session" && k=$((k + 1))
    done
    echo "$k"
  }
  for k in $(signin_loop & signin_loop & wait); do n=$((n + k)); done
  SIGNIN_RATE=$(awk -v n="$n" -v ns="$(( $(date +%s%N) - start ))" 'BEGIN { printf "%.1f", n / (ns / 1e9) }')
  say "sign-in (Argon2id, 2 clients): $SIGNIN_RATE/s, no target"
}

# Called before each page is checked and loaded, with its name: the place
# to add data that only the pages after it should see.  The national
# dashboard is measured at the demo's size first, then with a country of
# generated working groups (bench/data/national.sql: 1,000 more locations,
# 100,000 more initiatives, with outcome areas and 5,000 participations in
# other locations' initiatives: bench/data/reach.sql) in the same database;
# a partner agency's view of it after (national_partner_1k), once loaded.
NATIONAL_1K_LOADED=
before_page() {
  case $1 in
    national_1k|national_partner_1k)
      [ -z "$NATIONAL_1K_LOADED" ] || return 0
      say "generating 1,000 locations and 100,000 initiatives for the national dashboard"
      psql -X -q -h "$PGSOCK" -U portal_owner -d portal -f "$ROOT/bench/data/national.sql" >/dev/null || return 1
      psql -X -q -h "$PGSOCK" -U portal_owner -d portal -f "$ROOT/bench/data/reach.sql" >/dev/null || return 1
      psql -X -q -h "$PGSOCK" -U portal_owner -d portal -c 'SET client_min_messages = error' -c 'ANALYZE' >/dev/null || return 1
      NATIONAL_1K_LOADED=1
      ;;
  esac
}

# ------------------------------------------------------------- settings
BENCH_SECONDS=${BENCH_SECONDS:-10}
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-64}
BENCH_THREADS=${BENCH_THREADS:-2}
BENCH_WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-2}
BENCH_BUILD=${BENCH_BUILD:-opt}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RESULTS=$ROOT/bench/results
STACK=$ROOT/app/stack/stack.sh

say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

for tool in wrk curl awk ps; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed"
done
[ -x "$ROOT/build/$BENCH_BUILD/portald" ] ||
  die "no build/$BENCH_BUILD/portald: run make build first"
case $BENCH_SECONDS$BENCH_CONNECTIONS$BENCH_THREADS$BENCH_WARMUP_SECONDS in
  *[!0-9]*) die "BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_THREADS and BENCH_WARMUP_SECONDS are whole numbers" ;;
esac

# ------------------------------------------------------ stack lifecycle
STACK_DIR=
RAW=

# Processes of a stack whose up did not finish (so no stack.env was
# written): the portald processes carry PORTAL_SOCKET=DIR/... in their
# environment, nginx has DIR in its command line.  Only processes that
# point into our own temporary directory are touched, each by its pid.
# shellcheck disable=SC2317  # called from the EXIT trap
stray_pids() {
  local dir=$1 p
  for p in /proc/[0-9]*; do
    [ "${p#/proc/}" = "$$" ] && continue
    if tr '\0' '\n' 2>/dev/null <"$p/environ" | grep -qxF "PORTAL_SOCKET=$dir/run/portald.sock" ||
       tr '\0' ' ' 2>/dev/null <"$p/cmdline" | grep -qF "$dir/nginx/nginx.conf"; then
      printf '%s\n' "${p#/proc/}"
    fi
  done
}

# shellcheck disable=SC2317  # the EXIT trap
cleanup() {
  local rc=$? pids p
  trap - EXIT INT TERM
  if [ -n "$STACK_DIR" ] && [ -d "$STACK_DIR" ]; then
    say "stopping the stack"
    bash "$STACK" down "$STACK_DIR" >/dev/null 2>&1 || true
    pids=$(stray_pids "$STACK_DIR")
    if [ -n "$pids" ]; then
      for p in $pids; do kill -TERM "$p" 2>/dev/null || true; done
      sleep 1
      for p in $(stray_pids "$STACK_DIR"); do kill -KILL "$p" 2>/dev/null || true; done
    fi
    rm -rf "$STACK_DIR"
  fi
  [ -n "$RAW" ] && rm -f "$RAW"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
  if command -v python3 >/dev/null 2>&1 &&
     python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null; then
    return 0
  fi
  if command -v node >/dev/null 2>&1 &&
     node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})' 2>/dev/null; then
    return 0
  fi
  local p
  for p in $(seq 20000 20999); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}

STACK_DIR=$(mktemp -d /tmp/portal-bench.XXXXXX)
chmod 755 "$STACK_DIR"
PORT=${BENCH_PORT:-$(free_port)} || die "no free loopback port"
say "starting the stack in $STACK_DIR on 127.0.0.1:$PORT (build $BENCH_BUILD, PORTAL_WORKERS=${PORTAL_WORKERS:-default})"
if ! bash "$STACK" up "$STACK_DIR" "$PORT" "$BENCH_BUILD" >"$STACK_DIR.up.log" 2>&1; then
  cat "$STACK_DIR.up.log" >&2
  rm -f "$STACK_DIR.up.log"
  die "the stack did not start"
fi
rm -f "$STACK_DIR.up.log"
# shellcheck disable=SC1091
. "$STACK_DIR/stack.env"
BASE_URL=http://127.0.0.1:$PORT
export PORT BASE_URL PGSOCK STACK_DIR
setup_pages || die "setup_pages failed"

# --------------------------------------------------------------- helpers
workers() { ps -o pid= --ppid "$PORTALD_PID" 2>/dev/null | awk '{print $1}' | sort -n | paste -sd' '; }

# "max total count" of the workers' RSS in KiB.
worker_rss() {
  ps -o rss= --ppid "$PORTALD_PID" 2>/dev/null |
    awk '{ t += $1; if ($1 > m) m = $1; n++ } END { printf "%d %d %d\n", m, t, n }'
}

# Replaces ${VAR} in $1 by the variable's value (no other expansion).
expand() {
  local s=$1 out="" name
  while [[ $s =~ ^([^$]*)\$\{([A-Za-z_][A-Za-z0-9_]*)\}(.*)$ ]]; do
    name=${BASH_REMATCH[2]}
    out+=${BASH_REMATCH[1]}${!name-}
    s=${BASH_REMATCH[3]}
  done
  printf '%s' "$out$s"
}

trim() { local s=$1; s=${s#"${s%%[![:space:]]*}"}; s=${s%"${s##*[![:space:]]}"}; printf '%s' "$s"; }

json_str() {
  local s=$1
  s=${s//\\/\\\\}; s=${s//\"/\\\"}; s=${s//$'\t'/\\t}; s=${s//$'\n'/\\n}
  printf '"%s"' "$s"
}

# CPU time (clock ticks) used so far by the pids given.
cpu_ticks() {
  local p t=0 rest fields
  for p in "$@"; do
    rest=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    # After "pid (comm) ": state (field 3) ... utime (14), stime (15).
    read -ra fields <<<"${rest##*) }"
    t=$((t + fields[11] + fields[12]))
  done
  echo "$t"
}

PG_PID=$(head -1 "$STACK_DIR/pg/data/postmaster.pid" 2>/dev/null || echo "")
group_pids() {
  case $1 in
    portald) echo "$PORTALD_PID"; ps -o pid= --ppid "$PORTALD_PID" ;;
    postgres) [ -n "$PG_PID" ] && { echo "$PG_PID"; ps -o pid= --ppid "$PG_PID"; } ;;
    nginx) echo "$NGINX_PID"; ps -o pid= --ppid "$NGINX_PID" ;;
  esac 2>/dev/null | awk '{print $1}'
}
# "portald postgres nginx idle total" ticks, the idle/total from /proc/stat.
cpu_snapshot() {
  local g out=""
  for g in portald postgres nginx; do
    # shellcheck disable=SC2046
    out+="$(cpu_ticks $(group_pids "$g")) "
  done
  out+=$(awk '/^cpu / { idle = $5 + $6; t = 0; for (i = 2; i <= NF; i++) t += $i; print idle, t }' /proc/stat)
  echo "$out"
}

# Latency text from wrk ("512.00us", "1.20ms", "2.00s", "1.00m") in ms.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000
    else if (u == "m") n *= 60000; else if (u == "h") n *= 3600000
    printf "%.3f", n }'
}

# The kinds of a script's requests (X-Bench-Kind), from nginx's log of
# them (nginx/local.conf.in, buffered for a second): the lines the main
# run added.  KINDS_TEXT and KINDS_JSON collect a table per script row.
KIND_LOG=$STACK_DIR/nginx/bench.log
KINDS_TEXT="" KINDS_JSON=""
kind_log_start() {
  sleep 1.2	# the warm-up's lines are written
  KIND_LOG_FROM=$(stat -c %s "$KIND_LOG" 2>/dev/null || echo 0)
}

kind_log_report() {
  local name=$1 out=$2 rows k n r sh p e which
  sleep 1.2	# the run's last lines are written
  # "kind requests req/s share-% p99-ms errors which": errors are the
  # answers 4xx and 5xx (nginx's 499 too: a client that gave up), which
  # lists them by status ("409x2,503x1", or "-").
  rows=$(tail -c +$((KIND_LOG_FROM + 1)) "$KIND_LOG" 2>/dev/null | sort -k1,1 -k3,3n |
    awk -v secs="$BENCH_SECONDS" '
      function flush(   i, s, w) {
        if (k == "") return
        i = int(n * 0.99); if (i < n * 0.99) i++; if (i < 1) i = 1
        w = ""; for (s in bad) w = w (w == "" ? "" : ",") s "x" bad[s]
        row[++rows] = sprintf("%s %d %.1f %%s %.1f %d %s", k, n, n / secs, t[i] * 1000, e, w == "" ? "-" : w)
        count[rows] = n; total += n
      }
      $1 != k { flush(); k = $1; n = 0; e = 0; delete t; delete bad }
      { n++; t[n] = $3; if ($2 >= 400) { e++; bad[$2]++ } }
      END { flush(); for (i = 1; i <= rows; i++) printf row[i] "\n", sprintf("%.1f", 100 * count[i] / total) }') || true
  KINDS_TEXT+=$(printf '\n%s, per kind of request (nginx'"'"'s time for each):\n' "$name")
  KINDS_TEXT+=$(printf '\n  %-12s %9s %9s %7s %8s %7s  %s' kind requests 'req/s' 'share %' 'p99 ms' errors '')
  while read -r k n r sh p e which; do
    [ -n "$k" ] || continue
    KINDS_TEXT+=$(printf '\n  %-12s %9s %9s %7s %8s %7s  %s' "$k" "$n" "$r" "$sh" "$p" "$e" "${which/#-/}")
    KINDS_JSON+="${KINDS_JSON:+, }{ \"row\": $(json_str "$name"), \"kind\": $(json_str "$k"), \"requests\": $n, \"rps\": $r, \"share_pct\": $sh, \"p99_ms\": $p, \"errors\": $e, \"error_statuses\": $(json_str "${which/#-/}") }"
  done <<<"$rows"
  KINDS_TEXT+=$'\n'$(grep -E '^mixed: ' <<<"$out" | sed 's/^/  /' || true)$'\n'
}

# ---------------------------------------------------------- the pages
names=() paths=() targets=() headers=() scripts=()
while IFS='|' read -r n p t h sc; do
  n=$(trim "$n"); [ -z "$n" ] && continue
  case $n in \#*) continue ;; esac
  case $(trim "$t") in floor-*) ;; *) wanted "$n" || continue ;; esac
  names+=("$n"); paths+=("$(trim "$p")"); targets+=("$(trim "${t:--}")"); headers+=("$(trim "$h")")
  scripts+=("$(trim "$sc")")
done <<<"$PAGES"
npages=${#names[@]}

WORKERS_BEFORE=$(workers)
NWORKERS=$(wc -w <<<"$WORKERS_BEFORE")
RAW=$(mktemp /tmp/portal-bench-wrk.XXXXXX)
WRK_ARGS=(-t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" -d"${BENCH_SECONDS}s" --latency)
TICK=$(getconf CLK_TCK 2>/dev/null || echo 100)

say "$npages pages, $NWORKERS portald workers, wrk ${WRK_ARGS[*]}"

# Other work on the machine (a test suite, a build) skews every number:
# measure how busy the CPUs are for a second before starting.
read -r _ _ _ i0 t0 < <(cpu_snapshot)
sleep 1
read -r _ _ _ i1 t1 < <(cpu_snapshot)
BACKGROUND_BUSY=$(awk -v i=$((i1 - i0)) -v t=$((t1 - t0)) 'BEGIN { if (t > 0) printf "%.0f", 100 * (1 - i / t); else print 0 }')
[ "$BACKGROUND_BUSY" -lt 15 ] ||
  say "warning: the machine is already ${BACKGROUND_BUSY}% busy before the benchmark; the numbers will be low"

declare -a status bytes
declare -a rps p99 p50 avg reqs non2xx sockerr wrkok cpu_portald cpu_pg cpu_nginx cpu_total cpu_busy
for i in "${!names[@]}"; do
  before_page "${names[$i]}" || die "before_page ${names[$i]} failed"
  url=$BASE_URL${paths[$i]}
  hdr=$(expand "${headers[$i]}")
  # Checks the page answers 2xx once before loading it.
  args=(-sS -o /dev/null -w '%{http_code} %{size_download}\n' --max-time 10)
  [ -n "$hdr" ] && args+=(-H "$hdr")
  read -r 'status[i]' 'bytes[i]' < <(curl "${args[@]}" "$url" 2>/dev/null || echo "000 0")
  case ${status[$i]} in 2??) ;; *) say "warning: ${paths[$i]} answered ${status[$i]}" ;; esac
  hargs=()
  [ -n "$hdr" ] && hargs=(-H "$hdr")
  wargs=()
  if [ -n "${scripts[$i]}" ]; then
    hargs+=(-s "$ROOT/bench/${scripts[$i]}")
    wargs=(-- warmup)	# the script's warm-up writes other rows than its run
  fi
  if [ "$BENCH_WARMUP_SECONDS" -gt 0 ]; then
    wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" -d"${BENCH_WARMUP_SECONDS}s" \
      ${hargs[@]+"${hargs[@]}"} "$url" ${wargs[@]+"${wargs[@]}"} >/dev/null 2>&1 || true
  fi
  [ -n "${scripts[$i]}" ] && kind_log_start
  say "wrk ${names[$i]} ($url)"
  read -r a_pd a_pg a_ng a_idle a_tot < <(cpu_snapshot)
  if out=$(wrk "${WRK_ARGS[@]}" ${hargs[@]+"${hargs[@]}"} "$url" 2>&1); then wrkok[i]=1; else wrkok[i]=0; fi
  read -r b_pd b_pg b_ng b_idle b_tot < <(cpu_snapshot)
  { printf '=== %s %s\n' "${names[$i]}" "$url"; printf '%s\n\n' "$out"; } >>"$RAW"
  [ -n "${scripts[$i]}" ] && kind_log_report "${names[$i]}" "$out"

  rps[i]=$(awk '/^Requests\/sec:/ { printf "%.1f", $2 }' <<<"$out")
  reqs[i]=$(awk '/requests in/ { print $1 }' <<<"$out")
  v=$(awk '/Latency Distribution/ { d = 1 } d && $1 == "99%" { print $2; exit }' <<<"$out")
  p99[i]=$([ -n "$v" ] && to_ms "$v" || echo "")
  v=$(awk '/Latency Distribution/ { d = 1 } d && $1 == "50%" { print $2; exit }' <<<"$out")
  p50[i]=$([ -n "$v" ] && to_ms "$v" || echo "")
  v=$(awk '$1 == "Latency" && NF >= 5 { print $2; exit }' <<<"$out")
  avg[i]=$([ -n "$v" ] && to_ms "$v" || echo "")
  non2xx[i]=$(awk -F: '/Non-2xx or 3xx responses/ { gsub(/ /, "", $2); print $2 }' <<<"$out")
  non2xx[i]=${non2xx[$i]:-0}
  # "Socket errors: connect 0, read 0, write 0, timeout 0" -> their sum.
  sockerr[i]=$(awk '/Socket errors/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' <<<"$out")
  sockerr[i]=${sockerr[$i]:-0}
  [ -n "${rps[$i]}" ] || { wrkok[i]=0; say "wrk gave no result for ${paths[$i]}: $out"; }

  # CPU used per request (us) by each part, and how busy the machine was.
  n=${reqs[$i]:-0}
  cpu_per_req() { awk -v d="$1" -v n="$n" -v t="$TICK" 'BEGIN { if (n > 0) printf "%.1f", d / t * 1e6 / n; else print "" }'; }
  cpu_portald[i]=$(cpu_per_req $((b_pd - a_pd)))
  cpu_pg[i]=$(cpu_per_req $((b_pg - a_pg)))
  cpu_nginx[i]=$(cpu_per_req $((b_ng - a_ng)))
  # Everything the machine did per request, wrk and the kernel included.
  cpu_total[i]=$(cpu_per_req $(( (b_tot - a_tot) - (b_idle - a_idle) )))
  cpu_busy[i]=$(awk -v i=$((b_idle - a_idle)) -v t=$((b_tot - a_tot)) 'BEGIN { if (t > 0) printf "%.0f", 100 * (1 - i / t) }')
done

read -r RSS_MAX RSS_TOTAL RSS_N < <(worker_rss)
WORKERS_AFTER=$(workers)
RESPAWNED=0
[ "$WORKERS_BEFORE" = "$WORKERS_AFTER" ] || RESPAWNED=1
PORTALD_5XX=$(grep -c 'status=5[0-9][0-9]' "$STACK_DIR/log/portald.log" 2>/dev/null || true)

# ------------------------------------------------------------ the table
static_rps="" livez_rps=""
for i in "${!names[@]}"; do
  case ${targets[$i]} in
    floor-static) static_rps=${rps[$i]} ;;
    floor-livez) livez_rps=${livez_rps:-${rps[$i]}} ;;
  esac
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b > 0) printf "%.3f", a / b; else print "" }'; }
num() { [ -n "$1" ] && printf '%s' "$1" || printf 'null'; }

declare -a r_static r_livez verdict flags
for i in "${!names[@]}"; do
  r_static[i]=$(ratio "${rps[$i]}" "$static_rps")
  r_livez[i]=$(ratio "${rps[$i]}" "$livez_rps")
  f=""
  [ "${wrkok[$i]}" = 1 ] || f+="wrk-failed "
  case ${status[$i]} in 2??) ;; *) f+="status=${status[$i]} " ;; esac
  [ "${non2xx[$i]}" = 0 ] || f+="non2xx=${non2xx[$i]} "
  [ "${sockerr[$i]}" = 0 ] || f+="socket-errors=${sockerr[$i]} "
  flags[i]=$(trim "$f")
  case ${targets[$i]} in
    floor-*) verdict[i]=floor ;;
    -|"") verdict[i]=- ;;
    *:*)
      want_ratio=${targets[$i]%%:*} want_p99=${targets[$i]#*:}
      if [ -n "${flags[$i]}" ] || [ -z "${rps[$i]}" ] || [ -z "${r_livez[$i]}" ] || [ -z "${p99[$i]}" ]; then
        verdict[i]=misses
      elif awk -v r="${r_livez[$i]}" -v wr="$want_ratio" -v p="${p99[$i]}" -v wp="$want_p99" \
             'BEGIN { exit !(r >= wr && p < wp) }'; then
        verdict[i]=meets
      else
        verdict[i]=misses
      fi ;;
    *) verdict[i]="?" ;;
  esac
done

fmt_target() {
  case $1 in
    floor-*) echo "floor" ;;
    -|"") echo "-" ;;
    *:*) echo ">=${1%%:*}x livez, p99<${1#*:}ms: $2" ;;
    *) echo "$1" ;;
  esac
}

echo
printf 'portald workers: %s   nproc: %s   wrk %s   (%s)\n\n' "$NWORKERS" "$(nproc)" "${WRK_ARGS[*]}" "$BASE_URL"
printf '%-16s %-28s %10s %8s %8s %8s  %s\n' page path 'req/s' 'p99 ms' 'x static' 'x livez' target
printf '%-16s %-28s %10s %8s %8s %8s  %s\n' ---- ---- ----- ------ -------- ------- ------
for i in "${!names[@]}"; do
  printf '%-16s %-28s %10s %8s %8s %8s  %s%s\n' "${names[$i]}" "${paths[$i]}" \
    "${rps[$i]:--}" "${p99[$i]:--}" "${r_static[$i]:--}" "${r_livez[$i]:--}" \
    "$(fmt_target "${targets[$i]}" "${verdict[$i]}")" \
    "${flags[$i]:+   !! ${flags[$i]}}"
done
echo
printf 'CPU per request (us): %-14s %8s %8s %8s %8s  %s\n' page portald postgres nginx 'all (1)' 'machine busy'
for i in "${!names[@]}"; do
  printf '                      %-14s %8s %8s %8s %8s  %s%%\n' "${names[$i]}" "${cpu_portald[$i]:--}" \
    "${cpu_pg[$i]:--}" "${cpu_nginx[$i]:--}" "${cpu_total[$i]:--}" "${cpu_busy[$i]:--}"
done
echo "(1) all CPU used on the machine per request, wrk and the kernel included"
[ -z "$KINDS_TEXT" ] || printf '%s\n' "$KINDS_TEXT"
echo
# The scale checks: how much slower the page is with more data.
scales_json=""
while IFS='|' read -r big small limit; do
  big=$(trim "$big"); small=$(trim "$small"); limit=$(trim "$limit")
  [ -z "$big" ] && continue
  rb="" rs=""
  for i in "${!names[@]}"; do
    [ "${names[$i]}" = "$big" ] && rb=${rps[$i]}
    [ "${names[$i]}" = "$small" ] && rs=${rps[$i]}
  done
  slower=$(ratio "$rs" "$rb")
  v=misses
  [ -n "$slower" ] && awk -v s="$slower" -v l="$limit" 'BEGIN { exit !(s <= l) }' && v=meets
  printf 'scale: %s is %sx slower than %s (target: at most %sx): %s\n' "$big" "${slower:--}" "$small" "$limit" "$v"
  scales_json+="${scales_json:+, }{ \"large\": $(json_str "$big"), \"small\": $(json_str "$small"), \"slower\": $(num "$slower"), \"limit\": $limit, \"verdict\": \"$v\" }"
done <<<"$SCALES"
echo
[ "$BACKGROUND_BUSY" -lt 15 ] || echo "!! the machine was ${BACKGROUND_BUSY}% busy before the run (other work): the numbers are not comparable"
printf 'worker RSS after the run: max %s KiB, total %s KiB over %s workers\n' "$RSS_MAX" "$RSS_TOTAL" "$RSS_N"
[ "$RESPAWNED" = 0 ] || echo "!! portald workers changed during the run (crash/respawn): before [$WORKERS_BEFORE] after [$WORKERS_AFTER]"
[ "${PORTALD_5XX:-0}" = 0 ] || echo "!! portald logged $PORTALD_5XX responses with status 5xx"

# ------------------------------------------------------------- results
mkdir -p "$RESULTS"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
commit=$(git -C "$ROOT" rev-parse -q --verify HEAD 2>/dev/null || true)
dirty=$(git -C "$ROOT" status --porcelain 2>/dev/null | head -1)
cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo "")
mem_kib=$(awk '/^MemTotal/ { print $2 }' /proc/meminfo 2>/dev/null || echo "")
nginx_workers=$(ps -o pid= --ppid "$NGINX_PID" 2>/dev/null | wc -l)
{
  printf '{\n'
  printf '  "timestamp": %s,\n' "$(json_str "$(date -u +%Y-%m-%dT%H:%M:%SZ)")"
  printf '  "commit": %s,\n  "worktree_dirty": %s,\n' "$(json_str "$commit")" "$([ -n "$dirty" ] && echo true || echo false)"
  printf '  "build": %s,\n' "$(json_str "$BENCH_BUILD")"
  printf '  "machine": { "nproc": %s, "cpu_model": %s, "mem_kib": %s, "kernel": %s },\n' \
    "$(nproc)" "$(json_str "$cpu_model")" "$(num "$mem_kib")" "$(json_str "$(uname -r)")"
  printf '  "portald": { "workers": %s, "portal_workers_env": %s, "worker_rss_kib_max": %s, "worker_rss_kib_total": %s, "workers_respawned": %s, "logged_5xx": %s },\n' \
    "$NWORKERS" "$(json_str "${PORTAL_WORKERS:-}")" "$(num "$RSS_MAX")" "$(num "$RSS_TOTAL")" \
    "$([ "$RESPAWNED" = 1 ] && echo true || echo false)" "${PORTALD_5XX:-0}"
  printf '  "nginx": { "workers": %s },\n' "$nginx_workers"
  printf '  "background_busy_pct": %s,\n' "$BACKGROUND_BUSY"
  printf '  "wrk": { "threads": %s, "connections": %s, "seconds": %s, "warmup_seconds": %s, "args": %s, "version": %s },\n' \
    "$BENCH_THREADS" "$BENCH_CONNECTIONS" "$BENCH_SECONDS" "$BENCH_WARMUP_SECONDS" \
    "$(json_str "${WRK_ARGS[*]}")" "$(json_str "$(wrk --version 2>&1 | head -1 | awk '{print $2}')")"
  printf '  "floors": { "static_rps": %s, "livez_rps": %s },\n' "$(num "$static_rps")" "$(num "$livez_rps")"
  printf '  "signin_rps": %s,\n' "$(num "${SIGNIN_RATE:-}")"
  printf '  "scales": [%s],\n' "$scales_json"
  printf '  "kinds": [%s],\n' "$KINDS_JSON"
  printf '  "pages": [\n'
  for i in "${!names[@]}"; do
    printf '    { "name": %s, "path": %s, "target": %s, "header": %s, "verdict": %s,\n' \
      "$(json_str "${names[$i]}")" "$(json_str "${paths[$i]}")" "$(json_str "${targets[$i]}")" \
      "$([ -n "${headers[$i]}" ] && json_str "${headers[$i]}" || echo null)" "$(json_str "${verdict[$i]}")"
    printf '      "status": %s, "bytes": %s, "requests": %s, "rps": %s, "latency_avg_ms": %s, "p50_ms": %s, "p99_ms": %s,\n' \
      "$(num "${status[$i]}")" "$(num "${bytes[$i]}")" "$(num "${reqs[$i]}")" "$(num "${rps[$i]}")" \
      "$(num "${avg[$i]}")" "$(num "${p50[$i]}")" "$(num "${p99[$i]}")"
    printf '      "ratio_static": %s, "ratio_livez": %s, "non_2xx_3xx": %s, "socket_errors": %s, "flags": %s,\n' \
      "$(num "${r_static[$i]}")" "$(num "${r_livez[$i]}")" "${non2xx[$i]}" "${sockerr[$i]}" "$(json_str "${flags[$i]}")"
    printf '      "cpu_us_per_request": { "portald": %s, "postgres": %s, "nginx": %s, "all": %s }, "machine_busy_pct": %s }%s\n' \
      "$(num "${cpu_portald[$i]}")" "$(num "${cpu_pg[$i]}")" "$(num "${cpu_nginx[$i]}")" "$(num "${cpu_total[$i]}")" "$(num "${cpu_busy[$i]}")" \
      "$([ "$i" -lt $((npages - 1)) ] && echo , || echo)"
  done
  printf '  ]\n}\n'
} >"$RESULTS/$STAMP.json"
cp "$RESULTS/$STAMP.json" "$RESULTS/latest.json"
cp "$RAW" "$RESULTS/$STAMP.wrk.txt"
echo "results: bench/results/latest.json (bench/results/$STAMP.json, raw wrk output in $STAMP.wrk.txt)"
exit 0
