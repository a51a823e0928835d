#!/usr/bin/env bash
# Runs Palmarès on this machine: builds it, makes sure a Docker engine answers, builds the demo
# challenge's base and baseline images offline, and serves http://localhost:8080 with the embedded
# database and an in-process evaluator; the baselines are submitted once and scored.
# Run again, it reuses the images, the data folder and the database.
set -euo pipefail
cd "$(dirname "$0")"
# ./run.sh --two-sites: the multi-site demo instead (the platform and one evaluator per site).
if [ "${1:-}" = --two-sites ]; then
  shift
  exec scripts/two-site-demo.sh "$@"
fi
. scripts/java-home.sh

scripts/ensure-docker.sh
scripts/build-images.sh

echo "==> Building Palmarès"
./mvnw -B -q package -DskipTests

# The data folder holds the database, uploads and tokens: owner-only, or the platform refuses to
# start on it (a data folder made by an older version is brought in line here, once).
umask 077
mkdir -p data && chmod -R go-rwx data
# The demo bundles' hidden data comes from a git checkout (modes from the umask of the clone): owner-only.
chmod -R go-rwx challenges/*/hidden

# Baseline archives to submit, re-exported only when the image changed.
export_baseline() { # <challenge> <name> <image>
  local dir="data/seed/$1" id
  id="$(docker image inspect -f '{{.Id}}' "$3")"
  mkdir -p "$dir"
  if [ ! -f "$dir/$2.tar" ] || [ "$(cat "$dir/$2.id" 2>/dev/null)" != "$id" ]; then
    echo "==> Exporting $3 for submission"
    docker save "$3" -o "$dir/$2.tar.part" && mv "$dir/$2.tar.part" "$dir/$2.tar"
    echo "$id" > "$dir/$2.id"
  fi
}
export_baseline breast-cancer-diagnosis logreg palmares/baseline-logreg:latest
export_baseline breast-cancer-diagnosis constant palmares/baseline-constant:latest
export_baseline breast-cancer-survival cox palmares/baseline-cox:latest
export_baseline histology-lesions segmentation--threshold palmares/baseline-threshold-seg:latest
export_baseline histology-lesions grading--constant palmares/baseline-constant-grade:latest
export_baseline histology-lesions detection--blobs palmares/baseline-blobs-detect:latest

echo "==> Starting Palmarès on http://localhost:${PORT:-8080}/"
# A class-data sharing archive of the platform's classes, made at the first stop and rebuilt when
# the jar changes: start-up then spends about 40% less CPU (docs/benchmarks.md, "Scale").
exec java -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=platform/target/palmares.jsa \
  -jar platform/target/palmares.jar serve --port "${PORT:-8080}" --data data --challenges challenges --seed data/seed "$@"
