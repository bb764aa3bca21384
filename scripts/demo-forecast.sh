#!/usr/bin/env bash
# The demo's forecast step: `finops report forecast` over the FOCUS sample (September 2024) as of 1 October,
# stored, so `finops exporter forecast` and the forecast dashboard have something to show.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
echo "Forecasts of daily effective cost (finops report forecast --as-of 2024-10-01 --store):"
"$root/.venv/bin/finops" report forecast --as-of 2024-10-01 --store --forecast.horizon 14d \
  --forecast.usage.metrics "" || echo "(forecast step failed: see above)"
