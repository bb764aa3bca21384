"""Budgets (the `budgets:` of the YAML file, schema in reports.budgets) and the day the month's cost is projected
to cross them. The forecast scopes a budget by its cost series labels (provider, sub_account_id,
service_category, region_id, or the FOCUS names SubAccountId, ServiceCategory, RegionId); a label left out
matches any value. The budget's name is the `budget` label of the exporter's gauges.

A budget sums the cost series it matches (in its currency only: other currencies are never added). Day by day
through the month it adds the actuals up to the end of the history, then the point forecasts; the first day the
running total exceeds the amount is the projected breach date (a day already in the actuals when it is already
exceeded). No crossing by the month's end: no breach date.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from reports import budgets as schema


@dataclass(frozen=True)
class Budget:
    name: str
    amount: float
    currency: str
    match: Mapping[str, str]

    def matches(self, labels: Mapping[str, str | None]) -> bool:
        if labels.get("currency") != self.currency:
            return False
        return all(labels.get(k) == v for k, v in self.match.items())


def forecast_budgets(budgets: Iterable[schema.Budget]) -> tuple[list[Budget], list[tuple[str, str]]]:
    """The budgets of the shared schema the forecast can scope, and (name, reason) of those it cannot."""
    out: list[Budget] = []
    skipped: list[tuple[str, str]] = []
    for b in budgets:
        match = b.forecast_match()
        if isinstance(match, str):
            skipped.append((b.name, match))
        else:
            out.append(Budget(b.name, float(b.amount), b.currency, match))
    return out, skipped


@dataclass(frozen=True)
class BudgetStatus:
    budget: Budget
    month_start: date
    series: int
    actual: float  # the month's actuals to the end of the history
    projected: float  # actuals + point forecasts to the month's end
    breach: date | None  # first day the running total exceeds the amount


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def evaluate(
    budget: Budget,
    month_start: date,
    series: int,
    actuals: Mapping[date, float],
    forecasts: Mapping[date, float],
) -> BudgetStatus:
    """`actuals` and `forecasts` are summed per day over the matched series (each series gives a day either its
    actual or, after its history, its forecast)."""
    running, breach = 0.0, None
    day = month_start
    last = month_end(month_start)
    while day <= last:
        running += actuals.get(day, 0.0) + forecasts.get(day, 0.0)
        if breach is None and running > budget.amount:
            breach = day
        day += timedelta(days=1)
    actual = sum(v for d, v in actuals.items() if month_start <= d <= last)
    return BudgetStatus(budget, month_start, series, actual, running, breach)


def evaluate_all(
    budgets: Sequence[Budget],
    month_start: date,
    series: Iterable[tuple[Mapping[str, str | None], Mapping[date, float], Mapping[date, float]]],
) -> list[BudgetStatus]:
    """`series`: (labels, daily actuals, daily point forecasts) of every cost series."""
    rows = list(series)
    out = []
    for budget in budgets:
        actuals: dict[date, float] = {}
        forecasts: dict[date, float] = {}
        matched = 0
        for labels, acts, fcs in rows:
            if not budget.matches(labels):
                continue
            matched += 1
            for d, v in acts.items():
                actuals[d] = actuals.get(d, 0.0) + v
            for d, v in fcs.items():
                if d not in acts:
                    forecasts[d] = forecasts.get(d, 0.0) + v
        out.append(evaluate(budget, month_start, matched, actuals, forecasts))
    return out
