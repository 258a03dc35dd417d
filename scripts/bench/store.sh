#!/usr/bin/env bash
# Store benchmark (scripts/bench.sh store): on the local Swift 2.30 S3 API (scripts/servers/swift.sh), Coffre's S3
# store (default driver) with COF1 encryption vs plaintext through the same driver, the AWS SDK v2 plaintext sync
# client as the reference driver (as shipped, and with UNSIGNED-PAYLOAD), and rclone with a crypt remote, on the
# same data in one run: 100 MiB and 1 GiB objects and 1,000 objects of 64 KiB, contenders in an order rotated each
# repetition, the server left to write back (sync, 3 s) before each get phase. Prints a table and RATIO lines.
#
# Environment: BENCH_SIZES_MIB (default 100,1024), BENCH_SMALL_COUNT (1000; 0 skips the small objects),
# BENCH_SMALL_BYTES (65536), BENCH_REPS (5: each contender of a large-object phase then runs once in each
# position), BENCH_PART_MIB (S3 part size, default 16), BENCH_DRIVER (AWS_SDK|MINIO|JCLOUDS; default: the default
# driver), BENCH_RCLONE (true; false skips rclone), JAVA (default java), COFFRE_IT_BASE.
#
# BENCH_LARGE=1 runs the large-object round trip instead: one ENCRYPTED object of BENCH_LARGE_MIB (default 2048)
# through the Coffre facade on each real backend (BENCH_LARGE_BACKENDS, default SWIFT,S3,AZURE: Swift native, S3
# through the default driver, Azure on Azurite) in a JVM with a 256 MiB heap, with a declared length (streamed single
# PUTs) and without (multipart, SLO segments, blocks): BENCH_LARGE_LENGTHS=both|known|unknown. Exits non-zero if a
# round trip fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/bench/lib/common.sh
export COFFRE_IT_BASE=${COFFRE_IT_BASE:-/tmp/coffre-it}
JAVA=${JAVA:-java}
WORK=$COFFRE_IT_BASE/bench-store
mkdir -p "$WORK"
large=${BENCH_LARGE:-0}
trap stop_started EXIT
# the benchmarks are core test classes (they reach the stores and COF1 through the modules core depends on)
module=core

if [ "$large" = 1 ]; then
  scripts/servers/install.sh swift azurite
  start_server azurite
else
  scripts/servers/install.sh swift
  command -v rclone >/dev/null || { export DEBIAN_FRONTEND=noninteractive; apt-get update -q >/dev/null; \
    apt-get install -y -q --no-install-recommends rclone >/dev/null; }
fi
start_server swift

bench_classpath "$module" "$WORK/classpath-$module.txt" core providers custody crypto api

echo "JDK: $("$JAVA" -version 2>&1 | head -1); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
if [ "$large" = 1 ]; then
  env -u AWS_CA_BUNDLE "$JAVA" -Xmx256m -cp "$CP" fr.coffre.core.bench.LargeObjectBench \
    "${BENCH_LARGE_MIB:-2048}" "${BENCH_LARGE_BACKENDS:-SWIFT,S3,AZURE}" "$WORK" "${BENCH_LARGE_LENGTHS:-both}"
  exit $?
fi
env -u AWS_CA_BUNDLE "$JAVA" -Xmx"${BENCH_HEAP:-3g}" ${BENCH_DRIVER:+-Dcoffre.bench.driver=$BENCH_DRIVER} \
  -Dcoffre.bench.rclone="${BENCH_RCLONE:-true}" -cp "$CP" fr.coffre.store.bench.StoreBench \
  "${BENCH_SIZES_MIB:-100,1024}" "${BENCH_SMALL_COUNT:-1000}" "${BENCH_SMALL_BYTES:-65536}" "${BENCH_REPS:-5}" \
  "$WORK" "${BENCH_PART_MIB:-16}"
