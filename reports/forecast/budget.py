"""Budgets (YAML) and the day the month's cost is projected to cross them.

    budgets:
      - name: aws-compute            # unique; the `budget` label of the exporter's gauges
        amount: 1200                 # per calendar month (UTC), in `currency`
        currency: USD
        match: {provider: AWS, service_category: Compute}   # series labels; a label left out matches any value

A budget sums the cost series it matches (in its currency only: other currencies are never added). Day by day
through the month it adds the actuals up to the end of the history, then the point forecasts; the first day the
running total exceeds the amount is the projected breach date (a day already in the actuals when it is already
exceeded). No crossing by the month's end: no breach date.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from reports.forecast.series import COST_LABELS

MATCH_LABELS = tuple(n for n in COST_LABELS if n != "currency")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


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


def parse_budgets(value: Any, source: str = "budgets") -> tuple[list[Budget], list[str]]:
    """Budgets from the YAML value of `budgets:`; every problem is returned (none raised), each naming its entry."""
    if value is None:
        return [], []
    if not isinstance(value, list):
        return [], [f"{source}: must be a list of budgets, got {type(value).__name__}"]
    budgets: list[Budget] = []
    problems: list[str] = []
    seen: set[str] = set()
    for i, entry in enumerate(value):
        where = f"{source}[{i}]"
        if not isinstance(entry, Mapping):
            problems.append(f"{where}: must be a mapping with name, amount, currency and match")
            continue
        unknown = sorted(set(map(str, entry)) - {"name", "amount", "currency", "match"})
        if unknown:
            problems.append(f"{where}: unknown key(s) {unknown}")
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.append(f"{where}: 'name' must be a non-empty text")
            name = None
        elif name in seen:
            problems.append(f"{where}: budget name {name!r} is used twice")
        else:
            seen.add(name)
        amount = entry.get("amount")
        if isinstance(amount, bool) or not isinstance(amount, int | float) or not math.isfinite(amount) or amount <= 0:
            problems.append(f"{where}: 'amount' must be a positive number, got {amount!r}")
            amount = None
        currency = entry.get("currency")
        if not isinstance(currency, str) or not _CURRENCY.match(currency):
            problems.append(f"{where}: 'currency' must be an ISO 4217 code such as USD, got {currency!r}")
            currency = None
        match = entry.get("match", {})
        if not isinstance(match, Mapping):
            problems.append(f"{where}: 'match' must be a mapping of series labels to values")
            match = None
        else:
            bad = sorted(str(k) for k in match if k not in MATCH_LABELS)
            if bad:
                problems.append(f"{where}: 'match' labels {bad} unknown; use {list(MATCH_LABELS)}")
            texts = {str(k): v for k, v in match.items() if not isinstance(v, str)}
            if texts:
                problems.append(f"{where}: 'match' values must be texts, got {texts}")
        if name and amount is not None and currency and match is not None:
            budgets.append(Budget(name, float(amount), currency, {str(k): str(v) for k, v in match.items()}))
    return budgets, problems


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
