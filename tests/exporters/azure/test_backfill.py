from __future__ import annotations

from collections.abc import Callable

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from exporters.azure.backfill import run_backfill
from exporters.azure.config import AzureConfig
from exporters.azure.source import ApiStats, AzureMetricsSource, SdkClients
from finops.prompb import decompress
from tests.exporters.azure.conftest import LATEST, NOW
from tests.exporters.azure.fakeazure import FakeAzure, Fault, default_value
from tests.exporters.base.test_remote_write import decode_write_request

MakeConfig = Callable[..., AzureConfig]


async def test_backfill_writes_the_live_series_and_timestamps(fake: FakeAzure, make_config: MakeConfig) -> None:
    bodies: list[bytes] = []
    statuses = [500]  # the first write is retried

    async def receive(request: web.Request) -> web.Response:
        bodies.append(decompress(await request.read(), 1 << 24))
        return web.Response(status=statuses.pop(0) if statuses else 204)

    app = web.Application()
    app.router.add_post("/api/v1/write", receive)
    server = TestServer(app)
    await server.start_server()
    config = make_config(azure_subscription_ids="sub-b")
    try:
        report = await run_backfill(
            config,
            since=3600,
            remote_write_url=str(server.make_url("/api/v1/write")),
            extra_labels={"job": "azure", "instance": "exporter:9812"},
            window=1800,
            clock=lambda: NOW,
            max_samples_per_request=100,
        )
        # the live path, on the same fake, for comparison
        stats = ApiStats()
        sdk = SdkClients(config, stats)
        try:
            live = await AzureMetricsSource(config, sdk.metrics_client, sdk, stats, clock=lambda: NOW).fetch()
        finally:
            await sdk.close()
    finally:
        await server.close()

    decoded = [s for body in bodies[1:] for s in decode_write_request(body)]  # bodies[0] was the 500
    points: dict[tuple[tuple[str, str], ...], dict[int, float]] = {}
    for labels, samples in decoded:
        points.setdefault(tuple(sorted(labels.items())), {}).update(dict(samples))
    assert report.series == len(points) == 6
    assert report.windows == 2
    start_min = int((NOW - 3600) // 60) + 1  # first full grain inside the range
    for key, by_ts in points.items():
        labels = dict(key)
        assert labels["job"] == "azure" and labels["instance"] == "exporter:9812"
        assert labels["resource_id"].endswith("/virtualmachines/vm3")
        minutes = sorted(ts // 60_000 for ts in by_ts)
        assert minutes == list(range(start_min, int(LATEST // 60) + 1))  # every grain once, none unsettled
    # same identity and timestamp as the live path, and the same value
    for s in live.samples:
        extra = {"__name__": s.metric, "job": "azure", "instance": "exporter:9812"}
        key = tuple(sorted({**dict(s.labels), **extra}.items()))
        assert points[key][int(s.timestamp * 1000)] == s.value
    cpu = next(v for k, v in points.items() if dict(k)["__name__"] == "azure_vm_cpu_utilization_percent")
    rid = "/subscriptions/sub-b/resourcegroups/rg-two/providers/microsoft.compute/virtualmachines/vm3"
    assert cpu[int(LATEST * 1000)] == default_value(rid, "Percentage CPU", "average", int(LATEST // 60))
    assert report.samples == sum(len(v) for v in points.values())


async def test_backfill_pauses_a_throttled_subscription_for_retry_after(
    fake: FakeAzure, make_config: MakeConfig
) -> None:
    fake.faults[("metrics", "sub-b")] = [Fault(429, headers={"Retry-After": "30"})]
    app = web.Application()

    async def receive(request: web.Request) -> web.Response:
        await request.read()
        return web.Response(status=204)

    app.router.add_post("/api/v1/write", receive)
    server = TestServer(app)
    await server.start_server()
    mono = [0.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        mono[0] += seconds

    try:
        report = await run_backfill(
            make_config(azure_subscription_ids="sub-b", azure_retry_total="0"),
            since=3600,
            remote_write_url=str(server.make_url("/api/v1/write")),
            extra_labels={},
            window=1800,
            clock=lambda: NOW,
            monotonic=lambda: mono[0],
            sleep=sleep,
        )
    finally:
        await server.close()
    assert slept == [30.0]  # waited the Retry-After out once, then went on
    assert report.failed_batches == 0
    assert [k for k, _, _ in fake.calls if k == "metrics"] == ["metrics"] * 3  # 429, its retry, 2nd window
    assert report.series == 6


async def test_backfill_leaves_out_and_reports_a_resource_azure_answers_with_an_error(
    fake: FakeAzure, make_config: MakeConfig, caplog: pytest.LogCaptureFixture
) -> None:
    vm2 = fake.resources[1].arm_id
    fake.resource_errors[vm2.lower()] = ("ResourceNotFound", f"The resource '{vm2}' was not found.")
    names: set[str] = set()

    async def receive(request: web.Request) -> web.Response:
        for labels, _ in decode_write_request(decompress(await request.read(), 1 << 24)):
            names.add(labels["resource_name"])
        return web.Response(status=204)

    app = web.Application()
    app.router.add_post("/api/v1/write", receive)
    server = TestServer(app)
    await server.start_server()
    try:
        report = await run_backfill(
            make_config(azure_subscription_ids="sub-a"),
            since=3600,
            remote_write_url=str(server.make_url("/api/v1/write")),
            extra_labels={},
            window=1800,
            clock=lambda: NOW,
        )
    finally:
        await server.close()
    assert names == {"vm1"}
    assert report.series == 6
    assert report.resource_errors == 2  # vm2 in each of the two windows
    assert report.failed_batches == 0
    logged = [r.getMessage() for r in caplog.records if "ResourceNotFound" in r.getMessage()]
    assert len(logged) == 1  # once per resource and code, not per metric or window
    assert "vm2" in logged[0] and "was not found" in logged[0]
