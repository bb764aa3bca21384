"""Daily series from the rows of `finops.forecast_daily_cost` and `finops.forecast_daily_usage`, and the rules
for bad input (each tested in tests/reports/test_forecast_series.py):

* **Gaps.** A cost series has a value on every day its provider's bill covers (a day with any FOCUS row of that
  provider): 0 when the series has no row that day (nothing was charged), the sum otherwise. A day the provider's
  bill does not cover at all is missing (NaN: an export that did not arrive is not a free day); the models step
  over it. The history ends on the provider's last covered day (bills arrive late: the days after it are
  forecast, not taken as zeros). A usage series is missing on every day without samples.
* **Zero and negative costs.** Zeros are values. Credits (ChargeCategory 'Credit') are left out unless
  `credits: include` (one-off amounts; a forecast would repeat them); other negative amounts (refunds,
  corrections) stay in, so a day's net cost may be negative and then forecasts and bounds may be too. A series
  that was never negative gets no negative forecast or bound (clipped at 0).
* **Series starting mid-period.** A series starts on its first day with a row or sample: the days before it
  are not zeros (it did not exist), so a service added on the 20th has 10 days of history on the 30th, not 30.
* **Several currencies.** The billing currency is part of the series: amounts in different currencies are
  never added (there is no exchange rate in a bill); each currency is its own series, noted as such.
* Under `min_history` (14) days with a value: no forecast, with the reason. No value in the last `stale_after`
  days of the history: no forecast (a deleted resource is not forecast from its last month).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np

from reports.forecast.models import Array

COST = "cost"
USAGE = "usage"
COST_LABELS = ("provider", "sub_account_id", "service_category", "region_id", "currency")
USAGE_LABELS = ("metric", "resource_id")


@dataclass(frozen=True)
class DailySeries:
    kind: str
    labels: Mapping[str, str | None]
    start: date
    values: Array  # values[i] is day start + i; NaN: missing
    unit: str | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def key(self) -> str:
        """A JSON array of the kind and the label values, in a fixed order: readable, unambiguous, sortable."""
        names = COST_LABELS if self.kind == COST else USAGE_LABELS
        return json.dumps([self.kind, *(self.labels.get(n) for n in names)], ensure_ascii=False, separators=(",", ":"))

    @property
    def end(self) -> date:
        """The last day of the history."""
        return self.start + timedelta(days=len(self.values) - 1)

    @property
    def observed(self) -> int:
        return int(np.sum(~np.isnan(self.values)))

    @property
    def missing(self) -> int:
        return int(np.sum(np.isnan(self.values)))

    def day(self, i: int) -> date:
        return self.start + timedelta(days=i)

    def last_observed(self) -> date | None:
        idx = np.flatnonzero(~np.isnan(self.values))
        return self.day(int(idx[-1])) if len(idx) else None


def _fill(start: date, end: date, values: Mapping[date, float], covered: Iterable[date] | None) -> Array:
    """Days start..end: the value, 0 on a covered day without one, NaN otherwise."""
    out = np.full((end - start).days + 1, np.nan)
    if covered is not None:
        for day in covered:
            if start <= day <= end:
                out[(day - start).days] = 0.0
    for day, value in values.items():
        out[(day - start).days] = value
    return out


def cost_series(rows: Iterable[Mapping[str, Any]], *, include_credits: bool = False) -> list[DailySeries]:
    """Series from `finops.forecast_daily_cost` rows (mappings with its column names)."""
    coverage: dict[str | None, set[date]] = defaultdict(set)
    sums: dict[tuple[str | None, ...], dict[date, Decimal]] = defaultdict(dict)
    credit_only: dict[tuple[str | None, ...], bool] = {}
    for row in rows:
        key = tuple(row[n] for n in COST_LABELS)
        day = row["day"]
        coverage[row["provider"]].add(day)
        effective, credit = Decimal(row["effective_cost"] or 0), Decimal(row["credit_cost"] or 0)
        amount = effective + credit if include_credits else effective
        sums[key][day] = sums[key].get(day, Decimal(0)) + amount
        only_credits = effective == 0 and credit != 0
        credit_only[key] = credit_only.get(key, True) and only_credits
    currencies: dict[tuple[str | None, ...], set[str | None]] = defaultdict(set)
    for key in sums:
        currencies[key[:-1]].add(key[-1])
    out = []
    for key, days in sorted(sums.items(), key=lambda kv: tuple("" if v is None else v for v in kv[0])):
        labels = dict(zip(COST_LABELS, key, strict=True))
        notes = []
        others = sorted(c or "none" for c in currencies[key[:-1]] if c != key[-1])
        if others:
            notes.append(f"also billed in {', '.join(others)}: forecast per currency, never converted")
        if credit_only[key] and not include_credits:
            notes.append("credits only (credits are left out)")
        # the history runs from the series' first row to its provider's last covered day
        start = min(days)
        end = max(coverage[key[0]])
        values = _fill(start, end, {d: float(v) for d, v in days.items()}, coverage[key[0]])
        out.append(DailySeries(COST, labels, start, values, unit=key[-1], notes=tuple(notes)))
    return out


def usage_series(
    rows: Iterable[Mapping[str, Any]], metric: str, end: date, aggregation: str = "avg"
) -> list[DailySeries]:
    """Series from `finops.forecast_daily_usage` rows; the history of every series ends on `end` (yesterday):
    days without samples are missing."""
    column = {"avg": "usage_avg", "max": "usage_max", "sum": "usage_sum"}[aggregation]
    per_resource: dict[str, dict[date, float]] = defaultdict(dict)
    for row in rows:
        value = row[column]
        if value is not None and not math.isnan(value) and row["day"] <= end:
            per_resource[row["resource_id"]][row["day"]] = float(value)
    out = []
    for rid, days in sorted(per_resource.items()):
        start = min(days)
        out.append(DailySeries(USAGE, {"metric": metric, "resource_id": rid}, start, _fill(start, end, days, None),
                               unit=metric))  # fmt: skip
    return out


def reason_not_to_forecast(series: DailySeries, min_history: int, stale_after: int) -> str | None:
    """Why a series gets no forecast, or None."""
    if "credits only (credits are left out)" in series.notes:
        return "credits only: credits are left out of forecasts (set credits: include to forecast them)"
    if series.observed < min_history:
        return f"only {series.observed} day(s) of data since {series.start.isoformat()}, at least {min_history} needed"
    last = series.last_observed()
    if last is not None and (series.end - last).days >= stale_after:
        return f"no data since {last.isoformat()} (more than {stale_after} days before the end of the history)"
    return None
