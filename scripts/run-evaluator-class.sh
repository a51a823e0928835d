#!/usr/bin/env bash
# Runs a main class of the evaluator's test tree (benchmarks) on its test classpath, without
# installing anything: scripts/run-evaluator-class.sh CLASS [args...]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
./mvnw -B -q -pl evaluator test-compile
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
./mvnw -B -q -pl evaluator dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
cd evaluator
class="$1"
shift
java -cp "target/test-classes:target/classes:$(cat "$cp_file")" "$class" "$@"
