#!/usr/bin/env bash
# Scale benchmark (issue 10), queue and start-up side. Usage:
#   scripts/scale-benchmark.sh lease [ARCHIVE] [ROUNDS] [Q...]
#       lease p50/p99 on the embedded database with ARCHIVE scored submissions (default 10000) and
#       each Q queued (default 10 1000 10000 100000), 8 leases held, beside a find-and-modify by id
#   scripts/scale-benchmark.sh startup [N] [TEAMS] [RUNS]
#       seeds N scored submissions over TEAMS teams (default 100000, 1000; kept in
#       target/scale/seed-N-TEAMS for the next run), then RUNS times (default 3): starts
#       `palmares.jar serve` (embedded database and evaluator) on a copy and times the first 200 of
#       /api/challenges; after the last start, measures the idle CPU over 60 s (/proc/<pid>/stat)
# Seeder: platform/src/test/java/org/palmares/platform/bench/ScaleSeed.java (reusable in-process).
# Needs the Docker engine for `startup` (the embedded evaluator starts with the platform).
set -euo pipefail
umask 077 # the data folders must stay owner-only (the platform refuses others)
cd "$(dirname "$0")/.."
. scripts/java-home.sh
mode="${1:-lease}"
shift || true
cp_file="$(mktemp)"
./mvnw -B -q -pl platform -am package dependency:build-classpath -DskipTests -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file" >/dev/null
cp="platform/target/test-classes:platform/target/classes:evaluator/target/test-classes:evaluator/target/classes"
cp="$cp:$(cat "$cp_file")"
rm -f "$cp_file"
quiet() { grep -v -E '^(\[.*\] )?[0-9T:.-]*Z? ?(INFO|WARN|WARNING)|^WARNING' || true; }

if [ "$mode" = lease ]; then
  archive="${1:-10000}"; rounds="${2:-200}"
  shift 2 || shift $# || true
  sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(10 1000 10000 100000)
  java -cp "$cp" org.palmares.platform.bench.ScaleBenchmark lease "$archive" 100 "$rounds" "${sizes[@]}" 2>&1 | quiet
  exit 0
fi

if [ "$mode" = startup ]; then
  n="${1:-100000}"; teams="${2:-1000}"; runs="${3:-3}"
  seed="target/scale/seed-$n-$teams"
  if [ ! -d "$seed" ]; then
    mkdir -p target/scale
    java -cp "$cp" org.palmares.platform.bench.ScaleSeed "$seed" "$n" "$teams" 0 2>&1 | quiet
  fi
  tck="$(getconf CLK_TCK)"
  # run 0 is the seed folder's first start (it runs the migrations, once); runs 1.. start copies of it
  for run in $(seq 0 "$runs"); do
    if [ "$run" = 0 ]; then
      [ -f "$seed.started" ] && continue
      data="$seed"
    else
      data="$(mktemp -d)"; chmod 700 "$data"
      cp -a "$seed/." "$data/"
    fi
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
    t0="$(date +%s%N)"
    java -jar platform/target/palmares.jar serve --data "$data" --challenges challenges --port "$port" \
      > "$data.serve.log" 2>&1 &
    pid=$!
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/challenges" || true)" = 200 ]; do
      if ! kill -0 "$pid" 2>/dev/null; then echo "the platform stopped:"; tail -20 "$data.serve.log"; exit 1; fi
      sleep 0.05
    done
    t1="$(date +%s%N)"
    echo "start-up to first 200, $n stored submissions, run $run$([ "$run" = 0 ] && echo ' (first start)'): $(( (t1 - t0) / 1000000 )) ms"
    if [ "$run" = "$runs" ]; then
      sleep 30 # the evaluator's start (orphan reaping, hand-back) settles
      a="$(awk '{print $14+$15}' "/proc/$pid/stat")"
      sleep 60
      b="$(awk '{print $14+$15}' "/proc/$pid/stat")"
      python3 -c "print('idle CPU over 60 s, $n stored submissions: %.2f%% of a core' % (($b-$a)/$tck/60*100))"
    fi
    kill "$pid"; wait "$pid" 2>/dev/null || true
    if [ "$run" = 0 ]; then
      touch "$seed.started"
    else
      rm -rf "$data" "$data.serve.log"
    fi
  done
  exit 0
fi
echo "usage: $0 lease|startup ..." >&2
exit 2
