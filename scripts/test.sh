#!/usr/bin/env bash
# The test command (README.md): installs (apt/npm, when missing) and starts every real server the integration
# tests need on 127.0.0.1, runs `mvn -B verify`, stops the servers it started, exits with the build's status.
# Extra arguments go to Maven (e.g. scripts/test.sh -pl crypto).
set -uo pipefail
cd "$(dirname "$0")/.."
export COFFRE_IT_BASE=${COFFRE_IT_BASE:-/tmp/coffre-it}
mkdir -p "$COFFRE_IT_BASE"

# Every scripts/servers/<name>.sh understands: install | start | stop. Order matters only for speed, except that
# keystone (which also starts a Keystone-authenticated Swift proxy on the storage servers of swift) follows swift.
SERVERS=()
for s in swift keystone azurite softhsm kmip postgresql; do [ -x "scripts/servers/$s.sh" ] && SERVERS+=("$s"); done

started=()
cleanup() {
  for s in "${started[@]}"; do "scripts/servers/$s.sh" stop || true; done
}
trap cleanup EXIT

scripts/servers/install.sh "${SERVERS[@]}" || { echo "test.sh: installing server packages failed" >&2; exit 1; }
for s in "${SERVERS[@]}"; do
  if out=$("scripts/servers/$s.sh" start 2>&1); then
    echo "$out"
    # a server that was already up belongs to someone else: leave it running
    grep -q "already up" <<<"$out" || started+=("$s")
  else
    echo "$out" >&2
    echo "test.sh: server '$s' did not start; see $COFFRE_IT_BASE/$s" >&2
    exit 1
  fi
done

mvn -B verify "$@"
status=$?
exit $status
