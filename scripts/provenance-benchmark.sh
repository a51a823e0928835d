#!/usr/bin/env bash
# Provenance benchmark: what signing a result costs a site and checking it costs the platform, and
# the hidden-files digest of the demo bundles. Usage: scripts/provenance-benchmark.sh [resamples]
# Figures: docs/benchmarks.md, "Provenance".
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
# no install: the classpath comes from this reactor's own target folders
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
./mvnw -B -q -o -pl evaluator test-compile dependency:build-classpath -DskipTests -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file" >/dev/null
java -cp "evaluator/target/test-classes:evaluator/target/classes:$(cat "$cp_file")" \
  org.palmares.evaluator.bench.ProvenanceBenchmark challenges "${1:-1000}"
