#!/usr/bin/env bash
# Runs one benchmark: scripts/bench.sh NAME (NAME: a file of scripts/bench/; "all" runs every one on each JDK)
# Each prints a human-readable table and one line per comparison: RATIO <name> <coffre/baseline>,
# the baseline being measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:-}
if [ -z "$name" ] || [ ! -x "scripts/bench/$name.sh" ]; then
  echo "usage: scripts/bench.sh NAME   where NAME is one of: $(ls scripts/bench 2>/dev/null | sed 's/\.sh$//' | tr '\n' ' ')" >&2
  exit 2
fi
shift
exec "scripts/bench/$name.sh" "$@"
