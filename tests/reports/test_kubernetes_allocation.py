"""Kubernetes: a node VM's FOCUS rows split to namespaces by CPU and memory from stored kube-state-metrics and
cAdvisor series, idle capacity apart, reconciling exactly with the bill."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import psycopg
import pytest

from reports.allocation import allocate
from tests.reports.conftest import query

DAY = datetime(2025, 1, 15, tzinfo=UTC)
VMSS = "/subscriptions/s1/resourcegroups/mc_rg/providers/microsoft.compute/virtualmachinescalesets/aks-pool-vmss"
GIB = 1024**3


def series(conn: psycopg.Connection[Any], name: str, labels: dict[str, str], values: list[float],
           step: int = 60) -> None:
    row = conn.execute("SELECT id FROM finops.get_or_create_series(ARRAY[%s::jsonb])",
                       (json.dumps({"__name__": name, **labels}),)).fetchone()
    assert row is not None
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO finops.samples (time, series_id, value) VALUES (%s, %s, %s)",
                        [(DAY + timedelta(seconds=i * step), row[0], v) for i, v in enumerate(values)])


@pytest.fixture
def cluster_db(db: str) -> str:
    n = 1440
    with psycopg.connect(db) as conn:
        series(conn, "kube_node_info", {"node": "aks-pool-0", "provider_id": f"azure://{VMSS}/virtualMachines/0"},
               [1.0] * n)
        series(conn, "kube_node_status_capacity", {"node": "aks-pool-0", "resource": "cpu", "unit": "core"}, [4.0] * n)
        series(conn, "kube_node_status_capacity", {"node": "aks-pool-0", "resource": "memory", "unit": "byte"},
               [16.0 * GIB] * n)
        for ns, cpu, mem in (("payments", 1.0, 4.0), ("search", 0.5, 2.0)):
            pod = {"namespace": ns, "pod": f"{ns}-7d9f-x", "container": "app", "node": "aks-pool-0"}
            series(conn, "kube_pod_container_resource_requests", {**pod, "resource": "cpu", "unit": "core"}, [cpu] * n)
            series(conn, "kube_pod_container_resource_requests", {**pod, "resource": "memory", "unit": "byte"},
                   [mem * GIB] * n)
            # usage below requests: a counter growing at cpu/2 cores
            series(conn, "container_cpu_usage_seconds_total", {k: v for k, v in pod.items() if k != "node"},
                   [i * 60 * cpu / 2 for i in range(n)])
            series(conn, "kube_namespace_labels", {"namespace": ns, "label_team": f"team-{ns}"}, [1.0] * n)
        conn.execute(
            "INSERT INTO finops.focus_costs (row_id, source, focus_version, load_id, charge_period_start, "
            "charge_period_end, billing_period_start, billing_period_end, billing_currency, billed_cost, "
            "effective_cost, list_cost, contracted_cost, resource_id, service_name, charge_category, tags) VALUES "
            "('vm-day', 't', '1.3', 0, %s, %s, '2025-01-01', '2025-02-01', 'USD', 10, 10, 12, 10, %s, "
            "'Virtual Machine Scale Sets', 'Usage', '{\"env\": \"prod\"}')",
            (DAY, DAY + timedelta(days=1), VMSS.replace("microsoft.compute", "Microsoft.Compute")))
    return db


def test_node_cost_splits_to_namespaces_by_requests_with_idle_apart(cluster_db: str) -> None:
    rules = {"tag_key": "team", "rules": [{"name": "aks", "method": "kubernetes",
                                           "kubernetes": {"basis": "requests", "by": "namespace"}}]}
    with psycopg.connect(cluster_db) as conn:
        result = allocate(conn, rules, DAY, DAY + timedelta(days=1))
    assert result.warnings == []
    rows = query(cluster_db, "SELECT allocated_resource_id, effective_cost, list_cost, allocated_tags, "
                             "allocated_method_details FROM finops.allocation_rows ORDER BY 1 NULLS LAST")
    # payments requests 1/4 of the CPU and 4/16 of the memory: 25 % of the node; search 12.5 %; idle the rest
    assert [(r[0], r[1]) for r in rows] == [
        ("k8s/namespace/payments", Decimal("2.5000000000")), ("k8s/namespace/search", Decimal("1.2500000000")),
        (None, Decimal("6.2500000000"))]
    assert sum(r[2] for r in rows) == Decimal(12)
    assert rows[0][3] == {"k8s/namespace": "payments", "team": "team-payments"}
    elements = rows[0][4]["Elements"]
    assert [e["UsageUnit"] for e in elements] == ["Core-Hours", "GiB-Hours"]
    assert [Decimal(str(e["UsageQuantity"])) for e in elements] == [Decimal(24), Decimal(96)]
    # OpenCost's default prices make CPU 65.1 % of a 4 vCPU / 16 GiB node: 0.25 x 0.651 and 0.25 x 0.349
    assert [round(float(e["AllocatedRatio"]), 4) for e in elements] == [0.1627, 0.0873]
    assert rows[2][4]["x_Unallocated"] == "idle capacity" and rows[2][3] is None
    total_ratio = sum(Decimal(str(e["AllocatedRatio"])) for r in rows for e in r[4]["Elements"])
    assert total_ratio == 1
    showback = query(cluster_db, "SELECT key, effective_cost FROM finops.showback('tag:team', %s, %s)",
                     (DAY, DAY + timedelta(days=1)))
    assert showback == [("(untagged)", Decimal("6.2500000000")), ("team-payments", Decimal("2.5000000000")),
                        ("team-search", Decimal("1.2500000000"))]


def test_usage_basis_and_shared_idle(cluster_db: str) -> None:
    rules = {"rules": [{"name": "aks", "method": "kubernetes", "share_unallocated": True,
                        "kubernetes": {"basis": "usage", "cpu_cost_share": 1}}]}
    with psycopg.connect(cluster_db) as conn:
        allocate(conn, rules, DAY, DAY + timedelta(days=1))
    rows = query(cluster_db, "SELECT allocated_resource_id, effective_cost FROM finops.allocation_rows ORDER BY 1")
    # CPU only (cpu_cost_share 1); usage 0.5 and 0.25 cores (the first minute has no rate yet), idle shared 2:1
    assert [r[0] for r in rows] == ["k8s/namespace/payments", "k8s/namespace/search"]
    assert rows[0][1] + rows[1][1] == Decimal(10)
    assert rows[0][1] == pytest.approx(Decimal("6.6666666667"), abs=Decimal("1e-9"))


@pytest.fixture
def workload_db(cluster_db: str) -> str:
    """A second payments pod of the same Deployment (through its ReplicaSet); search's pod owned by nothing and
    using 6 GiB of memory against its 2 GiB request (and a pod-level cgroup series, which must not count)."""
    n = 1440
    with psycopg.connect(cluster_db) as conn:
        pod = {"namespace": "payments", "pod": "payments-7d9f-y", "container": "app", "node": "aks-pool-0"}
        series(conn, "kube_pod_container_resource_requests", {**pod, "resource": "cpu", "unit": "core"}, [1.0] * n)
        series(conn, "kube_pod_container_resource_requests", {**pod, "resource": "memory", "unit": "byte"},
               [4.0 * GIB] * n)
        for name in ("payments-7d9f-x", "payments-7d9f-y"):
            series(conn, "kube_pod_owner", {"namespace": "payments", "pod": name, "owner_kind": "ReplicaSet",
                                            "owner_name": "payments-7d9f"}, [1.0] * n)  # fmt: skip
        series(conn, "kube_replicaset_owner", {"namespace": "payments", "replicaset": "payments-7d9f",
                                               "owner_kind": "Deployment", "owner_name": "payments"}, [1.0] * n)
        search = {"namespace": "search", "pod": "search-7d9f-x"}
        series(conn, "container_memory_working_set_bytes", {**search, "container": "app"}, [6.0 * GIB] * n)
        series(conn, "container_memory_working_set_bytes", {**search, "container": ""}, [100.0 * GIB] * n)
    return cluster_db


def _split(db: str, kubernetes: dict[str, Any]) -> list[tuple[Any, ...]]:
    rules = {"tag_key": "team", "rules": [{"name": "aks", "method": "kubernetes",
                                           "kubernetes": {"cpu_cost_share": "0.5", **kubernetes}}]}  # fmt: skip
    with psycopg.connect(db) as conn:
        assert allocate(conn, rules, DAY, DAY + timedelta(days=1)).warnings == []
    rows = query(db, "SELECT allocated_resource_id, effective_cost, allocated_tags FROM finops.allocation_rows "
                     "ORDER BY 1 NULLS LAST")  # fmt: skip
    assert sum(r[1] for r in rows) == Decimal(10)  # exactly the node's day
    return rows


def test_by_workload_and_by_pod(workload_db: str) -> None:
    # half the cost by CPU (4 cores), half by memory (16 GiB); requests: each payments pod 1 core and 4 GiB,
    # search 0.5 core and 2 GiB; idle 1.5 cores and 6 GiB
    rows = _split(workload_db, {"basis": "requests", "by": "workload"})
    assert [(r[0], r[1]) for r in rows] == [
        ("k8s/workload/payments/Deployment/payments", Decimal("5.0000000000")),  # both pods, through the ReplicaSet
        ("k8s/workload/search/Pod/search-7d9f-x", Decimal("1.2500000000")),  # no owner: the pod is the workload
        (None, Decimal("3.7500000000"))]
    assert rows[0][2] == {"k8s/namespace": "payments", "k8s/workload": "Deployment/payments", "team": "team-payments"}
    rows = _split(workload_db, {"basis": "requests", "by": "pod"})
    assert [(r[0], r[1]) for r in rows] == [
        ("k8s/pod/payments/payments-7d9f-x", Decimal("2.5000000000")),
        ("k8s/pod/payments/payments-7d9f-y", Decimal("2.5000000000")),
        ("k8s/pod/search/search-7d9f-x", Decimal("1.2500000000")), (None, Decimal("3.7500000000"))]
    assert rows[1][2] == {"k8s/namespace": "payments", "k8s/pod": "payments-7d9f-y", "team": "team-payments"}


def test_max_basis_takes_usage_above_requests(workload_db: str) -> None:
    # max(requests, usage) per pod and hour: CPU usage is half the requests (requests count), search's memory
    # working set is 6 GiB against 2 GiB requested (usage counts; the pod-level cgroup series does not)
    rows = _split(workload_db, {"basis": "max"})
    assert [(r[0], r[1]) for r in rows] == [
        ("k8s/namespace/payments", Decimal("5.0000000000")),  # 0.5 x 2/4 + 0.5 x 8/16
        ("k8s/namespace/search", Decimal("2.5000000000")),  # 0.5 x 0.5/4 + 0.5 x 6/16
        (None, Decimal("2.5000000000"))]  # idle: 1.5 cores and 2 GiB
    assert [(r[0], r[1]) for r in _split(workload_db, {"basis": "requests"})][1] == (
        "k8s/namespace/search", Decimal("1.2500000000"))  # requests alone: 0.5 x 0.5/4 + 0.5 x 2/16
