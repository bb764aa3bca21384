"""The RW1 fast path (known single-sample series written without decoding labels) against the general decoder,
and against requests built to fool it."""

from __future__ import annotations

import struct

import psycopg
from hypothesis import given, settings
from hypothesis import strategies as st

from finops.prompb import compress
from finops.prompb.prometheus import remote_pb2, types_pb2
from remote_write_adapter.protocol import (
    FAST_KEY_MARK,
    ProtocolVersion,
    decode_write,
    split_single_samples,
    whole_label_fields,
    write_request,
)
from tests.adapter.conftest import STALE, T0, V1_HEADERS, Client

label_text = st.text(st.characters(codec="utf-8"), max_size=30)


@st.composite
def requests(draw: st.DrawFn) -> bytes:
    request = remote_pb2.WriteRequest()
    for _ in range(draw(st.integers(0, 12))):
        ts = request.timeseries.add()
        ts.labels.add(name="__name__", value=draw(st.sampled_from(["a", "b_total", "ü"])))
        for _ in range(draw(st.integers(0, 3))):
            ts.labels.add(name=draw(st.sampled_from(["job", "x", "y"])), value=draw(label_text))
        for _ in range(draw(st.sampled_from([1, 1, 1, 0, 2]))):
            ts.samples.add(timestamp=draw(st.one_of(st.integers(-(2**63), 2**63 - 1), st.just(T0), st.just(0))),
                           value=draw(st.one_of(st.floats(width=64), st.just(0.0), st.just(STALE))))
    return bytes(request.SerializeToString())


def samples_of(raw: bytes) -> list[tuple[bytes, int, bytes]]:
    """(raw labels blob, timestamp, value bits) of every sample, via the general decoder."""
    batch = decode_write(raw, ProtocolVersion.V1, rw1_utf8_names=True)
    return sorted((s.key, t, struct.pack(">d", v)) for s in batch.series
                  for t, v in zip(s.timestamps, s.values, strict=True))


@given(requests())
@settings(max_examples=300, deadline=None)
def test_the_split_loses_and_invents_no_sample(raw: bytes) -> None:
    fast = split_single_samples(raw)
    assert fast is not None
    # what the fast path takes once its key is cached (only keys of whole Label fields ever are), with the labels
    # decoded by the general decoder from its raw series; the other series go the general way
    taken = []
    slow = list(fast.others)
    for key, raw_series, t, v in zip(fast.keys, fast.raws, fast.times.tolist(), fast.values.tolist(), strict=True):
        assert key.startswith(FAST_KEY_MARK) and raw_series.startswith(key[1:])
        if not whole_label_fields(key[1:]):
            slow.append(raw_series)
            continue
        (series,) = decode_write(write_request([raw_series]), ProtocolVersion.V1, rw1_utf8_names=True).series
        assert series.timestamps == [t]
        assert struct.pack(">d", series.values[0]) == struct.pack(">d", v)
        taken.append((series.key, t, struct.pack(">d", v)))
    rest = samples_of(write_request(slow))
    assert sorted(taken + rest) == samples_of(raw)


def test_a_request_with_metadata_takes_the_general_path() -> None:
    request = remote_pb2.WriteRequest()
    ts = request.timeseries.add()
    ts.labels.add(name="__name__", value="up")
    ts.samples.add(timestamp=T0, value=1.0)
    request.metadata.add(metric_family_name="up", help="h")
    assert split_single_samples(request.SerializeToString()) is None


def field(number: int, payload: bytes) -> bytes:
    return bytes([number << 3 | 2, len(payload)]) + payload


def test_a_label_value_ending_like_a_sample_never_becomes_a_key() -> None:
    # a Sample field that is also valid UTF-8: 8 ASCII bytes of value, a 7-byte timestamp varint of UTF-8 sequences
    fake = field(2, b"\x09" + b"AAAAAAAA" + b"\x10" + bytes.fromhex("e0a080e0a08001"))
    fake.decode()
    label = field(1, field(1, b"__name__") + field(2, b"up")) + field(1, field(1, b"v") + field(2, b"x" + fake))
    real = field(2, types_pb2.Sample(value=1.0, timestamp=T0).SerializeToString())
    for series in (real + label, label):  # the real sample before the labels, or none at all
        raw = field(1, series)
        labels = decode_write(raw, ProtocolVersion.V1).series[0].labels()
        assert labels == (("__name__", "up"), ("v", "x" + fake.decode()))
        fast = split_single_samples(raw)
        assert fast is not None and len(fast.keys) == 1  # the fake tail looks like a sample to the split...
        assert not whole_label_fields(fast.keys[0][1:])  # ...but its prefix is not whole Label fields: never cached


async def test_known_series_take_the_fast_path_and_store_exactly_what_was_sent(client: Client,
                                                                               dsn: str) -> None:
    def scrape(t: int, values: list[float]) -> bytes:
        request = remote_pb2.WriteRequest()
        for i, v in enumerate(values):
            ts = request.timeseries.add()
            ts.labels.add(name="__name__", value="fast_metric")
            ts.labels.add(name="i", value=str(i))
            ts.samples.add(timestamp=t, value=v)
        return compress(request.SerializeToString())

    scrapes = [(T0 + k * 15_000, [float(k * 10 + i) if i else 0.0 for i in range(50)]) for k in range(4)]
    scrapes[2][1][7] = STALE
    for t, values in scrapes:
        assert (await client.post("/api/v1/write", data=scrape(t, values), headers=V1_HEADERS)).status == 204
    assert (await client.post("/api/v1/write", data=scrape(*scrapes[1]), headers=V1_HEADERS)).status == 204
    metrics = await (await client.get("/metrics")).text()
    hits = next(float(line.split()[-1]) for line in metrics.splitlines()
                if line.startswith('finops_adapter_series_cache_lookups_total{result="hit"}'))
    assert hits >= 4 * 50  # scrapes after the first went the fast way
    with psycopg.connect(dsn) as conn, conn.cursor(binary=True) as cur:
        cur.execute("SELECT s.labels ->> 'i', (extract(epoch FROM d.time) * 1000)::int8, float8send(d.value) "
                    "FROM finops.samples d JOIN finops.series s ON s.id = d.series_id ORDER BY 2, 1::int")
        rows = [(int(i), t, bytes(v)) for i, t, v in cur.fetchall()]
    expected = sorted(((i, t, struct.pack(">d", v)) for t, values in scrapes for i, v in enumerate(values)),
                      key=lambda r: (r[1], r[0]))
    assert rows == expected
