"""A tiny protobuf wire-format decoder for the RW1 WriteRequest (independent of our encoder)."""

from __future__ import annotations

import struct


def _varint(buf: bytes, i: int) -> tuple[int, int]:
    shift = result = 0
    while True:
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return result, i


def fields(buf: bytes) -> list[tuple[int, int | float | bytes]]:
    out: list[tuple[int, int | float | bytes]] = []
    i = 0
    while i < len(buf):
        key, i = _varint(buf, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            v, i = _varint(buf, i)
            out.append((number, v - (1 << 64) if v >= 1 << 63 else v))
        elif wire == 1:
            out.append((number, struct.unpack("<d", buf[i : i + 8])[0]))
            i += 8
        elif wire == 2:
            n, i = _varint(buf, i)
            out.append((number, buf[i : i + n]))
            i += n
        else:
            raise ValueError(f"unexpected wire type {wire}")
    return out


def decode_write_request(buf: bytes) -> list[tuple[dict[str, str], list[tuple[int, float]]]]:
    series = []
    for number, ts in fields(buf):
        assert number == 1 and isinstance(ts, bytes)
        labels: dict[str, str] = {}
        samples: list[tuple[int, float]] = []
        for n, part in fields(ts):
            assert isinstance(part, bytes)
            if n == 1:
                kv = dict(fields(part))
                labels[bytes(kv[1]).decode()] = bytes(kv.get(2, b"")).decode()  # type: ignore[arg-type]
            else:
                sv = dict(fields(part))
                samples.append((int(sv.get(2, 0)), float(sv.get(1, 0.0))))  # type: ignore[arg-type]
        series.append((labels, samples))
    return series
