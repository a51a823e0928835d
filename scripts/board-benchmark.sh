#!/usr/bin/env bash
# Board benchmark (issue 10): seeds SCORED submissions over TEAMS teams (default 100000 1000),
# starts the platform on them, then prints, interleaved with a bare Vert.x handler serving the same
# bytes: board p50/p99 and throughput (wrk), report -> changed board served, and 100/1,000/5,000
# server-sent-event spectators told of a change (p50/p99, memory per client).
# Usage: scripts/board-benchmark.sh [SCORED] [TEAMS]. Needs wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
ulimit -n 20000 2>/dev/null || true
cp_file="$(mktemp)"
./mvnw -B -q -pl platform -am package dependency:build-classpath -DskipTests -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file" >/dev/null
cp="platform/target/test-classes:platform/target/classes:evaluator/target/test-classes:evaluator/target/classes"
java -Xmx2g -cp "$cp:$(cat "$cp_file")" org.palmares.platform.bench.BoardBenchmark "${1:-100000}" "${2:-1000}"
rm -f "$cp_file"
