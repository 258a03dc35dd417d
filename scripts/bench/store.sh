#!/usr/bin/env bash
# Store benchmark (scripts/bench.sh store): on the local Swift 2.30 S3 API (scripts/servers/swift.sh), Coffre's S3
# store (default driver) with COF1 encryption vs plaintext through the same driver, the AWS SDK v2 plaintext sync
# client as the reference driver, and rclone with a crypt remote, on the same data in one run:
# 100 MiB and 1 GiB objects and 1,000 objects of 64 KiB. Prints a table and RATIO lines.
#
# Environment: BENCH_SIZES_MIB (default 100,1024), BENCH_SMALL_COUNT (1000), BENCH_SMALL_BYTES (65536),
# BENCH_REPS (3), BENCH_PART_MIB (S3 part size, default 16), BENCH_DRIVER (MINIO|AWS_SDK|JCLOUDS; default: the default driver), JAVA (default java), COFFRE_IT_BASE.
set -euo pipefail
cd "$(dirname "$0")/../.."
export COFFRE_IT_BASE=${COFFRE_IT_BASE:-/tmp/coffre-it}
JAVA=${JAVA:-java}
WORK=$COFFRE_IT_BASE/bench-store
mkdir -p "$WORK"

scripts/servers/install.sh swift
command -v rclone >/dev/null || { export DEBIAN_FRONTEND=noninteractive; apt-get update -q >/dev/null; \
  apt-get install -y -q --no-install-recommends rclone >/dev/null; }
scripts/servers/swift.sh start

mvn -B -q -o -pl providers -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$WORK/classpath.txt" >/dev/null 2>&1 \
  || mvn -B -q -pl providers -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
       -Dmdep.outputFile="$WORK/classpath.txt"
CP="providers/target/test-classes:providers/target/classes:crypto/target/classes:$(cat "$WORK/classpath.txt")"

echo "JDK: $("$JAVA" -version 2>&1 | head -1); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%Y-%m-%dT%H:%MZ)"
exec env -u AWS_CA_BUNDLE "$JAVA" -Xmx512m ${BENCH_DRIVER:+-Dcoffre.bench.driver=$BENCH_DRIVER} -cp "$CP" fr.coffre.store.bench.StoreBench \
  "${BENCH_SIZES_MIB:-100,1024}" "${BENCH_SMALL_COUNT:-1000}" "${BENCH_SMALL_BYTES:-65536}" "${BENCH_REPS:-3}" \
  "$WORK" "${BENCH_PART_MIB:-16}"
