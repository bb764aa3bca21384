"""`finops report forecast` as users run it: formats, the stored run, configuration errors, a database that is down."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import psycopg
from click.testing import CliRunner

from reports.cli import report
from tests.reports.conftest import insert_costs

D0 = date(2025, 1, 6)


def _load(db: str) -> None:
    insert_costs(db, [{"day": D0 + timedelta(days=d), "cost": 50 + 10 * (d % 7 < 5)} for d in range(35)])
    insert_costs(db, [{"day": D0 + timedelta(days=d), "cost": 2, "currency": "EUR"} for d in range(30, 35)])


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(report, ["forecast", *args])
    return result.exit_code, result.stdout, result.stderr


def test_table_csv_and_json(db: str) -> None:
    _load(db)
    common = ["--db.url", db, "--as-of", "2025-02-10", "--forecast.usage.metrics", ""]
    code, out, _ = _run(*common)
    assert code == 0
    header, eur, usd = out.splitlines()  # sorted by key: EUR before USD
    assert header.split()[:3] == ["kind", "labels", "history_from"]
    # an exact weekly pattern: seasonal naive is exact and, tied with Holt-Winters, the simpler model wins;
    # February: 500 to the 9th, then 19 days of the pattern (1100)
    assert "AWS/acct-1/Compute/us-east-1/USD" in usd and " snaive " in usd and "1,600.00" in usd
    assert "only 5 day(s) of data since 2025-02-05, at least 14 needed" in eur
    code, out, _ = _run(*common, "--format", "csv", "--daily", "--forecast.horizon", "10d")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 10
    assert rows[0]["target"] == "2025-02-10" and float(rows[0]["lo95"]) <= float(rows[0]["yhat"])
    code, out, _ = _run(*common, "--format", "json", "--store")
    document = json.loads(out)
    assert code == 0 and [s["unit"] for s in document["series"]] == ["EUR", "USD"]
    usd_series = document["series"][1]
    assert usd_series["month"] == "2025-02" and usd_series["month_actual"] == 60 * 5 + 50 * 4
    assert usd_series["notes"] == "also billed in EUR: forecast per currency, never converted"
    with psycopg.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM finops.forecasts").fetchone() == (30,)


def test_every_configuration_problem_at_once(tmp_path: Path) -> None:
    config = tmp_path / "forecast.yml"
    config.write_text("forecast: {horizon: 120d, credits: maybe}\nbudgets: [{name: x, amount: 0}]\n")
    code, _, err = _run("--config.file", str(config), "--forecast.min-history", "7d")
    assert code == 2
    for problem in ("forecast.horizon: invalid value '120d': must be between 1d and 90d",
                    "forecast.credits: invalid value 'maybe'", "--forecast.min-history: invalid value '7d'",
                    "budgets[0]: 'amount' must be a positive number, got 0",
                    "budgets[0]: 'currency' must be an ISO 4217 code"):  # fmt: skip
        assert problem in err
    code, _, err = _run("--as-of", "yesterday")
    assert code == 2 and "--as-of" in err


def test_a_database_that_is_down_exits_1() -> None:
    code, _, err = _run("--db.url", "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")
    assert code == 1 and "database unavailable" in err
