"""Pure: an `AzureSnapshot` (plus the API counters) -> Prometheus metric families. No I/O.

Every Azure metric is a gauge (see `config.DEFAULT_VM_METRICS`): averages are levels, and Azure's
"Total" values are sums over one time grain, not running totals, so they are not counters and carry no
`_total`. Labels are the resource's identity (`resource_id` lower-cased, `resource_name`, `resource_type`,
`resource_group`, `subscription_id`, `region`) plus `dimension_<name>` when a metric is split by a dimension.
Timestamps and values are never labels (Krateo's mistake); the sample timestamp is Azure's grain start.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

from exporters.azure.config import AzureConfig
from exporters.azure.source import ApiStats, AzureSnapshot
from exporters.base.poller import Poller


def metric_families(
    snapshot: AzureSnapshot,
    config: AzureConfig,
    requests: Mapping[tuple[str, str], int],
    batches: Mapping[tuple[str, str], int],
    stale_samples: Mapping[str, int] | None = None,
    resource_errors: Mapping[tuple[str, str], int] | None = None,
) -> list[Metric]:
    families: dict[str, Metric] = {}
    for spec in sorted(config.types.values(), key=lambda s: s.resource_type):
        for m in spec.metrics:
            families.setdefault(m.prometheus_name, Metric(m.prometheus_name, m.help, "gauge"))
    for s in snapshot.samples:
        family = families.get(s.metric)
        if family is None:
            continue
        family.add_sample(s.metric, dict(s.labels), s.value, s.timestamp if config.timestamps else None)
    out: list[Metric] = list(families.values())

    resources = GaugeMetricFamily(
        "azure_exporter_resources",
        "Resources whose metrics are queried, by subscription, region and type.",
        labels=["subscription_id", "region", "resource_type"],
    )
    counts: dict[tuple[str, str, str], int] = {}
    for r in snapshot.resources:
        key = (r.subscription_id, r.region, r.type)
        counts[key] = counts.get(key, 0) + 1
    for key, n in sorted(counts.items()):
        resources.add_metric(list(key), float(n))
    out.append(resources)

    missing = GaugeMetricFamily(
        "azure_exporter_missing_resources", "Configured resource IDs that ARM did not list (deleted or no access)."
    )
    missing.add_metric([], float(len(snapshot.missing_resource_ids)))
    out.append(missing)

    sub_up = GaugeMetricFamily(
        "azure_exporter_subscription_up",
        "1 if discovery and every metrics batch of the subscription succeeded in the last poll, with no "
        "per-resource error entry in their answers.",
        labels=["subscription_id"],
    )
    for sub, ok in sorted(snapshot.subscriptions_up.items()):
        sub_up.add_metric([sub], 1.0 if ok else 0.0)
    out.append(sub_up)

    grain = GaugeMetricFamily(
        "azure_exporter_granularity_seconds",
        "Time grain of the Azure values of a resource type, as Azure last answered it (else as configured); "
        "divide per-grain sums by it for a rate.",
        labels=["resource_type"],
    )
    for spec in sorted(config.types.values(), key=lambda s: s.resource_type):
        grain.add_metric([spec.resource_type], snapshot.granularity.get(spec.resource_type, spec.granularity))
    out.append(grain)

    api = CounterMetricFamily(
        "azure_exporter_api_requests",
        "HTTP attempts against Azure (retries included) by API and status code; status=error: no response.",
        labels=["api", "status"],
    )
    for (name, status), n in sorted(requests.items()):
        api.add_metric([name, status], float(n))
    out.append(api)

    batch = CounterMetricFamily(
        "azure_exporter_batches",
        "Metrics batch calls by subscription and result (success; partial: answered with per-resource error "
        "entries; failure; skipped while throttled).",
        labels=["subscription_id", "result"],
    )
    for (sub, result), n in sorted(batches.items()):
        batch.add_metric([sub, result], float(n))
    out.append(batch)

    stale = GaugeMetricFamily(
        "azure_exporter_stale_resources",
        "Resources served with the values of an earlier poll (same Azure timestamps): their batch failed or "
        "was skipped, for less than the staleness limit.",
        labels=["subscription_id"],
    )
    for sub, n in sorted(snapshot.stale_resources.items()):
        stale.add_metric([sub], float(n))
    out.append(stale)

    stale_total = CounterMetricFamily(
        "azure_exporter_stale_samples",
        "Samples served again from an earlier poll because their metrics batch failed or was skipped.",
        labels=["subscription_id"],
    )
    for sub, n in sorted((stale_samples or {}).items()):
        stale_total.add_metric([sub], float(n))
    out.append(stale_total)

    errors = CounterMetricFamily(
        "azure_exporter_resource_errors",
        "Resources that a metrics batch answered (HTTP 200) with an error entry, by Azure's errorCode as reason "
        "(e.g. ResourceNotFound; NotInAnswer: the answer left the resource out); once per resource and batch.",
        labels=["subscription_id", "reason"],
    )
    for (sub, reason), n in sorted((resource_errors or {}).items()):
        errors.add_metric([sub, reason], float(n))
    out.append(errors)

    failing = GaugeMetricFamily(
        "azure_exporter_failing_resources",
        "Resources whose last answer carried an error entry for at least one of their metrics.",
        labels=["subscription_id"],
    )
    for sub, n in sorted(snapshot.failing_resources.items()):
        failing.add_metric([sub], float(n))
    out.append(failing)
    return out


class AzureCollector(Collector):
    """Yields fresh families from the poller's latest snapshot on every scrape."""

    def __init__(self, poller: Poller[AzureSnapshot], config: AzureConfig, stats: ApiStats) -> None:
        self._poller = poller
        self._config = config
        self._stats = stats

    def describe(self) -> Iterable[Metric]:
        return metric_families(AzureSnapshot(), self._config, {}, {})

    def collect(self) -> Iterable[Metric]:
        return metric_families(
            self._poller.snapshot,
            self._config,
            self._stats.requests(),
            self._stats.batches(),
            self._stats.stale_samples(),
            self._stats.resource_errors(),
        )
