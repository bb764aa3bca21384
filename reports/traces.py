"""Usage traces for replaying rightsizing: a seeded synthetic generator with stated properties, a CSV reader for
real traces (e.g. the Azure Public Dataset's VM CPU readings), and the usage statistics of a trace computed with
numpy exactly as `finops.rightsizing_usage` computes them in SQL (linear-interpolated percentiles, UTC days).

Synthetic properties (no real trace is available from a package registry; these follow what the Azure Public
Dataset papers report: most VMs lightly used, strong daily cycles, bursty):
  * 5-minute samples; sizes from one family (Azure Dsv4: 2-32 vCPU, 4 GiB per vCPU);
  * base CPU lognormal (median 12 %, 10 % of VMs idle near 1 %), a daily cycle (amplitude 0-80 % of the base,
    peak in working hours), weekends at 50-100 % of weekdays, multiplicative noise (sigma 0.15-0.45);
  * bursts: on average one a day, 5-30 minutes at 2-5x the current level;
  * a trend over the whole trace of -10 % to +25 %, and 5 % of VMs shift level by 1.5-3x at a random time
    (a new workload: the risk a lookback cannot see);
  * memory used: 15-75 % of the size, slow growth, noise, and GC-like spikes up to +20 %;
  * network bytes per 5 minutes in proportion to CPU (idle VMs: a few KB).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from finops.errors import BadInputError
from focus.formats import as_utc
from reports.rightsizing import GIB, UsageStats

STEP_SECONDS = 300
DSV4 = [(2, 8.0), (4, 16.0), (8, 32.0), (16, 64.0), (32, 128.0)]


@dataclass(frozen=True)
class Trace:
    """One VM: sample times (Unix seconds), CPU percent of the VM, memory used bytes, network bytes per sample."""

    vm_id: str
    size: str
    vcpus: float
    memory_gib: float
    times: np.ndarray
    cpu_percent: np.ndarray
    memory_used_bytes: np.ndarray | None
    network_bytes: np.ndarray | None


def synthetic(n: int, days: int = 21, seed: int = 1, start: datetime = datetime(2025, 3, 3, tzinfo=UTC)
              ) -> list[Trace]:
    rng = np.random.default_rng(seed)
    t0 = start.timestamp()
    times = t0 + np.arange(days * 86400 // STEP_SECONDS) * STEP_SECONDS
    hour = (times % 86400) / 3600
    weekday = ((times // 86400).astype(int) + start.weekday()) % 7
    out = []
    for i in range(n):
        vcpus, mem_gib = DSV4[int(rng.integers(0, len(DSV4)))]
        idle = rng.random() < 0.10
        base = 1.0 if idle else float(np.clip(rng.lognormal(np.log(12), 0.8), 2, 70))
        amp = 0.0 if idle else rng.uniform(0, 0.8)
        daily = 1 + amp * np.sin((hour - 9) / 24 * 2 * np.pi)
        weekend = np.where(weekday >= 5, rng.uniform(0.5, 1.0), 1.0)
        trend = 1 + rng.uniform(-0.10, 0.25) * (times - t0) / (times[-1] - t0)
        level = base * daily * weekend * trend
        if not idle and rng.random() < 0.05:
            shift = int(rng.integers(len(times) // 3, len(times)))
            level[shift:] *= rng.uniform(1.5, 3.0)
        noise = rng.lognormal(0, rng.uniform(0.15, 0.45) if not idle else 0.3, len(times))
        cpu = level * noise
        if not idle:
            for _ in range(rng.poisson(days)):
                at = int(rng.integers(0, len(times)))
                cpu[at: at + int(rng.integers(1, 7))] *= rng.uniform(2, 5)
        cpu = np.clip(cpu, 0.1, 100.0)
        mem_frac = 0.03 if idle else rng.uniform(0.15, 0.75)
        mem = mem_frac * (1 + rng.uniform(0, 0.15) * (times - t0) / (times[-1] - t0))
        mem = mem * rng.normal(1, 0.02, len(times))
        spikes = rng.random(len(times)) < 0.002
        mem = np.where(spikes, mem * rng.uniform(1.05, 1.2, len(times)), mem)
        mem_bytes = np.clip(mem, 0.01, 0.98) * mem_gib * GIB
        net = (2e3 if idle else 4e5) * cpu * rng.lognormal(0, 0.3, len(times))
        out.append(Trace(f"vm-{i:04d}", f"D{vcpus}s v4", float(vcpus), mem_gib, times, cpu, mem_bytes, net))
    return out


REQUIRED_COLUMNS = ("vm_id", "timestamp", "cpu_percent")
OPTIONAL_COLUMNS = ("memory_used_bytes", "network_bytes", "size", "vcpus", "memory_gib")


def read_csv(path: str | Path) -> list[Trace]:
    """A real trace: columns vm_id, timestamp (Unix seconds or ISO 8601, naive = UTC), cpu_percent (0-100), and
    optionally memory_used_bytes, network_bytes, size, vcpus, memory_gib (Azure Public Dataset readings fit after
    renaming: vmid -> vm_id, avg cpu -> cpu_percent). Malformed input raises BadInputError naming the line, so a
    replay never runs on half-read data."""
    rows: dict[str, list[tuple[float, dict[str, str]]]] = {}
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            if missing:
                raise BadInputError(f"{path}: missing column(s) {', '.join(missing)} (header: {header})")
            for row in reader:
                where = f"{path}: line {reader.line_num}"
                if None in row or any(v is None for v in row.values()):
                    raise BadInputError(f"{where}: {len(header)} columns expected")
                vm = row["vm_id"].strip()
                if not vm:
                    raise BadInputError(f"{where}: empty vm_id")
                when = _ts(row["timestamp"], where)
                _number(row, "cpu_percent", where, 0, 100)
                for name in ("memory_used_bytes", "network_bytes", "vcpus", "memory_gib"):
                    if row.get(name):
                        _number(row, name, where, 0, None, positive=name in ("vcpus", "memory_gib"))
                rows.setdefault(vm, []).append((when, row))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise BadInputError(f"{path}: not a UTF-8 CSV trace: {exc}") from exc
    if not rows:
        raise BadInputError(f"{path}: no samples")
    out = []
    for vm, items in sorted(rows.items()):
        items.sort(key=lambda item: item[0])
        times = np.array([t for t, _ in items])
        if len(np.unique(times)) != len(times):
            raise BadInputError(f"{path}: VM {vm!r} has two samples at the same timestamp")
        first = items[0][1]
        for name in OPTIONAL_COLUMNS:
            present = {bool(r.get(name)) for _, r in items}
            if len(present) > 1:
                raise BadInputError(f"{path}: VM {vm!r}: {name} given on some rows and empty on others")
            if name in ("size", "vcpus", "memory_gib") and len({r.get(name) for _, r in items}) > 1:
                raise BadInputError(f"{path}: VM {vm!r}: {name} changes within the trace")

        def col(name: str, items: list[tuple[float, dict[str, str]]] = items) -> np.ndarray | None:
            if not items[0][1].get(name):
                return None
            return np.array([float(r[name]) for _, r in items])

        vcpus = float(first.get("vcpus") or 4)
        mem = float(first.get("memory_gib") or vcpus * 4)
        cpu = col("cpu_percent")
        assert cpu is not None  # checked on every row above
        out.append(Trace(vm, first.get("size") or f"D{int(vcpus)}s v4", vcpus, mem, times, cpu,
                         col("memory_used_bytes"), col("network_bytes")))
    return out


def _number(row: dict[str, str], name: str, where: str, low: float, high: float | None,
            positive: bool = False) -> float:
    text = row[name]
    try:
        value = float(text)
    except ValueError:
        raise BadInputError(f"{where}: {name} {text!r} is not a number") from None
    if not math.isfinite(value) or value < low or (high is not None and value > high) or (positive and value <= 0):
        bound = f"in [{low:g}, {high:g}]" if high is not None else ("> 0" if positive else f">= {low:g}")
        raise BadInputError(f"{where}: {name} {text!r} is not a finite number {bound}")
    return value


def _ts(text: str, where: str = "timestamp") -> float:
    try:
        value = float(text)
    except ValueError:
        try:
            parsed = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        except ValueError:
            raise BadInputError(f"{where}: timestamp {text!r} is neither Unix seconds nor ISO 8601") from None
        return as_utc(parsed).timestamp()  # naive = UTC, as everywhere in FOCUS
    if not math.isfinite(value):
        raise BadInputError(f"{where}: timestamp {text!r} is not finite")
    return value


def window(trace: Trace, start: float, end: float) -> Trace:
    keep = (trace.times >= start) & (trace.times < end)

    def cut(a: np.ndarray | None) -> np.ndarray | None:
        return None if a is None else a[keep]

    return Trace(trace.vm_id, trace.size, trace.vcpus, trace.memory_gib, trace.times[keep], trace.cpu_percent[keep],
                 cut(trace.memory_used_bytes), cut(trace.network_bytes))


def stats(trace: Trace, cpu_percentile: float = 0.995, idle_percentile: float = 0.95) -> UsageStats:
    """What finops.rightsizing_usage returns for this trace stored as percent CPU, used memory bytes and a
    network gauge (per-sample bytes)."""
    cpu = trace.cpu_percent / 100
    days = (trace.times // 86400).astype(np.int64)
    day_keys = np.unique(days)
    day_cpu = tuple(float(np.percentile(cpu[days == d], idle_percentile * 100)) for d in day_keys)
    day_net: tuple[float | None, ...] = tuple(
        None if trace.network_bytes is None else float(trace.network_bytes[days == d].sum()) for d in day_keys)
    memory = None if trace.memory_used_bytes is None or not len(trace.memory_used_bytes) else float(
        trace.memory_used_bytes.max())
    return UsageStats(
        resource_id=trace.vm_id, hours_covered=len(np.unique(trace.times // 3600)),
        cpu=float(np.percentile(cpu, cpu_percentile * 100)), cpu_p99=float(np.percentile(cpu, 99)),
        cpu_max=float(cpu.max()), cpu_mean=float(cpu.mean()), memory_bytes=memory, memory_available=False,
        day_cpu=day_cpu, day_network_bytes=day_net)


def samples(trace: Trace) -> Iterator[tuple[float, str, float]]:
    """(time, metric, value) of the trace as the stored series a test or demo inserts."""
    for i, t in enumerate(trace.times):
        yield float(t), "cpu", float(trace.cpu_percent[i])
        if trace.memory_used_bytes is not None:
            yield float(t), "memory", float(trace.memory_used_bytes[i])
        if trace.network_bytes is not None:
            yield float(t), "network", float(trace.network_bytes[i])


__all__ = ["STEP_SECONDS", "Trace", "read_csv", "samples", "stats", "synthetic", "window"]


# ------------------------------------------------------------------------------------------------------------
# Storing traces (tests and the demo): samples as the Azure exporter names them, FOCUS rows priced per hour
# ------------------------------------------------------------------------------------------------------------
AZURE_METRICS = {"cpu": "azure_vm_cpu_utilization_percent", "memory": "azure_vm_memory_used_bytes",
                 "network": "azure_vm_network_transmit_bytes"}


def resource_id(trace: Trace, subscription: str = "00000000-0000-0000-0000-00000000d3m0") -> str:
    return (f"/subscriptions/{subscription}/resourcegroups/rg-demo/providers/microsoft.compute/"
            f"virtualmachines/{trace.vm_id}")


def store_samples(conn: object, traces: list[Trace], step: int = 1,
                  metrics: dict[str, str] | None = None) -> int:
    """Inserts every `step`-th sample of each trace into finops.samples (through INSERT, as the store wants),
    under `metrics` (cpu, memory, network -> metric name; default AZURE_METRICS)."""
    import json

    import psycopg

    assert isinstance(conn, psycopg.Connection)
    count = 0
    for trace in traces:
        rid = resource_id(trace)
        ids = {}
        for key, metric in (metrics or AZURE_METRICS).items():
            labels = {"__name__": metric, "resource_id": rid, "resource_name": trace.vm_id, "job": "azure"}
            row = conn.execute("SELECT id FROM finops.get_or_create_series(ARRAY[%s::jsonb])",
                               (json.dumps(labels),)).fetchone()
            assert row is not None
            ids[key] = row[0]
        rows = [(datetime.fromtimestamp(t, UTC), ids[k], v) for i, (t, k, v) in enumerate(samples(trace))
                if (i // 3) % step == 0]
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO finops.samples (time, series_id, value) VALUES (%s, %s, %s) "
                            "ON CONFLICT DO NOTHING", rows)
        count += len(rows)
    return count


def focus_rows(traces: list[Trace], template: dict[str, str], start: datetime, days: int,
               price_per_vcpu_hour: str = "0.048") -> list[dict[str, str]]:
    """Daily Usage rows per VM (FOCUS 1.2 columns of `template`): 24 hours at vCPUs x price per vCPU-hour."""
    from datetime import timedelta
    from decimal import Decimal

    out = []
    for trace in traces:
        hourly = Decimal(price_per_vcpu_hour) * Decimal(int(trace.vcpus))
        for d in range(days):
            day = start + timedelta(days=d)
            cost = str(hourly * 24)
            row = dict(template)
            row.update({
                "ChargePeriodStart": f"{day:%Y-%m-%dT00:00:00Z}",
                "ChargePeriodEnd": f"{day + timedelta(days=1):%Y-%m-%dT00:00:00Z}",
                "BillingPeriodStart": f"{day:%Y-%m-01T00:00:00Z}",
                "BillingPeriodEnd": (f"{day.replace(day=1) + timedelta(days=32):%Y-%m-01T00:00:00Z}"),
                "BilledCost": cost, "EffectiveCost": cost, "ListCost": cost, "ContractedCost": cost,
                "ListUnitPrice": str(hourly), "ContractedUnitPrice": str(hourly), "PricingQuantity": "24",
                "ConsumedQuantity": "24", "PricingUnit": "Hours", "ConsumedUnit": "Hours",
                "PricingCurrencyContractedUnitPrice": str(hourly), "PricingCurrencyEffectiveCost": cost,
                "PricingCurrencyListUnitPrice": str(hourly),
                "ResourceId": resource_id(trace), "ResourceName": trace.vm_id, "ResourceType": "Virtual machine",
                "ProviderName": "Microsoft", "PublisherName": "Microsoft", "InvoiceIssuerName": "Microsoft",
                "ServiceName": "Virtual Machines", "ServiceCategory": "Compute", "RegionId": "westeurope",
                "RegionName": "West Europe", "SkuMeter": trace.size, "ChargeDescription": f"{trace.size} hours",
                "SkuPriceDetails": '{"InstanceType": "Standard_' + trace.size.replace(" ", "_") + '"}',
                "Tags": '{"team": "' + ("web" if int(trace.vm_id[-1]) % 2 else "data") + '"}',
            })
            out.append(row)
    return out


def write_focus_csv(path: str | Path, traces_: list[Trace], template_csv: str | Path, start: datetime,
                    days: int) -> Path:
    """The VMs' daily FOCUS rows as a CSV with the columns (and the other values) of `template_csv`'s first row."""
    with open(template_csv, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        template = next(reader)
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(focus_rows(traces_, template, start, days))
    return Path(path)
