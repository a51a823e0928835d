#!/usr/bin/env bash
# Metrics benchmark: ROC AUC + bootstrap resamples on synthetic predictions, this evaluator
# against scikit-learn (Debian's python3-sklearn) on the same data, in one run.
# Usage: scripts/metrics-benchmark.sh [cases] [resamples] [python]   (default 100000 2000 /usr/bin/python3)
# Needs python3-sklearn and python3-numpy (apt-get install python3-sklearn).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
./mvnw -B -q -pl evaluator test-compile
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
./mvnw -B -q -pl evaluator dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
cd evaluator
java -cp "target/test-classes:target/classes:$(cat "$cp_file")" org.palmares.evaluator.bench.RocAucBenchmark "$@"
