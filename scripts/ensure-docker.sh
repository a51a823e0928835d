#!/usr/bin/env bash
# Makes sure a Docker engine is reachable, which the evaluator needs to run submissions.
# On Debian as root it installs Debian's docker.io if the daemon is missing and starts dockerd
# in the background; elsewhere it says what to do. On Debian as root it also installs gVisor's
# `runsc` and a static busybox (the sandbox's in-container supervisor) and registers runsc as the
# engine runtime "runsc" (with --network=none) in /etc/docker/daemon.json, telling a running
# dockerd with SIGHUP (a reload: running containers are untouched). Idempotent: with the engine
# up and runsc registered it changes nothing.
set -euo pipefail

LOG=/var/log/palmares-dockerd.log
WAIT_SECONDS=60

say() { printf '[ensure-docker] %s\n' "$*"; }

engine_up() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

is_debian() { [ -r /etc/debian_version ] && grep -qsi '^ID=debian' /etc/os-release; }
can_install() { [ "$(id -u)" -eq 0 ] && is_debian; }
DAEMON_JSON=/etc/docker/daemon.json

# gVisor and the static busybox, from Debian's packages (no download of our own).
install_sandbox_tools() {
  local missing=()
  command -v runsc >/dev/null 2>&1 || missing+=(runsc)
  dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    apt-get update -qq || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Adds the runtime "runsc" to daemon.json, keeping what else is there. Prints "changed" when it wrote.
register_runsc() {
  local runsc
  runsc="$(command -v runsc)" || return 0
  mkdir -p "$(dirname "$DAEMON_JSON")"
  if ! command -v python3 >/dev/null 2>&1; then
    # No JSON tool: write the file only when there is none to merge with.
    if [ ! -s "$DAEMON_JSON" ]; then
      printf '{\n  "runtimes": {\n    "runsc": {"path": "%s", "runtimeArgs": ["--network=none"]}\n  }\n}\n' \
        "$runsc" >"$DAEMON_JSON"
      echo changed
    elif ! grep -q '"runsc"' "$DAEMON_JSON"; then
      say "WARNING: add the runtime runsc to $DAEMON_JSON by hand (no python3 here to merge it)" >&2
    fi
    return 0
  fi
  python3 - "$DAEMON_JSON" "$runsc" <<'PY'
import json, os, sys
path, runsc = sys.argv[1], sys.argv[2]
conf = {}
if os.path.exists(path) and os.path.getsize(path) > 0:
    with open(path) as f:
        conf = json.load(f)
want = {"path": runsc, "runtimeArgs": ["--network=none"]}
if conf.get("runtimes", {}).get("runsc") != want:
    conf.setdefault("runtimes", {})["runsc"] = want
    tmp = path + ".palmares-tmp"
    with open(tmp, "w") as f:
        json.dump(conf, f, indent=2)
        f.write("\n")
    os.replace(tmp, path)
    print("changed")
PY
}

engine_lists_runsc() { docker info --format '{{json .Runtimes}}' 2>/dev/null | grep -q '"runsc"'; }

if engine_up; then
  say "Docker engine reachable ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"
  if can_install && ! { engine_lists_runsc && dpkg -s busybox-static >/dev/null 2>&1; }; then
    install_sandbox_tools
    if [ "$(register_runsc)" = changed ] || ! engine_lists_runsc; then
      pid="$(pgrep -xo dockerd 2>/dev/null || true)"
      if [ -n "$pid" ]; then
        say "runsc registered in $DAEMON_JSON; reloading dockerd (SIGHUP, running containers are kept)"
        kill -HUP "$pid"
        for ((i = 0; i < 20; i++)); do engine_lists_runsc && break; sleep 0.5; done
      fi
    fi
  fi
  [ -x /bin/busybox ] || say "WARNING: no /bin/busybox: the sandbox needs a static one (Debian: busybox-static)" >&2
  if engine_lists_runsc; then
    say "gVisor runtime runsc available: sandboxes run under it"
  else
    say "WARNING: the engine has no runtime runsc (gVisor): sandboxes run under runc" >&2
  fi
  exit 0
fi

if ! can_install; then
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

install_sandbox_tools
register_runsc >/dev/null

if command -v pgrep >/dev/null && pgrep -x dockerd >/dev/null 2>&1; then
  say "dockerd is already running; waiting for it to answer"
else
  say "starting dockerd in the background (log: $LOG)"
  nohup dockerd >>"$LOG" 2>&1 </dev/null &
fi

for ((i = 0; i < WAIT_SECONDS; i++)); do
  if engine_up; then
    say "Docker engine reachable after ${i} s"
    engine_lists_runsc || say "WARNING: the engine has no runtime runsc (gVisor): sandboxes run under runc" >&2
    exit 0
  fi
  sleep 1
done

say "dockerd did not answer within ${WAIT_SECONDS} s; last lines of $LOG:" >&2
tail -n 20 "$LOG" >&2 2>/dev/null || true
exit 1
