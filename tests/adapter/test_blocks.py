"""Compact blocks: bit-exact round trips in numpy and in SQL, and the bytes they take."""

from __future__ import annotations

import struct

import numpy as np
import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finops.db import migrate
from remote_write_adapter import blocks as blk
from remote_write_adapter.compaction import block_row, write_blocks

STALE = struct.unpack(">d", bytes.fromhex("7ff0000000000002"))[0]
T0 = 1_764_000_000_000


def bits(values: np.ndarray) -> list[int]:
    as_ints: list[int] = values.view(np.uint64).tolist()
    return as_ints


def specials() -> st.SearchStrategy[float]:
    return st.sampled_from([STALE, float("nan"), float("inf"), float("-inf"), -0.0, 0.0,
                            struct.unpack(">d", bytes.fromhex("7ff8000000000001"))[0]])


value_lists = st.one_of(
    st.lists(st.floats(allow_nan=True, allow_infinity=True, width=64), min_size=1, max_size=300),
    st.lists(st.integers(-(2**53), 2**53).map(float), min_size=1, max_size=300),
    st.lists(st.one_of(st.integers(-10**6, 10**6).map(lambda i: i / 100), specials()), min_size=1, max_size=300),
    st.lists(st.decimals(places=3, min_value=-10**9, max_value=10**9, allow_nan=False).map(float), min_size=1,
             max_size=300),
)


@st.composite
def samples(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    values = draw(value_lists)
    steps = draw(st.lists(st.one_of(st.just(15_000), st.integers(1, 3_600_000)), min_size=len(values),
                          max_size=len(values)))
    times = T0 + np.cumsum(np.asarray(steps, dtype=np.int64))
    return times, np.asarray(values, dtype=np.float64)


@given(samples())
@settings(max_examples=300, deadline=None)
def test_a_block_decodes_to_its_samples_bit_for_bit(data: tuple[np.ndarray, np.ndarray]) -> None:
    times, values = data
    block = blk.encode_block(7, times, values)
    got_t, got_v = blk.decode_block(block)
    assert got_t.tolist() == times.tolist()
    assert bits(got_v) == bits(values)
    assert (block.start_ms, block.end_ms, block.count) == (int(times[0]), int(times[-1]), times.size)


@given(st.lists(samples(), min_size=1, max_size=12))
@settings(max_examples=100, deadline=None)
def test_decoding_many_blocks_at_once_equals_decoding_each(data: list[tuple[np.ndarray, np.ndarray]]) -> None:
    encoded = [blk.encode_block(i, t, v) for i, (t, v) in enumerate(data)]
    series, times, values = blk.decode_many(encoded)
    assert series.tolist() == [i for i, (t, _) in enumerate(data) for _ in range(t.size)]
    assert times.tolist() == np.concatenate([t for t, _ in data]).tolist()
    assert bits(values) == bits(np.concatenate([v for _, v in data]))


def test_regular_integer_series_cost_about_a_byte_per_sample() -> None:
    rng = np.random.default_rng(1)
    times = T0 + np.arange(480, dtype=np.int64) * 15_000
    walk = np.cumsum(rng.integers(-3, 4, 480)).astype(float) + 500
    block = blk.encode_block(1, times, walk)
    assert block.time_residuals is None  # a regular scrape costs nothing per sample
    assert block.scale == 0 and block.value_deltas is not None and len(block.value_deltas) == 479
    constant = blk.encode_block(1, times, np.full(480, 1.0))
    assert constant.value_deltas is None and constant.time_residuals is None


def test_decimals_are_scaled_and_stale_markers_kept_as_exceptions() -> None:
    times = T0 + np.arange(5, dtype=np.int64) * 15_000
    values = np.array([12.5, 12.75, STALE, 13.0, -0.0])
    block = blk.encode_block(1, times, values)
    assert block.scale == 2
    assert block.exception_positions is not None and block.exception_positions.tolist() == [2, 4]
    assert bits(blk.decode_block(block)[1]) == bits(values)


def test_floats_that_are_not_short_decimals_are_stored_raw() -> None:
    times = T0 + np.arange(4, dtype=np.int64) * 15_000
    values = np.array([0.1 + 0.2, 1 / 3, 2.0**-30, 1e300])
    block = blk.encode_block(1, times, values)
    assert block.scale is None and block.floats is not None
    assert bits(blk.decode_block(block)[1]) == bits(values)


def test_series_split_at_window_boundaries_and_block_size() -> None:
    times = np.arange(0, 5 * 3_600_000, 1_000, dtype=np.int64) + 7_200_000 * 10
    parts = list(blk.split_points(times, 7_200_000))
    assert all(b - a <= blk.MAX_BLOCK_SAMPLES for a, b in parts)
    assert [times[a] // 7_200_000 for a, _ in parts] == sorted(times[a] // 7_200_000 for a, _ in parts)
    assert all(times[a] // 7_200_000 == times[b - 1] // 7_200_000 for a, b in parts)
    assert sum(b - a for a, b in parts) == times.size


def test_merge_keeps_the_older_value_of_a_shared_timestamp() -> None:
    old = (np.array([1, 3, 5], dtype=np.int64), np.array([1.0, 3.0, 5.0]))
    new = (np.array([2, 3, 6], dtype=np.int64), np.array([2.0, 30.0, 6.0]))
    times, values, duplicates = blk.merge_first_wins([old], new)
    assert times.tolist() == [1, 2, 3, 5, 6]
    assert values.tolist() == [1.0, 2.0, 3.0, 5.0, 6.0]
    assert duplicates == 1


@pytest.fixture
def blocks_db(empty_db: str) -> str:
    migrate(empty_db)
    return empty_db


@given(data=st.lists(samples(), min_size=1, max_size=8))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_sql_decodes_blocks_exactly_as_numpy(data: list[tuple[np.ndarray, np.ndarray]], blocks_db: str) -> None:
    import asyncio

    encoded = [blk.encode_block(i + 1, t, v) for i, (t, v) in enumerate(data)]

    async def store() -> None:
        async with await psycopg.AsyncConnection.connect(blocks_db) as conn:
            await conn.execute("TRUNCATE finops.sample_blocks")
            await write_blocks(conn, encoded)
            await conn.commit()

    asyncio.run(store())
    with psycopg.connect(blocks_db) as conn, conn.cursor(binary=True) as cur:
        cur.execute("SELECT series_id, (extract(epoch FROM time) * 1000)::int8, float8send(value) "
                    "FROM finops.samples ORDER BY series_id, time")
        rows = cur.fetchall()
    expected = [(i + 1, int(t), struct.pack(">d", v)) for i, (ts, vs) in enumerate(data)
                for t, v in zip(ts.tolist(), vs.tolist(), strict=True)]
    assert [(s, t, bytes(v)) for s, t, v in rows] == expected
    assert len(block_row(encoded[0])) == 12
