"""Pure: the sources' snapshots (plus the request counters and a clock) -> Prometheus metric families. No I/O.

Values (gauges):
* `carbon_intensity_grams_per_kilowatt_hour{source, zone, signal, emission_factor_type, estimated}`: grid
  intensity, stamped with the source's time (the start of the period it describes);
* `carbon_intensity_forecast_grams_per_kilowatt_hour{…, horizon_seconds}` (no `estimated`): a forecast point,
  stamped with its issue slot; its period starts `horizon_seconds` later;
* `carbon_signal_index_percent{source, zone, signal}`: WattTime's signal index (a 0-100 percentile);
* `carbon_zone_info{source, zone, name}`: 1 per zone, with the source's name for it.

Health (per source and zone): `carbon_exporter_zone_up`, `carbon_exporter_data_age_seconds` (now minus the
source timestamp of the zone's newest actual), `carbon_exporter_paused_seconds{source}` (still waiting after a
429); counters `carbon_exporter_api_requests_total{source, endpoint, status}` (status `error`: no answer),
`carbon_exporter_rate_limited_total{source}` (429s), `carbon_exporter_zone_errors_total{source, zone, reason}`,
`carbon_exporter_dropped_points_total{source, reason}` (null, not_a_number, out_of_range, malformed),
`carbon_exporter_stale_samples_total{source}` (served again from a failing zone's last read) and
`carbon_exporter_token_renewals_total{source}` (WattTime logins). The Poller's own `carbon_exporter_up{source}`,
`…_last_success_timestamp_seconds`, … come from `exporters.base.PollerCollector`.

The unit stays g/kWh, spelled out in full: see the README ("Why grams per kilowatt-hour").
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

from exporters.carbon.source import FORECAST, INTENSITY, SIGNAL_INDEX, CarbonSnapshot, Stats

HELP = {
    INTENSITY: "Carbon intensity of the electricity grid in grams CO2e per kilowatt-hour, at the source's timestamp "
               "(the start of the period it describes).",
    FORECAST: "Forecast grid carbon intensity in grams CO2e per kilowatt-hour; the sample timestamp is the issue "
              "slot, the forecast period starts horizon_seconds later.",
    SIGNAL_INDEX: "WattTime signal index: the current emissions rate as a percentile (0-100) of the coming day.",
}


def metric_families(
    snapshots: Sequence[CarbonSnapshot], stats: Stats, now: float, timestamps: bool = True
) -> list[Metric]:
    values = {name: Metric(name, text, "gauge") for name, text in HELP.items()}
    info = GaugeMetricFamily("carbon_zone_info", "Zones of each source, with the source's name for the zone.",
                             labels=["source", "zone", "name"])
    zone_up = GaugeMetricFamily("carbon_exporter_zone_up", "1 if the last read of the zone succeeded, else 0.",
                                labels=["source", "zone"])
    age = GaugeMetricFamily("carbon_exporter_data_age_seconds",
                            "Seconds since the source timestamp of the zone's newest actual value.",
                            labels=["source", "zone"])
    for snap in snapshots:
        for s in snap.samples:
            values[s.metric].add_sample(s.metric, dict(s.labels), s.value, s.timestamp if timestamps else None)
        for zone, ok in sorted(snap.zones_up.items()):
            zone_up.add_metric([snap.source, zone], 1.0 if ok else 0.0)
            info.add_metric([snap.source, zone, snap.zone_names.get(zone, "")], 1.0)
        for zone, newest in sorted(snap.newest.items()):
            age.add_metric([snap.source, zone], max(0.0, now - newest))
    out: list[Metric] = [*values.values(), info, zone_up, age]

    requests = CounterMetricFamily("carbon_exporter_api_requests",
                                   "HTTP attempts against the carbon APIs by endpoint and status (error: no answer).",
                                   labels=["source", "endpoint", "status"])
    for key, n in sorted(stats.get("requests").items()):
        requests.add_metric(list(key), float(n))
    limited = CounterMetricFamily("carbon_exporter_rate_limited", "429 answers received.", labels=["source"])
    for key, n in sorted(stats.get("rate_limited").items()):
        limited.add_metric(list(key), float(n))
    paused = GaugeMetricFamily("carbon_exporter_paused_seconds",
                               "Seconds the source still waits before its next request, after a 429.",
                               labels=["source"])
    for source, until in sorted(stats.paused_until().items()):
        paused.add_metric([source], max(0.0, until - now))
    errors = CounterMetricFamily("carbon_exporter_zone_errors", "Failed zone reads by reason.",
                                 labels=["source", "zone", "reason"])
    for key, n in sorted(stats.get("zone_errors").items()):
        errors.add_metric(list(key), float(n))
    dropped = CounterMetricFamily("carbon_exporter_dropped_points",
                                  "Points not exposed: null, not a number, out of range or malformed.",
                                  labels=["source", "reason"])
    for key, n in sorted(stats.get("dropped_points").items()):
        dropped.add_metric(list(key), float(n))
    stale = CounterMetricFamily("carbon_exporter_stale_samples",
                                "Samples served again from an earlier read because their zone's read failed.",
                                labels=["source"])
    for key, n in sorted(stats.get("stale_samples").items()):
        stale.add_metric(list(key), float(n))
    renewals = CounterMetricFamily("carbon_exporter_token_renewals", "Logins for a new API token.",
                                   labels=["source"])
    for key, n in sorted(stats.get("token_renewals").items()):
        renewals.add_metric(list(key), float(n))
    return [*out, requests, limited, paused, errors, dropped, stale, renewals]


class CarbonCollector(Collector):
    """Yields fresh families from the pollers' latest snapshots on every scrape."""

    def __init__(self, snapshots: Callable[[], Sequence[CarbonSnapshot]], stats: Stats, timestamps: bool = True,
                 clock: Callable[[], float] = time.time) -> None:
        self._snapshots = snapshots
        self._stats = stats
        self._timestamps = timestamps
        self._clock = clock

    def describe(self) -> Iterable[Metric]:
        return metric_families([], Stats(), 0.0)

    def collect(self) -> Iterable[Metric]:
        return metric_families(self._snapshots(), self._stats, self._clock(), self._timestamps)
