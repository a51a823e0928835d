#!/usr/bin/env bash
# Rank statistics benchmark: the cost of leaderboard/RankStatistics at T teams x B paired
# resamples (default 1000 x 1000). Usage: scripts/rank-statistics-benchmark.sh [teams] [resamples]
# Figures: docs/benchmarks.md, "Rank statistics".
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
# no install: the classpath comes from this reactor's own target folders (as benchmark.sh soak does)
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
./mvnw -B -q -pl platform -am test-compile dependency:build-classpath -DskipTests -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file" >/dev/null
java -cp "platform/target/test-classes:platform/target/classes:evaluator/target/classes:$(cat "$cp_file")" \
  org.palmares.platform.bench.RankStatisticsBenchmark "$@"
