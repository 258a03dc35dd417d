#!/usr/bin/env bash
# PostgreSQL (Debian's `postgresql`) on 127.0.0.1:55432 in a throwaway cluster, for the PostgreSQL key registry's
# integration tests: role `coffre` (password `coffre-test`, a test constant, not a secret) owning database `coffre`,
# scram-sha-256 over TCP only (no other listener; the Unix socket lives in the cluster's own directory).
#
#   scripts/servers/postgresql.sh install   # Debian postgresql (through install.sh) when missing
#   scripts/servers/postgresql.sh start     # fresh cluster (initdb) per run; no-op if already up
#   scripts/servers/postgresql.sh stop      # stops what start started (pg_ctl) and deletes that cluster
#
# As root, the cluster belongs to (and initdb/pg_ctl run as) the `postgres` user the Debian package creates.
# State: ${COFFRE_IT_BASE:-/tmp/coffre-it}/postgresql/{data,postgresql.log,pwfile}
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
B=${COFFRE_IT_BASE:-/tmp/coffre-it}/postgresql
PORT=${COFFRE_PG_PORT:-55432}
DATA=$B/data

bin() { # the newest installed server's binaries (Debian keeps them off PATH)
  local d; d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$d" ] && [ -x "$d/initdb" ] || return 1
  echo "$d"
}

as_owner() { # run a server command as the cluster's owner (initdb and postgres refuse to run as root)
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

healthy() {
  local b; b=$(bin) || return 1
  "$b/pg_isready" -q -h 127.0.0.1 -p "$PORT" -t 2 >/dev/null 2>&1
}

install_pg() {
  bin >/dev/null || "$HERE/install.sh" postgresql
  bin >/dev/null || { echo "postgresql: no server binaries under /usr/lib/postgresql after install" >&2; exit 1; }
}

start() {
  if healthy; then echo "postgresql: already up on 127.0.0.1:$PORT"; return 0; fi
  install_pg
  local b; b=$(bin)
  stop >/dev/null 2>&1 || true
  mkdir -p "$B"
  chmod 755 "$B"
  [ "$(id -u)" = 0 ] && chown postgres: "$B"
  # the superuser's password never leaves this directory; tests use the role `coffre`
  as_owner sh -c "umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >'$B/pwfile'"
  as_owner "$b/initdb" -D "$DATA" -U postgres --pwfile="$B/pwfile" --auth-local=scram-sha-256 \
    --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$B/initdb.log" 2>&1 \
    || { echo "postgresql: initdb failed, see $B/initdb.log" >&2; tail -n 20 "$B/initdb.log" >&2; exit 1; }
  as_owner "$b/pg_ctl" -D "$DATA" -l "$B/postgresql.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$B -c fsync=off -c max_connections=100" start \
    >/dev/null || { echo "postgresql: NOT up; see $B/postgresql.log" >&2; tail -n 20 "$B/postgresql.log" >&2; exit 1; }
  as_owner env PGPASSFILE=/dev/null PGPASSWORD="$(cat "$B/pwfile")" "$b/psql" -q -X -v ON_ERROR_STOP=1 \
    -h 127.0.0.1 -p "$PORT" -U postgres -d postgres >/dev/null <<'SQL'
CREATE ROLE coffre LOGIN PASSWORD 'coffre-test';
CREATE DATABASE coffre OWNER coffre;
SQL
  echo "postgresql: up on 127.0.0.1:$PORT (database coffre, role coffre; cluster in $DATA)"
}

stop() {
  local b
  if [ -f "$DATA/postmaster.pid" ] && b=$(bin); then
    as_owner "$b/pg_ctl" -D "$DATA" -m fast -w -t 30 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$DATA" "$B/pwfile"
  echo "postgresql: stopped"
}

case ${1:-} in
  install) install_pg ;;
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
