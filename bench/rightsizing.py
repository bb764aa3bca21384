"""Rightsizing replayed over usage traces: how often the next 7 days would have breached a recommendation, and
the savings bought with that risk, against a naive baseline measured in the same run.

    .venv/bin/python -m bench.rightsizing [--vms 600] [--seed 1] [--trace FILE.csv]

For each VM: the recommendation from the first 14 days (exactly `reports.rightsizing.recommend` on the
statistics `finops.rightsizing_usage` computes, here with numpy), then the next 7 days decide:
  * a resize (over- or under-provisioned) is breached when the next 7 days' P99 CPU in cores exceeds the
    target's vCPUs, or their peak memory exceeds the target's memory;
  * an idle (deallocate) finding is breached when the next 7 days' P99 CPU exceeds twice the idle threshold.
Savings: the downsizes' and idles' monthly savings, priced as the report prices them (the VM's cost from its
vCPUs at a flat 0.048 per vCPU-hour, the target by the sizes' price ratio). Goal: at most 2 % breached.

Baseline ("naive"): what rightsizing looks like without the lessons: CPU at its mean for a 100 % target
utilization and memory at its P95, no idle rule, no minimum data.

No real usage trace is available from a package registry (the Azure Public Dataset is a download), so the
default traces are synthetic with the properties stated in `reports/traces.py`; `--trace` replays a real one.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from reports import traces
from reports.rightsizing import GIB, InstanceCatalog, Thresholds, catalog, recommend

LOOKBACK_DAYS = 14
NEXT_DAYS = 7
PRICE_PER_VCPU_HOUR = Decimal("0.048")


@dataclass
class Outcome:
    recommendations: int = 0
    breached: int = 0
    savings: Decimal = Decimal(0)
    savings_breached: Decimal = Decimal(0)
    idle: int = 0

    def line(self, name: str) -> str:
        share = 100 * self.breached / self.recommendations if self.recommendations else 0.0
        return (f"{name:>7}: {self.recommendations} recommendations ({self.idle} idle), {self.breached} breached "
                f"({share:.2f} %), savings {self.savings:.2f}/month of which {self.savings_breached:.2f} at risk")

    @property
    def breach_share(self) -> float:
        return self.breached / self.recommendations if self.recommendations else 0.0


def replay(all_traces: list[traces.Trace], cat: InstanceCatalog, th: Thresholds, naive: bool) -> Outcome:
    out = Outcome()
    for trace in all_traces:
        start = float(trace.times[0])
        split = start + LOOKBACK_DAYS * 86400
        past = traces.window(trace, start, split)
        future = traces.window(trace, split, split + NEXT_DAYS * 86400)
        if not len(past.times) or not len(future.times):
            continue
        current = cat.find(trace.size)
        stats = traces.stats(past, th.cpu_percentile, th.idle_cpu_percentile)
        if naive:
            mem = None if past.memory_used_bytes is None else float(np.percentile(past.memory_used_bytes, 95))
            stats = type(stats)(**{**stats.__dict__, "cpu": stats.cpu_mean, "memory_bytes": mem, "day_cpu": (),
                                   "hours_covered": max(stats.hours_covered, th.min_hours)})
        monthly = PRICE_PER_VCPU_HOUR * Decimal(int(trace.vcpus)) * 730
        rec = recommend(stats, current, cat, th, resource_id=trace.vm_id, monthly_cost=monthly, currency="USD",
                        lookback_hours=LOOKBACK_DAYS * 24)
        if rec.finding not in ("over-provisioned", "under-provisioned", "idle"):
            continue
        out.recommendations += 1
        p99_cores = float(np.percentile(future.cpu_percent, 99)) / 100 * trace.vcpus
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
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--vms", type=int, default=600)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--trace", default=None, help="CSV: vm_id, timestamp, cpu_percent[, memory_used_bytes, "
                                                      "network_bytes, size, vcpus, memory_gib]")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.trace:
        all_traces = traces.read_csv(args.trace)
        origin = f"real trace {args.trace}"
    else:
        all_traces = traces.synthetic(args.vms, days=LOOKBACK_DAYS + NEXT_DAYS, seed=args.seed)
        origin = f"synthetic traces (reports/traces.py), seed {args.seed}"
    cat, th = catalog(), Thresholds()
    print(f"{len(all_traces)} VMs, {origin}; lookback {LOOKBACK_DAYS} d, judged on the next {NEXT_DAYS} d "
          f"(thresholds: CPU p{th.cpu_percentile * 100:g} / {th.cpu_target_utilization:g}, memory peak + "
          f"{th.memory_headroom * 100:g} %)")
    ours = replay(all_traces, cat, th, naive=False)
    naive = replay(all_traces, cat, th, naive=True)
    print(ours.line("ours"))
    print(naive.line("naive"))
    ratio = (ours.breach_share / naive.breach_share) if naive.breach_share else float("nan")
    kept = float(ours.savings / naive.savings) if naive.savings else float("nan")
    print(f"breach share ours/naive: {ratio:.3f}; savings ours/naive: {kept:.3f}; goal <= 2 % breached: "
          f"{'met' if ours.breach_share <= 0.02 else 'NOT met'} ({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
