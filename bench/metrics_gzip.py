"""`/metrics` with `Accept-Encoding: gzip` (what Prometheus sends) for a large FOCUS exposition: the render
alone is the baseline; render + gzip at the level the app uses and at zlib's default are the ratios.

    .venv/bin/python -m bench.metrics_gzip [--rows 27000] [--runs 5]

Prints median times over the runs, the sizes, and each ratio against the plain render of the same run.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import time
from collections.abc import Callable

from bench.focus_cost_serve import SAMPLE, rows
from exporters.base.app import GZIP_LEVEL, _encode
from exporters.focus_cost.app import build
from exporters.focus_cost.collector import CostLayout, build_cost_snapshot
from exporters.focus_cost.config import ExporterConfig, SourceConfig
from finops.runtime import tune_gc
from finops.web import WebConfig

METRICS = ("billed_cost", "effective_cost")  # the default of a source


def median_seconds(runs: int, work: Callable[[], bytes]) -> tuple[float, bytes]:
    times, body = [], b""
    for _ in range(runs):
        started = time.perf_counter()
        body = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=27_000)  # about 40 MB of exposition, as in issue 8
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    tune_gc()
    source = SourceConfig(name="bench", path=str(SAMPLE), metrics=METRICS, tag_labels=("environment",))
    exporter = build(ExporterConfig(web=WebConfig(host="127.0.0.1", port=0), sources=(source,)), start_pollers=False)
    snapshot = build_cost_snapshot("bench", rows(args.rows), CostLayout(METRICS, (), ("environment",)))
    poller = exporter.pollers[0]
    poller._state = type(poller.state)(snapshot, poller.status)  # install the snapshot as a poll would
    accept = "application/openmetrics-text"  # Prometheus' first choice
    base, plain = median_seconds(args.runs, lambda: exporter.render(accept)[0])
    print(f"render only (baseline): median {base:.3f}s, {len(plain) / 1e6:.1f} MB")
    served, body = median_seconds(args.runs, lambda: _encode(exporter.render, accept, True)[0])
    print(f"render + gzip level {GZIP_LEVEL} (served): median {served:.3f}s, {len(body) / 1e6:.2f} MB "
          f"({len(plain) / len(body):.0f}x smaller), {served / base:.2f}x the render time")
    default, body6 = median_seconds(args.runs, lambda: gzip.compress(exporter.render(accept)[0], 6, mtime=0))
    print(f"render + gzip level 6 (zlib default): median {default:.3f}s, {len(body6) / 1e6:.2f} MB, "
          f"{default / base:.2f}x the render time")


if __name__ == "__main__":
    main()
