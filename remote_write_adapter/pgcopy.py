"""Samples in PostgreSQL's binary COPY format, as numpy arrays: the hot paths move millions of samples without a
Python object per sample. Binary also keeps every float's bits (a text round trip turns Prometheus' stale-marker
NaN into a plain NaN).

A sample row is (series_id bigint, time timestamptz, value double precision): 38 bytes, big-endian, timestamps
in microseconds since 2000-01-01 (PostgreSQL's epoch).
"""

from __future__ import annotations

import struct

import numpy as np
import numpy.typing as npt

PG_EPOCH_MS = 946_684_800_000  # 2000-01-01T00:00:00Z in Unix milliseconds
HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
TRAILER = struct.pack(">h", -1)
SAMPLE_ROW = np.dtype([("fields", ">i2"), ("l1", ">i4"), ("series_id", ">i8"), ("l2", ">i4"), ("time", ">i8"),
                       ("l3", ">i4"), ("value", ">u8")])
assert SAMPLE_ROW.itemsize == 38


def ms_to_pg(ms: npt.NDArray[np.int64] | int) -> npt.NDArray[np.int64] | int:
    return (ms - PG_EPOCH_MS) * 1000


def pg_to_ms(us: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    # samples are written in whole milliseconds, so the division is exact
    return us // 1000 + PG_EPOCH_MS


def parse_samples(data: bytes) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """(series ids, timestamps in ms, values) of a binary COPY of sample rows."""
    if len(data) < len(HEADER) + len(TRAILER) or not data.startswith(HEADER[:11]):
        raise ValueError("not a binary COPY stream")
    body = memoryview(data)[len(HEADER):len(data) - len(TRAILER)]
    if len(body) % SAMPLE_ROW.itemsize:
        raise ValueError("binary COPY stream of sample rows has a partial row (or a NULL)")
    rows = np.frombuffer(body, dtype=SAMPLE_ROW)
    if rows.size and not ((rows["fields"] == 3).all() and (rows["l1"] == 8).all() and (rows["l2"] == 8).all()
                          and (rows["l3"] == 8).all()):
        raise ValueError("binary COPY stream of sample rows has an unexpected row shape")
    series = rows["series_id"].astype(np.int64)
    times = pg_to_ms(rows["time"].astype(np.int64))
    values = rows["value"].astype(np.uint64).view(np.float64)  # byte swap on the integer view keeps NaN payloads
    return series, times, values


def pack_samples(series: npt.NDArray[np.int64], times_ms: npt.NDArray[np.int64],
                 values: npt.NDArray[np.float64]) -> bytes:
    """Rows (without header and trailer) for `COPY … (series_id, time, value) FROM STDIN (FORMAT BINARY)`."""
    rows = np.empty(series.size, dtype=SAMPLE_ROW)
    rows["fields"] = 3
    rows["l1"] = rows["l2"] = rows["l3"] = 8
    rows["series_id"] = series
    rows["time"] = ms_to_pg(times_ms)
    rows["value"] = values.view(np.uint64)
    return rows.tobytes()


def parse_array(data: bytes | memoryview, element: str) -> npt.NDArray[np.generic]:
    """A one-dimensional PostgreSQL array without NULLs in binary form (float8[] as '>u8' bits, int4[] as '>i4')."""
    view = memoryview(data)
    ndim, _flags, _oid = struct.unpack_from(">iiI", view, 0)
    if ndim == 0:
        return np.zeros(0, dtype=np.dtype(element).newbyteorder("="))
    if ndim != 1:
        raise ValueError(f"expected a one-dimensional array, got {ndim} dimensions")
    count, _lower = struct.unpack_from(">ii", view, 12)
    size = np.dtype(element).itemsize
    items = np.frombuffer(view, dtype=np.dtype([("len", ">i4"), ("v", element)]), count=count, offset=20)
    if count and not (items["len"] == size).all():
        raise ValueError("array holds NULLs or elements of an unexpected size")
    return items["v"].astype(np.dtype(element).newbyteorder("="))
