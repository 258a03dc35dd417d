#!/usr/bin/env bash
# scripts/bench.sh crypto — COF1 encrypt/decrypt throughput of a 256 MiB stream against raw JDK AES-GCM over the same
# segments (same JVM run), then a 4 GiB encrypt+decrypt stream under -Xmx64m. Prints a table and
#   RATIO crypto-encrypt <coffre/baseline>
#   RATIO crypto-decrypt <coffre/baseline>
# Options via environment: JAVA (java), BENCH_MIB (256), BENCH_RUNS (11), BENCH_SEGMENTS_KIB ("64 16 256 1024"), BENCH_STREAM_GIB (4).
set -euo pipefail
cd "$(dirname "$0")/../.."
cpfile=crypto/target/bench.classpath
echo "building crypto (main + test classes)..." >&2
mvn_args=(-B -q -pl crypto -am -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
  -Dmdep.includeScope=test)
mvn -o "${mvn_args[@]}" >/dev/null 2>&1 || mvn "${mvn_args[@]}"
cp="crypto/target/classes:crypto/target/test-classes:api/target/classes:$(cat "$cpfile")"
echo "JDK: $("${JAVA:-java}" -version 2>&1 | head -1); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(date -u +%FT%TZ)"
# shellcheck disable=SC2086
"${JAVA:-java}" -Xms1g -Xmx1g -cp "$cp" fr.coffre.crypto.bench.CryptoBench throughput "${BENCH_MIB:-256}" "${BENCH_RUNS:-11}" \
  ${BENCH_SEGMENTS_KIB:-64 16 256 1024}
"${JAVA:-java}" -Xmx64m -cp "$cp" fr.coffre.crypto.bench.StreamBench "${BENCH_STREAM_GIB:-4}"
