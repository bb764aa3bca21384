"""The long-term store against Prometheus' own TSDB, in one run: ingest rate, bytes per sample and PromQL latency,
with Prometheus 2.42 as the peer, and whether the answers are identical.

    .venv/bin/python -m bench.store [--series 10000] [--points 120] [--runs 7] [--long-series 100] [--long-days 7]

It starts a PostgreSQL+TimescaleDB cluster (scripts/pg.sh), the adapter (--web.workers 2) and three Prometheus
processes:

* `receiver`: a Prometheus remote-write receiver (`--web.enable-remote-write-receiver`): the peer for ingest,
  and the local TSDB the queries run on;
* `over-adapter`: an empty Prometheus whose only data is remote read from the adapter;
* `over-receiver`: an empty Prometheus reading remotely from the receiver's own /api/v1/read: what the remote
  read protocol itself costs, for scale.

Data (as in issue 9): --series series of 8 labels, --points samples each at a 15 s step ending now; half the
metrics are counters with irregular increments, half integer gauges doing a random walk; sent as Remote-Write 1.0
by 4 senders, each owning a fixed shard of the series as Prometheus' queue shards do. The adapter's data is then
compacted (`finops db compact --older-than 0s`) and the database growth is divided by the samples; Prometheus'
bytes per sample are those of the blocks `promtool tsdb create-blocks-from openmetrics` writes for the same samples.
A second data set, --long-series series of one sample a minute over --long-days days, reaches the receiver as
backfilled blocks and the adapter through remote write: it gives the long-series bytes per sample and the 7-day
query.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import numpy as np
import psycopg

from finops.db import migrate
from finops.prompb import compress
from finops.prompb.prometheus import remote_pb2
from tests.services import free_port

ROOT = Path(__file__).resolve().parent.parent
HEADERS = {"Content-Encoding": "snappy", "Content-Type": "application/x-protobuf",
           "X-Prometheus-Remote-Write-Version": "0.1.0", "User-Agent": "finops-bench"}
STEP_MS = 15_000
LONG_STEP_MS = 60_000


def wait_http(url: str, proc: subprocess.Popen[bytes], what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{what} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{what} not ready after {timeout}s")


@dataclass
class Dataset:
    labels: list[list[tuple[str, str]]]
    times: np.ndarray  # (points,) ms
    values: np.ndarray  # (series, points)

    @property
    def samples(self) -> int:
        return int(self.values.size)


def short_dataset(n_series: int, points: int, end_ms: int, seed: int = 42) -> Dataset:
    rng = np.random.default_rng(seed)
    labels = []
    for i in range(n_series):
        metric = i % 50
        labels.append(sorted([
            ("__name__", f"load_metric_{metric}"), ("job", f"job-{i % 5}"),
            ("instance", f"10.0.{i % 250 // 10}.{i // 250 % 250}:9100"), ("cluster", "prod-eu-1"),
            ("env", ("prod", "staging", "dev")[i % 3]), ("az", f"eu-west-1{'abc'[i % 3]}"),
            ("team", f"team-{i % 7}"), ("pod", f"pod-{rng.integers(10**6):06d}")]))
    times = end_ms - (points - 1 - np.arange(points, dtype=np.int64)) * STEP_MS
    values = np.empty((n_series, points))
    counters = np.array([i % 50 % 2 == 0 for i in range(n_series)])
    n_c, n_g = int(counters.sum()), int((~counters).sum())
    increments = rng.integers(0, 60, (n_c, points)) * (rng.random((n_c, points)) < 0.8)
    values[counters] = np.cumsum(increments, axis=1) + rng.integers(0, 10**6, (n_c, 1))
    values[~counters] = np.cumsum(rng.integers(-3, 4, (n_g, points)), axis=1) + rng.integers(0, 1000, (n_g, 1))
    return Dataset(labels, times, values)


def long_dataset(n_series: int, days: int, end_ms: int, seed: int = 7) -> Dataset:
    rng = np.random.default_rng(seed)
    points = days * 86_400_000 // LONG_STEP_MS
    labels = [sorted([("__name__", "long_requests_total"), ("job", "long"), ("instance", f"vm-{i:03d}"),
                      ("region", ("westeurope", "northeurope")[i % 2])]) for i in range(n_series)]
    times = end_ms - (points - 1 - np.arange(points, dtype=np.int64)) * LONG_STEP_MS
    values = np.cumsum(rng.integers(0, 100, (n_series, points)), axis=1).astype(float)
    return Dataset(labels, times, values)


def shard_requests(data: Dataset, shards: int, batch: int) -> list[list[bytes]]:
    """Per shard (series i belongs to shard i % shards), its requests in time order: a shard sends each scrape's
    samples of its series in batches, one sample per series per request, as Prometheus' queues do."""
    out: list[list[bytes]] = [[] for _ in range(shards)]
    for shard in range(shards):
        members = list(range(shard, len(data.labels), shards))
        for p, ts in enumerate(data.times.tolist()):
            for start in range(0, len(members), batch):
                req = remote_pb2.WriteRequest()
                for i in members[start:start + batch]:
                    item = req.timeseries.add()
                    for name, value in data.labels[i]:
                        item.labels.add(name=name, value=value)
                    item.samples.add(value=float(data.values[i, p]), timestamp=ts)
                out[shard].append(compress(req.SerializeToString()))
    return out


def long_requests(data: Dataset, per_request: int = 5_000) -> list[bytes]:
    """Backfill-style requests: many samples of one series per request."""
    bodies = []
    for i, labels in enumerate(data.labels):
        for start in range(0, data.times.size, per_request):
            req = remote_pb2.WriteRequest()
            item = req.timeseries.add()
            for name, value in labels:
                item.labels.add(name=name, value=value)
            for ts, v in zip(data.times[start:start + per_request].tolist(),
                             data.values[i, start:start + per_request].tolist(), strict=True):
                item.samples.add(value=v, timestamp=ts)
            bodies.append(compress(req.SerializeToString()))
    return bodies


async def send_shards(url: str, shards: list[list[bytes]]) -> float:
    async def sender(session: aiohttp.ClientSession, bodies: list[bytes]) -> None:
        for body in bodies:
            while True:
                async with session.post(url, data=body, headers=HEADERS) as resp:
                    if resp.status < 300:
                        break
                    if resp.status < 500:
                        raise SystemExit(f"{url} answered {resp.status}: {(await resp.text())[:300]}")
                await asyncio.sleep(0.05)

    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=600)) as session:
        started = time.perf_counter()
        await asyncio.gather(*(sender(session, bodies) for bodies in shards))
        return time.perf_counter() - started


def openmetrics(data: Dataset, kind: str) -> Iterator[str]:
    for i, labels in enumerate(data.labels):
        name = dict(labels)["__name__"]
        text = ",".join(f'{k}="{v}"' for k, v in labels if k != "__name__")
        for ts, v in zip(data.times.tolist(), data.values[i].tolist(), strict=True):
            yield f"{name}{{{text}}} {v!r} {ts / 1000:.3f}\n"


def promtool_blocks(data: Dataset, out: Path, kind: str, max_block: str = "2h") -> int:
    """Writes the samples as OpenMetrics, builds TSDB blocks with promtool; returns the blocks' bytes."""
    src = out.with_suffix(".om")
    with src.open("w") as f:
        # one metric family at a time, as OpenMetrics requires; gauge type keeps promtool from renaming
        families: dict[str, list[int]] = {}
        for i, labels in enumerate(data.labels):
            families.setdefault(dict(labels)["__name__"], []).append(i)
        for name, members in families.items():
            f.write(f"# TYPE {name} gauge\n")
            sub = Dataset([data.labels[i] for i in members], data.times, data.values[members])
            f.writelines(openmetrics(sub, kind))
        f.write("# EOF\n")
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["promtool", "tsdb", "create-blocks-from", "openmetrics", f"--max-block-duration={max_block}",
                    str(src), str(out)], check=True, capture_output=True)
    src.unlink()
    return sum(p.stat().st_size for p in out.rglob("*") if p.is_file())


class Prometheus:
    def __init__(self, workdir: Path, config: str, extra: list[str], binary: str = "prometheus") -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        (workdir / "prometheus.yml").write_text(config)
        self.port = free_port()
        self.workdir = workdir
        self.proc = subprocess.Popen(
            [binary, f"--config.file={workdir / 'prometheus.yml'}", f"--storage.tsdb.path={workdir / 'data'}",
             f"--web.listen-address=127.0.0.1:{self.port}", "--log.level=warn", *extra],
            stdout=(workdir / "log").open("wb"), stderr=subprocess.STDOUT, start_new_session=True)
        wait_http(f"{self.url}/-/ready", self.proc, f"prometheus in {workdir}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def query_range(self, expr: str, start: float, end: float, step: str) -> tuple[float, object]:
        q = urllib.parse.urlencode({"query": expr, "start": f"{start:.3f}", "end": f"{end:.3f}", "step": step})
        started = time.perf_counter()
        with urllib.request.urlopen(f"{self.url}/api/v1/query_range?{q}", timeout=600) as resp:
            body = json.loads(resp.read())
        elapsed = time.perf_counter() - started
        if body.get("status") != "success" or body.get("warnings"):
            raise SystemExit(f"query {expr!r} on {self.workdir.name}: {json.dumps(body)[:500]}")
        return elapsed, body["data"]["result"]

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=60)


def db_bytes(dsn: str) -> int:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CHECKPOINT")
        row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
        assert row is not None
        return int(row[0])


def adapter_samples(dsn: str) -> int:
    with psycopg.connect(dsn) as conn:
        row = conn.execute("SELECT (SELECT count(*) FROM finops.samples_hot) + "
                           "(SELECT coalesce(sum(count), 0) FROM finops.sample_blocks)").fetchone()
        assert row is not None
        return int(row[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--series", type=int, default=10_000)
    parser.add_argument("--points", type=int, default=120)
    parser.add_argument("--senders", type=int, default=4)
    parser.add_argument("--batch", type=int, default=2_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=7, help="timed runs per query and server (medians)")
    parser.add_argument("--rounds", type=int, default=4, help="ingest rounds (medians)")
    parser.add_argument("--long-series", type=int, default=100)
    parser.add_argument("--long-days", type=int, default=7)
    args = parser.parse_args()

    base = Path(tempfile.mkdtemp(prefix="finops-bench-store-"))
    base.chmod(0o755)
    procs: list[Prometheus] = []
    adapter: subprocess.Popen[bytes] | None = None
    pg_dir = base / "pg"
    try:
        port = free_port()
        dsn = subprocess.run(["bash", str(ROOT / "scripts/pg.sh"), "start", str(pg_dir), str(port)], check=True,
                             capture_output=True, text=True).stdout.strip().splitlines()[-1]
        migrate(dsn)
        empty_db = db_bytes(dsn)
        aport = free_port()
        adapter = subprocess.Popen(
            [sys.executable, "-m", "finops", "adapter", f"--web.listen-address=127.0.0.1:{aport}",
             f"--web.workers={args.workers}", "--db.migrate=false", f"--db.url={dsn}",
             "--storage.compact-after=1000d"],
            stdout=(base / "adapter.log").open("wb"), stderr=subprocess.STDOUT, start_new_session=True)
        wait_http(f"http://127.0.0.1:{aport}/readyz", adapter, "adapter")
        adapter_url = f"http://127.0.0.1:{aport}"

        now_ms = int(time.time() * 1000) // STEP_MS * STEP_MS - 60_000
        short = short_dataset(args.series, args.points, now_ms)
        long = long_dataset(args.long_series, args.long_days, now_ms - 3_600_000 * 3)
        print(f"data: {short.samples:,} samples of {args.series:,} series ({args.points} each, 15 s apart); "
              f"long: {long.samples:,} samples of {args.long_series} series (1/min over {args.long_days} days)",
              flush=True)

        receiver = Prometheus(base / "receiver", "global: {scrape_interval: 1h}\n",
                              ["--web.enable-remote-write-receiver", "--storage.tsdb.retention.time=30d"])
        procs.append(receiver)
        # ingest in rounds of consecutive scrapes (each side must get every series in time order), both sides
        # per round, the order alternating; medians
        rates: dict[str, list[float]] = {"prometheus": [], "adapter": []}
        per_round = max(1, args.points // args.rounds)
        for r, first in enumerate(range(0, args.points, per_round)):
            part = Dataset(short.labels, short.times[first:first + per_round], short.values[:, first:first + per_round])
            shards = shard_requests(part, args.senders, args.batch)
            order = [("prometheus", f"{receiver.url}/api/v1/write"), ("adapter", f"{adapter_url}/api/v1/write")]
            for name, url in order if r % 2 == 0 else order[::-1]:
                rates[name].append(part.samples / asyncio.run(send_shards(url, shards)))
        stored = adapter_samples(dsn)
        if stored != short.samples:
            raise SystemExit(f"the adapter stored {stored} samples, expected {short.samples}")
        rate_prom, rate_adapter = statistics.median(rates["prometheus"]), statistics.median(rates["adapter"])
        print(f"ingest (median of {len(rates['adapter'])} rounds): Prometheus receiver {rate_prom:,.0f} samples/s, "
              f"adapter {rate_adapter:,.0f} samples/s (ratio {rate_adapter / rate_prom:.2f})", flush=True)

        for body in long_requests(long):
            req = urllib.request.Request(f"{adapter_url}/api/v1/write", data=body, headers=HEADERS)
            with urllib.request.urlopen(req, timeout=120):
                pass
        started = time.perf_counter()
        compact_out = subprocess.run([sys.executable, "-m", "finops", "db", "compact", "--older-than", "0s",
                                      f"--db.url={dsn}"], check=True, capture_output=True, text=True).stdout
        compact_s = time.perf_counter() - started
        print(f"compaction: {compact_out.strip()} (wall {compact_s:.1f}s)", flush=True)
        with psycopg.connect(dsn) as conn:
            per_table = conn.execute(
                "SELECT (SELECT pg_total_relation_size('finops.series')), "
                "(SELECT coalesce(sum(pg_total_relation_size(format('%I.%I', chunk_schema, chunk_name))), 0) "
                " FROM timescaledb_information.chunks WHERE hypertable_name = 'sample_blocks'), "
                "(SELECT coalesce(sum(count), 0) FROM finops.sample_blocks)").fetchone()
        assert per_table is not None
        total_samples = short.samples + long.samples
        growth = db_bytes(dsn) - empty_db
        prom_short = promtool_blocks(short, base / "blocks-short", "short")
        # Prometheus compacts older blocks up to 10% of retention (31 days at most): one day blocks are fair
        prom_long = promtool_blocks(long, base / "blocks-long", "long", "24h")
        # the long data set goes into the receiver as backfilled blocks (remote write cannot go back 7 days)
        for block in (base / "blocks-long").iterdir():
            if block.is_dir():
                shutil.copytree(block, receiver.workdir / "data" / block.name)
        receiver.stop()
        procs.remove(receiver)
        receiver = Prometheus(base / "receiver", "global: {scrape_interval: 1h}\n",
                              ["--web.enable-remote-write-receiver", "--storage.tsdb.retention.time=30d"])
        procs.append(receiver)
        over_adapter = Prometheus(base / "over-adapter", f"""
global: {{scrape_interval: 1h}}
remote_read:
  - url: {adapter_url}/api/v1/read
    read_recent: true
""", [])
        over_receiver = Prometheus(base / "over-receiver", f"""
global: {{scrape_interval: 1h}}
remote_read:
  - url: {receiver.url}/api/v1/read
    read_recent: true
""", [])
        procs += [over_adapter, over_receiver]
        prometheus3 = ROOT / "var" / "prometheus3" / "prometheus"  # scripts/bootstrap.sh unpacks it
        if not prometheus3.is_file():
            raise SystemExit(f"{prometheus3} is missing: run scripts/bootstrap.sh")
        streaming = Prometheus(base / "over-adapter-3", f"""
global: {{scrape_interval: 1h}}
remote_read:
  - url: {adapter_url}/api/v1/read
    read_recent: true
""", [], binary=str(prometheus3))
        streaming_self = Prometheus(base / "over-receiver-3", f"""
global: {{scrape_interval: 1h}}
remote_read:
  - url: {receiver.url}/api/v1/read
    read_recent: true
""", [], binary=str(prometheus3))
        procs += [streaming, streaming_self]

        end_s = now_ms / 1000
        start_s = end_s - (args.points - 1) * STEP_MS / 1000
        long_end = (now_ms - 3_600_000 * 3) / 1000
        queries = [
            ("sum by (instance)(rate(load_metric_0[5m])), 200 series", "sum by (instance)(rate(load_metric_0[5m]))",
             start_s, end_s, "60s"),
            ('sum(rate({__name__=~"load_metric_1.*"}[5m])), 2,200 series',
             'sum(rate({__name__=~"load_metric_1.*"}[5m]))', start_s, end_s, "60s"),
            ("count(load_metric_0)", "count(load_metric_0)", start_s, end_s, "60s"),
            (f"sum by (region)(rate(long_requests_total[5m])), {args.long_days} days, step 10m",
             "sum by (region)(rate(long_requests_total[5m]))", long_end - args.long_days * 86400 + 600, long_end,
             "10m"),
        ]
        print("\nbytes per sample (database growth / samples, after `finops db compact --older-than 0s`):")
        print(f"  adapter, everything: {growth / total_samples:.2f} ({growth:,} bytes for {total_samples:,} samples; "
              f"series table {per_table[0]:,} bytes, blocks {per_table[1]:,} bytes)")
        print(f"  Prometheus blocks (promtool create-blocks-from openmetrics): short series "
              f"{prom_short / short.samples:.2f}, long series {prom_long / long.samples:.2f}")
        print(f"  ratio adapter / Prometheus (both data sets): "
              f"{(growth / total_samples) / ((prom_short + prom_long) / total_samples):.2f}")
        print(f"\nqueries: medians of {args.runs} runs, seconds; ratio = time / local TSDB time. local: the "
              "receiving Prometheus 2.42; adapter: a remote-read-only 2.42 over the adapter (SAMPLES); chunks: a "
              "remote-read-only "
              "3.x over the adapter (STREAMED_XOR_CHUNKS); rr-self: a remote-read-only 2.42 over the receiver's own "
              "/api/v1/read (what the protocol itself costs); identical: the adapter's answers equal the local ones "
              "(2.42), and 3.x over the adapter equals 3.x over the receiver")
        print(f"{'query':<66} {'local':>7} {'adapter':>7} {'ratio':>6} {'chunks':>7} {'ratio':>6} {'rr-self':>7} "
              f"{'ratio':>6}  identical")
        for title, expr, qs, qe, step in queries:
            times: dict[str, list[float]] = {"local": [], "adapter": [], "chunks": [], "self": [], "self3": []}
            results = {}
            for run in range(args.runs + 1):
                for name, server in (("local", receiver), ("adapter", over_adapter), ("chunks", streaming),
                                     ("self", over_receiver), ("self3", streaming_self)):
                    elapsed, result = server.query_range(expr, qs, qe, step)
                    if run:  # the first run warms caches on every side
                        times[name].append(elapsed)
                    results[name] = result
            med = {k: statistics.median(v) for k, v in times.items()}
            # 3.x evaluates some functions differently (left-open ranges): its answers are compared with 3.x's own
            same = (results["adapter"] == results["local"] and results["chunks"] == results["self3"]
                    and bool(results["local"]))
            print(f"{title[:66]:<66} {med['local']:7.3f} {med['adapter']:7.3f} {med['adapter'] / med['local']:6.2f} "
                  f"{med['chunks']:7.3f} {med['chunks'] / med['local']:6.2f} {med['self']:7.3f} "
                  f"{med['self'] / med['local']:6.2f}  {'yes' if same else 'NO'}", flush=True)
    finally:
        for p in procs:
            p.stop()
        if adapter is not None and adapter.poll() is None:
            os.killpg(adapter.pid, signal.SIGTERM)
            adapter.wait(timeout=60)
        subprocess.run(["bash", str(ROOT / "scripts/pg.sh"), "stop", str(pg_dir)], check=False, capture_output=True)
        if not os.environ.get("FINOPS_BENCH_KEEP"):
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
