"""Remote-write decode throughput on the warm path (only key, timestamps and values touched), in samples/s.

The batch mirrors Prometheus' default shard send (2 000 series x 1 sample, 8 labels each); the writer's cost per
series on a cache hit is exactly this, so it bounds one core's ingest rate.
Run: .venv/bin/python bench/protocol_decode.py
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from finops.prompb import compress, decompress
from finops.prompb.prometheus import remote_pb2
from remote_write_adapter.protocol import ProtocolVersion, decode_write


def build_request(series: int, samples: int, labels: int) -> bytes:
    request = remote_pb2.WriteRequest()
    for i in range(series):
        ts = request.timeseries.add()
        ts.labels.add(name="__name__", value=f"bench_metric_{i % 50}_total")
        for j in range(labels - 1):
            ts.labels.add(name=f"label_{j}", value=f"value_{j}_{i}")
        for k in range(samples):
            ts.samples.add(value=i * 1.5 + k, timestamp=1_700_000_000_000 + k * 15_000)
    return bytes(request.SerializeToString())


def warm_path(raw: bytes, cache: dict[bytes, int]) -> int:
    """Decode plus what the writer does per series on a cache hit: look the key up, read timestamps and values."""
    n = 0
    for s in decode_write(raw, ProtocolVersion.V1).series:
        cache[s.key]  # a KeyError here means the cache is not warm: the benchmark would be wrong
        n += len(s.timestamps) + 0 * len(s.values)
    return n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=2000)
    parser.add_argument("--samples", type=int, default=1, help="samples per series")
    parser.add_argument("--labels", type=int, default=8, help="labels per series, __name__ included")
    parser.add_argument("--runs", type=int, default=31)
    args = parser.parse_args(argv)

    raw = build_request(args.series, args.samples, args.labels)
    body = compress(raw)
    cache = {s.key: i for i, s in enumerate(decode_write(raw, ProtocolVersion.V1).series)}
    for s in decode_write(raw, ProtocolVersion.V1).series[:50]:
        s.labels()  # what a miss would do; proves the batch is valid
    timings: dict[str, list[float]] = {"decode": [], "snappy+decode": []}
    total = 0
    for _ in range(args.runs):
        started = time.perf_counter()
        total = warm_path(raw, cache)
        timings["decode"].append(time.perf_counter() - started)
        started = time.perf_counter()
        warm_path(decompress(body, 64 << 20), cache)
        timings["snappy+decode"].append(time.perf_counter() - started)
    sys.stdout.write(f"batch: {args.series} series x {args.samples} sample(s), {args.labels} labels; "
                     f"{len(raw)} bytes raw, {len(body)} bytes snappy; median of {args.runs} runs\n")
    for name, values in timings.items():
        median = statistics.median(values)
        sys.stdout.write(f"  {name:14s} {median * 1000:7.2f} ms  {total / median:12,.0f} samples/s "
                         f"(best run {total / min(values):,.0f})\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
