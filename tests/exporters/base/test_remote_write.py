from __future__ import annotations

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from exporters.base.remote_write import (
    RemoteWriteClient,
    RemoteWriteError,
    TimeSeries,
    batches,
    encode_write_request,
)
from finops.prompb import decompress
from finops.prompb.prometheus import remote_pb2


def decode_write_request(raw: bytes) -> list[tuple[dict[str, str], list[tuple[int, float]]]]:
    """A WriteRequest as (labels, samples) per series, read with the generated classes the adapter uses."""
    return [({lb.name: lb.value for lb in ts.labels}, [(s.timestamp, s.value) for s in ts.samples])
            for ts in remote_pb2.WriteRequest.FromString(raw).timeseries]


def series(name: str, n: int, start: int = 1_700_000_000_000) -> TimeSeries:
    return TimeSeries((("job", "azure"), ("__name__", name)), tuple((start + i * 60_000, i + 0.5) for i in range(n)))


def test_encodes_sorted_labels_doubles_and_int64_timestamps() -> None:
    body = encode_write_request([series("up", 2), TimeSeries((("__name__", "neg"),), ((-5, -1.25),))])
    decoded = decode_write_request(body)
    assert decoded == [
        ({"__name__": "up", "job": "azure"}, [(1_700_000_000_000, 0.5), (1_700_000_060_000, 1.5)]),
        ({"__name__": "neg"}, [(-5, -1.25)]),
    ]
    # labels are written in name order on the wire
    assert body.index(b"__name__") < body.index(b"job")


def test_batches_split_long_series_by_sample_count() -> None:
    out = list(batches([series("a", 5), series("b", 2)], max_samples=3))
    assert [[len(s.samples) for s in b] for b in out] == [[3], [2, 1], [1]]


class Receiver:
    def __init__(self, statuses: list[int]) -> None:
        self.statuses = statuses
        self.bodies: list[bytes] = []
        self.headers: list[dict[str, str]] = []

    async def handle(self, request: web.Request) -> web.Response:
        self.headers.append(dict(request.headers))
        self.bodies.append(decompress(await request.read(), 1 << 24))
        status = self.statuses.pop(0) if self.statuses else 204
        return web.Response(status=status, text="nope" if status >= 400 else "")


async def start(receiver: Receiver) -> TestServer:
    app = web.Application()
    app.router.add_post("/write", receiver.handle)
    server = TestServer(app)
    await server.start_server()
    return server


async def no_sleep(_s: float) -> None:
    return None


async def test_sends_snappy_protobuf_with_rw1_headers_and_retries_5xx() -> None:
    receiver = Receiver([503, 500])
    server = await start(receiver)
    try:
        async with aiohttp.ClientSession() as session:
            client = RemoteWriteClient(session, str(server.make_url("/write")), sleep=no_sleep)
            assert await client.write([series("x", 3)]) == 3
    finally:
        await server.close()
    assert len(receiver.bodies) == 3
    h = receiver.headers[0]
    assert h["Content-Encoding"] == "snappy"
    assert h["Content-Type"] == "application/x-protobuf"
    assert h["X-Prometheus-Remote-Write-Version"] == "0.1.0"
    assert decode_write_request(receiver.bodies[-1])[0][0] == {"__name__": "x", "job": "azure"}


async def test_4xx_is_not_retried() -> None:
    receiver = Receiver([400])
    server = await start(receiver)
    try:
        async with aiohttp.ClientSession() as session:
            client = RemoteWriteClient(session, str(server.make_url("/write")), sleep=no_sleep)
            with pytest.raises(RemoteWriteError, match="rejected with 400"):
                await client.write([series("x", 1)])
    finally:
        await server.close()
    assert len(receiver.bodies) == 1


async def test_gives_up_after_retries_on_connection_errors() -> None:
    slept: list[float] = []

    async def sleep(s: float) -> None:
        slept.append(s)

    async with aiohttp.ClientSession() as session:
        client = RemoteWriteClient(session, "http://127.0.0.1:9/write", retries=3, sleep=sleep)
        with pytest.raises(RemoteWriteError, match="after 4 attempts"):
            await client.write([series("x", 1)])
    assert slept == [0.5, 1.0, 2.0]


def test_the_adapter_decodes_what_the_client_encodes() -> None:
    from remote_write_adapter.protocol import ProtocolVersion, decode_write

    body = encode_write_request([series("up", 2), TimeSeries((("__name__", "é ✓"), ("a", "")), ((0, 1.0),))])
    batch = decode_write(body, ProtocolVersion.V1, rw1_utf8_names=True)
    decoded = [(s.labels(), s.timestamps, s.values) for s in batch.series]
    assert decoded == [
        ((("__name__", "up"), ("job", "azure")), [1_700_000_000_000, 1_700_000_060_000], [0.5, 1.5]),
        ((("__name__", "é ✓"),), [0], [1.0]),
    ]
