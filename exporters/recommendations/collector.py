"""Gauges from the latest snapshot; `collect()` does no I/O.

| name | meaning |
|---|---|
| `finops_recommendation_monthly_savings` | saving per month in the billing currency (negative: an upsize) |
| `finops_recommendation_monthly_cost` | the resource's current cost per month, from its FOCUS rows |
| `finops_recommendation_confidence_ratio` | confidence in [0, 1] |
| `finops_recommendation_vcpu_delta_ratio` | the vCPU change (Krateo's resourceDelta / 100): -0.75 for 16 -> 4 |
| `finops_recommendation_co2e_saved_grams` | grams CO2e per month saved, where carbon data exists |
| `finops_recommendations_last_computed_timestamp_seconds` | when the snapshot was computed |

Labels: `resource_id`, `resource_name`, `finding`, `from_size`, `to_size` (`off` for idle), `currency`. Only
actionable findings (over-provisioned, under-provisioned, idle) are exposed; the reason stays in the report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

from exporters.recommendations.source import Snapshot

LABELS = ["resource_id", "resource_name", "finding", "from_size", "to_size", "currency"]
ACTIONABLE = ("over-provisioned", "under-provisioned", "idle")


class RecommendationsCollector(Collector):
    def __init__(self, snapshot: Callable[[], Snapshot]) -> None:
        self._snapshot = snapshot

    def describe(self) -> Iterable[Metric]:
        return self._families()

    def collect(self) -> Iterable[Metric]:
        snap = self._snapshot()
        savings, cost, confidence, delta, co2e, computed = families = self._families()
        if snap.computed_at:
            computed.add_metric([], snap.computed_at)
        for r in snap.recommendations:
            if r.finding not in ACTIONABLE:
                continue
            labels = [r.resource_id, r.resource_name or "", r.finding, r.from_size or "", r.to_size or "off",
                      r.billing_currency or ""]
            if r.monthly_savings is not None:
                savings.add_metric(labels, float(r.monthly_savings))
            if r.monthly_cost is not None:
                cost.add_metric(labels, float(r.monthly_cost))
            confidence.add_metric(labels, r.confidence)
            if r.delta_percent is not None:
                delta.add_metric(labels, r.delta_percent / 100)
            if r.co2e_saved_kg_per_month is not None:
                co2e.add_metric(labels, r.co2e_saved_kg_per_month * 1000)
        return families

    @staticmethod
    def _families() -> list[GaugeMetricFamily]:
        p = "finops_recommendation"
        return [
            GaugeMetricFamily(f"{p}_monthly_savings", "Saving per month in the billing currency.", labels=LABELS),
            GaugeMetricFamily(f"{p}_monthly_cost", "Current cost per month from the FOCUS rows.", labels=LABELS),
            GaugeMetricFamily(f"{p}_confidence_ratio", "Confidence of the recommendation, 0 to 1.", labels=LABELS),
            GaugeMetricFamily(f"{p}_vcpu_delta_ratio", "vCPU change of the recommendation (-0.75: 16 to 4).",
                              labels=LABELS),
            GaugeMetricFamily(f"{p}_co2e_saved_grams", "Grams CO2e per month saved.", labels=LABELS),
            GaugeMetricFamily("finops_recommendations_last_computed_timestamp_seconds",
                              "Unix time the recommendations were computed."),
        ]
