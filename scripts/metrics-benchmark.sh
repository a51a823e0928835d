#!/usr/bin/env bash
# Metrics benchmark: ROC AUC + bootstrap resamples on synthetic predictions, this evaluator
# against a vectorized numpy bootstrap that sorts once (the fair baseline, interleaved with the
# Java) and a scikit-learn loop (Debian's python3-sklearn; skipped when absent), on the same data.
# Usage: scripts/metrics-benchmark.sh [cases] [resamples] [python]   (default 100000 2000 /usr/bin/python3)
# Needs python3-numpy; python3-sklearn for the loop (apt-get install python3-numpy python3-sklearn).
exec "$(dirname "$0")/run-evaluator-class.sh" org.palmares.evaluator.bench.RocAucBenchmark "$@"
