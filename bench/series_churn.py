"""Adapter memory under series churn: millions of distinct series over time, RSS sampled as they arrive.

    .venv/bin/python -m bench.series_churn [--series 600000] [--cache-entries 100000] [--batch 5000]
    .venv/bin/python -m bench.series_churn --series 3000000        # the long run (several minutes)

Every series is new (a `pod` label that never repeats), half of the requests are RW 2.0 with per-series metadata
(the per-series name map behind it), half RW 1.0. The adapter (one process, its own PostgreSQL+TimescaleDB cluster
from scripts/pg.sh) keeps per-series state in bounded maps of `--ingest.series-cache-entries`, so its RSS must
level off once they are full instead of growing with every series ever seen. Prints RSS at the start (after the
first request), when the maps are first full (2 x cache entries series sent) and at the end, with the ratios.
"""

from __future__ import annotations

import argparse
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.services import adapter_process, migrated_cluster
from finops.prompb import compress
from finops.prompb.io.prometheus.write.v2 import types_pb2 as v2
from finops.prompb.prometheus import remote_pb2

V1 = {"Content-Encoding": "snappy", "Content-Type": "application/x-protobuf",
      "X-Prometheus-Remote-Write-Version": "0.1.0"}
V2 = {"Content-Encoding": "snappy", "Content-Type": "application/x-protobuf;proto=io.prometheus.write.v2.Request",
      "X-Prometheus-Remote-Write-Version": "2.0.0"}
METRICS = 20  # metric names (and so prom_metric views) stay few: the churn is in the label values


def rss_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


def labels_of(n: int) -> list[tuple[str, str]]:
    return [("__name__", f"churn_metric_{n % METRICS}_total"), ("job", "churn"), ("instance", f"node-{n % 500}:9100"),
            ("namespace", f"team-{n % 37}"), ("pod", f"pod-{n:09d}-{n * 2654435761 % 2**32:08x}")]


def request(first: int, count: int, stamp: int) -> tuple[bytes, dict[str, str]]:
    if (first // count) % 2:
        req = v2.Request(symbols=[""])
        symbols: dict[str, int] = {"": 0}

        def ref(text: str) -> int:
            if text not in symbols:
                symbols[text] = len(req.symbols)
                req.symbols.append(text)
            return symbols[text]

        for n in range(first, first + count):
            ts = req.timeseries.add(labels_refs=[ref(t) for pair in labels_of(n) for t in pair])
            ts.samples.add(value=float(n), timestamp=stamp)
            ts.metadata.type = v2.Metadata.METRIC_TYPE_COUNTER
            ts.metadata.help_ref = ref(f"Churn metric {n % METRICS}.")
        return compress(req.SerializeToString()), V2
    rw1 = remote_pb2.WriteRequest()
    for n in range(first, first + count):
        ts = rw1.timeseries.add()
        for name, value in labels_of(n):
            ts.labels.add(name=name, value=value)
        ts.samples.add(value=float(n), timestamp=stamp)
    return compress(rw1.SerializeToString()), V1


def send(url: str, body: bytes, headers: dict[str, str]) -> None:
    while True:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, data=body, headers=headers), timeout=300):
                return
        except urllib.error.HTTPError as exc:
            with exc:
                if exc.code != 503:
                    raise SystemExit(f"adapter answered {exc.code}: {exc.read()[:500]!r}") from exc
            time.sleep(0.2)  # back-pressure: retry as Prometheus would


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--series", type=int, default=600_000, help="distinct series to send in total")
    parser.add_argument("--cache-entries", type=int, default=100_000, help="--ingest.series-cache-entries")
    parser.add_argument("--batch", type=int, default=5_000, help="series per request")
    parser.add_argument("--samples", type=int, default=10, help="RSS samples printed along the way")
    args = parser.parse_args()

    with migrated_cluster("finops-churn-") as (dsn, base), adapter_process(
        dsn, base, f"--ingest.series-cache-entries={args.cache_entries}"
    ) as (adapter, port):
        url = f"http://127.0.0.1:{port}/api/v1/write"
        stamp = (int(time.time()) - 3600) * 1000
        started = time.perf_counter()
        every = max(args.batch, args.series // args.samples // args.batch * args.batch)
        full_at = 2 * args.cache_entries
        rss_start = rss_full = 0.0
        print(f"{'series sent':>12} {'RSS MiB':>9} {'seconds':>8}", flush=True)
        for first in range(0, args.series, args.batch):
            send(url, *request(first, min(args.batch, args.series - first), stamp))
            sent = min(first + args.batch, args.series)
            if first == 0:
                rss_start = rss_mib(adapter.pid)
            if not rss_full and sent >= full_at:
                rss_full = rss_mib(adapter.pid)
            if first == 0 or sent % every == 0 or sent == args.series:
                print(f"{sent:>12,} {rss_mib(adapter.pid):>9.1f} {time.perf_counter() - started:>8.1f}", flush=True)
        elapsed = time.perf_counter() - started
        rss_end = rss_mib(adapter.pid)
    print(f"\n{args.series:,} distinct series in {elapsed:.0f} s ({args.series / elapsed:,.0f} series/s), "
          f"cache entries {args.cache_entries:,}")
    print(f"RSS start {rss_start:.1f} MiB, maps full ({full_at:,} series) {rss_full or rss_end:.1f} MiB, "
          f"end {rss_end:.1f} MiB")
    print(f"ratio end / start {rss_end / rss_start:.2f}; end / maps full {rss_end / (rss_full or rss_end):.2f} "
          "(bounded: about 1.0)")


if __name__ == "__main__":
    main()
