#!/usr/bin/env bash
# End-to-end benchmark: upload accepted -> SCORED for the constant baseline, beside a bare
# `docker run` of the same image. Usage: scripts/benchmark.sh [runs]   (default 10)
# `scripts/benchmark.sh passwords [runs]` times the argon2id hash and check of passwords instead.
# `scripts/benchmark.sh soak [N]` sends N submissions (default 500), good and hostile images, through
# one platform process (palmares.jar serve, embedded evaluator) over HTTP, and checks that none is
# lost, stuck or duplicated, that no container or work folder is left, and prints the RSS curve.
# Needs the Docker engine and images (scripts/ensure-docker.sh, scripts/build-images.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
if [ "${1:-}" = soak ]; then
  # no install: the classpath comes from this reactor's own target folders
  cp_file="$(mktemp)"
  ./mvnw -B -q -pl platform -am package dependency:build-classpath -DskipTests -Dmdep.includeScope=test \
    -Dmdep.outputFile="$cp_file" >/dev/null
  cp="platform/target/test-classes:platform/target/classes:evaluator/target/test-classes:evaluator/target/classes"
  java -cp "$cp:$(cat "$cp_file")" org.palmares.platform.bench.SoakBenchmark "${2:-500}"
  rm -f "$cp_file"
  exit 0
fi
./mvnw -B -q install -DskipTests
cp_file="$(mktemp)"
./mvnw -B -q -pl platform dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
cd platform
bench=EndToEndBenchmark
if [ "${1:-}" = passwords ]; then
  bench=PasswordHashBenchmark
  shift
fi
java -cp "target/test-classes:target/classes:$(cat "$cp_file")" "org.palmares.platform.bench.$bench" "${1:-10}"
rm -f "$cp_file"
