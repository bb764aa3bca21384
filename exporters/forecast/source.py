"""Reads the latest stored forecasts, month-end projections and budget inputs into an immutable snapshot."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import psycopg

from finops.errors import SourceError
from reports.forecast.budget import Budget, BudgetStatus, evaluate_all, month_end

#: the forecast days exposed, as `horizon` label values: the day after the history, a week, a month, a quarter
HORIZONS = {1: "1d", 7: "7d", 30: "30d", 90: "90d"}


@dataclass(frozen=True)
class DailyPoint:
    kind: str
    labels: Mapping[str, str | None]
    horizon: str
    yhat: float
    bounds: tuple[float | None, float | None, float | None, float | None]  # lo95, lo80, hi80, hi95


@dataclass(frozen=True)
class MonthPoint:
    labels: Mapping[str, str | None]
    actual: float
    yhat: float
    bounds: tuple[float | None, float | None, float | None, float | None]


@dataclass(frozen=True)
class Snapshot:
    last_run: float | None = None
    daily: tuple[DailyPoint, ...] = ()
    months: tuple[MonthPoint, ...] = ()
    budgets: tuple[BudgetStatus, ...] = ()
    counts: Mapping[str, int] = field(default_factory=dict)


class ForecastSource:
    def __init__(self, dsn: str, budgets: Sequence[Budget]) -> None:
        self._dsn = dsn
        self._budgets = tuple(budgets)

    async def fetch(self) -> Snapshot:
        try:
            async with await psycopg.AsyncConnection.connect(self._dsn, autocommit=True) as conn:
                return await self._read(conn)
        except psycopg.Error as exc:
            raise SourceError(f"cannot read the stored forecasts: {exc}") from exc

    async def _read(self, conn: psycopg.AsyncConnection[Any]) -> Snapshot:
        cur = await conn.execute(
            "SELECT extract(epoch FROM max(issued_at))::float8, max(as_of) FROM finops.forecast_runs"
        )
        last_run, as_of = await cur.fetchone() or (None, None)
        cur = await conn.execute(
            "SELECT kind, labels, horizon, yhat, lo95, lo80, hi80, hi95 FROM finops.forecast_latest"
            " WHERE horizon = ANY(%s) ORDER BY series_key, horizon", (list(HORIZONS),))  # fmt: skip
        daily = tuple(DailyPoint(k, labels, HORIZONS[h], y, (a, b, c, d))
                      for k, labels, h, y, a, b, c, d in await cur.fetchall())  # fmt: skip
        cur = await conn.execute(
            "SELECT labels, month_actual, month_yhat, month_lo95, month_lo80, month_hi80, month_hi95"
            " FROM finops.forecast_series WHERE kind = 'cost' AND origin IS NOT NULL ORDER BY series_key")
        months = tuple(MonthPoint(labels, act, y, (a, b, c, d)) for labels, act, y, a, b, c, d in await cur.fetchall())
        cur = await conn.execute("SELECT count(*) FILTER (WHERE origin IS NOT NULL), count(*) FILTER (WHERE origin IS"
                                 " NULL) FROM finops.forecast_series")  # fmt: skip
        with_forecast, without = await cur.fetchone() or (0, 0)
        budgets: tuple[BudgetStatus, ...] = ()
        if self._budgets and as_of is not None:
            budgets = tuple(await self._budget_statuses(conn, as_of))
        return Snapshot(last_run, daily, months, budgets, {"forecast": with_forecast, "no_forecast": without})

    async def _budget_statuses(self, conn: psycopg.AsyncConnection[Any], as_of: date) -> list[BudgetStatus]:
        """The current month (of the day before the latest run's as-of day): actuals, then the latest forecasts."""
        month = (as_of - timedelta(days=1)).replace(day=1)
        last = month_end(month)
        per_series: dict[str, tuple[Mapping[str, str | None], dict[date, float], dict[date, float]]] = {}
        cur = await conn.execute("SELECT series_key, labels FROM finops.forecast_series WHERE kind = 'cost'")
        for key, labels in await cur.fetchall():
            per_series[key] = (labels, {}, {})
        cur = await conn.execute(
            "SELECT a.series_key, a.day, a.value FROM finops.forecast_actuals a JOIN finops.forecast_series s"
            " ON s.series_key = a.series_key WHERE s.kind = 'cost' AND a.day BETWEEN %s AND %s",
            (month, last),
        )
        for key, day, value in await cur.fetchall():
            per_series[key][1][day] = value
        cur = await conn.execute("SELECT series_key, target, yhat FROM finops.forecast_latest WHERE kind = 'cost'"
                                 " AND target BETWEEN %s AND %s", (month, last))  # fmt: skip
        for key, day, value in await cur.fetchall():
            if day not in per_series[key][1]:
                per_series[key][2][day] = value
        return evaluate_all(self._budgets, month, per_series.values())
