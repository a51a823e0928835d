#!/usr/bin/env bash
# Coverage benchmark: the share of the scorer's 95% intervals that contain the true value, by
# simulation with known truth, at n = 20, 50, 200 and 1,000, for every built-in metric.
# Usage: scripts/coverage-benchmark.sh [reps (1000)] [resamples (1000)] [tasks (binary,multiclass,regression,survival)]
# About five minutes of one core at the defaults. Figures: docs/benchmarks.md, "Interval coverage".
exec "$(dirname "$0")/run-evaluator-class.sh" org.palmares.evaluator.scoring.CoverageBenchmark "$@"
