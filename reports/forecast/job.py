"""One forecast run: read the daily series, forecast each, store the issue and score the earlier ones; and the
periodic job (`--watch`) that repeats it.

Why a periodic CLI mode and not a service: forecasts change once a day (bills are daily), a run is a batch of a
few seconds to minutes, and nothing needs to ask it anything in between: cron, a Kubernetes CronJob or
`--watch 24h` in a container suffice. A run is idempotent per day (one issue per series and origin, replaced on a
re-run), so a retried or restarted job never duplicates forecasts. The forecast exporter serves what is stored.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import psycopg
from psycopg.rows import dict_row

from finops.errors import UnavailableError
from reports.forecast.backtest import Forecast, forecast
from reports.forecast.budget import BudgetStatus, evaluate_all, month_end
from reports.forecast.config import ForecastConfig
from reports.forecast.series import COST, DailySeries, cost_series, reason_not_to_forecast, usage_series

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MonthEnd:
    start: date
    actual: float  # the month's actuals up to the end of the history
    yhat: float  # actual + forecasts to the month's end
    lo80: float
    hi80: float
    lo95: float
    hi95: float


@dataclass(frozen=True)
class SeriesResult:
    series: DailySeries
    reason: str | None = None
    forecast: Forecast | None = None  # covers at least `horizon` days and the rest of the origin's month
    horizon: int = 0
    month: MonthEnd | None = None

    @property
    def origin(self) -> date:
        """The first forecast day: the day after the history."""
        return self.series.end + timedelta(days=1)

    def targets(self) -> list[date]:
        return [self.origin + timedelta(days=i) for i in range(self.horizon if self.forecast else 0)]


@dataclass(frozen=True)
class RunResult:
    issued_at: datetime
    as_of: date
    horizon: int
    results: list[SeriesResult]
    budgets: list[BudgetStatus]
    seconds: float
    scored: int = 0


def month_projection(series: DailySeries, fc: Forecast) -> MonthEnd:
    """Actuals of the origin's month to date plus the forecasts to its end. The bounds add the daily bounds: exact
    if the days' errors move together (Holt-Winters' errors mostly do: a level error persists), wider otherwise."""
    origin = series.end + timedelta(days=1)
    start = origin.replace(day=1)
    first = max((start - series.start).days, 0)
    actual = float(np.nansum(series.values[first:])) if start <= series.end else 0.0
    days = (month_end(origin) - origin).days + 1
    return MonthEnd(start, actual, *(actual + float(np.sum(b[:days])) for b in
                                     (fc.yhat, fc.lo80, fc.hi80, fc.lo95, fc.hi95)))  # fmt: skip


def forecast_series(series: DailySeries, config: ForecastConfig) -> SeriesResult:
    reason = reason_not_to_forecast(series, config.min_history, config.stale_after)
    if reason:
        return SeriesResult(series, reason=reason)
    origin = series.end + timedelta(days=1)
    horizon = max(config.horizon, (month_end(origin) - origin).days + 1)
    fc = forecast(series.values, horizon)
    return SeriesResult(series, forecast=fc, horizon=config.horizon, month=month_projection(series, fc))


def read_series(conn: psycopg.Connection[Any], config: ForecastConfig, as_of: date) -> list[DailySeries]:
    """Cost series of the lookback window before `as_of`, then usage series of every configured metric."""
    start = as_of - timedelta(days=config.lookback)
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute("SELECT * FROM finops.forecast_daily_cost(%s, %s)", (start, as_of)).fetchall()
        out = cost_series(rows, include_credits=config.include_credits)
        for metric in config.usage_metrics:
            rows = cur.execute("SELECT * FROM finops.forecast_daily_usage(%s, %s, %s, %s)",
                               (metric, config.resource_label, start, as_of)).fetchall()  # fmt: skip
            out += usage_series(rows, metric, as_of - timedelta(days=1), config.aggregation)
    return out


def budget_statuses(config: ForecastConfig, results: list[SeriesResult], as_of: date) -> list[BudgetStatus]:
    """Budgets over the month of the day before `as_of` (the current month), from actuals and forecasts."""
    month = (as_of - timedelta(days=1)).replace(day=1)
    last = month_end(month)
    rows = []
    for r in results:
        s = r.series
        if s.kind != COST:
            continue
        actuals = {
            s.day(i): float(v) for i, v in enumerate(s.values) if month <= s.day(i) <= last and not math.isnan(v)
        }
        forecasts: dict[date, float] = {}
        if r.forecast is not None:
            for i, v in enumerate(r.forecast.yhat):
                day = r.origin + timedelta(days=i)
                if month <= day <= last:
                    forecasts[day] = float(v)
        rows.append((s.labels, actuals, forecasts))
    return evaluate_all(config.budgets, month, rows)


def run_once(
    config: ForecastConfig,
    *,
    as_of: date | None = None,
    store: bool = True,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> RunResult:
    """Reads, forecasts and (with `store`) stores and scores; `as_of` (default today, UTC) is the first day not
    read: the history ends the day before (or earlier, where a bill ends earlier)."""
    from reports.forecast import store as storage

    issued_at = clock()
    as_of = as_of or issued_at.date()
    started = time.monotonic()
    try:
        with psycopg.connect(config.dsn, autocommit=True) as conn:
            series = read_series(conn, config, as_of)
            results = [forecast_series(s, config) for s in series]
            budgets = budget_statuses(config, results, as_of)
            run = RunResult(issued_at, as_of, config.horizon, results, budgets, time.monotonic() - started)
            if store:
                scored = storage.store_run(conn, run)
                run = RunResult(issued_at, as_of, config.horizon, results, budgets, time.monotonic() - started, scored)
    except psycopg.OperationalError as exc:
        raise UnavailableError(f"database unavailable: {exc}") from exc
    return run


def watch(
    config: ForecastConfig,
    interval: float,
    *,
    stop: threading.Event | None = None,
    runs: int | None = None,
    run: Callable[[], RunResult] | None = None,
) -> int:
    """Runs and stores every `interval` seconds until `stop` is set (or `runs` runs); a failed run (database
    down) is logged and retried at the next interval, never the end of the job. Returns the runs that succeeded."""
    stop = stop or threading.Event()
    run = run or (lambda: run_once(config))
    done = ok = 0
    while not stop.is_set() and (runs is None or done < runs):
        done += 1
        try:
            result = run()
        except (UnavailableError, psycopg.Error) as exc:
            log.warning("forecast run failed, next in %.0fs: %s", interval, exc)
        else:
            ok += 1
            forecasted = sum(1 for r in result.results if r.forecast is not None)
            log.info("forecast run as of %s: %d series, %d forecast, %d without (see reasons), %d scores, %.1fs",
                     result.as_of, len(result.results), forecasted, len(result.results) - forecasted, result.scored,
                     result.seconds)  # fmt: skip
        if runs is not None and done >= runs:
            break
        stop.wait(interval)
    return ok
