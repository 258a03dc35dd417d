#!/usr/bin/env bash
# scripts/bench.sh migrate — leaving a provider: Coffre's `coffre migrate` (and migrate + `coffre verify`) against
# `rclone copy` (and `rclone copy` + `rclone check --download`) of the same ciphertext objects between the same two
# local servers, Swift (native API) to Azurite, through each tool's command line (fresh process, as users run them).
#
# Data: BENCH_OBJECTS files (default 10,000) written once into a Coffre vault on Swift with `coffre put -r`: 99 % of
# 1-64 KiB records, 1 % of 1-8 MiB files, and one object of BENCH_HUGE_MIB (default 600; over Azure's and Swift's
# single-request sizes used here, so multipart/blocks/segments). Each repetition (BENCH_REPS, default 3) copies it
# to fresh Azurite containers with both tools (and Coffre's one-pass verified migration), in an order rotated each
# repetition, emptying each container as soon as its side is done. Both tools run 16 transfers at a time.
# Prints a table (medians, min-max), peak RSS of each tool, and
#   RATIO migrate-vs-rclone-copy              rclone copy time / coffre migrate time (higher = Coffre faster)
#   RATIO migrate-verify-vs-rclone-copy-check (rclone copy + check --download) / (coffre migrate + verify)
#   RATIO migrate-with-verify-vs-rclone-copy-check (rclone copy + check --download) / (coffre migrate --verify,
#         the copy and its proof in one pass: every copied object read back and compared with the bytes read at
#         the source, as AWS DataSync verifies what it transferred)
# Environment: BENCH_OBJECTS, BENCH_HUGE_MIB, BENCH_REPS, BENCH_JOBS (16), COFFRE_IT_BASE. Stops what it started.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/bench/lib/common.sh
export COFFRE_IT_BASE=${COFFRE_IT_BASE:-/tmp/coffre-it}
WORK=$COFFRE_IT_BASE/bench-migrate
mkdir -p "$WORK"
objects=${BENCH_OBJECTS:-10000}
huge=${BENCH_HUGE_MIB:-600}
reps=${BENCH_REPS:-3}
jobs=${BENCH_JOBS:-16}
run_id=$(date +%s)
cleanup() {
  local c
  for c in "${containers[@]}"; do rclone purge "$c" >/dev/null 2>&1 || true; done
  stop_started
}
containers=()
trap cleanup EXIT
scripts/servers/install.sh swift azurite
command -v rclone >/dev/null || { export DEBIAN_FRONTEND=noninteractive; apt-get update -q >/dev/null; \
  apt-get install -y -q --no-install-recommends rclone >/dev/null; }
start_server swift
start_server azurite
./coffre --version >/dev/null # builds the CLI if needed

# the test servers' public, well-known test credentials (scripts/servers/*.sh), not secrets
export COFFRE_SWIFT_USER=test:tester COFFRE_SWIFT_KEY=testing
export COFFRE_AZURE_ACCOUNT_KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
export COFFRE_KEYSTORE_PASSWORD=bench-only-keystore-password
export RCLONE_CONFIG=/dev/null
export RCLONE_CONFIG_SW_TYPE=swift RCLONE_CONFIG_SW_USER=test:tester RCLONE_CONFIG_SW_KEY=testing \
  RCLONE_CONFIG_SW_AUTH=http://127.0.0.1:8080/auth/v1.0 RCLONE_CONFIG_SW_AUTH_VERSION=1
export RCLONE_CONFIG_AZ_TYPE=azureblob RCLONE_CONFIG_AZ_USE_EMULATOR=true \
  RCLONE_CONFIG_AZ_ENDPOINT=http://127.0.0.1:10000/devstoreaccount1
swift_uri() { echo "swift://$1?auth=http://127.0.0.1:8080/auth/v1.0&authType=tempauth"; }
azure_uri() { echo "azure://devstoreaccount1/$1?endpoint=http://127.0.0.1:10000/devstoreaccount1"; }
keys=(--keystore "$WORK/keys-$run_id/ks.bcfks")

# data set (deterministic sizes, random bytes), generated once
src="$WORK/src-$objects-$huge"
if [ ! -f "$src/.complete" ]; then
  rm -rf "$src"
  python3 - "$src" "$objects" "$huge" <<'PY'
import os, random, sys
root, n, huge = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(42)
for i in range(n - 1):
    size = rnd.randint(1 << 20, 8 << 20) if i % 100 == 99 else rnd.randint(1024, 64 << 10)
    d = os.path.join(root, f"p{i % 100:02d}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"r{i:05d}.json"), "wb") as f:
        f.write(os.urandom(size))
with open(os.path.join(root, "huge.bin"), "wb") as f:
    for _ in range(huge):
        f.write(os.urandom(1 << 20))
open(os.path.join(root, ".complete"), "w").close()
PY
fi
bytes=$(du -sb --exclude=.complete "$src" | cut -f1)

# peak RSS (KiB) and wall time (s) of one command: prints "seconds rss_kib"; fails if the command fails
timed() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t0 = time.monotonic()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
dt = time.monotonic() - t0
if r.returncode != 0:
    sys.exit(f"{sys.argv[1:3]} exited {r.returncode}")
print(f"{dt:.3f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
PY
}

source_container="bench-mig-src-$run_id"
containers+=("sw:$source_container")
echo "JDK: $(java -version 2>&1 | head -1); rclone: $(rclone version 2>/dev/null | head -1); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
echo "writing $objects objects ($((bytes / 1048576)) MiB of plaintext) into a Coffre vault on Swift..." >&2
./coffre init -q --store "$(swift_uri "$source_container")" "${keys[@]}"   # keystore, registry, container, marker
./coffre put -q -r --jobs 8 --store "$(swift_uri "$source_container")" "${keys[@]}" "$src" data >/dev/null
cipher_bytes=$(rclone size --json "sw:$source_container" | python3 -c 'import json,sys; print(json.load(sys.stdin)["bytes"])')
results="$WORK/results-$run_id.txt"
: >"$results"
for r in $(seq 1 "$reps"); do
  c="bench-mig-c-$run_id-$r"
  k="bench-mig-r-$run_id-$r"
  w="bench-mig-w-$run_id-$r"
  containers+=("az:$c" "az:$k" "az:$w")
  # three sides, in an order rotated by one each repetition; each side's container is emptied as soon as it is done
  # (Azurite slows as it holds more blobs: emptied only at the end of a repetition, the side run last, with the
  # 20,000 blobs of the others still held, took 90 s where the same command took 68 s beside 10,000)
  side_coffre() {
    ./coffre mb -q --store "$(azure_uri "$c")" "${keys[@]}"
    m=$(timed ./coffre migrate -q --jobs "$jobs" --from "$(swift_uri "$source_container")" --to "$(azure_uri "$c")" \
      --manifest "$WORK/manifest-$run_id-$r" "${keys[@]}")
    v=$(timed ./coffre verify -q --jobs "$jobs" --from "$(swift_uri "$source_container")" --to "$(azure_uri "$c")" \
      "${keys[@]}")
    rclone purge "az:$c" >/dev/null 2>&1 || true
  }
  side_rclone() {
    rclone mkdir "az:$k"
    rc=$(timed rclone copy --transfers "$jobs" "sw:$source_container" "az:$k")
    rk=$(timed rclone check --download --checkers "$jobs" "sw:$source_container" "az:$k")
    rclone purge "az:$k" >/dev/null 2>&1 || true
  }
  side_verified() {
    ./coffre mb -q --store "$(azure_uri "$w")" "${keys[@]}"
    mv=$(timed ./coffre migrate -q --verify --jobs "$jobs" --from "$(swift_uri "$source_container")" \
      --to "$(azure_uri "$w")" --manifest "$WORK/manifest-$run_id-$r-verified" "${keys[@]}")
    rclone purge "az:$w" >/dev/null 2>&1 || true
  }
  sides=(side_coffre side_rclone side_verified)
  for i in 0 1 2; do "${sides[$(((i + r - 1) % 3))]}"; done
  echo "$m $v $rc $rk $mv" >>"$results"
  echo "  repetition $r/$reps (seconds, peak RSS KiB): migrate $m | verify $v | rclone copy $rc | rclone check $rk" \
    "| migrate --verify $mv" >&2
done
python3 - "$results" "$objects" "$cipher_bytes" <<'PY'
import statistics as st, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
n, b = int(sys.argv[2]), int(sys.argv[3])
def col(i): return [r[i] for r in rows]
names = ["coffre migrate", "coffre verify", "rclone copy", "rclone check --download", "coffre migrate --verify"]
print(f"Migration Swift -> Azurite, {n} objects, {b / 1048576:.0f} MiB of ciphertext, {len(rows)} repetitions")
print(f"{'operation':26s} {'median s':>9s} {'min-max s':>15s} {'objects/s':>10s} {'MiB/s':>8s} {'peak RSS MiB':>13s}")
for i, name in enumerate(names):
    t = col(2 * i)
    m = st.median(t)
    print(f"{name:26s} {m:9.1f} {min(t):7.1f}-{max(t):<7.1f} {n / m:10.0f} {b / 1048576 / m:8.1f} {max(col(2 * i + 1)) / 1024:13.0f}")
mig, ver, cp, ck, mv = (st.median(col(2 * i)) for i in range(5))
print(f"RATIO migrate-vs-rclone-copy {cp / mig:.3f}")
print(f"RATIO migrate-verify-vs-rclone-copy-check {(cp + ck) / (mig + ver):.3f}")
print(f"RATIO migrate-with-verify-vs-rclone-copy-check {(cp + ck) / mv:.3f}")
PY
