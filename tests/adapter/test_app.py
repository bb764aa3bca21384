"""The adapter's HTTP surface against a real PostgreSQL+TimescaleDB: statuses, headers, idempotency, auth."""

from __future__ import annotations

import asyncio
import base64
import struct
from pathlib import Path

import psycopg
import pytest

from finops.db import migrate
from finops.prompb import compress
from finops.prompb.io.prometheus.write.v2 import types_pb2 as v2
from finops.prompb.prometheus import remote_pb2, types_pb2
from remote_write_adapter.app import make_app
from tests.adapter.conftest import STALE, T0, V1_HEADERS, V2_HEADERS, Client, adapter_client, adapter_config
from tests.adapter.test_protocol import V2Builder, v1_request


def _rows(dsn: str) -> list[tuple[dict[str, str], int, float]]:
    with psycopg.connect(dsn) as conn, conn.cursor(binary=True) as cur:
        cur.execute(
            "SELECT s.labels, (extract(epoch FROM d.time) * 1000)::int8, d.value FROM finops.samples d "
            "JOIN finops.series s ON s.id = d.series_id ORDER BY s.labels::text, d.time"
        )
        return list(cur.fetchall())


async def test_rw1_request_is_stored_sorted_and_answered_204_without_written_headers(
    client: Client, dsn: str
) -> None:
    body = compress(
        v1_request(
            ([("job", "node"), ("__name__", "up"), ("instance", "a:1")], [(T0, 1.0), (T0 + 15_000, STALE)]),
            ([("__name__", "up"), ("job", "node"), ("instance", "b:1")], [(T0, 0.0)]),
        )
    )
    resp = await client.post("/api/v1/write", data=body, headers=V1_HEADERS)
    assert resp.status == 204
    assert not [h for h in resp.headers if h.lower().startswith("x-prometheus-remote-write")]
    rows = _rows(dsn)
    assert [(r[0]["instance"], r[1]) for r in rows] == [("a:1", T0), ("a:1", T0 + 15_000), ("b:1", T0)]
    assert rows[0][0] == {"__name__": "up", "instance": "a:1", "job": "node"}
    assert struct.pack(">d", rows[1][2]) == bytes.fromhex("7ff0000000000002")  # stale marker bit-exact


async def test_redelivered_batch_stores_nothing_twice_first_value_wins(client: Client, dsn: str) -> None:
    first = compress(v1_request(([("__name__", "m"), ("k", "v")], [(T0, 1.0), (T0 + 1000, 2.0)])))
    again = compress(v1_request(([("__name__", "m"), ("k", "v")], [(T0, 9.0), (T0 + 1000, 2.0), (T0 + 2000, 3.0)])))
    for body in (first, first, again):
        resp = await client.post("/api/v1/write", data=body, headers=V1_HEADERS)
        assert resp.status == 204
    assert [(ts, v) for _, ts, v in _rows(dsn)] == [(T0, 1.0), (T0 + 1000, 2.0), (T0 + 2000, 3.0)]
    metrics = await (await client.get("/metrics")).text()
    assert 'finops_adapter_samples_duplicate_total{kind="sample"} 4.0' in metrics


async def test_rw2_answers_204_with_written_headers_and_accepts_utf8_names(client: Client, dsn: str) -> None:
    b = V2Builder()
    ts = b.series([("__name__", "résumé.cpu usage"), ("host name", "ä")])
    ts.samples.add(value=0.5, timestamp=T0)
    ts.metadata.type = v2.Metadata.METRIC_TYPE_GAUGE
    ts.metadata.help_ref = b.ref("CPU use")
    ts.metadata.unit_ref = b.ref("ratio")
    resp = await client.post("/api/v1/write", data=compress(b.bytes()), headers=V2_HEADERS)
    assert resp.status == 204, await resp.text()
    assert resp.headers["X-Prometheus-Remote-Write-Samples-Written"] == "1"
    assert resp.headers["X-Prometheus-Remote-Write-Histograms-Written"] == "0"
    assert resp.headers["X-Prometheus-Remote-Write-Exemplars-Written"] == "0"
    assert _rows(dsn)[0][0] == {"__name__": "résumé.cpu usage", "host name": "ä"}
    with psycopg.connect(dsn) as conn:
        meta = conn.execute("SELECT type, help, unit FROM finops.metric_metadata").fetchall()
    assert meta == [("gauge", "CPU use", "ratio")]


async def test_partial_write_answers_400_with_reasons_and_keeps_the_valid_series(client: Client, dsn: str) -> None:
    body = compress(
        v1_request(
            ([("__name__", "ok")], [(T0, 1.0)]),
            ([("job", "no-name")], [(T0, 1.0)]),
            ([("__name__", "dup"), ("a", "1"), ("a", "2")], [(T0, 1.0)]),
            ([("__name__", "future")], [(T0 * 10, 1.0)]),
        )
    )
    resp = await client.post("/api/v1/write", data=body, headers=V1_HEADERS)
    text = await resp.text()
    assert resp.status == 400
    assert "missing_metric_name" in text and "duplicate_label_name" in text and "out_of_bounds" in text
    assert [r[0]["__name__"] for r in _rows(dsn)] == ["ok"]


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Content-Type": "application/json", "Content-Encoding": "snappy"}, 415),
        ({"Content-Type": "application/x-protobuf", "Content-Encoding": "gzip"}, 415),
        ({"Content-Type": "application/x-protobuf;proto=foo.Bar", "Content-Encoding": "snappy"}, 415),
    ],
)
async def test_unsupported_media_is_415_before_reading_the_body(
    client: Client, headers: dict[str, str], status: int
) -> None:
    resp = await client.post("/api/v1/write", data=b"\x1f\x8b not really gzip", headers=headers)
    assert resp.status == status
    assert "Content" in await resp.text()


async def test_oversized_bodies_are_413(dsn: str) -> None:
    client = await adapter_client(
        make_app(adapter_config(dsn, ingest_max_body_bytes="1000", ingest_max_decoded_bytes="5000"))
    )
    try:
        big = compress(v1_request(*[([("__name__", f"m{i}"), ("pad", "x" * 50)], [(T0, 1.0)]) for i in range(200)]))
        resp = await client.post("/api/v1/write", data=big, headers=V1_HEADERS)
        assert resp.status == 413
        declares_huge = b"\xff\xff\xff\xff\x0f" + b"\x00" * 10  # snappy header claiming ~4 GiB
        resp = await client.post("/api/v1/write", data=declares_huge, headers=V1_HEADERS)
        assert resp.status == 413
        assert "declares" in await resp.text() or "limit" in await resp.text()
    finally:
        await client.close()


@pytest.mark.parametrize("body", [b"", b"\x00\x01garbage", compress(b"\xff\xfe not protobuf at all \x00" * 10)])
async def test_undecodable_bodies_are_400_and_the_process_keeps_serving(client: Client, body: bytes) -> None:
    resp = await client.post("/api/v1/write", data=body, headers=V1_HEADERS)
    assert resp.status == 400
    assert (await resp.text()).strip()
    ok = await client.post(
        "/api/v1/write", data=compress(v1_request(([("__name__", "m")], [(T0, 1.0)]))), headers=V1_HEADERS
    )
    assert ok.status == 204


async def test_metadata_only_request_is_stored(client: Client, dsn: str) -> None:
    request = remote_pb2.WriteRequest()
    request.metadata.add(
        type=types_pb2.MetricMetadata.COUNTER, metric_family_name="http_requests_total", help="Requests.", unit=""
    )
    resp = await client.post("/api/v1/write", data=compress(request.SerializeToString()), headers=V1_HEADERS)
    assert resp.status == 204
    with psycopg.connect(dsn) as conn:
        assert conn.execute("SELECT type, help FROM finops.metric_metadata").fetchall() == [("counter", "Requests.")]


async def test_database_down_answers_503_never_429(dsn: str, tmp_path: Path) -> None:
    app = make_app(adapter_config(dsn))
    client = await adapter_client(app)
    try:
        dbname = dsn.rsplit("/", 1)[1]
        with psycopg.connect(dsn.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            # cut the adapter's connections and forbid new ones: the database "goes away"
            conn.execute(f'ALTER DATABASE "{dbname}" WITH ALLOW_CONNECTIONS false')
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                (dbname,),
            )
        body = compress(v1_request(([("__name__", "m"), ("new", "series")], [(T0, 1.0)])))
        resp = await client.post("/api/v1/write", data=body, headers=V1_HEADERS)
        assert resp.status == 503
        assert "Retry-After" in resp.headers
        read = remote_pb2.ReadRequest()
        query = read.queries.add(start_timestamp_ms=T0, end_timestamp_ms=T0 + 1)
        query.matchers.add(type=0, name="__name__", value="m")
        resp = await client.post("/api/v1/read", data=compress(read.SerializeToString()), headers=V1_HEADERS)
        assert resp.status == 503
        ready = await client.get("/readyz")
        assert ready.status == 503
        with psycopg.connect(dsn.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'ALTER DATABASE "{dbname}" WITH ALLOW_CONNECTIONS true')
        for _ in range(50):  # the pool reconnects; Prometheus' retry then succeeds
            resp = await client.post("/api/v1/write", data=body, headers=V1_HEADERS)
            if resp.status == 204:
                break
            await asyncio.sleep(0.2)
        assert resp.status == 204
    finally:
        await client.close()


async def test_auth_is_required_on_every_endpoint_when_configured(dsn: str, tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text("s3cret\n")
    client = await adapter_client(
        make_app(adapter_config(dsn, web_auth_username="prom", web_auth_password_file=str(secret)))
    )
    try:
        for method, path in [
            ("POST", "/api/v1/write"),
            ("POST", "/api/v1/read"),
            ("GET", "/metrics"),
            ("GET", "/readyz"),
            ("GET", "/healthz"),
        ]:
            resp = await client.request(method, path)
            assert resp.status == 401, path
        ok = await client.get(
            "/healthz", headers={"Authorization": "Basic " + base64.b64encode(b"prom:s3cret").decode()}
        )
        assert ok.status == 200
        wrong = await client.get(
            "/healthz", headers={"Authorization": "Basic " + base64.b64encode(b"prom:no").decode()}
        )
        assert wrong.status == 401
    finally:
        await client.close()


async def test_remote_read_returns_matching_series_with_exact_matcher_semantics(client: Client, dsn: str) -> None:
    from finops.prompb import decompress

    body = compress(
        v1_request(
            ([("__name__", "up"), ("job", "a"), ("env", "prod")], [(T0, 1.0), (T0 + 1000, STALE)]),
            ([("__name__", "up"), ("job", "b")], [(T0, 0.0)]),
            ([("__name__", "down"), ("job", "a")], [(T0, 5.0)]),
        )
    )
    assert (await client.post("/api/v1/write", data=body, headers=V1_HEADERS)).status == 204

    def query(*matchers: tuple[int, str, str]) -> bytes:
        req = remote_pb2.ReadRequest()
        q = req.queries.add(start_timestamp_ms=T0 - 1000, end_timestamp_ms=T0 + 5000)
        for t, n, v in matchers:
            q.matchers.add(type=t, name=n, value=v)
        return compress(req.SerializeToString())

    EQ, NEQ, RE, NRE = 0, 1, 2, 3  # noqa: N806 - the matcher enum names
    cases = [
        ([(EQ, "__name__", "up")], {("up", "a"), ("up", "b")}),
        ([(EQ, "__name__", "up"), (EQ, "env", "")], {("up", "b")}),  # "" matches a missing label
        ([(EQ, "__name__", "up"), (NEQ, "env", "")], {("up", "a")}),
        ([(RE, "__name__", "up|down"), (RE, "job", "a")], {("up", "a"), ("down", "a")}),
        ([(RE, "__name__", "u"), (EQ, "job", "a")], set()),  # regexes are fully anchored
        ([(NRE, "__name__", "up"), (RE, "job", ".+")], {("down", "a")}),
    ]
    for matchers, expected in cases:
        resp = await client.post("/api/v1/read", data=query(*matchers), headers=V1_HEADERS)
        assert resp.status == 200
        result = remote_pb2.ReadResponse.FromString(decompress(await resp.read(), 1 << 26))
        got = {
            ({lb.name: lb.value for lb in ts.labels}["__name__"], {lb.name: lb.value for lb in ts.labels}["job"])
            for ts in result.results[0].timeseries
        }
        assert got == expected, matchers
    resp = await client.post("/api/v1/read", data=query((EQ, "__name__", "up"), (EQ, "job", "a")), headers=V1_HEADERS)
    (series,) = remote_pb2.ReadResponse.FromString(decompress(await resp.read(), 1 << 26)).results[0].timeseries
    assert [s.timestamp for s in series.samples] == [T0, T0 + 1000]
    assert struct.pack(">d", series.samples[1].value) == bytes.fromhex("7ff0000000000002")
    bad = await client.post("/api/v1/read", data=query((RE, "job", "(")), headers=V1_HEADERS)
    assert bad.status == 500  # what Prometheus' own remote-read server answers (tests/e2e compares the two)
    assert (await bad.text()).startswith("error parsing regexp:")


async def test_focus_upload_endpoint_loads_the_sample_into_the_focus_table(client: Client, dsn: str) -> None:
    sample = (Path(__file__).resolve().parents[2] / "data" / "focus" / "focus-1.0-sample.csv").read_bytes()
    resp = await client.post("/api/v1/focus/upload?source=sample", data=sample, headers={"Content-Type": "text/csv"})
    assert resp.status == 200, await resp.text()
    with psycopg.connect(dsn) as conn:
        row = conn.execute("SELECT count(*), sum(billed_cost) FROM finops.focus_costs").fetchone()
    assert row is not None
    assert row[0] == 1000
    assert str(row[1]) == "20.52022672899"
    garbage = await client.post(
        "/api/v1/focus/upload", data=b"\x00\x01\x02 not a FOCUS file", headers={"Content-Type": "text/csv"}
    )
    assert garbage.status == 400


async def test_plain_postgresql_storage_gets_window_partitions_on_demand(empty_db: str) -> None:
    migrate(empty_db, use_timescaledb=False)
    client = await adapter_client(make_app(adapter_config(empty_db, db_migrate="false")))
    try:
        old, new = T0 - 3 * 86_400_000, T0
        body = compress(v1_request(([("__name__", "m")], [(old, 1.0), (new, 2.0)])))
        resp = await client.post("/api/v1/write", data=body, headers=V1_HEADERS)
        assert resp.status == 204, await resp.text()
    finally:
        await client.close()
    with psycopg.connect(empty_db) as conn:
        engine = conn.execute("SELECT value FROM finops.storage_info WHERE key = 'engine'").fetchone()
        placed = conn.execute("SELECT tableoid::regclass::text, value FROM finops.samples_hot ORDER BY time").fetchall()
    assert engine == ("postgresql",)
    assert [p for p, _ in placed] != ["finops.samples_default"] * 2
    assert all(p.startswith("finops.samples_p") for p, _ in placed), placed
    assert [v for _, v in placed] == [1.0, 2.0]


async def test_plain_postgresql_partition_creation_with_the_database_down_is_503(empty_db: str) -> None:
    migrate(empty_db, use_timescaledb=False)
    client = await adapter_client(make_app(adapter_config(empty_db, db_migrate="false")))
    try:
        body = compress(v1_request(([("__name__", "m")], [(T0, 1.0)])))
        assert (await client.post("/api/v1/write", data=body, headers=V1_HEADERS)).status == 204
        dbname = empty_db.rsplit("/", 1)[1]
        with psycopg.connect(empty_db.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'ALTER DATABASE "{dbname}" WITH ALLOW_CONNECTIONS false')
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (dbname,))
        # the series is cached, so the first database call is the new day's partition
        next_day = compress(v1_request(([("__name__", "m")], [(T0 + 86_400_000, 2.0)])))
        resp = await client.post("/api/v1/write", data=next_day, headers=V1_HEADERS)
        assert resp.status == 503, await resp.text()
        metrics = await (await client.get("/metrics")).text()
        assert 'finops_adapter_db_errors_total{operation="partitions"} 1.0' in metrics
    finally:
        with psycopg.connect(empty_db.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'ALTER DATABASE "{dbname}" WITH ALLOW_CONNECTIONS true')
        await client.close()
