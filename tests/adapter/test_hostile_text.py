"""Input PostgreSQL refuses (NUL in text, index rows over the btree limit, timestamps outside its range) never
stalls remote write: the offending series, exemplar, histogram or metadata entry is left out with a reason and
counted, the rest of the request is stored, and the answer is 400 (final), never a 5xx that Prometheus would
retry forever."""

from __future__ import annotations

import random
import string
from collections.abc import AsyncIterator

import psycopg
import pytest

from finops.prompb import compress
from finops.prompb.io.prometheus.write.v2 import types_pb2 as v2
from finops.prompb.prometheus import remote_pb2, types_pb2
from remote_write_adapter.protocol import MAX_METRIC_NAME_BYTES, Labels, ProtocolVersion, SeriesData, WriteBatch
from remote_write_adapter.storage import SampleWriter, WriterOptions
from tests.adapter.conftest import T0, V1_HEADERS, V2_HEADERS, Client, sample_writer
from tests.adapter.test_protocol import V2Builder, v1_request

FAR = 2**62  # milliseconds: far outside PostgreSQL's timestamp range


def stored_names(dsn: str) -> list[str]:
    with psycopg.connect(dsn) as conn:
        rows = conn.execute("SELECT s.metric_name FROM finops.series s JOIN finops.samples d ON d.series_id = s.id "
                            "ORDER BY 1").fetchall()
    return [r[0] for r in rows]


async def metric(client: Client, name: str, reason: str) -> float:
    text = await (await client.get("/metrics")).text()
    prefix = f'{name}{{reason="{reason}"}} '
    return sum(float(line[len(prefix):]) for line in text.splitlines() if line.startswith(prefix))


async def test_rw1_series_with_nul_is_rejected_alone_with_400_and_counted(client: Client, dsn: str) -> None:
    body = compress(v1_request(
        ([("__name__", "ok_before")], [(T0, 1.0)]),
        ([("__name__", "nul_metric"), ("v", "a\x00b")], [(T0, 1.0), (T0 + 1, 2.0)]),
        ([("__name__", "nul\x00name")], [(T0, 1.0)]),
        ([("__name__", "ok_after"), ("v", "x")], [(T0, 1.0)]),
    ))
    resp = await client.post("/api/v1/write", data=body, headers=V1_HEADERS)
    text = await resp.text()
    assert resp.status == 400, text
    assert "2 invalid_nul" in text and "NUL" in text
    assert "\x00" not in text  # shown escaped, so the answer and Prometheus' log stay plain text
    assert stored_names(dsn) == ["ok_after", "ok_before"]
    assert await metric(client, "finops_adapter_samples_rejected_total", "invalid_nul") == 3
    assert await metric(client, "finops_adapter_series_rejected_total", "invalid_nul") == 2


async def test_rw2_series_with_nul_in_a_utf8_name_is_rejected_alone(client: Client, dsn: str) -> None:
    b = V2Builder()
    b.series([("__name__", "résumé"), ("ä\x00", "x")]).samples.add(value=1, timestamp=T0)
    b.series([("__name__", "fine")]).samples.add(value=1, timestamp=T0)
    resp = await client.post("/api/v1/write", data=compress(b.bytes()), headers=V2_HEADERS)
    assert resp.status == 400
    assert resp.headers["X-Prometheus-Remote-Write-Samples-Written"] == "1"
    assert stored_names(dsn) == ["fine"]


async def test_metric_name_over_the_index_limit_is_400_not_503(client: Client, dsn: str) -> None:
    # 3,000 random characters: PostgreSQL cannot compress them under its btree row limit (2,704 bytes), so the
    # series index refused them (a class 54 error, which psycopg files as OperationalError: answered 503, retried)
    rng = random.Random(8)
    long_name = "".join(rng.choice(string.ascii_letters) for _ in range(3000))
    body = compress(v1_request(([("__name__", long_name)], [(T0, 1.0)]), ([("__name__", "ok")], [(T0, 1.0)])))
    resp = await client.post("/api/v1/write", data=body, headers=V1_HEADERS)
    assert resp.status == 400, await resp.text()
    assert "metric_name_too_long" in await resp.text()
    assert stored_names(dsn) == ["ok"]
    assert await metric(client, "finops_adapter_samples_rejected_total", "metric_name_too_long") == 1


async def test_exemplars_with_nul_or_far_timestamps_are_dropped_and_their_series_kept(
    client: Client, dsn: str
) -> None:
    request = remote_pb2.WriteRequest()
    ts = request.timeseries.add()
    ts.labels.add(name="__name__", value="rpc_total")
    ts.samples.add(value=1.0, timestamp=T0)
    ts.exemplars.add(value=0.1, timestamp=T0).labels.add(name="trace_id", value="nul\x00")
    ts.exemplars.add(value=0.2, timestamp=FAR).labels.add(name="trace_id", value="far")
    ts.exemplars.add(value=0.3, timestamp=-FAR).labels.add(name="trace_id", value="old")
    ts.exemplars.add(value=0.4, timestamp=T0 + 1).labels.add(name="trace_id", value="fine")
    resp = await client.post("/api/v1/write", data=compress(request.SerializeToString()), headers=V1_HEADERS)
    assert resp.status == 400, await resp.text()
    assert "invalid_exemplar" in await resp.text()
    assert stored_names(dsn) == ["rpc_total"]
    with psycopg.connect(dsn) as conn:
        assert conn.execute("SELECT value, labels FROM finops.exemplars").fetchall() == [(0.4, {"trace_id": "fine"})]
    assert await metric(client, "finops_adapter_series_rejected_total", "invalid_exemplar") == 3


async def test_histograms_with_far_timestamps_are_rejected_as_out_of_bounds(client: Client, dsn: str) -> None:
    request = remote_pb2.WriteRequest()
    ts = request.timeseries.add()
    ts.labels.add(name="__name__", value="rpc_seconds")
    for stamp in (FAR, T0, -FAR):
        h = ts.histograms.add(count_int=1, sum=1.0, schema=0, timestamp=stamp)
        h.positive_spans.add(offset=0, length=1)
        h.positive_deltas.append(1)
    resp = await client.post("/api/v1/write", data=compress(request.SerializeToString()), headers=V1_HEADERS)
    assert resp.status == 400, await resp.text()
    assert "2 histogram(s) with timestamps before 1900" in await resp.text()
    with psycopg.connect(dsn) as conn:
        assert conn.execute("SELECT count(*) FROM finops.histograms").fetchone() == (1,)
    assert await metric(client, "finops_adapter_samples_rejected_total", "out_of_bounds") == 2


async def test_metadata_postgresql_cannot_store_is_400_counted_and_the_rest_stored(
    client: Client, dsn: str
) -> None:
    request = remote_pb2.WriteRequest()
    counter = types_pb2.MetricMetadata.COUNTER
    request.metadata.add(type=counter, metric_family_name="bad_help_total", help="a\x00b")
    request.metadata.add(type=counter, metric_family_name="x" * (MAX_METRIC_NAME_BYTES + 1), help="long")
    request.metadata.add(type=counter, metric_family_name="good_total", help="Good.")
    resp = await client.post("/api/v1/write", data=compress(request.SerializeToString()), headers=V1_HEADERS)
    assert resp.status == 400, await resp.text()
    b = V2Builder()
    ts = b.series([("__name__", "rw2_total")])
    ts.samples.add(value=1, timestamp=T0)
    ts.metadata.type = v2.Metadata.METRIC_TYPE_COUNTER
    ts.metadata.help_ref = b.ref("nul \x00 help")
    ts = b.series([("__name__", "rw2_unit_seconds")])  # a NUL in the unit (issue 8 item 1) is the same class
    ts.samples.add(value=2, timestamp=T0)
    ts.metadata.type = v2.Metadata.METRIC_TYPE_GAUGE
    ts.metadata.help_ref = b.ref("Fine help.")
    ts.metadata.unit_ref = b.ref("sec\x00onds")
    resp = await client.post("/api/v1/write", data=compress(b.bytes()), headers=V2_HEADERS)
    assert resp.status == 400, await resp.text()
    assert "NUL" in await resp.text()
    assert resp.headers["X-Prometheus-Remote-Write-Samples-Written"] == "2"
    with psycopg.connect(dsn) as conn:
        assert conn.execute("SELECT metric_family_name FROM finops.metric_metadata").fetchall() == [("good_total",)]
    assert stored_names(dsn) == ["rw2_total", "rw2_unit_seconds"]
    assert await metric(client, "finops_adapter_metadata_rejected_total", "invalid_nul") == 3
    assert await metric(client, "finops_adapter_metadata_rejected_total", "metric_name_too_long") == 1


class UncheckedSeries(SeriesData):
    """A series whose labels skip the protocol's checks: stands for an input the checks do not know about yet."""

    def __init__(self, labels: Labels, timestamp: int) -> None:
        super().__init__(repr(labels).encode(), [timestamp], [1.0], None, 0)
        self._labels = labels

    def labels(self) -> Labels:
        return self._labels


@pytest.fixture
async def writer(dsn: str) -> AsyncIterator[SampleWriter]:
    async with sample_writer(dsn, WriterOptions()) as w:
        yield w


async def test_series_the_database_refuses_are_found_and_rejected_alone(writer: SampleWriter, dsn: str) -> None:
    rng = random.Random(3)
    refused = [(("__name__", "nul"), ("v", "\x00")),
               (("__name__", "".join(rng.choice(string.ascii_letters) for _ in range(3000))),)]
    good = [(("__name__", f"good_{i}"),) for i in range(13)]
    labels = good[:5] + refused[:1] + good[5:9] + refused[1:] + good[9:]
    batch = WriteBatch(ProtocolVersion.V2, [UncheckedSeries(lb, T0) for lb in labels])
    outcome = await writer.write(batch)
    assert [reason for reason, _ in outcome.invalid] == ["refused_by_database"] * 2
    assert outcome.rejected_samples == 2
    assert outcome.samples == 13
    assert stored_names(dsn) == sorted(name for ((_, name),) in good)
    rejected = writer.metrics.registry.get_sample_value("finops_adapter_samples_rejected_total",
                                                        {"reason": "refused_by_database"})
    assert rejected == 2


# ---- remote read ------------------------------------------------------------------------------------------------

EQ, NEQ, RE, NRE = 0, 1, 2, 3


def read_body(*matchers: tuple[int, str, str], start: int = T0 - 1000, end: int = T0 + 1000) -> bytes:
    request = remote_pb2.ReadRequest()
    query = request.queries.add(start_timestamp_ms=start, end_timestamp_ms=end)
    for kind, name, value in matchers:
        query.matchers.add(type=kind, name=name, value=value)
    return compress(request.SerializeToString())


async def read_series(client: Client, body: bytes) -> set[tuple[str, str]]:
    from finops.prompb import decompress

    resp = await client.post("/api/v1/read", data=body, headers=V1_HEADERS)
    assert resp.status == 200, await resp.text()
    result = remote_pb2.ReadResponse.FromString(decompress(await resp.read(), 1 << 24)).results[0]
    return {(labels["__name__"], labels["job"]) for labels in
            ({lb.name: lb.value for lb in ts.labels} for ts in result.timeseries)}


@pytest.mark.parametrize(("matchers", "expected"), [
    ([(EQ, "__name__", "u\x00p")], set()),  # no stored value contains NUL
    ([(EQ, "__name__", "up"), (NEQ, "job", "a\x00")], {("up", "a"), ("up", "b")}),
    ([(EQ, "__name__", "up"), (EQ, "j\x00b", "")], {("up", "a"), ("up", "b")}),  # no series has that label
    ([(EQ, "__name__", "up"), (EQ, "j\x00b", "x")], set()),
    ([(EQ, "__name__", "up"), (NEQ, "j\x00b", "")], set()),
    ([(EQ, "__name__", "up"), (NEQ, "j\x00b", "x")], {("up", "a"), ("up", "b")}),
    ([(RE, "__name__", "up|x\x00")], {("up", "a"), ("up", "b")}),
    ([(RE, "__name__", "up|down"), (RE, "job", "[\x00-a]")], {("up", "a"), ("down", "a")}),
    ([(RE, "__name__", "up"), (RE, "job", "a\x001?")], set()),  # the NUL stays one character, not \x001
    ([(EQ, "__name__", "up"), (NRE, "j\x00b", ".+")], {("up", "a"), ("up", "b")}),
    ([(EQ, "__name__", "up"), (RE, "j\x00b", "x\x00*")], set()),
    ([(EQ, "__name__", "up"), (RE, "j\x00b", "\x00*")], {("up", "a"), ("up", "b")}),
])
async def test_remote_read_matchers_with_nul_get_prometheus_answers(
    client: Client, matchers: list[tuple[int, str, str]], expected: set[tuple[str, str]]
) -> None:
    body = compress(v1_request(([("__name__", "up"), ("job", "a")], [(T0, 1.0)]),
                               ([("__name__", "up"), ("job", "b")], [(T0, 1.0)]),
                               ([("__name__", "down"), ("job", "a")], [(T0, 1.0)])))
    assert (await client.post("/api/v1/write", data=body, headers=V1_HEADERS)).status == 204
    assert await read_series(client, read_body(*matchers)) == expected


async def test_remote_read_regex_with_an_escaped_nul_means_a_literal_nul(client: Client) -> None:
    # Go's regexp (Prometheus) and RE2 read a backslash before a non-word character as that character
    body = compress(v1_request(([("__name__", "up"), ("job", "a")], [(T0, 1.0)])))
    assert (await client.post("/api/v1/write", data=body, headers=V1_HEADERS)).status == 204
    assert await read_series(client, read_body((RE, "job", "a\\\x00"))) == set()
    assert await read_series(client, read_body((RE, "job", "a\\\x00?"))) == {("up", "a")}


async def test_remote_read_time_range_beyond_postgresql_is_answered(client: Client) -> None:
    body = compress(v1_request(([("__name__", "up"), ("job", "a")], [(T0, 1.0)])))
    assert (await client.post("/api/v1/write", data=body, headers=V1_HEADERS)).status == 204
    everything = read_body((EQ, "__name__", "up"), start=-(2**63), end=2**63 - 1)
    assert await read_series(client, everything) == {("up", "a")}
    assert await read_series(client, read_body((EQ, "__name__", "up"), start=FAR, end=FAR + 1)) == set()


async def test_remote_read_with_more_matchers_than_postgresql_takes_parameters_is_answered(
    client: Client,
) -> None:
    body = compress(v1_request(([("__name__", "up"), ("job", "a")], [(T0, 1.0)]),
                               ([("__name__", "up"), ("job", "39999")], [(T0, 1.0)])))
    assert (await client.post("/api/v1/write", data=body, headers=V1_HEADERS)).status == 204
    many = read_body((EQ, "__name__", "up"), *[(NEQ, "job", str(i)) for i in range(40_000)])
    assert await read_series(client, many) == {("up", "a")}
