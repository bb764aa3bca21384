"""The one `budgets:` schema of the YAML file, read by `finops report budgets`, `finops report forecast` and the
forecast exporter alike, so one file serves them all:

    budgets:
      - name: aws-compute           # unique
        amount: 1200                # per calendar month (UTC), in `currency`; a positive decimal
        currency: USD               # ISO 4217; costs in other currencies are never converted
        match:                      # optional, every key must match; none: all the costs in `currency`
          SubAccountId: acct-1      # a FOCUS dimension (ServiceCategory, RegionId, ...) or tag:<key>
          service_category: Compute # the forecast's series labels are also accepted (same columns)
      - {name: payments, amount: 500, currency: USD, by: tag:team, value: payments}  # by/value: a one-key match

Each command evaluates the budgets it can scope and states why it leaves out the others: the budgets report
scopes by one FOCUS dimension or tag (not `provider`, the forecast's merge of ServiceProviderName and
ProviderName); the forecast by its series labels provider, sub_account_id, service_category and region_id (no
tags: cost series are not split by tag).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

KEYS = frozenset({"name", "amount", "currency", "match", "by", "value"})
#: the forecast's cost series labels (reports.forecast.series.COST_LABELS but the currency)
FORECAST_LABELS = ("provider", "sub_account_id", "service_category", "region_id")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")


@dataclass(frozen=True)
class Budget:
    name: str
    amount: Decimal
    currency: str
    match: Mapping[str, str]  # dimension (as written) -> value

    def report_scope(self) -> tuple[str | None, str | None] | str:
        """(dimension, value) for finops.budget_vs_actual ((None, None): every cost), or why it cannot."""
        if not self.match:
            return None, None
        if len(self.match) > 1:
            return "the budgets report scopes a budget by one dimension; this one has " + ", ".join(self.match)
        ((dimension, value),) = self.match.items()
        if column(dimension) == "provider":
            return ("'provider' is a forecast label (ServiceProviderName, else ProviderName); "
                    "the budgets report needs one of those FOCUS columns")  # fmt: skip
        return dimension, value

    def forecast_match(self) -> dict[str, str] | str:
        """The series labels to match for the forecast, or why the forecast cannot scope this budget."""
        out: dict[str, str] = {}
        for dimension, value in self.match.items():
            label = column(dimension)
            if label not in FORECAST_LABELS:
                return (f"the forecast's cost series are scoped by {', '.join(FORECAST_LABELS)} only, "
                        f"not {dimension}")  # fmt: skip
            out[label] = value
        return out


def column(dimension: str) -> str:
    """ServiceCategory and service_category alike, as finops.dimension_expression reads a dimension."""
    return _CAMEL.sub(r"\1_\2", dimension).lower()


def _amount(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    return amount if amount.is_finite() and amount > 0 else None


def _text(value: Any) -> str | None:
    """A match value: a text, or an integer such as an account number that YAML read as one."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def parse_budgets(value: Any, source: str = "budgets") -> tuple[list[Budget], list[str]]:
    """Budgets from the YAML value of `budgets:` (absent: none); every problem is returned, each naming its entry."""
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
        before = len(problems)
        unknown = sorted(set(map(str, entry)) - KEYS)
        if unknown:
            problems.append(f"{where}: unknown key(s) {unknown}")
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.append(f"{where}: 'name' must be a non-empty text")
        elif name in seen:
            problems.append(f"{where}: budget name {name!r} is used twice")
        else:
            seen.add(name)
        amount = _amount(entry.get("amount"))
        if amount is None:
            problems.append(f"{where}: 'amount' must be a positive number, got {entry.get('amount')!r}")
        currency = entry.get("currency")
        if not isinstance(currency, str) or not _CURRENCY.match(currency):
            problems.append(f"{where}: 'currency' must be an ISO 4217 code such as USD, got {currency!r}")
        match = _match(entry, where, problems)
        if len(problems) == before:
            assert isinstance(name, str) and amount is not None and isinstance(currency, str)
            budgets.append(Budget(name, amount, currency, match))
    return budgets, problems


def _match(entry: Mapping[str, Any], where: str, problems: list[str]) -> dict[str, str]:
    raw = entry.get("match", {})
    if not isinstance(raw, Mapping):
        problems.append(f"{where}: 'match' must be a mapping of dimensions to values")
        return {}
    match: dict[str, Any] = {str(k): v for k, v in raw.items()}
    if "by" in entry or "value" in entry:
        if "by" not in entry or "value" not in entry:
            problems.append(f"{where}: 'by' and 'value' go together")
        elif not isinstance(entry["by"], str):
            problems.append(f"{where}: 'by' must be a dimension such as SubAccountId or tag:team")
        elif entry["by"] in match:
            problems.append(f"{where}: {entry['by']!r} is given both in 'match' and as 'by'")
        else:
            match[entry["by"]] = entry["value"]
    out: dict[str, str] = {}
    for dimension, value in match.items():
        text = _text(value)
        if not dimension.strip() or dimension.lower() == "tag:":
            problems.append(f"{where}: {dimension!r} is not a dimension (a FOCUS column or tag:<key>)")
        elif text is None:
            problems.append(f"{where}: the value of {dimension!r} must be a text, got {value!r}")
        else:
            out[dimension] = text
    return out


__all__ = ["FORECAST_LABELS", "Budget", "column", "parse_budgets"]
