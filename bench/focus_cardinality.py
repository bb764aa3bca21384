"""What exposing a 100k-row FOCUS bill costs a real Prometheus, for several label choices, in one run.

    .venv/bin/python bench/focus_cardinality.py                       # 100k rows, 4 scrapes at 15s per layout
    .venv/bin/python bench/focus_cardinality.py --rows 20000 --scrapes 2 --layouts default,extra

The bill is bench/focus_parse.py's generated FOCUS 1.0 file (the sample's shapes, one Id and charge hour per
row; cached in the temporary directory). Per layout, on 127.0.0.1 only:
  1. the FOCUS cost exporter (`python -m finops exporter focus-cost`) serves the bill (waits for its first poll);
     the exposition is fetched once as Prometheus would (gzip accepted): size and time;
  2. a fresh Prometheus (the `prometheus` on PATH, own TSDB in a temporary folder) starts without the exporter
     job; after it settles, `prometheus_tsdb_head_series`, `process_resident_memory_bytes` and
     `go_memstats_heap_inuse_bytes` are read from its own /metrics ("before");
  3. the exporter job is added and Prometheus reloaded; after `--scrapes` scrapes the same figures are read
     again ("after") with `scrape_duration_seconds` and `scrape_samples_scraped` of the job.
Bills are usually scraped every 60s or slower (they change hourly); the bench scrapes every `--interval` (15s by
default) to keep the run short: head series and memory after a few scrapes are what a 60s scrape would show,
since every scrape carries the same series.

Layouts: default (the exporter's compact labels, billed and effective cost), extra (compact plus display names,
descriptions, zones and three tag labels) and all (`columns: all`: every metric column a family, every other
column a label).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.focus_parse import cached_file
from tests.services import free_port

ROOT = Path(__file__).resolve().parent.parent
EXTRA_LABELS = (
    "ResourceName", "ResourceType", "ChargeDescription", "ChargeFrequency", "SubAccountName", "BillingAccountName",
    "RegionName", "AvailabilityZone", "InvoiceIssuerName", "PublisherName", "BillingPeriodEnd",
)  # fmt: skip
TAG_LABELS = ("application", "environment", "business_unit")
LAYOUTS: dict[str, dict[str, Any]] = {
    "default": {},
    "extra": {"extra_labels": list(EXTRA_LABELS), "tag_labels": list(TAG_LABELS)},
    "all": {"columns": "all"},
}
PROM_FIGURES = ("prometheus_tsdb_head_series", "process_resident_memory_bytes", "go_memstats_heap_inuse_bytes")


def wait_for(condition: Callable[[], Any], timeout: float, what: str) -> Any:
    """Poll `condition` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, ValueError):
            result = condition()
            if result:
                return result
        time.sleep(0.5)
    raise SystemExit(f"timed out after {timeout:.0f}s waiting for {what}")


def get(url: str, timeout: float = 60, headers: dict[str, str] | None = None) -> tuple[bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read(), dict(response.headers)


@contextlib.contextmanager
def process(argv: list[str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A child in its own session, stopped (TERM, then KILL) by its process group id on the way out."""
    with log.open("ab") as out:
        child = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, cwd=ROOT)
    try:
        yield child
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGTERM)
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()


def exporter_config(csv_path: Path, layout: dict[str, Any]) -> str:
    source: dict[str, Any] = {"name": "bill", "path": str(csv_path), "interval": "1h", **layout}
    return json.dumps({"sources": [source]})  # JSON is YAML


def prometheus_config(target: str | None, interval: str) -> str:
    lines = ["global:", f"  scrape_interval: {interval}", f"  scrape_timeout: {interval}", "scrape_configs:"]
    if target is None:
        lines += ["  - job_name: idle", "    static_configs: [{targets: []}]"]
    else:
        lines += ["  - job_name: focus", f"    static_configs: [{{targets: ['{target}']}}]"]
    return "\n".join(lines) + "\n"


def own_figures(prom_url: str) -> dict[str, float]:
    text = get(f"{prom_url}/metrics")[0].decode()
    figures = {}
    for name in PROM_FIGURES:
        match = re.search(rf"^{name} (\S+)$", text, re.MULTILINE)
        if match:
            figures[name] = float(match.group(1))
    return figures


def query(prom_url: str, promql: str) -> float | None:
    body = get(f"{prom_url}/api/v1/query?{urllib.parse.urlencode({'query': promql})}")[0]
    result = json.loads(body)["data"]["result"]
    return float(result[0]["value"][1]) if result else None


def run_layout(name: str, csv_path: Path, workdir: Path, scrapes: int, interval: int) -> dict[str, Any]:
    workdir.mkdir()
    config = workdir / "exporter.yml"
    config.write_text(exporter_config(csv_path, LAYOUTS[name]))
    port = free_port()
    target = f"127.0.0.1:{port}"
    exporter_argv = [
        sys.executable, "-m", "finops", "exporter", "focus-cost",
        "--config.file", str(config), "--web.listen-address", target,
    ]  # fmt: skip
    row: dict[str, Any] = {"layout": name}
    with process(exporter_argv, workdir / "exporter.log") as exporter:
        started = time.monotonic()

        def loaded() -> bool:
            if exporter.poll() is not None:
                raise SystemExit(f"exporter exited: {(workdir / 'exporter.log').read_text()[-2000:]}")
            return b"focus_billed_cost{" in get(f"http://{target}/metrics")[0]

        wait_for(loaded, 600, "the exporter's first poll")
        row["load_s"] = time.monotonic() - started
        fetch_started = time.monotonic()
        body, headers = get(f"http://{target}/metrics", headers={"Accept-Encoding": "gzip"})
        row["fetch_s"] = time.monotonic() - fetch_started
        plain = gzip.decompress(body) if headers.get("Content-Encoding") == "gzip" else body
        row["exposition_bytes"] = len(plain)
        row["exposition_gzip_bytes"] = len(body) if len(body) < len(plain) else len(gzip.compress(plain))
        row["samples"] = sum(1 for line in plain.split(b"\n") if line and not line.startswith(b"#"))

        prom_port = free_port()
        prom_url = f"http://127.0.0.1:{prom_port}"
        prom_config = workdir / "prometheus.yml"
        prom_config.write_text(prometheus_config(None, f"{interval}s"))
        prom_argv = [
            "prometheus", f"--config.file={prom_config}", f"--storage.tsdb.path={workdir / 'tsdb'}",
            f"--web.listen-address=127.0.0.1:{prom_port}", "--web.enable-lifecycle",
        ]  # fmt: skip
        with process(prom_argv, workdir / "prometheus.log"):
            wait_for(lambda: get(f"{prom_url}/-/ready")[0], 60, "prometheus ready")
            time.sleep(5)  # settle: the head and the Go heap after start-up (a fixed pause, not a wait for state)
            row["before"] = own_figures(prom_url)
            prom_config.write_text(prometheus_config(target, f"{interval}s"))
            urllib.request.urlopen(
                urllib.request.Request(f"{prom_url}/-/reload", method="POST"), timeout=30
            ).close()
            scrape_count = f'count_over_time(scrape_duration_seconds{{job="focus"}}[{(scrapes + 2) * interval}s])'
            wait_for(
                lambda: (query(prom_url, scrape_count) or 0) >= scrapes,
                interval * (scrapes + 4) + 120,
                f"{scrapes} scrapes",
            )
            row["after"] = own_figures(prom_url)
            window = f"[{(scrapes + 2) * interval}s]"
            row["scrape_s_last"] = query(prom_url, 'scrape_duration_seconds{job="focus"}')
            row["scrape_s_max"] = query(prom_url, f'max_over_time(scrape_duration_seconds{{job="focus"}}{window})')
            row["scraped_samples"] = query(prom_url, 'scrape_samples_scraped{job="focus"}')
            row["up"] = query(prom_url, 'up{job="focus"}')
    return row


def print_table(rows: list[dict[str, Any]], n_rows: int, interval: int, scrapes: int) -> None:
    mib = 1 << 20
    print(f"\n{n_rows} FOCUS rows; Prometheus scraping every {interval}s, figures after {scrapes} scrapes")
    header = (
        f"{'layout':8} {'samples':>8} {'head series':>19} {'RSS MiB':>15} {'heap inuse MiB':>15} "
        f"{'scrape s':>13} {'exposition MB':>14} {'gzip MB':>8} {'fetch s':>8} {'load s':>7}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        b, a = r["before"], r["after"]
        print(
            f"{r['layout']:8} {r['samples']:>8} "
            f"{b['prometheus_tsdb_head_series']:>8.0f} -> {a['prometheus_tsdb_head_series']:>7.0f} "
            f"{b['process_resident_memory_bytes'] / mib:>5.0f} -> {a['process_resident_memory_bytes'] / mib:>6.0f} "
            f"{b['go_memstats_heap_inuse_bytes'] / mib:>5.0f} -> {a['go_memstats_heap_inuse_bytes'] / mib:>6.0f} "
            f"{r['scrape_s_last']:>5.2f} (max {r['scrape_s_max']:>4.2f}) "
            f"{r['exposition_bytes'] / 1e6:>14.1f} {r['exposition_gzip_bytes'] / 1e6:>8.1f} "
            f"{r['fetch_s']:>8.2f} {r['load_s']:>7.1f}"
        )
    for r in rows:
        series = r["after"]["prometheus_tsdb_head_series"] - r["before"]["prometheus_tsdb_head_series"]
        grown = r["after"]["process_resident_memory_bytes"] - r["before"]["process_resident_memory_bytes"]
        print(f"  {r['layout']}: {grown / max(series, 1):.0f} bytes of Prometheus RSS per added series, up={r['up']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--scrapes", type=int, default=4)
    parser.add_argument("--interval", type=int, default=15, help="scrape interval in seconds")
    parser.add_argument("--layouts", default="default,extra,all")
    args = parser.parse_args()
    names = args.layouts.split(",")
    unknown = [n for n in names if n not in LAYOUTS]
    if unknown:
        raise SystemExit(f"unknown layouts {unknown}; choose from {list(LAYOUTS)}")
    csv_path = cached_file(args.rows, null_literal=False, unique_amounts=False)
    rows = []
    with tempfile.TemporaryDirectory(prefix="focus-cardinality-") as tmp:
        for name in names:
            print(f"layout {name} ...", flush=True)
            rows.append(run_layout(name, csv_path, Path(tmp) / name, args.scrapes, args.interval))
            print(json.dumps(rows[-1]), flush=True)
    print_table(rows, args.rows, args.interval, args.scrapes)


if __name__ == "__main__":
    main()
