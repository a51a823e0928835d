#!/usr/bin/env bash
# Metrics benchmark: ROC AUC + bootstrap resamples on synthetic predictions, this evaluator
# against a vectorized numpy bootstrap that sorts once (the fair baseline, interleaved with the
# Java) and a scikit-learn loop (Debian's python3-sklearn; skipped when absent), on the same data.
# Usage: scripts/metrics-benchmark.sh [cases] [resamples] [python]   (default 100000 2000 /usr/bin/python3)
# Needs python3-numpy; python3-sklearn for the loop (apt-get install python3-numpy python3-sklearn).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
./mvnw -B -q -pl evaluator test-compile
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
./mvnw -B -q -pl evaluator dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
cd evaluator
java -cp "target/test-classes:target/classes:$(cat "$cp_file")" org.palmares.evaluator.bench.RocAucBenchmark "$@"
