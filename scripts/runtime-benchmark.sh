#!/usr/bin/env bash
# Sandbox runtime benchmark: the same tiny image through DockerSandbox under runc and under
# gVisor's runsc, interleaved. Usage: scripts/runtime-benchmark.sh [runs]   (default 15)
# Needs the engine with runsc registered and the base images (scripts/ensure-docker.sh,
# scripts/build-images.sh).
exec "$(dirname "$0")/run-evaluator-class.sh" org.palmares.evaluator.bench.RuntimeOverheadBenchmark "$@"
