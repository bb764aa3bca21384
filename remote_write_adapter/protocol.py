"""Prometheus remote write 1.0/2.0 and remote read (SAMPLES) codec: negotiation, protobuf decode and validation.
Pure, no I/O; the wire format itself (generated protobuf, snappy framing) is the kernel's `finops.prompb`.

Decoding is shaped for the writer's series cache: each decoded series carries an opaque `key` built from the
sender's raw label bytes in C (upb), so a series seen before costs no per-label Python work; label decoding
and validation happen in `SeriesData.labels()`, which the writer calls only on a cache miss.
"""

from __future__ import annotations

import enum
import itertools
import math
import re
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
import numpy.typing as npt
from google.protobuf.message import DecodeError, Message

from finops.errors import BadInputError, UnsupportedMediaError
from finops.prompb import fast_pb2
from finops.prompb.io.prometheus.write.v2 import types_pb2 as v2_pb2
from finops.prompb.prometheus import remote_pb2, types_pb2
from remote_write_adapter.read_response import varint

Labels = tuple[tuple[str, str], ...]

MEDIA_TYPE = "application/x-protobuf"
PROTO_V1 = "prometheus.WriteRequest"
PROTO_V2 = "io.prometheus.write.v2.Request"

# The longest metric name stored: names are indexed (finops.series.metric_name, the metadata key), and a btree
# entry above 2704 bytes is refused by PostgreSQL, which would fail every retry of the request. 2048 bytes is also
# what Cortex and Mimir accept for a label value by default.
MAX_METRIC_NAME_BYTES = 2048
_NUL_MESSAGE = "contains NUL (U+0000), which PostgreSQL text cannot hold"

# Index = MetricType enum value in both prometheus.MetricMetadata and io.prometheus.write.v2.Metadata.
METRIC_TYPES = ("unknown", "counter", "gauge", "histogram", "gaugehistogram", "summary", "info", "stateset")

_METRIC_NAME_RE = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*")
_LABEL_NAME_RE = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*")
_MATCHER_TYPES = {
    types_pb2.LabelMatcher.EQ: "=",
    types_pb2.LabelMatcher.NEQ: "!=",
    types_pb2.LabelMatcher.RE: "=~",
    types_pb2.LabelMatcher.NRE: "!~",
}
_MAX_SHOWN = 200  # characters of a label set quoted in an error message

_M = TypeVar("_M", bound=Message)


class ProtocolVersion(enum.IntEnum):
    V1 = 1
    V2 = 2


class InvalidSeriesError(BadInputError):
    """One series is unusable; `reason` is a short machine label for metrics, the message says what and where.

    Reasons: missing_metric_name, invalid_utf8, invalid_nul (a name or value contains U+0000: valid UTF-8, but
    PostgreSQL text cannot hold it), metric_name_too_long (over MAX_METRIC_NAME_BYTES), duplicate_label_name,
    empty_label_name, invalid_metric_name and invalid_label_name (RW1 legacy name rules), non_canonical_labels
    (RW1 Label messages that do not encode one name then at most one value), invalid_protobuf (an RW1 Label
    message that cannot be parsed), invalid_histogram, invalid_symbol_ref, invalid_symbols,
    samples_and_histograms (RW2); exemplar problems (a NUL in its labels included) are reported as
    invalid_exemplar without dropping the series. Metadata entries PostgreSQL cannot store are left out with
    invalid_nul or metric_name_too_long in `WriteBatch.invalid_metadata`, again without dropping any series.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(slots=True)
class HistogramSample:
    """A native histogram; `raw` is the sender's serialized Histogram (prometheus.Histogram wire format).

    RW2 histograms are kept byte-for-byte: fields 1-16 are wire-identical to v1, and the RW2-only field 17
    (start_timestamp) stays in as a field unknown to v1 decoders (they skip it), so no information is lost.
    """

    timestamp_ms: int
    count: float
    sum: float
    raw: bytes


@dataclass(slots=True)
class ExemplarData:
    timestamp_ms: int
    value: float
    labels: Labels


@dataclass(slots=True)
class SeriesMetadata:
    type: str
    help: str
    unit: str


@dataclass(slots=True)
class MetricMetadata:
    family: str
    type: str
    help: str
    unit: str


class SeriesData:
    """One decoded series. `key` is an opaque cache key: equal keys imply the identical (name, value) list in
    the identical order; the converse holds for the canonical encodings every sender produces.

    RW1 key: the sender's Label fields verbatim (labels() proves they split into exactly the per-Label decode,
    so the key determines the labels). RW2 key: a 0xff prefix, the label count, then the resolved symbol bytes
    joined by 0xff (a byte valid UTF-8 never contains). The two formats are distinct for valid label sets.
    """

    __slots__ = ("_index", "_source", "exemplars", "histograms", "key", "metadata", "timestamps", "values")

    def __init__(self, key: bytes, timestamps: list[int], values: list[float], source: _V1Entries | None,
                 index: int) -> None:
        self.key = key
        self.timestamps = timestamps
        self.values = values
        self.histograms: list[HistogramSample] = []
        self.exemplars: list[ExemplarData] = []
        self.metadata: SeriesMetadata | None = None
        self._source = source
        self._index = index

    @property
    def index(self) -> int:
        """Position of the series in its RW1 request (0 for RW2)."""
        return self._index

    def labels(self) -> Labels:
        """Decoded, validated labels sorted by name, empty values dropped; raises InvalidSeriesError."""
        if self._source is None:
            return _validate(_split_v2_key(self.key), legacy_names=False)
        pairs = self._source.pairs(self._index)
        labels = _validate(pairs, legacy_names=self._source.legacy_names)
        if _split_v1_blob(self.key) != pairs:
            raise InvalidSeriesError(
                "non_canonical_labels",
                f"series {_describe(pairs)}: a Label message does not encode exactly one name then one value")
        return labels

    def __repr__(self) -> str:
        return f"SeriesData(key={self.key[:40]!r}, samples={len(self.timestamps)}, histograms={len(self.histograms)})"


@dataclass
class WriteBatch:
    """A decoded request: its series, its RW1 metadata, and what was left out as (reason, message): series and
    exemplars in `invalid` (with `rejected_samples`), metadata entries in `invalid_metadata`."""

    version: ProtocolVersion
    series: list[SeriesData]
    metadata: list[MetricMetadata] = field(default_factory=list)
    invalid: list[tuple[str, str]] = field(default_factory=list)
    rejected_samples: int = 0
    invalid_metadata: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Matcher:
    type: str  # "=", "!=", "=~", "!~"
    name: str
    value: str


@dataclass(frozen=True)
class ReadQuery:
    start_ms: int
    end_ms: int
    matchers: tuple[Matcher, ...]
    step_ms: int = 0
    func: str = ""
    hint_start_ms: int = 0
    hint_end_ms: int = 0
    grouping: tuple[str, ...] = ()
    by: bool = False
    range_ms: int = 0


# ---- negotiation ----------------------------------------------------------------------------------------------


def negotiate(content_type: str | None, content_encoding: str | None) -> ProtocolVersion:
    """Protocol version from the headers, as the reference receiver does: no type means RW1; 415 otherwise."""
    encoding = (content_encoding or "").strip().lower()
    if encoding not in ("", "snappy"):
        raise UnsupportedMediaError(
            f"unsupported Content-Encoding {content_encoding!r}: remote write bodies must be snappy (block format)")
    if content_type is None or not content_type.strip():
        return ProtocolVersion.V1
    media, _, rest = content_type.partition(";")
    if media.strip().lower() != MEDIA_TYPE:
        raise UnsupportedMediaError(f"unsupported Content-Type {content_type!r}: expected {MEDIA_TYPE}")
    proto = None
    for param in rest.split(";"):
        name, sep, value = param.partition("=")
        if sep and name.strip().lower() == "proto":
            proto = value.strip().strip('"').strip()
    if proto is None or proto.lower() == PROTO_V1.lower():
        return ProtocolVersion.V1
    if proto.lower() == PROTO_V2.lower():
        return ProtocolVersion.V2
    raise UnsupportedMediaError(
        f"unsupported proto={proto!r} in Content-Type: this receiver accepts {PROTO_V1} and {PROTO_V2}")


# ---- remote write decoding ------------------------------------------------------------------------------------


def decode_write(raw: bytes, version: ProtocolVersion, *, rw1_utf8_names: bool = False) -> WriteBatch:
    """Decodes a (decompressed) write request; BadInputError when the message itself cannot be parsed.

    RW1 names follow the 1.0 spec's legacy rules unless `rw1_utf8_names` (what Prometheus 3's own receiver
    accepts); RW2 names are UTF-8 always."""
    if version is ProtocolVersion.V2:
        return _decode_v2(raw)
    return _decode_v1(raw, legacy_names=not rw1_utf8_names)


class _V1Entries:
    """Per-Label decode of an RW1 request, parsed once and only if some series misses the caller's cache."""

    __slots__ = ("_raw", "_series", "legacy_names")

    def __init__(self, raw: bytes, legacy_names: bool) -> None:
        self._raw = raw
        self.legacy_names = legacy_names
        self._series: list[list[tuple[bytes, bytes]] | InvalidSeriesError] | None = None

    def pairs(self, index: int) -> list[tuple[bytes, bytes]]:
        if self._series is None:
            try:
                entries = fast_pb2.WriteRequestEntries.FromString(self._raw)
            except Exception:  # some Label message is corrupt, which the blob view cannot see: find it per series
                self._series = [_series_pairs(blob) for blob in
                                fast_pb2.WriteRequestSeriesBytes.FromString(self._raw).timeseries]
            else:
                self._series = [[(lb.name, lb.value) for lb in ts.labels] for ts in entries.timeseries]
        pairs = self._series[index]
        if isinstance(pairs, InvalidSeriesError):
            raise pairs
        return pairs


def _series_pairs(series: bytes) -> list[tuple[bytes, bytes]] | InvalidSeriesError:
    try:
        entries = fast_pb2.TimeSeriesEntries.FromString(series)
    except Exception as exc:  # DecodeError, or upb's other limit errors
        return InvalidSeriesError("invalid_protobuf", f"series {series[:60]!r}...: a Label message cannot be "
                                                      f"parsed: {exc}")
    return [(lb.name, lb.value) for lb in entries.labels]


def _parse(message_type: type[_M], raw: bytes, name: str) -> _M:
    try:
        message: _M = message_type.FromString(raw)
    except DecodeError as exc:
        raise BadInputError(f"protobuf: cannot parse {name}: {exc}") from exc
    except Exception as exc:  # upb reports a few limits (depth, size) with other types
        raise BadInputError(f"protobuf: cannot parse {name}: {exc!r}") from exc
    return message


FAST_KEY_MARK = b"\xfe"  # starts every fast-path cache key: RW1 label blobs start with 0x0a, RW2 keys with 0xff
_SUFFIX_ORDER = (6, 5, 7, 4, 8, 3, 9, 10, 2, 1)  # timestamp varint lengths, the usual one (2004-2248) first


@dataclass
class SingleSamples:
    """The RW1 series that are a run of Label fields followed by exactly one Sample (what Prometheus sends at every
    scrape), split without decoding a label: each one's cache key (its Label fields verbatim after
    FAST_KEY_MARK), timestamp and value, and its raw TimeSeries message; `others` are the raw TimeSeries messages of
    every other series. The key is exact: a prefix that was validated once as whole Label fields ends on a field
    boundary, so what follows it in a message with that prefix is a field of its own."""

    keys: list[bytes]
    times: npt.NDArray[np.int64]
    values: npt.NDArray[np.float64]
    raws: list[bytes]
    others: list[bytes]


def split_single_samples(raw: bytes) -> SingleSamples | None:
    """The fast split of an RW1 request, or None when it holds more than TimeSeries (metadata): such a request
    takes the general path whole."""
    try:
        blobs = list(fast_pb2.WriteRequestSeriesBytes.FromString(raw).timeseries)
    except Exception:
        return None  # the general decoder reports what is wrong
    n = len(blobs)
    lengths = np.fromiter(map(len, blobs), dtype=np.int64, count=n)
    framing = int((lengths >= 128).sum() + (lengths >= 16384).sum() + (lengths >= 2097152).sum()
                  + (lengths >= 268435456).sum())
    if int(lengths.sum()) + 2 * n + framing != len(raw):
        return None  # other fields than timeseries (metadata), or a length encoded unusually
    joined = np.frombuffer(b"".join(blobs), dtype=np.uint8)
    ends = np.cumsum(lengths)
    cut = np.zeros(n, dtype=np.int64)  # bytes of the sample suffix, 0 = not a single-sample series
    times = np.zeros(n, dtype=np.int64)
    values = np.zeros(n, dtype=np.float64)
    for k in _SUFFIX_ORDER:
        open_ = np.flatnonzero(cut == 0)
        if not open_.size:
            break
        for with_value in (True, False):
            size = 12 + k if with_value else 3 + k
            cand = open_[lengths[open_] > size]
            if not cand.size:
                continue
            start = ends[cand] - size
            ok = (joined[start] == 0x12) & (joined[start + 1] == size - 2)
            tag = start + (11 if with_value else 2)
            if with_value:
                ok &= joined[start + 2] == 0x09
            ok &= joined[tag] == 0x10
            varint = joined[(tag + 1)[:, None] + np.arange(k)]
            ok &= (varint[:, :-1] >= 0x80).all(axis=1) & (varint[:, -1] < 0x80)
            if k == 10:
                ok &= varint[:, -1] <= 1  # 64 bits at most
            if not ok.any():
                continue
            hit = cand[ok]
            groups = (varint[ok] & 0x7F).astype(np.uint64)
            stamp = np.zeros(hit.size, dtype=np.uint64)
            for j in range(k):
                stamp |= groups[:, j] << np.uint64(7 * j)
            times[hit] = stamp.view(np.int64)
            if with_value:
                values[hit] = joined[(start[ok] + 3)[:, None] + np.arange(8)].copy().view("<f8").ravel()
            cut[hit] = size
            open_ = np.flatnonzero(cut == 0)
    matched = np.flatnonzero(cut)
    cuts = (lengths[matched] - cut[matched]).tolist()
    raws = [blobs[i] for i in matched.tolist()]
    mark = FAST_KEY_MARK
    keys = [mark + b[:c] for b, c in zip(raws, cuts, strict=True)]
    others = [blobs[i] for i in np.flatnonzero(cut == 0).tolist()]
    return SingleSamples(keys, times[matched], values[matched], raws, others)


def whole_label_fields(prefix: bytes) -> bool:
    """True when `prefix` is a run of complete field-1 (Label) fields: a fast key may be cached only then, which
    makes every later split at its end a split on a field boundary."""
    pos, end = 0, len(prefix)
    while pos < end:
        if prefix[pos] != 0x0A:
            return False
        read = _field_length(prefix, pos + 1, end, max_shift=28)
        if read is None:
            return False
        length, pos = read
        pos += length
    return pos == end


def _field_length(buf: bytes, pos: int, end: int, max_shift: int) -> tuple[int, int] | None:
    """The varint length of a length-delimited field at `pos` and the position after it; None when it runs past
    `end` or beyond `max_shift` bits of shift."""
    length = shift = 0
    while True:
        if pos >= end or shift > max_shift:
            return None
        byte = buf[pos]
        pos += 1
        length |= (byte & 0x7F) << shift
        if byte < 0x80:
            return length, pos
        shift += 7


def write_request(series: list[bytes]) -> bytes:
    """An RW1 WriteRequest of raw TimeSeries messages."""
    return b"".join(b"\x0a" + varint(len(s)) + s for s in series)


def _decode_v1(raw: bytes, legacy_names: bool) -> WriteBatch:
    request = _parse(fast_pb2.WriteRequest, raw, PROTO_V1)
    source = _V1Entries(raw, legacy_names)
    batch = WriteBatch(ProtocolVersion.V1, [])
    out = batch.series
    append = out.append
    extras = fast_pb2.WriteRequestExtras.FromString(raw)
    extras.DiscardUnknownFields()
    any_extras = extras.ByteSize() != 2 * len(extras.timeseries)
    for index, ts in enumerate(request.timeseries):
        samples = ts.samples
        if len(samples) == 1:
            sample = samples[0]
            item = SeriesData(ts.labels.SerializeToString(), [sample.timestamp], [sample.value], source, index)
        else:
            item = SeriesData(ts.labels.SerializeToString(), [s.timestamp for s in samples],
                              [s.value for s in samples], source, index)
        if any_extras and (ts.histograms or ts.exemplars):
            try:
                item.histograms = [_histogram(h, types_pb2.Histogram) for h in ts.histograms]
            except InvalidSeriesError as exc:
                _reject(batch, item, exc, len(ts.histograms))
                continue
            for blob in ts.exemplars:
                _add_v1_exemplar(batch, item, blob)
        append(item)
    for meta in request.metadata:
        family_b = meta.metric_family_name
        try:
            family = family_b.decode()
        except UnicodeDecodeError:
            batch.invalid_metadata.append(("invalid_utf8", f"metadata: metric family name {family_b[:80]!r} is not "
                                                           "valid UTF-8"))
            continue
        problem = _metadata_problem(family_b, meta.help, meta.unit)
        if problem:
            batch.invalid_metadata.append((problem[0], f"metadata of {family[:80]!r}: {problem[1]}"))
            continue
        batch.metadata.append(MetricMetadata(family, _metric_type(meta.type), meta.help.decode(errors="replace"),
                                             meta.unit.decode(errors="replace")))
    return batch


def _metadata_problem(family: bytes, help_: bytes, unit: bytes) -> tuple[str, str] | None:
    """Why PostgreSQL could not store this metadata entry, as (reason, message), or None."""
    if b"\x00" in family or b"\x00" in help_ or b"\x00" in unit:
        return "invalid_nul", f"the family name, help or unit {_NUL_MESSAGE}"
    if len(family) > MAX_METRIC_NAME_BYTES:
        return "metric_name_too_long", f"the family name has {len(family)} bytes, above {MAX_METRIC_NAME_BYTES}"
    return None


def _add_v1_exemplar(batch: WriteBatch, item: SeriesData, blob: bytes) -> None:
    try:
        exemplar = fast_pb2.Exemplar.FromString(blob)
        labels = tuple(sorted((lb.name.decode(), lb.value.decode()) for lb in exemplar.labels if lb.value))
    except (DecodeError, UnicodeDecodeError) as exc:
        batch.invalid.append(("invalid_exemplar", f"exemplar dropped: {exc}"))
        return
    if _has_nul(labels):
        batch.invalid.append(("invalid_exemplar", f"exemplar dropped: a label {_NUL_MESSAGE}"))
        return
    item.exemplars.append(ExemplarData(exemplar.timestamp, exemplar.value, labels))


def _has_nul(labels: Labels) -> bool:
    return any("\x00" in name or "\x00" in value for name, value in labels)


def _reject(batch: WriteBatch, item: SeriesData, exc: InvalidSeriesError, histograms: int) -> None:
    batch.invalid.append((exc.reason, str(exc)))
    batch.rejected_samples += len(item.timestamps) + histograms


def _decode_v2(raw: bytes) -> WriteBatch:
    request = _parse(fast_pb2.Request, raw, PROTO_V2)
    batch = WriteBatch(ProtocolVersion.V2, [])
    symbols = list(request.symbols)
    if request.timeseries and (not symbols or symbols[0] != b""):
        first = repr(symbols[0][:40]) if symbols else "missing"
        for ts in request.timeseries:
            batch.invalid.append(("invalid_symbols", f"symbols[0] must be the empty string, got {first}; "
                                                     "the series cannot be resolved"))
            batch.rejected_samples += len(ts.samples) + len(ts.histograms)
        return batch
    lookup = symbols.__getitem__
    count = len(symbols)
    meta_cache: dict[tuple[int, int, int], SeriesMetadata | str] = {}
    for ts in request.timeseries:
        refs = ts.labels_refs
        samples = ts.samples
        n_refs = len(refs)
        rejected = len(samples) + len(ts.histograms)
        if n_refs & 1:
            batch.invalid.append(("invalid_symbol_ref", f"labels_refs has odd length {n_refs}"))
            batch.rejected_samples += rejected
            continue
        try:
            key = b"\xff".join((b"\xff%d" % n_refs, *map(lookup, refs)))
        except IndexError:
            bad = max(refs)
            batch.invalid.append(("invalid_symbol_ref", f"labels_refs contains {bad}, but there are only {count} "
                                                        "symbols"))
            batch.rejected_samples += rejected
            continue
        item = SeriesData(key, [s.timestamp for s in samples], [s.value for s in samples], None, 0)
        try:
            if ts.histograms:
                if samples:
                    raise InvalidSeriesError("samples_and_histograms",
                                             f"series {_describe_key(key)} has both samples and histograms")
                item.histograms = [_histogram(h, v2_pb2.Histogram) for h in ts.histograms]
            if ts.HasField("metadata"):
                m = ts.metadata
                mkey = (m.type, m.help_ref, m.unit_ref)
                meta = meta_cache.get(mkey)
                if meta is None:
                    if m.help_ref >= count or m.unit_ref >= count:
                        raise InvalidSeriesError("invalid_symbol_ref", f"series {_describe_key(key)}: metadata "
                                                 f"refers to symbol {max(m.help_ref, m.unit_ref)} of {count}")
                    help_b, unit_b = symbols[m.help_ref], symbols[m.unit_ref]
                    if b"\x00" in help_b or b"\x00" in unit_b:  # a problem, kept as its message
                        meta = meta_cache[mkey] = f"the help or unit {_NUL_MESSAGE}"
                    else:
                        meta = meta_cache[mkey] = SeriesMetadata(_metric_type(m.type), help_b.decode(errors="replace"),
                                                                 unit_b.decode(errors="replace"))
                if isinstance(meta, str):
                    batch.invalid_metadata.append(("invalid_nul", f"series {_describe_key(key)}: metadata dropped: "
                                                                  f"{meta}"))
                else:
                    item.metadata = meta
            for ex in ts.exemplars:
                _add_v2_exemplar(batch, item, ex, symbols)
        except InvalidSeriesError as exc:
            _reject(batch, item, exc, len(ts.histograms))
            continue
        batch.series.append(item)
    return batch


def _add_v2_exemplar(batch: WriteBatch, item: SeriesData, ex: fast_pb2.ExemplarV2, symbols: list[bytes]) -> None:
    refs = ex.labels_refs
    if len(refs) & 1:
        raise InvalidSeriesError("invalid_symbol_ref", f"series {_describe_key(item.key)}: exemplar labels_refs "
                                 f"has odd length {len(refs)}")
    try:
        parts = [symbols[r] for r in refs]
    except IndexError:
        raise InvalidSeriesError("invalid_symbol_ref", f"series {_describe_key(item.key)}: exemplar refers to "
                                 f"symbol {max(refs)} of {len(symbols)}") from None
    try:
        labels = tuple(sorted((parts[i].decode(), parts[i + 1].decode())
                              for i in range(0, len(parts), 2) if parts[i + 1]))
    except UnicodeDecodeError as exc:
        batch.invalid.append(("invalid_exemplar", f"series {_describe_key(item.key)}: exemplar dropped: {exc}"))
        return
    if _has_nul(labels):
        batch.invalid.append(("invalid_exemplar", f"series {_describe_key(item.key)}: exemplar dropped: a label "
                                                  f"{_NUL_MESSAGE}"))
        return
    item.exemplars.append(ExemplarData(ex.timestamp, ex.value, labels))


def _metric_type(value: int) -> str:
    return METRIC_TYPES[value] if 0 <= value < len(METRIC_TYPES) else "unknown"


# ---- labels ---------------------------------------------------------------------------------------------------


def _split_v1_blob(blob: bytes) -> list[tuple[bytes, bytes]] | None:
    """Splits merged Label fields into pairs: each name (field 1) starts a label, at most one value (field 2)
    follows. None when the bytes do not have that shape, so they cannot be trusted to identify a label set."""
    pairs: list[tuple[bytes, bytes]] = []
    pos, end = 0, len(blob)
    name: bytes | None = None
    value: bytes | None = None
    while pos < end:
        tag = blob[pos]
        if tag not in (0x0A, 0x12):
            return None
        read = _field_length(blob, pos + 1, end, max_shift=35)
        if read is None:
            return None
        length, pos = read
        if pos + length > end:
            return None
        chunk = blob[pos:pos + length]
        pos += length
        if tag == 0x0A:
            if name is not None:
                pairs.append((name, value or b""))
            name, value = chunk, None
        elif name is None or value is not None:
            return None
        else:
            value = chunk
    if name is not None:
        pairs.append((name, value or b""))
    return pairs


def _split_v2_key(key: bytes) -> list[tuple[bytes, bytes]]:
    parts = key.split(b"\xff")
    n_refs = int(parts[1])
    strings = parts[2:] if n_refs else []
    if len(strings) != n_refs:  # a symbol contained 0xff, which never occurs in UTF-8
        raise InvalidSeriesError("invalid_utf8", f"series {_describe_key(key)}: a label is not valid UTF-8")
    return [(strings[i], strings[i + 1]) for i in range(0, n_refs, 2)]


def _validate(pairs: list[tuple[bytes, bytes]], legacy_names: bool) -> Labels:
    decoded: list[tuple[str, str]] = []
    for name_b, value_b in pairs:
        try:
            name = name_b.decode()
            value = value_b.decode()
        except UnicodeDecodeError:
            raise InvalidSeriesError("invalid_utf8", f"series {_describe(pairs)}: label {name_b[:60]!r}="
                                     f"{value_b[:60]!r} is not valid UTF-8") from None
        if "\x00" in name or "\x00" in value:
            raise InvalidSeriesError("invalid_nul", f"series {_describe(pairs)}: label {name[:60]!r}={value[:60]!r} "
                                     f"{_NUL_MESSAGE}")
        if not name:
            raise InvalidSeriesError("empty_label_name", f"series {_describe(pairs)}: a label has an empty name")
        if name == "__name__" and len(value_b) > MAX_METRIC_NAME_BYTES:
            raise InvalidSeriesError("metric_name_too_long", f"series {_describe(pairs)}: the metric name has "
                                     f"{len(value_b)} bytes, above the limit of {MAX_METRIC_NAME_BYTES} bytes")
        if legacy_names:
            if name == "__name__":
                if value and not _METRIC_NAME_RE.fullmatch(value):
                    raise InvalidSeriesError("invalid_metric_name", f"series {_describe(pairs)}: metric name "
                                             f"{value!r} does not match [a-zA-Z_:][a-zA-Z0-9_:]* (remote write 1.0)")
            elif not _LABEL_NAME_RE.fullmatch(name):
                raise InvalidSeriesError("invalid_label_name", f"series {_describe(pairs)}: label name {name!r} "
                                         "does not match [a-zA-Z_][a-zA-Z0-9_]* (remote write 1.0)")
        decoded.append((name, value))
    decoded.sort()
    for (a, _), (b, _) in itertools.pairwise(decoded):
        if a == b:
            raise InvalidSeriesError("duplicate_label_name",
                                     f"series {_describe(pairs)}: label name {a!r} occurs more than once")
    labels = tuple(pair for pair in decoded if pair[1])
    if not any(name == "__name__" for name, _ in labels):
        raise InvalidSeriesError("missing_metric_name", f"series {_describe(pairs)} has no __name__ label")
    return labels


def _describe(pairs: list[tuple[bytes, bytes]]) -> str:
    """The label set as text for an error message, with bytes that are not UTF-8 and NULs escaped."""
    text = "{" + ", ".join(f"{n.decode(errors='backslashreplace')}=\"{v.decode(errors='backslashreplace')}\""
                           for n, v in pairs) + "}"
    text = text.replace("\x00", "\\x00")
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…}"


def _describe_key(key: bytes) -> str:
    parts = key.split(b"\xff")[2:]
    return _describe(list(zip(parts[::2], parts[1::2], strict=False)))


# ---- histograms -----------------------------------------------------------------------------------------------


def _histogram(raw: bytes, message_type: type[types_pb2.Histogram] | type[v2_pb2.Histogram]) -> HistogramSample:
    try:
        h = message_type.FromString(raw)
    except DecodeError as exc:
        raise InvalidSeriesError("invalid_histogram", f"histogram cannot be parsed: {exc}") from None
    problem = _histogram_problem(h)
    if problem:
        raise InvalidSeriesError("invalid_histogram", f"histogram at {h.timestamp}: {problem}")
    count = float(h.count_float) if h.WhichOneof("count") == "count_float" else float(h.count_int)
    return HistogramSample(h.timestamp, count, h.sum, raw)


def _histogram_problem(h: types_pb2.Histogram | v2_pb2.Histogram) -> str | None:
    """The checks of Prometheus' histogram validation that matter for storage: shape, signs and the count."""
    is_float = h.WhichOneof("count") == "count_float"
    custom = h.schema == -53
    if not (custom or -4 <= h.schema <= 8):
        return f"schema {h.schema} is neither -4..8 nor -53 (custom buckets)"
    if is_float and (h.negative_deltas or h.positive_deltas or h.WhichOneof("zero_count") == "zero_count_int"):
        return "a float histogram must use counts, not deltas or an integer zero count"
    if not is_float and (h.negative_counts or h.positive_counts or h.WhichOneof("zero_count") == "zero_count_float"):
        return "an integer histogram must use deltas, not float counts"
    if custom:
        if h.negative_spans or h.negative_deltas or h.negative_counts or h.zero_count_int or h.zero_count_float:
            return "custom-bucket histograms have no negative or zero buckets"
        bounds = list(h.custom_values)
        if any(not math.isfinite(b) for b in bounds) or any(a >= b for a, b in itertools.pairwise(bounds)):
            return "custom_values must be finite and strictly increasing"
    total = 0.0
    for side, spans, deltas, counts in (("negative", h.negative_spans, h.negative_deltas, h.negative_counts),
                                        ("positive", h.positive_spans, h.positive_deltas, h.positive_counts)):
        buckets = len(counts) if is_float else len(deltas)
        if sum(s.length for s in spans) != buckets:
            return f"{side} spans cover {sum(s.length for s in spans)} buckets but {buckets} are given"
        if any(s.offset < 0 for s in list(spans)[1:]):
            return f"{side} spans after the first must have non-negative offsets"
        if is_float:
            if any(c < 0 for c in counts):
                return f"{side} bucket counts must not be negative"
            total += sum(counts)
        else:
            running = 0
            for d in deltas:
                running += d
                if running < 0:
                    return f"{side} bucket counts must not be negative"
                total += running
    if is_float:
        zero = h.zero_count_float
        if zero < 0 or h.count_float < 0:
            return "counts must not be negative"
        total += zero
        if not math.isnan(h.sum) and h.count_float < total * (1 - 1e-9) - 1e-9:
            return f"count {h.count_float} is below the {total} observations in its buckets"
    else:
        total += h.zero_count_int
        # Prometheus: with a NaN sum (e.g. a stale marker) the count may exceed the buckets, otherwise it is exact
        mismatch = total > h.count_int if math.isnan(h.sum) else total != h.count_int
        if mismatch:
            return f"count {h.count_int} does not match the {int(total)} observations in its buckets"
    return None


# ---- remote read ----------------------------------------------------------------------------------------------


def decode_read_request(raw: bytes) -> tuple[list[ReadQuery], list[int]]:
    """Queries (in request order) and the accepted response types (ReadRequest.ResponseType numbers)."""
    request = _parse(remote_pb2.ReadRequest, raw, "prometheus.ReadRequest")
    queries: list[ReadQuery] = []
    for index, q in enumerate(request.queries):
        matchers = []
        for m in q.matchers:
            kind = _MATCHER_TYPES.get(m.type)
            if kind is None:
                raise BadInputError(f"remote read: query {index} has a matcher of unknown type {int(m.type)}")
            matchers.append(Matcher(kind, m.name, m.value))
        hints = q.hints
        queries.append(ReadQuery(q.start_timestamp_ms, q.end_timestamp_ms, tuple(matchers), step_ms=hints.step_ms,
                                 func=hints.func, hint_start_ms=hints.start_ms, hint_end_ms=hints.end_ms,
                                 grouping=tuple(hints.grouping), by=hints.by, range_ms=hints.range_ms))
    return queries, [int(t) for t in request.accepted_response_types]
