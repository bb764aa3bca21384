"""Per-series state of the writer stays bounded under series churn, and what is evicted is recomputed."""

from __future__ import annotations

from collections.abc import AsyncIterator

import psycopg
import pytest

from finops.prompb.io.prometheus.write.v2 import types_pb2 as v2
from remote_write_adapter.protocol import ProtocolVersion, decode_write
from remote_write_adapter.storage import BoundedMap, SampleWriter, WriterOptions
from tests.adapter.conftest import T0, sample_writer
from tests.adapter.test_protocol import V2Builder, v1_request


def test_bounded_map_drops_the_tenth_put_longest_ago_when_full() -> None:
    m: BoundedMap[int, str] = BoundedMap(20)
    for i in range(20):
        m.put(i, str(i))
    m.put(0, "again")  # a put refreshes the entry: it is now the newest
    m.put(20, "20")
    assert len(m) == 19
    assert [k for k in range(21) if k in m] == [0, *range(3, 21)]
    assert m.get(0) == "again"
    assert m.get(1) is None
    for i in range(100, 1000):
        m.put(i, "x")
        assert len(m) <= 20


@pytest.fixture
async def small_writer(dsn: str) -> AsyncIterator[SampleWriter]:
    async with sample_writer(dsn, WriterOptions(cache_entries=20)) as writer:
        yield writer


async def test_every_per_series_map_stays_within_the_cache_size_under_churn(small_writer: SampleWriter) -> None:
    for batch in range(10):
        b = V2Builder()
        for i in range(30):
            ts = b.series([("__name__", f"churn_{batch}_{i}_total"), ("pod", f"p{batch}-{i}")])
            ts.samples.add(value=1.0, timestamp=T0)
            ts.metadata.type = v2.Metadata.METRIC_TYPE_COUNTER
            ts.metadata.help_ref = b.ref(f"help {batch} {i}")
        outcome = await small_writer.write(decode_write(b.bytes(), ProtocolVersion.V2))
        assert outcome.samples == 30
    # 300 series, 300 metric families, 300 view shapes went through; a dict per series grew to 300 before
    sizes = {"cache": len(small_writer.cache), "names": len(small_writer._series_names),
             "metadata": len(small_writer._metadata_seen), "view shapes": len(small_writer._view_shapes)}
    assert all(0 < n <= 20 for n in sizes.values()), sizes


async def test_a_cost_series_evicted_from_the_cache_still_updates_its_row(small_writer: SampleWriter, dsn: str) -> None:
    row = "a" * 20  # a FOCUS row id: 20 hex digits
    cost = [("__name__", "focus_billed_cost"), ("focus_row_id", row), ("job", "focus"), ("instance", "e:1"),
            ("charge_period_start", "2025-11-01T00:00:00Z"), ("charge_period_end", "2025-11-02T00:00:00Z")]

    async def write(*series: tuple[list[tuple[str, str]], list[tuple[int, float]]]) -> None:
        outcome = await small_writer.write(decode_write(v1_request(*series), ProtocolVersion.V1))
        assert not outcome.invalid

    def billed() -> object:
        with psycopg.connect(dsn) as conn:
            found = conn.execute("SELECT billed_cost FROM finops.focus_costs WHERE row_id = %s", (row,)).fetchone()
        return found[0] if found else None

    await write((cost, [(T0, 1.5)]))
    assert str(billed()) == "1.5"
    await write((cost, [(T0 + 60_000, 2.5)]))  # a cache hit
    assert str(billed()) == "2.5"
    await write(*[([("__name__", "other"), ("i", str(i))], [(T0, 1.0)]) for i in range(60)])
    assert small_writer.cache.get(decode_write(v1_request((cost, [])), ProtocolVersion.V1).series[0].key) is None
    await write((cost, [(T0 + 120_000, 3.5)]))  # a miss again: the row is recomputed from the labels
    assert str(billed()) == "3.5"

