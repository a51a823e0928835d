#!/usr/bin/env bash
# Image scoring benchmark: Dice/NSD/HD95 (2 classes) on the demo's 24 hidden tiles and on a
# synthetic N × N slide (default 20,000), this evaluator (JVM, -Xmx1g) against numpy/scipy in
# Python (scripts/bench/segmentation_reference.py, run in palmares/base-python3-skimage under
# runc), interleaved, ROUNDS times. Each run is its own process and reports its own wall time
# (reading included, start-up excluded) and peak RSS.
# Usage: scripts/image-benchmark.sh [N] [ROUNDS]     (needs scripts/build-images.sh first)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
N="${1:-20000}"
ROUNDS="${2:-2}"
./mvnw -B -q -pl evaluator test-compile
cp_file="$(mktemp)"
WORK="$(mktemp -d)"
trap 'rm -rf "$cp_file" "$WORK"' EXIT
./mvnw -B -q -pl evaluator dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
CP="evaluator/target/test-classes:evaluator/target/classes:$(cat "$cp_file")"
java_run() { (cd evaluator && java -Xmx1g -cp "${CP//evaluator\//}" org.palmares.evaluator.bench.ImageScoringBenchmark "$@"); }
java_run prepare-demo "$WORK/demo"
java_run prepare-slide "$WORK/slide" "$N"
py_run() { # <dir>
  docker run --rm --runtime runc --network none -u "$(id -u):$(id -g)" -v "$WORK:/w:ro" \
    -v "$PWD/scripts/bench:/bench:ro" palmares/base-python3-skimage:bookworm \
    python3 /bench/segmentation_reference.py "/w/$1/truth" "/w/$1/pred" 2.0 0.5
}
for round in $(seq "$ROUNDS"); do
  echo "round $round demo:  $(java_run score "$WORK/demo/truth" "$WORK/demo/pred" 2.0)"
  echo "round $round demo:  $(py_run demo)"
  echo "round $round slide: $(java_run score "$WORK/slide/truth" "$WORK/slide/pred" 2.0)"
  echo "round $round slide: $(py_run slide)"
done
