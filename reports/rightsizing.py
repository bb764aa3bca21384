"""Rightsizing and idle recommendations from cost x usage: Azure VMs (the Azure exporter's metrics) and any
resource with CPU and memory usage series.

Per resource over the lookback (defaults anchored on the tools, all configurable):

* CPU: the `cpu_percentile` of the CPU in cores divided by the target utilization is the vCPUs needed; the
  defaults are AWS Compute Optimizer's (P99.5 with 20 % headroom: 0.995 / 0.8): replayed over traces they keep
  breaches under 2 % where krr's p95 with Kubecost's 0.7 target breached 3.6-6.2 % (bench/rightsizing.py);
* memory: the PEAK use plus `memory_headroom` (0.15: krr's max + 15 %), never a percentile (sizing memory from a
  percentile is how rightsizing tools cause out-of-memory kills: krr #110, #379);
* idle: every day's CPU at `idle_cpu_percentile` at or below `idle_cpu_percent` (5: Advisor's LowCpuThreshold
  default) and network at or below `idle_network_bytes_per_day` (7 MB: Advisor's network rule) on at least
  `idle_min_days` days (4: Advisor) -> deallocate;
* insufficient data under `min_hours` hours with samples (30: AWS Compute Optimizer's minimum);
* the target is the smallest size of the same family (instance tables of Cloud Carbon Footprint, Apache-2.0,
  reports/data/) with enough vCPUs and memory; the monthly saving is priced from the resource's own FOCUS rows
  (EffectiveCost per hour of its charge periods x 730) scaled by the sizes' price ratio, estimated with
  OpenCost's default per-vCPU and per-GiB prices (within a family, prices follow size);
* CO2e saved (when carbon intensity is in the database): the vCPUs no longer powered, at the measured CPU, with
  Cloud Carbon Footprint's watts per vCPU and PUE per provider.

The output is a superset of Krateo's optimizer answer (`from`, `to`, `delta` as resourceDelta in percent of
vCPUs, and the cost), with the monthly saving, a confidence in [0, 1] and a readable reason.
"""

from __future__ import annotations

import csv
import json
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import click
import psycopg
from psycopg import sql

from finops.config import Setting, parse_duration, resolve
from finops.errors import ConfigError
from reports.allocation import OPENCOST_CPU_HOURLY, OPENCOST_RAM_GIB_HOURLY
from reports.context import common_options, context_from, run_report

log = logging.getLogger(__name__)

GIB = 1024**3
HOURS_PER_MONTH = 730
#: Cloud Carbon Footprint: min and max watts per vCPU and the PUE per provider (Methodology.md)
CCF_WATTS = {"aws": (0.74, 3.5), "gcp": (0.71, 4.26), "azure": (0.78, 3.76)}
CCF_PUE = {"aws": 1.135, "gcp": 1.1, "azure": 1.185}
_PROVIDERS = {"aws": "aws", "amazon web services": "aws", "amazon": "aws", "microsoft": "azure", "azure": "azure",
              "microsoft azure": "azure", "google cloud": "gcp", "google": "gcp", "gcp": "gcp"}


def _fraction(value: Any) -> float:
    number = float(value)
    if not 0 < number <= 1:
        raise ValueError("must be in (0, 1]")
    return number


def _non_negative(value: Any) -> float:
    number = float(value)
    if not number >= 0 or number == float("inf"):
        raise ValueError("must be a non-negative number")
    return number


def _positive_int(value: Any) -> int:
    number = int(str(value))
    if number < 1:
        raise ValueError("must be at least 1")
    return number


def _duration(value: Any) -> float:
    seconds = parse_duration(value)
    if seconds < 3600:
        raise ValueError("must be at least 1h")
    return seconds


RIGHTSIZING_SETTINGS = [
    Setting("rightsizing.lookback", _duration, "14d", "usage window (AWS Compute Optimizer's default 14 days)"),
    Setting("rightsizing.cpu_percentile", _fraction, 0.995, "CPU percentile sized for (Compute Optimizer P99.5)"),
    Setting("rightsizing.cpu_target_utilization", _fraction, 0.8,
            "CPU utilization of the target (Compute Optimizer's 20 % headroom)"),
    Setting("rightsizing.memory_headroom", _non_negative, 0.15, "added to the memory peak (krr +15 %)"),
    Setting("rightsizing.idle_cpu_percent", _non_negative, 5.0, "idle: daily CPU at or below (Advisor 5 %)"),
    Setting("rightsizing.idle_cpu_percentile", _fraction, 0.95, "idle: the daily CPU percentile compared"),
    Setting("rightsizing.idle_network_bytes_per_day", _non_negative, 7e6, "idle: daily network (Advisor 7 MB)"),
    Setting("rightsizing.idle_min_days", _positive_int, 4, "idle: at least this many days (Advisor 4)"),
    Setting("rightsizing.min_hours", _positive_int, 30, "hours with samples needed (Compute Optimizer 30 h)"),
]


@dataclass(frozen=True)
class Thresholds:
    lookback_seconds: float = 14 * 86400
    cpu_percentile: float = 0.995
    cpu_target_utilization: float = 0.8
    memory_headroom: float = 0.15
    idle_cpu_percent: float = 5.0
    idle_cpu_percentile: float = 0.95
    idle_network_bytes_per_day: float = 7e6
    idle_min_days: int = 4
    min_hours: int = 30

    @classmethod
    def resolve(cls, flags: Mapping[str, Any], file_values: Mapping[str, Any],
                environ: Mapping[str, str] | None = None, source: str = "configuration") -> Thresholds:
        section = file_values.get("rightsizing") or {}
        if not isinstance(section, Mapping):
            raise ConfigError(["'rightsizing' must be a mapping"], source)
        scalar = {k: v for k, v in section.items() if k not in ("sources", "instances", "sizes", "carbon")}
        values = resolve(RIGHTSIZING_SETTINGS, flags=dict(flags), file_values={"rightsizing": scalar},
                         environ=environ, source=source)
        return cls(values["rightsizing.lookback"], values["rightsizing.cpu_percentile"],
                   values["rightsizing.cpu_target_utilization"], values["rightsizing.memory_headroom"],
                   values["rightsizing.idle_cpu_percent"], values["rightsizing.idle_cpu_percentile"],
                   values["rightsizing.idle_network_bytes_per_day"], values["rightsizing.idle_min_days"],
                   values["rightsizing.min_hours"])


# ------------------------------------------------------------------------------------------------------------
# Instance sizes
# ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InstanceType:
    provider: str
    name: str
    family: str
    vcpus: float
    memory_gib: float

    @property
    def hourly_price_proxy(self) -> float:
        """A size's relative price: OpenCost's default vCPU-hour and GiB-hour prices (ratios only matter)."""
        return self.vcpus * float(OPENCOST_CPU_HOURLY) + self.memory_gib * float(OPENCOST_RAM_GIB_HOURLY)


def normalize_size(name: str) -> str:
    """`Standard_D2s_v4`, `D2s v4` and `d2sv4` name the same Azure size; AWS and GCP names keep their dots."""
    text = re.sub(r"[\s_\-]", "", name.strip().lower())
    for prefix in ("standard", "basic"):
        if text.startswith(prefix) and len(text) > len(prefix) and not text[len(prefix)].isdigit():
            text = text[len(prefix):]
    return text


class InstanceCatalog:
    """Sizes by normalized name, and the sizes of each family ordered from the smallest."""

    def __init__(self, types: Iterable[InstanceType]) -> None:
        self._by_name: dict[str, InstanceType] = {}
        self._families: dict[tuple[str, str], list[InstanceType]] = {}
        for t in types:
            self._by_name[normalize_size(t.name)] = t
        for t in self._by_name.values():
            self._families.setdefault((t.provider, t.family), []).append(t)
        for members in self._families.values():
            members.sort(key=lambda t: (t.hourly_price_proxy, t.vcpus, t.memory_gib, t.name))

    def find(self, name: str | None) -> InstanceType | None:
        return self._by_name.get(normalize_size(name)) if name else None

    def family(self, t: InstanceType) -> list[InstanceType]:
        return self._families.get((t.provider, t.family), [t])

    def __len__(self) -> int:
        return len(self._by_name)


@cache
def bundled_instances() -> tuple[InstanceType, ...]:
    text = resources.files("reports").joinpath("data/instances.csv").read_text(encoding="utf-8")
    return tuple(InstanceType(r["provider"], r["instance_type"], r["family"], float(r["vcpus"]),
                              float(r["memory_gib"])) for r in csv.DictReader(text.splitlines()))


def catalog(extra: Any = None, source: str = "rightsizing.instances") -> InstanceCatalog:
    """The bundled sizes plus `rightsizing.instances` from YAML (checked: every problem at once)."""
    types = list(bundled_instances())
    problems: list[str] = []
    for i, item in enumerate(extra or []):
        try:
            types.append(InstanceType(str(item["provider"]).lower(), str(item["instance_type"]), str(item["family"]),
                                      float(item["vcpus"]), float(item["memory_gib"])))
            if types[-1].vcpus <= 0 or types[-1].memory_gib <= 0:
                raise ValueError("vcpus and memory_gib must be positive")
        except (KeyError, TypeError, ValueError) as exc:
            problems.append(f"instances[{i}]: needs provider, instance_type, family, vcpus, memory_gib ({exc})")
    if problems:
        raise ConfigError(problems, source)
    return InstanceCatalog(types)


# ------------------------------------------------------------------------------------------------------------
# The decision
# ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UsageStats:
    """What the lookback says about a resource (finops.rightsizing_usage, or numpy in the benchmark)."""

    resource_id: str
    hours_covered: int
    cpu: float  # at the CPU percentile; a fraction of the resource, or cores when cpu_in_cores
    cpu_p99: float
    cpu_max: float
    cpu_mean: float
    cpu_in_cores: bool = False
    memory_bytes: float | None = None  # lowest available (memory_available) or peak used
    memory_available: bool = True
    day_cpu: tuple[float, ...] = ()  # per day, at the idle percentile
    day_network_bytes: tuple[float | None, ...] = ()


@dataclass(frozen=True)
class Recommendation:
    resource_id: str
    finding: str  # over-provisioned, under-provisioned, optimized, idle, insufficient-data, unknown-size
    from_size: str | None
    to_size: str | None
    from_vcpus: float | None
    to_vcpus: float | None
    from_memory_gib: float | None
    to_memory_gib: float | None
    delta_percent: float | None  # Krateo's resourceDelta: the vCPU change in percent
    monthly_cost: Decimal | None
    monthly_savings: Decimal | None
    billing_currency: str | None
    confidence: float
    reason: str
    resource_name: str | None = None
    provider: str | None = None
    region_id: str | None = None
    co2e_saved_kg_per_month: float | None = None
    details: Mapping[str, Any] = field(default_factory=dict)

    def krateo(self) -> dict[str, Any]:
        """Krateo's optimizer answer ({resourceid, metricname, unit, optimization: {from, to, resourceDelta}})
        extended with the cost, the saving, the confidence and the reason."""
        return {
            "resourceid": self.resource_id, "metricname": "Percentage CPU", "unit": "vCPU",
            "optimization": {"from": self.from_size, "to": self.to_size, "resourceDelta": self.delta_percent},
            "cost": None if self.monthly_cost is None else str(self.monthly_cost),
            "savings": None if self.monthly_savings is None else str(self.monthly_savings),
            "currency": self.billing_currency, "finding": self.finding, "confidence": self.confidence,
            "reason": self.reason, "co2eSavedKgPerMonth": self.co2e_saved_kg_per_month,
        }


def cpu_cores(stats: UsageStats, value: float, vcpus: float) -> float:
    return value if stats.cpu_in_cores else value * vcpus


def is_idle(stats: UsageStats, vcpus: float, th: Thresholds) -> bool:
    """Every day quiet on CPU and network, on enough days; without network data a resource is never idle."""
    days = len(stats.day_cpu)
    if days < th.idle_min_days or len(stats.day_network_bytes) != days:
        return False
    for cpu, net in zip(stats.day_cpu, stats.day_network_bytes, strict=True):
        percent = cpu_cores(stats, cpu, vcpus) / vcpus * 100
        if net is None or percent > th.idle_cpu_percent or net > th.idle_network_bytes_per_day:
            return False
    return True


def choose_size(current: InstanceType, cat: InstanceCatalog, vcpus_needed: float,
                memory_needed_gib: float) -> InstanceType:
    """The cheapest size of the family that has both; the family's largest when none has."""
    fitting = [t for t in cat.family(current) if t.vcpus >= vcpus_needed and t.memory_gib >= memory_needed_gib]
    if fitting:
        return fitting[0]
    return max(cat.family(current), key=lambda t: (t.vcpus, t.memory_gib))


def _money(value: float | Decimal, currency_digits: int = 2) -> Decimal:
    number = value if isinstance(value, Decimal) else Decimal(repr(value))
    return number.quantize(Decimal(1).scaleb(-currency_digits))


def recommend(stats: UsageStats | None, current: InstanceType | None, cat: InstanceCatalog, th: Thresholds, *,
              resource_id: str, monthly_cost: Decimal | None = None, currency: str | None = None,
              lookback_hours: float | None = None, grid_g_per_kwh: float | None = None) -> Recommendation:
    """One resource's recommendation: pure, so the benchmark replays exactly what the report computes."""
    def make(**fields: Any) -> Recommendation:
        return Recommendation(resource_id=resource_id, monthly_cost=monthly_cost, billing_currency=currency,
                              **fields)

    if current is None:
        return make(finding="unknown-size", from_size=None, to_size=None, from_vcpus=None,
                              to_vcpus=None, from_memory_gib=None, to_memory_gib=None, delta_percent=None,
                              monthly_savings=None, confidence=0.0,
                              reason="size unknown: no InstanceType/SkuMeter in its FOCUS rows matches the instance "
                                     "tables; name it under rightsizing.sizes or add it under rightsizing.instances")
    sized: dict[str, Any] = {"from_size": current.name, "from_vcpus": current.vcpus,
                             "from_memory_gib": current.memory_gib}
    lookback_hours = lookback_hours or th.lookback_seconds / 3600
    if stats is None or stats.hours_covered < th.min_hours:
        hours = 0 if stats is None else stats.hours_covered
        return make(**sized, finding="insufficient-data", to_size=None, to_vcpus=None,
                              to_memory_gib=None, delta_percent=None, monthly_savings=None,
                              confidence=round(min(1.0, hours / lookback_hours), 2),
                              reason=f"insufficient data: {hours} h of CPU samples, {th.min_hours} h needed")
    coverage = min(1.0, stats.hours_covered / lookback_hours)
    if is_idle(stats, current.vcpus, th):
        savings = monthly_cost
        return make(
            **sized, finding="idle", to_size=None, to_vcpus=0.0, to_memory_gib=0.0, delta_percent=-100.0,
            monthly_savings=savings, confidence=round(coverage, 2),
            reason=f"idle on all {len(stats.day_cpu)} days: daily CPU p{th.idle_cpu_percentile * 100:g} <= "
                   f"{th.idle_cpu_percent:g} % and network <= {th.idle_network_bytes_per_day / 1e6:g} MB: deallocate",
            co2e_saved_kg_per_month=_co2e(current, current.vcpus, stats.cpu_mean, stats, grid_g_per_kwh))
    cores = cpu_cores(stats, stats.cpu, current.vcpus)
    vcpus_needed = cores / th.cpu_target_utilization
    notes = []
    if stats.memory_bytes is None:
        memory_needed = current.memory_gib
        notes.append("no memory samples: memory kept")
    else:
        peak_gib = (current.memory_gib - stats.memory_bytes / GIB) if stats.memory_available \
            else stats.memory_bytes / GIB
        peak_gib = max(peak_gib, 0.0)
        memory_needed = peak_gib * (1 + th.memory_headroom)
        notes.append(f"memory peak {peak_gib:.2f} GiB + {th.memory_headroom * 100:g} % = {memory_needed:.2f} GiB")
    target = choose_size(current, cat, vcpus_needed, memory_needed)
    ratio = target.hourly_price_proxy / current.hourly_price_proxy
    savings = None if monthly_cost is None else _money(monthly_cost * (1 - Decimal(repr(ratio))))
    if target.name == current.name:
        finding = "optimized"
        savings = None if monthly_cost is None else Decimal("0.00")
    elif target.hourly_price_proxy < current.hourly_price_proxy:
        finding = "over-provisioned"
    else:
        finding = "under-provisioned"
    p99_cores = cpu_cores(stats, stats.cpu_p99, current.vcpus)
    confidence = coverage * (1.0 if stats.memory_bytes is not None else 0.6) * (
        1.0 if target.vcpus >= p99_cores else 0.7)
    reason = (f"CPU p{th.cpu_percentile * 100:g} {cores:.2f} of {current.vcpus:g} vCPU / target "
              f"{th.cpu_target_utilization * 100:g} % = {vcpus_needed:.2f} vCPU; {'; '.join(notes)}; "
              f"{target.name} ({target.vcpus:g} vCPU, {target.memory_gib:g} GiB)"
              f"{' is the size it has' if finding == 'optimized' else ' fits'}"
              f"{'' if target.vcpus >= p99_cores else f' (p99 {p99_cores:.2f} vCPU above it: lower confidence)'}")
    co2e = _co2e(current, current.vcpus - target.vcpus, stats.cpu_mean, stats, grid_g_per_kwh) \
        if finding == "over-provisioned" else None
    return make(
        **sized, finding=finding, to_size=target.name, to_vcpus=target.vcpus,
        to_memory_gib=target.memory_gib, delta_percent=round((target.vcpus - current.vcpus) / current.vcpus * 100, 1),
        monthly_savings=savings, confidence=round(confidence, 2), reason=reason, co2e_saved_kg_per_month=co2e,
        details={"cpu_cores": round(cores, 4), "cpu_p99_cores": round(p99_cores, 4), "vcpus_needed":
                 round(vcpus_needed, 4), "memory_needed_gib": round(memory_needed, 4), "price_ratio": round(ratio, 4),
                 "hours_covered": stats.hours_covered})


def _co2e(current: InstanceType, vcpus_saved: float, mean_cpu: float, stats: UsageStats,
          grid_g_per_kwh: float | None) -> float | None:
    """kg CO2e per month of the vCPUs no longer powered (CCF: watts at the measured CPU x PUE x grid)."""
    if grid_g_per_kwh is None or vcpus_saved <= 0 or current.provider not in CCF_WATTS:
        return None
    low, high = CCF_WATTS[current.provider]
    utilization = min(1.0, max(0.0, mean_cpu / current.vcpus if stats.cpu_in_cores else mean_cpu))
    kwh = vcpus_saved * (low + utilization * (high - low)) * HOURS_PER_MONTH * CCF_PUE[current.provider] / 1000
    return round(kwh * grid_g_per_kwh / 1000, 3)


# ------------------------------------------------------------------------------------------------------------
# Sources and the database
# ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UsageSource:
    cpu_metric: str = "azure_vm_cpu_utilization_percent"
    cpu_kind: str = "percent"
    memory_metric: str = "azure_vm_memory_available_bytes"
    memory_kind: str = "available_bytes"
    network_metrics: tuple[str, ...] = ("azure_vm_network_receive_bytes", "azure_vm_network_transmit_bytes")
    network_kind: str = "gauge"
    resource_label: str = "resource_id"


def parse_sources(raw: Any, source: str = "rightsizing.sources") -> list[UsageSource]:
    """`rightsizing.sources` (default: the Azure exporter's VM metrics), every problem at once."""
    if raw is None:
        return [UsageSource()]
    if not isinstance(raw, list) or not raw:
        raise ConfigError(["rightsizing.sources must be a non-empty list"], source)
    out, problems = [], []
    for i, item in enumerate(raw):
        try:
            cpu, mem, net = item["cpu"], item.get("memory") or {}, item.get("network") or {}
            src = UsageSource(
                cpu_metric=str(cpu["metric"]), cpu_kind=str(cpu.get("kind", "percent")),
                memory_metric=str(mem.get("metric", "")), memory_kind=str(mem.get("kind", "used_bytes")),
                network_metrics=tuple(str(m) for m in net.get("metrics", ())),
                network_kind=str(net.get("kind", "counter")),
                resource_label=str(item.get("resource_label", "resource_id")))
        except (KeyError, TypeError, AttributeError) as exc:
            problems.append(f"sources[{i}]: needs cpu: {{metric, kind}} and optional memory/network ({exc!r})")
            continue
        if src.cpu_kind not in ("percent", "ratio", "cores", "seconds_total"):
            problems.append(f"sources[{i}]: cpu.kind {src.cpu_kind!r} is not percent, ratio, cores or seconds_total")
        if src.memory_kind not in ("available_bytes", "used_bytes"):
            problems.append(f"sources[{i}]: memory.kind {src.memory_kind!r} is not available_bytes or used_bytes")
        if src.network_kind not in ("gauge", "counter"):
            problems.append(f"sources[{i}]: network.kind {src.network_kind!r} is not gauge or counter")
        out.append(src)
    if problems:
        raise ConfigError(problems, source)
    return out


def usage_stats(conn: psycopg.Connection[Any], src: UsageSource, since: datetime, until: datetime,
                th: Thresholds) -> dict[str, UsageStats]:
    rows = conn.execute(
        "SELECT * FROM finops.rightsizing_usage(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (src.cpu_metric, src.cpu_kind, src.memory_metric, src.memory_kind, list(src.network_metrics),
         src.network_kind, src.resource_label, since, until, th.cpu_percentile, th.idle_cpu_percentile),
    ).fetchall()
    out = {}
    for rid, _n, hours, pv, p99, mx, mean, mem, mem_n, _days, day_cpu, day_net in rows:
        out[rid] = UsageStats(
            resource_id=rid, hours_covered=int(hours), cpu=float(pv), cpu_p99=float(p99), cpu_max=float(mx),
            cpu_mean=float(mean), cpu_in_cores=src.cpu_kind in ("cores", "seconds_total"),
            memory_bytes=None if mem is None or not mem_n else float(mem),
            memory_available=src.memory_kind == "available_bytes",
            day_cpu=tuple(float(v) for v in day_cpu or ()),
            day_network_bytes=tuple(None if v is None else float(v) for v in day_net or ()))
    return out


def grid_intensity(conn: psycopg.Connection[Any], carbon: Mapping[str, Any]) -> dict[tuple[str, str], float]:
    """g CO2e/kWh per (provider, region) from the carbon tables when they exist; empty otherwise.

    The relation and its columns are configurable (rightsizing.carbon: relation, provider_column,
    region_column, intensity_column); a missing relation means no CO2e figures, never an error.
    """
    relation = str(carbon.get("relation", "finops.carbon_regions"))  # migration 0010
    if "." not in relation:
        relation = f"finops.{relation}"
    schema, table = relation.split(".", 1)
    found = conn.execute("SELECT to_regclass(%s)", (relation,)).fetchone()
    if not found or found[0] is None:
        return {}
    cols = [str(carbon.get(k, d)) for k, d in (("provider_column", "provider"), ("region_column", "region_id"),
                                               ("intensity_column", "g_per_kwh"))]
    try:
        with conn.transaction():
            rows = conn.execute(sql.SQL("SELECT {}, {}, avg({})::float8 FROM {} GROUP BY 1, 2").format(
                *(sql.Identifier(c) for c in cols), sql.Identifier(schema, table))).fetchall()
    except psycopg.Error as exc:
        log.warning("carbon intensity from %s unreadable (%s): no CO2e figures", relation, exc.diag.message_primary)
        return {}
    return {(provider_key(p), str(r).lower()): float(v) for p, r, v in rows if p and r and v is not None}


def provider_key(name: str | None) -> str:
    return _PROVIDERS.get((name or "").strip().lower(), (name or "").strip().lower())


def compute(conn: psycopg.Connection[Any], th: Thresholds, sources: Sequence[UsageSource], cat: InstanceCatalog,
            *, now: datetime, sizes: Mapping[str, str] | None = None,
            carbon: Mapping[str, Any] | None = None) -> list[Recommendation]:
    """Recommendations for every resource with usage series or with FOCUS rows naming a size."""
    until = now
    since = until - timedelta(seconds=th.lookback_seconds)
    stats: dict[str, UsageStats] = {}
    for src in sources:
        stats.update(usage_stats(conn, src, since, until, th))
    sizes_by_rid = {k.lower(): v for k, v in (sizes or {}).items()}
    intensity = grid_intensity(conn, carbon or {})
    out: list[Recommendation] = []
    seen: set[str] = set()
    for (rid, name, provider, region, instance_type, sku_meter, _cores, _mem, currency, effective, _b, _l,
         hours) in conn.execute("SELECT * FROM finops.resource_sizes(%s, %s)", (since, until)).fetchall():
        if rid in seen:  # several currencies: the first (ordered) one prices it
            continue
        seen.add(rid)
        current = cat.find(sizes_by_rid.get(rid)) or cat.find(instance_type) or cat.find(sku_meter)
        if current is None and rid not in stats:
            continue  # neither a known size nor usage: not a compute resource we can size
        monthly = None if not hours else _money(Decimal(effective) * HOURS_PER_MONTH / Decimal(repr(hours)))
        rec = recommend(stats.get(rid), current, cat, th, resource_id=rid, monthly_cost=monthly, currency=currency,
                        grid_g_per_kwh=intensity.get((provider_key(provider), (region or "").lower())))
        out.append(_with(rec, resource_name=name, provider=provider, region_id=region))
    for rid in sorted(set(stats) - seen):
        current = cat.find(sizes_by_rid.get(rid))
        out.append(recommend(stats[rid], current, cat, th, resource_id=rid))
    out.sort(key=lambda r: (-(r.monthly_savings or 0), r.resource_id))
    return out


def _with(rec: Recommendation, **changes: Any) -> Recommendation:
    values = asdict(rec)
    values.update(changes)
    return Recommendation(**values)


def save(conn: psycopg.Connection[Any], recs: Sequence[Recommendation], computed_at: datetime) -> None:
    with conn.transaction(), conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO finops.recommendations (computed_at, resource_id, resource_name, provider, region_id, "
            "finding, from_size, to_size, from_vcpus, to_vcpus, from_memory_gib, to_memory_gib, delta_percent, "
            "monthly_cost, monthly_savings, billing_currency, confidence, reason, co2e_saved_kg_per_month, details) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [(computed_at, r.resource_id, r.resource_name, r.provider, r.region_id, r.finding, r.from_size,
              r.to_size, r.from_vcpus, r.to_vcpus, r.from_memory_gib, r.to_memory_gib, r.delta_percent,
              r.monthly_cost, r.monthly_savings, r.billing_currency, r.confidence, r.reason,
              r.co2e_saved_kg_per_month, json.dumps(dict(r.details))) for r in recs])


COLUMNS = ["resource_id", "resource_name", "finding", "from_size", "to_size", "delta_percent", "monthly_cost",
           "monthly_savings", "billing_currency", "confidence", "co2e_saved_kg_per_month", "reason"]


def load(file_values: Mapping[str, Any], flags: Mapping[str, Any], source: str,
         environ: Mapping[str, str] | None = None) -> tuple[Thresholds, list[UsageSource], InstanceCatalog,
                                                           dict[str, str], dict[str, Any]]:
    """Thresholds, sources, sizes and carbon settings from the YAML `rightsizing:` section and the flags."""
    section = file_values.get("rightsizing") or {}
    problems: list[str] = []
    parts: list[Any] = []
    for part in (lambda: Thresholds.resolve(flags, file_values, environ, source),
                 lambda: parse_sources(section.get("sources"), source),
                 lambda: catalog(section.get("instances"), source)):
        try:
            parts.append(part())
        except ConfigError as exc:  # every problem of every part at once
            problems.extend(exc.problems)
    sizes = section.get("sizes") or {}
    carbon = section.get("carbon") or {}
    if not isinstance(sizes, Mapping) or not isinstance(carbon, Mapping):
        problems.append("rightsizing.sizes and rightsizing.carbon must be mappings")
    if problems:
        raise ConfigError(problems, source)
    th, sources, cat = parts
    return th, sources, cat, {str(k): str(v) for k, v in sizes.items()}, dict(carbon)


@click.command("rightsizing")
@click.option("--save/--no-save", "store", default=False, show_default=True,
              help="Store them in finops.recommendations (Grafana's savings panel reads the latest).")
@click.option("--all", "show_all", is_flag=True, help="Also optimized and insufficient-data resources.")
@click.option("--krateo", is_flag=True, help="JSON in Krateo's optimizer shape (extended), one object per resource.")
@click.option("--rightsizing.lookback", "rightsizing_lookback", default=None, help="[default 14d]")
@click.option("--rightsizing.cpu-percentile", "rightsizing_cpu_percentile", default=None, help="[default 0.995]")
@click.option("--rightsizing.cpu-target-utilization", "rightsizing_cpu_target_utilization", default=None,
              help="[default 0.8]")
@click.option("--rightsizing.memory-headroom", "rightsizing_memory_headroom", default=None, help="[default 0.15]")
@common_options
def rightsizing_command(store: bool, show_all: bool, krateo: bool, **options: Any) -> None:
    """Rightsizing and idle recommendations with monthly savings, confidence, reason and CO2e saved."""
    flags = {k: v for k, v in options.items() if k.startswith("rightsizing_")}
    common = {k: v for k, v in options.items() if not k.startswith("rightsizing_")}

    def body() -> None:
        ctx = context_from(**common)
        th, sources, cat, sizes, carbon = load(ctx.file_values, flags, ctx.source)
        now = datetime.now(UTC)
        with ctx.connect() as conn:
            recs = compute(conn, th, sources, cat, now=now, sizes=sizes, carbon=carbon)
            if store:
                save(conn, recs, now)
        shown = recs if show_all else [r for r in recs if r.finding in ("over-provisioned", "under-provisioned",
                                                                        "idle")]
        if krateo:
            click.echo(json.dumps([r.krateo() for r in shown], indent=2, default=str))
            return
        ctx.emit(COLUMNS, [asdict(r) for r in shown])

    run_report("rightsizing", body)


__all__ = ["COLUMNS", "InstanceCatalog", "InstanceType", "Recommendation", "Thresholds", "UsageSource", "UsageStats",
           "bundled_instances", "catalog", "compute", "load", "normalize_size", "recommend", "rightsizing_command",
           "save"]
