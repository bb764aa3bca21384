"""The stated treatment of bad input, on rows shaped like `finops.forecast_daily_cost`'s."""

from __future__ import annotations

import json
import math
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np

from reports.forecast.budget import Budget, evaluate
from reports.forecast.series import cost_series, reason_not_to_forecast, usage_series

D0 = date(2025, 3, 1)


def row(day: int, cost: str, credit: str = "0", **labels: str | None) -> dict[str, Any]:
    base: dict[str, Any] = {"provider": "AWS", "sub_account_id": "a", "service_category": "Compute",
                            "region_id": "eu-west-1", "currency": "USD"}  # fmt: skip
    base.update(labels)
    return {**base, "day": D0 + timedelta(days=day), "effective_cost": Decimal(cost), "credit_cost": Decimal(credit),
            "cost_rows": 1}  # fmt: skip


def test_a_covered_day_without_rows_is_zero_an_uncovered_day_is_missing() -> None:
    rows = [row(d, "10") for d in (0, 1, 3, 6)]
    rows += [row(d, "1", service_category="Storage") for d in range(0, 6) if d != 4]  # day 2 covered, 4 and 5 not
    compute = next(s for s in cost_series(rows) if s.labels["service_category"] == "Compute")
    assert compute.start == D0 and compute.end == D0 + timedelta(days=6)
    assert np.array_equal(compute.values, [10, 10, 0, 10, np.nan, 0, 10], equal_nan=True)
    assert (compute.observed, compute.missing) == (6, 1)


def test_the_history_ends_on_the_providers_last_covered_day() -> None:
    rows = [row(d, "10") for d in range(20)] + [row(d, "3", provider="Azure") for d in range(25)]
    aws = next(s for s in cost_series(rows) if s.labels["provider"] == "AWS")
    assert aws.end == D0 + timedelta(days=19)  # not day 24: AWS's bill has not arrived for days 20-24


def test_credits_are_left_out_unless_asked_for_and_refunds_stay_in() -> None:
    rows = [row(0, "10", credit="-4"), row(1, "-2"), row(2, "0", credit="-5")]
    (excluded,) = cost_series(rows)
    assert excluded.values.tolist() == [10.0, -2.0, 0.0]
    (included,) = cost_series(rows, include_credits=True)
    assert included.values.tolist() == [6.0, -2.0, -5.0]


def test_a_series_of_credits_only_gets_a_reason_not_a_forecast() -> None:
    rows = [row(d, "0", credit="-1", service_category="Other") for d in range(30)]
    (series,) = cost_series(rows)
    assert "credits only" in (reason_not_to_forecast(series, 14, 7) or "")


def test_a_series_starting_mid_month_starts_on_its_first_row() -> None:
    rows = [row(d, "5") for d in range(30)] + [row(d, "7", region_id="us-east-1") for d in range(19, 30)]
    late = next(s for s in cost_series(rows) if s.labels["region_id"] == "us-east-1")
    assert late.start == D0 + timedelta(days=19) and late.observed == 11
    assert reason_not_to_forecast(late, 14, 7) == "only 11 day(s) of data since 2025-03-20, at least 14 needed"


def test_currencies_are_separate_series_never_added() -> None:
    rows = [row(d, "10") for d in range(20)] + [row(d, "9", currency="EUR") for d in range(10, 20)]
    usd, eur = sorted(cost_series(rows), key=lambda s: str(s.unit), reverse=True)
    assert (usd.unit, eur.unit) == ("USD", "EUR")
    assert usd.values.tolist() == [10.0] * 20 and eur.values.tolist() == [9.0] * 10
    assert usd.notes == ("also billed in EUR: forecast per currency, never converted",)
    assert json.loads(eur.key) == ["cost", "AWS", "a", "Compute", "eu-west-1", "EUR"]


def test_null_labels_and_nulls_in_keys_stay_distinct() -> None:
    rows = [row(d, "1", region_id=None) for d in range(3)] + [row(d, "2", region_id="null") for d in range(3)]
    keys = {s.key for s in cost_series(rows)}
    assert keys == {'["cost","AWS","a","Compute",null,"USD"]', '["cost","AWS","a","Compute","null","USD"]'}


def test_usage_days_without_samples_are_missing_and_stale_resources_are_not_forecast() -> None:
    rows = [{"day": D0 + timedelta(days=d), "resource_id": "vm-1", "usage_avg": 50.0, "usage_max": 90.0,
             "usage_sum": 600.0, "samples": 12} for d in range(20) if d != 5]  # fmt: skip
    rows += [{"day": D0, "resource_id": "vm-2", "usage_avg": float("nan"), "usage_max": 1.0, "usage_sum": 1.0,
              "samples": 1}]  # fmt: skip
    (vm1,) = usage_series(rows, "cpu", D0 + timedelta(days=29))  # vm-2's only value is NaN: no series
    assert vm1.end == D0 + timedelta(days=29) and math.isnan(vm1.values[5]) and vm1.observed == 19
    assert reason_not_to_forecast(vm1, 14, 7) == (
        "no data since 2025-03-20 (more than 7 days before the end of the history)")  # fmt: skip
    peak, vm2 = usage_series(rows, "cpu", D0 + timedelta(days=19), aggregation="max")
    assert vm2.labels["resource_id"] == "vm-2" and vm2.values[0] == 1.0  # its max is a value, its mean was not
    assert peak.values[0] == 90.0 and reason_not_to_forecast(peak, 14, 7) is None


def test_budget_breach_day_from_actuals_then_forecasts() -> None:
    budget = Budget("b", 100.0, "USD", {})
    actuals = {D0 + timedelta(days=d): 10.0 for d in range(5)}  # 50 by the 5th
    forecasts = {D0 + timedelta(days=d): 8.0 for d in range(5, 31)}  # crosses 100 on day 5 + 7 (50 + 7 * 8 = 106)
    status = evaluate(budget, D0, 1, actuals, forecasts)
    assert status.breach == D0 + timedelta(days=11)
    assert (status.actual, status.projected) == (50.0, 50.0 + 26 * 8.0)
    assert evaluate(Budget("big", 1e6, "USD", {}), D0, 1, actuals, forecasts).breach is None
    assert evaluate(Budget("gone", 20.0, "USD", {}), D0, 1, actuals, forecasts).breach == D0 + timedelta(days=2)
    assert not budget.matches({"currency": "EUR"}) and Budget("x", 1, "USD", {"provider": "AWS"}).matches(
        {"provider": "AWS", "currency": "USD"})  # fmt: skip
