#!/usr/bin/env bash
# End-to-end benchmark: upload accepted -> SCORED for the constant baseline, beside a bare
# `docker run` of the same image. Usage: scripts/benchmark.sh [runs]   (default 10)
# `scripts/benchmark.sh passwords [runs]` times the argon2id hash and check of passwords instead.
# Needs the Docker engine and images (scripts/ensure-docker.sh, scripts/build-images.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
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
