# Sourced by scripts/bench/*.sh (not a benchmark itself): starting and stopping test servers, and the classpath of
# test-scope benchmark drivers. Expects the repository root as the working directory.

# Servers this run starts are stopped when it ends; those already up belong to someone else and stay up.
started=()

# start_server NAME: scripts/servers/NAME.sh start, remembered for stop_started unless it was already up.
start_server() {
  local out
  out=$("scripts/servers/$1.sh" start) || { echo "$out" >&2; exit 1; }
  echo "$out" >&2
  grep -q "already up" <<<"$out" || started+=("$1")
}

# stop_started: stops every server start_server started (for the EXIT trap).
stop_started() {
  local s
  for s in "${started[@]}"; do "scripts/servers/$s.sh" stop >&2 || true; done
}

# bench_classpath MODULE FILE M1 M2...: compiles MODULE and what it needs (offline first), writes its test-scope
# dependency classpath to FILE and sets CP to the test and main classes of M1 M2... followed by that classpath.
bench_classpath() {
  local module=$1 file=$2 m
  shift 2
  local args=(-B -q -pl "$module" -am -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test
    -Dmdep.outputFile="$file")
  mvn -o "${args[@]}" >/dev/null 2>&1 || mvn "${args[@]}"
  CP=""
  for m in "$@"; do CP="$CP${CP:+:}$m/target/test-classes:$m/target/classes"; done
  CP="$CP:$(cat "$file")"
}
