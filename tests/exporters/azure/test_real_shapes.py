"""The seven scenarios of Azure's real response shapes, replayed through the real SDK against the local HTTPS fake.

Each test sets the fake up to answer as Azure's published examples do (see `fakeazure`'s docstring) and checks
the exact samples, timestamps and self-metrics the exporter derives from them.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest
from prometheus_client import CollectorRegistry
from prometheus_client.exposition import generate_latest

from exporters.azure.collector import AzureCollector
from exporters.azure.config import DEFAULT_VM_METRICS, AzureConfig
from exporters.azure.source import ApiStats, AzureMetricsSource, AzureSnapshot, SdkClients
from exporters.base import Poller
from tests.exporters.azure.conftest import LATEST, NOW, Mono
from tests.exporters.azure.fakeazure import STORAGE_NS, FakeAzure, FakeResource, Fault

MakeConfig = Callable[..., AzureConfig]
VM_PREFIX = "/subscriptions/sub-a/resourcegroups/{rg}/providers/microsoft.compute/virtualmachines/{name}"


class Harness:
    """The source with an injected monotonic clock, and the exporter's collector over it (as `app.build` wires it)."""

    def __init__(self, config: AzureConfig, clock: Callable[[], float] = lambda: NOW) -> None:
        self.mono = Mono()
        self.stats = ApiStats()
        self.sdk = SdkClients(config, self.stats)
        self.source = AzureMetricsSource(
            config, self.sdk.metrics_client, self.sdk, self.stats, clock=clock, monotonic=self.mono
        )
        self.poller: Poller[AzureSnapshot] = Poller(
            "azure_metrics", self.source.fetch, initial=AzureSnapshot(), interval=config.poll_interval
        )
        self.registry = CollectorRegistry()
        self.registry.register(AzureCollector(self.poller, config, self.stats))

    async def poll(self) -> AzureSnapshot:
        assert await self.poller.poll_once(), self.poller.status.last_error
        return self.poller.snapshot

    def exposition(self) -> str:
        return generate_latest(self.registry).decode()

    async def close(self) -> None:
        await self.sdk.close()


def by_resource(snapshot: AzureSnapshot, metric: str) -> dict[str, tuple[float, float]]:
    """resource name -> (value, timestamp) of one metric."""
    return {dict(s.labels)["resource_name"]: (s.value, s.timestamp) for s in snapshot.samples if s.metric == metric}


def per_vm(table: Mapping[str, float]) -> Callable[[str, str, str, int, Mapping[str, str]], float | None]:
    """A value per VM name, plus the minute, so a mixed-up resource or grain shows as a wrong number."""

    lowered = {name.lower(): v for name, v in table.items()}

    def value(rid: str, metric: str, agg: str, minute: int, split: Mapping[str, str]) -> float | None:
        return lowered[rid.rsplit("/", 1)[-1]] + (minute % 60) / 4

    return value


LATEST_MINUTE = int(LATEST // 60) % 60


async def test_multi_resource_batch_maps_each_answer_to_its_resource(fake: FakeAzure, make_config: MakeConfig) -> None:
    fake.resources = [
        FakeResource("sub-a", "RG-One", "Web01"),
        FakeResource("sub-a", "rg-two", "web02"),
        FakeResource("sub-a", "RG-One", "DB01"),
    ]
    fake.page_size = 10
    fake.value = per_vm({"Web01": 10.0, "web02": 20.0, "DB01": 30.0})
    h = Harness(make_config(azure_subscription_ids="sub-a"))
    try:
        snap = await h.poll()
    finally:
        await h.close()
    # one call for the three, resource IDs as ARM spells them; the answer echoes them in that casing
    assert len(fake.batch_bodies) == 1
    assert sorted(fake.batch_bodies[0]["resourceids"]) == sorted(r.arm_id for r in fake.resources)
    cpu = {dict(s.labels)["resource_id"]: (s.value, s.timestamp) for s in snap.samples if "cpu" in s.metric}
    minute = LATEST_MINUTE / 4
    assert cpu == {
        VM_PREFIX.format(rg="rg-one", name="web01"): (10.0 + minute, LATEST),
        VM_PREFIX.format(rg="rg-two", name="web02"): (20.0 + minute, LATEST),
        VM_PREFIX.format(rg="rg-one", name="db01"): (30.0 + minute, LATEST),
    }
    assert {dict(s.labels)["resource_name"] for s in snap.samples} == {"Web01", "web02", "DB01"}
    assert len(snap.samples) == 3 * 6


async def test_several_lower_cased_dimensions_become_labels(fake: FakeAzure, make_config: MakeConfig) -> None:
    fake.resources = [FakeResource("sub-a", "TestGroup", "TestStorage1", region="eastus", type=STORAGE_NS)]
    splits = [
        {"ApiName": "GetBlob", "Authentication": "SAS"},
        {"ApiName": "GetBlobServiceProperties", "Authentication": "AccountKey"},
    ]
    fake.dimension_values = {"Ingress": splits, "Egress": splits}

    def value(rid: str, metric: str, agg: str, minute: int, split: Mapping[str, str]) -> float | None:
        if split.get("ApiName") == "GetBlobServiceProperties":
            return 342.0 if metric == "Ingress" else None  # no data: the aggregation key is left out
        return {"Ingress": 437.0, "Egress": 361.0}[metric] + minute % 60

    fake.value = value
    file_values: dict[str, Any] = {
        "azure": {
            "metrics": {
                STORAGE_NS: {
                    "metrics": [
                        {"name": "Ingress", "aggregation": "Total", "dimensions": ["ApiName", "Authentication"]},
                        {"name": "Egress", "aggregation": "Maximum", "dimensions": ["ApiName", "Authentication"]},
                    ]
                }
            }
        }
    }
    h = Harness(make_config(file_values, azure_subscription_ids="sub-a", azure_resource_types=STORAGE_NS))
    try:
        snap = await h.poll()
    finally:
        await h.close()
    assert fake.batch_queries[0]["filter"] == "ApiName eq '*' and Authentication eq '*'"
    assert fake.batch_queries[0]["metricnamespace"] == STORAGE_NS
    got = {
        (s.metric, dict(s.labels)["dimension_apiname"], dict(s.labels)["dimension_authentication"]): (
            s.value,
            s.timestamp,
        )
        for s in snap.samples
    }
    assert got == {
        ("azure_storageaccounts_ingress", "GetBlob", "SAS"): (437.0 + LATEST_MINUTE, LATEST),
        ("azure_storageaccounts_ingress", "GetBlobServiceProperties", "AccountKey"): (342.0, LATEST),
        ("azure_storageaccounts_egress", "GetBlob", "SAS"): (361.0 + LATEST_MINUTE, LATEST),
    }
    labels = dict(snap.samples[0].labels)
    assert labels["resource_type"] == "microsoft.storage/storageaccounts"
    assert labels["resource_id"] == (
        "/subscriptions/sub-a/resourcegroups/testgroup/providers/microsoft.storage/storageaccounts/teststorage1"
    )


async def test_points_without_the_aggregation_key_are_skipped(fake: FakeAzure, make_config: MakeConfig) -> None:
    latest = int(LATEST // 60)

    def value(rid: str, metric: str, agg: str, minute: int, split: Mapping[str, str]) -> float | None:
        if metric == "Percentage CPU" and minute >= latest - 1:
            return None  # the two newest grains have no data
        if metric == "Network In Total" or metric == "Disk Read Bytes":
            return None  # no data at all: every point is {"timeStamp": ...} only
        return 7.25 + minute % 60

    fake.value = value
    h = Harness(make_config(azure_subscription_ids="sub-b"))
    try:
        snap = await h.poll()
    finally:
        await h.close()
    got = {s.metric: (s.value, s.timestamp) for s in snap.samples}
    assert got == {
        "azure_vm_cpu_utilization_percent": (7.25 + (latest - 2) % 60, LATEST - 120),
        "azure_vm_memory_available_bytes": (7.25 + latest % 60, LATEST),
        "azure_vm_network_transmit_bytes": (7.25 + latest % 60, LATEST),
        "azure_vm_disk_write_bytes": (7.25 + latest % 60, LATEST),
    }


async def test_seven_digit_fractional_timestamps_are_exact(fake: FakeAzure, make_config: MakeConfig) -> None:
    fake.fraction_digits = 7
    fake.value = per_vm({"vm3": 1.5})
    h = Harness(make_config(azure_subscription_ids="sub-b"))
    try:
        snap = await h.poll()
        text = h.exposition()
    finally:
        await h.close()
    assert {(s.value, s.timestamp) for s in snap.samples} == {(1.5 + LATEST_MINUTE / 4, LATEST)}
    assert len(snap.samples) == 6
    assert f" {1.5 + LATEST_MINUTE / 4} {int(LATEST * 1000)}\n" in text


async def test_arm_skiptoken_pages_are_all_followed(fake: FakeAzure, make_config: MakeConfig) -> None:
    fake.resources = [FakeResource("sub-a", "rg", f"vm{i}") for i in range(5)] + [
        FakeResource("sub-a", "rg", "sa1", type=STORAGE_NS)  # another type: filtered out by ARM
    ]
    fake.page_size = 2
    h = Harness(make_config(azure_subscription_ids="sub-a"))
    try:
        snap = await h.poll()
    finally:
        await h.close()
    assert sorted(r.name for r in snap.resources) == [f"vm{i}" for i in range(5)]
    assert len(fake.arm_queries) == 3
    assert "$skiptoken" not in fake.arm_queries[0]
    assert all("$skiptoken" in q for q in fake.arm_queries[1:])
    assert len({q["$skiptoken"] for q in fake.arm_queries[1:]}) == 2
    assert all(q["$filter"] == "resourceType eq 'Microsoft.Compute/virtualMachines'" for q in fake.arm_queries)
    assert len(snap.samples) == 5 * 6


async def test_429_retry_after_is_honoured_then_values_are_exact(fake: FakeAzure, make_config: MakeConfig) -> None:
    throttled = Fault(
        429,
        body='{"error": {"code": "TooManyRequests", "message": "Too many requests. Retry after 1 second."}}',
        headers={"Retry-After": "1"},
    )
    fake.faults[("arm", "sub-b")] = [throttled]
    fake.faults[("metrics", "sub-b")] = [throttled]
    fake.value = per_vm({"vm3": 3.0})
    h = Harness(make_config(azure_subscription_ids="sub-b"))
    try:
        snap = await h.poll()
    finally:
        await h.close()
    for kind in ("arm", "metrics"):
        times = [t for k, _, t in fake.calls if k == kind]
        assert len(times) == 2
        assert times[1] - times[0] >= 0.95  # waited out Retry-After before the retry
    assert {(s.value, s.timestamp) for s in snap.samples} == {(3.0 + LATEST_MINUTE / 4, LATEST)}
    assert dict(snap.subscriptions_up) == {"sub-b": True}
    assert h.stats.requests()[("metrics", "429")] == 1
    assert h.stats.requests()[("arm", "429")] == 1


async def test_per_resource_error_in_a_200_answer_is_a_failure_of_that_resource(
    fake: FakeAzure, make_config: MakeConfig, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="exporters.azure")
    fake.value = per_vm({"vm1": 1.0, "vm2": 2.0})
    config = make_config(azure_subscription_ids="sub-a", azure_poll_interval="60s")
    assert config.stale_limit == 180.0
    h = Harness(config)
    try:
        first = await h.poll()
        vm2_before = {s for s in first.samples if dict(s.labels)["resource_name"] == "vm2"}
        assert len(vm2_before) == 6
        # vm2 deleted since discovery (cached for an hour): Azure answers ResourceNotFound for it inside a 200
        fake.resources = [r for r in fake.resources if r.name != "vm2"]
        h.mono.now += 60
        caplog.clear()
        second = await h.poll()
        assert {s for s in second.samples if dict(s.labels)["resource_name"] == "vm2"} == vm2_before  # as before
        assert len(second.samples) == 12
        assert dict(second.subscriptions_up) == {"sub-a": False}
        assert dict(second.stale_resources) == {"sub-a": 1}
        warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
        assert len(warnings) == 1
        assert "vm2" in warnings[0] and "ResourceNotFound" in warnings[0]
        assert "was not found" in warnings[0]  # Azure's errorMessage
        text = h.exposition()
        assert 'azure_exporter_resource_errors_total{reason="ResourceNotFound",subscription_id="sub-a"} 1.0' in text
        assert 'azure_exporter_failing_resources{subscription_id="sub-a"} 1.0' in text
        assert 'azure_exporter_subscription_up{subscription_id="sub-a"} 0.0' in text
        assert 'azure_exporter_batches_total{result="partial",subscription_id="sub-a"} 1.0' in text

        h.mono.now += 60  # still failing: counted again, not logged again
        caplog.clear()
        third = await h.poll()
        assert {s for s in third.samples if dict(s.labels)["resource_name"] == "vm2"} == vm2_before
        assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
        assert h.stats.resource_errors() == {("sub-a", "ResourceNotFound"): 2}

        h.mono.now += 61  # the last good read is 181 s old: past the limit of 3 poll intervals
        fourth = await h.poll()
        assert {dict(s.labels)["resource_name"] for s in fourth.samples} == {"vm1"}
        assert dict(fourth.stale_resources) == {}

        fake.resources.append(FakeResource("sub-a", "RG-One", "vm2"))  # back (restored)
        h.mono.now += 60
        caplog.clear()
        fifth = await h.poll()
        assert {dict(s.labels)["resource_name"] for s in fifth.samples} == {"vm1", "vm2"}
        assert dict(fifth.subscriptions_up) == {"sub-a": True}
        recovered = [r.getMessage() for r in caplog.records if "vm2" in r.getMessage()]
        assert len(recovered) == 1 and "again" in recovered[0]
        assert 'azure_exporter_failing_resources{subscription_id="sub-a"} 0.0' in h.exposition()
    finally:
        await h.close()


async def test_error_on_one_metric_keeps_the_resources_other_metrics_fresh(
    fake: FakeAzure, make_config: MakeConfig
) -> None:
    """An error entry names one metric of one resource; the resource's other metrics are read as usual."""
    vm1 = fake.resources[0].arm_id.lower()
    fake.value = per_vm({"vm1": 1.0, "vm2": 2.0})
    now = [NOW]
    h = Harness(make_config(azure_subscription_ids="sub-a"), clock=lambda: now[0])
    try:
        await h.poll()
        fake.metric_errors[(vm1, "Percentage CPU")] = ("InternalServerError", "Percentage CPU could not be read.")
        now[0] += 60
        h.mono.now += 60
        snap = await h.poll()
    finally:
        await h.close()
    vm1_samples = {s.metric: (s.value, s.timestamp) for s in snap.samples if dict(s.labels)["resource_name"] == "vm1"}
    assert vm1_samples["azure_vm_cpu_utilization_percent"] == (1.0 + LATEST_MINUTE / 4, LATEST)  # the earlier one
    fresh = (1.0 + ((LATEST_MINUTE + 1) % 60) / 4, LATEST + 60)
    assert {k: v for k, v in vm1_samples.items() if "cpu" not in k} == {
        m: fresh
        for m in (
            "azure_vm_memory_available_bytes",
            "azure_vm_network_receive_bytes",
            "azure_vm_network_transmit_bytes",
            "azure_vm_disk_read_bytes",
            "azure_vm_disk_write_bytes",
        )
    }
    assert h.stats.resource_errors() == {("sub-a", "InternalServerError"): 1}
    assert h.stats.stale_samples() == {"sub-a": 1}
    assert dict(snap.failing_resources) == {"sub-a": 1}


async def test_a_resource_left_out_of_the_answer_is_a_failure_of_that_resource(
    fake: FakeAzure, make_config: MakeConfig
) -> None:
    vm1 = fake.resources[0].arm_id
    fake.value = per_vm({"vm1": 1.0, "vm2": 2.0})
    only_vm1 = {
        "values": [
            {
                "starttime": "2024-05-01T11:50:30.000Z",
                "endtime": "2024-05-01T12:00:30.000Z",
                "interval": "PT1M",
                "value": [
                    {
                        "id": f"{vm1}/providers/Microsoft.Insights/metrics/{m.name}",
                        "type": "Microsoft.Insights/metrics",
                        "name": {"value": m.name, "localizedValue": m.name},
                        "unit": "Bytes",
                        "timeseries": [],
                        "errorCode": "Success",
                    }
                    for m in DEFAULT_VM_METRICS
                ],
                "namespace": "microsoft.compute/virtualmachines",
                "resourceregion": "westeurope",
                "resourceid": vm1,
            }
        ]
    }
    h = Harness(make_config(azure_subscription_ids="sub-a"))
    try:
        first = await h.poll()
        fake.faults[("metrics", "sub-a")] = [Fault(200, body=json.dumps(only_vm1))]
        h.mono.now += 60
        second = await h.poll()
    finally:
        await h.close()
    vm2_before = {s for s in first.samples if dict(s.labels)["resource_name"] == "vm2"}
    assert {s for s in second.samples if dict(s.labels)["resource_name"] == "vm2"} == vm2_before
    assert len(second.samples) == 6  # vm1 answered with empty time series: no data, not an error
    assert h.stats.resource_errors() == {("sub-a", "NotInAnswer"): 1}
    assert dict(second.subscriptions_up) == {"sub-a": False}


class WithoutClsHook:
    """A metrics client that ignores the `cls` hook, as an SDK release that changed its internals might."""

    def __init__(self, client: Any) -> None:
        self._client = client

    async def query_resources(self, **kwargs: Any) -> list[Any]:
        kwargs.pop("cls")
        return list(await self._client.query_resources(**kwargs))


async def test_an_sdk_that_ignores_the_cls_hook_is_reported_once(
    fake: FakeAzure, make_config: MakeConfig, caplog: pytest.LogCaptureFixture
) -> None:
    config = make_config(azure_subscription_ids="sub-a")
    stats = ApiStats()
    sdk = SdkClients(config, stats)
    source = AzureMetricsSource(
        config, lambda region: WithoutClsHook(sdk.metrics_client(region)), sdk, stats, clock=lambda: NOW
    )
    try:
        first = await source.fetch()
        await source.fetch()
    finally:
        await sdk.close()
    assert len(first.samples) == 12  # read as before, resources found from the metric IDs
    warned = [r.getMessage() for r in caplog.records if "cls" in r.getMessage()]
    assert len(warned) == 1


async def test_a_grain_azure_changed_is_used_to_settle_points_and_is_exposed(
    fake: FakeAzure, make_config: MakeConfig, caplog: pytest.LogCaptureFixture
) -> None:
    """Asked PT1M, Azure answers PT5M: a 5-minute point is only complete 5 minutes after its start."""
    caplog.set_level(logging.INFO, logger="exporters.azure")
    fake.answer_interval = "PT5M"
    fake.value = per_vm({"vm3": 4.0})
    now = NOW + 60  # 12:01:30; points at 11:50, 11:55 and 12:00 (that one ends at 12:05, not settled)
    h = Harness(make_config(azure_subscription_ids="sub-b"), clock=lambda: now)
    try:
        snap = await h.poll()
        await h.poll()
        text = h.exposition()
    finally:
        await h.close()
    eleven_55 = NOW - 330
    assert {(s.value, s.timestamp) for s in snap.samples} == {(4.0 + (int(eleven_55 // 60) % 60) / 4, eleven_55)}
    assert 'azure_exporter_granularity_seconds{resource_type="microsoft.compute/virtualmachines"} 300.0' in text
    changed = [r.getMessage() for r in caplog.records if "PT5M" in r.getMessage() or "300" in r.getMessage()]
    assert len(changed) == 1  # logged once, not on every poll


@pytest.fixture
def azure_logger_level() -> Iterator[None]:
    """Puts the `azure` logger's level back: the exporter sets it, and it outlives a test."""
    logger = logging.getLogger("azure")
    level = logger.level
    yield
    logger.setLevel(level)


@pytest.mark.usefixtures("azure_logger_level")
async def test_azure_sdk_logs_are_quiet_by_default_and_shown_at_debug(
    fake: FakeAzure, make_config: MakeConfig, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    h = Harness(make_config())
    try:
        await h.poll()
    finally:
        await h.close()
    calls = len(fake.calls)
    assert calls >= 5  # two tokens, two ARM lists, two batches
    assert [r.name for r in caplog.records if not r.name.startswith("exporters.")] == []  # none of azure-core's

    caplog.clear()
    caplog.set_level(logging.DEBUG)
    fake.calls.clear()
    h = Harness(make_config())
    try:
        await h.poll()
    finally:
        await h.close()
    http_lines = [r for r in caplog.records if r.name == "azure.core.pipeline.policies.http_logging_policy"]
    assert len(http_lines) >= 2 * len(fake.calls)  # a request and a response line per call
