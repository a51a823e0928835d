#!/usr/bin/env bash
# The two-site demo on one machine: the platform (no evaluator of its own) and TWO evaluator
# processes, one per site of challenges/breast-cancer-two-sites, each with its own data folder and
# its own copy of the hidden data (sites/nl, sites/de), talking HTTP over loopback with a token
# scoped to its site. Submits the Cox baseline as a competitor would, follows it to both sites'
# results and the pooled board, and keeps running until Ctrl-C (which stops what it started).
#
#   scripts/two-site-demo.sh                    (or ./run.sh --two-sites)
#   scripts/two-site-demo.sh --manual-release   site de holds each result until its operator approves it
#   PORT=8081 SKIP_BUILD=1 scripts/two-site-demo.sh
#
# State lives under data/two-sites/ (owner-only): platform/ (database, blobs), nl/ and de/ (each
# site's evaluator work folder, token and log). Run again, it reuses them.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh

SLUG=breast-cancer-two-sites
PORT="${PORT:-8080}"
P="http://localhost:$PORT"
STATE=data/two-sites
JAR=platform/target/palmares.jar
SITES=(nl de)
MANUAL=0
for arg in "$@"; do
  case "$arg" in
    --manual-release) MANUAL=1 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done

for tool in curl jq docker; do
  command -v "$tool" >/dev/null || { echo "$tool is needed (apt-get install -y $tool)" >&2; exit 1; }
done

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  scripts/ensure-docker.sh
  scripts/build-images.sh
  echo "==> Building Palmarès"
  ./mvnw -B -q package -DskipTests
fi

umask 077
mkdir -p "$STATE/platform" && chmod -R go-rwx data
# Each site's hidden data comes from a git checkout: owner-only, as a site would keep it.
chmod -R go-rwx sites/*/"$SLUG"/hidden

pids=()
stop_all() {
  # only what this script started, by process id
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT
trap 'exit 130' INT TERM

echo "==> Starting the platform on $P/ (log: $STATE/platform.log)"
java -jar "$JAR" serve --port "$PORT" --data "$STATE/platform" --challenges challenges --no-evaluator \
  >>"$STATE/platform.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do
  curl -fsS "$P/api/health" >/dev/null 2>&1 && break
  kill -0 "${pids[0]}" 2>/dev/null || { tail -n 30 "$STATE/platform.log" >&2; exit 1; }
  sleep 0.3
done

for site in "${SITES[@]}"; do
  dir="$STATE/$site"
  mkdir -p "$dir/work"
  # A site's token is made once, on the platform's side, and handed to the site's operator.
  if [ ! -s "$dir/token" ]; then
    java -jar "$JAR" create-evaluator --data "$STATE/platform" --challenges challenges \
      --name "site-$site" --site "$site" --challenge "$SLUG" >"$dir/token.part" 2>>"$STATE/platform.log"
    mv "$dir/token.part" "$dir/token"
  fi
  # The site's own policy file (its data holder's); --manual-release: site de's, with release: manual.
  policy="sites/$site/policy.yaml"
  if [ "$MANUAL" = 1 ] && [ "$site" = de ]; then
    sed 's/^release: automatic$/release: manual/' "$policy" >"$dir/policy.yaml"
    policy="$dir/policy.yaml"
  fi
  echo "==> Starting the evaluator of site $site (data: sites/$site, policy: $policy, work: $dir/work, log: $dir/evaluator.log)"
  java -jar "$JAR" evaluate --platform "$P/" --token-file "$dir/token" --challenges "sites/$site" \
    --policy "$policy" --work "$dir/work" --data "$dir/data" --name "site-$site" >>"$dir/evaluator.log" 2>&1 &
  pids+=($!)
done

echo "==> Submitting the Cox baseline as team 'Demo team'"
EMAIL=demo@example.org PASSWORD='a long demo passphrase'
curl -s -o /dev/null -X POST "$P/api/accounts" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"name\":\"Demo\",\"password\":\"$PASSWORD\"}"
TOKEN=$(curl -fsS -X POST "$P/api/tokens" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\",\"name\":\"demo-$(date +%s)\",\"expiresInDays\":1}" | jq -r .token)
auth=(-H "Authorization: Bearer $TOKEN")
curl -s -o /dev/null "${auth[@]}" -X POST "$P/api/challenges/$SLUG/rules/acceptance" -d '{"version":1}'
curl -s -o /dev/null "${auth[@]}" -X POST "$P/api/challenges/$SLUG/teams" -d '{"name":"Demo team"}'
archive="$STATE/baseline-cox-two-sites.tar"
docker save palmares/baseline-cox-two-sites:latest -o "$archive"
ID=$(curl -fsS "${auth[@]}" -H 'Content-Type: application/octet-stream' --data-binary @"$archive" \
  "$P/api/challenges/$SLUG/submissions?phase=final" | jq -r .id)
rm -f "$archive"
echo "    submission $ID"

cat <<WATCH

Watch it:
  challenge page and boards   $P/challenges/$SLUG
  pooled board (API)          $P/api/challenges/$SLUG/leaderboard?phase=final&site=pooled
  per-site boards (API)       $P/api/challenges/$SLUG/leaderboard?phase=final&site=nl   (or site=de)
  the submission, per site    curl -H "Authorization: Bearer $TOKEN" $P/api/submissions/$ID
  logs                        $STATE/platform.log, $STATE/nl/evaluator.log, $STATE/de/evaluator.log

WATCH
RELEASE=(java -jar "$JAR" release)
if [ "$MANUAL" = 1 ]; then
  cat <<MANUAL_RELEASE
Site de releases by hand: once its run is scored, its result waits in its outbox. As site de's operator:
  ${RELEASE[*]} list --outbox $STATE/de/work/outbox
  ${RELEASE[*]} show ID --outbox $STATE/de/work/outbox      (exactly the bytes that would leave the site)
  ${RELEASE[*]} approve ID --outbox $STATE/de/work/outbox   (or: reject ID)

MANUAL_RELEASE
fi

last=""
while :; do
  s=$(curl -fsS "${auth[@]}" "$P/api/submissions/$ID" || echo '{}')
  line=$(jq -r '[.status, (.statusLine.en // empty), ((.sites // []) | map("\(.site)=\(.status)") | join(" "))] | join("  ")' <<<"$s")
  [ "$line" != "$last" ] && echo "    $(date +%T)  $line" && last="$line"
  case "$(jq -r .status <<<"$s")" in
    SCORED|FAILED) all_done=$(jq -r '[(.sites // [])[] | .status] | map(IN("QUEUED","RUNNING","AWAITING_RELEASE")) | any | not' <<<"$s")
                   [ "$all_done" = true ] && break ;;
  esac
  sleep 2
done
echo
jq '{status, statusLine: .statusLine.en, sites: ((.sites // []) | map({site, status, attempt, public: .scores.public.metrics}))}' <<<"$s"
echo
echo "The pooled board (random effects over the sites):"
curl -fsS "$P/api/challenges/$SLUG/leaderboard?phase=final&site=pooled" \
  | jq '{complete, entries: [.entries[] | {team, score, ci95, pooled}]}' 
echo
echo "Both sites have reported. The platform and the two evaluators keep running: Ctrl-C stops them."
wait "${pids[0]}"
