"""Compaction: hot sample rows older than a cutoff become compact blocks (blocks.py), and their hot chunk goes.

Each hot chunk (TimescaleDB) or partition (plain PostgreSQL) is moved in ONE transaction: lock its windows,
read its rows, merge them into the series' blocks, write the blocks, drop the chunk. A crash at any point rolls
the whole move back, and running it twice finds nothing left to move, so compaction is idempotent and loses or
duplicates nothing. Writers hold a shared advisory lock on every window they write (finops.begin_sample_write),
the compactor the exclusive one, so a window is never written and moved at the same time; a sample arriving
later for a moved window is checked against its blocks first (storage.py), and a later pass merges it in, the
block's value winning a shared timestamp (it was written first). One compactor runs at a time per database
(a session advisory lock); other replicas skip the pass.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import psycopg
from psycopg import sql

from remote_write_adapter import blocks as blk
from remote_write_adapter.pgcopy import parse_array, parse_samples

log = logging.getLogger(__name__)

#: advisory lock class of a compaction window (objid = window index); must match finops.begin_sample_write
WINDOW_LOCK = 1718185577
#: advisory lock class held by the one running compactor
COMPACTOR_LOCK = 1718185578
#: samples read from the hot table per batch, to bound memory on large chunks
BATCH_SAMPLES = 1_000_000

BLOCK_COLUMNS = ("series_id", "start_time", "end_time", "base", "count", "step_ms", "scale", "time_residuals",
                 "value_deltas", "floats", "exception_positions", "exception_values")
BLOCK_TYPES = ("int8", "int8", "int8", "int8", "int4", "int4", "int2", "bytea", "bytea", "float8[]", "int4[]",
               "float8[]")
#: the select list that reads a block back in the shape `block_from_row` expects (times as epoch milliseconds)
BLOCK_SELECT = sql.SQL(
    "b.series_id, (extract(epoch FROM b.start_time) * 1000)::int8, (extract(epoch FROM b.end_time) * 1000)::int8, "
    "b.base, b.count, b.step_ms, b.scale, b.time_residuals, b.value_deltas, b.floats, b.exception_positions, "
    "b.exception_values")


@dataclass
class CompactionResult:
    units: int = 0
    samples: int = 0
    blocks: int = 0
    merged_blocks: int = 0
    skipped: bool = False
    seconds: float = 0.0


def window_range(start_ms: int, end_ms: int, window_ms: int) -> list[int]:
    """Indexes of the windows overlapping [start_ms, end_ms)."""
    if end_ms <= start_ms:
        return []
    return list(range(start_ms // window_ms, (end_ms - 1) // window_ms + 1))


def block_from_row(row: Sequence[Any]) -> blk.Block:
    """A block from a row of BLOCK_SELECT fetched with raw_array_loaders (arrays as bytes)."""
    (series_id, start_ms, end_ms, base, count, step_ms, scale, time_residuals, value_deltas, floats, positions,
     values) = row
    return blk.Block(
        int(series_id), int(start_ms), int(end_ms), int(count), int(step_ms),
        bytes(time_residuals) if time_residuals is not None else None,
        None if scale is None else int(scale), int(base),
        bytes(value_deltas) if value_deltas is not None else None,
        None if floats is None else parse_array(floats, ">u8").view(np.float64),
        None if positions is None else parse_array(positions, ">i4").astype(np.int32),
        None if values is None else parse_array(values, ">u8").view(np.float64),
    )


def decode_block_rows(columns: Sequence[Sequence[Any]]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64],
                                                                  npt.NDArray[np.float64]]:
    """Samples of blocks fetched with BLOCK_SELECT and raw_array_loaders, given column by column (no Python object
    per block beyond the row itself)."""
    (series_id, start_ms, _end_ms, base, count, step_ms, scale, time_residuals, value_deltas, floats, positions,
     values) = columns

    def arrays(raw: Sequence[Any], element: str) -> list[Any]:
        return [None if r is None else parse_array(r, element) for r in raw]

    return blk.decode_columns(series_id, start_ms, count, step_ms, time_residuals, scale, base, value_deltas,
                              [None if f is None else parse_array(f, ">u8").view(np.float64) for f in floats],
                              arrays(positions, ">i4"),
                              [None if v is None else parse_array(v, ">u8").view(np.float64) for v in values])


def block_row(block: blk.Block) -> tuple[Any, ...]:
    """The COPY row of a block (times as timestamptz microseconds via the int8 column types of BLOCK_TYPES)."""
    return (block.series_id, block.start_ms, block.end_ms, block.base, block.count, block.step_ms, block.scale,
            block.time_residuals, block.value_deltas,
            None if block.floats is None else block.floats.tolist(),
            None if block.exception_positions is None else block.exception_positions.tolist(),
            None if block.exception_values is None else block.exception_values.tolist())


class RawArrayLoader(psycopg.adapt.Loader):
    """Binary arrays and byte strings as bytes (numpy parses them): a float8[] of 8192 values is one object."""

    format = psycopg.pq.Format.BINARY

    def load(self, data: Any) -> bytes:
        return bytes(data)


def raw_array_loaders(cursor: psycopg.AsyncCursor[Any] | psycopg.Cursor[Any]) -> None:
    for oid in (1022, 1007, 1185):  # float8[], int4[], timestamptz[]
        cursor.adapters.register_loader(oid, RawArrayLoader)


async def write_blocks(conn: psycopg.AsyncConnection[Any], new_blocks: Sequence[blk.Block]) -> None:
    """COPYs blocks into finops.sample_blocks (times converted from epoch milliseconds in SQL)."""
    if not new_blocks:
        return
    async with conn.cursor() as cur:
        await cur.execute("CREATE TEMP TABLE IF NOT EXISTS finops_blocks_stage (series_id int8, start_ms int8, "
                          "end_ms int8, base int8, count int4, step_ms int4, scale int2, time_residuals bytea, "
                          "value_deltas bytea, floats float8[], exception_positions int4[], "
                          "exception_values float8[]) ON COMMIT DELETE ROWS")
        async with cur.copy("COPY finops_blocks_stage FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(list(BLOCK_TYPES))
            for block in new_blocks:
                await copy.write_row(block_row(block))
        await cur.execute(
            "INSERT INTO finops.sample_blocks (series_id, start_time, end_time, base, count, step_ms, scale, "
            "time_residuals, value_deltas, floats, exception_positions, exception_values) "
            "SELECT series_id, to_timestamp(start_ms / 1000.0), to_timestamp(end_ms / 1000.0), base, count, "
            "step_ms, scale, time_residuals, value_deltas, floats, exception_positions, exception_values "
            "FROM finops_blocks_stage")
        await cur.execute("TRUNCATE finops_blocks_stage")


async def read_blocks(conn: psycopg.AsyncConnection[Any], series_ids: npt.NDArray[np.int64], start_ms: int,
                      end_ms: int) -> list[blk.Block]:
    """The blocks of some series overlapping [start_ms, end_ms]."""
    if not series_ids.size:
        return []
    async with conn.cursor(binary=True) as cur:
        raw_array_loaders(cur)
        await cur.execute(
            sql.SQL("SELECT {} FROM finops.sample_blocks b WHERE b.series_id = ANY(%s) "
                    "AND b.start_time <= to_timestamp(%s / 1000.0) AND b.end_time >= to_timestamp(%s / 1000.0) "
                    "ORDER BY b.series_id, b.start_time").format(BLOCK_SELECT),
            (series_ids.tolist(), end_ms, start_ms))
        return [block_from_row(row) for row in await cur.fetchall()]


async def compact(conn: psycopg.AsyncConnection[Any], cutoff_ms: int, window_ms: int) -> CompactionResult:
    """Moves every hot sample older than `cutoff_ms` into blocks. `conn` must be in autocommit mode."""
    started = time.perf_counter()
    result = CompactionResult()
    row = await (await conn.execute("SELECT pg_try_advisory_lock(%s, 0)", (COMPACTOR_LOCK,))).fetchone()
    if not row or not row[0]:
        result.skipped = True
        return result
    try:
        units = await (await conn.execute(
            "SELECT relation, range_start_ms, range_end_ms FROM finops.hot_units()")).fetchall()
        for relation, lo, hi in units:
            if lo is not None and lo >= cutoff_ms:
                continue
            moved = await _compact_unit(conn, relation, lo, hi, cutoff_ms, window_ms, result)
            if moved:
                result.units += 1
    finally:
        await conn.execute("SELECT pg_advisory_unlock(%s, 0)", (COMPACTOR_LOCK,))
    result.seconds = time.perf_counter() - started
    return result


async def _compact_unit(conn: psycopg.AsyncConnection[Any], relation: str, lo: int | None, hi: int | None,
                        cutoff_ms: int, window_ms: int, result: CompactionResult) -> bool:
    schema, _, name = relation.partition(".")
    table = sql.Identifier(schema.strip('"'), name.strip('"'))
    async with conn.transaction():
        if lo is None or hi is None:
            row = await (await conn.execute(
                sql.SQL("SELECT (extract(epoch FROM min(time)) * 1000)::int8 FROM {} "
                        "WHERE time < to_timestamp(%s / 1000.0)").format(table), (cutoff_ms,))).fetchone()
            if row is None or row[0] is None:
                return False
            lower = int(row[0]) // window_ms * window_ms
            lock_until = cutoff_ms
            bounded = False
        else:
            lower, lock_until, bounded = lo, hi, True
        upper = min(cutoff_ms, hi) if hi is not None else cutoff_ms
        windows = window_range(lower, lock_until, window_ms)
        await conn.execute("SELECT pg_advisory_xact_lock(%s, w::integer) FROM unnest(%s::int8[]) AS w ORDER BY w",
                           (WINDOW_LOCK, windows))
        exists = await (await conn.execute("SELECT to_regclass(%s) IS NOT NULL", (relation,))).fetchone()
        if not exists or not exists[0]:
            return False  # another compactor moved it meanwhile
        moved_windows = window_range(lower, upper, window_ms)
        before = await (await conn.execute(
            "SELECT (extract(epoch FROM window_start) * 1000)::int8 FROM finops.compacted_windows "
            "WHERE window_start >= to_timestamp(%s / 1000.0) AND window_start < to_timestamp(%s / 1000.0)",
            (lower, upper))).fetchall()
        merge = bool(before)
        await conn.execute(
            "INSERT INTO finops.compacted_windows (window_start) "
            "SELECT to_timestamp(w * %s / 1000.0) FROM unnest(%s::int8[]) AS w "
            "ON CONFLICT (window_start) DO UPDATE SET compacted_at = now()", (window_ms, moved_windows))
        samples = await _move_rows(conn, table, lower, upper, window_ms, merge, result)
        remaining = False
        if not bounded or (hi is not None and hi > cutoff_ms):
            row = await (await conn.execute(
                sql.SQL("SELECT EXISTS (SELECT 1 FROM {} WHERE time >= to_timestamp(%s / 1000.0) "
                        "OR time < to_timestamp(%s / 1000.0))").format(table), (upper, lower))).fetchone()
            remaining = bool(row and row[0])
        if bounded and not remaining:
            await _drop_unit(conn, relation, table, lo, hi)
        elif samples:
            await conn.execute(sql.SQL("DELETE FROM {} WHERE time >= to_timestamp(%s / 1000.0) "
                                       "AND time < to_timestamp(%s / 1000.0)").format(table), (lower, upper))
        result.samples += samples
    return True


async def _drop_unit(conn: psycopg.AsyncConnection[Any], relation: str, table: sql.Identifier, lo: int | None,
                     hi: int | None) -> None:
    engine = await (await conn.execute("SELECT value FROM finops.storage_info WHERE key = 'engine'")).fetchone()
    if engine and engine[0] == "timescaledb":
        await conn.execute("SELECT drop_chunks('finops.samples_hot', older_than => to_timestamp(%s / 1000.0), "
                           "newer_than => to_timestamp(%s / 1000.0))", (hi, lo))
    else:
        await conn.execute(sql.SQL("DROP TABLE {}").format(table))


async def _move_rows(conn: psycopg.AsyncConnection[Any], table: sql.Identifier, lower: int, upper: int,
                     window_ms: int, merge: bool, result: CompactionResult) -> int:
    """Reads the unit's rows in [lower, upper) batch by batch of series and writes them as blocks."""
    bounds = await (await conn.execute(
        sql.SQL("SELECT min(series_id), max(series_id), count(*) FROM {} WHERE time >= to_timestamp(%s / 1000.0) "
                "AND time < to_timestamp(%s / 1000.0)").format(table), (lower, upper))).fetchone()
    if bounds is None or not bounds[2]:
        return 0
    first, last, total = int(bounds[0]), int(bounds[1]), int(bounds[2])
    span = last - first + 1
    step = max(1, span * BATCH_SAMPLES // total)
    moved = 0
    for low in range(first, last + 1, step):
        data = bytearray()
        async with conn.cursor() as cur:
            query = sql.SQL("COPY (SELECT series_id, time, value FROM {} WHERE series_id >= {} AND series_id < {} "
                            "AND time >= to_timestamp({} / 1000.0) AND time < to_timestamp({} / 1000.0)) "
                            "TO STDOUT (FORMAT BINARY)").format(
                table, sql.Literal(low), sql.Literal(low + step), sql.Literal(lower), sql.Literal(upper))
            async with cur.copy(query) as copy:
                async for chunk in copy:
                    data += chunk
        series, times, values = parse_samples(bytes(data))
        if not series.size:
            continue
        moved += int(series.size)
        await _write_series_blocks(conn, series, times, values, lower, upper, window_ms, merge, result)
    return moved


async def _write_series_blocks(conn: psycopg.AsyncConnection[Any], series: npt.NDArray[np.int64],
                               times: npt.NDArray[np.int64], values: npt.NDArray[np.float64], lower: int,
                               upper: int, window_ms: int, merge: bool, result: CompactionResult) -> None:
    order = np.lexsort((times, series))
    series, times, values = series[order], times[order], values[order]
    cuts = np.flatnonzero(np.diff(series)) + 1
    starts = [0, *cuts.tolist()]
    ends = [*cuts.tolist(), int(series.size)]
    existing: dict[int, list[blk.Block]] = {}
    if merge:
        for block in await read_blocks(conn, np.unique(series), lower, upper - 1):
            existing.setdefault(block.series_id, []).append(block)
    new_blocks: list[blk.Block] = []
    replaced: list[tuple[int, int]] = []
    for a, b in zip(starts, ends, strict=True):
        sid = int(series[a])
        ts, vs = times[a:b], values[a:b]
        old = existing.get(sid)
        if old:
            ts, vs, _dups = blk.merge_first_wins([blk.decode_block(o) for o in old], (ts, vs))
            replaced.extend((o.series_id, o.start_ms) for o in old)
            result.merged_blocks += len(old)
        new_blocks.extend(blk.encode_series(sid, ts, vs, window_ms))
    if replaced:
        await conn.execute(
            "DELETE FROM finops.sample_blocks b USING unnest(%s::int8[], %s::int8[]) AS r(sid, start_ms) "
            "WHERE b.series_id = r.sid AND b.start_time = to_timestamp(r.start_ms / 1000.0)",
            ([s for s, _ in replaced], [t for _, t in replaced]))
    await write_blocks(conn, new_blocks)
    result.blocks += len(new_blocks)
