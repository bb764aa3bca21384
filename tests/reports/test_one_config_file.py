"""One finops.yml (db, report settings, budgets in both spellings, allocation rules, a forecast section) drives
`finops report allocate`, `budgets` and `forecast` through the CLI on the real database: each command reads its
sections, accepts the others, and evaluates the budgets it can scope."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from finops.cli import cli
from tests.reports.conftest import insert_costs, query
from tests.reports.test_allocation import RULES

D0 = date(2025, 1, 6)
BUDGETS: list[dict[str, Any]] = [
    {"name": "compute", "amount": 2000, "currency": "USD", "match": {"ServiceCategory": "Compute"}},
    {"name": "finops-team", "amount": "40.5", "currency": "USD", "by": "tag:team", "value": "finops"},
    {"name": "aws-acct-1", "amount": 1000, "currency": "USD", "match": {"provider": "AWS", "sub_account_id": "acct-1"}},
]  # fmt: skip


def _file(tmp_path: Path, db: str, **extra: Any) -> str:
    path = tmp_path / "finops.yml"
    document = {"db": {"url": db}, "report": {"output": "json"}, "budgets": BUDGETS, "allocation": RULES,
                "forecast": {"horizon": "30d", "usage": {"metrics": []}}, **extra}
    path.write_text(yaml.safe_dump(document))
    return str(path)


def _run(*args: str) -> Any:
    result = CliRunner().invoke(cli, ["report", *args])
    assert result.exit_code == 0, result.stderr
    return result


def test_one_file_serves_allocate_budgets_and_forecast(db13: str, tmp_path: Path) -> None:
    # 35 days of one AWS compute series beside the 1.3 fixture (January 15 and 31): a weekday/weekend pattern
    insert_costs(db13, [{"day": D0 + timedelta(days=d), "cost": 50 + 10 * (d % 7 < 5)} for d in range(35)])
    config = _file(tmp_path, db13)
    window = ["--config.file", config, "--from", "2025-01-01", "--to", "2025-02-01"]
    _run("allocate", *window)
    assert query(db13, "SELECT count(DISTINCT rule) FROM finops.allocation_rows") == [(3,)]

    rows = json.loads(_run("budgets", *window).stdout)
    by_name = {r["budget"]: r for r in rows}
    # compute in January: 26 days of the series (20 weekdays at 60, 6 weekend days at 50) and the fixture's
    # compute rows (0.9984 + 2.304 + 0 + 0.75 + 0.25 - 5 credit - 0.5) = 1500 - 1.1976
    assert Decimal(by_name["compute"]["actual"]) == Decimal("1498.8024") and by_name["compute"]["month"] == "2025-01-01"
    assert by_name["compute"]["used_percent"] == "74.94" and by_name["compute"]["note"] is None
    # the old `by`/`value` spelling: the same answer as the SQL function given that scope directly
    (expected,) = query(db13, "SELECT actual, remaining FROM finops.budget_vs_actual(%s::jsonb, %s, %s)", (
        json.dumps([{"name": "t", "amount": "40.5", "currency": "USD", "dimension": "tag:team", "value": "finops"}]),
        date(2025, 1, 1), date(2025, 2, 1)))  # fmt: skip
    team = by_name["finops-team"]
    assert (Decimal(team["actual"]), Decimal(team["remaining"])) == expected and expected[0] > 0
    assert by_name["aws-acct-1"]["actual"] is None and by_name["aws-acct-1"]["note"] == (
        "not evaluated: the budgets report scopes a budget by one dimension; this one has provider, sub_account_id")

    document = json.loads(_run("forecast", "--config.file", config, "--as-of", "2025-02-10",
                               "--format", "json").stdout)  # fmt: skip
    assert document["horizon_days"] == 30
    budgets = {b["budget"]: b for b in document["budgets"]}
    # February to the 9th: 5 weekdays at 60 and 4 days at 50; then the exact weekly pattern to the 28th (1100)
    for name in ("compute", "aws-acct-1"):
        assert (budgets[name]["actual"], budgets[name]["projected"]) == (500.0, 1600.0)
    # 500 + 5 x 60 + 2 x 50 = 900 by the 16th, 960 on the 17th, 1020 on the 18th: over 1000
    assert budgets["aws-acct-1"]["breach"] == "2025-02-18" and budgets["compute"]["breach"] is None
    assert budgets["finops-team"]["note"] == ("not forecast: the forecast's cost series are scoped by provider, "
                                              "sub_account_id, service_category, region_id only, not tag:team")


def test_a_key_nobody_reads_and_a_typo_in_a_section_are_still_errors(db: str, tmp_path: Path) -> None:
    config = _file(tmp_path, db, reprot={"output": "csv"})
    for command in (["budgets"], ["forecast"]):
        result = CliRunner().invoke(cli, ["report", *command, "--config.file", config])
        assert result.exit_code == 2 and "unknown key 'reprot.output'" in result.stderr, result.stderr
    config = _file(tmp_path, db, forecast={"horizn": "30d"})
    result = CliRunner().invoke(cli, ["report", "forecast", "--config.file", config])
    assert result.exit_code == 2 and "unknown key 'forecast.horizn'" in result.stderr
    config = _file(tmp_path, db, budgets=[{"name": "x", "amount": 0, "currency": "USD", "by": "ServiceName"}])
    for command in (["budgets"], ["forecast"]):
        result = CliRunner().invoke(cli, ["report", *command, "--config.file", config])
        assert result.exit_code == 2, result.stderr
        assert "budgets[0]: 'amount' must be a positive number, got 0" in result.stderr
        assert "budgets[0]: 'by' and 'value' go together" in result.stderr
