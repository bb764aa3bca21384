"""The forecast exporter: the exposition of a small snapshot (golden), and the whole exporter on stored forecasts
in the real PostgreSQL."""

from __future__ import annotations

from calendar import timegm
from datetime import date, timedelta
from pathlib import Path

import psycopg
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from prometheus_client import CollectorRegistry, generate_latest

from exporters.forecast.app import build, load_exporter_config
from exporters.forecast.collector import ForecastCollector
from exporters.forecast.source import DailyPoint, MonthPoint, Snapshot
from finops.errors import ConfigError
from reports.forecast.budget import Budget, BudgetStatus
from reports.forecast.config import ForecastConfig
from reports.forecast.job import run_once
from tests.reports.conftest import insert_costs

Client = TestClient[web.Request, web.Application]
COST = {"provider": "AWS", "sub_account_id": "a1", "service_category": "Compute", "region_id": None, "currency": "USD"}


def test_exposition_of_a_small_snapshot() -> None:
    snapshot = Snapshot(
        last_run=1_736_150_400.0,
        daily=(DailyPoint("cost", COST, "1d", 12.5, (10.0, 11.0, 14.0, 15.0)),
               DailyPoint("usage", {"metric": "cpu", "resource_id": "vm-1"}, "7d", 40.0, (None, 30.0, 50.0, None))),
        months=(MonthPoint(COST, 100.0, 400.0, (350.0, 370.0, 430.0, 450.0)),),
        budgets=(BudgetStatus(Budget("team", 300.0, "USD", {}), date(2025, 1, 1), 1, 100.0, 400.0, date(2025, 1, 24)),
                 BudgetStatus(Budget("big", 1e4, "USD", {}), date(2025, 1, 1), 1, 100.0, 400.0, None)),
        counts={"forecast": 2, "no_forecast": 1},
    )  # fmt: skip
    registry = CollectorRegistry()
    registry.register(ForecastCollector(lambda: snapshot))
    cost = {"provider": "AWS", "sub_account_id": "a1", "service_category": "Compute", "region_id": "",
            "currency": "USD"}  # fmt: skip

    def lab(**extra: str) -> str:  # prometheus_client writes labels sorted by name
        return ",".join(f'{k}="{v}"' for k, v in sorted({**cost, **extra}.items()))

    help_daily = "Point forecast of a day's effective cost, `horizon` days after the history."
    help_breach = "Start (UTC) of the day the month's cost is projected to exceed the budget; absent when it is not."
    expected = f"""# HELP finops_forecast_daily_cost {help_daily}
# TYPE finops_forecast_daily_cost gauge
finops_forecast_daily_cost{{{lab(horizon="1d")}}} 12.5
# HELP finops_forecast_daily_cost_quantile Interval bounds of a day's cost forecast (2.5/10/90/97.5 % quantiles).
# TYPE finops_forecast_daily_cost_quantile gauge
finops_forecast_daily_cost_quantile{{{lab(horizon="1d", quantile="0.025")}}} 10.0
finops_forecast_daily_cost_quantile{{{lab(horizon="1d", quantile="0.1")}}} 11.0
finops_forecast_daily_cost_quantile{{{lab(horizon="1d", quantile="0.9")}}} 14.0
finops_forecast_daily_cost_quantile{{{lab(horizon="1d", quantile="0.975")}}} 15.0
# HELP finops_forecast_daily_usage Point forecast of a day's usage of a resource, `horizon` days after the history.
# TYPE finops_forecast_daily_usage gauge
finops_forecast_daily_usage{{horizon="7d",metric="cpu",resource_id="vm-1"}} 40.0
# HELP finops_forecast_daily_usage_quantile Interval bounds of a day's usage forecast.
# TYPE finops_forecast_daily_usage_quantile gauge
finops_forecast_daily_usage_quantile{{horizon="7d",metric="cpu",quantile="0.1",resource_id="vm-1"}} 30.0
finops_forecast_daily_usage_quantile{{horizon="7d",metric="cpu",quantile="0.9",resource_id="vm-1"}} 50.0
# HELP finops_forecast_month_end_cost Month-end projection: the month's actuals to date plus the forecasts to its end.
# TYPE finops_forecast_month_end_cost gauge
finops_forecast_month_end_cost{{{lab()}}} 400.0
# HELP finops_forecast_month_end_cost_quantile Bounds of the month-end projection.
# TYPE finops_forecast_month_end_cost_quantile gauge
finops_forecast_month_end_cost_quantile{{{lab(quantile="0.025")}}} 350.0
finops_forecast_month_end_cost_quantile{{{lab(quantile="0.1")}}} 370.0
finops_forecast_month_end_cost_quantile{{{lab(quantile="0.9")}}} 430.0
finops_forecast_month_end_cost_quantile{{{lab(quantile="0.975")}}} 450.0
# HELP finops_forecast_month_actual_cost The month's actual cost to date.
# TYPE finops_forecast_month_actual_cost gauge
finops_forecast_month_actual_cost{{{lab()}}} 100.0
# HELP finops_forecast_budget_amount A budget's amount for the month.
# TYPE finops_forecast_budget_amount gauge
finops_forecast_budget_amount{{budget="team",currency="USD"}} 300.0
finops_forecast_budget_amount{{budget="big",currency="USD"}} 10000.0
# HELP finops_forecast_budget_projected_cost Projected cost of the month under a budget.
# TYPE finops_forecast_budget_projected_cost gauge
finops_forecast_budget_projected_cost{{budget="team",currency="USD"}} 400.0
finops_forecast_budget_projected_cost{{budget="big",currency="USD"}} 400.0
# HELP finops_forecast_budget_actual_cost Actual cost of the month to date under a budget.
# TYPE finops_forecast_budget_actual_cost gauge
finops_forecast_budget_actual_cost{{budget="team",currency="USD"}} 100.0
finops_forecast_budget_actual_cost{{budget="big",currency="USD"}} 100.0
# HELP finops_forecast_budget_breach_timestamp_seconds {help_breach}
# TYPE finops_forecast_budget_breach_timestamp_seconds gauge
finops_forecast_budget_breach_timestamp_seconds{{budget="team",currency="USD"}} 1.7376768e+09
# HELP finops_forecast_last_run_timestamp_seconds When the stored forecasts were issued.
# TYPE finops_forecast_last_run_timestamp_seconds gauge
finops_forecast_last_run_timestamp_seconds 1.7361504e+09
# HELP finops_forecast_series Series the forecast job saw, by whether they have a forecast.
# TYPE finops_forecast_series gauge
finops_forecast_series{{state="forecast"}} 2.0
finops_forecast_series{{state="no_forecast"}} 1.0
"""
    assert generate_latest(registry).decode() == expected


async def test_the_exporter_serves_the_stored_forecasts(db: str, tmp_path: Path) -> None:
    d0 = date(2025, 1, 6)
    insert_costs(db, [{"day": d0 + timedelta(days=d), "cost": 100 + 10 * (d % 7 < 5)} for d in range(40)])
    run_once(ForecastConfig(dsn=db, horizon=30, usage_metrics=()), as_of=date(2025, 2, 15))
    config_file = tmp_path / "forecast.yml"
    config_file.write_text("budgets: [{name: aws, amount: 2500, currency: USD, match: {provider: AWS}}]\n")
    exporter = build(load_exporter_config(str(config_file), flags={"db_url": db, "web_listen_address": "127.0.0.1:0"},
                                          environ={}), start_pollers=False)  # fmt: skip
    assert await exporter.poller.poll_once()
    client: Client = TestClient(TestServer(exporter.app))
    await client.start_server()
    try:
        body = await (await client.get("/metrics")).text()
        ready = await client.get("/readyz")
    finally:
        await client.close()
    with psycopg.connect(db) as conn:
        yhat = conn.execute("SELECT yhat FROM finops.forecast_latest WHERE horizon = 7").fetchone()
        month = conn.execute("SELECT month_yhat FROM finops.forecast_series").fetchone()
    assert yhat is not None and month is not None
    labels = 'currency="USD",provider="AWS",region_id="us-east-1",service_category="Compute",sub_account_id="acct-1"'
    lines = body.splitlines()
    daily = labels.replace('currency="USD",', 'currency="USD",horizon="7d",')
    assert f"finops_forecast_daily_cost{{{daily}}} {yhat[0]!r}" in lines
    assert f"finops_forecast_month_end_cost{{{labels}}} {month[0]!r}" in lines
    # February to the 14th: 10 weekdays at 110 and 4 weekend days at 100 = 1500, then the (exact) weekly pattern
    breach = [line for line in lines if line.startswith("finops_forecast_budget_breach_timestamp_seconds")]
    running, day = 1500.0, date(2025, 2, 15)
    while running + (110 if day.weekday() < 5 else 100) <= 2500:
        running += 110 if day.weekday() < 5 else 100
        day += timedelta(days=1)
    stamp = float(timegm(day.timetuple()))
    assert breach == [f'finops_forecast_budget_breach_timestamp_seconds{{budget="aws",currency="USD"}} {stamp:.7e}']
    assert 'forecast_exporter_up{source="forecasts"} 1.0' in lines
    assert ready.status == 200


async def test_a_database_that_goes_away_keeps_the_last_snapshot(db: str) -> None:
    config = load_exporter_config(None, flags={"db_url": "postgresql://nobody@127.0.0.1:1/x?connect_timeout=2"},
                                  environ={})  # fmt: skip
    exporter = build(config, start_pollers=False)
    assert not await exporter.poller.poll_once()
    assert exporter.poller.status.last_error is not None
    assert "cannot read the stored forecasts" in exporter.poller.status.last_error


def test_exporter_configuration_problems_are_reported_together(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text("web: {listen_address: nowhere}\nexporter: {interval: 0s}\nbudgets: {}\n")
    with pytest.raises(ConfigError) as info:
        load_exporter_config(str(path), environ={})
    text = str(info.value)
    assert "web.listen_address" in text and "exporter.interval" in text and "budgets: must be a list" in text


def test_the_shared_finops_yml_is_accepted_and_a_budget_on_a_tag_is_named(tmp_path: Path,
                                                                          caplog: pytest.LogCaptureFixture) -> None:
    """The file `finops report` reads too: its sections are left to their commands; the exporter's own keys are
    still checked strictly; a budget the forecast cannot scope gets no gauges and a warning saying why."""
    path = tmp_path / "finops.yml"
    path.write_text("report: {output: json}\nallocation: {tag_key: team, rules: []}\nanomalies: {k: 3}\n"
                    "budgets:\n  - {name: aws, amount: 100, currency: USD, match: {ServiceCategory: Compute}}\n"
                    "  - {name: team, amount: 50, currency: USD, by: tag:team, value: payments}\n")  # fmt: skip
    with caplog.at_level("WARNING", logger="exporters.forecast.app"):
        config = load_exporter_config(str(path), environ={})
    assert config.budgets == (Budget("aws", 100.0, "USD", {"service_category": "Compute"}),)
    assert "budget 'team' has no breach gauges: the forecast's cost series are scoped by" in caplog.text
    path.write_text("web: {listen_adress: ':9104'}\n")
    with pytest.raises(ConfigError, match=r"unknown key 'web\.listen_adress'"):
        load_exporter_config(str(path), environ={})
