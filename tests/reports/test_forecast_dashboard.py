"""The forecast dashboard's SQL panels on this branch's own fixture: costs, one stored run; the forecasts and
bands come back (tests/deploy runs them too, on the FOCUS fixture alone, where only the actuals exist)."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import Any

import psycopg

from reports.forecast.config import ForecastConfig
from reports.forecast.job import run_once
from tests.reports.conftest import insert_costs
from tests.services import ROOT

DASHBOARD = ROOT / "deploy" / "grafana" / "dashboards" / "finops-forecast.json"
WINDOW = ("2025-01-06T00:00:00Z", "2025-03-31T00:00:00Z")


def _macros(sql: str) -> str:
    start, end = WINDOW
    sql = re.sub(r"\$__timeFilter\(([^)]+)\)", rf"\1 BETWEEN '{start}' AND '{end}'", sql)
    return sql.replace("$__timeFrom()", f"'{start}'").replace("$__timeTo()", f"'{end}'")


def test_the_panels_show_actuals_forecasts_bands_and_projections(db: str) -> None:
    d0 = date(2025, 1, 6)
    insert_costs(db, [{"day": d0 + timedelta(days=d), "cost": 40 + 5 * (d % 7 < 5) + d % 3} for d in range(42)])
    run_once(ForecastConfig(dsn=db, horizon=30, usage_metrics=()), as_of=d0 + timedelta(days=42))
    panels = {p["title"]: p for p in json.loads(DASHBOARD.read_text())["panels"] if "targets" in p}
    with psycopg.connect(db) as conn:
        conn.execute("SET TIME ZONE 'UTC'")

        def query(title: str) -> list[dict[str, Any]]:  # psycopg's row values are Any
            cur = conn.execute(_macros(panels[title]["targets"][0]["rawSql"]))
            names = [c.name for c in cur.description or []]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

        series = query("Daily effective cost: actual and forecast (80 % and 95 % bands)")
        months = query("Month-end projection per cost series")
        accuracy = query("Forecast accuracy per cost series")
    actual = [r for r in series if r["actual"] is not None]
    forecast = [r for r in series if r["forecast"] is not None]
    assert len(actual) == 42 and len(forecast) == 30
    assert all(r["lo95"] <= r["lo80"] <= r["forecast"] <= r["hi80"] <= r["hi95"] for r in forecast)
    assert max(r["time"] for r in actual) < min(r["time"] for r in forecast)
    (month,) = months
    assert month["month_start"] == date(2025, 2, 1) and month["model"] is not None
    assert month["month_projection"] > month["month_actual"] > 0
    (row,) = accuracy
    assert row["backtest_mase"] is not None and row["forecasts_scored"] is None  # nothing scored after one run
