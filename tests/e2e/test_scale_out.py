"""Two adapter processes (replicas behind a load balancer) write overlapping series into one database at once:
series creation is race-safe and every sample is stored exactly once."""

from __future__ import annotations

import concurrent.futures
import random
import urllib.request
from pathlib import Path

import psycopg
import pytest

from finops.prompb import compress
from finops.prompb.prometheus import remote_pb2
from tests.e2e.conftest import AdapterProcess
from tests.services import wait_until

HEADERS = {
    "Content-Encoding": "snappy",
    "Content-Type": "application/x-protobuf",
    "X-Prometheus-Remote-Write-Version": "0.1.0",
}
T0 = 1_764_000_000_000


def _body(series_ids: list[int], ts: int, shuffle_seed: int) -> bytes:
    rng = random.Random(shuffle_seed)
    request = remote_pb2.WriteRequest()
    for i in series_ids:
        labels = [("__name__", f"metric_{i % 7}"), ("series", str(i)), ("job", "scale"), ("zone", f"z{i % 3}")]
        rng.shuffle(labels)  # replicas may see the same series with labels in another order
        item = request.timeseries.add()
        for name, value in labels:
            item.labels.add(name=name, value=value)
        item.samples.add(value=float(i) + ts / 1e12, timestamp=ts)
    return compress(request.SerializeToString())


def _post(url: str, body: bytes) -> int:
    req = urllib.request.Request(f"{url}/api/v1/write", data=body, headers=HEADERS, method="POST")
    with urllib.request.urlopen(req, timeout=60) as resp:
        return int(resp.status)


@pytest.mark.slow
def test_two_adapters_share_one_database_with_overlapping_series(migrated_db: str, tmp_path: Path) -> None:
    adapters = [AdapterProcess(migrated_db, tmp_path), AdapterProcess(migrated_db, tmp_path)]
    for a in adapters:
        a.start()
    try:
        n_series, n_points = 3000, 6
        jobs = []
        for p in range(n_points):
            ts = T0 + p * 15_000
            # both replicas get every series of every scrape (a retried or load-balanced duplicate), in
            # overlapping chunks and different label orders, all at the same time
            for k, adapter in enumerate(adapters):
                ids = list(range(n_series))
                random.Random(p * 10 + k).shuffle(ids)
                for c in range(0, n_series, 500):
                    jobs.append((adapter.url, _body(ids[c : c + 700], ts, p * 100 + k * 10 + c)))
        random.Random(1).shuffle(jobs)
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(lambda job: _post(*job), jobs))
        assert set(statuses) == {204}
        with psycopg.connect(migrated_db) as conn:
            series = conn.execute("SELECT count(*), count(DISTINCT labels) FROM finops.series").fetchone()
            samples = conn.execute("SELECT count(*), count(DISTINCT (series_id, time)) FROM finops.samples").fetchone()
            per_series = conn.execute(
                "SELECT min(c), max(c) FROM (SELECT count(*) AS c FROM finops.samples GROUP BY series_id) x"
            ).fetchone()
        assert series == (n_series, n_series)
        assert samples == (n_series * n_points, n_series * n_points)
        assert per_series == (n_points, n_points)
    finally:
        for a in adapters:
            a.stop()


@pytest.mark.slow
def test_worker_processes_share_the_port_and_stop_with_their_parent(migrated_db: str, tmp_path: Path) -> None:
    adapter = AdapterProcess(migrated_db, tmp_path, extra=["--web.workers=2", "--db.migrate=false"])
    adapter.start()
    try:
        assert adapter.proc is not None
        children = _children(adapter.proc.pid)
        assert len(children) >= 2
        body = _body(list(range(100)), T0, 1)
        assert {_post(adapter.url, body) for _ in range(20)} == {204}
    finally:
        adapter.stop()
    wait_until(
        lambda: not any(Path(f"/proc/{pid}").exists() for pid in children),
        timeout=30,
        what="worker processes to exit with their parent",
    )
    with psycopg.connect(migrated_db) as conn:
        assert conn.execute("SELECT count(*) FROM finops.samples").fetchone() == (100,)


def _children(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid) and "python" in fields.get("Name", ""):
            found.append(int(status.parent.name))
    return found
