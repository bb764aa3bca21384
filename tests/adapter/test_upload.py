"""`POST /api/v1/focus/upload` (remote_write_adapter/upload.py) against a real database: formats, encodings,
hostile bodies, limits, auth, and a body spooled to disk off the event loop."""

from __future__ import annotations

import asyncio
import gzip
import io
import os
import socket
import threading
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from finops.config import Secret
from finops.db import migrate
from finops.web import WebConfig, auth_middleware, error_middleware
from remote_write_adapter.app import make_app
from remote_write_adapter.upload import SERVER_ARGS, make_upload_handler, spool
from tests.adapter.conftest import Client, adapter_config
from tests.focus_db.conftest import FIXTURES, SAMPLE, SAMPLE_BILLED_TOTAL, scalar, table_state

URL = "/api/v1/focus/upload"
TOKEN = "s3cret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
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


@pytest.fixture
def db(empty_db: str) -> str:
    migrate(empty_db)
    return empty_db


def _app(dsn: str, max_bytes: int = 4 << 20) -> web.Application:
    config = WebConfig(host="127.0.0.1", port=0, bearer_token=Secret(TOKEN))
    app = web.Application(middlewares=[error_middleware, auth_middleware(config)], handler_args=SERVER_ARGS)
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

    async def chunks() -> AsyncIterator[bytes]:
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


def _first_rows(path: Path, n: int) -> bytes:
    """The header and the first `n` rows of a FOCUS CSV (no multi-line fields in the files used)."""
    lines = path.read_bytes().split(b"\n")
    return b"\n".join(lines[: n + 1]) + b"\n"


async def test_gzip_content_encoding_cut_short_is_400_and_keeps_the_table(db: str) -> None:
    # aiohttp's own decoder takes a gzip stream without its trailer as complete: the smaller bill was loaded as a
    # whole and 442 rows were removed (issue 8). The adapter's app hands the body over as it came.
    client: Client = TestClient(TestServer(make_app(adapter_config(db))))
    await client.start_server()
    try:
        first = await client.post(URL, data=SAMPLE.read_bytes(), headers={"Content-Type": "text/csv"})
        assert first.status == 200, await first.text()
        before = table_state(db)
        cut = gzip.compress(_first_rows(SAMPLE, 500))[:-8]  # the deflate data complete, the trailer missing
        response = await client.post(
            URL, data=cut, headers={"Content-Type": "text/csv", "Content-Encoding": "gzip"}
        )
        assert response.status == 400
        assert "truncated gzip" in await response.text()
        flipped = bytearray(gzip.compress(SAMPLE.read_bytes()))
        flipped[len(flipped) // 2] ^= 0xFF
        corrupt = await client.post(
            URL, data=bytes(flipped), headers={"Content-Type": "text/csv", "Content-Encoding": "gzip"}
        )
        assert corrupt.status == 400
        assert "corrupt gzip" in await corrupt.text()
        assert table_state(db) == before
        assert scalar(db, "SELECT count(*) FROM finops.focus_loads") == 1
    finally:
        await client.close()


@pytest.mark.parametrize("encoding", ["gzip", "x-gzip", "deflate", "deflate-raw"])
async def test_every_supported_content_encoding_loads(db: str, aiohttp_client: ClientFactory, encoding: str) -> None:
    client = await aiohttp_client(_app(db))
    data = (FIXTURES / "focus-1.2-conformant.csv").read_bytes()
    if encoding == "deflate-raw":  # what some clients send for deflate: no zlib wrapper
        packer = zlib.compressobj(wbits=-15)
        body, encoding = packer.compress(data) + packer.flush(), "deflate"
    else:
        body = gzip.compress(data) if "gzip" in encoding else zlib.compress(data)
    response = await client.post(URL, data=body, headers={**AUTH, "Content-Type": "text/csv",
                                                          "Content-Encoding": encoding})  # fmt: skip
    assert response.status == 200, await response.text()
    assert (await response.json())["inserted"] == 13


async def test_unsupported_content_encoding_is_415(db: str, aiohttp_client: ClientFactory) -> None:
    client = await aiohttp_client(_app(db))
    response = await client.post(URL, data=b"\x0b\x03\x80abc\x03", headers={**AUTH, "Content-Type": "text/csv",
                                                                           "Content-Encoding": "br"})  # fmt: skip
    assert response.status == 415
    assert scalar(db, "SELECT count(*) FROM finops.focus_loads") == 0


async def test_a_nul_character_in_a_cell_is_400_naming_the_rule(db: str, aiohttp_client: ClientFactory) -> None:
    client = await aiohttp_client(_app(db))
    loaded = await client.post(URL, data=SAMPLE.read_bytes(), headers={**AUTH, "Content-Type": "text/csv"})
    assert loaded.status == 200
    before = table_state(db)
    text = SAMPLE.read_text(encoding="utf-8").replace("Amazon Elastic Compute Cloud", "Amazon\x00EC2", 1)
    assert "\x00" in text
    response = await client.post(URL, data=text.encode(), headers={**AUTH, "Content-Type": "text/csv"})
    assert response.status == 400
    assert "not-storable" in await response.text()
    assert table_state(db) == before


async def test_a_nul_character_in_a_parquet_upload_is_400_and_keeps_the_table(
    db: str, aiohttp_client: ClientFactory
) -> None:
    # the Parquet path types cells with arrow, not the CSV reader: the same class of input (issue 8 item 1)
    client = await aiohttp_client(_app(db))
    parquet = {**AUTH, "Content-Type": "application/vnd.apache.parquet"}
    loaded = await client.post(URL, data=SAMPLE.read_bytes(), headers={**AUTH, "Content-Type": "text/csv"})
    assert loaded.status == 200
    before = table_state(db)
    text = SAMPLE.read_text(encoding="utf-8").replace("Amazon Elastic Compute Cloud", "Amazon\x00EC2", 1)
    table = pa_csv.read_csv(io.BytesIO(text.encode()),
                            convert_options=pa_csv.ConvertOptions(strings_can_be_null=True))  # fmt: skip
    in_cell, in_name = io.BytesIO(), io.BytesIO()
    pq.write_table(table, in_cell)
    clean = pa_csv.read_csv(SAMPLE)
    pq.write_table(clean.append_column("x_Te\x00am", pa.array(["t"] * clean.num_rows)), in_name)
    cell = await client.post(URL + "?source=sample", data=in_cell.getvalue(), headers=parquet)
    assert cell.status == 400, await cell.text()
    assert "not-storable" in await cell.text()
    name = await client.post(URL + "?source=sample", data=in_name.getvalue(), headers=parquet)
    assert name.status == 400, await name.text()
    assert "NUL character" in await name.text()
    source = await client.post(URL + "?source=sam%00ple", data=SAMPLE.read_bytes(),
                               headers={**AUTH, "Content-Type": "text/csv"})  # fmt: skip
    assert source.status == 400, await source.text()
    assert "source must be" in await source.text()  # a closed alphabet here, so a NUL is refused with the rest
    assert table_state(db) == before
    assert scalar(db, "SELECT count(*) FROM finops.focus_loads") == 1


async def test_a_body_cut_short_by_the_client_loads_nothing(db: str) -> None:
    # Content-Length promises more than arrives, then the connection closes: nothing may be loaded
    app = _app(db)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    body = _first_rows(SAMPLE, 500)
    head = (f"POST {URL} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: text/csv\r\n"
            f"Content-Length: {len(body) + 10_000}\r\n\r\n").encode()  # fmt: skip

    def send() -> bytes:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            sock.sendall(head + body)
            sock.shutdown(socket.SHUT_WR)
            return sock.recv(65536)

    try:
        answer = await asyncio.to_thread(send)
        assert not answer.startswith(b"HTTP/1.1 200")
        assert scalar(db, "SELECT count(*) FROM finops.focus_loads") == 0
        assert scalar(db, "SELECT count(*) FROM finops.focus_costs") == 0
    finally:
        await runner.cleanup()


async def test_the_body_is_opened_and_written_off_the_event_loop(tmp_path: Path) -> None:
    # the target is a FIFO: opening it blocks until a reader comes, writing blocks while the pipe is full. The
    # reader comes only once the event loop has shown it still runs while the spool waits (or after 60 s, so a
    # blocked loop fails this test instead of hanging it).
    fifo = tmp_path / "body"
    os.mkfifo(fifo)
    body = os.urandom(1 << 20)  # far more than a pipe holds
    loop_ran, reader_opened, reading, go_on = (threading.Event() for _ in range(4))
    received = bytearray()

    def reader() -> None:
        loop_ran.wait(60)
        with open(fifo, "rb") as handle:
            reader_opened.set()
            go_on.wait(60)
            reading.set()
            received.extend(handle.read())

    async def chunks() -> AsyncIterator[bytes]:
        for i in range(0, len(body), 1 << 16):
            yield body[i : i + (1 << 16)]

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    task = asyncio.create_task(spool(chunks(), fifo, encoding="identity", max_bytes=len(body)))
    for _ in range(5):
        await asyncio.sleep(0)  # the spool is waiting for the FIFO's reader by now
    opened_meanwhile = reader_opened.is_set()
    loop_ran.set()
    while not reader_opened.is_set():
        await asyncio.sleep(0.01)  # poll: the reader thread opens its end
    for _ in range(5):
        await asyncio.sleep(0)  # the spool writes until the pipe is full and waits for the reader
    read_meanwhile = reading.is_set()
    go_on.set()
    head = await task
    thread.join(timeout=60)
    assert not opened_meanwhile, "the event loop was blocked while the spool opened its file"
    assert not read_meanwhile, "the event loop was blocked while the spool wrote"
    assert bytes(received) == body
    assert head == body[:8]
