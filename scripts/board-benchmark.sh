#!/usr/bin/env bash
# The board part of the scale benchmark (kept for its old name): scripts/board-benchmark.sh [SCORED] [TEAMS]
exec "$(dirname "$0")/scale-benchmark.sh" board "$@"
