"""Pure: a forecast snapshot to metric families (no I/O in `collect()`).

* `finops_forecast_daily_cost{provider, sub_account_id, service_category, region_id, currency, horizon}`: point
  forecast of the effective cost of the day `horizon` (1d, 7d, 30d, 90d) after the history;
  `finops_forecast_daily_cost_quantile{..., quantile}`: its 95 % and 80 % bounds (0.025, 0.1, 0.9, 0.975);
* `finops_forecast_daily_usage{metric, resource_id, horizon}` and `..._quantile`: the same for daily usage;
* `finops_forecast_month_end_cost{cost labels}` (+ `..._quantile`): actuals to date plus forecasts to the month's
  end; `finops_forecast_month_actual_cost`: the actuals alone;
* `finops_forecast_budget_amount`, `..._projected_cost`, `..._actual_cost{budget, currency}`: this month;
  `finops_forecast_budget_breach_timestamp_seconds{budget, currency}`: start (UTC) of the day the month's cost
  is projected to exceed the budget, absent when it is not;
* `finops_forecast_last_run_timestamp_seconds`, `finops_forecast_series{state="forecast"|"no_forecast"}`.

Costs are in the series' currency (a label); no unit suffix, as money has no base unit in Prometheus.
"""

from __future__ import annotations

from calendar import timegm
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

from exporters.forecast.source import Snapshot
from reports.forecast.series import COST_LABELS, USAGE_LABELS

QUANTILES = ("0.025", "0.1", "0.9", "0.975")
_P = "finops_forecast"


def _values(labels: Mapping[str, Any], names: tuple[str, ...]) -> list[str]:
    return ["" if labels.get(n) is None else str(labels[n]) for n in names]


class ForecastCollector(Collector):
    def __init__(self, snapshot: Callable[[], Snapshot]) -> None:
        self._snapshot = snapshot

    def describe(self) -> Iterable[Metric]:
        return self._families(Snapshot())

    def collect(self) -> Iterable[Metric]:
        return self._families(self._snapshot())

    def _families(self, snap: Snapshot) -> list[Metric]:
        cost, usage = list(COST_LABELS), list(USAGE_LABELS)
        daily = {
            "cost": (GaugeMetricFamily(f"{_P}_daily_cost", "Point forecast of a day's effective cost, `horizon`"
                                       " days after the history.", labels=[*cost, "horizon"]),
                     GaugeMetricFamily(f"{_P}_daily_cost_quantile", "Interval bounds of a day's cost forecast"
                                       " (2.5/10/90/97.5 % quantiles).", labels=[*cost, "horizon", "quantile"]),
                     COST_LABELS),
            "usage": (GaugeMetricFamily(f"{_P}_daily_usage", "Point forecast of a day's usage of a resource,"
                                        " `horizon` days after the history.", labels=[*usage, "horizon"]),
                      GaugeMetricFamily(f"{_P}_daily_usage_quantile", "Interval bounds of a day's usage forecast.",
                                        labels=[*usage, "horizon", "quantile"]),
                      USAGE_LABELS),
        }  # fmt: skip
        for point in snap.daily:
            mean, quantiles, names = daily[point.kind]
            values = _values(point.labels, names)
            mean.add_metric([*values, point.horizon], point.yhat)
            for q, bound in zip(QUANTILES, point.bounds, strict=True):
                if bound is not None:
                    quantiles.add_metric([*values, point.horizon, q], bound)
        month = GaugeMetricFamily(f"{_P}_month_end_cost", "Month-end projection: the month's actuals to date plus"
                                  " the forecasts to its end.", labels=cost)  # fmt: skip
        month_q = GaugeMetricFamily(f"{_P}_month_end_cost_quantile", "Bounds of the month-end projection.",
                                    labels=[*cost, "quantile"])  # fmt: skip
        month_actual = GaugeMetricFamily(f"{_P}_month_actual_cost", "The month's actual cost to date.", labels=cost)
        for m in snap.months:
            values = _values(m.labels, COST_LABELS)
            month.add_metric(values, m.yhat)
            month_actual.add_metric(values, m.actual)
            for q, bound in zip(QUANTILES, m.bounds, strict=True):
                if bound is not None:
                    month_q.add_metric([*values, q], bound)
        budget_labels = ["budget", "currency"]
        amount = GaugeMetricFamily(f"{_P}_budget_amount", "A budget's amount for the month.", labels=budget_labels)
        projected = GaugeMetricFamily(f"{_P}_budget_projected_cost", "Projected cost of the month under a budget.",
                                      labels=budget_labels)  # fmt: skip
        actual = GaugeMetricFamily(f"{_P}_budget_actual_cost", "Actual cost of the month to date under a budget.",
                                   labels=budget_labels)  # fmt: skip
        breach = GaugeMetricFamily(
            f"{_P}_budget_breach_timestamp_seconds",
            "Start (UTC) of the day the month's cost is projected to exceed the budget; absent when it is not.",
            labels=budget_labels,
        )
        for b in snap.budgets:
            values = [b.budget.name, b.budget.currency]
            amount.add_metric(values, b.budget.amount)
            projected.add_metric(values, b.projected)
            actual.add_metric(values, b.actual)
            if b.breach is not None:
                breach.add_metric(values, float(timegm(b.breach.timetuple())))
        last_run = GaugeMetricFamily(f"{_P}_last_run_timestamp_seconds", "When the stored forecasts were issued.")
        if snap.last_run is not None:
            last_run.add_metric([], snap.last_run)
        series = GaugeMetricFamily(f"{_P}_series", "Series the forecast job saw, by whether they have a forecast.",
                                   labels=["state"])  # fmt: skip
        for state, count in sorted(snap.counts.items()):
            series.add_metric([state], float(count))
        return [*(f for mean, q, _ in daily.values() for f in (mean, q)), month, month_q, month_actual, amount,
                projected, actual, breach, last_run, series]  # fmt: skip
