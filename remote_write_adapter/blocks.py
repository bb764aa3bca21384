"""Compact blocks: the cold form of samples, one row per series and compaction window (sql/migrations/0009).

Prometheus keeps 1-2 bytes per sample by exploiting what metrics look like: scrapes at a fixed step, values that
are integers or short decimals and change by small amounts. A block does the same in a shape PostgreSQL can still
decode in plain SQL (`finops.decode_block`), so every SQL path reads compacted data without an extension:

* times: the first timestamp, the most common step, and per-sample residuals `delta - step` (none at all for a
  regular scrape);
* values: when every value is a decimal `m / 10**scale` bit for bit (m a 53-bit integer), the first `m` and
  per-sample deltas of `m` (none for a constant series); otherwise the raw float64 values;
* residuals and deltas are fixed-width big-endian integers of the narrowest width that fits (1, 2, 4 or 8 bytes;
  the width is the byte length divided by `count - 1`), so numpy decodes a block with one `frombuffer` and SQL
  with `get_byte`;
* values no decimal represents bit for bit (NaN payloads such as the stale marker, infinities, -0.0) are
  exceptions kept raw beside the deltas, so decoding is bit-exact.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]

#: the largest decimal scale tried: 10**12 keeps typical magnitudes within 53 bits of mantissa
MAX_SCALE = 12
#: at most this many samples per block, so a block stays one modest row (and a width change stays local)
MAX_BLOCK_SAMPLES = 8192
_LIMIT_53 = float(2**53)
_WIDTHS = (np.int8, np.int16, np.int32)
_SCALES = [float(10**k) for k in range(MAX_SCALE + 1)]


@dataclass(frozen=True, slots=True)
class Block:
    """One compact block, column for column as stored in finops.sample_blocks."""

    series_id: int
    start_ms: int
    end_ms: int
    count: int
    step_ms: int
    time_residuals: bytes | None
    scale: int | None  # None: values are raw floats in `floats`
    base: int
    value_deltas: bytes | None
    floats: F64 | None
    exception_positions: npt.NDArray[np.int32] | None
    exception_values: F64 | None


def _width_bytes(values: I64) -> bytes | None:
    """Fixed-width big-endian bytes of the narrowest signed width that holds every value; None when all are 0."""
    if not values.size:
        return None
    low, high = int(values.min()), int(values.max())
    if low == 0 and high == 0:
        return None
    for dtype in _WIDTHS:
        info = np.iinfo(dtype)
        if info.min <= low and high <= info.max:
            return values.astype(np.dtype(dtype).newbyteorder(">")).tobytes()
    return values.astype(">i8").tobytes()


def _from_width_bytes(data: bytes | None, count: int) -> I64:
    """The inverse of _width_bytes for `count` values (0 values, or all zero when `data` is None)."""
    if count <= 0:
        return np.zeros(0, dtype=np.int64)
    if data is None:
        return np.zeros(count, dtype=np.int64)
    width = len(data) // count
    if width * count != len(data) or width not in (1, 2, 4, 8):
        raise ValueError(f"block data of {len(data)} bytes does not hold {count} fixed-width values")
    return np.frombuffer(data, dtype=f">i{width}").astype(np.int64)


def _most_common(values: I64) -> int:
    uniques, counts = np.unique(values, return_counts=True)
    return int(uniques[int(np.argmax(counts))])


def exceptional(values: F64) -> npt.NDArray[np.bool_]:
    """Values no decimal encodes bit for bit: NaN (any payload), infinities and negative zero."""
    special: npt.NDArray[np.bool_] = ~np.isfinite(values) | ((values == 0) & np.signbit(values))
    return special


def decimal_scale(values: F64) -> tuple[int, I64] | None:
    """The smallest scale k with every value == m / 10**k exactly (m integral, |m| <= 2**53), and m; else None."""
    if not values.size:
        return 0, np.zeros(0, dtype=np.int64)
    bits = values.view(np.uint64)
    with np.errstate(over="ignore", invalid="ignore"):
        for k, factor in enumerate(_SCALES):
            m = np.rint(values * factor)
            if np.abs(m).max() > _LIMIT_53:
                return None
            back = m if k == 0 else m / factor
            if np.array_equal(back.view(np.uint64), bits):
                return k, m.astype(np.int64)
    return None


def _carry_over(special: npt.NDArray[np.bool_], scaled: I64) -> I64:
    """Scaled integers at every position: an exception repeats the integer before it (leading ones the first),
    so exceptions cost no delta width."""
    regular = np.flatnonzero(~special)
    if not regular.size:
        return np.zeros(special.size, dtype=np.int64)
    spread = np.zeros(special.size, dtype=np.int64)
    spread[regular] = scaled
    last = np.where(~special, np.arange(special.size), -1)
    np.maximum.accumulate(last, out=last)
    last[last < 0] = regular[0]
    return spread[last]


def encode_block(series_id: int, timestamps: I64, values: F64) -> Block:
    """One block of a series' samples (timestamps strictly increasing, in milliseconds)."""
    count = int(timestamps.size)
    if count == 0 or values.size != count:
        raise ValueError("a block needs as many values as timestamps, at least one")
    deltas = np.diff(timestamps)
    step = _most_common(deltas) if deltas.size else 0
    time_residuals = _width_bytes(deltas - step)
    if (time_residuals is not None and len(time_residuals) > 4 * (count - 1)) or abs(step) >= 2**31:
        raise ValueError("a block's time steps must fit in 32 bits (split series by window first)")
    special = exceptional(values)
    regular = values[~special]
    found = decimal_scale(regular)
    floats = positions = specials = None
    scale: int | None = None
    base = 0
    value_deltas = None
    if found is not None:
        scale, scaled = found
        if special.any():
            ints = _carry_over(special, scaled)
            positions = np.flatnonzero(special).astype(np.int32)
            specials = values[special].copy()
        else:
            ints = scaled
        value_deltas = _width_bytes(np.diff(ints))
        if value_deltas is not None and len(value_deltas) >= 8 * (count - 1):
            scale = None  # 8-byte deltas are no smaller than raw floats, which decode more simply
        else:
            base = int(ints[0])
    if scale is None:
        value_deltas = positions = specials = None
        floats = values.copy()
    return Block(series_id, int(timestamps[0]), int(timestamps[-1]), count, step, time_residuals, scale, base,
                 value_deltas, floats, positions, specials)


def decode_block(block: Block) -> tuple[I64, F64]:
    """Timestamps (ms) and values of a block, bit-exact."""
    return decode_parts(block.start_ms, block.count, block.step_ms, block.time_residuals, block.scale, block.base,
                        block.value_deltas, block.floats, block.exception_positions, block.exception_values)


def decode_parts(start_ms: int, count: int, step_ms: int, time_residuals: bytes | None, scale: int | None,
                 base: int, value_deltas: bytes | None, floats: F64 | None,
                 exception_positions: npt.NDArray[np.int32] | None,
                 exception_values: F64 | None) -> tuple[I64, F64]:
    timestamps = np.empty(count, dtype=np.int64)
    timestamps[0] = start_ms
    if count > 1:
        np.cumsum(_from_width_bytes(time_residuals, count - 1) + step_ms, out=timestamps[1:])
        timestamps[1:] += start_ms
    if scale is None:
        if floats is None or floats.size != count:
            raise ValueError("a float block needs its values")
        return timestamps, floats
    ints = np.empty(count, dtype=np.int64)
    ints[0] = base
    if count > 1:
        np.cumsum(_from_width_bytes(value_deltas, count - 1), out=ints[1:])
        ints[1:] += base
    values = ints.astype(np.float64)
    if scale:
        values /= _SCALES[scale]
    if exception_positions is not None and exception_values is not None and exception_positions.size:
        values[exception_positions] = exception_values
    return timestamps, values


def split_points(timestamps: I64, window_ms: int) -> Iterator[tuple[int, int]]:
    """[start, end) index ranges of one series' sorted samples: one per compaction window, at most
    MAX_BLOCK_SAMPLES long."""
    if not timestamps.size:
        return
    windows = timestamps // window_ms
    cuts = np.flatnonzero(np.diff(windows)) + 1
    bounds = [0, *cuts.tolist(), int(timestamps.size)]
    for start, end in itertools.pairwise(bounds):
        for piece in range(start, end, MAX_BLOCK_SAMPLES):
            yield piece, min(end, piece + MAX_BLOCK_SAMPLES)


def encode_series(series_id: int, timestamps: I64, values: F64, window_ms: int) -> list[Block]:
    return [encode_block(series_id, timestamps[a:b], values[a:b]) for a, b in split_points(timestamps, window_ms)]


def merge_first_wins(older: Sequence[tuple[I64, F64]], newer: tuple[I64, F64]) -> tuple[I64, F64, int]:
    """Union of samples where the older (already stored) value wins a shared timestamp; returns the merged,
    sorted samples and how many newer samples were duplicates."""
    parts_t = [t for t, _ in older] + [newer[0]]
    parts_v = [v for _, v in older] + [newer[1]]
    ts = np.concatenate(parts_t)
    vs = np.concatenate(parts_v)
    order = np.argsort(ts, kind="stable")  # stable: older parts come first, so the first of equal times wins
    ts, vs = ts[order], vs[order]
    keep = np.ones(ts.size, dtype=bool)
    keep[1:] = ts[1:] != ts[:-1]
    return ts[keep], vs[keep], int(ts.size - keep.sum())


def _placed(offsets: I64, lengths: I64) -> I64:
    """Positions `offsets[i] + 0 .. offsets[i] + lengths[i] - 1` for every i, concatenated."""
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    starts = np.repeat(offsets - (np.cumsum(lengths) - lengths), lengths)
    return starts + np.arange(total, dtype=np.int64)


def _fill_deltas(out: I64, data: Sequence[bytes | None], offsets: I64, counts: I64) -> None:
    """Writes each block's fixed-width deltas at its positions 1 .. count-1 of `out` (zeros stay where a
    block has none), one frombuffer per width."""
    by_width: dict[int, list[int]] = {}
    for i, raw in enumerate(data):
        if raw is not None:
            by_width.setdefault(len(raw) // (int(counts[i]) - 1), []).append(i)
    for width, members in by_width.items():
        index = np.asarray(members, dtype=np.int64)
        joined = b"".join(data[i] for i in members)  # type: ignore[misc]
        values = np.frombuffer(joined, dtype=f">i{width}").astype(np.int64)
        out[_placed(offsets[index] + 1, counts[index] - 1)] = values


def decode_many(blocks: Sequence[Block]) -> tuple[I64, I64, F64]:
    """(series ids, timestamps, values) of many blocks at once, in block order."""
    return decode_columns([b.series_id for b in blocks], [b.start_ms for b in blocks], [b.count for b in blocks],
                          [b.step_ms for b in blocks], [b.time_residuals for b in blocks],
                          [b.scale for b in blocks], [b.base for b in blocks], [b.value_deltas for b in blocks],
                          [b.floats for b in blocks], [b.exception_positions for b in blocks],
                          [b.exception_values for b in blocks])


ArrayLike = npt.NDArray[Any] | None


def decode_columns(series_ids: Sequence[int], starts: Sequence[int], counts_: Sequence[int], steps: Sequence[int],
                   time_residuals: Sequence[bytes | None], scales: Sequence[int | None], bases: Sequence[int],
                   value_deltas: Sequence[bytes | None], floats: Sequence[ArrayLike],
                   exception_positions: Sequence[ArrayLike], exception_values: Sequence[ArrayLike],
                   ) -> tuple[I64, I64, F64]:
    """Decodes blocks given column by column (as rows fetched from finops.sample_blocks arrive): per-block work
    is a few list passes; the arithmetic runs vectorized over every sample."""
    n = len(series_ids)
    if not n:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), np.zeros(0, dtype=np.float64)
    counts = np.asarray(counts_, dtype=np.int64)
    offsets = np.cumsum(counts) - counts
    total = int(counts.sum())
    series = np.repeat(np.asarray(series_ids, dtype=np.int64), counts)
    # times: start + position * step + cumulative residuals
    times = np.repeat(np.asarray(starts, dtype=np.int64) - offsets * np.asarray(steps, dtype=np.int64), counts)
    times += np.arange(total, dtype=np.int64) * np.repeat(np.asarray(steps, dtype=np.int64), counts)
    if any(r is not None for r in time_residuals):
        _add_segmented_cumsum(times, time_residuals, offsets, counts)
    values = np.empty(total, dtype=np.float64)
    scaled = np.fromiter((s is not None for s in scales), dtype=bool, count=n)
    if scaled.any():
        ints = np.zeros(total, dtype=np.int64)
        _fill_deltas(ints, value_deltas, offsets, counts)
        np.cumsum(ints, out=ints)
        ints -= np.repeat(ints[offsets] - np.asarray(bases, dtype=np.int64), counts)
        decoded = ints.astype(np.float64)
        factor_per_block = np.fromiter((_SCALES[s or 0] for s in scales), dtype=np.float64, count=n)
        if (factor_per_block != 1.0).any():
            decoded /= np.repeat(factor_per_block, counts)
        if scaled.all():
            values = decoded
        else:
            mask = np.repeat(scaled, counts)
            values[mask] = decoded[mask]
    for i in np.flatnonzero(~scaled).tolist():
        start = int(offsets[i])
        raw = floats[i]
        if raw is not None:
            values[start : start + int(counts[i])] = raw
    for i, positions in enumerate(exception_positions):
        if positions is not None and positions.size:
            values[int(offsets[i]) + positions.astype(np.int64)] = exception_values[i]
    return series, times, values


def _add_segmented_cumsum(out: I64, data: Sequence[bytes | None], offsets: I64, counts: I64) -> None:
    deltas = np.zeros(out.size, dtype=np.int64)
    _fill_deltas(deltas, data, offsets, counts)
    np.cumsum(deltas, out=deltas)
    deltas -= np.repeat(deltas[offsets], counts)
    out += deltas
