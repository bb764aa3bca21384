#!/usr/bin/env bash
# Installs the official FOCUS validator (PyPI `focus-validator`, 2.x) into its own virtual environment,
# .venv-focus-validator at the repository root, with Python 3.12 from pyenv (it needs Python >= 3.12 and pins
# pandas/numpy versions that must not mix with the project's venv).
# Idempotent: returns quickly when the validator is already installed and imports; prints its path.
# Running it offline: `--block-download` uses the bundled model (1.2: model-1.2.0.1.json); the validator reads
# focus_validator/rules/currency_codes.csv relative to the working directory, so run it from site-packages
# (tests/focus_db/test_focus_validator.py does).
# scripts/bootstrap.sh runs this script; the tests only look for the venv (and fail, naming bootstrap, when it
# is missing) and read the rule models bundled in focus_validator/rules/model-*.json.
#   FOCUS_VALIDATOR_VENV   override the venv path
#   FOCUS_VALIDATOR_SPEC   override the pip requirement (default: focus-validator>=2.1,<3)
#   FOCUS_VALIDATOR_PYTHON a python3.12+ interpreter to use instead of pyenv's
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${FOCUS_VALIDATOR_VENV:-$here/.venv-focus-validator}"
spec="${FOCUS_VALIDATOR_SPEC:-focus-validator>=2.1,<3}"
# focus-validator 2.x pins numpy ^1.26, but pip would pick pyarrow >= 22, which needs NumPy 2 and fails on import
constraints=("pyarrow>=15,<22")

log() { printf 'install-focus-validator: %s\n' "$*" >&2; }

smoke='import pyarrow, polars, duckdb, focus_validator.main'
if [ -x "$venv/bin/focus-validator" ] && "$venv/bin/python" -c "$smoke" 2>/dev/null; then
  log "already installed in $venv ($("$venv/bin/python" -m pip show focus-validator 2>/dev/null | sed -n 's/^Version: //p'))"
  echo "$venv/bin/focus-validator"
  exit 0
fi

find_python() {
  if [ -n "${FOCUS_VALIDATOR_PYTHON:-}" ]; then echo "$FOCUS_VALIDATOR_PYTHON"; return 0; fi
  if command -v pyenv >/dev/null 2>&1; then
    local root candidate
    root="$(pyenv root)"
    for candidate in $(ls -d "$root"/versions/3.12.* 2>/dev/null | sort -V -r); do
      if [ -x "$candidate/bin/python3.12" ]; then echo "$candidate/bin/python3.12"; return 0; fi
    done
    if candidate="$(PYENV_VERSION="$(pyenv versions --bare | grep -E '^3\.12' | sort -V | tail -n1)" \
        pyenv which python3.12 2>/dev/null)"; then
      echo "$candidate"; return 0
    fi
  fi
  if command -v python3.12 >/dev/null 2>&1; then command -v python3.12; return 0; fi
  return 1
}

if ! python="$(find_python)"; then
  log "no Python 3.12 found (pyenv install 3.12, or set FOCUS_VALIDATOR_PYTHON)"
  exit 1
fi
log "creating $venv with $python"
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
log "installing $spec"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$spec" "${constraints[@]}" >&2
"$venv/bin/python" -c "$smoke" >&2
log "installed $("$venv/bin/python" -m pip show focus-validator | sed -n 's/^Version: //p')"
echo "$venv/bin/focus-validator"
