#!/usr/bin/env bash
# Azurite (Microsoft's Azure Blob emulator, from npm) on 127.0.0.1:10000, account devstoreaccount1 with the
# well-known emulator key.
#
#   scripts/servers/azurite.sh install   # node + npm (through install.sh), then azurite into $B/node_modules
#   scripts/servers/azurite.sh start     # fresh --location per run; no-op if already up
#   scripts/servers/azurite.sh stop      # stops what start started (saved PID) and deletes that run's data
#
# State: ${COFFRE_IT_BASE:-/tmp/coffre-it}/azurite/{node_modules,run-*,azurite.pid,azurite.log}
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
B=${COFFRE_IT_BASE:-/tmp/coffre-it}/azurite
AZURITE_VERSION=${AZURITE_VERSION:-3.37.0}
MAIN=$B/node_modules/azurite/dist/src/blob/main.js
URL=http://127.0.0.1:10000/devstoreaccount1

healthy() { # any HTTP answer from the blob service (an unauthenticated list gets 403) means it is up
  local code
  code=$(curl -s -m 2 -o /dev/null -w '%{http_code}' "$URL?comp=list" 2>/dev/null) || return 1
  [ "$code" != 000 ]
}

install_azurite() {
  command -v npm >/dev/null || "$HERE/install.sh" azurite
  if [ ! -f "$MAIN" ]; then
    mkdir -p "$B"
    echo "azurite: installing azurite@$AZURITE_VERSION with npm into $B"
    (cd "$B" && npm install --no-audit --no-fund --silent --prefix "$B" "azurite@$AZURITE_VERSION" >"$B/npm-install.log" 2>&1) \
      || { echo "azurite: npm install failed, see $B/npm-install.log" >&2; exit 1; }
  fi
}

start() {
  if healthy; then echo "azurite: already up on $URL"; return 0; fi
  install_azurite
  stop >/dev/null 2>&1 || true
  local data="$B/run-$(date +%Y%m%d%H%M%S)-$$"
  mkdir -p "$data"
  echo "$data" >"$B/location"
  # node itself in the background (not a subshell), so the saved PID is the server's
  node "$MAIN" --blobHost 127.0.0.1 --blobPort 10000 --location "$data" \
    --skipApiVersionCheck --loose --disableTelemetry --silent >"$B/azurite.log" 2>&1 &
  echo $! >"$B/azurite.pid"
  for _ in $(seq 1 300); do
    if healthy; then echo "azurite: up on $URL (data in $data)"; return 0; fi
    kill -0 "$(cat "$B/azurite.pid")" 2>/dev/null || break
    sleep 0.1
  done
  echo "azurite: NOT up; see $B/azurite.log" >&2
  tail -n 20 "$B/azurite.log" >&2 || true
  exit 1
}

stop() {
  if [ -f "$B/azurite.pid" ]; then
    local pid; pid=$(cat "$B/azurite.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$B/azurite.pid"
  fi
  if [ -f "$B/location" ]; then
    rm -rf "$(cat "$B/location")"
    rm -f "$B/location"
  fi
  echo "azurite: stopped"
}

case ${1:-} in
  install) install_azurite ;;
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
