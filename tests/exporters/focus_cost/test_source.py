from __future__ import annotations

import base64
import gzip
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest
from aiohttp import web
from aiohttp.web import ContentCoding

from exporters.base import Poller
from exporters.focus_cost.collector import Snapshot
from exporters.focus_cost.config import (
    AuthConfig,
    Format,
    GenericConfig,
    PaginationConfig,
    PaginationStyle,
    SecretRef,
    SourceConfig,
    SourceMode,
    TlsConfig,
)
from exporters.focus_cost.source import FocusCostSource
from finops.errors import SourceError
from tests.exporters.focus_cost.conftest import SAMPLE, Api, Pki, focus_csv


def _parquet(csv_text: str) -> bytes:
    table = pa_csv.read_csv(
        io.BytesIO(csv_text.encode()), convert_options=pa_csv.ConvertOptions(strings_can_be_null=True)
    )
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


def _json_rows(n: int, start: int = 0) -> list[dict[str, Any]]:
    lines = list(__import__("csv").DictReader(io.StringIO(focus_csv(n, start))))
    return [dict(r, Tags=json.loads(r["Tags"]), BilledCost=float(r["BilledCost"])) for r in lines]


@dataclass
class _Served:
    """What the fake endpoint answers; a test swaps it between polls."""

    body: bytes
    content_type: str


def _costs(snapshot: Snapshot) -> list[float]:
    return sorted(s.values[0] for s in snapshot.series if s.values[0] is not None)


def _source(url: str, **kw: Any) -> FocusCostSource:
    return FocusCostSource(SourceConfig(name="t", url=url, **kw))


async def test_reads_the_local_sample_file() -> None:
    snapshot = await FocusCostSource(SourceConfig(name="f", path=str(SAMPLE))).fetch()
    assert snapshot.counts["rows"] == 1000
    assert snapshot.counts["parse_errors"] == 0


async def test_reads_local_gzip_and_json_files(tmp_path: Path) -> None:
    (tmp_path / "c.csv.gz").write_bytes(gzip.compress(focus_csv(3).encode()))
    (tmp_path / "c.json").write_text(json.dumps({"value": _json_rows(2)}))
    gz = await FocusCostSource(SourceConfig(name="g", path=str(tmp_path / "c.csv.gz"))).fetch()
    js = await FocusCostSource(SourceConfig(name="j", path=str(tmp_path / "c.json"))).fetch()
    assert _costs(gz) == [1.25, 2.25, 3.25]
    assert _costs(js) == [1.25, 2.25]


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (focus_csv(2).encode(), "text/csv"),
        (gzip.compress(focus_csv(2).encode()), "application/octet-stream"),
        (_parquet(focus_csv(2)), "application/vnd.apache.parquet"),
        (json.dumps(_json_rows(2)).encode(), "application/json"),
        (json.dumps({"meta": {"n": 2}, "data": {"rows": _json_rows(2)}}).encode(), "application/json"),
    ],
    ids=["csv", "csv.gz", "parquet", "json-array", "json-nested"],
)
async def test_reads_every_format_over_http(api: Api, body: bytes, content_type: str) -> None:
    api.route("/costs", lambda _r: web.Response(body=body, content_type=content_type))
    snapshot = await _source(api.base + "/costs").fetch()
    assert _costs(snapshot) == [1.25, 2.25]


async def test_content_encoding_gzip_is_undone(api: Api) -> None:
    def handler(_r: web.Request) -> web.Response:
        resp = web.Response(body=focus_csv(2).encode(), content_type="text/csv")
        resp.enable_compression(ContentCoding.gzip)
        return resp

    api.route("/c", handler)
    assert _costs(await _source(api.base + "/c").fetch()) == [1.25, 2.25]


async def test_post_with_headers_body_and_variables(api: Api) -> None:
    api.route("/v1/acct-9/costs", lambda _r: web.Response(text=focus_csv(1), content_type="text/csv"))
    source = FocusCostSource(
        SourceConfig(
            name="p",
            url=api.base + "/v1/acct-9/costs",
            method="POST",
            headers=(("X-Month", "2024-09"),),
            body='{"month":"2024-09"}',
        )
    )
    await source.fetch()
    (request,) = api.requests
    assert request.method == "POST"
    assert request.headers["X-Month"] == "2024-09"
    assert (await request.read()) == b'{"month":"2024-09"}'


async def test_follows_next_link_pages(api: Api) -> None:
    api.route("/p1", lambda _r: web.json_response({"value": _json_rows(2), "nextLink": "/p2?skip=2"}))
    api.route("/p2", lambda _r: web.json_response({"value": _json_rows(1, start=2), "@odata.nextLink": None}))
    snapshot = await _source(api.base + "/p1").fetch()
    assert _costs(snapshot) == [1.25, 2.25, 3.25]
    assert snapshot.counts["pages"] == 2


async def test_follows_link_headers_for_csv_pages(api: Api) -> None:
    api.route(
        "/a",
        lambda _r: web.Response(
            text=focus_csv(1), content_type="text/csv", headers={"Link": '</b>; rel="next", </a>; rel="first"'}
        ),
    )
    api.route("/b", lambda _r: web.Response(text=focus_csv(1, start=1), content_type="text/csv"))
    assert _costs(await _source(api.base + "/a").fetch()) == [1.25, 2.25]


async def test_follows_kubernetes_continue_tokens(api: Api) -> None:
    def focus_configs(request: web.Request) -> web.Response:
        token = request.query.get("continue")
        rows = {"": (_json_rows(1), "t1"), "t1": (_json_rows(1, start=1), "")}[token or ""]
        items = [{"spec": {"focusSpec": _camel(r)}} for r in rows[0]]
        return web.json_response({"kind": "FocusConfigList", "metadata": {"continue": rows[1]}, "items": items})

    api.route("/apis/finops.krateo.io/v1/namespaces/x/focusconfigs", focus_configs)
    source = _source(api.base + "/apis/finops.krateo.io/v1/namespaces/x/focusconfigs?limit=1")
    snapshot = await source.fetch()
    assert _costs(snapshot) == [1.25, 2.25]
    assert [r.query.get("continue") for r in api.requests] == [None, "t1"]
    tags = dict(snapshot.series[0].labels)["tags"]
    assert json.loads(tags) == {"env": "prod"}


def _camel(row: dict[str, Any]) -> dict[str, Any]:
    spec = {k[0].lower() + k[1:]: v for k, v in row.items() if v != ""}
    spec["tags"] = [{"key": k, "value": v} for k, v in row["Tags"].items()]
    return spec


async def test_pagination_loop_fails_the_poll(api: Api) -> None:
    api.route("/loop", lambda _r: web.json_response({"value": _json_rows(1), "nextLink": "/loop"}))
    with pytest.raises(SourceError, match="pagination loop"):
        await _source(api.base + "/loop").fetch()


async def test_page_cap_fails_instead_of_truncating(api: Api) -> None:
    def endless(request: web.Request) -> web.Response:
        n = int(request.query.get("n", "0"))
        return web.json_response({"value": _json_rows(1, start=n), "nextLink": f"/e?n={n + 1}"})

    api.route("/e", endless)
    with pytest.raises(SourceError, match="more than 3 pages"):
        await _source(api.base + "/e", pagination=PaginationConfig(max_pages=3)).fetch()


async def test_pagination_none_reads_one_page(api: Api) -> None:
    api.route("/p", lambda _r: web.json_response({"value": _json_rows(1), "nextLink": "/never"}))
    source = _source(api.base + "/p", pagination=PaginationConfig(style=PaginationStyle.NONE))
    assert _costs(await source.fetch()) == [1.25]


async def test_401_rereads_the_token_file_once(api: Api, tmp_path: Path) -> None:
    token = tmp_path / "token"
    token.write_text("old\n")

    def guarded(request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != "Bearer new":
            return web.Response(status=401)
        return web.Response(text=focus_csv(1), content_type="text/csv")

    api.route("/c", guarded)
    source = _source(api.base + "/c", auth=AuthConfig(bearer_token=SecretRef(file=str(token))))
    with pytest.raises(SourceError, match="401") as info:
        await source.fetch()
    assert "old" not in str(info.value)
    assert [r.headers["Authorization"] for r in api.requests] == ["Bearer old", "Bearer old"]
    token.write_text("new\n")  # the secret was rotated
    assert _costs(await source.fetch()) == [1.25]
    assert [r.headers["Authorization"] for r in api.requests[2:]] == ["Bearer old", "Bearer new"]


async def test_basic_auth_from_a_password_file(api: Api, tmp_path: Path) -> None:
    (tmp_path / "pw").write_text("s3cret")
    api.route("/c", lambda _r: web.Response(text=focus_csv(1), content_type="text/csv"))
    auth = AuthConfig(username="u", password=SecretRef(file=str(tmp_path / "pw")))
    await _source(api.base + "/c", auth=auth).fetch()
    assert api.requests[0].headers["Authorization"] == "Basic " + base64.b64encode(b"u:s3cret").decode()


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (b"<html><body>502 Bad Gateway</body></html>", "text/html", "HTML page"),
        (gzip.compress(focus_csv(5).encode())[:-30], "application/gzip", "truncated gzip"),
        (b'{"status": "ok", "count": 3}', "application/json", "no array of objects"),
        (b'{"value": [1, 2]', "application/json", "not valid JSON"),
        (b"a,b\n1,2\n", "text/csv", "lacks mandatory FOCUS"),
        (b"x" * 5000, "text/csv", "max_body_bytes"),
    ],
    ids=["html", "truncated-gzip", "json-without-arrays", "broken-json", "not-focus", "huge"],
)
async def test_hostile_bodies_fail_the_poll_and_keep_the_last_snapshot(
    api: Api, body: bytes, content_type: str, message: str
) -> None:
    served = _Served(focus_csv(2).encode(), "text/csv")
    api.route("/c", lambda _r: web.Response(body=served.body, content_type=served.content_type))
    source = _source(api.base + "/c", max_body_bytes=4096)
    poller: Poller[Snapshot] = Poller("t", source.fetch, initial=source.empty(), interval=60)
    assert await poller.poll_once()
    good = poller.snapshot
    served.body, served.content_type = body, content_type
    assert not await poller.poll_once()
    assert poller.snapshot is good
    assert poller.status.last_error is not None and message in poller.status.last_error


async def test_http_errors_name_the_status_without_the_query(api: Api) -> None:
    api.route("/c", lambda _r: web.Response(status=503))
    with pytest.raises(SourceError, match="HTTP 503") as info:
        await _source(api.base + "/c?sig=SECRET-SAS").fetch()
    assert "SECRET" not in str(info.value)


async def test_mtls_with_a_custom_ca(tls_api: Api, pki: Pki) -> None:
    tls_api.route("/c", lambda _r: web.Response(text=focus_csv(1), content_type="text/csv"))
    tls = TlsConfig(ca_file=str(pki.ca_file), cert_file=str(pki.client_cert), key_file=str(pki.client_key))
    assert _costs(await _source(tls_api.base + "/c", tls=tls).fetch()) == [1.25]
    with pytest.raises(SourceError):  # without the client certificate the server refuses the handshake
        await _source(tls_api.base + "/c", tls=TlsConfig(ca_file=str(pki.ca_file))).fetch()
    with pytest.raises(SourceError):  # without our CA the server certificate is not trusted
        await _source(tls_api.base + "/c").fetch()


async def test_mtls_with_base64_pem_as_in_krateo_secrets(tls_api: Api, pki: Pki, tmp_path: Path) -> None:
    paths = {}
    for name, src in (("ca", pki.ca_file), ("cert", pki.client_cert), ("key", pki.client_key)):
        paths[name] = tmp_path / f"{name}-data"
        paths[name].write_bytes(base64.b64encode(src.read_bytes()))
    tls_api.route("/c", lambda _r: web.Response(text=focus_csv(1), content_type="text/csv"))
    tls = TlsConfig(ca_file=str(paths["ca"]), cert_file=str(paths["cert"]), key_file=str(paths["key"]), base64_pem=True)
    assert _costs(await _source(tls_api.base + "/c", tls=tls).fetch()) == [1.25]


async def test_generic_csv_value_column_by_name_and_index(api: Api) -> None:
    api.route("/g", lambda _r: web.Response(text="host,Zone Name,cpu\nh1,eu,0.5\nh2,us,1.5\n", content_type="text/csv"))
    for column in ("cpu", 2):
        source = _source(api.base + "/g", mode=SourceMode.GENERIC, generic=GenericConfig("cpu_usage", column))
        snapshot = await source.fetch()
        assert dict(snapshot.series[0].labels) == {"host": "h1", "Zone_Name": "eu", "source": "t"}
        assert _costs(snapshot) == [0.5, 1.5]


async def test_generic_prometheus_query_results(api: Api) -> None:
    vector = {
        "status": "success",
        "data": {
            "resultType": "vector",
            "result": [
                {"metric": {"__name__": "up", "job": "a"}, "value": [1700000000.1, "1"]},
                {"metric": {"__name__": "up", "job": "b"}, "value": [1700000000.1, "0"]},
            ],
        },
    }
    matrix = {
        "status": "success",
        "data": {"resultType": "matrix", "result": [{"metric": {"pod": "p"}, "values": [[1, "1"], [2, "7.5"]]}]},
    }
    api.route("/v", lambda _r: web.json_response(vector))
    api.route("/m", lambda _r: web.json_response(matrix))
    # Krateo's valueColumnIndex counts sorted labels, then value: __name__, job, value -> 2
    v = await _source(api.base + "/v", mode=SourceMode.GENERIC, generic=GenericConfig("up_copy", 2)).fetch()
    assert sorted(dict(s.labels)["job"] for s in v.series) == ["a", "b"]
    assert dict(v.series[0].labels)["metric_name"] == "up"
    m = await _source(api.base + "/m", mode=SourceMode.GENERIC, generic=GenericConfig("pods", "value")).fetch()
    assert _costs(m) == [7.5]
    with pytest.raises(SourceError, match="not the sample value"):
        await _source(api.base + "/v", mode=SourceMode.GENERIC, generic=GenericConfig("x", 0)).fetch()


async def test_generic_json_prometheus_format_error_is_reported(api: Api) -> None:
    api.route("/e", lambda _r: web.json_response({"status": "error", "error": "bad query", "data": {"resultType": ""}}))
    source = _source(
        api.base + "/e", mode=SourceMode.GENERIC, generic=GenericConfig("x", "value"), format=Format.PROMETHEUS
    )
    with pytest.raises(SourceError, match="bad query"):
        await source.fetch()


def test_parquet_helper_keeps_types() -> None:
    table = pq.read_table(io.BytesIO(_parquet(focus_csv(1))))
    assert table.schema.field("BilledCost").type == pa.float64()
