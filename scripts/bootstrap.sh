#!/usr/bin/env bash
# Installs what the project needs on Debian 12 and is quick when everything is already there:
# PostgreSQL 15, the TimescaleDB extension (Apache-2 build from Debian's source package), Prometheus,
# and the project's Python virtual environment.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_MAJOR="${FINOPS_PG_MAJOR:-15}"
PG_BIN="/usr/lib/postgresql/${PG_MAJOR}/bin"
VENV="${FINOPS_VENV:-$here/.venv}"
PYTHON="${FINOPS_PYTHON:-python3}"

log() { printf 'bootstrap: %s\n' "$*" >&2; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    $SUDO apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

missing=()
for pkg in "postgresql-${PG_MAJOR}" "postgresql-contrib" prometheus curl ca-certificates; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  apt_install "${missing[@]}"
fi

ext_dir="$("$PG_BIN/pg_config" --sharedir 2>/dev/null || echo "/usr/share/postgresql/${PG_MAJOR}")/extension"
if [ ! -f "$ext_dir/timescaledb.control" ]; then
  log "building the TimescaleDB extension (Apache-2 edition) from Debian's source package"
  apt_install "postgresql-server-dev-${PG_MAJOR}" cmake dpkg-dev gcc make libssl-dev
  src_list=/etc/apt/sources.list.d/finops-trixie-src.sources
  if [ ! -f "$src_list" ]; then
    $SUDO tee "$src_list" >/dev/null <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    $SUDO apt-get update -qq
  fi
  build="$(mktemp -d)"
  (
    cd "$build"
    apt-get source -qq --download-only timescaledb >/dev/null 2>&1 || apt-get source -qq timescaledb >/dev/null
    dpkg-source -x --skip-patches ./timescaledb_*.dsc src >/dev/null 2>&1 || true
    [ -d src ] || mv "$(find . -maxdepth 1 -type d -name 'timescaledb-*' | head -n1)" src
    cd src
    cmake -S . -B build -DAPACHE_ONLY=ON -DREGRESS_CHECKS=OFF -DTAP_CHECKS=OFF \
      -DWARNINGS_AS_ERRORS=OFF -DSEND_TELEMETRY_DEFAULT=OFF -DUSE_TELEMETRY=OFF \
      -DPG_CONFIG="$PG_BIN/pg_config" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build build -j"$(nproc)" >/dev/null
    $SUDO cmake --install build >/dev/null
  )
  rm -rf "$build"
  log "TimescaleDB installed into $ext_dir"
fi

# Test peers and tools Debian 12 lacks, unpacked (not installed) from Debian sid's packages into var/: static Go
# binaries. Prometheus 3, whose remote-read client asks for STREAMED_XOR_CHUNKS (2.42's asks for SAMPLES only);
# kustomize, which renders deploy/kubernetes (Debian 12's kubectl is too old for it).
fetch_sid_binary() {  # PACKAGE PATH-IN-PACKAGE DESTINATION
  local tmp
  tmp="$(mktemp -d)"
  mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main" \
    > "$tmp/sources.list"
  local apt_opts=(-o Dir::Etc::SourceList="$tmp/sources.list" -o Dir::Etc::SourceParts=/dev/null
                  -o Dir::State::Lists="$tmp/lists" -o Dir::Cache="$tmp/cache" -o Debug::NoLocking=1)
  apt-get "${apt_opts[@]}" update -qq
  (cd "$tmp" && apt-get "${apt_opts[@]}" download "$1" >/dev/null 2>&1)
  dpkg-deb -x "$tmp"/"$1"_*.deb "$tmp/root"
  mkdir -p "$(dirname "$3")"
  cp "$tmp/root/$2" "$3"
  rm -rf "$tmp"
}
PROM3="$here/var/prometheus3/prometheus"
if [ ! -x "$PROM3" ]; then
  log "fetching Prometheus 3 (Debian sid's package) into var/prometheus3 for the remote-read tests"
  fetch_sid_binary prometheus usr/bin/prometheus "$PROM3"
fi
KUSTOMIZE="$here/var/kustomize/kustomize"
if [ ! -x "$KUSTOMIZE" ]; then
  log "fetching kustomize (Debian sid's package) into var/kustomize for the deploy/kubernetes tests"
  fetch_sid_binary kustomize usr/bin/kustomize "$KUSTOMIZE"
fi
if ! command -v npm >/dev/null 2>&1; then
  log "installing npm (the Prometheus Operator schema validators of tests/deploy are npm packages)"
  apt_install nodejs npm
fi

if [ ! -x "$VENV/bin/python" ]; then
  log "creating the virtual environment $VENV"
  if ! "$PYTHON" -m venv --help >/dev/null 2>&1 || ! "$PYTHON" -c "import ensurepip" 2>/dev/null; then
    apt_install python3-venv   # Debian splits venv/ensurepip out of python3
  fi
  "$PYTHON" -m venv "$VENV"
fi
stamp="$VENV/.finops-installed"
if [ ! -f "$stamp" ] || [ "$here/pyproject.toml" -nt "$stamp" ]; then
  log "installing the project and its dependencies into $VENV"
  "$VENV/bin/pip" install -q --upgrade pip >/dev/null
  "$VENV/bin/pip" install -q -e "$here[dev]"
  touch "$stamp"
fi
if [ "${FINOPS_SKIP_FOCUS_VALIDATOR:-}" != "1" ]; then
  # the official FOCUS validator, used by the tests (its own Python 3.12 venv; quick when present)
  bash "$here/scripts/install-focus-validator.sh" >/dev/null
fi
bash "$here/scripts/install-k8s-validators.sh" >/dev/null   # Prometheus Operator schemas for tests/deploy
log "ready"
