#!/usr/bin/env bash
# What the browser tests (*BrowserIT) need, from package registries only: Debian's chromium and
# its chromedriver (no browser download at test time), and axe-core from npm at the version
# pinned in platform/src/test/browser/package-lock.json (npm ci: the lock's integrity hash is
# checked), into platform/src/test/browser/node_modules (ignored by git). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[browser-deps] %s\n' "$*"; }

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    say "missing ${missing[*]}: install them (Debian: apt-get install -y chromium chromium-driver npm)"
    exit 1
  fi
  say "installing ${missing[*]}"
  apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

browser=platform/src/test/browser
locked=$(node -p "require('./$browser/package-lock.json').packages['node_modules/axe-core'].version")
installed=$(node -p "try { require('./$browser/node_modules/axe-core/package.json').version } catch (e) { '' }")
if [ "$locked" != "$installed" ] || [ ! -f "$browser/node_modules/axe-core/axe.min.js" ]; then
  say "installing axe-core (npm ci)"
  npm ci --prefix "$browser" --no-audit --no-fund --ignore-scripts >/dev/null
fi
say "chromium $(chromium --version 2>/dev/null | awk '{print $2}'), axe-core $(node -p "require('./$browser/node_modules/axe-core/package.json').version")"
