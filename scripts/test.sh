#!/usr/bin/env bash
# The test command (`make test` is the same): installs what the tests need, then lint, types (the tests' too), the
# import layering and every test.
# The tests start their own PostgreSQL+TimescaleDB cluster and Prometheus processes; nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/ruff check .
.venv/bin/mypy finops focus remote_write_adapter exporters reports tests
.venv/bin/lint-imports --no-cache   # the layering: contracts in pyproject.toml [tool.importlinter]
exec .venv/bin/pytest -p no:cacheprovider "$@"
