#!/usr/bin/env bash
# Submitting an image from a terminal: the competitor CLI (palmares submit --no-wait) against what a
# skilled user runs without it, `docker save IMAGE | curl -T -` (streamed, chunked), interleaved in
# the same run against one platform (no evaluator, so only the upload is measured: docker save,
# the transfer, and the platform's hashing and inspection, until 202). Prints one line per run.
# Usage: scripts/cli-benchmark.sh [IMAGE] [RUNS]   (needs the packaged jars and the image)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
image="${1:-palmares/baseline-logreg:latest}"
runs="${2:-3}"
work="$(mktemp -d)"; chmod 700 "$work"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])')"
java -jar platform/target/palmares.jar serve --port "$port" --data "$work/data" --challenges challenges \
  --no-evaluator > "$work/platform.log" 2>&1 &
platform=$!
trap 'kill $platform 2>/dev/null; wait $platform 2>/dev/null; rm -rf "$work"' EXIT
P="http://localhost:$port" C=breast-cancer-diagnosis
for _ in $(seq 90); do curl -sf "$P/api/health" > /dev/null && break; sleep 1; done
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
# one team per run and tool: each has the phase's daily quota of its own
team_token() {
  local email="bench-$1@example.org"
  curl -sf -X POST "$P/api/accounts" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"name\":\"Bench $1\",\"password\":\"a long passphrase\"}" > /dev/null
  local token; token="$(curl -sf -X POST "$P/api/tokens" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"a long passphrase\",\"name\":\"bench\",\"expiresInDays\":1}" | json '["token"]')"
  curl -sf -X POST "$P/api/challenges/$C/rules/acceptance" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d '{"version":1}' > /dev/null
  curl -sf -X POST "$P/api/challenges/$C/teams" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d "{\"name\":\"Bench $1\"}" > /dev/null
  echo "$token"
}
now() { date +%s.%N; }
echo "image $image ($(docker image inspect --format '{{.Size}}' "$image") bytes), $runs runs each, interleaved"
for i in $(seq "$runs"); do
  token="$(team_token "curl-$i")"
  start="$(now)"
  code="$(docker save "$image" | curl -s -o /dev/null -w '%{http_code}' -X POST -T - \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/octet-stream' \
    "$P/api/challenges/$C/submissions?phase=final")"
  echo "run $i  docker save | curl -T -        HTTP $code  $(echo "$(now) - $start" | bc) s"
  token="$(team_token "cli-$i")"
  start="$(now)"
  PALMARES_URL="$P" PALMARES_TOKEN="$token" HOME="$work" cli/palmares submit --challenge "$C" --phase final \
    --no-wait "$image" > "$work/cli.out" 2> "$work/cli.err" && code=0 || code=$?
  echo "run $i  palmares submit --no-wait      exit $code  $(echo "$(now) - $start" | bc) s  ($(tail -1 "$work/cli.err"))"
done
