"""The seven scenarios of Azure's real response shapes, replayed through the real SDK against the local HTTPS fake.

Each test sets the fake up to answer as Azure's published examples do (see `fakeazure`'s docstring) and checks
the exact samples, timestamps and self-metrics the exporter derives from them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from prometheus_client import CollectorRegistry
from prometheus_client.exposition import generate_latest

from exporters.azure.collector import AzureCollector
from exporters.azure.config import AzureConfig
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
