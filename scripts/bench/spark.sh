#!/usr/bin/env bash
# scripts/bench.sh spark — a real Spark job (local[2]) over a Coffre vault against the same job over the same records
# in plaintext through Hadoop's S3A connector, both on the Swift test server through its S3 API, one JVM, one Spark
# session (fr.coffre.hadoop.SparkBench, a hadoop test class): BENCH_OBSERVATIONS (400,000) synthetic FHIR
# Observations (and one Patient per 50) as NDJSON in BENCH_FILES (8) files per resource type; the job reads them,
# joins each observation to its patient's commune, counts per commune and month and writes the result back (encrypted
# on the Coffre side). S3A runs with its default input stream (hadoop-aws 3.5: the analytics accelerator, which
# caches what it read in memory) and, on a second bucket, with its classic stream (every read from the server).
# One warm-up job per side, then BENCH_REPS (5) interleaved repetitions; every result is checked.
# Prints a table (median, min, max seconds) and
#   RATIO spark-coffre-vs-plaintext                  S3A default-stream median job time / Coffre's (goal >= 0.8)
#   RATIO spark-coffre-vs-plaintext-classic-stream   S3A classic-stream median job time / Coffre's
# Environment: BENCH_OBSERVATIONS, BENCH_FILES, BENCH_REPS, BENCH_JAVA_OPTS (added to the JVM options, e.g. a JFR
# recording), JAVA (java), COFFRE_IT_BASE (/tmp/coffre-it).
# Starts Swift unless it is already up, and stops what it started. Smoke test: BENCH_OBSERVATIONS=20000 BENCH_REPS=1.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/bench/lib/common.sh
export COFFRE_IT_BASE=${COFFRE_IT_BASE:-/tmp/coffre-it}
JAVA=${JAVA:-java}
WORK=$COFFRE_IT_BASE/bench-spark
rm -rf "$WORK/keys" "$WORK/registry"
mkdir -p "$WORK"
trap 'rm -rf "$WORK/keys" "$WORK/registry"; stop_started' EXIT
scripts/servers/swift.sh install
start_server swift

bench_classpath hadoop "$WORK/classpath.txt" hadoop core providers custody crypto api
# the JVM options Spark needs on Java 17+: the failsafe argLine of hadoop/pom.xml, so the two never drift apart
opts=$(python3 -c 'import re,sys; print(" ".join(re.search(r"<argLine>(.*?)</argLine>", open(sys.argv[1]).read(), re.S).group(1).split()))' hadoop/pom.xml)
# the development keystore's password and the Swift test server's S3 credentials (test values, not secrets)
export COFFRE_KEYSTORE_PASSWORD=coffre-bench-spark COFFRE_S3_ACCESS_KEY=test:tester COFFRE_S3_SECRET_KEY=testing
echo "JDK: $("$JAVA" -version 2>&1 | head -1); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
# shellcheck disable=SC2086
"$JAVA" $opts ${BENCH_JAVA_OPTS:-} -Xmx3g -cp "$CP" fr.coffre.hadoop.SparkBench "$WORK" "${BENCH_OBSERVATIONS:-400000}" \
  "${BENCH_FILES:-8}" "${BENCH_REPS:-5}" 2> >(grep -v ' INFO \| WARN ' >&2)
