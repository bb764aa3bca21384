"""The forecast SQL, the job and its storage against the real PostgreSQL + TimescaleDB of the test session."""

from __future__ import annotations

import json
import math
import threading
from datetime import date, datetime, timedelta
from decimal import Decimal

import numpy as np
import psycopg
import pytest

from finops.errors import UnavailableError
from reports.forecast.backtest import insample_scale
from reports.forecast.budget import Budget
from reports.forecast.config import ForecastConfig
from reports.forecast.job import RunResult, run_once, watch
from tests.reports.conftest import insert_costs, midnight

D0 = date(2025, 1, 6)  # a Monday
KEY = '["cost","AWS","acct-1","Compute","us-east-1","USD"]'


def weekly_cost(day: int) -> float:
    return round(100 + (20 if (day % 7) < 5 else -30) + 0.3 * day + (day * 37 % 11) * 0.5, 4)


def clock(day: date) -> datetime:
    return midnight(day) + timedelta(hours=6)


def test_daily_cost_spreads_multi_day_periods_and_keeps_credits_apart(db: str) -> None:
    insert_costs(db, [
        {"start": midnight(D0), "end": midnight(D0 + timedelta(days=4)), "cost": "10"},  # 2.5 a day, 4 days
        {"start": midnight(D0) + timedelta(hours=23), "end": midnight(D0 + timedelta(days=1)), "cost": "1"},
        {"day": D0 + timedelta(days=1), "cost": "-3", "charge_category": "Credit"},
        {"day": D0 + timedelta(days=1), "cost": "-0.5", "charge_category": "Adjustment"},  # a refund stays in
        {"day": D0 + timedelta(days=5), "cost": "7", "currency": "EUR"},
    ])  # fmt: skip
    with psycopg.connect(db) as conn:
        rows = conn.execute(
            "SELECT day, currency, effective_cost, credit_cost, cost_rows FROM finops.forecast_daily_cost(%s, %s)",
            (D0 + timedelta(days=1), D0 + timedelta(days=6)),
        ).fetchall()
    assert rows == [
        (D0 + timedelta(days=1), "USD", Decimal("2.0"), Decimal("-3"), 3),
        (D0 + timedelta(days=2), "USD", Decimal("2.5"), Decimal("0"), 1),
        (D0 + timedelta(days=3), "USD", Decimal("2.5"), Decimal("0"), 1),
        (D0 + timedelta(days=5), "EUR", Decimal("7"), Decimal("0"), 1),
    ]


def _config(db: str, budgets: tuple[Budget, ...] = ()) -> ForecastConfig:
    return ForecastConfig(dsn=db, horizon=14, usage_metrics=(), budgets=budgets)


def _counts(db: str) -> tuple[int, int, int]:
    with psycopg.connect(db) as conn:
        row = conn.execute(
            "SELECT (SELECT count(*) FROM finops.forecasts), (SELECT count(*) FROM finops.forecast_series),"
            " (SELECT count(*) FROM finops.forecast_actuals)"
        ).fetchone()
    assert row is not None
    return row[0], row[1], row[2]


def test_a_run_stores_its_issue_once_and_a_rerun_replaces_it(db: str) -> None:
    insert_costs(db, [{"day": D0 + timedelta(days=d), "cost": weekly_cost(d)} for d in range(56)])
    insert_costs(db, [{"day": D0 + timedelta(days=d), "cost": 3, "service_category": "Storage"}
                      for d in range(50, 56)])  # fmt: skip
    as_of = D0 + timedelta(days=56)
    first = run_once(_config(db), as_of=as_of, clock=lambda: clock(as_of))
    assert _counts(db) == (14, 2, 56 + 6)
    again = run_once(_config(db), as_of=as_of, clock=lambda: clock(as_of) + timedelta(hours=1))
    assert _counts(db) == (14, 2, 56 + 6)  # the same origin: replaced, not duplicated
    with psycopg.connect(db) as conn:
        latest = conn.execute(
            "SELECT target, yhat, lo80, hi80, lo95, hi95, model, issued_at FROM finops.forecast_latest"
            " WHERE series_key = %s ORDER BY target", (KEY,)
        ).fetchall()
        storage = conn.execute("SELECT origin, model, reason, history_days FROM finops.forecast_series"
                               " WHERE series_key LIKE '%%Storage%%'").fetchone()  # fmt: skip
        runs = conn.execute("SELECT count(*) FROM finops.forecast_runs").fetchone()
    (result,) = [r for r in again.results if r.series.key == KEY]
    assert result.forecast is not None and first.results[0].forecast is not None
    assert [row[0] for row in latest] == [as_of + timedelta(days=i) for i in range(14)]
    assert [row[1] for row in latest] == pytest.approx(result.forecast.yhat[:14].tolist())
    assert all(lo95 <= lo80 <= hi80 <= hi95 for _, _, lo80, hi80, lo95, hi95, _, _ in latest)
    assert {row[6] for row in latest} == {result.forecast.model}
    assert {row[7] for row in latest} == {clock(as_of) + timedelta(hours=1)}
    assert storage == (None, None, "only 6 day(s) of data since 2025-02-25, at least 14 needed", 6)
    assert runs == (2,)


def test_past_forecasts_are_scored_against_what_happened(db: str) -> None:
    insert_costs(db, [{"day": D0 + timedelta(days=d), "cost": weekly_cost(d)} for d in range(42)])
    first_as_of = D0 + timedelta(days=42)
    run_once(_config(db), as_of=first_as_of, clock=lambda: clock(first_as_of))
    # ten more days happen, 10 % above the pattern
    insert_costs(db, [{"day": D0 + timedelta(days=d), "cost": weekly_cost(d) * 1.1} for d in range(42, 52)])
    as_of = D0 + timedelta(days=52)
    second = run_once(_config(db), as_of=as_of, clock=lambda: clock(as_of))
    assert second.scored == 3  # horizon buckets 1, 7 and 14 (days 8-10 ahead)
    with psycopg.connect(db) as conn:
        stored = conn.execute("SELECT target, yhat, lo80, hi80 FROM finops.forecasts WHERE origin = %s AND"
                              " series_key = %s ORDER BY target", (first_as_of, KEY)).fetchall()  # fmt: skip
        scores = conn.execute("SELECT horizon, model, mase, smape, coverage80, origins, points, evaluated_at"
                              " FROM finops.forecast_accuracy_latest WHERE series_key = %s ORDER BY horizon",
                              (KEY,)).fetchall()  # fmt: skip
    actual = np.array([weekly_cost(d) * 1.1 for d in range(42, 52)])
    yhat = np.array([r[1] for r in stored[:10]])
    scale = insample_scale(np.array([weekly_cost(d) for d in range(42)] + actual.tolist()))
    buckets = {1: slice(0, 1), 7: slice(1, 7), 14: slice(7, 10)}
    assert [s[0] for s in scores] == [1, 7, 14]
    for horizon, model, mase_value, smape_value, cov80, origins, points, evaluated_at in scores:
        part = buckets[horizon]
        assert mase_value == pytest.approx(np.mean(np.abs(actual[part] - yhat[part])) / scale)
        a, f = actual[part], yhat[part]
        assert smape_value == pytest.approx(100 * np.mean(2 * np.abs(a - f) / (np.abs(a) + np.abs(f))))
        inside = [lo <= v <= hi for v, (_, _, lo, hi) in zip(actual[part], stored[part], strict=True)]
        assert cov80 == pytest.approx(sum(inside) / len(inside))
        assert (origins, points, evaluated_at) == (1, len(a), clock(as_of))
        assert model in ("snaive", "hw", "hw_trend", "hw_damped")


def test_usage_per_resource_from_the_samples(db: str) -> None:
    with psycopg.connect(db) as conn:
        ids = {}
        for rid in ("VM-A", "vm-b"):
            labels = json.dumps({"__name__": "azure_vm_cpu_utilization_percent", "resource_id": rid, "job": "azure"})
            row = conn.execute("SELECT id FROM finops.get_or_create_series(ARRAY[%s::jsonb])", (labels,)).fetchone()
            assert row is not None
            ids[rid] = row[0]
        samples = []
        for d in range(21):
            for hour in (0, 12):
                t = midnight(D0 + timedelta(days=d)) + timedelta(hours=hour)
                samples.append((t, ids["VM-A"], 40.0 + hour + (10 if d % 7 < 5 else 0)))
            if d < 10:
                samples.append((midnight(D0 + timedelta(days=d)), ids["vm-b"], 5.0))
        samples.append((midnight(D0) + timedelta(hours=13), ids["VM-A"], math.nan))  # a stale marker is no value
        conn.cursor().executemany("INSERT INTO finops.samples (time, series_id, value) VALUES (%s, %s, %s)", samples)
    as_of = D0 + timedelta(days=21)
    run = run_once(ForecastConfig(dsn=db, horizon=7), as_of=as_of, store=True, clock=lambda: clock(as_of))
    usage = {r.series.labels["resource_id"]: r for r in run.results if r.series.kind == "usage"}
    assert set(usage) == {"vm-a", "vm-b"}  # resource IDs lower-cased, as everywhere
    a = usage["vm-a"]
    assert a.series.values[:7].tolist() == [56.0] * 5 + [46.0] * 2
    assert a.forecast is not None and a.forecast.yhat.tolist() == pytest.approx([56.0] * 5 + [46.0] * 2)
    assert usage["vm-b"].reason == "only 10 day(s) of data since 2025-01-06, at least 14 needed"


def test_budgets_in_a_run(db: str) -> None:
    insert_costs(db, [{"day": D0 + timedelta(days=d), "cost": 100} for d in range(40)])
    as_of = date(2025, 2, 15)  # the history ends on 2025-02-14: 14 days of February at 100
    config = _config(db, budgets=(Budget("aws", 2000.0, "USD", {"provider": "AWS"}),
                                  Budget("eur", 10.0, "EUR", {})))  # fmt: skip
    run = run_once(config, as_of=as_of, store=False)
    aws, eur = run.budgets
    assert (aws.series, aws.actual, aws.breach) == (1, 1400.0, date(2025, 2, 21))  # 1400 + 7 x 100 > 2000 on the 21st
    assert aws.projected == pytest.approx(2800.0)
    assert (eur.series, eur.actual, eur.breach) == (0, 0.0, None)  # no EUR series: dollars are never counted
    assert _counts(db) == (0, 0, 0)  # store=False writes nothing


def test_a_database_that_is_down_is_an_unavailable_error_and_the_job_keeps_going(db: str) -> None:
    down = ForecastConfig(dsn="postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")
    with pytest.raises(UnavailableError, match="database unavailable"):
        run_once(down)
    calls: list[int] = []

    def flaky() -> RunResult:
        calls.append(1)
        if len(calls) == 1:
            raise UnavailableError("database unavailable: down for a moment")
        return run_once(_config(db), as_of=D0)

    stop = threading.Event()
    assert watch(down, 0.01, stop=stop, runs=3, run=flaky) == 2
    assert len(calls) == 3
