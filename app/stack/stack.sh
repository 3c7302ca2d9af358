#!/usr/bin/env bash
# stack.sh: the portal's local stack: an embedded PostgreSQL cluster,
# portald and nginx, started and stopped together.
#
#   stack.sh run                   make run: state in var/, port ${PORT:-8080},
#                                  in the foreground until Ctrl-C or SIGTERM;
#                                  reminds overdue funding reports at start
#                                  and every hour; seals the audit chains'
#                                  heads daily
#   stack.sh up DIR PORT [BUILD]   a throwaway stack under DIR in the
#                                  background (tests, bench); BUILD is a
#                                  build/ variant, opt by default
#   stack.sh down DIR              stops what up started
#   stack.sh restart DIR           a new portald for the stack up started,
#                                  then the old one stopped: no request lost
#                                  (docs/deploy.md, "Restarting portald")
#   stack.sh pg-stop DIR | pg-start DIR
#
# As root, PostgreSQL runs as the postgres user (initdb refuses root) and
# nginx's workers as www-data.  The cluster listens on a unix socket only.
# A checkout those users cannot reach (under a private home directory)
# works too: they run from /, and nginx serves a copy of public/.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
WEB_USER=www-data

is_root() { [ "$(id -u)" -eq 0 ]; }
say() { printf 'stack: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# Runs a command as the cluster's owner, from / (initdb and pg_ctl fail in
# a working directory they cannot read).
as_pg() {
  if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# Can USER reach PATH (every parent traversable)?
reachable() {
  local user=$1 path=$2
  if is_root; then runuser -u "$user" -- test -r "$path" -a -x "$path" 2>/dev/null
  else test -r "$path"; fi
}

# Sets the layout of a stack whose state lives in $1 (made absolute: the
# service users run from /).
layout() {
  RUN=$(cd "$1" && pwd)
  PGDATA=$RUN/pg/data
  PGSOCK=$RUN/pg/sock
  SOCKET=$RUN/run/portald.sock
  KEY_FILE=$RUN/secret.key
  PUBLIC=$ROOT/public
  [ -d "$RUN/public" ] && PUBLIC=$RUN/public
  OWNER_URL="host=$PGSOCK dbname=portal user=portal_owner"
  APP_URL="host=$PGSOCK dbname=portal user=portal_app"
}

# Creates the cluster, its roles and database, once.
pg_init() {
  local extra=$1
  [ -f "$PGDATA/PG_VERSION" ] && return 0
  say "creating the PostgreSQL cluster in $PGDATA"
  mkdir -p "$RUN/pg"
  is_root && chown postgres: "$RUN/pg"
  as_pg mkdir -p "$PGDATA" "$PGSOCK"
  as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=reject -N >/dev/null
  as_pg tee -a "$PGDATA/postgresql.conf" >/dev/null <<CONF
listen_addresses = ''
unix_socket_directories = '$PGSOCK'
unix_socket_permissions = 0700
max_connections = 200
shared_buffers = 128MB
log_min_messages = warning
log_line_prefix = '%m [%p] %q%u@%d '
$extra
CONF
  pg_start
  pg_roles
}

# Creates or updates the roles and the database; safe to run on every start,
# so a cluster made by an older checkout gets what this one expects.
pg_roles() {
  as_pg "$PGBIN/psql" -X -q -h "$PGSOCK" -U postgres -d postgres -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
SELECT 'CREATE ROLE portal_owner LOGIN'
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'portal_owner') \gexec
SELECT 'CREATE ROLE portal_app LOGIN'
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'portal_app') \gexec
-- The owner administers every location (portalctl): it bypasses the
-- row-level security that binds portal_app.
ALTER ROLE portal_owner BYPASSRLS;
ALTER ROLE portal_app NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
-- No request holds the database longer than this (docs/deploy.md); a role
-- setting, so only a role administrator makes it, here on every start.
ALTER ROLE portal_app SET statement_timeout = '5s';
SELECT 'CREATE DATABASE portal OWNER portal_owner'
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'portal') \gexec
\c portal
REVOKE ALL ON SCHEMA public FROM PUBLIC;
ALTER SCHEMA public OWNER TO portal_owner;
GRANT USAGE ON SCHEMA public TO portal_app;
SQL
}


pg_start() {
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$RUN/pg/server.log" -w -t 30 \
    start >/dev/null || { cat "$RUN/pg/server.log" >&2; die "PostgreSQL did not start"; }
}

pg_stop() {
  [ -f "$PGDATA/postmaster.pid" ] || return 0
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w -t 30 stop >/dev/null 2>&1 || true
}

migrate() {
  local build=$1
  PORTAL_ADMIN_DATABASE_URL=$OWNER_URL "$ROOT/build/$build/portalctl" migrate "$ROOT/sql" >/dev/null
  PORTAL_ADMIN_DATABASE_URL=$OWNER_URL "$ROOT/build/$build/portalctl" demo "$ROOT/sql/demo" >/dev/null
}

# nginx's workers (www-data, as root) serve public/ where it is unless a
# private parent directory hides it from them: then from a copy in the
# stack's state, made afresh at each start.
web_public() {
  rm -rf "$RUN/public"
  PUBLIC=$ROOT/public
  if is_root && ! reachable "$WEB_USER" "$ROOT/public"; then
    cp -r "$ROOT/public" "$RUN/public"
    PUBLIC=$RUN/public
  fi
}

render_nginx() {
  local port=$1 user=""
  mkdir -p "$RUN/nginx/tmp"
  if is_root; then
    user="user $WEB_USER;"
    chown "$WEB_USER" "$RUN/nginx/tmp"
  fi
  sed -e "s|@USER@|$user|" -e "s|@RUN@|$RUN|g" -e "s|@PORT@|$port|g" \
      -e "s|@SOCKET@|$SOCKET|g" -e "s|@PUBLIC@|$PUBLIC|g" \
      "$ROOT/nginx/local.conf.in" > "$RUN/nginx/nginx.conf"
}

# The socket file's inode, or nothing.
socket_id() { stat -c %i "$SOCKET" 2>/dev/null || true; }

# Starts portald in the background and waits until its socket is at
# $SOCKET (a new one replaces the old in one rename); sets PORTALD_PID.
# The stack's server key (PORTAL_SECRET_KEY_FILE) is made once, private to
# portald's user, and kept with the stack's state.  The sanitizer build
# gets its options here, its reports going to the portald log: leak checks
# in every worker as it exits (PORTAL_SANITIZE).
start_portald() {
  local port=$1 build=$2 group old
  mkdir -p "$RUN/run" "$RUN/log"
  chmod 755 "$RUN" "$RUN/run"
  [ -s "$KEY_FILE" ] || (umask 077 && head -c 48 /dev/urandom | base64 > "$KEY_FILE")
  group=$(id -gn)
  is_root && group=$WEB_USER
  old=$(socket_id)
  if [ "$build" = san ]; then
    export ASAN_OPTIONS=${PORTAL_ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:print_summary=1}
    export UBSAN_OPTIONS=${PORTAL_UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
    export LSAN_OPTIONS=${PORTAL_LSAN_OPTIONS:-suppressions=$ROOT/tests/lsan.supp:print_suppressions=0}
  fi
  PORTAL_DATABASE_URL=$APP_URL PORTAL_TEMPLATES=$ROOT/app/templates \
    PORTAL_LOCALE=$ROOT/build/locale \
    PORTAL_SITE_URL=${PORTAL_SITE_URL:-http://127.0.0.1:$port} \
    PORTAL_SECRET_KEY_FILE=$KEY_FILE \
    PORTAL_SOCKET=$SOCKET PORTAL_SOCKET_GROUP=$group \
    "$ROOT/build/$build/portald" >>"${PORTALD_LOG:-/dev/stderr}" 2>&1 &
  PORTALD_PID=$!
  for _ in $(seq 200); do
    [ -S "$SOCKET" ] && [ "$(socket_id)" != "$old" ] && return 0
    kill -0 "$PORTALD_PID" 2>/dev/null || break
    sleep 0.05
  done
  die "portald did not open $SOCKET"
}

# Starts portald and nginx in the background; sets PORTALD_PID, NGINX_PID.
start_web() {
  local port=$1 build=$2
  start_portald "$port" "$build"
  web_public
  render_nginx "$port"
  # Neither server keeps the caller's stdout or stderr (a pipe would not end).
  nginx -p "$RUN/nginx" -c "$RUN/nginx/nginx.conf" -e "$RUN/nginx/error.log" \
    >>"$RUN/nginx/error.log" 2>&1 &
  NGINX_PID=$!
  for _ in $(seq 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/livez" 2>/dev/null && return 0
    kill -0 "$NGINX_PID" 2>/dev/null || break
    sleep 0.05
  done
  cat "$RUN/nginx/error.log" >&2 2>/dev/null || true
  die "nginx did not answer on 127.0.0.1:$port"
}

stop_pid() {
  local pid=$1 sig=${2:-TERM}
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -"$sig" "$pid" 2>/dev/null || true
  for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

# Signs the audit chains' heads once a day (portalctl audit seal); now and
# then every hour writes the reminders for overdue funding reports and
# working-group actions (portalctl funding remind, actions remind), purges
# newsletter sign-ups never confirmed (newsletter purge) and finds the
# overlap pairs of initiatives loaded in bulk (overlaps refresh), as the
# systemd timers do in production; until TERM.  Started in the background,
# where SIGINT is ignored: Ctrl-C reaches cmd_run, whose trap sends TERM,
# and the trap below ends the sleep too, so no process is left behind.
remind_loop() {
  local build=$1 site=$2 sleeper= sealed= day
  trap - EXIT
  trap '[ -n "$sleeper" ] && kill "$sleeper" 2>/dev/null; exit 0' TERM
  while :; do
    # The audit chains' heads, signed once a New Zealand day (sql/023).
    day=$(TZ=Pacific/Auckland date +%F)
    if [ "$day" != "$sealed" ]; then
      if PORTAL_ADMIN_DATABASE_URL=$OWNER_URL PORTAL_SECRET_KEY_FILE=$KEY_FILE \
        "$ROOT/build/$build/portalctl" audit seal >/dev/null; then sealed=$day
      else say "audit seal failed or found a broken chain (portalctl audit verify)"; fi
    fi
    PORTAL_ADMIN_DATABASE_URL=$OWNER_URL PORTAL_SITE_URL=$site PORTAL_LOCALE=$ROOT/build/locale \
      "$ROOT/build/$build/portalctl" funding remind ||
      say "funding remind failed; trying again in an hour"
    PORTAL_ADMIN_DATABASE_URL=$OWNER_URL PORTAL_SITE_URL=$site PORTAL_LOCALE=$ROOT/build/locale \
      "$ROOT/build/$build/portalctl" actions remind >/dev/null ||
      say "actions remind failed; trying again in an hour"
    PORTAL_ADMIN_DATABASE_URL=$OWNER_URL "$ROOT/build/$build/portalctl" newsletter purge >/dev/null ||
      say "newsletter purge failed; trying again in an hour"
    PORTAL_ADMIN_DATABASE_URL=$OWNER_URL "$ROOT/build/$build/portalctl" overlaps refresh >/dev/null ||
      say "overlaps refresh failed; trying again in an hour"
    sleep 3600 &
    sleeper=$!
    wait "$sleeper" || true
  done
}

# make run: the state lives in var/ unless the service users cannot reach
# it (a checkout under a private home directory): then under /var/tmp.
cmd_run() {
  local port=${PORT:-8080} state=$ROOT/var
  mkdir -p "$state"
  if is_root && ! { reachable postgres "$state" && reachable "$WEB_USER" "$ROOT/public"; }; then
    state=/var/tmp/portal-$(printf '%s' "$ROOT" | md5sum | cut -c1-12)
    say "$ROOT is private to root; keeping the stack's state in $state"
    mkdir -p "$state"
  fi
  layout "$state"
  PORTALD_PID= NGINX_PID= REMIND_PID=
  trap 'trap - INT TERM EXIT; say "stopping"; stop_pid "$REMIND_PID"; stop_pid "$NGINX_PID" QUIT; stop_pid "$PORTALD_PID"; pg_stop; exit 0' INT TERM EXIT
  pg_init ""
  [ -f "$PGDATA/postmaster.pid" ] && pg_stop
  pg_start
  pg_roles
  migrate opt
  start_web "$port" opt
  remind_loop opt "${PORTAL_SITE_URL:-http://127.0.0.1:$port}" &
  REMIND_PID=$!
  printf '\nThe portal is running on http://127.0.0.1:%s/  (Ctrl-C stops it)\n\n' "$port"
  wait -n "$PORTALD_PID" "$NGINX_PID" || true
  say "a server stopped unexpectedly"
  exit 1
}

cmd_up() {
  local dir=$1 port=$2 build=${3:-opt}
  mkdir -p "$dir"
  chmod 755 "$dir"
  layout "$dir"
  # PORTAL_PG_EXTRA: more postgresql.conf lines for a throwaway cluster,
  # for example shared_preload_libraries = 'pg_stat_statements' to see
  # where a benchmark's database time goes (bench/README.md).
  pg_init "fsync = off
synchronous_commit = off
full_page_writes = off
${PORTAL_PG_EXTRA:-}"
  [ -f "$PGDATA/postmaster.pid" ] || { pg_start; pg_roles; }
  migrate "$build"
  PORTALD_LOG=$RUN/log/portald.log
  mkdir -p "$RUN/log"
  start_web "$port" "$build"
  write_env "$port" "$build"
}

write_env() {
  printf 'PORTALD_PID=%s\nNGINX_PID=%s\nPORT=%s\nPGSOCK=%s\nSOCKET=%s\nBUILD=%s\n' \
    "$PORTALD_PID" "$NGINX_PID" "$1" "$PGSOCK" "$SOCKET" "$2" > "$RUN/stack.env.tmp"
  mv "$RUN/stack.env.tmp" "$RUN/stack.env"
}

# The restart procedure without systemd's socket (docs/deploy.md): the new
# portald first, which takes over the socket's path; then SIGTERM to the
# old one, whose workers serve what is still queued on its socket and the
# requests in flight, then leave.
cmd_restart() {
  local dir=$1 old
  layout "$dir"
  # shellcheck disable=SC1091
  . "$RUN/stack.env"
  old=$PORTALD_PID
  PORTALD_LOG=$RUN/log/portald.log
  start_portald "$PORT" "${BUILD:-opt}"
  write_env "$PORT" "${BUILD:-opt}"
  stop_pid "$old"
}

cmd_down() {
  local dir=$1
  layout "$dir"
  if [ -f "$dir/stack.env" ]; then
    # shellcheck disable=SC1091
    . "$dir/stack.env"
    stop_pid "$NGINX_PID" QUIT
    stop_pid "$PORTALD_PID"
  fi
  pg_stop
}

case ${1:-} in
  run) cmd_run ;;
  up) [ $# -ge 3 ] || die "usage: stack.sh up DIR PORT [BUILD]"; cmd_up "$2" "$3" "${4:-opt}" ;;
  down) [ $# -eq 2 ] || die "usage: stack.sh down DIR"; cmd_down "$2" ;;
  restart) [ $# -eq 2 ] || die "usage: stack.sh restart DIR"; cmd_restart "$2" ;;
  pg-stop) layout "$2"; pg_stop ;;
  pg-start) layout "$2"; pg_start ;;
  *) die "usage: stack.sh run | up DIR PORT [BUILD] | down DIR | restart DIR | pg-stop DIR | pg-start DIR" ;;
esac
