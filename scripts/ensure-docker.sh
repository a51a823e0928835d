#!/usr/bin/env bash
# Makes sure a Docker engine is reachable, which the evaluator needs to run submissions.
# On Debian as root it installs Debian's docker.io if the daemon is missing and starts dockerd
# in the background; elsewhere it says what to do. Idempotent: does nothing when `docker info`
# already works.
set -euo pipefail

LOG=/var/log/palmares-dockerd.log
WAIT_SECONDS=60

say() { printf '[ensure-docker] %s\n' "$*"; }

engine_up() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

if engine_up; then
  say "Docker engine reachable ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"
  exit 0
fi

is_debian() { [ -r /etc/debian_version ] && grep -qsi '^ID=debian' /etc/os-release; }

if [ "$(id -u)" -ne 0 ] || ! is_debian; then
  cat >&2 <<'EOF'
[ensure-docker] No Docker engine is reachable (`docker info` failed). Palmarès needs one to run submissions.
  - If Docker is not installed: install Docker Engine (https://docs.docker.com/engine/install/),
    or on Debian/Ubuntu `sudo apt-get install docker.io`.
  - If it is installed but not running: start it, e.g. `sudo systemctl start docker`
    (or start Docker Desktop).
  - If it runs but you get "permission denied" on /var/run/docker.sock: add yourself to the
    docker group (`sudo usermod -aG docker "$USER"`, then log out and in again), or point
    DOCKER_HOST at an engine you may use.
  Then run this script again.
EOF
  exit 1
fi

# /usr/local/bin/docker may be a client only: what matters is the daemon.
if ! command -v dockerd >/dev/null 2>&1; then
  say "dockerd not found: installing Debian's docker.io"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y docker.io
fi

if command -v pgrep >/dev/null && pgrep -x dockerd >/dev/null 2>&1; then
  say "dockerd is already running; waiting for it to answer"
else
  say "starting dockerd in the background (log: $LOG)"
  nohup dockerd >>"$LOG" 2>&1 </dev/null &
fi

for ((i = 0; i < WAIT_SECONDS; i++)); do
  if engine_up; then
    say "Docker engine reachable after ${i} s"
    exit 0
  fi
  sleep 1
done

say "dockerd did not answer within ${WAIT_SECONDS} s; last lines of $LOG:" >&2
tail -n 20 "$LOG" >&2 2>/dev/null || true
exit 1
