"""Remote write/read codec: round trips built with the spec messages, negotiation and size limits."""

from __future__ import annotations

import math
import struct
import tracemalloc

import pytest

from finops.errors import BadInputError, PayloadTooLargeError, UnsupportedMediaError
from finops.prompb import compress, decompress
from finops.prompb.io.prometheus.write.v2 import types_pb2 as v2
from finops.prompb.prometheus import remote_pb2, types_pb2
from remote_write_adapter.protocol import (
    ExemplarData,
    InvalidSeriesError,
    Matcher,
    MetricMetadata,
    ProtocolVersion,
    SeriesMetadata,
    decode_read_request,
    decode_write,
    encode_read_response,
    negotiate,
)
from remote_write_adapter.read import SeriesResult

STALE_NAN = struct.unpack("<d", struct.pack("<Q", 0x7FF0000000000002))[0]


def bits(value: float) -> int:
    return int(struct.unpack("<Q", struct.pack("<d", value))[0])


def v1_request(*series: tuple[list[tuple[str, str]], list[tuple[int, float]]]) -> bytes:
    request = remote_pb2.WriteRequest()
    for labels, samples in series:
        ts = request.timeseries.add()
        for name, value in labels:
            ts.labels.add(name=name, value=value)
        for t, v in samples:
            ts.samples.add(timestamp=t, value=v)
    return bytes(request.SerializeToString())


class V2Builder:
    """Builds an RW2 request the way senders do: one interned symbol table, refs everywhere."""

    def __init__(self) -> None:
        self.request = v2.Request()
        self.symbols: dict[str, int] = {}
        self.ref("")

    def ref(self, text: str) -> int:
        if text not in self.symbols:
            self.symbols[text] = len(self.symbols)
            self.request.symbols.append(text)
        return self.symbols[text]

    def series(self, labels: list[tuple[str, str]]) -> v2.TimeSeries:
        ts: v2.TimeSeries = self.request.timeseries.add()
        for name, value in labels:
            ts.labels_refs.extend([self.ref(name), self.ref(value)])
        return ts

    def bytes(self) -> bytes:
        return bytes(self.request.SerializeToString())


# ---- negotiation ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "encoding", "expected"),
    [
        (None, None, ProtocolVersion.V1),
        ("", "", ProtocolVersion.V1),
        ("application/x-protobuf", "snappy", ProtocolVersion.V1),
        ("application/x-protobuf;proto=prometheus.WriteRequest", "snappy", ProtocolVersion.V1),
        ("application/x-protobuf;proto=io.prometheus.write.v2.Request", "snappy", ProtocolVersion.V2),
        ('Application/X-Protobuf ; Proto="io.prometheus.write.v2.Request"', "Snappy ", ProtocolVersion.V2),
        ("application/x-protobuf; charset=utf-8; proto=io.prometheus.write.v2.Request", None, ProtocolVersion.V2),
    ],
)
def test_negotiates_protocol_version_from_headers(
    content_type: str | None, encoding: str | None, expected: ProtocolVersion
) -> None:
    assert negotiate(content_type, encoding) is expected


@pytest.mark.parametrize(
    ("content_type", "encoding", "mentions"),
    [
        ("application/x-protobuf", "gzip", "gzip"),
        ("application/x-protobuf", "deflate", "deflate"),
        ("application/x-protobuf", "zstd", "zstd"),
        ("application/x-protobuf", "snappy, gzip", "snappy, gzip"),
        ("application/json", "snappy", "application/json"),
        ("text/plain", None, "text/plain"),
        ("application/x-protobuf;proto=io.prometheus.write.v3.Request", "snappy", "v3"),
        ("application/x-protobuf;proto=prometheus.ReadRequest", "snappy", "prometheus.ReadRequest"),
    ],
)
def test_rejects_unsupported_type_or_encoding_with_415(content_type: str, encoding: str | None, mentions: str) -> None:
    with pytest.raises(UnsupportedMediaError, match="unsupported") as info:
        negotiate(content_type, encoding)
    assert mentions in str(info.value)


# ---- snappy ---------------------------------------------------------------------------------------------------


def test_decompress_round_trips_snappy_block() -> None:
    raw = b"remote write " * 1000
    assert decompress(compress(raw), len(raw)) == raw


def test_declared_size_over_limit_is_413_with_both_numbers() -> None:
    body = compress(b"x" * 2048)
    with pytest.raises(PayloadTooLargeError) as info:
        decompress(body, 1024)
    assert "2048" in str(info.value)
    assert "1024" in str(info.value)


def test_tiny_body_declaring_4_gib_is_refused_without_allocating() -> None:
    body = b"\x80\x80\x80\x80\x10" + b"\x00" * 8  # uvarint 2**32, then junk
    tracemalloc.start()
    try:
        with pytest.raises(PayloadTooLargeError, match="4294967296"):
            decompress(body, 32 << 20)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024


# ---- remote write 1.0 -----------------------------------------------------------------------------------------


def test_rw1_round_trip_sorts_labels_and_keeps_stale_nan_bits() -> None:
    raw = v1_request(
        ([("job", "api"), ("__name__", "up"), ("instance", "a:9090")], [(1000, 1.0), (2000, STALE_NAN)]),
        ([("__name__", "http_requests_total"), ("code", "200")], [(1000, math.inf)]),
    )
    batch = decode_write(raw, ProtocolVersion.V1)
    assert batch.version is ProtocolVersion.V1
    assert batch.invalid == []
    first, second = batch.series
    assert first.labels() == (("__name__", "up"), ("instance", "a:9090"), ("job", "api"))
    assert first.timestamps == [1000, 2000]
    assert first.values[0] == 1.0
    assert bits(first.values[1]) == 0x7FF0000000000002
    assert second.labels() == (("__name__", "http_requests_total"), ("code", "200"))
    assert second.values == [math.inf]


def test_rw1_key_is_equal_for_identical_label_lists_and_differs_otherwise() -> None:
    same = [("__name__", "up"), ("job", "a")]
    raw = v1_request(
        (same, [(1, 1.0)]),
        (same, [(2, 2.0)]),
        ([("__name__", "up"), ("job", "b")], [(1, 1.0)]),
        ([("__name__", "upj"), ("ob", "a")], [(1, 1.0)]),
    )
    keys = [s.key for s in decode_write(raw, ProtocolVersion.V1).series]
    assert keys[0] == keys[1]
    assert len({keys[0], keys[2], keys[3]}) == 3


def test_rw1_drops_empty_label_values() -> None:
    raw = v1_request(([("__name__", "up"), ("env", ""), ("job", "x")], [(1, 1.0)]))
    assert decode_write(raw, ProtocolVersion.V1).series[0].labels() == (("__name__", "up"), ("job", "x"))


def test_rw1_rejects_utf8_names_that_rw2_accepts() -> None:
    raw = v1_request(([("__name__", "resource.cpu.usage"), ("job name", "x")], [(1, 1.0)]))
    with pytest.raises(InvalidSeriesError) as info:
        decode_write(raw, ProtocolVersion.V1).series[0].labels()
    assert info.value.reason == "invalid_metric_name"
    assert "resource.cpu.usage" in str(info.value)
    raw = v1_request(([("__name__", "up"), ("job name", "x")], [(1, 1.0)]))
    with pytest.raises(InvalidSeriesError) as info:
        decode_write(raw, ProtocolVersion.V1).series[0].labels()
    assert info.value.reason == "invalid_label_name"


def test_rw1_accepts_utf8_names_when_configured_but_still_validates() -> None:
    raw = v1_request(([("__name__", "resource.cpu.usage"), ("job name", "x")], [(1, 1.0)]))
    series = decode_write(raw, ProtocolVersion.V1, rw1_utf8_names=True).series[0]
    assert series.labels() == (("__name__", "resource.cpu.usage"), ("job name", "x"))
    for bad, reason in [
        ([("__name__", "a"), ("", "x")], "empty_label_name"),
        ([("job", "x")], "missing_metric_name"),
        ([("__name__", "a"), ("k", "1"), ("k", "2")], "duplicate_label_name"),
    ]:
        with pytest.raises(InvalidSeriesError) as info:
            decode_write(v1_request((bad, [(1, 1.0)])), ProtocolVersion.V1, rw1_utf8_names=True).series[0].labels()
        assert info.value.reason == reason


def test_rw1_metadata_only_request() -> None:
    request = remote_pb2.WriteRequest()
    request.metadata.add(
        type=types_pb2.MetricMetadata.COUNTER,
        metric_family_name="http_requests_total",
        help="Requests served.",
        unit="",
    )
    request.metadata.add(
        type=types_pb2.MetricMetadata.GAUGEHISTOGRAM,
        metric_family_name="queue_age_seconds",
        help="Age.",
        unit="seconds",
    )
    batch = decode_write(request.SerializeToString(), ProtocolVersion.V1)
    assert batch.series == []
    assert batch.metadata == [
        MetricMetadata("http_requests_total", "counter", "Requests served.", ""),
        MetricMetadata("queue_age_seconds", "gaugehistogram", "Age.", "seconds"),
    ]


def test_rw1_exemplars_and_histograms() -> None:
    request = remote_pb2.WriteRequest()
    ts = request.timeseries.add()
    ts.labels.add(name="__name__", value="latency_seconds")
    ex = ts.exemplars.add(value=0.25, timestamp=1500)
    ex.labels.add(name="trace_id", value="abc")
    h = ts.histograms.add(count_int=3, sum=1.5, schema=0, zero_count_int=1, timestamp=1000)
    h.positive_spans.add(offset=0, length=2)
    h.positive_deltas.extend([1, 0])
    batch = decode_write(request.SerializeToString(), ProtocolVersion.V1)
    (series,) = batch.series
    assert series.exemplars == [ExemplarData(1500, 0.25, (("trace_id", "abc"),))]
    (hist,) = series.histograms
    assert (hist.timestamp_ms, hist.count, hist.sum) == (1000, 3.0, 1.5)
    assert types_pb2.Histogram.FromString(hist.raw) == h


def test_rw2_body_decoded_as_rw1_is_empty_not_garbage() -> None:
    b = V2Builder()
    b.series([("__name__", "up")]).samples.add(value=1.0, timestamp=1)
    batch = decode_write(b.bytes(), ProtocolVersion.V1)
    assert batch.series == []
    assert batch.invalid == []


# ---- remote write 2.0 -----------------------------------------------------------------------------------------


def test_rw2_round_trip_with_unsorted_utf8_labels_and_stale_nan() -> None:
    b = V2Builder()
    ts = b.series([("job name", "x"), ("__name__", "resource.cpu.usage"), ("zone", "é")])
    ts.samples.add(value=STALE_NAN, timestamp=5000)
    ts.samples.add(value=-0.0, timestamp=6000)
    batch = decode_write(b.bytes(), ProtocolVersion.V2)
    (series,) = batch.series
    assert series.labels() == (("__name__", "resource.cpu.usage"), ("job name", "x"), ("zone", "é"))
    assert series.timestamps == [5000, 6000]
    assert bits(series.values[0]) == 0x7FF0000000000002
    assert batch.invalid == []


def test_rw2_keys_match_for_same_labels_even_with_different_symbol_tables() -> None:
    first, second = V2Builder(), V2Builder()
    second.ref("padding")
    for b in (first, second):
        b.series([("__name__", "up"), ("job", "a")]).samples.add(value=1, timestamp=1)
    key1 = decode_write(first.bytes(), ProtocolVersion.V2).series[0].key
    key2 = decode_write(second.bytes(), ProtocolVersion.V2).series[0].key
    assert key1 == key2


def test_rw2_metadata_exemplars_and_histograms() -> None:
    b = V2Builder()
    ts = b.series([("__name__", "rpc_duration_seconds")])
    ts.metadata.type = v2.Metadata.METRIC_TYPE_HISTOGRAM
    ts.metadata.help_ref = b.ref("RPC latency.")
    ts.metadata.unit_ref = b.ref("seconds")
    h = ts.histograms.add(
        count_float=4.0, sum=2.0, schema=3, zero_count_float=1.0, timestamp=7000, start_timestamp=1000
    )
    h.negative_spans.add(offset=-1, length=1)
    h.negative_counts.append(1.0)
    h.positive_spans.add(offset=2, length=1)
    h.positive_counts.append(2.0)
    ex = ts.exemplars.add(value=0.7, timestamp=7001)
    ex.labels_refs.extend([b.ref("trace_id"), b.ref("t-1")])
    batch = decode_write(b.bytes(), ProtocolVersion.V2)
    (series,) = batch.series
    assert series.metadata == SeriesMetadata("histogram", "RPC latency.", "seconds")
    assert series.exemplars == [ExemplarData(7001, 0.7, (("trace_id", "t-1"),))]
    (hist,) = series.histograms
    assert (hist.timestamp_ms, hist.count, hist.sum) == (7000, 4.0, 2.0)
    # raw keeps every field, including the RW2-only start timestamp; v1 readers see fields 1-16 unchanged
    assert v2.Histogram.FromString(hist.raw) == h
    assert types_pb2.Histogram.FromString(hist.raw).positive_counts == [2.0]
    assert series.timestamps == []


def test_rw2_unspecified_metadata_type_reads_as_unknown() -> None:
    b = V2Builder()
    ts = b.series([("__name__", "x")])
    ts.samples.add(value=1, timestamp=1)
    ts.metadata.help_ref = b.ref("help")
    (series,) = decode_write(b.bytes(), ProtocolVersion.V2).series
    assert series.metadata == SeriesMetadata("unknown", "help", "")


def test_rw2_histogram_with_bad_count_is_left_out_and_counted() -> None:
    b = V2Builder()
    good = b.series([("__name__", "ok")])
    good.samples.add(value=1, timestamp=1)
    bad = b.series([("__name__", "bad_count")])
    h = bad.histograms.add(count_int=10, sum=5.0, schema=0, timestamp=1)
    h.positive_spans.add(offset=0, length=1)
    h.positive_deltas.append(2)
    batch = decode_write(b.bytes(), ProtocolVersion.V2)
    assert [s.labels() for s in batch.series] == [(("__name__", "ok"),)]
    assert batch.invalid[0][0] == "invalid_histogram"
    assert "count 10" in batch.invalid[0][1]
    assert batch.rejected_samples == 1


# ---- remote read ----------------------------------------------------------------------------------------------


def test_decodes_read_request_queries_matchers_and_hints() -> None:
    request = remote_pb2.ReadRequest()
    q = request.queries.add(start_timestamp_ms=1000, end_timestamp_ms=2000)
    q.matchers.add(type=types_pb2.LabelMatcher.EQ, name="__name__", value="up")
    q.matchers.add(type=types_pb2.LabelMatcher.NRE, name="job", value="x.*")
    q.hints.step_ms = 15000
    q.hints.func = "rate"
    q.hints.grouping.append("job")
    q.hints.by = True
    request.queries.add(start_timestamp_ms=5, end_timestamp_ms=6).matchers.add(
        type=types_pb2.LabelMatcher.NEQ, name="a", value=""
    )
    request.accepted_response_types.extend([remote_pb2.ReadRequest.STREAMED_XOR_CHUNKS, remote_pb2.ReadRequest.SAMPLES])
    queries, accepted = decode_read_request(request.SerializeToString())
    assert accepted == [1, 0]
    first, second = queries
    assert (first.start_ms, first.end_ms) == (1000, 2000)
    assert first.matchers == (Matcher("=", "__name__", "up"), Matcher("!~", "job", "x.*"))
    assert (first.step_ms, first.func, first.grouping, first.by) == (15000, "rate", ("job",), True)
    assert second.matchers == (Matcher("!=", "a", ""),)


def test_encodes_read_response_in_query_order_with_exact_float_bits() -> None:
    labels = (("__name__", "up"), ("job", "a"))
    body = encode_read_response([[SeriesResult(labels, [1000, 2000], [1.5, STALE_NAN])], [],
                                 [SeriesResult(labels, [3], [0.0])]])
    response = remote_pb2.ReadResponse.FromString(decompress(body, 1 << 20))
    assert len(response.results) == 3
    (ts,) = response.results[0].timeseries
    assert [(lb.name, lb.value) for lb in ts.labels] == list(labels)
    assert [s.timestamp for s in ts.samples] == [1000, 2000]
    assert bits(ts.samples[1].value) == 0x7FF0000000000002
    assert list(response.results[1].timeseries) == []
    assert response.results[2].timeseries[0].samples[0].timestamp == 3


def test_garbage_read_request_is_bad_input() -> None:
    with pytest.raises(BadInputError, match="protobuf"):
        decode_read_request(b"\xff\xff\xff")
