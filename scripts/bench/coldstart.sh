#!/usr/bin/env bash
# scripts/bench.sh coldstart — how fast the FIRST put and get of a fresh JVM are, against the same JVM once warm.
# Each run is a new JVM started with the `coffre` launcher's options (cli/src/main/launcher/jvm.options) on the
# embedded default (filesystem store, local keystore): build a Coffre, time the first Coffre.put of a BENCH_MIB file
# (declared length, like `coffre put`) and its first get, then BENCH_WARM more round trips (warm = their median).
# BENCH_RUNS fresh JVMs; the table gives median, min and max over them, and
#   RATIO coldstart-put-vs-warm <median cold put / median warm put>
#   RATIO coldstart-get-vs-warm <median cold get / median warm get>
# Environment: JAVA (java), BENCH_MIB (256), BENCH_RUNS (5), BENCH_WARM (4), BENCH_JAVA_OPTS (replaces the launcher's
# options, to compare), COFFRE_IT_BASE (work directory parent, /tmp/coffre-it). Starts no server.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/bench/lib/common.sh
JAVA=${JAVA:-java}
WORK=${COFFRE_IT_BASE:-/tmp/coffre-it}/bench-coldstart
mkdir -p "$WORK"
trap 'rm -rf "$WORK"/cold-*' EXIT
bench_classpath core "$WORK/classpath.txt" core providers custody crypto api
opts=${BENCH_JAVA_OPTS-$({ grep -v '^[[:space:]]*#' cli/src/main/launcher/jvm.options || true; } | tr '\n' ' ')}
mib=${BENCH_MIB:-256}
file="$WORK/plain-$mib.bin"
[ -f "$file" ] && [ "$(stat -c %s "$file")" = $((mib * 1048576)) ] || head -c $((mib * 1048576)) /dev/urandom >"$file"
echo "JDK: $("$JAVA" -version 2>&1 | head -1); JVM options: ${opts:-none}; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
results="$WORK/results.txt"
: >"$results"
for r in $(seq 1 "${BENCH_RUNS:-5}"); do
  # shellcheck disable=SC2086
  line=$("$JAVA" $opts -cp "$CP" fr.coffre.core.bench.ColdStartBench "$file" "$WORK" "${BENCH_WARM:-4}" | grep '^COLD ')
  echo "  run $r: $line" >&2
  echo "$line" >>"$results"
done
python3 - "$results" "$mib" <<'PY'
import statistics, sys
rows = [list(map(float, l.split()[1:])) for l in open(sys.argv[1]) if l.startswith("COLD ")]
cols = ["startup (ms, JVM start to Coffre built)", "cold put MiB/s", "cold get MiB/s", "warm put MiB/s", "warm get MiB/s"]
print(f"Cold start, {sys.argv[2]} MiB file, {len(rows)} fresh JVMs: median (min-max)")
for i, c in enumerate(cols):
    v = [r[i] for r in rows]
    print(f"  {c:42s} {statistics.median(v):8.1f} ({min(v):.1f}-{max(v):.1f})")
med = [statistics.median(r[i] for r in rows) for i in range(5)]
print(f"RATIO coldstart-put-vs-warm {med[1] / med[3]:.3f}")
print(f"RATIO coldstart-get-vs-warm {med[2] / med[4]:.3f}")
PY
