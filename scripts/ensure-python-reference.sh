#!/usr/bin/env bash
# The Python reference the image metrics are checked against (SegmentationReferenceTest): numpy and
# SciPy from Debian, the libraries Metrics Reloaded's reference implementation computes with.
# Installs them where missing and apt is usable (CI runs as root); otherwise says so and the test
# skips with a message.
set -euo pipefail
if python3 -c 'import numpy, scipy.ndimage' 2>/dev/null; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    python3 python3-numpy python3-scipy >/dev/null
else
  echo "python3-numpy and python3-scipy are missing and cannot be installed here;" \
    "SegmentationReferenceTest will skip" >&2
fi
