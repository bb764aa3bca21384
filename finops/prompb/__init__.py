"""The Prometheus remote-write/read wire format, defined once for every component: the protobuf schemas (from the
published specs) with their generated modules, and the snappy block framing of request and response bodies.

The adapter decodes with it, the exporters' remote-write client and the tests encode with it, so sender and
receiver cannot drift apart. Regenerate the modules with scripts/gen-proto.sh; `fast.proto` is a wire-compatible,
decode-only view the adapter uses on its hot path. Snappy is cramjam's raw block codec (the format remote write
specifies; python-snappy 0.7 is itself a wrapper over cramjam).
"""

from __future__ import annotations

import cramjam

from finops.errors import BadInputError, PayloadTooLargeError

__all__ = ["compress", "declared_length", "decompress"]


def declared_length(body: bytes) -> int:
    """The uncompressed length a snappy block declares in its uvarint header, read without decompressing."""
    result = shift = 0
    for byte in body[:10]:
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result
        shift += 7
    raise BadInputError("snappy: missing or truncated length header" if len(body) < 10
                        else "snappy: length header is not a valid uvarint")


def decompress(body: bytes, max_decoded_bytes: int) -> bytes:
    """Snappy block decode that refuses oversized bodies from the declared length, before allocating anything,
    and a block whose content disagrees with its declared length."""
    size = declared_length(body)
    if size > max_decoded_bytes:
        raise PayloadTooLargeError(
            f"snappy body declares {size} decoded bytes, above the limit of {max_decoded_bytes} bytes")
    try:
        out = bytes(cramjam.snappy.decompress_raw(body))
    except Exception as exc:  # cramjam raises DecompressionError, but never let a codec error escape as a 500
        raise BadInputError(f"snappy: corrupt or truncated block: {exc}") from exc
    if len(out) != size:
        raise BadInputError(f"snappy: decoded {len(out)} bytes but the header declares {size}")
    return out


def compress(raw: bytes) -> bytes:
    """Snappy block (not framed) compression, as remote write and remote read bodies use."""
    return bytes(cramjam.snappy.compress_raw(raw))
