#!/usr/bin/env bash
# scripts/bench.sh padding — what size padding (COF1 suite 2, FORMAT.md §6.2) costs through Coffre.put/get/stat:
# BENCH_RECORDS (3000) records of 1 to 8 KiB (lengths not declared) put, stat'ed and read back on BENCH_THREADS (4)
# threads, then BENCH_LARGE (3) objects of BENCH_LARGE_MIB (256) MiB put and read back, by a Coffre writing padded
# objects and one writing unpadded ones (same JVM, same registry and custody, two embedded filesystem stores),
# BENCH_REPS (5) repetitions alternating which goes first. Prints operations/s and MiB/s (median, min, max), the
# bytes each stored, and RATIO padded-vs-unpadded-{small-put,small-get,small-stat,large-put,large-get} and
# RATIO padded-vs-unpadded-stored-bytes-{small,large}.
# Environment: JAVA (java), COFFRE_IT_BASE (work directory parent, /tmp/coffre-it). Starts no server.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/bench/lib/common.sh
JAVA=${JAVA:-java}
WORK=${COFFRE_IT_BASE:-/tmp/coffre-it}/bench-padding
mkdir -p "$WORK"
trap 'rm -rf "$WORK"/padding-*' EXIT
bench_classpath core "$WORK/classpath.txt" core providers custody crypto api
echo "JDK: $("$JAVA" -version 2>&1 | head -1); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
"$JAVA" -Xmx1g -cp "$CP" fr.coffre.core.PaddingBench "$WORK" "${BENCH_RECORDS:-3000}" "${BENCH_THREADS:-4}" \
  "${BENCH_LARGE:-3}" "${BENCH_LARGE_MIB:-256}" "${BENCH_REPS:-5}"
