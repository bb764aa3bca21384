from __future__ import annotations

import asyncio
import base64
from collections.abc import Awaitable, Callable

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from prometheus_client import CollectorRegistry
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

from exporters.base import Poller, PollerCollector, create_app
from finops.config import Secret
from finops.errors import SourceError
from finops.web import WebConfig

Client = TestClient[web.Request, web.Application]


class TimestampedCollector(Collector):
    def __init__(self, poller: Poller[float]) -> None:
        self.poller = poller

    def describe(self) -> list[Metric]:
        return []

    def collect(self) -> list[Metric]:
        family = GaugeMetricFamily("demo_value", "A value with its source timestamp.", labels=["k"])
        family.add_metric(["v"], self.poller.snapshot, timestamp=1_700_000_000.5)
        return [family]


def build(
    fetch: Callable[[], Awaitable[float]], web_config: WebConfig | None = None
) -> tuple[Poller[float], CollectorRegistry, WebConfig]:
    poller: Poller[float] = Poller("demo", fetch, initial=0.0, interval=3600.0)
    registry = CollectorRegistry()
    registry.register(TimestampedCollector(poller))
    registry.register(PollerCollector("demo_exporter", [poller]))
    return poller, registry, web_config or WebConfig(host="127.0.0.1", port=0)


async def start(poller: Poller[float], registry: CollectorRegistry, cfg: WebConfig) -> Client:
    app = create_app(web_config=cfg, registry=registry, pollers=[poller])
    client: Client = TestClient(TestServer(app))
    await client.start_server()
    return client


async def wait_for(condition: Callable[[], bool], deadline: float = 5.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + deadline
    while not condition():
        if loop.time() > end:
            raise AssertionError("condition not met before the deadline")
        await asyncio.sleep(0.01)


async def test_metrics_default_is_prometheus_text_with_timestamps() -> None:
    async def fetch() -> float:
        return 42.0

    poller, registry, cfg = build(fetch)
    client = await start(poller, registry, cfg)
    try:
        await wait_for(lambda: poller.status.ever_succeeded)
        resp = await client.get("/metrics")
        assert resp.status == 200
        assert resp.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
        body = await resp.text()
        assert 'demo_value{k="v"} 42.0 1700000000500\n' in body
        assert 'demo_exporter_up{source="demo"} 1.0\n' in body
    finally:
        await client.close()


async def test_metrics_negotiates_openmetrics() -> None:
    async def fetch() -> float:
        return 1.5

    poller, registry, cfg = build(fetch)
    client = await start(poller, registry, cfg)
    try:
        await wait_for(lambda: poller.status.ever_succeeded)
        accept = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"
        resp = await client.get("/metrics", headers={"Accept": accept})
        assert resp.status == 200
        assert resp.headers["Content-Type"].startswith("application/openmetrics-text; version=1.0.0")
        body = await resp.text()
        assert 'demo_value{k="v"} 1.5 1700000000.5\n' in body
        assert body.endswith("# EOF\n")
    finally:
        await client.close()


async def test_readyz_waits_for_first_successful_poll_and_healthz_is_always_ok() -> None:
    gate = asyncio.Event()

    async def fetch() -> float:
        await gate.wait()
        return 3.0

    poller, registry, cfg = build(fetch)
    client = await start(poller, registry, cfg)
    try:
        resp = await client.get("/readyz")
        assert resp.status == 503
        assert "demo" in await resp.text()
        assert (await client.get("/healthz")).status == 200
        gate.set()
        await wait_for(lambda: poller.status.ever_succeeded)
        assert (await client.get("/readyz")).status == 200
    finally:
        await client.close()


async def test_failing_source_is_reported_not_fatal() -> None:
    async def fetch() -> float:
        raise SourceError("api down")

    poller, registry, cfg = build(fetch)
    client = await start(poller, registry, cfg)
    try:
        await wait_for(lambda: poller.status.polls_failed >= 1)
        body = await (await client.get("/metrics")).text()
        assert 'demo_exporter_up{source="demo"} 0.0\n' in body
        assert 'demo_exporter_polls_total{result="failure",source="demo"} 1.0\n' in body
        assert (await client.get("/readyz")).status == 503
    finally:
        await client.close()


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic " + base64.b64encode(b"u:nope").decode()}],
)
async def test_rejects_missing_or_wrong_credentials_with_401(headers: dict[str, str]) -> None:
    async def fetch() -> float:
        return 1.0

    cfg = WebConfig(host="127.0.0.1", port=0, username="u", password=Secret("pw"), bearer_token=Secret("tok"))
    poller, registry, cfg = build(fetch, cfg)
    client = await start(poller, registry, cfg)
    try:
        for path in ("/metrics", "/healthz", "/readyz"):
            resp = await client.get(path, headers=headers)
            assert resp.status == 401
        ok = await client.get("/metrics", headers={"Authorization": "Bearer tok"})
        assert ok.status == 200
        basic = "Basic " + base64.b64encode(b"u:pw").decode()
        assert (await client.get("/healthz", headers={"Authorization": basic})).status == 200
    finally:
        await client.close()


async def test_pollers_are_stopped_on_cleanup() -> None:
    async def fetch() -> float:
        return 1.0

    poller, registry, cfg = build(fetch)
    client = await start(poller, registry, cfg)
    await wait_for(lambda: poller.status.ever_succeeded)
    await client.close()
    assert poller._task is None
