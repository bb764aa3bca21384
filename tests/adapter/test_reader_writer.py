"""SampleWriter and RemoteReader driven directly (no HTTP) against the real database: what each decides."""

from __future__ import annotations

import struct
from collections.abc import AsyncIterator
from typing import Any

import numpy as np
import psycopg
import pytest
from psycopg_pool import AsyncConnectionPool

from finops.errors import BadInputError
from remote_write_adapter.compaction import compact
from remote_write_adapter.metrics import AdapterMetrics
from remote_write_adapter.protocol import Matcher, ProtocolVersion, ReadQuery, decode_write
from remote_write_adapter.read import RemoteReader
from remote_write_adapter.storage import SampleWriter, WriterOptions
from tests.adapter.conftest import STALE, T0
from tests.adapter.test_protocol import v1_request

WINDOW = 7_200_000


def batch(*series: tuple[list[tuple[str, str]], list[tuple[int, float]]]) -> Any:
    return decode_write(v1_request(*series), ProtocolVersion.V1)


@pytest.fixture
async def parts(dsn: str) -> AsyncIterator[tuple[SampleWriter, RemoteReader, str]]:
    pool = AsyncConnectionPool(dsn, min_size=1, max_size=4, kwargs={"autocommit": True}, open=False)
    await pool.open(wait=True)
    metrics = AdapterMetrics()
    writer = SampleWriter(pool, metrics, WriterOptions(flushers=1))
    await writer.start()
    try:
        yield writer, RemoteReader(pool, 1_000, metrics), dsn
    finally:
        await writer.stop()
        await pool.close()


async def read(reader: RemoteReader, *matchers: Matcher, start: int = T0 - 10**9, end: int = T0 + 10**9) -> dict[
        tuple[tuple[str, str], ...], list[tuple[int, bytes]]]:
    answer = await reader.query(ReadQuery(start, end, tuple(matchers)))
    return {s.labels: [(int(t), struct.pack(">d", v)) for t, v in
                       zip(answer.timestamps[s.first:s.first + s.count].tolist(),
                           answer.values[s.first:s.first + s.count].tolist(), strict=True)]
            for s in answer.series}


async def test_the_writer_counts_new_and_duplicate_samples_across_hot_rows_and_blocks(
    parts: tuple[SampleWriter, RemoteReader, str]
) -> None:
    writer, reader, dsn = parts
    labels = [("__name__", "w"), ("job", "a")]
    first = await writer.write(batch((labels, [(T0, 1.0), (T0 + 1000, 2.0)])))
    assert (first.samples, first.duplicates) == (2, 0)
    again = await writer.write(batch((labels, [(T0, 9.0), (T0 + 2000, 3.0)])))
    assert (again.samples, again.duplicates) == (1, 1)  # the first value of T0 stays
    async with await psycopg.AsyncConnection.connect(dsn, autocommit=True) as conn:
        await compact(conn, T0 + 10**9, WINDOW)
    late = await writer.write(batch((labels, [(T0 + 1000, 8.0), (T0 + 500, 0.5)])))
    assert (late.samples, late.duplicates) == (1, 1)  # one stored in a block already, one new
    got = await read(reader, Matcher("=", "__name__", "w"))
    assert got == {(("__name__", "w"), ("job", "a")): [(T0, struct.pack(">d", 1.0)), (T0 + 500, struct.pack(">d", 0.5)),
                                                      (T0 + 1000, struct.pack(">d", 2.0)),
                                                      (T0 + 2000, struct.pack(">d", 3.0))]}


async def test_the_reader_merges_blocks_and_late_hot_rows_in_time_order_bit_exact(
    parts: tuple[SampleWriter, RemoteReader, str]
) -> None:
    writer, reader, dsn = parts
    labels = [("__name__", "m"), ("k", "v")]
    await writer.write(batch((labels, [(T0 + i * 60_000, float(i)) for i in range(0, 20, 2)])))
    async with await psycopg.AsyncConnection.connect(dsn, autocommit=True) as conn:
        await compact(conn, T0 + 10**9, WINDOW)
    await writer.write(batch((labels, [(T0 + i * 60_000, STALE if i == 7 else float(i)) for i in range(1, 20, 2)])))
    (samples,) = (await read(reader, Matcher("=", "k", "v"))).values()
    assert [t for t, _ in samples] == [T0 + i * 60_000 for i in range(20)]
    assert samples[7][1] == bytes.fromhex("7ff0000000000002")
    window = await read(reader, Matcher("=", "k", "v"), start=T0 + 5 * 60_000, end=T0 + 9 * 60_000)
    assert [t for t, _ in next(iter(window.values()))] == [T0 + i * 60_000 for i in range(5, 10)]


async def test_the_reader_refuses_an_answer_above_its_sample_budget(
    parts: tuple[SampleWriter, RemoteReader, str]
) -> None:
    writer, reader, _ = parts
    await writer.write(batch(*[([("__name__", "big"), ("i", str(i))], [(T0 + j, 1.0) for j in range(100)])
                               for i in range(11)]))
    with pytest.raises(BadInputError, match="more than 1000 samples"):
        await reader.query(ReadQuery(T0 - 1, T0 + 10**6, (Matcher("=", "__name__", "big"),)))
    small = await reader.query(ReadQuery(T0 - 1, T0 + 10**6, (Matcher("=", "__name__", "big"),
                                                                Matcher("=~", "i", "[0-9]"))))
    assert small.timestamps.size == 1000 and len(small.series) == 10


async def test_series_come_back_sorted_by_label_set_as_prometheus_sorts_them(
    parts: tuple[SampleWriter, RemoteReader, str]
) -> None:
    writer, reader, _ = parts
    values = ["b", "a", "ab", "B", "ä", "a\u0000"[:1] + "z"]
    await writer.write(batch(*[([("__name__", "sorted"), ("v", v)], [(T0, 1.0)]) for v in values]))
    answer = await reader.query(ReadQuery(T0 - 1, T0 + 1, (Matcher("=", "__name__", "sorted"),)))
    got = [dict(s.labels)["v"] for s in answer.series]
    assert got == sorted(values, key=lambda v: v.encode())
    assert np.array_equal(answer.timestamps, np.full(len(values), T0))
