"""Runs every benchmark in turn; each prints its own ratio against a baseline measured in the same run.

    .venv/bin/python -m bench [NAME ...]     (or `make bench`)

names: ingest, store, decode, focus_load, focus_serve, focus_parse, focus_validate, focus_cardinality, azure,
       metrics_gzip, forecast_accuracy, rightsizing, carbon, series_churn
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = {
    "ingest": [sys.executable, "-m", "bench.ingest"],
    "store": [sys.executable, "-m", "bench.store"],
    "decode": [sys.executable, str(HERE / "protocol_decode.py")],
    "focus_load": [sys.executable, "-m", "bench.focus_load"],
    "focus_serve": [sys.executable, str(HERE / "focus_cost_serve.py")],
    "focus_parse": [sys.executable, str(HERE / "focus_parse.py")],
    "focus_validate": [sys.executable, str(HERE / "focus_validate.py")],
    "focus_cardinality": [sys.executable, str(HERE / "focus_cardinality.py")],
    "azure": [sys.executable, str(HERE / "azure_scale.py")],
    "metrics_gzip": [sys.executable, "-m", "bench.metrics_gzip"],
    "forecast_accuracy": [sys.executable, str(HERE / "forecast_accuracy.py")],
    "rightsizing": [sys.executable, "-m", "bench.rightsizing"],
    "carbon": [sys.executable, str(HERE / "carbon.py")],
    "series_churn": [sys.executable, "-m", "bench.series_churn"],
}


def main() -> None:
    names = sys.argv[1:] or list(BENCHES)
    unknown = [n for n in names if n not in BENCHES]
    if unknown:
        raise SystemExit(f"unknown benchmark(s) {unknown}; choose from {list(BENCHES)}")
    failed = []
    for name in names:
        print(f"\n===== {name}: {' '.join(BENCHES[name][1:])}", flush=True)
        if subprocess.run(BENCHES[name], cwd=HERE.parent, check=False).returncode != 0:
            failed.append(name)
    if failed:
        raise SystemExit(f"failed: {failed}")


if __name__ == "__main__":
    main()
