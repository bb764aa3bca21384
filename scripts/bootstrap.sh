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
