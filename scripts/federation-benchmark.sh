#!/usr/bin/env bash
# Federation overhead of the two-site demo: upload accepted -> complete pooled board for
# breast-cancer-two-sites (platform + one evaluator process per site, HTTP over loopback), against
# the same image on the slowest site's test set alone, interleaved. Prints a table for
# docs/benchmarks.md. Usage: scripts/federation-benchmark.sh [runs]   (default 5)
# Needs the Docker engine and images (scripts/ensure-docker.sh, scripts/build-images.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
# no install: the packaged jar (the evaluator processes) and this reactor's own target folders
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
./mvnw -B -q -pl platform -am package dependency:build-classpath -DskipTests -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file" >/dev/null
cp="platform/target/test-classes:platform/target/classes:evaluator/target/test-classes:evaluator/target/classes"
java -cp "$cp:$(cat "$cp_file")" org.palmares.platform.bench.FederationBenchmark "${1:-5}"
