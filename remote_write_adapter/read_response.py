"""Remote-read answers written straight from numpy arrays: the protobuf of every sample is laid out in one
vectorized pass (no Python object per sample), then framed per series.

    ReadResponse { repeated QueryResult results = 1; }      QueryResult { repeated TimeSeries timeseries = 1; }
    TimeSeries { repeated Label labels = 1; repeated Sample samples = 2; repeated Histogram histograms = 4; }
    Label { string name = 1; string value = 2; }            Sample { double value = 1; int64 timestamp = 2; }
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

_SMALL = [bytes((i,)) for i in range(128)]


def varint(value: int) -> bytes:
    if 0 <= value < 128:
        return _SMALL[value]
    if value < 16384:
        return bytes(((value & 0x7F) | 0x80, value >> 7))
    if value < 0:
        value += 1 << 64
    out = bytearray()
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def field_bytes(number: int, payload: bytes) -> bytes:
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def encode_labels(labels: Sequence[tuple[str, str]]) -> bytes:
    """TimeSeries.labels fields (each a Label message), in the given order."""
    return b"".join(field_bytes(1, field_bytes(1, n.encode()) + field_bytes(2, v.encode())) for n, v in labels)


def _varint_lengths(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
    lengths = np.ones(values.size, dtype=np.int64)
    shifted = values >> np.uint64(7)
    while shifted.any():
        lengths += shifted != 0
        shifted >>= np.uint64(7)
    return lengths


def encode_samples(timestamps: npt.NDArray[np.int64], values: npt.NDArray[np.float64]) -> tuple[bytes,
                                                                                          npt.NDArray[np.int64]]:
    """Every sample as a TimeSeries.samples field (tag, length, Sample), concatenated; and each one's end offset
    in the returned bytes, so a series' samples are one slice."""
    n = timestamps.size
    if not n:
        return b"", np.zeros(0, dtype=np.int64)
    unsigned = timestamps.astype(np.int64).view(np.uint64)  # two's complement, as protobuf int64 varints
    width = _uniform_varint_length(unsigned)
    if width:  # the timestamps of a real query share one varint length: fixed-size records
        return _records(unsigned, values, width).tobytes(), np.arange(1, n + 1, dtype=np.int64) * (12 + width)
    lengths = _varint_lengths(unsigned)
    ends = np.cumsum(12 + lengths)
    out = np.empty(int(ends[-1]), dtype=np.uint8)
    starts = ends - (12 + lengths)
    for width in np.unique(lengths).tolist():
        members = lengths == width
        out[starts[members][:, None] + np.arange(12 + width)] = _records(unsigned[members], values[members], width)
    return out.tobytes(), ends


def _uniform_varint_length(unsigned: npt.NDArray[np.uint64]) -> int:
    """The varint length every value has, or 0 when they differ (length grows with the unsigned value)."""
    low, high = _varint_lengths(np.array([unsigned.min(), unsigned.max()], dtype=np.uint64)).tolist()
    return int(low) if low == high else 0


_RECORD = np.dtype({"names": ["head", "value", "tag", "low", "high"], "formats": ["V3", "<f8", "u1", "<u8", "<u2"],
                    "offsets": [0, 3, 11, 12, 20], "itemsize": 22})


def _records(unsigned: npt.NDArray[np.uint64], values: npt.NDArray[np.float64], width: int) -> npt.NDArray[np.uint8]:
    """Samples whose timestamps are `width`-byte varints, one fixed-size row each:
    0x12 len 0x09 <double> 0x10 <varint> (the varint's bytes little-endian in two integer fields)."""
    records = np.empty(unsigned.size, dtype=_RECORD)
    records["head"] = np.void(bytes((0x12, 10 + width, 0x09)))
    records["value"] = values
    records["tag"] = 0x10
    low = np.zeros(unsigned.size, dtype=np.uint64)
    high = np.zeros(unsigned.size, dtype=np.uint64)
    for k in range(width):
        byte = (unsigned >> np.uint64(7 * k)) & np.uint64(0x7F)
        if k < width - 1:
            byte |= np.uint64(0x80)
        if k < 8:
            low |= byte << np.uint64(8 * k)
        else:
            high |= byte << np.uint64(8 * (k - 8))
    records["low"] = low
    records["high"] = high
    return records.view(np.uint8).reshape(unsigned.size, 22)[:, :12 + width]


_SERIES_TAG = varint(1 << 3 | 2)


@dataclass
class SeriesAnswer:
    """One series of an answer: its encoded labels and where its samples are in the query's sample bytes."""

    labels: tuple[tuple[str, str], ...]
    labels_pb: bytes
    first: int  # index of its first sample
    count: int
    histograms: list[bytes] = field(default_factory=list)  # serialized prometheus.Histogram


@dataclass
class QueryAnswer:
    series: list[SeriesAnswer]
    timestamps: npt.NDArray[np.int64]
    values: npt.NDArray[np.float64]


def encode_query_result(answer: QueryAnswer) -> bytes:
    """The bytes of one QueryResult message (without its own tag)."""
    sample_bytes, ends = encode_samples(answer.timestamps, answer.values)
    view = memoryview(sample_bytes)
    bounds = np.concatenate(([0], ends))
    firsts = np.fromiter((s.first for s in answer.series), dtype=np.int64, count=len(answer.series))
    lasts = firsts + np.fromiter((s.count for s in answer.series), dtype=np.int64, count=len(answer.series))
    parts: list[bytes | memoryview] = []
    append = parts.append
    for s, lo, hi in zip(answer.series, bounds[firsts].tolist(), bounds[lasts].tolist(), strict=True):
        extra = b"".join(field_bytes(4, h) for h in s.histograms) if s.histograms else b""
        append(_SERIES_TAG + varint(len(s.labels_pb) + hi - lo + len(extra)))
        append(s.labels_pb)
        append(view[lo:hi])
        if extra:
            append(extra)
    return b"".join(parts)


def encode_read_response(answers: Sequence[QueryAnswer]) -> bytes:
    """The bytes of a ReadResponse (uncompressed), one QueryResult per query, in order."""
    return b"".join(field_bytes(1, encode_query_result(a)) for a in answers)


def answer_slices(answer: QueryAnswer) -> Iterator[tuple[SeriesAnswer, npt.NDArray[np.int64],
                                                         npt.NDArray[np.float64]]]:
    for s in answer.series:
        yield s, answer.timestamps[s.first:s.first + s.count], answer.values[s.first:s.first + s.count]


# ---- STREAMED_XOR_CHUNKS ------------------------------------------------------------------------------------
#   ChunkedReadResponse { repeated ChunkedSeries chunked_series = 1; int64 query_index = 2; }
#   ChunkedSeries { repeated Label labels = 1; repeated Chunk chunks = 2; }
#   Chunk { int64 min_time_ms = 1; int64 max_time_ms = 2; Encoding type = 3 (XOR = 1); bytes data = 4; }
# Each message goes out as a frame: uvarint(size), big-endian CRC32-Castagnoli of the message, the message.

STREAMED_CONTENT_TYPE = "application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse"
#: a frame is closed once its chunks reach this size (Prometheus' --storage.remote.read-max-bytes-in-frame)
MAX_BYTES_IN_FRAME = 1 << 20
#: samples XOR-encoded per call, bounding the encoder's temporary arrays
_ENCODE_BATCH = 200_000


def _chunk_message(min_time: int, max_time: int, data: bytes | memoryview) -> bytes:
    body = b"\x08" + varint(min_time) + b"\x10" + varint(max_time) + b"\x18\x01" + b"\x22" + varint(len(data))
    return field_bytes(2, body + bytes(data))


def frame(message: bytes) -> bytes:
    import google_crc32c

    return varint(len(message)) + int(google_crc32c.value(message)).to_bytes(4, "big") + message


def chunked_frames(answer: QueryAnswer, query_index: int) -> Iterator[bytes]:
    """The frames of one query's answer: series one after another (sorted as given), each series' chunks in time
    order, a frame closed when it reaches MAX_BYTES_IN_FRAME (a long series continues in the next frame)."""
    from remote_write_adapter.xorchunk import encode

    index_field = b"\x10" + varint(query_index)
    pending = deque(answer.series)
    while pending:
        batch: list[SeriesAnswer] = []
        samples = 0
        while pending and (not batch or samples + pending[0].count <= _ENCODE_BATCH):
            s = pending.popleft()
            batch.append(s)
            samples += s.count
        times = np.concatenate([answer.timestamps[s.first:s.first + s.count] for s in batch])
        values = np.concatenate([answer.values[s.first:s.first + s.count] for s in batch])
        bounds = np.concatenate(([0], np.cumsum([s.count for s in batch]))).astype(np.int64)
        layout = encode(times, values, bounds)
        view = memoryview(layout.data)
        per_series: list[list[bytes]] = [[] for _ in batch]
        for c in range(layout.series.size):
            per_series[int(layout.series[c])].append(_chunk_message(
                int(layout.min_time[c]), int(layout.max_time[c]), view[int(layout.start[c]):int(layout.end[c])]))
        for s, chunks in zip(batch, per_series, strict=True):
            size = 0
            current: list[bytes] = []
            for chunk in chunks:
                current.append(chunk)
                size += len(chunk)
                if size >= MAX_BYTES_IN_FRAME:
                    yield frame(field_bytes(1, s.labels_pb + b"".join(current)) + index_field)
                    current, size = [], 0
            if current or not chunks:
                yield frame(field_bytes(1, s.labels_pb + b"".join(current)) + index_field)
