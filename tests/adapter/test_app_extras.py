"""Native histograms and exemplars are stored (not dropped) and read back, TLS serving, and a hostile corpus
through HTTP."""

from __future__ import annotations

import http.client
import random
import ssl
import subprocess
import sys
import urllib.request
from pathlib import Path

import psycopg
import pytest
import trustme

from finops.db import migrate
from finops.prompb import compress, decompress
from finops.prompb.io.prometheus.write.v2 import types_pb2 as v2
from finops.prompb.prometheus import remote_pb2, types_pb2
from remote_write_adapter.app import make_app
from tests.adapter.conftest import T0, V1_HEADERS, V2_HEADERS, Client, adapter_client, adapter_config
from tests.adapter.test_protocol import V2Builder, v1_request
from tests.services import free_port, wait_until


async def test_native_histograms_and_exemplars_are_stored(client: Client, dsn: str) -> None:
    request = remote_pb2.WriteRequest()
    ts = request.timeseries.add()
    ts.labels.add(name="__name__", value="rpc_duration_seconds")
    ts.labels.add(name="job", value="api")
    h = ts.histograms.add(count_int=3, sum=1.5, schema=0, zero_count_int=1, timestamp=T0)
    h.positive_spans.add(offset=0, length=2)
    h.positive_deltas.extend([1, 0])
    ex = ts.exemplars.add(value=0.7, timestamp=T0)
    ex.labels.add(name="trace_id", value="abc123")
    resp = await client.post("/api/v1/write", data=compress(request.SerializeToString()), headers=V1_HEADERS)
    assert resp.status == 204, await resp.text()
    with psycopg.connect(dsn) as conn:
        hist = conn.execute("SELECT count, sum, histogram FROM finops.histograms").fetchall()
        exemplars = conn.execute("SELECT value, labels FROM finops.exemplars").fetchall()
    assert len(hist) == 1
    assert hist[0][:2] == (3.0, 1.5)
    stored = types_pb2.Histogram.FromString(hist[0][2])
    assert list(stored.positive_deltas) == [1, 0]
    assert stored.zero_count_int == 1
    assert exemplars == [(0.7, {"trace_id": "abc123"})]


async def test_rw2_histogram_with_bad_count_is_400_and_counted(client: Client, dsn: str) -> None:
    b = V2Builder()
    good = b.series([("__name__", "ok_total")])
    good.samples.add(value=1.0, timestamp=T0)
    bad = b.series([("__name__", "bad_hist")])
    h = bad.histograms.add(count_int=10, sum=5.0, schema=0, timestamp=T0)
    h.positive_spans.add(offset=0, length=1)
    h.positive_deltas.append(1)
    resp = await client.post("/api/v1/write", data=compress(b.bytes()), headers=V2_HEADERS)
    assert resp.status == 400
    assert "invalid_histogram" in await resp.text()
    assert resp.headers["X-Prometheus-Remote-Write-Samples-Written"] == "1"
    assert resp.headers["X-Prometheus-Remote-Write-Histograms-Written"] == "0"
    metrics = await (await client.get("/metrics")).text()
    assert 'finops_adapter_series_rejected_total{reason="invalid_histogram"} 1.0' in metrics


@pytest.mark.slow
def test_adapter_serves_tls_and_survives_a_hostile_corpus_with_bounded_memory(empty_db: str, tmp_path: Path) -> None:
    migrate(empty_db)
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert.cert_chain_pems[0].write_to_path(str(cert_file))
    cert.private_key_pem.write_to_path(str(key_file))
    port = free_port()
    log = tmp_path / "adapter.log"
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "finops",
                "adapter",
                f"--web.listen-address=127.0.0.1:{port}",
                f"--web.tls.cert-file={cert_file}",
                f"--web.tls.key-file={key_file}",
                f"--db.url={empty_db}",
                "--ingest.max-decoded-bytes=8388608",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    context = ssl.create_default_context()
    ca.configure_trust(context)
    base = f"https://127.0.0.1:{port}"

    def post(body: bytes, headers: dict[str, str] = V1_HEADERS) -> int:
        req = urllib.request.Request(f"{base}/api/v1/write", data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=30, context=context) as resp:
                return int(resp.status)
        except urllib.error.HTTPError as exc:
            return int(exc.code)

    try:
        wait_until(
            lambda: urllib.request.urlopen(f"{base}/readyz", timeout=2, context=context).status == 200,
            timeout=60,
            what="adapter over TLS",
        )
        # plain HTTP is not served on a TLS port
        with pytest.raises((urllib.error.URLError, http.client.HTTPException, ConnectionError)):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5)
        rng = random.Random(1234)
        valid = v1_request(([("__name__", "m"), ("k", "v")], [(T0, 1.0)]))
        corpus = [rng.randbytes(rng.randrange(1, 5000)) for _ in range(60)]
        corpus += [compress(valid)[:n] for n in (1, 3, 10, 20)]  # truncated snappy
        corpus += [compress(rng.randbytes(2000)) for _ in range(20)]  # snappy of garbage
        corpus += [b"\xff\xff\xff\xff\x07" + rng.randbytes(100) for _ in range(5)]  # absurd declared sizes
        statuses = {post(body) for body in corpus}
        assert statuses <= {400, 413}, statuses
        assert post(compress(valid)) == 204
        rss_kib = int(Path(f"/proc/{proc.pid}/status").read_text().split("VmRSS:")[1].split()[0])
        for _ in range(3):
            for body in corpus:
                assert post(body) in {400, 413}
        rss_after = int(Path(f"/proc/{proc.pid}/status").read_text().split("VmRSS:")[1].split()[0])
        assert proc.poll() is None
        assert rss_after < rss_kib + 50 * 1024, (rss_kib, rss_after)  # no growth per bad request
        assert post(compress(v1_request(([("__name__", "m"), ("k", "v")], [(T0 + 1, 2.0)])))) == 204
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]


async def test_remote_read_rejects_garbage_and_unbounded_queries_with_400(dsn: str) -> None:
    client = await adapter_client(make_app(adapter_config(dsn, read_max_samples="3")))
    try:
        body = compress(v1_request(([("__name__", "m")], [(T0 + i, float(i)) for i in range(5)])))
        assert (await client.post("/api/v1/write", data=body, headers=V1_HEADERS)).status == 204
        for garbage in (b"", b"\x00\x01\x02", compress(b"\xff" * 64)):
            resp = await client.post("/api/v1/read", data=garbage, headers=V1_HEADERS)
            assert resp.status == 400, garbage
        no_matchers = remote_pb2.ReadRequest()
        no_matchers.queries.add(start_timestamp_ms=T0, end_timestamp_ms=T0 + 10)
        resp = await client.post("/api/v1/read", data=compress(no_matchers.SerializeToString()), headers=V1_HEADERS)
        assert resp.status == 400
        assert "matcher" in await resp.text()
        too_many = remote_pb2.ReadRequest()
        q = too_many.queries.add(start_timestamp_ms=T0, end_timestamp_ms=T0 + 10)
        q.matchers.add(type=0, name="__name__", value="m")
        resp = await client.post("/api/v1/read", data=compress(too_many.SerializeToString()), headers=V1_HEADERS)
        assert resp.status == 400
        assert "more than 3 samples" in await resp.text()
    finally:
        await client.close()


def _read(*matchers: tuple[int, str, str], start: int, end: int) -> bytes:
    request = remote_pb2.ReadRequest()
    query = request.queries.add(start_timestamp_ms=start, end_timestamp_ms=end)
    for kind, name, value in matchers:
        query.matchers.add(type=kind, name=name, value=value)
    return compress(request.SerializeToString())


async def test_remote_read_returns_native_histograms_as_written(dsn: str) -> None:
    client = await adapter_client(make_app(adapter_config(dsn, read_max_samples="3")))
    try:
        rw1 = remote_pb2.WriteRequest()
        hist_series = rw1.timeseries.add()
        hist_series.labels.add(name="__name__", value="rpc_seconds")
        integer = hist_series.histograms.add(count_int=3, sum=1.5, schema=1, zero_count_int=1, timestamp=T0)
        integer.positive_spans.add(offset=-1, length=2)
        integer.positive_deltas.extend([1, 0])
        floats = hist_series.histograms.add(count_float=2.5, sum=0.25, schema=0, zero_count_float=0.5,
                                            timestamp=T0 + 1000, reset_hint=types_pb2.Histogram.GAUGE)
        floats.positive_spans.add(offset=0, length=1)
        floats.positive_counts.append(2.0)
        float_series = rw1.timeseries.add()
        float_series.labels.add(name="__name__", value="up")
        float_series.samples.add(value=1.0, timestamp=T0)
        resp = await client.post("/api/v1/write", data=compress(rw1.SerializeToString()), headers=V1_HEADERS)
        assert resp.status == 204, await resp.text()
        b = V2Builder()
        late = b.series([("__name__", "rpc_seconds")]).histograms.add(
            count_int=1, sum=2.0, schema=0, timestamp=T0 + 2000, start_timestamp=T0 - 60_000)
        late.positive_spans.add(offset=1, length=1)
        late.positive_deltas.append(1)
        resp = await client.post("/api/v1/write", data=compress(b.bytes()), headers=V2_HEADERS)
        assert resp.status == 204, await resp.text()

        resp = await client.post("/api/v1/read", data=_read((0, "__name__", "rpc_seconds"), start=T0, end=T0 + 2000),
                                 headers=V1_HEADERS)
        assert resp.status == 200, await resp.text()
        (series,) = remote_pb2.ReadResponse.FromString(decompress(await resp.read(), 1 << 20)).results[0].timeseries
        assert [(lb.name, lb.value) for lb in series.labels] == [("__name__", "rpc_seconds")]
        assert list(series.samples) == []
        first, second, third = series.histograms
        assert first == integer
        assert second == floats
        assert (third.timestamp, third.count_int, third.sum, list(third.positive_deltas)) == (T0 + 2000, 1, 2.0, [1])
        # the RW2-only start_timestamp (field 17) travels as an unknown field, kept for newer readers
        assert v2.Histogram.FromString(third.SerializeToString()).start_timestamp == T0 - 60_000

        window = _read((0, "__name__", "rpc_seconds"), start=T0 + 500, end=T0 + 1500)
        resp = await client.post("/api/v1/read", data=window, headers=V1_HEADERS)
        (series,) = remote_pb2.ReadResponse.FromString(decompress(await resp.read(), 1 << 20)).results[0].timeseries
        assert list(series.histograms) == [floats]

        both = _read((2, "__name__", "rpc_seconds|up"), start=T0, end=T0 + 2000)
        resp = await client.post("/api/v1/read", data=both, headers=V1_HEADERS)
        assert resp.status == 400  # 3 histograms and 1 float sample: histograms count against the limit too
        assert "more than 3 samples" in await resp.text()
    finally:
        await client.close()


async def test_rw1_utf8_names_are_refused_by_default_and_stored_when_enabled(dsn: str) -> None:
    body = compress(v1_request(([("__name__", "http.server.duration"), ("service.name", "api")], [(T0, 1.5)])))
    strict = await adapter_client(make_app(adapter_config(dsn)))
    try:
        resp = await strict.post("/api/v1/write", data=body, headers=V1_HEADERS)
        assert resp.status == 400
        assert "invalid_metric_name" in await resp.text()
    finally:
        await strict.close()
    lenient = await adapter_client(make_app(adapter_config(dsn, ingest_rw1_utf8_names="true")))
    try:
        resp = await lenient.post("/api/v1/write", data=body, headers=V1_HEADERS)
        assert resp.status == 204, await resp.text()
    finally:
        await lenient.close()
    with psycopg.connect(dsn) as conn:
        stored = conn.execute("SELECT s.metric_name, s.labels, d.value FROM finops.series s "
                              "JOIN finops.samples d ON d.series_id = s.id").fetchall()
        conn.execute("SELECT finops.refresh_metric_views()")
        view = conn.execute('SELECT value, "service.name" FROM prom_metric."http.server.duration"').fetchall()
    assert stored == [("http.server.duration", {"__name__": "http.server.duration", "service.name": "api"}, 1.5)]
    assert view == [(1.5, "api")]
