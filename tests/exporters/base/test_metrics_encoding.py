"""`/metrics` of every exporter: gzip when the scraper asks for it (Prometheus always does), rendered and
compressed off the event loop, from the render callable the exporter hands to `create_app`."""

from __future__ import annotations

import asyncio
import gzip
import threading

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from prometheus_client import CollectorRegistry, Gauge

from exporters.base import Poller, create_app
from exporters.base.app import accepts_gzip
from finops.web import WebConfig

Client = TestClient[web.Request, web.Application]
WEB = WebConfig(host="127.0.0.1", port=0)


def _registry(series: int = 2000) -> CollectorRegistry:
    registry = CollectorRegistry()
    gauge = Gauge("demo_cost", "A cost per row.", ["row"], registry=registry)
    for i in range(series):
        gauge.labels(f"row-{i:06d}").set(i * 1.25)
    return registry


async def _client(app: web.Application) -> Client:
    client: Client = TestClient(TestServer(app), auto_decompress=False)
    await client.start_server()
    return client


def _poller() -> Poller[int]:
    async def fetch() -> int:
        return 1

    return Poller("demo", fetch, initial=0, interval=3600.0)


@pytest.mark.parametrize("accept_encoding", ["gzip", "gzip, deflate, br", "GZIP", "deflate;q=1, gzip;q=0.5", "*"])
async def test_gzip_when_asked_and_the_same_exposition_inside(accept_encoding: str) -> None:
    client = await _client(create_app(web_config=WEB, registry=_registry(), pollers=[_poller()], start_pollers=False))
    try:
        plain = await client.get("/metrics", headers={"Accept-Encoding": "identity"})
        zipped = await client.get("/metrics", headers={"Accept-Encoding": accept_encoding})
        assert "Content-Encoding" not in plain.headers
        assert zipped.headers["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in zipped.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
        assert zipped.headers["Content-Type"] == plain.headers["Content-Type"]
        body = await zipped.read()
        assert gzip.decompress(body) == await plain.read()
        assert len(body) * 5 < len(gzip.decompress(body))
        assert b'demo_cost{row="row-001999"} 2498.75' in gzip.decompress(body)
    finally:
        await client.close()


@pytest.mark.parametrize("accept_encoding", ["", "identity", "gzip;q=0", "deflate", "*;q=0", "gzip;q=0, *", "x-gzip0"])
def test_no_gzip_unless_acceptable(accept_encoding: str) -> None:
    assert not accepts_gzip(accept_encoding)


@pytest.mark.parametrize("accept_encoding", ["gzip", " gzip ; q=0.001", "br, GZip", "*", "identity, *;q=0.5"])
def test_gzip_is_acceptable(accept_encoding: str) -> None:
    assert accepts_gzip(accept_encoding)


async def test_the_render_callable_serves_metrics_off_the_event_loop() -> None:
    """The render callable runs (and its body is compressed) in a worker thread: while it is blocked, the
    event loop still answers `/healthz`; a render on the loop would never see that request."""
    healthz_answered = threading.Event()
    seen: list[str] = []

    def render(accept: str) -> tuple[bytes, str]:
        seen.append(accept)
        assert healthz_answered.wait(timeout=30), "the event loop was blocked while /metrics rendered"
        return b"custom_metric 1.0\n" * 1000, "text/plain; version=0.0.4; charset=utf-8"

    app = create_app(web_config=WEB, registry=_registry(1), pollers=[_poller()], start_pollers=False, render=render)
    client = await _client(app)
    try:
        scrape = asyncio.ensure_future(
            client.get("/metrics", headers={"Accept": "application/openmetrics-text", "Accept-Encoding": "gzip"})
        )
        while not seen:  # the render has started in its thread
            await asyncio.sleep(0.01)
        assert (await client.get("/healthz")).status == 200
        healthz_answered.set()
        resp = await scrape
        assert seen == ["application/openmetrics-text"]
        assert gzip.decompress(await resp.read()) == b"custom_metric 1.0\n" * 1000
    finally:
        await client.close()
