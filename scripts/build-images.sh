#!/usr/bin/env bash
# Builds the Docker images the demo challenges need, offline (no container registry): two base
# images bootstrapped from Debian packages with mmdebstrap, then the demo challenges' baselines.
# Idempotent: an image that already exists is skipped; --force rebuilds the base images too.
# The hostile test images under evaluator/src/test/docker are built by the tests, not here.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUITE=bookworm
BUNDLE="$ROOT/challenges/breast-cancer-diagnosis"
SURVIVAL_BUNDLE="$ROOT/challenges/breast-cancer-survival"
TWO_SITES_BUNDLE="$ROOT/challenges/breast-cancer-two-sites"
HISTOLOGY_BUNDLE="$ROOT/challenges/histology-lesions"
FORCE=0

for arg in "$@"; do
  case "$arg" in
    --force) FORCE=1 ;;
    -h|--help)
      echo "usage: $0 [--force]   build palmares base and baseline images (--force: rebuild all)"
      exit 0 ;;
    *) echo "unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done

log() { printf '[build-images] %s\n' "$*"; }

if ! docker info >/dev/null 2>&1; then
  log "no Docker engine reachable; run scripts/ensure-docker.sh first" >&2
  exit 1
fi

# The Debian mirror apt already uses on this host (deb822 .sources first, then sources.list),
# skipping security/updates archives; falls back to the public mirror.
debian_mirror() {
  local uri=""
  shopt -s nullglob
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    uri="$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }' "$f" \
      | grep -E '/debian/?$' | grep -v -- '-security' | head -n 1 || true)"
    [ -n "$uri" ] && break
  done
  if [ -z "$uri" ]; then
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
      [ -r "$f" ] || continue
      uri="$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; break } }' "$f" \
        | grep -E '/debian/?$' | grep -v -- '-security' | head -n 1 || true)"
      [ -n "$uri" ] && break
    done
  fi
  shopt -u nullglob
  echo "${uri:-http://deb.debian.org/debian}"
}

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# Debian's python3-scipy (bookworm) hard-depends on python3-pythran, an ahead-of-time compiler
# needed only to build scipy, which drags in gcc, g++, boost and the Python headers (~400 MB).
# An empty package that Provides python3-pythran, installed before the packages are resolved,
# satisfies that dependency the apt way, so the image stays consistent for apt (a competitor may
# still `apt-get install` more packages on top of it).
make_pythran_stub() {
  local dir="$1/palmares-pythran-stub"
  mkdir -p "$dir/DEBIAN"
  cat >"$dir/DEBIAN/control" <<'CONTROL'
Package: palmares-pythran-stub
Version: 1.0
Architecture: all
Maintainer: Palmares <palmares@localhost>
Provides: python3-pythran
Description: stands in for python3-pythran in Palmares runtime images
 scipy needs pythran only to be built, not to run.
CONTROL
  dpkg-deb --build --root-owner-group "$dir" "$1/palmares-pythran-stub_1.0_all.deb" >/dev/null
  echo "$1/palmares-pythran-stub_1.0_all.deb"
}

# build_base NAME PACKAGES [STUB_DEB]: a minimal Debian root filesystem with PACKAGES, imported
# as NAME; STUB_DEB, if given, is installed right after the essential packages.
build_base() {
  local name="$1" packages="$2" stub_deb="${3:-}"
  if [ "$FORCE" -eq 0 ] && image_exists "$name"; then
    log "base $name exists, skipping (use --force to rebuild)"
    return
  fi
  if ! command -v mmdebstrap >/dev/null; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
      log "installing mmdebstrap (Debian package) to bootstrap base images"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap >/dev/null
    else
      log "mmdebstrap is needed to build $name: sudo apt-get install -y mmdebstrap" >&2
      exit 1
    fi
  fi
  local mirror
  mirror="$(debian_mirror)"
  log "base $name: mmdebstrap $SUITE minbase + [$packages] from $mirror (about a minute)"
  local started=$SECONDS old_id
  old_id="$(docker image inspect --format '{{.Id}}' "$name" 2>/dev/null || true)"
  local -a extra=()
  # (A local .deb given to --include is not reachable once dpkg chroots, hence the hooks.)
  [ -n "$stub_deb" ] && extra+=(
    --essential-hook="copy-in $stub_deb /tmp"
    --essential-hook="chroot \"\$1\" dpkg -i /tmp/$(basename "$stub_deb")"
    --essential-hook="rm -f \"\$1\"/tmp/$(basename "$stub_deb")")
  # merged /usr via symlinks, as debootstrap does: otherwise mmdebstrap installs usrmerge,
  # which pulls in the whole of perl.
  [ -d /usr/share/mmdebstrap/hooks/merged-usr ] \
    && extra+=(--hook-dir=/usr/share/mmdebstrap/hooks/merged-usr)
  # No recommends, no docs/man/locales: the images stay small, and nothing at run time needs them.
  local mmlog="$WORK/mmdebstrap.log"
  mmdebstrap --quiet --variant=minbase --include="$packages" "${extra[@]}" \
    --aptopt='APT::Install-Recommends "false"' \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/*' \
    "$SUITE" - "$mirror" 2>"$mmlog" \
    | docker import \
        --change 'ENV LANG=C.UTF-8' \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV PYTHONDONTWRITEBYTECODE=1' \
        --change 'ENV PYTHONUNBUFFERED=1' \
        --change 'CMD ["python3"]' \
        - "$name" >/dev/null \
    || { tail -n 30 "$mmlog" >&2; log "building $name failed (mmdebstrap log above)" >&2; exit 1; }
  # A rebuilt base leaves its predecessor dangling: drop it (kept if something still uses it).
  if [ -n "$old_id" ] && [ "$old_id" != "$(docker image inspect --format '{{.Id}}' "$name")" ]; then
    docker rmi "$old_id" >/dev/null 2>&1 || true
  fi
  log "base $name built in $((SECONDS - started)) s"
}

# build_baseline NAME DIR [BUNDLE]: always runs docker build (layer cache makes a no-op rebuild
# fast). BUNDLE, the challenge folder DIR belongs to, defaults to breast-cancer-diagnosis.
build_baseline() {
  local name="$1" dir="$2" bundle="${3:-$BUNDLE}"
  log "baseline $name from ${dir#"$ROOT"/}"
  local started=$SECONDS
  # The build context is the bundle folder so the Dockerfile can COPY public/train.csv;
  # a .dockerignore there keeps hidden/ out of the context.
  # (Output is shown only on failure: the legacy builder's deprecation notice is noise.)
  local output
  if ! output="$(docker build --network none -t "$name" -f "$dir/Dockerfile" "$bundle" 2>&1)"; then
    printf '%s\n' "$output" >&2
    log "building $name failed" >&2
    exit 1
  fi
  log "baseline $name ready in $((SECONDS - started)) s"
}

build_base palmares/base-python3:$SUITE python3
build_base palmares/base-python3-sklearn:$SUITE python3-sklearn "$(make_pythran_stub "$WORK")"
# image challenges: scikit-image (scipy, numpy) and Pillow for PNG/TIFF
build_base palmares/base-python3-skimage:$SUITE "python3-skimage python3-pil" "$(make_pythran_stub "$WORK")"

build_baseline palmares/baseline-constant:latest "$BUNDLE/baselines/constant"
build_baseline palmares/baseline-logreg:latest "$BUNDLE/baselines/logreg"
build_baseline palmares/baseline-cox:latest "$SURVIVAL_BUNDLE/baselines/cox" "$SURVIVAL_BUNDLE"
build_baseline palmares/baseline-cox-two-sites:latest "$TWO_SITES_BUNDLE/baselines/cox" "$TWO_SITES_BUNDLE"
build_baseline palmares/baseline-threshold-seg:latest "$HISTOLOGY_BUNDLE/baselines/threshold" "$HISTOLOGY_BUNDLE"
build_baseline palmares/baseline-constant-grade:latest "$HISTOLOGY_BUNDLE/baselines/constant-grade" "$HISTOLOGY_BUNDLE"
build_baseline palmares/baseline-blobs-detect:latest "$HISTOLOGY_BUNDLE/baselines/blobs" "$HISTOLOGY_BUNDLE"

log "done:"
docker images --format '{{.Repository}}:{{.Tag}}\t{{.Size}}' | grep '^palmares/' | sort | sed 's/^/  /'
