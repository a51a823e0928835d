#!/usr/bin/env bash
# Sandbox runtime benchmark: the same tiny image through DockerSandbox under runc and under
# gVisor's runsc, interleaved. Usage: scripts/runtime-benchmark.sh [runs]   (default 15)
# Needs the engine with runsc registered and the base images (scripts/ensure-docker.sh,
# scripts/build-images.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
./mvnw -B -q -pl evaluator test-compile
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
./mvnw -B -q -pl evaluator dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
cd evaluator
java -cp "target/test-classes:target/classes:$(cat "$cp_file")" org.palmares.evaluator.bench.RuntimeOverheadBenchmark "$@"
