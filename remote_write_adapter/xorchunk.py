"""Prometheus' XOR (Gorilla) chunk encoding, for STREAMED_XOR_CHUNKS remote-read answers.

The format is that of prometheus/tsdb/chunkenc/xor.go: a big-endian uint16 sample count, then a bit stream:
the first timestamp as a signed varint and the first value's 64 bits; the second timestamp as an unsigned varint
delta; then per sample a delta-of-delta in one of five bit-width classes; each value after the first as the XOR
with the previous one ('0' when equal, else the meaningful bits inside the previous leading/trailing-zero window,
or a new window of 5 + 6 bits). Encoding is vectorized: every field of every sample of every chunk is computed as
arrays (one XOR window per chunk, see `encode`), and the bits are placed into 64-bit words in one pass. `decode` is
a plain reader used to verify the encoder.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

#: samples per chunk, as Prometheus' head cuts them
SAMPLES_PER_CHUNK = 120
_U64 = np.uint64
_MASK = [(1 << w) - 1 for w in range(65)]


@dataclass(frozen=True)
class ChunkLayout:
    """Where each chunk is: its series (index into the caller's series), time range and bytes in `data`."""

    data: bytes
    series: npt.NDArray[np.int64]
    min_time: npt.NDArray[np.int64]
    max_time: npt.NDArray[np.int64]
    start: npt.NDArray[np.int64]  # byte offsets into data
    end: npt.NDArray[np.int64]


def _bit_length(x: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
    """Bits needed for each value (0 for 0), exact for all 64-bit values."""
    high = (x >> _U64(32)).astype(np.float64)
    low = (x & _U64(0xFFFFFFFF)).astype(np.float64)
    _, e_high = np.frexp(high)
    _, e_low = np.frexp(low)
    return np.where(high > 0, 32 + e_high, e_low).astype(np.int64)


def encode(timestamps: npt.NDArray[np.int64], values: npt.NDArray[np.float64],
           series_bounds: npt.NDArray[np.int64], per_chunk: int = SAMPLES_PER_CHUNK) -> ChunkLayout:
    """Chunks for consecutive series: series i owns samples [bounds[i], bounds[i+1]) (time-ordered)."""
    n = timestamps.size
    counts = np.diff(series_bounds)
    series_of = np.repeat(np.arange(counts.size, dtype=np.int64), counts)
    k = np.arange(n, dtype=np.int64) - np.repeat(series_bounds[:-1], counts)
    k %= per_chunk  # position inside its chunk
    first = k == 0
    second = k == 1
    rest = k >= 2
    chunk_first = np.flatnonzero(first)
    n_chunks = chunk_first.size
    chunk_id = np.cumsum(first) - 1
    chunk_len = np.diff(np.append(chunk_first, n))
    last = chunk_first + chunk_len - 1
    ts = timestamps.astype(np.int64)
    bits = np.ascontiguousarray(values, dtype=np.float64).view(np.uint64)
    t_delta = np.empty_like(ts)
    t_delta[0] = 0
    np.subtract(ts[1:], ts[:-1], out=t_delta[1:])
    xor = np.empty_like(bits)
    xor[0] = 0
    np.bitwise_xor(bits[1:], bits[:-1], out=xor[1:])

    # Per sample, up to eight bit fields in wire order (width 0 = absent); each field is at most 64 bits.
    slots = np.zeros((8, n), dtype=np.int64)  # widths
    data = np.zeros((8, n), dtype=np.uint64)  # values
    # 0: the chunk's sample count
    slots[0, first] = 16
    data[0, first] = chunk_len.astype(np.uint64)
    # 1, 2: first timestamp as a zigzag varint, second as an unsigned varint of the delta (bytes, low first)
    leads = np.flatnonzero(first | second)
    source = np.where(first[leads], ((ts[leads] << 1) ^ (ts[leads] >> 63)).view(np.uint64),
                      t_delta[leads].view(np.uint64))
    nbytes, packed_lo, packed_hi = _varints(source)
    slots[1, leads] = np.minimum(nbytes, 8) * 8
    data[1, leads] = packed_lo
    slots[2, leads] = np.maximum(nbytes - 8, 0) * 8
    data[2, leads] = packed_hi
    # 3, 4: delta of deltas from the third sample on: prefix and payload (one field unless 64-bit)
    later = np.flatnonzero(rest)
    dod = t_delta[later] - t_delta[later - 1]
    width = np.full(dod.size, 64, dtype=np.int64)
    prefix = np.full(dod.size, 0b1111, dtype=np.uint64)
    prefix_len = np.full(dod.size, 4, dtype=np.int64)
    for low, high, code, code_len, size in ((-524287, 524288, 0b1110, 4, 20), (-65535, 65536, 0b110, 3, 17),
                                            (-8191, 8192, 0b10, 2, 14), (0, 0, 0b0, 1, 0)):
        fits = (dod >= low) & (dod <= high)
        width[fits] = size
        prefix[fits] = code
        prefix_len[fits] = code_len
    payload = dod.view(np.uint64) & np.where(width < 64, (_U64(1) << np.minimum(width, 63).astype(np.uint64))
                                             - _U64(1), ~_U64(0))
    small = width < 64
    slots[3, later] = np.where(small, prefix_len + width, prefix_len)
    data[3, later] = np.where(small, (prefix << width.astype(np.uint64)) | payload, prefix)
    slots[4, later] = np.where(small, 0, 64)
    data[4, later] = np.where(small, _U64(0), payload)
    # 5, 6: the value: raw for the first sample; else '0' (same) or '1' + window control, then meaningful bits
    slots[5, first] = 64
    data[5, first] = bits[first]
    not_first = np.flatnonzero(~first)
    slots[5, not_first] = 1
    changed = np.flatnonzero(~first & (xor != 0))
    delta = xor[changed]
    # One leading/trailing-zero window per chunk, wide enough for every changed value in it: the first changed
    # value declares it ('11' + 5 + 6 bits), the others reuse it ('10'). Any such choice is valid XOR encoding;
    # Prometheus' own encoder re-decides per sample, a running state no vector operation can follow.
    leading = np.minimum(64 - _bit_length(delta), 31)
    trailing = _bit_length(delta & (~delta + _U64(1))) - 1
    owner = chunk_id[changed]
    w_lead = np.zeros(n_chunks, dtype=np.int64)
    w_trail = np.zeros(n_chunks, dtype=np.int64)
    if changed.size:
        starts = np.flatnonzero(np.diff(owner, prepend=np.int64(-1)))
        w_lead[owner[starts]] = np.minimum.reduceat(leading, starts)
        w_trail[owner[starts]] = np.minimum.reduceat(trailing, starts)
        declares = np.zeros(changed.size, dtype=bool)
        declares[starts] = True
    else:
        declares = np.zeros(0, dtype=bool)
    lead_c, trail_c = w_lead[owner], w_trail[owner]
    sig = 64 - lead_c - trail_c
    slots[5, changed] = np.where(declares, 13, 2)  # '1' + '1' + 5 bits leading + 6 bits significant | '1' + '0'
    data[5, changed] = np.where(declares, (_U64(0b11) << _U64(11)) | (lead_c.astype(np.uint64) << _U64(6))
                                | (sig.astype(np.uint64) & _U64(63)), _U64(0b10))
    slots[6, changed] = sig
    data[6, changed] = delta >> trail_c.astype(np.uint64)
    # 7: padding that ends each chunk on a byte
    chunk_bits = np.add.reduceat(slots.sum(axis=0), chunk_first)
    pad = (-chunk_bits) % 8
    slots[7, last] = pad
    chunk_bytes = (chunk_bits + pad) // 8

    order_w = slots.T.ravel()
    present = order_w > 0
    packed = _pack(order_w[present], data.T.ravel()[present])
    ends = np.cumsum(chunk_bytes)
    return ChunkLayout(packed, series_of[chunk_first], ts[chunk_first], ts[last], ends - chunk_bytes, ends)


def _varints(values: npt.NDArray[np.uint64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint64],
                                                        npt.NDArray[np.uint64]]:
    """Unsigned varints as bit fields: byte count, the first (up to) 8 bytes and the rest, each as one integer
    whose bytes are in wire order from the most significant used bit."""
    count = np.ones(values.size, dtype=np.int64)
    groups = []
    rest = values.copy()
    for _ in range(10):
        more = rest > _U64(0x7F)
        groups.append((rest & _U64(0x7F)) | np.where(more, _U64(0x80), _U64(0)))
        rest >>= _U64(7)
        count += more
    lo = np.zeros(values.size, dtype=np.uint64)
    hi = np.zeros(values.size, dtype=np.uint64)
    for index, group in enumerate(groups):
        in_lo = index < np.minimum(count, 8)
        lo = np.where(in_lo, (lo << _U64(8)) | group, lo)
        in_hi = (index >= 8) & (index < count)
        hi = np.where(in_hi, (hi << _U64(8)) | group, hi)
    return count, lo, hi


def _pack(widths: npt.NDArray[np.int64], values: npt.NDArray[np.uint64]) -> bytes:
    """Concatenates bit fields (MSB first, in order) into bytes: each field lands in one or two 64-bit words;
    fields are in offset order, so each word is the OR of a contiguous run of contributions."""
    total = int(widths.sum())
    offsets = np.cumsum(widths) - widths
    words = np.zeros(total // 64 + 2, dtype=np.uint64)
    word = offsets // 64
    r = offsets % 64
    spill = r + widths - 64  # > 0: bits that go to the next word
    head = np.where(spill > 0, values >> np.maximum(spill, 0).astype(np.uint64),
                    values << np.maximum(-spill, 0).astype(np.uint64))
    _or_runs(words, word, head)
    cross = np.flatnonzero(spill > 0)
    if cross.size:
        _or_runs(words, word[cross] + 1, values[cross] << (64 - spill[cross]).astype(np.uint64))
    return words.astype(">u8").tobytes()[: (total + 7) // 8]


def _or_runs(words: npt.NDArray[np.uint64], index: npt.NDArray[np.int64], parts: npt.NDArray[np.uint64]) -> None:
    """words[index[i]] |= parts[i] for sorted `index` (one reduceat instead of a scattered ufunc.at)."""
    starts = np.flatnonzero(np.diff(index, prepend=-1))
    words[index[starts]] |= np.bitwise_or.reduceat(parts, starts)


def decode(chunk: bytes) -> tuple[list[int], list[float]]:
    """Samples of one XOR chunk (a straightforward reader, to verify the encoder against Prometheus' chunks)."""
    import struct

    count = int.from_bytes(chunk[:2], "big")
    stream = int.from_bytes(chunk[2:], "big")
    total = (len(chunk) - 2) * 8
    pos = 0

    def read(width: int) -> int:
        nonlocal pos
        if pos + width > total:
            raise ValueError("chunk ends early")
        value = (stream >> (total - pos - width)) & _MASK[width]
        pos += width
        return value

    def read_varint() -> int:
        result = shift = 0
        while True:
            byte = read(8)
            result |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return result

    times: list[int] = []
    values: list[float] = []
    t = delta = bits = 0
    leading = trailing = 0
    for i in range(count):
        if i == 0:
            zig = read_varint()
            t = (zig >> 1) ^ -(zig & 1)
            bits = read(64)
        else:
            if i == 1:
                delta = read_varint()
            else:
                width = 0
                for size in (0, 14, 17, 20):
                    if read(1) == 0:
                        width = size
                        break
                else:
                    width = 64
                dod = read(width) if width else 0
                if width and width < 64 and dod > (1 << (width - 1)):
                    dod -= 1 << width
                elif width == 64 and dod >= 1 << 63:
                    dod -= 1 << 64
                delta += dod
            t += delta
            if read(1):
                if read(1):
                    leading = read(5)
                    sig = read(6) or 64
                    trailing = 64 - leading - sig
                bits ^= read(64 - leading - trailing) << trailing
        times.append(t)
        values.append(struct.unpack(">d", bits.to_bytes(8, "big"))[0])
    return times, values
