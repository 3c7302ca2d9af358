#!/usr/bin/env bash
# tests/cluster/run.sh: the portal on several hosts, made on this machine.
#
#   run.sh              the cluster test (make test-cluster; make test runs
#                       it when the machine allows network namespaces)
#   run.sh can          exits 0 when this machine allows them
#   run.sh kill NAME    (for cluster.test.mjs, with CLUSTER_DIR set) ends
#                       every process of application host NAME (a1, a2) at
#                       once, as a host that dies does
#   run.sh start NAME   starts that host's portald and nginx again
#   run.sh replica-stop | replica-start
#                       stops the replica at once (as a crash does), or
#                       starts it again
#
# Two application hosts, each in a network namespace of its own joined to
# this one by a veth pair on a private /30, each running its own portald on
# a unix socket and its own nginx: FastCGI, which has no authentication,
# never leaves a host; only HTTP crosses the network.  PostgreSQL (the
# stack of app/stack/stack.sh) listens on this side of each pair and takes
# the application role with a password (SCRAM); a streaming replica of it
# (pg_basebackup, a replication slot) listens beside it on port 5433, and
# the hosts read anonymous public pages from it (PORTAL_REPLICA_URL,
# db/replica.h).  A front nginx here
# balances over the two hosts (tests/cluster/front.conf.in).  Everything is
# removed again on exit, whatever happened.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HOSTS=(a1 a2)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
say() { printf 'cluster: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

can() {
  local probe=pcprobe$$
  [ "$(id -u)" -eq 0 ] && ip netns add "$probe" 2>/dev/null && ip netns del "$probe"
}

# The addresses of host $1 (index 0, 1, ...): this side and the host's.
side_ip() { echo "$NET.$(($1 * 4 + 1))"; }
host_ip() { echo "$NET.$(($1 * 4 + 2))"; }
host_index() { local i; for i in "${!HOSTS[@]}"; do [ "${HOSTS[$i]}" = "$1" ] && { echo "$i"; return; }; done; die "no host $1"; }

# A namespace with one veth pair to this side.
make_netns() {
  local i=$1 ns=$ID-${HOSTS[$1]} link=$ID${HOSTS[$1]}
  ip netns add "$ns"
  ip link add "$link" type veth peer name "${link}p"
  ip link set "${link}p" netns "$ns"
  ip addr add "$(side_ip "$i")/30" dev "$link"
  ip link set "$link" up
  ip -n "$ns" link set lo up
  ip -n "$ns" link set "${link}p" name eth0
  ip -n "$ns" addr add "$(host_ip "$i")/30" dev eth0
  ip -n "$ns" link set eth0 up
}

# PostgreSQL takes portal_app over the pairs, with a password.
open_database() {
  local listen="" i
  for i in "${!HOSTS[@]}"; do listen+="${listen:+,}$(side_ip "$i")"; done
  runuser -u postgres -- tee -a "$PGDATA/postgresql.conf" >/dev/null <<<"listen_addresses = '$listen'"
  runuser -u postgres -- tee -a "$PGDATA/pg_hba.conf" >/dev/null \
    <<<"host portal portal_app $NET.0/24 scram-sha-256"
  (cd / && runuser -u postgres -- "$PGBIN/psql" -X -q -h "$PGSOCK" -U postgres -d postgres \
    -v ON_ERROR_STOP=1 -v pw="$PASSWORD" >/dev/null) <<<"ALTER ROLE portal_app PASSWORD :'pw';"
  bash "$ROOT/app/stack/stack.sh" pg-stop "$DIR/stack"
  bash "$ROOT/app/stack/stack.sh" pg-start "$DIR/stack"
}

# A streaming replica of the primary, from a base backup through a slot;
# the same addresses as the primary, port 5433, its own socket directory.
make_replica() {
  local rep=$DIR/replica
  mkdir -p "$rep"
  chown postgres: "$rep"
  (cd / && runuser -u postgres -- "$PGBIN/psql" -X -q -h "$PGSOCK" -U postgres -d postgres \
    -c "SELECT pg_create_physical_replication_slot('portal_replica')" >/dev/null)
  (cd / && runuser -u postgres -- "$PGBIN/pg_basebackup" -h "$PGSOCK" -U postgres -D "$rep/data" \
    -S portal_replica -R -X stream)
  runuser -u postgres -- mkdir -p "$rep/sock"
  runuser -u postgres -- tee -a "$rep/data/postgresql.conf" >/dev/null <<CONF
port = 5433
unix_socket_directories = '$rep/sock'
hot_standby = on
CONF
  replica_start
}

replica_start() {
  (cd / && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$DIR/replica/data" \
    -l "$DIR/replica/server.log" -w -t 30 start >/dev/null) ||
    { cat "$DIR/replica/server.log" >&2; die "the replica did not start"; }
}

replica_stop() {
  (cd / && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$DIR/replica/data" \
    -m immediate -w -t 30 stop >/dev/null 2>&1) || true
}

# portald and nginx of host $1, in its namespace; the host's nginx is the
# local stack's configuration listening on the host's address, taking the
# client's address from the front (realip).
start_host() {
  local name=$1 i run ns url
  i=$(host_index "$name")
  run=$DIR/$name ns=$ID-$name
  mkdir -p "$run/run" "$run/log" "$run/nginx/tmp"
  chmod 755 "$run" "$run/run"
  chown www-data "$run/nginx/tmp"
  url="host=$(side_ip "$i") dbname=portal user=portal_app password=$PASSWORD connect_timeout=2"
  ip netns exec "$ns" env PORTAL_DATABASE_URL="$url" PORTAL_REPLICA_URL="$url port=5433" \
    PORTAL_TEMPLATES="$ROOT/app/templates" PORTAL_LOCALE="$ROOT/build/locale" \
    PORTAL_SITE_URL="http://127.0.0.1:$PORT" PORTAL_SECRET_KEY_FILE="$DIR/stack/secret.key" \
    PORTAL_SOCKET="$run/run/portald.sock" PORTAL_SOCKET_GROUP=www-data \
    "$ROOT/build/opt/portald" >>"$run/log/portald.log" 2>&1 &
  disown
  for _ in $(seq 100); do [ -S "$run/run/portald.sock" ] && break; sleep 0.05; done
  sed -e "s|@USER@|user www-data;|" -e "s|@RUN@|$run|g" -e "s|@SOCKET@|$run/run/portald.sock|g" \
      -e "s|@PUBLIC@|$PUBLIC|g" \
      -e "s|listen 127.0.0.1:@PORT@;|listen $(host_ip "$i"):8080; set_real_ip_from $NET.0/24; real_ip_header X-Forwarded-For;|" \
      "$ROOT/nginx/local.conf.in" > "$run/nginx/nginx.conf"
  ip netns exec "$ns" nginx -p "$run/nginx" -c "$run/nginx/nginx.conf" \
    -e "$run/nginx/error.log" >>"$run/nginx/error.log" 2>&1 &
  disown
  for _ in $(seq 100); do
    curl -fsS -o /dev/null "http://$(host_ip "$i"):8080/livez" 2>/dev/null && return 0
    sleep 0.1
  done
  cat "$run/nginx/error.log" "$run/log/portald.log" >&2 || true
  die "host $name did not answer"
}

kill_host() {
  local pids
  pids=$(ip netns pids "$ID-$1" 2>/dev/null || true)
  [ -n "$pids" ] && kill -KILL $pids 2>/dev/null || true
  rm -f "$DIR/$1/run/portald.sock"
}

start_front() {
  local upstream=() i
  for i in "${!HOSTS[@]}"; do upstream+=("$(host_ip "$i"):8080"); done
  mkdir -p "$DIR/front/tmp"
  chown www-data "$DIR/front/tmp"
  sed -e "s|@USER@|user www-data;|" -e "s|@RUN@|$DIR|g" -e "s|@PORT@|$PORT|g" \
      -e "s|@APP1@|${upstream[0]}|" -e "s|@APP2@|${upstream[1]}|" \
      "$ROOT/tests/cluster/front.conf.in" > "$DIR/front/nginx.conf"
  nginx -p "$DIR/front" -c "$DIR/front/nginx.conf" -e "$DIR/front/error.log" \
    >>"$DIR/front/error.log" 2>&1 &
  FRONT_PID=$!
  for _ in $(seq 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/livez" 2>/dev/null && return 0
    sleep 0.1
  done
  die "the front did not answer"
}

load_env() {
  [ -n "${CLUSTER_DIR:-}" ] || die "CLUSTER_DIR is not set"
  # shellcheck disable=SC1091
  . "$CLUSTER_DIR/cluster.env"
}

cleanup() {
  local name
  set +e
  [ -n "${FRONT_PID:-}" ] && kill -QUIT "$FRONT_PID" 2>/dev/null
  for name in "${HOSTS[@]}"; do
    kill_host "$name"
    ip netns del "$ID-$name" 2>/dev/null
  done
  [ -d "$DIR/replica/data" ] && replica_stop
  bash "$ROOT/app/stack/stack.sh" down "$DIR/stack" >/dev/null 2>&1
  wait 2>/dev/null
  rm -rf "$DIR"
}

main() {
  local rc=0 name i
  can || die "this machine does not allow network namespaces (root and ip netns needed)"
  [ -x "$ROOT/build/opt/portald" ] || die "build first (make build)"
  ID=pc$$ NET=10.231.$((RANDOM % 200 + 20))
  DIR=$(mktemp -d /tmp/portal-cluster.XXXXXX)
  chmod 755 "$DIR"
  PASSWORD=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
  PORT=$(free_port)
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  for i in "${!HOSTS[@]}"; do make_netns "$i"; done
  bash "$ROOT/app/stack/stack.sh" up "$DIR/stack" "$(free_port)" opt </dev/null >"$DIR/stack.log" 2>&1 ||
    { cat "$DIR/stack.log" >&2; die "the database's stack did not start"; }
  PGDATA=$DIR/stack/pg/data PGSOCK=$DIR/stack/pg/sock
  PUBLIC=$ROOT/public
  [ -d "$DIR/stack/public" ] && PUBLIC=$DIR/stack/public
  open_database
  make_replica
  (umask 077 && printf 'ID=%s\nNET=%s\nDIR=%s\nPASSWORD=%s\nPORT=%s\nPUBLIC=%s\n' \
    "$ID" "$NET" "$DIR" "$PASSWORD" "$PORT" "$PUBLIC" > "$DIR/cluster.env")
  for name in "${HOSTS[@]}"; do start_host "$name"; done
  start_front
  say "front on 127.0.0.1:$PORT; hosts ${HOSTS[*]} on $NET.0/24"
  CLUSTER_DIR=$DIR CLUSTER_BASE=http://127.0.0.1:$PORT CLUSTER_CTL=$ROOT/tests/cluster/run.sh \
    node --test --test-reporter=spec "${CLUSTER_TESTS:-$ROOT/tests/cluster/cluster.test.mjs}" || rc=$?
  return "$rc"
}

case ${1:-} in
  can) can ;;
  kill) load_env; kill_host "$2" ;;
  start) load_env; start_host "$2" ;;
  replica-stop) load_env; replica_stop ;;
  replica-start) load_env; replica_start ;;
  "") main ;;
  *) die "usage: run.sh [can | kill NAME | start NAME | replica-stop | replica-start]" ;;
esac
