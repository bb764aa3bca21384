"""Rightsizing from stored usage and FOCUS costs: the SQL statistics equal the numpy ones the benchmark replays,
findings and savings for an oversized, an idle, a busy and an unknown VM, and the decision rules alone."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np
import psycopg
import pytest

from finops.errors import ConfigError
from focus.load import load_file
from reports import traces
from reports.rightsizing import (
    CCF_PUE,
    CCF_WATTS,
    GIB,
    Thresholds,
    UsageSource,
    UsageStats,
    catalog,
    compute,
    load,
    normalize_size,
    recommend,
    save,
)
from tests.reports.conftest import FIXTURE_12, query

START = datetime(2025, 3, 3, tzinfo=UTC)
NOW = START + timedelta(days=14)
SOURCE = UsageSource(memory_metric="azure_vm_memory_used_bytes", memory_kind="used_bytes",
                     network_metrics=("azure_vm_network_transmit_bytes",))


def vm(name: str, vcpus: int, cpu: np.ndarray, mem_frac: float, net: float) -> traces.Trace:
    times = START.timestamp() + np.arange(len(cpu)) * traces.STEP_SECONDS
    mem = np.full(len(cpu), mem_frac * vcpus * 4 * GIB)
    mem[len(cpu) // 2] *= 1.3  # one peak: sizing must see it
    return traces.Trace(name, f"D{vcpus}s v4", float(vcpus), vcpus * 4.0, times, cpu, mem,
                        np.full(len(cpu), net))


def fleet() -> list[traces.Trace]:
    n = 14 * 288
    rng = np.random.default_rng(7)
    wave = 1 + 0.5 * np.sin(np.arange(n) / 288 * 2 * np.pi)
    return [
        vm("vm-big-1", 16, np.clip(6 * wave * rng.lognormal(0, 0.2, n), 0, 100), 0.1, 5e5),   # oversized
        vm("vm-idl-2", 4, np.full(n, 1.0), 0.05, 100.0),                                      # idle
        vm("vm-hot-3", 2, np.clip(80 * wave * rng.lognormal(0, 0.1, n), 0, 100), 0.5, 5e5),   # undersized
    ]


@pytest.fixture
def usage_db(db: str, tmp_path: Path) -> str:
    vms = fleet()
    with psycopg.connect(db) as conn:
        traces.store_samples(conn, vms)
    load_file(db, traces.write_focus_csv(tmp_path / "vms.csv", vms, FIXTURE_12, START, 14), mode="strict")
    return db


def test_sql_statistics_equal_the_numpy_replay(usage_db: str) -> None:
    th = Thresholds()
    with psycopg.connect(usage_db) as conn:
        from reports.rightsizing import usage_stats
        got = usage_stats(conn, SOURCE, START, NOW, th)
    for trace in fleet():
        expected = traces.stats(trace)
        actual = got[traces.resource_id(trace)]
        assert actual.hours_covered == expected.hours_covered == 14 * 24
        for field in ("cpu", "cpu_p99", "cpu_max", "cpu_mean", "memory_bytes"):
            assert getattr(actual, field) == pytest.approx(getattr(expected, field), rel=1e-9), field
        assert actual.day_cpu == pytest.approx(expected.day_cpu, rel=1e-9)
        assert actual.day_network_bytes == pytest.approx(expected.day_network_bytes, rel=1e-9)


def test_findings_savings_and_krateo_shape(usage_db: str) -> None:
    th, _, cat, _, _ = load({}, {}, "test")
    with psycopg.connect(usage_db) as conn:
        recs = {r.resource_name: r for r in compute(conn, th, [SOURCE], cat, now=NOW)}
        save(conn, list(recs.values()), NOW)
    big, idle, hot = recs["vm-big-1"], recs["vm-idl-2"], recs["vm-hot-3"]
    # 16 vCPU at 0.048/vCPU-hour = 0.768/h, 730 h a month
    assert big.monthly_cost == Decimal("560.64") and big.billing_currency == "USD"
    assert big.finding == "over-provisioned" and big.from_size == "D16s v4" and big.to_size == "D4s v4"
    assert big.delta_percent == -75.0
    assert big.monthly_savings == Decimal("420.48")  # 4/16 of the price (memory scales with vCPUs in Dsv4)
    assert big.monthly_savings is not None and 0 < big.confidence <= 1 and "CPU p99.5" in big.reason
    # CO2e from the curated region table of migration 0010 (westeurope), by the CCF watts of the 12 vCPUs saved
    grid = query(usage_db, "SELECT avg(g_per_kwh) FROM finops.carbon_regions WHERE provider = 'azure' "
                           "AND region_id = 'westeurope'")[0][0]
    low, high = CCF_WATTS["azure"]
    mean_cpu = traces.stats(next(t for t in fleet() if t.vm_id == "vm-big-1")).cpu_mean  # a fraction
    watts = 12 * (low + mean_cpu * (high - low))
    assert big.co2e_saved_kg_per_month == pytest.approx(watts * 730 * CCF_PUE["azure"] / 1000 * grid / 1000,
                                                        abs=1e-3)
    assert idle.finding == "idle" and idle.to_size is None and idle.monthly_savings == idle.monthly_cost
    assert hot.finding == "under-provisioned" and hot.monthly_savings is not None and hot.monthly_savings < 0
    krateo = big.krateo()
    assert krateo["optimization"] == {"from": "D16s v4", "to": "D4s v4", "resourceDelta": -75.0}
    assert {"cost", "savings", "confidence", "reason"} <= set(krateo)
    opportunities = query(usage_db, "SELECT kind, resource, monthly_savings FROM "
                                    "finops.savings_opportunities(%s, %s)", (START, NOW))
    assert ("over-provisioned", "vm-big-1", Decimal("420.48")) in opportunities


def test_memory_is_sized_from_the_peak_not_a_percentile() -> None:
    cat = catalog()
    current = cat.find("Standard_D8s_v4")
    assert current is not None and current.vcpus == 8
    stats = UsageStats("r", hours_covered=336, cpu=0.05, cpu_p99=0.06, cpu_max=0.1, cpu_mean=0.04,
                       memory_bytes=14 * GIB, memory_available=False)
    rec = recommend(stats, current, cat, Thresholds(), resource_id="r")
    # CPU alone fits D2s v4 (8 GiB), but the 14 GiB peak + 15 % = 16.1 GiB needs D8s v4 (32 GiB): D4s has 16
    assert rec.to_size == "D8s v4" and rec.finding == "optimized"
    rec = recommend(replace(stats, memory_bytes=12 * GIB), current, cat, Thresholds(), resource_id="r")
    assert rec.to_size == "D4s v4"


def test_insufficient_data_and_unknown_sizes_are_flagged() -> None:
    cat = catalog()
    stats = UsageStats("r", hours_covered=29, cpu=0.05, cpu_p99=0.06, cpu_max=0.1, cpu_mean=0.04)
    rec = recommend(stats, cat.find("D4s v4"), cat, Thresholds(), resource_id="r")
    assert rec.finding == "insufficient-data" and "29 h" in rec.reason
    assert recommend(stats, None, cat, Thresholds(), resource_id="r").finding == "unknown-size"
    assert normalize_size("Standard_D2s_v4") == normalize_size("D2s v4") == "d2sv4"


def test_bad_thresholds_and_sources_are_config_errors() -> None:
    with pytest.raises(ConfigError) as err:
        load({"rightsizing": {"cpu_percentile": 1.5, "lookback": "10m", "memory_headroom": -1,
                              "sources": [{"cpu": {"metric": "m", "kind": "parsecs"}}]}}, {}, "test.yml")
    text = str(err.value)
    assert "cpu_percentile" in text and "lookback" in text and "memory_headroom" in text and "parsecs" in text


def test_the_default_azure_source_reads_available_memory(db: str) -> None:
    """The Azure exporter's own names: CPU percent, Available Memory Bytes (peak use = size - the lowest)."""
    n = 2 * 288
    trace = vm("vm-az-1", 8, np.full(n, 10.0), 0.25, 1e6)
    assert trace.memory_used_bytes is not None
    available = traces.Trace(trace.vm_id, trace.size, trace.vcpus, trace.memory_gib, trace.times,
                             trace.cpu_percent, trace.memory_gib * GIB - trace.memory_used_bytes, trace.network_bytes)
    names = {"cpu": "azure_vm_cpu_utilization_percent", "memory": "azure_vm_memory_available_bytes",
             "network": "azure_vm_network_receive_bytes"}
    with psycopg.connect(db) as conn:
        traces.store_samples(conn, [available], metrics=names)
    th = Thresholds(min_hours=24)
    with psycopg.connect(db) as conn:
        from reports.rightsizing import usage_stats
        stats = usage_stats(conn, UsageSource(), START, START + timedelta(days=2), th)[traces.resource_id(trace)]
    peak_used = float(trace.memory_used_bytes.max())
    assert stats.memory_available and stats.memory_bytes == pytest.approx(8 * 4 * GIB - peak_used)
    rec = recommend(stats, catalog().find("Standard_D8s_v4"), catalog(), th, resource_id="vm")
    assert rec.details["memory_needed_gib"] == pytest.approx(peak_used / GIB * 1.15, rel=1e-3)
