#!/usr/bin/env bash
# Scale benchmark (issue 10): one command for every figure of docs/benchmarks.md, "Scale".
#   scripts/scale-benchmark.sh [all] [N] [TEAMS]
#       seeds N scored submissions over TEAMS teams (default 100000, 1000) plus the few queued ones
#       the board part reports, into target/scale/seed-N-TEAMS (kept for the next run), then prints,
#       each figure with the machine's load average:
#       - start-up: the folder's first start (migrations, the one-off build of the board), then
#         RUNS (default 3, env RUNS) starts of copies of it, `palmares.jar serve` with the embedded
#         evaluator, process start -> first 200 of /api/challenges, wall clock and CPU seconds;
#         after the last, the idle CPU over 60 s;
#       - board: p50/p99 and throughput of the board against a bare Vert.x handler serving the same
#         bytes (interleaved, wrk), report -> changed board served, 100/1,000/5,000 SSE spectators
#         told of a change (p50/p99, memory per client) (BoardBenchmark, on a copy of the folder);
#       - lease: p50/p99 with each of LEASE_QUEUES (default "10 1000 10000 100000") queued over an
#         archive of LEASE_ARCHIVE (default 1000), beside a find-and-modify by id.
#   scripts/scale-benchmark.sh startup|board [N] [TEAMS]     one part only
#   scripts/scale-benchmark.sh lease [ARCHIVE] [ROUNDS] [Q...]
# Classes: platform/src/test/java/org/palmares/platform/bench/{ScaleSeed,BoardBenchmark,SseSpectators,
# ScaleBenchmark}.java. Needs wrk (apt-get install wrk) and, for start-up, the Docker engine.
set -euo pipefail
umask 077 # the data folders must stay owner-only (the platform refuses others)
cd "$(dirname "$0")/.."
. scripts/java-home.sh
mode=all
case "${1:-}" in all|startup|board|lease) mode="$1"; shift ;; esac
ulimit -n 20000 2>/dev/null || true
cp_file="$(mktemp)"
./mvnw -B -q -pl platform -am package dependency:build-classpath -DskipTests -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file" >/dev/null
cp="platform/target/test-classes:platform/target/classes:evaluator/target/test-classes:evaluator/target/classes"
cp="$cp:$(cat "$cp_file")"
rm -f "$cp_file"
quiet() { grep --line-buffered -v -E '^(\[.*\] )?[0-9T:.-]*Z? ?(INFO|WARN|WARNING)|^WARNING' || true; }
load() { echo "(load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores)"; }
# the class-data sharing archive run.sh uses, made by the first start
cds="-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=platform/target/palmares.jsa"

lease() {
  local archive="${1:-${LEASE_ARCHIVE:-1000}}" rounds="${2:-200}"
  shift 2 || shift $# || true
  local sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || read -r -a sizes <<< "${LEASE_QUEUES:-10 1000 10000 100000}"
  echo "== lease $(load)"
  java -cp "$cp" org.palmares.platform.bench.ScaleBenchmark lease "$archive" 100 "$rounds" "${sizes[@]}" 2>&1 | quiet
}

if [ "$mode" = lease ]; then
  lease "$@"
  exit 0
fi

n="${1:-100000}"; teams="${2:-1000}"; runs="${RUNS:-3}"
seed="target/scale/seed-$n-$teams"
if [ ! -d "$seed" ]; then
  mkdir -p target/scale
  echo "== seeding $n scored submissions over $teams teams $(load)"
  java -cp "$cp" org.palmares.platform.bench.ScaleSeed "$seed" "$n" "$teams" 40 2>&1 | quiet
fi

# serve DATA LOG [args]: starts the platform, prints the start-up, leaves $pid
serve() {
  local data="$1" log="$2"; shift 2
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  local t0; t0="$(date +%s%N)"
  # shellcheck disable=SC2086
  java $cds -jar platform/target/palmares.jar serve --data "$data" --challenges challenges --port "$port" "$@" \
    > "$log" 2>&1 &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/challenges" || true)" = 200 ]; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "the platform stopped:"; tail -20 "$log"; exit 1; fi
    sleep 0.05
  done
  local t1; t1="$(date +%s%N)"
  startup_ms=$(( (t1 - t0) / 1000000 ))
  startup_cpu="$(awk -v t="$(getconf CLK_TCK)" '{printf "%.1f", ($14+$15)/t}' "/proc/$pid/stat")"
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; }

if [ ! -f "$seed.started" ]; then
  # without the evaluator: the queued submissions stay queued for the board part
  serve "$seed" "$seed.serve.log" --no-evaluator
  echo "first start of the seeded folder (migrations, board built once from the archive): $startup_ms ms, ${startup_cpu} s CPU $(load)"
  stop
  touch "$seed.started"
fi

if [ "$mode" = all ] || [ "$mode" = startup ]; then
  echo "== start-up, $n stored submissions, $teams teams"
  for run in $(seq 1 "$runs"); do
    data="$(mktemp -d)"; chmod 700 "$data"
    cp -a "$seed/." "$data/"
    serve "$data" "$data.serve.log"
    echo "run $run: $startup_ms ms to the first 200, ${startup_cpu} s CPU $(load)"
    if [ "$run" = "$runs" ]; then
      sleep 30 # the evaluator's start (orphan reaping, hand-back) settles
      tck="$(getconf CLK_TCK)"
      a="$(awk '{print $14+$15}' "/proc/$pid/stat")"
      sleep 60
      b="$(awk '{print $14+$15}' "/proc/$pid/stat")"
      python3 -c "print('idle CPU over 60 s, $n stored submissions: %.2f%% of a core' % (($b-$a)/$tck/60*100))"
      load
    fi
    stop
    rm -rf "$data" "$data.serve.log"
  done
fi

if [ "$mode" = all ] || [ "$mode" = board ]; then
  command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
  echo "== board, report -> board, spectators $(load)"
  data="$(mktemp -d)"; chmod 700 "$data"
  cp -a "$seed/." "$data/"
  java -Xmx2g -cp "$cp" org.palmares.platform.bench.BoardBenchmark "$n" "$teams" "$data" 2>&1 | quiet
  load
  rm -rf "$data"
fi

if [ "$mode" = all ]; then
  lease
fi
