"""Compaction invariants against the real database: every read path answers the same samples before and after,
late and re-delivered samples are stored once (first value wins), and compaction is idempotent, concurrent-safe
and transactional."""

from __future__ import annotations

import asyncio
import os
import signal
import struct
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from typing import Any

import numpy as np
import psycopg
import pytest

from finops.db import drop_old_data, migrate
from finops.prompb import compress, decompress
from finops.prompb.prometheus import remote_pb2, types_pb2
from remote_write_adapter.app import make_app
from remote_write_adapter.compaction import CompactionResult, compact
from tests.adapter.conftest import STALE, V1_HEADERS, Client, adapter_client, adapter_config
from tests.adapter.test_protocol import v1_request
from tests.services import wait_until

WINDOW = 7_200_000
HOUR = 3_600_000


def now_ms() -> int:
    return int(time.time() * 1000)


def history(end: int) -> list[tuple[list[tuple[str, str]], list[tuple[int, float]]]]:
    """Series spanning several windows: a counter, a decimal gauge with a stale marker, raw floats, a constant,
    irregular timestamps, negative zero and infinities."""
    rng = np.random.default_rng(4)
    start = end - 9 * HOUR
    regular = list(range(start, end, 15_000))
    out = []
    for job in ("a", "b"):
        counter = np.cumsum(rng.integers(0, 40, len(regular))).astype(float)
        out.append(([("__name__", "requests_total"), ("job", job), ("resource_id", f"/vm/{job}")],
                    list(zip(regular, counter.tolist(), strict=True))))
    gauge = np.round(rng.random(len(regular)) * 100, 2).tolist()
    gauge[100] = STALE
    out.append(([("__name__", "cpu_percent"), ("resource_id", "/vm/a")], list(zip(regular, gauge, strict=True))))
    out.append(([("__name__", "ratio")], list(zip(regular, (rng.random(len(regular)) / 3).tolist(), strict=True))))
    out.append(([("__name__", "up"), ("job", "a")], [(t, 1.0) for t in regular]))
    irregular = sorted({int(t) for t in rng.integers(start, end, 300)})
    odd = [[-0.0, float("inf"), float("-inf"), 1e300][i % 4] for i in range(len(irregular))]
    out.append(([("__name__", "odd")], list(zip(irregular, odd, strict=True))))
    return out


async def write(client: Client, series: list[tuple[list[tuple[str, str]], list[tuple[int, float]]]],
                expect: int = 204) -> str:
    resp = await client.post("/api/v1/write", data=compress(v1_request(*series)), headers=V1_HEADERS)
    assert resp.status == expect, await resp.text()
    return await resp.text()


async def remote_read(client: Client, start: int, end: int, accept: list[int] | None = None) -> dict[
        tuple[tuple[str, str], ...], list[tuple[int, bytes]]]:
    request = remote_pb2.ReadRequest()
    query = request.queries.add(start_timestamp_ms=start, end_timestamp_ms=end)
    query.matchers.add(type=types_pb2.LabelMatcher.RE, name="__name__", value=".+")
    request.accepted_response_types.extend(accept or [])
    resp = await client.post("/api/v1/read", data=compress(request.SerializeToString()), headers=V1_HEADERS)
    assert resp.status == 200, await resp.text()
    body = await resp.read()
    out: dict[tuple[tuple[str, str], ...], list[tuple[int, bytes]]] = {}
    if resp.headers["Content-Type"].startswith("application/x-streamed-protobuf"):
        from remote_write_adapter.xorchunk import decode

        pos = 0
        while pos < len(body):
            size = shift = 0
            while True:
                byte = body[pos]
                pos += 1
                size |= (byte & 0x7F) << shift
                shift += 7
                if byte < 0x80:
                    break
            message = remote_pb2.ChunkedReadResponse.FromString(body[pos + 4:pos + 4 + size])
            pos += 4 + size
            for series in message.chunked_series:
                key = tuple((lb.name, lb.value) for lb in series.labels)
                for chunk in series.chunks:
                    times, values = decode(chunk.data)
                    out.setdefault(key, []).extend(
                        (t, struct.pack(">d", v)) for t, v in zip(times, values, strict=True))
        return out
    for ts in remote_pb2.ReadResponse.FromString(decompress(body, 1 << 28)).results[0].timeseries:
        key = tuple((lb.name, lb.value) for lb in ts.labels)
        out[key] = [(s.timestamp, struct.pack(">d", s.value)) for s in ts.samples]
    return out


def sql_paths(dsn: str, start: int, end: int) -> dict[str, Any]:
    """What every SQL read path answers, with values as their 8 bytes."""
    with psycopg.connect(dsn, autocommit=True) as conn, conn.cursor(binary=True) as cur:
        conn.execute("SELECT finops.refresh_metric_views()")
        paths: dict[str, Any] = {}
        cur.execute("SELECT series_id, (extract(epoch FROM time) * 1000)::int8, float8send(value) "
                    "FROM finops.samples ORDER BY 1, 2")
        paths["samples"] = [(a, b, bytes(c)) for a, b, c in cur.fetchall()]
        for metric in ("requests_total", "cpu_percent", "odd"):
            cur.execute("SELECT series_id, (extract(epoch FROM time) * 1000)::int8, float8send(value) "
                        "FROM finops.metric(%s) ORDER BY 1, 2", (metric,))
            paths[f"metric {metric}"] = [(a, b, bytes(c)) for a, b, c in cur.fetchall()]
            cur.execute("SELECT series_id, (extract(epoch FROM time) * 1000)::int8, float8send(value) FROM "
                        "finops.metric(%s, to_timestamp(%s / 1000.0), to_timestamp(%s / 1000.0)) ORDER BY 1, 2",
                        (metric, start, end))
            paths[f"metric range {metric}"] = [(a, b, bytes(c)) for a, b, c in cur.fetchall()]
        cur.execute("SELECT series_id, (extract(epoch FROM time) * 1000)::int8, float8send(value), stale, job "
                    "FROM prom_metric.requests_total ORDER BY 1, 2")
        paths["view"] = [(a, b, bytes(c), d, e) for a, b, c, d, e in cur.fetchall()]
        cur.execute("SELECT * FROM finops.resource_cost_usage('cpu_percent', to_timestamp(%s / 1000.0), "
                    "to_timestamp(%s / 1000.0))", (start, end))
        # avg() over float8 depends on the order rows arrive in (blocks vs hot rows): compared to 12 digits
        paths["resource_cost_usage"] = [tuple(float(f"{x:.12g}") if isinstance(x, float) else x for x in row)
                                        for row in cur.fetchall()]
    return paths


@pytest.fixture(params=["timescaledb", "postgresql"])
def dsn(request: pytest.FixtureRequest, empty_db: str) -> str:
    """Every invariant on both engines: TimescaleDB (hot chunks dropped by drop_chunks) and plain PostgreSQL
    (hot partitions per window, dropped as tables; blocks in one plain table)."""
    migrate(empty_db, use_timescaledb=request.param == "timescaledb")
    with psycopg.connect(empty_db) as conn:
        assert conn.execute("SELECT value FROM finops.storage_info WHERE key = 'engine'").fetchone() == (request.param,)
    return empty_db


@pytest.fixture
async def client(dsn: str) -> AsyncIterator[Client]:
    c = await adapter_client(make_app(adapter_config(dsn, storage_compact_interval="1000d")))
    try:
        yield c
    finally:
        await c.close()


async def compact_all(dsn: str, cutoff: int | None = None) -> CompactionResult:
    async with await psycopg.AsyncConnection.connect(dsn, autocommit=True) as conn:
        return await compact(conn, now_ms() + 1 if cutoff is None else cutoff, WINDOW)


async def test_every_read_path_answers_the_same_samples_after_compaction(client: Client,
                                                                        dsn: str) -> None:
    end = now_ms() // 1000 * 1000
    await write(client, history(end))
    start = end - 10 * HOUR
    before_sql = sql_paths(dsn, start + HOUR, end - HOUR)
    before_read = await remote_read(client, start, end)
    before_window = await remote_read(client, start + HOUR + 1234, end - HOUR)
    before_streamed = await remote_read(client, start, end, accept=[1, 0])
    result = await compact_all(dsn)
    assert result.samples == len(before_sql["samples"]) and result.blocks > 0
    with psycopg.connect(dsn) as conn:
        assert conn.execute("SELECT count(*) FROM finops.samples_hot").fetchone() == (0,)
    assert sql_paths(dsn, start + HOUR, end - HOUR) == before_sql
    assert await remote_read(client, start, end) == before_read
    assert await remote_read(client, start + HOUR + 1234, end - HOUR) == before_window
    assert await remote_read(client, start, end, accept=[1, 0]) == before_streamed == before_read
    assert (await compact_all(dsn)).samples == 0  # idempotent: nothing left to move
    assert sql_paths(dsn, start + HOUR, end - HOUR) == before_sql


async def test_late_and_redelivered_samples_in_a_compacted_window_are_stored_once_first_wins(
    client: Client, dsn: str
) -> None:
    end = now_ms() // 1000 * 1000
    labels = [("__name__", "late_metric"), ("job", "x")]
    first = [(end - 5 * HOUR + i * 60_000, float(i)) for i in range(0, 120, 2)]
    await write(client, [(labels, first)])
    await compact_all(dsn)
    # a re-delivery with other values, plus samples between the stored ones, into the compacted window
    redelivered = [(t, v + 1000) for t, v in first[:30]]
    between = [(end - 5 * HOUR + i * 60_000, float(i)) for i in range(1, 60, 2)]
    await write(client, [(labels, sorted(redelivered + between))])
    await write(client, [(labels, between[:5])])  # and the late ones re-delivered too
    expected = sorted(first + between)
    got = await remote_read(client, end - 6 * HOUR, end)
    assert got[tuple(labels)] == [(t, struct.pack(">d", v)) for t, v in expected]
    await compact_all(dsn)  # merges the late samples into the blocks
    assert (await remote_read(client, end - 6 * HOUR, end))[tuple(labels)] == got[tuple(labels)]
    with psycopg.connect(dsn) as conn:
        assert conn.execute("SELECT count(*) FROM finops.samples_hot").fetchone() == (0,)
        assert conn.execute("SELECT sum(count) FROM finops.sample_blocks").fetchone() == (len(expected),)


async def test_compaction_runs_concurrently_with_ingest_and_another_compactor(client: Client,
                                                                              dsn: str) -> None:
    end = now_ms() // 1000 * 1000
    batches = []
    for k in range(40):
        labels = [("__name__", "busy"), ("shard", str(k % 4))]
        batches.append([(labels, [(end - 7 * HOUR + (k // 4) * 600_000 + j * 15_000, float(k * 100 + j))
                                  for j in range(40)])])

    async def ingest() -> None:
        for batch in batches:
            await write(client, batch)
            await write(client, batch)  # every batch twice, as Prometheus retrying after a timeout

    async def compactions() -> list[CompactionResult]:
        results: list[CompactionResult] = []
        for _ in range(6):
            results += await asyncio.gather(compact_all(dsn), compact_all(dsn))
        return results

    _, results = await asyncio.gather(ingest(), compactions())
    assert any(r.skipped for r in results) or all(not r.skipped for r in results)
    await compact_all(dsn)
    got = await remote_read(client, end - 8 * HOUR, end)
    expected: dict[str, list[tuple[int, bytes]]] = {}
    for batch in batches:
        for labels, samples in batch:
            expected.setdefault(dict(labels)["shard"], []).extend((t, struct.pack(">d", v)) for t, v in samples)
    assert {dict(k)["shard"]: v for k, v in got.items()} == {k: sorted(v) for k, v in expected.items()}


def test_a_killed_compaction_loses_and_duplicates_nothing(dsn: str, tmp_path: Any) -> None:
    async def load() -> None:
        c = await adapter_client(make_app(adapter_config(dsn, storage_compact_interval="1000d")))
        try:
            await write(c, history(now_ms() // 1000 * 1000))
        finally:
            await c.close()

    asyncio.run(load())
    before = sql_paths(dsn, 0, now_ms())
    with psycopg.connect(dsn, autocommit=True) as blocker:
        blocker.execute("BEGIN")
        blocker.execute("LOCK TABLE finops.sample_blocks IN EXCLUSIVE MODE")  # the compactor stalls mid-move
        proc = subprocess.Popen([sys.executable, "-m", "finops", "db", "compact", "--older-than", "0s",
                                 f"--db.url={dsn}", "--db.migrate=false"],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)

        def stalled() -> bool:  # asked on another connection: a transaction sees one snapshot of the stats
            with psycopg.connect(dsn, autocommit=True) as observer:
                row = observer.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                       "AND query LIKE 'INSERT INTO finops.sample_blocks%'").fetchone()
            return bool(row and row[0])

        wait_until(stalled, timeout=60, what="compaction waiting on the blocks table mid-transaction")
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        blocker.execute("ROLLBACK")
    wait_until(lambda: sql_paths(dsn, 0, now_ms()) == before, timeout=30, what="the killed move rolled back")
    with psycopg.connect(dsn) as conn:
        assert conn.execute("SELECT count(*) FROM finops.sample_blocks").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM finops.compacted_windows").fetchone() == (0,)
    done = subprocess.run([sys.executable, "-m", "finops", "db", "compact", "--older-than", "0s",
                           f"--db.url={dsn}", "--db.migrate=false"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "compacted" in done.stdout
    assert sql_paths(dsn, 0, now_ms()) == before


async def test_retention_drops_compacted_and_hot_data_alike(client: Client, dsn: str) -> None:
    end = now_ms() // 1000 * 1000
    old = [(end - 30 * 86_400_000 + i * 60_000, float(i)) for i in range(10)]
    new = [(end - 60_000 * i, float(i)) for i in range(10, 0, -1)]
    await write(client, [([("__name__", "kept")], new), ([("__name__", "gone")], old)])
    await compact_all(dsn, cutoff=end - 20 * 86_400_000)  # the old data compacted, the new one still hot
    dropped = drop_old_data(dsn, 10 * 86400)
    assert dropped["sample_blocks"] >= 1
    with psycopg.connect(dsn) as conn:
        names = conn.execute("SELECT DISTINCT s.metric_name FROM finops.samples d JOIN finops.series s "
                             "ON s.id = d.series_id").fetchall()
    assert names == [("kept",)]


def test_views_made_before_the_store_existed_show_compacted_samples_after_the_upgrade(
    empty_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import finops.db
    from finops.db import SQL_DIR, migrate, migrations

    before_store = [m for m in migrations(SQL_DIR / "migrations") if m.version < 9]
    with monkeypatch.context() as patch:
        patch.setattr(finops.db, "migrations", lambda *_: before_store)
        migrate(empty_db)
    end = now_ms() // 1000 * 1000
    with psycopg.connect(empty_db, autocommit=True) as conn:
        row = conn.execute("SELECT id FROM finops.get_or_create_series("
                           "ARRAY['{\"__name__\": \"old_metric\", \"job\": \"x\"}'::jsonb])").fetchone()
        assert row is not None
        (sid,) = row
        conn.execute("INSERT INTO finops.samples SELECT to_timestamp((%s - g * 60000) / 1000.0), %s, g "
                     "FROM generate_series(1, 100) g", (end, sid))
        conn.execute("SELECT finops.refresh_metric_views()")
    migrate(empty_db)  # the store's migration over a database with views
    asyncio.run(compact_all(empty_db))
    with psycopg.connect(empty_db) as conn:
        assert conn.execute("SELECT count(*) FROM finops.samples_hot").fetchone() == (0,)
        assert conn.execute("SELECT count(*), sum(value) FROM prom_metric.old_metric").fetchone() == (100, 5050.0)
