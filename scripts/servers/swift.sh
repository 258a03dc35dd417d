#!/usr/bin/env bash
# OpenStack Swift 2.30 (Debian packages) on 127.0.0.1:8080: one proxy speaking both the Swift API (tempauth) and
# the S3 API (s3api middleware), as OVHcloud Object Storage does. Single node, one replica, plain directories.
#
#   scripts/servers/swift.sh install   # Debian packages (through install.sh)
#   scripts/servers/swift.sh start     # fresh config + rings + data, memcached + 4 servers; no-op if already up
#   scripts/servers/swift.sh stop      # stops what start started (saved PIDs)
#
# Swift API: auth http://127.0.0.1:8080/auth/v1.0, user test:tester, key testing
# S3 API:    endpoint http://127.0.0.1:8080, access key test:tester, secret testing, region us-east-1, path-style
# State: ${COFFRE_IT_BASE:-/tmp/coffre-it}/swift/{etc,srv,run,log,cache}
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
B=${COFFRE_IT_BASE:-/tmp/coffre-it}/swift
PROXY=http://127.0.0.1:8080
SERVERS=(account:6202 container:6201 object:6200 proxy:8080)

healthy() {
  local s
  for s in "${SERVERS[@]}"; do
    curl -sf -m 2 "http://127.0.0.1:${s##*:}/healthcheck" >/dev/null || return 1
  done
  # tempauth answers 503 without memcached: check that a token can really be obtained
  curl -sf -m 5 -o /dev/null -H 'X-Auth-User: test:tester' -H 'X-Auth-Key: testing' "$PROXY/auth/v1.0"
}

setup() {
  rm -rf "$B/etc" "$B/srv" "$B/log" "$B/cache"
  mkdir -p "$B/etc" "$B/srv/node/d1" "$B/run" "$B/log" "$B/cache"
  cat > "$B/etc/swift.conf" <<'C'
[swift-hash]
swift_hash_path_suffix = coffre_it_suffix
swift_hash_path_prefix = coffre_it_prefix
[storage-policy:0]
name = Policy-0
default = yes
[swift-constraints]
C
  local s name port
  for s in "${SERVERS[@]}"; do
    name=${s%%:*}; port=${s##*:}
    cat > "$B/etc/$name-server.conf" <<C
[DEFAULT]
swift_dir = $B/etc
devices = $B/srv/node
mount_check = false
disable_fallocate = true
bind_ip = 127.0.0.1
bind_port = $port
workers = 0
user = $(id -un)
log_name = $name
log_level = INFO
C
  done
  for name in account container object; do
    cat >> "$B/etc/$name-server.conf" <<C
[pipeline:main]
pipeline = healthcheck recon $name-server
[app:$name-server]
use = egg:swift#$name
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:recon]
use = egg:swift#recon
recon_cache_path = $B/cache
C
  done
  cat >> "$B/etc/proxy-server.conf" <<'C'
[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk tempurl ratelimit s3api tempauth copy container-quotas account-quotas slo dlo versioned_writes symlink proxy-logging proxy-server
[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
allow_account_management = true
[filter:tempauth]
use = egg:swift#tempauth
user_admin_admin = admin .admin .reseller_admin
user_test_tester = testing .admin
[filter:s3api]
use = egg:swift#s3api
location = us-east-1
[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:11211
[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:bulk]
use = egg:swift#bulk
[filter:tempurl]
use = egg:swift#tempurl
[filter:ratelimit]
use = egg:swift#ratelimit
[filter:copy]
use = egg:swift#copy
[filter:container-quotas]
use = egg:swift#container_quotas
[filter:account-quotas]
use = egg:swift#account_quotas
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
[filter:versioned_writes]
use = egg:swift#versioned_writes
[filter:symlink]
use = egg:swift#symlink
C
  (
    cd "$B/etc"
    for s in account:6202 container:6201 object:6200; do
      name=${s%%:*}; port=${s##*:}
      swift-ring-builder "$name.builder" create 10 1 1 >/dev/null
      swift-ring-builder "$name.builder" add "r1z1-127.0.0.1:$port/d1" 1 >/dev/null
      swift-ring-builder "$name.builder" rebalance >/dev/null || true   # exit 1 = "balanced with warnings"
    done
  )
}

start_bg() { # name, command...: starts in the background, saves the PID of the process itself (no subshell)
  local name=$1; shift
  "$@" >"$B/log/$name.log" 2>&1 &
  echo $! >"$B/run/$name.pid"
}

start() {
  if healthy; then echo "swift: already up on $PROXY"; return 0; fi
  command -v swift-proxy-server >/dev/null || { echo "swift: not installed; run scripts/servers/swift.sh install" >&2; exit 1; }
  stop >/dev/null 2>&1 || true
  setup
  if (exec 3<>/dev/tcp/127.0.0.1/11211) 2>/dev/null; then
    echo "swift: reusing the memcached already listening on 127.0.0.1:11211"
  else
    start_bg memcached memcached -l 127.0.0.1 -p 11211 -U 0 -u "$(id -un)" -m 64
  fi
  local s
  for s in "${SERVERS[@]}"; do
    start_bg "${s%%:*}" "swift-${s%%:*}-server" "$B/etc/${s%%:*}-server.conf" -v
  done
  for _ in $(seq 1 300); do
    if healthy; then echo "swift: up on $PROXY (state in $B)"; return 0; fi
    sleep 0.1
  done
  echo "swift: NOT up after 30 s; logs in $B/log" >&2
  tail -n 5 "$B"/log/*.log >&2 || true
  exit 1
}

stop() {
  local name pid
  for name in proxy object container account memcached; do
    [ -f "$B/run/$name.pid" ] || continue
    pid=$(cat "$B/run/$name.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$B/run/$name.pid"
  done
  echo "swift: stopped"
}

case ${1:-} in
  install) "$HERE/install.sh" swift ;;
  start) mkdir -p "$B"; start ;;
  stop) stop ;;
  *) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
