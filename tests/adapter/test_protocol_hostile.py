"""Hostile input: every malformed body, series or size ends in one of our error types with a clear message."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finops.errors import BadInputError, PayloadTooLargeError
from finops.prompb import compress, decompress
from finops.prompb.io.prometheus.write.v2 import types_pb2 as v2
from finops.prompb.prometheus import remote_pb2
from remote_write_adapter.protocol import (
    MAX_METRIC_NAME_BYTES,
    InvalidSeriesError,
    ProtocolVersion,
    decode_read_request,
    decode_write,
)
from tests.adapter.test_protocol import V2Builder, v1_request


def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def ld(field: int, payload: bytes) -> bytes:
    """A length-delimited protobuf field, so tests can send bytes a conforming encoder refuses to produce."""
    return varint(field << 3 | 2) + varint(len(payload)) + payload


def label(name: bytes | None, value: bytes | None) -> bytes:
    return (ld(1, name) if name is not None else b"") + (ld(2, value) if value is not None else b"")


def rw1_series(*labels: bytes) -> bytes:
    sample = b"\x09" + b"\x00" * 7 + b"\x40" + b"\x10" + varint(1000)  # value 2.0 at t=1000
    return ld(1, b"".join(ld(1, lb) for lb in labels) + ld(2, sample))


def error_of(fn: Callable[[], object]) -> BadInputError | None:
    """Runs fn and returns our error if it raised one; any other exception type fails the test."""
    try:
        fn()
    except BadInputError as exc:
        return exc
    return None


def decode_everything(raw: bytes, version: ProtocolVersion) -> None:
    """What the writer does with a body: decode, then labels() for every series (all misses)."""
    for series in decode_write(raw, version).series:
        error = error_of(series.labels)
        assert error is None or (isinstance(error, InvalidSeriesError) and error.reason and str(error))


# ---- fuzzing ---------------------------------------------------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=512), st.sampled_from(list(ProtocolVersion)))
def test_random_bytes_never_raise_anything_but_bad_input(raw: bytes, version: ProtocolVersion) -> None:
    error = error_of(lambda: decode_everything(raw, version))
    assert error is None or str(error).startswith("protobuf:")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=256))
def test_random_snappy_bodies_fail_as_bad_input_or_too_large(body: bytes) -> None:
    error = error_of(lambda: decompress(body, 1 << 16))
    if isinstance(error, PayloadTooLargeError):
        assert "limit of 65536 bytes" in str(error)
    else:
        assert error is None or str(error).startswith("snappy:")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=256))
def test_random_read_requests_fail_as_bad_input(raw: bytes) -> None:
    error = error_of(lambda: decode_read_request(raw))
    assert error is None or str(error).startswith(("protobuf:", "remote read:"))


def _valid_rw1() -> bytes:
    request = remote_pb2.WriteRequest()
    for i in range(3):
        ts = request.timeseries.add()
        ts.labels.add(name="__name__", value=f"m{i}")
        ts.labels.add(name="job", value="j")
        ts.samples.add(value=i, timestamp=i)
    request.metadata.add(metric_family_name="m0", help="h")
    return bytes(request.SerializeToString())


def _valid_rw2() -> bytes:
    request = v2.Request(symbols=["", "__name__", "m", "job", "j", "help"])
    ts = request.timeseries.add(labels_refs=[1, 2, 3, 4])
    ts.samples.add(value=1, timestamp=1)
    ts.metadata.help_ref = 5
    ts.exemplars.add(labels_refs=[3, 4], value=1, timestamp=1)
    return bytes(request.SerializeToString())


@settings(max_examples=400, deadline=None)
@given(st.data(), st.sampled_from([(_valid_rw1(), ProtocolVersion.V1), (_valid_rw2(), ProtocolVersion.V2)]))
def test_mutated_valid_requests_never_escape_our_error_types(
    data: st.DataObject, case: tuple[bytes, ProtocolVersion]
) -> None:
    raw, version = case
    mutated = bytearray(raw)
    for _ in range(data.draw(st.integers(1, 4))):
        mutated[data.draw(st.integers(0, len(mutated) - 1))] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(mutated)))
    error = error_of(lambda: decode_everything(bytes(mutated[:cut]), version))
    assert error is None or str(error).startswith("protobuf:")


# ---- snappy ----------------------------------------------------------------------------------------------------


def test_truncated_snappy_is_bad_input() -> None:
    body = compress(_valid_rw1())
    with pytest.raises(BadInputError, match="snappy:") as info:
        decompress(body[: len(body) // 2], 1 << 20)
    assert not isinstance(info.value, PayloadTooLargeError)


def test_empty_body_is_bad_input() -> None:
    with pytest.raises(BadInputError, match="snappy: missing or truncated length header"):
        decompress(b"", 1 << 20)


@pytest.mark.parametrize("declared", [2**31, 2**32 - 1, 2**32, 2**40, 2**63])
def test_absurd_declared_sizes_are_413(declared: int) -> None:
    with pytest.raises(PayloadTooLargeError, match=f"declares {declared} decoded bytes"):
        decompress(varint(declared) + b"\x00\x01", 32 << 20)


def test_length_header_longer_than_a_uvarint_is_bad_input() -> None:
    with pytest.raises(BadInputError, match="not a valid uvarint"):
        decompress(b"\xff" * 12, 1 << 20)


def test_valid_snappy_of_garbage_protobuf_is_bad_input() -> None:
    raw = decompress(compress(b"\x0a\xff\xff\xff\xff\x0f garbage"), 1 << 20)
    for version in ProtocolVersion:
        with pytest.raises(BadInputError, match="protobuf: cannot parse"):
            decode_write(raw, version)


# ---- wire types ------------------------------------------------------------------------------------------------


def test_invalid_wire_type_fails_the_whole_request() -> None:
    with pytest.raises(BadInputError, match=r"protobuf: cannot parse prometheus\.WriteRequest"):
        decode_write(b"\x0f\x01", ProtocolVersion.V1)  # field 1, wire type 7


def test_timeseries_sent_as_varint_is_ignored_like_any_unknown_field() -> None:
    batch = decode_write(b"\x08\x96\x01", ProtocolVersion.V1)  # field 1 with wire type 0
    assert batch.series == []
    assert batch.invalid == []


def test_length_past_the_end_fails_the_whole_request() -> None:
    with pytest.raises(BadInputError, match="protobuf"):
        decode_write(b"\x2a\x40\x00", ProtocolVersion.V2)


# ---- label validation ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("labels", "reason", "mentions"),
    [
        ((label(b"__name__", b"up"), label(b"job", b"\xff\xfe")), "invalid_utf8", "not valid UTF-8"),
        ((label(b"__name__", b"up"), label(b"j\xc3", b"x")), "invalid_utf8", "not valid UTF-8"),
        ((label(b"__name__", b"up"), label(b"\xed\xa0\x80", b"x")), "invalid_utf8", "not valid UTF-8"),  # surrogate
        ((label(b"__name__", b"up"), label(b"", b"x")), "empty_label_name", "empty name"),
        ((label(b"__name__", b"up"), label(None, b"x")), "empty_label_name", "empty name"),
        ((label(b"__name__", b"up"), label(b"job", b"a"), label(b"job", b"b")), "duplicate_label_name", "'job'"),
        ((label(b"job", b"a"),), "missing_metric_name", "no __name__"),
        ((label(b"__name__", b""), label(b"job", b"a")), "missing_metric_name", "no __name__"),
        ((), "missing_metric_name", "no __name__"),
        ((label(b"__name__", b"1bad"),), "invalid_metric_name", "'1bad'"),
    ],
)
def test_rw1_invalid_series_raise_with_reason(labels: tuple[bytes, ...], reason: str, mentions: str) -> None:
    (series,) = decode_write(rw1_series(*labels), ProtocolVersion.V1).series
    assert series.timestamps == [1000]
    with pytest.raises(InvalidSeriesError, match="series ") as info:
        series.labels()
    assert info.value.reason == reason
    assert mentions in str(info.value)


def test_rw1_label_with_value_before_name_is_not_trusted_as_a_key() -> None:
    odd = ld(2, b"up") + ld(1, b"__name__")  # protobuf-legal field order no encoder produces
    (series,) = decode_write(rw1_series(odd), ProtocolVersion.V1).series
    with pytest.raises(InvalidSeriesError) as info:
        series.labels()
    assert info.value.reason == "non_canonical_labels"


def test_rw1_label_with_field_number_zero_rejects_only_its_series() -> None:
    # Field number 0 is invalid protobuf. The label blob view keeps a Label's fields opaque and lets it through;
    # only the per-Label decode finds it (found by the mutation fuzzer below).
    corrupt = ld(1, b"__name__") + ld(0, b"up")
    body = rw1_series(label(b"__name__", b"good")) + rw1_series(corrupt) + rw1_series(label(b"__name__", b"also"))
    first, bad, last = decode_write(body, ProtocolVersion.V1).series
    with pytest.raises(InvalidSeriesError) as info:
        bad.labels()
    assert info.value.reason == "invalid_protobuf"
    assert "cannot be parsed" in str(info.value)
    assert first.labels() == (("__name__", "good"),)
    assert last.labels() == (("__name__", "also"),)


def test_rw1_empty_named_label_after_empty_value_is_still_rejected() -> None:
    # Its key equals that of {__name__="up"}; labels() decodes Label by Label, so the series is refused.
    (series,) = decode_write(rw1_series(label(b"__name__", None), label(None, b"up")), ProtocolVersion.V1).series
    with pytest.raises(InvalidSeriesError) as info:
        series.labels()
    assert info.value.reason == "empty_label_name"


def test_rw1_malformed_exemplar_is_dropped_and_reported() -> None:
    series = rw1_series(label(b"__name__", b"up"))
    bad_exemplar = ld(3, ld(1, label(b"trace_id", b"\xff")))
    raw = ld(1, series[2:] + bad_exemplar)
    batch = decode_write(raw, ProtocolVersion.V1)
    assert batch.series[0].exemplars == []
    assert batch.invalid[0][0] == "invalid_exemplar"


def test_rw1_unparseable_histogram_rejects_its_series_and_counts_samples() -> None:
    series = rw1_series(label(b"__name__", b"h"))
    raw = ld(1, series[2:] + ld(4, b"\x0f"))
    batch = decode_write(raw, ProtocolVersion.V1)
    assert batch.series == []
    assert batch.invalid[0][0] == "invalid_histogram"
    assert batch.rejected_samples == 2  # the sample and the histogram


# ---- remote write 2.0 structure -------------------------------------------------------------------------------


def _rw2(symbols: list[str], *refs: list[int]) -> bytes:
    request = v2.Request(symbols=symbols)
    for r in refs:
        request.timeseries.add(labels_refs=r).samples.add(value=1, timestamp=1)
    return bytes(request.SerializeToString())


def test_rw2_ref_out_of_range_leaves_series_out() -> None:
    batch = decode_write(_rw2(["", "__name__", "up"], [1, 2], [1, 9]), ProtocolVersion.V2)
    assert len(batch.series) == 1
    assert batch.invalid == [("invalid_symbol_ref", "labels_refs contains 9, but there are only 3 symbols")]
    assert batch.rejected_samples == 1


def test_rw2_odd_labels_refs_leaves_series_out() -> None:
    batch = decode_write(_rw2(["", "__name__", "up"], [1, 2, 1]), ProtocolVersion.V2)
    assert batch.series == []
    assert batch.invalid == [("invalid_symbol_ref", "labels_refs has odd length 3")]


@pytest.mark.parametrize("symbols", [["__name__", "up"], []])
def test_rw2_symbols_not_starting_with_empty_string_reject_every_series(symbols: list[str]) -> None:
    batch = decode_write(_rw2(symbols, [0, 1], [0, 1]), ProtocolVersion.V2)
    assert batch.series == []
    assert [reason for reason, _ in batch.invalid] == ["invalid_symbols", "invalid_symbols"]
    assert "symbols[0] must be the empty string" in batch.invalid[0][1]
    assert batch.rejected_samples == 2


def test_rw2_metadata_ref_out_of_range_leaves_series_out() -> None:
    request = v2.Request(symbols=["", "__name__", "up"])
    ts = request.timeseries.add(labels_refs=[1, 2])
    ts.samples.add(value=1, timestamp=1)
    ts.metadata.help_ref = 40
    batch = decode_write(request.SerializeToString(), ProtocolVersion.V2)
    assert batch.series == []
    assert batch.invalid[0][0] == "invalid_symbol_ref"
    assert "40" in batch.invalid[0][1]


def test_rw2_series_with_samples_and_histograms_is_left_out() -> None:
    request = v2.Request(symbols=["", "__name__", "up"])
    ts = request.timeseries.add(labels_refs=[1, 2])
    ts.samples.add(value=1, timestamp=1)
    ts.histograms.add(count_int=0, timestamp=1)
    batch = decode_write(request.SerializeToString(), ProtocolVersion.V2)
    assert batch.series == []
    assert batch.invalid[0][0] == "samples_and_histograms"
    assert batch.rejected_samples == 2


def _rw2_raw_symbols(symbols: list[bytes], refs: list[int]) -> bytes:
    series = ld(1, b"".join(varint(r) for r in refs)) + ld(2, b"\x10\x01")
    return b"".join(ld(4, s) for s in symbols) + ld(5, series)


@pytest.mark.parametrize(
    ("symbols", "refs", "reason"),
    [
        ([b"", b"__name__", b"up", b"job", b"\xff"], [1, 2, 3, 4], "invalid_utf8"),
        ([b"", b"__name__", b"up", b"jo\xffb", b"x"], [1, 2, 3, 4], "invalid_utf8"),
        ([b"", b"__name__", b"up", b"\xc3"], [1, 2, 3, 2], "invalid_utf8"),
        ([b"", b"__name__", b"up", b"job"], [1, 2, 3, 2, 3, 2], "duplicate_label_name"),
        ([b"", b"__name__", b"up", b"x"], [1, 2, 0, 3], "empty_label_name"),
        ([b"", b"job", b"x"], [1, 2], "missing_metric_name"),
    ],
)
def test_rw2_invalid_labels_raise_with_reason(symbols: list[bytes], refs: list[int], reason: str) -> None:
    (series,) = decode_write(_rw2_raw_symbols(symbols, refs), ProtocolVersion.V2).series
    with pytest.raises(InvalidSeriesError, match="series ") as info:
        series.labels()
    assert info.value.reason == reason


def test_rw2_key_cannot_confuse_invalid_symbols_with_a_valid_label_set() -> None:
    valid = _rw2_raw_symbols([b"", b"__name__", b"a", b"b", b"c"], [1, 2, 3, 4])
    forged = _rw2_raw_symbols([b"", b"__name__", b"a\xffb\xffc"], [1, 2])
    keys = {decode_write(raw, ProtocolVersion.V2).series[0].key for raw in (valid, forged)}
    assert len(keys) == 2


def test_rw2_exemplar_with_invalid_utf8_is_dropped_not_the_series() -> None:
    exemplar = ld(1, varint(3) + varint(3)) + b"\x18\x01"  # labels_refs [3, 3], timestamp 1
    series = ld(1, varint(1) + varint(2)) + ld(2, b"\x10\x01") + ld(4, exemplar)
    raw = b"".join(ld(4, s) for s in (b"", b"__name__", b"up", b"\xfe")) + ld(5, series)
    batch = decode_write(raw, ProtocolVersion.V2)
    assert batch.series[0].labels() == (("__name__", "up"),)
    assert batch.series[0].exemplars == []
    assert batch.invalid[0][0] == "invalid_exemplar"


# ---- text PostgreSQL cannot store: NUL (U+0000) and oversized metric names ----------------------------------------


@pytest.mark.parametrize(
    "labels",
    [
        (label(b"__name__", b"up"), label(b"job", b"a\x00b")),
        (label(b"__name__", b"up"), label(b"j\x00b", b"x")),
        (label(b"__name__", b"nul\x00metric"),),
        (label(b"__name__", b"up"), label(b"\x00", b"")),  # even on a label that is dropped as empty
    ],
)
def test_rw1_nul_anywhere_in_the_labels_rejects_the_series(labels: tuple[bytes, ...]) -> None:
    body = rw1_series(*labels) + rw1_series(label(b"__name__", b"fine"))
    bad, good = decode_write(body, ProtocolVersion.V1, rw1_utf8_names=True).series
    with pytest.raises(InvalidSeriesError, match="NUL") as info:
        bad.labels()
    assert info.value.reason == "invalid_nul"
    assert good.labels() == (("__name__", "fine"),)


def test_rw1_nul_in_a_legacy_name_is_reported_as_nul() -> None:
    (series,) = decode_write(rw1_series(label(b"__name__", b"up\x00")), ProtocolVersion.V1).series
    with pytest.raises(InvalidSeriesError) as info:
        series.labels()
    assert info.value.reason == "invalid_nul"


@pytest.mark.parametrize("symbols", [[b"up", b"job", b"a\x00"], [b"up", b"\x00", b"x"], [b"m\x00", b"x", b"y"]])
def test_rw2_nul_in_a_name_or_value_rejects_the_series(symbols: list[bytes]) -> None:
    raw = _rw2_raw_symbols([b"", b"__name__", *symbols], [1, 2, 3, 4])
    (series,) = decode_write(raw, ProtocolVersion.V2).series
    with pytest.raises(InvalidSeriesError) as info:
        series.labels()
    assert info.value.reason == "invalid_nul"


def test_metric_name_longer_than_the_limit_is_rejected_and_one_at_the_limit_is_kept() -> None:
    at_limit, over = "m" * MAX_METRIC_NAME_BYTES, "é" * (MAX_METRIC_NAME_BYTES // 2) + "x"
    b = V2Builder()
    for name in (at_limit, over):
        b.series([("__name__", name)]).samples.add(value=1, timestamp=1)
    kept, rejected = decode_write(b.bytes(), ProtocolVersion.V2).series
    assert kept.labels() == (("__name__", at_limit),)
    with pytest.raises(InvalidSeriesError, match=f"{MAX_METRIC_NAME_BYTES} bytes") as info:
        rejected.labels()
    assert info.value.reason == "metric_name_too_long"
    (rw1,) = decode_write(v1_request(([("__name__", over)], [(1, 1.0)])), ProtocolVersion.V1,
                          rw1_utf8_names=True).series
    with pytest.raises(InvalidSeriesError) as info:
        rw1.labels()
    assert info.value.reason == "metric_name_too_long"


def test_rw1_exemplar_with_nul_is_dropped_as_invalid_exemplar_and_the_series_kept() -> None:
    series = rw1_series(label(b"__name__", b"up"))
    raw = ld(1, series[2:] + ld(3, ld(1, label(b"trace_id", b"a\x00")) + b"\x18\x01"))
    batch = decode_write(raw, ProtocolVersion.V1)
    (item,) = batch.series
    assert item.labels() == (("__name__", "up"),)
    assert item.exemplars == []
    assert batch.invalid[0][0] == "invalid_exemplar"
    assert "NUL" in batch.invalid[0][1]


def test_rw2_exemplar_with_nul_is_dropped_as_invalid_exemplar_and_the_series_kept() -> None:
    exemplar = ld(1, varint(3) + varint(4)) + b"\x18\x01"
    series = ld(1, varint(1) + varint(2)) + ld(2, b"\x10\x01") + ld(4, exemplar)
    raw = b"".join(ld(4, s) for s in (b"", b"__name__", b"up", b"trace_id", b"\x00")) + ld(5, series)
    batch = decode_write(raw, ProtocolVersion.V2)
    assert batch.series[0].exemplars == []
    assert batch.invalid[0][0] == "invalid_exemplar"


@pytest.mark.parametrize(("family", "help_", "unit", "reason"), [
    ("a\x00b", "", "", "invalid_nul"), ("up", "h\x00", "", "invalid_nul"), ("up", "", "\x00", "invalid_nul"),
    ("m" * (MAX_METRIC_NAME_BYTES + 1), "", "", "metric_name_too_long"),
])
def test_rw1_metadata_entry_postgresql_cannot_store_is_rejected_alone(
    family: str, help_: str, unit: str, reason: str
) -> None:
    request = remote_pb2.WriteRequest()
    request.metadata.add(metric_family_name=family, help=help_, unit=unit)
    request.metadata.add(metric_family_name="ok_total", help="fine")
    batch = decode_write(request.SerializeToString(), ProtocolVersion.V1)
    assert [m.family for m in batch.metadata] == ["ok_total"]
    assert [r for r, _ in batch.invalid_metadata] == [reason]
    assert batch.invalid == []


@pytest.mark.parametrize("field", ["help_ref", "unit_ref"])
def test_rw2_metadata_with_nul_is_dropped_and_the_series_kept(field: str) -> None:
    b = V2Builder()
    for name, text in (("a_total", "bad\x00text"), ("b_total", "bad\x00text"), ("c_total", "good")):
        ts = b.series([("__name__", name)])
        ts.samples.add(value=1, timestamp=1)
        ts.metadata.type = v2.Metadata.METRIC_TYPE_COUNTER
        setattr(ts.metadata, field, b.ref(text))
    batch = decode_write(b.bytes(), ProtocolVersion.V2)
    assert [s.labels()[0][1] for s in batch.series] == ["a_total", "b_total", "c_total"]
    kept = [getattr(s.metadata, field.removesuffix("_ref")) if s.metadata else None for s in batch.series]
    assert kept == [None, None, "good"]
    assert [r for r, _ in batch.invalid_metadata] == ["invalid_nul", "invalid_nul"]
    assert "a_total" in batch.invalid_metadata[0][1]
