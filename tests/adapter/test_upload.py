from __future__ import annotations

import gzip
import io
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from finops.config import Secret
from finops.web import WebConfig, auth_middleware, error_middleware
from remote_write_adapter.upload import make_upload_handler
from tests.focus_db.conftest import FIXTURES, SAMPLE, SAMPLE_BILLED_TOTAL, scalar

URL = "/api/v1/focus/upload"
TOKEN = "s3cret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
Client = TestClient[web.Request, web.Application]
ClientFactory = Callable[[web.Application], Awaitable[Client]]


@pytest.fixture
async def aiohttp_client() -> AsyncIterator[ClientFactory]:
    """Starts apps on test servers and closes them after the test."""
    clients: list[Client] = []

    async def start(app: web.Application) -> Client:
        client: Client = TestClient(TestServer(app))
        await client.start_server()
        clients.append(client)
        return client

    yield start
    for client in clients:
        await client.close()


def _app(dsn: str, max_bytes: int = 4 << 20) -> web.Application:
    config = WebConfig(host="127.0.0.1", port=0, bearer_token=Secret(TOKEN))
    app = web.Application(middlewares=[error_middleware, auth_middleware(config)])
    app.router.add_post(URL, make_upload_handler(lambda: dsn, max_bytes))
    return app


async def test_csv_upload_loads_and_answers_summary(db: str, aiohttp_client: ClientFactory) -> None:
    client = await aiohttp_client(_app(db))
    response = await client.post(
        URL + "?source=sample", data=SAMPLE.read_bytes(), headers={**AUTH, "Content-Type": "text/csv"}
    )
    assert response.status == 200, await response.text()
    body = await response.json()
    assert (body["rows"], body["inserted"], body["source"], body["version"]) == (1000, 1000, "sample", "1.0")
    assert body["location"] == "upload"
    assert len(body["scopes"]) == 4
    assert scalar(db, "SELECT sum(billed_cost) FROM finops.focus_costs") == SAMPLE_BILLED_TOTAL


async def test_gzip_and_parquet_uploads(db: str, aiohttp_client: ClientFactory, tmp_path: Path) -> None:
    client = await aiohttp_client(_app(db))
    fixture = FIXTURES / "focus-1.2-conformant.csv"
    gz = await client.post(URL, data=gzip.compress(fixture.read_bytes()),
                           headers={**AUTH, "Content-Type": "application/gzip"})  # fmt: skip
    assert gz.status == 200, await gz.text()
    assert (await gz.json())["inserted"] == 13
    buffer = io.BytesIO()
    pq.write_table(pa_csv.read_csv(fixture), buffer)
    parquet = await client.post(URL, data=buffer.getvalue(),
                                headers={**AUTH, "Content-Type": "application/vnd.apache.parquet"})  # fmt: skip
    assert parquet.status == 200, await parquet.text()
    body = await parquet.json()
    assert body["rows"] == 13
    assert body["unchanged"] + body["updated"] == 13  # same rows, typed by arrow this time


async def test_content_encoding_gzip_is_undone(db: str, aiohttp_client: ClientFactory) -> None:
    client = await aiohttp_client(_app(db))
    fixture = FIXTURES / "focus-1.3-conformant.csv"
    response = await client.post(URL, data=gzip.compress(fixture.read_bytes()),
                                 headers={**AUTH, "Content-Type": "text/csv", "Content-Encoding": "gzip"})  # fmt: skip
    assert response.status == 200, await response.text()
    assert (await response.json())["version"] == "1.3"


async def test_garbage_is_400_with_a_clear_message(db: str, aiohttp_client: ClientFactory) -> None:
    client = await aiohttp_client(_app(db))
    binary = await client.post(URL, data=b"\x00\x01\x02garbage" * 10, headers={**AUTH, "Content-Type": "text/csv"})
    assert binary.status == 400
    assert "neither Parquet nor gzip" in await binary.text()
    text = await client.post(URL, data=b"hello,world\n1,2\n", headers={**AUTH, "Content-Type": "text/csv"})
    assert text.status == 400
    message = await text.text()
    assert "mandatory FOCUS" in message
    assert "/tmp" not in message
    cut = await client.post(URL, data=gzip.compress(SAMPLE.read_bytes())[:4000],
                            headers={**AUTH, "Content-Type": "application/gzip"})  # fmt: skip
    assert cut.status == 400
    assert "gzip" in await cut.text()
    mismatch = await client.post(URL, data=SAMPLE.read_bytes(),
                                 headers={**AUTH, "Content-Type": "application/vnd.apache.parquet"})  # fmt: skip
    assert mismatch.status == 400
    assert "says parquet but the body is csv" in await mismatch.text()
    empty = await client.post(URL, data=b"", headers={**AUTH, "Content-Type": "text/csv"})
    assert empty.status == 400
    bad_version = await client.post(URL + "?version=9.9", data=b"x", headers={**AUTH, "Content-Type": "text/csv"})
    assert bad_version.status == 400
    assert scalar(db, "SELECT count(*) FROM finops.focus_loads") == 0


async def test_too_large_is_413(db: str, aiohttp_client: ClientFactory) -> None:
    client = await aiohttp_client(_app(db, max_bytes=10_000))
    response = await client.post(URL, data=SAMPLE.read_bytes(), headers={**AUTH, "Content-Type": "text/csv"})
    assert response.status == 413

    async def chunks():  # type: ignore[no-untyped-def]
        data = SAMPLE.read_bytes()
        for i in range(0, len(data), 4096):
            yield data[i : i + 4096]

    streamed = await client.post(URL, data=chunks(), headers={**AUTH, "Content-Type": "text/csv"})
    assert streamed.status == 413  # no Content-Length: cut off while streaming
    assert scalar(db, "SELECT count(*) FROM finops.focus_costs") == 0


async def test_unsupported_media_is_415(db: str, aiohttp_client: ClientFactory) -> None:
    client = await aiohttp_client(_app(db))
    response = await client.post(URL, data=b'{"a": 1}', headers={**AUTH, "Content-Type": "application/json"})
    assert response.status == 415


async def test_unauthenticated_is_401(db: str, aiohttp_client: ClientFactory) -> None:
    client = await aiohttp_client(_app(db))
    response = await client.post(URL, data=SAMPLE.read_bytes(), headers={"Content-Type": "text/csv"})
    assert response.status == 401
    assert scalar(db, "SELECT count(*) FROM finops.focus_loads") == 0


def test_max_bytes_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        make_upload_handler(lambda: "", 0)
