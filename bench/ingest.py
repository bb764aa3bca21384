"""End-to-end ingest benchmark: a realistic remote-write stream into a running adapter, beside the raw binary
COPY rate of the same rows into the same table, measured in the same run.

    .venv/bin/python -m bench.ingest [--series 10000] [--points 40] [--batch 2000] [--senders 4] [--workers 2]

It starts its own PostgreSQL+TimescaleDB cluster (scripts/pg.sh) and adapter process, pre-encodes every
request (snappy RW1, 8 labels per series, as Prometheus shards them), warms the series cache with the first
scrape, then times the rest. Prints medians over --rounds and the ratio end-to-end / raw COPY.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import struct
import time

import aiohttp
import psycopg

from bench.services import adapter_process, migrated_cluster
from finops.prompb import compress
from finops.prompb.prometheus import remote_pb2

HEADERS = {
    "Content-Encoding": "snappy",
    "Content-Type": "application/x-protobuf",
    "X-Prometheus-Remote-Write-Version": "0.1.0",
    "User-Agent": "finops-bench",
}
PG_EPOCH_MS = 946_684_800_000


def make_series(n: int, labels: int) -> list[list[tuple[str, str]]]:
    rng = random.Random(42)
    out = []
    for i in range(n):
        pairs = [
            ("__name__", f"node_metric_{i % 97}_total"),
            ("job", f"job-{i % 5}"),
            ("instance", f"10.0.{i % 250}.{i // 250 % 250}:9100"),
            ("cluster", "prod-eu-1"),
        ]
        for j in range(len(pairs), labels):
            pairs.append((f"label_{j}", f"value-{rng.randrange(10**6)}"))
        out.append(pairs)
    return out


def encode_requests(series: list[list[tuple[str, str]]], points: list[int], batch: int) -> list[bytes]:
    """One scrape per point; each request carries `batch` samples of consecutive series (a shard's batch)."""
    rng = random.Random(7)
    bodies = []
    for ts in points:
        for start in range(0, len(series), batch):
            req = remote_pb2.WriteRequest()
            for labels in series[start : start + batch]:
                item = req.timeseries.add()
                for name, value in labels:
                    item.labels.add(name=name, value=value)
                item.samples.add(value=rng.random() * 1000, timestamp=ts)
            bodies.append(compress(req.SerializeToString()))
    return bodies


async def send_all(url: str, bodies: list[bytes], senders: int) -> float:
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    for body in bodies:
        queue.put_nowait(body)

    async def sender(session: aiohttp.ClientSession) -> None:
        while not queue.empty():
            body = queue.get_nowait()
            while True:
                async with session.post(url, data=body, headers=HEADERS) as resp:
                    if resp.status < 300:
                        break
                    if resp.status < 500:
                        raise RuntimeError(f"adapter answered {resp.status}: {await resp.text()}")
                await asyncio.sleep(0.05)  # 503: back-pressure, retry as Prometheus would

    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
        started = time.perf_counter()
        await asyncio.gather(*(sender(session) for _ in range(senders)))
        return time.perf_counter() - started


def copy_baseline(dsn: str, rows: list[tuple[int, int, float]], chunk: int) -> float:
    pack = struct.Struct(">hiqiqid").pack
    header = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
    trailer = struct.pack(">h", -1)
    payloads = [
        header
        + b"".join(pack(3, 8, (ts - PG_EPOCH_MS) * 1000, 8, sid, 8, v) for ts, sid, v in rows[i : i + chunk])
        + trailer
        for i in range(0, len(rows), chunk)
    ]
    with psycopg.connect(dsn) as conn:
        started = time.perf_counter()
        for payload in payloads:
            with (
                conn.transaction(),
                conn.cursor() as cur,
                cur.copy("COPY finops.samples_hot (time, series_id, value) FROM STDIN (FORMAT BINARY)") as copy,
            ):
                copy.write(payload)
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--series", type=int, default=10_000)
    parser.add_argument("--labels", type=int, default=8)
    parser.add_argument("--points", type=int, default=40, help="scrapes per round (15 s apart)")
    parser.add_argument("--batch", type=int, default=2_000)
    parser.add_argument("--senders", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="adapter processes")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--adapter-arg", action="append", default=[], help="extra flag for `finops adapter`")
    args = parser.parse_args()

    with migrated_cluster("finops-bench-") as (dsn, base), adapter_process(
        dsn, base, f"--web.workers={args.workers}", *args.adapter_arg
    ) as (_, aport):
        url = f"http://127.0.0.1:{aport}/api/v1/write"
        series = make_series(args.series, args.labels)
        t0 = (int(time.time()) - 6 * 3600) * 1000
        # warm-up: the first scrapes create the series; repeated so every worker process has seen them
        warm = encode_requests(series, [t0 - 15_000 * i for i in range(3)], args.batch)
        asyncio.run(send_all(url, warm, args.senders))

        e2e_rates, copy_rates = [], []
        for r in range(args.rounds):
            points = [t0 + 15_000 * (1 + r * args.points + i) for i in range(args.points)]
            bodies = encode_requests(series, points, args.batch)
            samples = args.series * len(points)
            elapsed = asyncio.run(send_all(url, bodies, args.senders))
            e2e_rates.append(samples / elapsed)
            with psycopg.connect(dsn) as conn, conn.cursor(binary=True) as cur:
                cur.execute(
                    "SELECT (extract(epoch FROM time) * 1000)::int8, series_id, value FROM finops.samples_hot "
                    "WHERE time >= to_timestamp(%s / 1000.0) AND time <= to_timestamp(%s / 1000.0)",
                    (points[0], points[-1]),
                )
                rows = cur.fetchall()
                if len(rows) != samples:
                    raise SystemExit(f"round {r}: expected {samples} samples in the database, found {len(rows)}")
                conn.execute(
                    "DELETE FROM finops.samples_hot WHERE time >= to_timestamp(%s / 1000.0) "
                    "AND time <= to_timestamp(%s / 1000.0)",
                    (points[0], points[-1]),
                )
                conn.commit()
            copy_elapsed = copy_baseline(dsn, rows, 20_000)
            copy_rates.append(samples / copy_elapsed)
            print(
                f"round {r + 1}: end-to-end {samples / elapsed:,.0f} samples/s ({elapsed:.2f} s), "
                f"raw COPY {samples / copy_elapsed:,.0f} rows/s ({copy_elapsed:.2f} s)",
                flush=True,
            )
        e2e, raw = statistics.median(e2e_rates), statistics.median(copy_rates)
        print(
            f"\nseries={args.series} labels={args.labels} batch={args.batch} senders={args.senders} "
            f"workers={args.workers} samples/round={args.series * args.points}"
        )
        print(f"median end-to-end: {e2e:,.0f} samples/s into the database (target >= 150,000)")
        print(f"median raw binary COPY of the same rows into the same table: {raw:,.0f} rows/s")
        print(f"ratio end-to-end / raw COPY: {e2e / raw:.2f} (target >= 0.70)")


if __name__ == "__main__":
    main()
