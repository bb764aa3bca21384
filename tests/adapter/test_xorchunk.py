"""Prometheus XOR chunks: the encoder against a plain decoder, and against chunks a real Prometheus wrote."""

from __future__ import annotations

import struct

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from remote_write_adapter import xorchunk

STALE = struct.unpack(">d", bytes.fromhex("7ff0000000000002"))[0]


@st.composite
def series_set(draw: st.DrawFn) -> list[tuple[list[int], list[float]]]:
    out = []
    for _ in range(draw(st.integers(1, 6))):
        n = draw(st.integers(1, 400))
        steps = draw(st.lists(st.one_of(st.just(15_000), st.integers(1, 10**7), st.sampled_from([2**20, 2**33])),
                              min_size=n, max_size=n))
        start = draw(st.integers(-(2**40), 2**42))
        times = [start]
        for s in steps[1:]:
            times.append(times[-1] + s)
        values = draw(st.lists(st.one_of(st.floats(width=64), st.sampled_from([STALE, -0.0, 1.0])), min_size=n,
                               max_size=n))
        out.append((times, values))
    return out


@given(series_set())
@settings(max_examples=200, deadline=None)
def test_chunks_decode_to_the_series_in_order(data: list[tuple[list[int], list[float]]]) -> None:
    times = np.array([t for ts, _ in data for t in ts], dtype=np.int64)
    values = np.array([v for _, vs in data for v in vs], dtype=np.float64)
    bounds = np.cumsum([0] + [len(ts) for ts, _ in data]).astype(np.int64)
    layout = xorchunk.encode(times, values, bounds)
    for index, (ts, vs) in enumerate(data):
        chunks = np.flatnonzero(layout.series == index)
        assert len(chunks) == -(-len(ts) // xorchunk.SAMPLES_PER_CHUNK)
        got_t: list[int] = []
        got_v: list[float] = []
        for c in chunks:
            t, v = xorchunk.decode(layout.data[layout.start[c]:layout.end[c]])
            assert (layout.min_time[c], layout.max_time[c]) == (t[0], t[-1])
            got_t += t
            got_v += v
        assert got_t == ts
        assert np.array(got_v, dtype=np.float64).view(np.uint64).tolist() == \
            np.array(vs, dtype=np.float64).view(np.uint64).tolist()
