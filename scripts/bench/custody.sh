#!/usr/bin/env bash
# Custody benchmark. Starts (idempotently) the SoftHSM token and the PyKMIP server of scripts/servers, then runs
# fr.coffre.custody.CustodyBench: protect/unprotect of 32-byte data keys per second for keystore, PKCS#11 (SoftHSM)
# and KMIP (PyKMIP, both modes) custody, in one JVM, and prints RATIO lines against the keystore custody.
# Usage: scripts/bench.sh custody [secondsPerMeasure]
set -euo pipefail
cd "$(dirname "$0")/../.."
export COFFRE_IT_BASE=${COFFRE_IT_BASE:-/tmp/coffre-it}
scripts/servers/install.sh softhsm kmip
scripts/servers/softhsm.sh start >/dev/null
started_kmip=
if ! scripts/servers/kmip.sh start | grep -q "already up"; then started_kmip=1; fi
trap '[ -n "$started_kmip" ] && scripts/servers/kmip.sh stop' EXIT
export SOFTHSM2_CONF=$COFFRE_IT_BASE/softhsm/softhsm2.conf
echo "JDK: $(java -version 2>&1 | head -1); $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
mvn -B -q -o -pl crypto test-compile exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=fr.coffre.custody.CustodyBench -Dexec.args="${1:-3}" -Dcoffre.it.base="$COFFRE_IT_BASE"
