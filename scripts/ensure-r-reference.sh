#!/usr/bin/env bash
# The R reference the pooled boards are checked against (MetaAnalysisReferenceTest): metafor from
# Debian (r-cran-metafor, which brings R). Installs it where missing and apt is usable (CI runs as
# root); otherwise says so and the test skips with a message.
set -euo pipefail
if Rscript -e 'library(metafor)' >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    r-cran-metafor >/dev/null
else
  echo "R's metafor (r-cran-metafor) is missing and cannot be installed here;" \
    "MetaAnalysisReferenceTest will skip" >&2
fi
