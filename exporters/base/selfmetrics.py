"""Self-metrics of the pollers, as a custom collector (one family per name, one series per source).

| name | type | meaning |
|---|---|---|
| `<prefix>_up` | gauge | 1 if the last poll of the source succeeded |
| `<prefix>_last_success_timestamp_seconds` | gauge | Unix time of the last successful poll (absent before it) |
| `<prefix>_consecutive_failures` | gauge | failed polls since the last success |
| `<prefix>_poll_duration_seconds` | gauge | duration of the last poll, successful or not |
| `<prefix>_polls_total{result="success"\\|"failure"}` | counter | polls since start |
| `<prefix>_poll_items{kind}` | gauge | counts reported by the source on its last successful poll |

All are labelled `source`, so one process may run several sources, each on its own interval.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

from exporters.base.poller import Poller

_G = GaugeMetricFamily
_Families = tuple[_G, _G, _G, _G, CounterMetricFamily, _G]


class PollerCollector(Collector):
    """Reports the status of every poller; reads only in-memory state, so `collect()` does no I/O."""

    def __init__(self, prefix: str, pollers: Sequence[Poller[Any]]) -> None:
        self._prefix = prefix
        self._pollers = tuple(pollers)

    def describe(self) -> Iterable[Metric]:
        return list(self._families())

    def collect(self) -> Iterable[Metric]:
        up, last_success, failures, duration, polls, items = families = self._families()
        for poller in self._pollers:
            status = poller.status
            src = [poller.name]
            up.add_metric(src, 1.0 if status.up else 0.0)
            if status.last_success_timestamp is not None:
                last_success.add_metric(src, status.last_success_timestamp)
            failures.add_metric(src, float(status.consecutive_failures))
            duration.add_metric(src, status.last_duration_seconds)
            polls.add_metric([poller.name, "success"], float(status.polls_ok))
            polls.add_metric([poller.name, "failure"], float(status.polls_failed))
            for kind, value in sorted(status.counts.items()):
                items.add_metric([poller.name, kind], float(value))
        return families

    def _families(self) -> _Families:
        p = self._prefix
        return (
            GaugeMetricFamily(f"{p}_up", "1 if the last poll of the source succeeded, else 0.", labels=["source"]),
            GaugeMetricFamily(
                f"{p}_last_success_timestamp_seconds",
                "Unix time of the last successful poll of the source.",
                labels=["source"],
            ),
            GaugeMetricFamily(
                f"{p}_consecutive_failures", "Failed polls since the last successful one.", labels=["source"]
            ),
            GaugeMetricFamily(
                f"{p}_poll_duration_seconds", "Duration of the last poll of the source.", labels=["source"]
            ),
            CounterMetricFamily(f"{p}_polls", "Polls of the source by result.", labels=["source", "result"]),
            GaugeMetricFamily(
                f"{p}_poll_items",
                "Counts reported by the source on its last successful poll (rows, parse errors, …).",
                labels=["source", "kind"],
            ),
        )

