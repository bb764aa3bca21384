"""Golden tests of showback and the FOCUS use-case SQL on the official sample and the 1.3 fixture: expected
figures computed here from the CSV files with Decimal, independently of the SQL."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.focus_db.conftest import SAMPLE
from tests.reports.conftest import FIXTURE_13, JAN, SEPT, query
from tests.reports.conftest import report_invoke as _run
from tests.reports.conftest import report_output as _report


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def tag(row: dict[str, str], key: str) -> str | None:
    raw = row.get("Tags") or ""
    if raw in ("", "NULL"):
        return None
    value = json.loads(raw).get(key)
    return None if value in (None, "") else str(value)


def test_showback_by_tag_on_the_official_sample(sample_db: str) -> None:
    expected: dict[str, Decimal] = defaultdict(Decimal)
    for row in csv_rows(SAMPLE):
        expected[tag(row, "business_unit") or "(untagged)"] += Decimal(row["EffectiveCost"])
    got = query(sample_db, "SELECT key, effective_cost, untagged FROM finops.showback('tag:business_unit', %s, %s)",
                SEPT)
    assert {k: e for k, e, _ in got} == dict(expected)
    assert [k for k, _, u in got if u] == ["(untagged)"]
    total = sum(expected.values())
    tagged = total - expected["(untagged)"]
    coverage = query(sample_db, "SELECT coverage_percent FROM finops.tag_coverage(ARRAY['business_unit'], %s, %s)",
                     SEPT)
    assert coverage == [(round(100 * tagged / total, 2),)]


def test_showback_by_service_sums_billed_cost_of_the_sample(sample_db: str) -> None:
    got = query(sample_db, "SELECT sum(billed_cost) FROM finops.showback('ServiceName', %s, %s)", SEPT)
    assert got == [(Decimal("20.52022672899"),)]


def test_commitment_use_cases_on_the_13_fixture(db13: str) -> None:
    util = query(db13, "SELECT commitment_discount_id, used_cost, unused_cost, utilization_percent "
                       "FROM finops.commitment_utilization(%s, %s)", JAN)
    assert util == [("sp-1", Decimal("0.75"), Decimal("0.25"), Decimal("75.00"))]
    unused = query(db13, "SELECT kind, id, effective_cost FROM finops.unused_commitments(%s, %s)", JAN)
    assert unused == [("commitment discount", "sp-1", Decimal("0.25"))]
    rows = csv_rows(FIXTURE_13)
    usage = [r for r in rows if r["ChargeCategory"] == "Usage" and r["ChargeClass"] != "Correction"]
    lst = sum((Decimal(r["ListCost"]) for r in usage), Decimal(0))
    eff = sum((Decimal(r["EffectiveCost"]) for r in usage), Decimal(0))
    esr = query(db13, "SELECT sum(list_cost), sum(effective_cost) FROM finops.effective_savings_rate(%s, %s)", JAN)
    assert esr == [(lst, eff)]
    coverage = query(db13, "SELECT service_name, covered_cost, coverage_percent FROM "
                           "finops.commitment_coverage(%s, %s) WHERE service_name = 'Amazon EC2'", JAN)
    covered, on_demand = Decimal("0.75"), Decimal("0.9984")  # the Used row; the on-demand EC2 usage row
    assert coverage == [("Amazon EC2", covered, round(100 * covered / (covered + on_demand), 2))]


def test_month_over_month_and_budgets(db13: str, tmp_path: Path) -> None:
    trend = query(db13, "SELECT month::text, key, effective_cost, previous_effective_cost FROM "
                        "finops.cost_trend('SubAccountId', '2024-12-01', '2025-02-01') WHERE key = 'sub-mic'", ())
    assert trend == [("2025-01-01", "sub-mic", Decimal("11.054"), None)]
    config = tmp_path / "finops.yml"
    config.write_text(yaml.safe_dump({"budgets": [
        {"name": "finops-team", "by": "tag:team", "value": "finops", "amount": 10, "currency": "USD"}]}))
    out = _report(db13, "budgets", "--config.file", str(config), "--from", "2025-01-01", "--to", "2025-02-01",
                  "--output", "json")
    [line] = json.loads(out)
    assert line["budget"] == "finops-team" and Decimal(line["budget_amount"]) == 10
    expected = sum((Decimal(r["EffectiveCost"]) for r in csv_rows(FIXTURE_13) if tag(r, "team") == "finops"
                    and not r["AllocatedMethodId"]), Decimal(0))  # the provider-split row is team=payments
    assert Decimal(line["actual"]) == expected


def test_budget_in_another_currency_than_its_scope_is_refused(db13: str, tmp_path: Path) -> None:
    config = tmp_path / "finops.yml"
    config.write_text(yaml.safe_dump({"budgets": [{"name": "all", "amount": 10, "currency": "EUR"}]}))
    result = _run(db13, "budgets", "--config.file", str(config), "--from", "2025-01-01", "--to", "2025-02-01")
    assert result.exit_code == 2
    assert "budget 'all' is in EUR but its scope has" in result.output and "USD" in result.output


@pytest.mark.parametrize(("budgets", "message"), [
    ([{"name": "a", "amount": "ten", "currency": "USD"}], "'amount' must be a positive number, got 'ten'"),
    ([{"name": "a", "amount": 1, "currency": "usd"}], "'currency' must be an ISO 4217 code such as USD, got 'usd'"),
    ([{"name": "a", "amount": 1, "currency": "USD", "by": "tag:team"}], "'by' and 'value' go together"),
])
def test_bad_budgets_are_reported(db13: str, tmp_path: Path, budgets: list[dict[str, Any]], message: str) -> None:
    config = tmp_path / "finops.yml"
    config.write_text(yaml.safe_dump({"budgets": budgets}))
    result = _run(db13, "budgets", "--config.file", str(config))
    assert result.exit_code == 2 and message in result.output


def test_showback_cli_table_csv_json_and_bad_dimensions(db13: str) -> None:
    window = ("--from", "2025-01-01", "--to", "2025-02-01")
    table = _report(db13, "showback", "--by", "tag:team", *window)
    assert "(untagged)" in table and "tag coverage of 'team' (USD)" in table
    as_csv = _report(db13, "showback", "--by", "ServiceName", "--output", "csv", *window).splitlines()
    assert as_csv[0].startswith("key,billing_currency,billed_cost")
    as_json = json.loads(_report(db13, "showback", "--by", "RegionId", "--output", "json", *window))
    assert {r["key"] for r in as_json} == {"us-east-1", "eastus"}
    bad = _run(db13, "showback", "--by", "NoSuchThing", *window)
    assert bad.exit_code == 2 and "unknown dimension NoSuchThing" in bad.output and "ServiceName" in bad.output
    typo = _run(db13, "showback", "--by", "tag:tema", *window)
    assert typo.exit_code == 2 and "'tema' appear on no row" in typo.output and "team" in typo.output
