#!/usr/bin/env bash
# scripts/bench.sh audit — what the audit trail costs small records: BENCH_RECORDS (5000) records of BENCH_BYTES
# (4096) put then read back through Coffre on BENCH_THREADS (4) threads, with the trail under the default
# durability (bounded, 10 ms), without it (a package-private benchmark switch), and with per-record durability
# (every append awaits its fsync), same JVM, same store (embedded filesystem store, local keystore),
# BENCH_REPS (5) interleaved repetitions (the order of the three modes rotating). Prints records/s (median, min, max) and
#   RATIO audit-on-vs-off-put, RATIO audit-on-vs-off-get, RATIO audit-on-vs-off (harmonic mean of put and get)
#   RATIO audit-per-record-vs-off-put, -get, and RATIO audit-per-record-vs-off
# Environment: JAVA (java), COFFRE_IT_BASE (work directory parent, /tmp/coffre-it). Starts no server.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/bench/lib/common.sh
JAVA=${JAVA:-java}
WORK=${COFFRE_IT_BASE:-/tmp/coffre-it}/bench-audit
mkdir -p "$WORK"
trap 'rm -rf "$WORK"/audit-*' EXIT
bench_classpath core "$WORK/classpath.txt" core providers custody crypto api
echo "JDK: $("$JAVA" -version 2>&1 | head -1); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ); file system of the work directory: $(df -T "$WORK" | awk 'NR==2 {print $2}')"
"$JAVA" -Xmx1g -cp "$CP" fr.coffre.core.AuditBench "$WORK" "${BENCH_RECORDS:-5000}" "${BENCH_BYTES:-4096}" \
  "${BENCH_THREADS:-4}" "${BENCH_REPS:-5}"
