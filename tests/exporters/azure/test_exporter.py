"""The real SDK and credential code against a local HTTPS fake of Entra ID, ARM and the metrics batch API."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from prometheus_client.exposition import generate_latest

from exporters.azure.app import build
from exporters.azure.config import AzureConfig
from exporters.azure.source import (
    ApiStats,
    AzureMetricsSource,
    RateLimiter,
    Resource,
    SdkClients,
    canonical_id,
)
from tests.exporters.azure.conftest import LATEST, NOW, Mono
from tests.exporters.azure.fakeazure import FakeAzure, FakeResource, Fault, Tls, default_value

MakeConfig = Callable[..., AzureConfig]
VM1 = "/subscriptions/sub-a/resourcegroups/rg-one/providers/microsoft.compute/virtualmachines/vm1"


def make_source(config: AzureConfig, mono: Mono | None = None) -> tuple[AzureMetricsSource, SdkClients, ApiStats]:
    stats = ApiStats()
    sdk = SdkClients(config, stats)
    source = AzureMetricsSource(
        config, sdk.metrics_client, sdk, stats, clock=lambda: NOW, monotonic=mono or time.monotonic
    )
    return source, sdk, stats


def minute(ts: float) -> int:
    return int(ts // 60)


async def test_exposes_every_vm_metric_with_azure_timestamps_and_canonical_ids(
    fake: FakeAzure, make_config: MakeConfig
) -> None:
    config = make_config()
    exporter = build(config, start_pollers=False, clock=lambda: NOW)
    client: TestClient[web.Request, web.Application] = TestClient(TestServer(exporter.app))
    await client.start_server()
    try:
        assert await exporter.poller.poll_once(), exporter.poller.status.last_error
        resp = await client.get("/metrics")
        body = await resp.text()
    finally:
        await client.close()

    labels = (
        f'region="westeurope",resource_group="rg-one",resource_id="{VM1}",resource_name="vm1",'
        'resource_type="microsoft.compute/virtualmachines",subscription_id="sub-a"'
    )
    ms = int(LATEST * 1000)
    cpu = default_value(VM1, "Percentage CPU", "average", minute(LATEST))
    net = default_value(VM1, "Network In Total", "total", minute(LATEST))
    assert f"azure_vm_cpu_utilization_percent{{{labels}}} {cpu} {ms}\n" in body
    assert f"azure_vm_network_receive_bytes{{{labels}}} {net} {ms}\n" in body
    assert "# TYPE azure_vm_network_receive_bytes gauge\n" in body
    samples = [
        line for line in body.splitlines() if line.startswith("azure_vm_") and not line.startswith("azure_vm_#")
    ]
    assert len(samples) == 3 * 6
    assert all(line.endswith(f" {ms}") for line in samples)
    assert 'azure_exporter_subscription_up{subscription_id="sub-a"} 1.0' in body
    assert 'azure_exporter_subscription_up{subscription_id="sub-b"} 1.0' in body
    assert 'azure_exporter_up{source="azure_metrics"} 1.0' in body
    assert 'azure_exporter_resources{region="northeurope",resource_type="microsoft.compute/virtualmachines",' in body
    # nextLink paging: page size 1, so sub-a needed two ARM pages
    assert [k for k, s, _ in fake.calls if k == "arm" and s == "sub-a"] == ["arm", "arm"]
    # one batch call per (subscription, region, type), resources as ARM spells them
    assert sorted(len(b["resourceids"]) for b in fake.batch_bodies) == [1, 2]
    q = fake.batch_queries[0]
    assert q["metricnamespace"] == "Microsoft.Compute/virtualMachines"
    assert q["interval"] == "PT1M"
    assert set(q["aggregation"].split(",")) == {"average", "total"}
    # client credentials against the token endpoint, for the metrics and the ARM audiences
    scopes = {r["scope"] for r in fake.token_requests}
    assert scopes == {"https://metrics.monitor.azure.com/.default", f"{config.arm_endpoint}/.default"}
    assert all(r["grant_type"] == "client_credentials" and r["client_secret"] == "s3cret" for r in fake.token_requests)
    assert fake.auth_headers == {"Bearer fake-token-1"}


async def test_one_failing_subscription_leaves_the_others_exported(fake: FakeAzure, make_config: MakeConfig) -> None:
    fake.faults[("metrics", "sub-b")] = [Fault(500), Fault(500)]
    config = make_config(azure_retry_total="1")
    source, sdk, stats = make_source(config)
    try:
        snap = await source.fetch()
    finally:
        await sdk.close()
    assert {s.labels[0][1] for s in snap.samples} == {VM1, VM1.replace("vm1", "vm2")}
    assert dict(snap.subscriptions_up) == {"sub-a": True, "sub-b": False}
    assert stats.requests()[("metrics", "500")] == 2
    assert stats.batches() == {("sub-a", "success"): 1, ("sub-b", "failure"): 1}


async def test_failing_discovery_of_one_subscription_does_not_stop_the_other(
    fake: FakeAzure, make_config: MakeConfig
) -> None:
    fake.faults[("arm", "sub-a")] = [Fault(503), Fault(503)]
    config = make_config(azure_retry_total="1")
    source, sdk, _ = make_source(config)
    try:
        snap = await source.fetch()
    finally:
        await sdk.close()
    assert {r.name for r in snap.resources} == {"vm3"}
    assert dict(snap.subscriptions_up) == {"sub-a": False, "sub-b": True}


async def test_honours_retry_after_on_429(fake: FakeAzure, make_config: MakeConfig) -> None:
    fake.resources = [v for v in fake.resources if v.subscription == "sub-a"]
    fake.faults[("metrics", "sub-a")] = [Fault(429, headers={"Retry-After": "1"})]
    config = make_config(azure_subscription_ids="sub-a")
    source, sdk, stats = make_source(config)
    try:
        snap = await source.fetch()
    finally:
        await sdk.close()
    times = [t for kind, _, t in fake.calls if kind == "metrics"]
    assert len(times) == 2
    assert times[1] - times[0] >= 0.95
    assert len(snap.samples) == 2 * 6
    assert stats.requests()[("metrics", "429")] == 1
    assert stats.requests()[("metrics", "200")] == 1


async def test_529_is_retried_on_the_post_of_get_batch(fake: FakeAzure, make_config: MakeConfig) -> None:
    fake.faults[("metrics", "sub-b")] = [Fault(529)]
    source, sdk, stats = make_source(make_config())
    try:
        snap = await source.fetch()
    finally:
        await sdk.close()
    assert dict(snap.subscriptions_up) == {"sub-a": True, "sub-b": True}
    assert stats.requests()[("metrics", "529")] == 1


async def test_throttled_subscription_is_paused_until_retry_after_passes(
    fake: FakeAzure, make_config: MakeConfig
) -> None:
    fake.faults[("metrics", "sub-b")] = [Fault(429, headers={"Retry-After": "120"})]
    mono = Mono()
    source, sdk, stats = make_source(make_config(azure_retry_total="0"), mono)
    try:
        first = await source.fetch()
        assert dict(first.subscriptions_up)["sub-b"] is False
        calls_b = sum(1 for k, s, _ in fake.calls if k == "metrics" and s == "sub-b")
        mono.now += 60
        second = await source.fetch()
        assert sum(1 for k, s, _ in fake.calls if k == "metrics" and s == "sub-b") == calls_b
        assert stats.batches()[("sub-b", "skipped")] == 1
        assert dict(second.subscriptions_up)["sub-b"] is False
        mono.now += 61
        third = await source.fetch()
        assert dict(third.subscriptions_up)["sub-b"] is True
    finally:
        await sdk.close()


async def test_malformed_json_fails_only_its_batch(fake: FakeAzure, make_config: MakeConfig) -> None:
    fake.faults[("metrics", "sub-a")] = [Fault(200, body='{"values": [ {"oops"')]
    source, sdk, _ = make_source(make_config())
    try:
        snap = await source.fetch()
    finally:
        await sdk.close()
    assert {r for r, ok in snap.subscriptions_up.items() if not ok} == {"sub-a"}
    assert {dict(s.labels)["resource_name"] for s in snap.samples} == {"vm3"}


async def test_null_values_and_empty_timeseries_produce_no_samples(fake: FakeAzure, make_config: MakeConfig) -> None:
    fake.empty_timeseries = {"Network Out Total"}

    def value(rid: str, metric: str, agg: str, minute_: int, split: Mapping[str, str]) -> float | None:
        if metric == "Percentage CPU" and minute_ >= minute(LATEST) - 1:
            return None  # the two newest grains have no data: the older one is exposed
        return default_value(rid, metric, agg, minute_)

    fake.value = value
    source, sdk, _ = make_source(make_config(azure_subscription_ids="sub-b"))
    try:
        snap = await source.fetch()
    finally:
        await sdk.close()
    by_metric = {s.metric: s for s in snap.samples}
    assert "azure_vm_network_transmit_bytes" not in by_metric
    cpu = by_metric["azure_vm_cpu_utilization_percent"]
    assert cpu.timestamp == LATEST - 120
    assert len(snap.samples) == 5


async def test_all_batches_failing_fails_the_poll_and_keeps_the_last_snapshot(
    fake: FakeAzure, make_config: MakeConfig
) -> None:
    exporter = build(make_config(azure_retry_total="0"), start_pollers=False, clock=lambda: NOW)
    client: TestClient[web.Request, web.Application] = TestClient(TestServer(exporter.app))
    await client.start_server()
    try:
        assert await exporter.poller.poll_once()
        fake.faults[("metrics", "sub-a")] = [Fault(500)]
        fake.faults[("metrics", "sub-b")] = [Fault(500)]
        assert not await exporter.poller.poll_once()
        assert len(exporter.poller.snapshot.samples) == 18
        text = generate_latest(exporter.registry).decode()
        assert 'azure_exporter_up{source="azure_metrics"} 0.0' in text
        assert 'azure_exporter_api_requests_total{api="metrics",status="500"} 2.0' in text
    finally:
        await client.close()


async def test_explicit_resource_ids_are_matched_case_insensitively(
    fake: FakeAzure, make_config: MakeConfig
) -> None:
    wanted = "/SUBSCRIPTIONS/sub-a/resourcegroups/rg-one/providers/Microsoft.Compute/virtualMachines/VM2"
    gone = "/subscriptions/sub-a/resourceGroups/rg-one/providers/Microsoft.Compute/virtualMachines/deleted"
    config = make_config(azure_subscription_ids="", azure_resource_ids=f"{wanted},{gone}")
    source, sdk, _ = make_source(config)
    try:
        snap = await source.fetch()
    finally:
        await sdk.close()
    assert [r.id for r in snap.resources] == [canonical_id(wanted)]
    assert snap.missing_resource_ids == (canonical_id(gone),)
    assert {dict(s.labels)["resource_id"] for s in snap.samples} == {VM1.replace("vm1", "vm2")}
    assert [s for k, s, _ in fake.calls if k == "arm"] == ["sub-a", "sub-a"]  # one RG, two pages


async def test_dimension_split_becomes_labels(fake: FakeAzure, make_config: MakeConfig) -> None:
    fake.dimension_values = {"Disk Read Bytes": [{"LUN": "0"}, {"LUN": "1"}]}
    file_values: dict[str, Any] = {
        "azure": {
            "metrics": {
                "Microsoft.Compute/virtualMachines": {
                    "metrics": [
                        {"name": "Percentage CPU", "aggregation": "Average"},
                        {"name": "Disk Read Bytes", "aggregation": "Total", "dimensions": ["LUN"]},
                    ]
                }
            }
        }
    }
    source, sdk, _ = make_source(make_config(file_values, azure_subscription_ids="sub-b"))
    try:
        snap = await source.fetch()
    finally:
        await sdk.close()
    disk = sorted(dict(s.labels)["dimension_lun"] for s in snap.samples if s.metric == "azure_vm_disk_read_bytes")
    assert disk == ["0", "1"]
    assert sorted(q.get("filter", "") for q in fake.batch_queries) == ["", "LUN eq '*'"]
    assert len(fake.batch_queries) == 2  # one call per dimension split


async def test_certificate_credential_sends_a_client_assertion(
    fake: FakeAzure, make_config: MakeConfig, tls: Tls
) -> None:
    config = make_config(
        azure_client_secret_file="", azure_client_certificate_file=str(tls.client_pem), azure_subscription_ids="sub-b"
    )
    assert config.credential_kind == "certificate"
    source, sdk, _ = make_source(config)
    try:
        await source.fetch()
    finally:
        await sdk.close()
    assert fake.token_requests
    req = fake.token_requests[0]
    assert req["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    assert req["client_assertion"].count(".") == 2


async def test_batches_hold_at_most_50_resources_of_one_region(fake: FakeAzure, make_config: MakeConfig) -> None:
    fake.page_size = 100
    fake.resources = [FakeResource("sub-a", "rg", f"vm{i:03d}") for i in range(120)] + [
        FakeResource("sub-a", "rg", f"ne{i}", region="northeurope") for i in range(3)
    ]
    source, sdk, _ = make_source(make_config(azure_subscription_ids="sub-a"))
    try:
        snap = await source.fetch()
    finally:
        await sdk.close()
    assert sorted(len(b["resourceids"]) for b in fake.batch_bodies) == [3, 20, 50, 50]
    assert len(snap.samples) == 123 * 6


async def test_rate_limiter_spreads_calls_evenly() -> None:
    clock = Mono()
    slept: list[float] = []

    async def sleep(s: float) -> None:
        slept.append(s)
        clock.now += s

    limiter = RateLimiter(4.0, clock=clock, sleep=sleep)
    for _ in range(5):
        await limiter.acquire()
    assert slept == [0.25, 0.25, 0.25, 0.25]
    clock.now += 10
    await limiter.acquire()
    assert len(slept) == 4


def test_resource_from_arm_lowercases_identity() -> None:
    r = Resource.from_arm(
        "/subscriptions/ABC/resourceGroups/My-RG/providers/Microsoft.Compute/virtualMachines/Web01", "West Europe"
    )
    assert r.id == "/subscriptions/abc/resourcegroups/my-rg/providers/microsoft.compute/virtualmachines/web01"
    assert (r.name, r.type, r.resource_group, r.subscription_id, r.region) == (
        "Web01",
        "microsoft.compute/virtualmachines",
        "my-rg",
        "abc",
        "westeurope",
    )


async def test_failed_batch_serves_previous_values_until_the_stale_limit(
    fake: FakeAzure, make_config: MakeConfig
) -> None:
    mono = Mono()
    config = make_config(azure_retry_total="0", azure_poll_interval="60s")
    assert config.stale_limit == 180.0
    source, sdk, stats = make_source(config, mono)
    try:
        first = await source.fetch()
        vm3 = {s for s in first.samples if dict(s.labels)["resource_name"] == "vm3"}
        assert len(vm3) == 6
        fake.faults[("metrics", "sub-b")] = [Fault(500)] * 10
        mono.now += 60
        second = await source.fetch()
        assert dict(second.subscriptions_up)["sub-b"] is False
        assert {s for s in second.samples if dict(s.labels)["resource_name"] == "vm3"} == vm3  # same timestamps
        assert dict(second.stale_resources) == {"sub-b": 1}
        assert stats.stale_samples() == {"sub-b": 6}
        assert stats.batches()[("sub-b", "failure")] == 1
        mono.now += 121  # last good read 181s ago: past the limit of 3 poll intervals
        third = await source.fetch()
        assert not [s for s in third.samples if dict(s.labels)["resource_name"] == "vm3"]
        assert dict(third.stale_resources) == {}
        assert len(third.samples) == 12
    finally:
        await sdk.close()


async def test_token_requests_are_counted(fake: FakeAzure, make_config: MakeConfig) -> None:
    source, sdk, stats = make_source(make_config())
    try:
        await source.fetch()
    finally:
        await sdk.close()
    assert fake.token_requests
    assert stats.requests()[("token", "200")] == len(fake.token_requests)


async def test_fake_azure_listens_on_loopback_only(base_url: str) -> None:
    assert base_url.startswith("https://127.0.0.1:")
