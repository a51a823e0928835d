#!/usr/bin/env bash
# Pooled board benchmark: the CPU cost of a site result on a multi-site phase's pooled board,
# T teams x F submissions x S sites (default 1000 x 5 x 2). Usage: scripts/pooled-board-benchmark.sh [teams] [facts] [sites]
# Figures: docs/benchmarks.md, "Pooled board".
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
# no install: the classpath comes from this reactor's own target folders (as benchmark.sh soak does)
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
./mvnw -B -q -pl platform -am test-compile dependency:build-classpath -DskipTests -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file" >/dev/null
java -cp "platform/target/test-classes:platform/target/classes:evaluator/target/classes:$(cat "$cp_file")" \
  org.palmares.platform.leaderboard.PooledBoardBenchmark "$@"
