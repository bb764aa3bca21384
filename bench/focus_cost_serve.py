"""Render `/metrics` of the FOCUS cost exporter for a 100k-row snapshot; target: under 1 s.

The rows are the official FOCUS 1.0 sample's 1,000 rows, repeated with shifted charge periods (one hour per
copy) so every row is distinct, exactly the shapes (labels, tags, value magnitudes) of real data.

    .venv/bin/python bench/focus_cost_serve.py [--rows 100000] [--runs 5] [--metrics billed_cost,effective_cost]

Prints the snapshot build time (done once per poll, off the scrape path), then the median render time and
size of the exposition in both formats, as served by the app (`Exporter.render`), and for comparison
prometheus_client's own encoder over the same registry (one run).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

from prometheus_client.exposition import generate_latest

from exporters.focus_cost.app import build
from exporters.focus_cost.collector import CostLayout, build_cost_snapshot
from exporters.focus_cost.config import ExporterConfig, SourceConfig
from finops.runtime import tune_gc
from finops.web import WebConfig
from focus.reader import read_focus

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "focus" / "focus-1.0-sample.csv"


def rows(n: int) -> Iterator[dict[str, Any]]:
    base = list(read_focus(SAMPLE))
    for i in range(n):
        row = dict(base[i % len(base)])
        shift = timedelta(hours=i // len(base))
        row["ChargePeriodStart"] = row["ChargePeriodStart"] + shift
        row["ChargePeriodEnd"] = row["ChargePeriodEnd"] + shift
        yield row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--metrics", default="billed_cost,effective_cost")
    args = parser.parse_args()
    metrics = tuple(args.metrics.split(","))
    tune_gc()  # as `finops exporter focus-cost` does before serving
    source = SourceConfig(name="bench", path=str(SAMPLE), metrics=metrics, tag_labels=("environment",))
    exporter = build(ExporterConfig(web=WebConfig(host="127.0.0.1", port=0), sources=(source,)), start_pollers=False)
    started = time.perf_counter()
    snapshot = build_cost_snapshot("bench", rows(args.rows), CostLayout(metrics, (), ("environment",)))
    print(
        f"snapshot: {len(snapshot.series)} series x {len(metrics)} families built in "
        f"{time.perf_counter() - started:.2f}s (per poll, off the scrape path)"
    )
    poller = exporter.pollers[0]
    poller._state = type(poller.state)(snapshot, poller.status)  # install the snapshot as a poll would
    for label, accept in (("text 0.0.4", "text/plain"), ("OpenMetrics", "application/openmetrics-text")):
        times = []
        body = b""
        for _ in range(args.runs):
            t0 = time.perf_counter()
            body, _ctype = exporter.render(accept)
            times.append(time.perf_counter() - t0)
        print(f"{label}: median {statistics.median(times):.3f}s over {args.runs} runs, {len(body):,} bytes")
    t0 = time.perf_counter()
    reference = generate_latest(exporter.registry)
    print(f"prometheus_client generate_latest (reference): {time.perf_counter() - t0:.3f}s, {len(reference):,} bytes")


if __name__ == "__main__":
    main()
