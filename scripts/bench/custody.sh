#!/usr/bin/env bash
# scripts/bench.sh custody — custody cost, all in one JVM run per part, baselines measured in the same run:
#  1. fr.coffre.core.bench.CustodyRecordBench: 4 KiB records written then read back per second through Coffre with
#     keystore, PKCS#11 (SoftHSM) and KMIP (PyKMIP, both modes) custody vs plaintext on the same kind of store;
#     data-key cache on (production default) and off.   RATIO custody-records-<custody>-vs-keystore <x>
#  2. fr.coffre.custody.CustodyBench: protect/unprotect of one data key per second straight on each custodian.
#                                                         RATIO custody-unprotect-<custody>-<n>t <x/keystore>
# Starts (idempotently) the SoftHSM token and the PyKMIP server of scripts/servers; stops PyKMIP if it started it.
# Options via environment: JAVA (java), BENCH_RECORDS (2000), BENCH_SUBJECTS (50), BENCH_ROUNDS (7),
# BENCH_UNCACHED_RECORDS (100), BENCH_STORE (memory|filesystem), BENCH_SECONDS (3, per custodian measure of part 2).
set -euo pipefail
cd "$(dirname "$0")/../.."
export COFFRE_IT_BASE=${COFFRE_IT_BASE:-/tmp/coffre-it}
scripts/servers/install.sh softhsm kmip
scripts/servers/softhsm.sh start >/dev/null
started_kmip=
if ! scripts/servers/kmip.sh start | grep -q "already up"; then started_kmip=1; fi
trap '[ -n "$started_kmip" ] && scripts/servers/kmip.sh stop' EXIT
export SOFTHSM2_CONF=$COFFRE_IT_BASE/softhsm/softhsm2.conf

module=core
echo "building $module and what it needs (main + test classes)..." >&2
mvn_args=(-B -q -pl "$module" -am -DskipTests test-compile dependency:build-classpath
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test)
mvn -o "${mvn_args[@]}" >/dev/null 2>&1 || mvn "${mvn_args[@]}"
cp=""
for m in core providers custody crypto api; do cp="$cp${cp:+:}$m/target/classes:$m/target/test-classes"; done
cp="$cp:$(cat "$module/target/bench.classpath")"
JAVA=${JAVA:-java}
echo "JDK: $("$JAVA" -version 2>&1 | head -1); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores; $(date -u +%FT%TZ)"
props=(-Dcoffre.it.base="$COFFRE_IT_BASE" -Xmx1g)
if [ "$module" = core ]; then
  echo; echo "== 4 KiB records through Coffre, per custody =="
  "$JAVA" "${props[@]}" -cp "$cp" fr.coffre.core.bench.CustodyRecordBench "${BENCH_RECORDS:-2000}" \
    "${BENCH_SUBJECTS:-50}" "${BENCH_ROUNDS:-7}" "${BENCH_UNCACHED_RECORDS:-100}" "${BENCH_STORE:-memory}"
fi
echo; echo "== protect/unprotect of one data key, straight on each custodian (no cache) =="
"$JAVA" "${props[@]}" -cp "$cp" fr.coffre.custody.CustodyBench "${BENCH_SECONDS:-3}"
