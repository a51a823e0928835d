#!/usr/bin/env bash
# Coverage benchmark: the share of the scorer's 95% intervals that contain the true value, by
# simulation with known truth, at n = 20, 50, 200 and 1,000, for every built-in metric.
# Usage: scripts/coverage-benchmark.sh [reps (1000)] [resamples (1000)] [tasks (binary,multiclass,regression,survival)]
# Takes a few minutes of one core at the defaults. Figures: docs/benchmarks.md, "Interval coverage".
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
./mvnw -B -q -pl evaluator test-compile
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
./mvnw -B -q -pl evaluator dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
cd evaluator
java -cp "target/test-classes:target/classes:$(cat "$cp_file")" org.palmares.evaluator.scoring.CoverageBenchmark "$@"
