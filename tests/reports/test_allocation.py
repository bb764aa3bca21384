"""Shared-cost allocation written as FOCUS 1.3 split rows: golden splits on the 1.3 fixture, exact sums,
export and validation, and every kind of bad rule refused with a clear message."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner

from finops.cli import cli
from finops.errors import BadInputError, ConfigError
from focus.export import export
from focus.validate import validate
from reports.allocation import allocate
from tests.reports.conftest import JAN, query

RULES: dict[str, Any] = {
    "tag_key": "team",
    "rules": [
        {"name": "shared-sql", "method": "fixed", "source": {"ServiceName": "Azure SQL Database"},
         "weights": {"finops": 60, "payments": 40}},
        {"name": "bigquery", "method": "proportional", "source": {"ServiceName": "BigQuery"},
         "targets": ["finops", "payments"]},
        {"name": "untagged", "method": "even", "source": {"untagged": True, "ServiceName": "Amazon Bedrock"},
         "targets": ["finops", "payments"]},
    ],
}


def run(dsn: str, rules: dict[str, Any], dry_run: bool = False) -> Any:
    with psycopg.connect(dsn) as conn:
        return allocate(conn, rules, *JAN, dry_run=dry_run)


def totals(dsn: str, relation: str) -> list[tuple[Any, ...]]:
    return query(dsn, f"SELECT billing_period_start, billing_currency, sum(billed_cost), sum(effective_cost), "
                      f"sum(list_cost), sum(contracted_cost), sum(pricing_quantity) FROM finops.{relation} "
                      "GROUP BY 1, 2 ORDER BY 1, 2")


def test_fixed_even_and_proportional_rules_split_the_fixture_exactly(db13: str) -> None:
    result = run(db13, RULES)
    assert result.warnings == []
    rows = query(db13, "SELECT rule, allocated_resource_id, allocated_method_id, billed_cost, effective_cost, "
                       "allocated_tags, allocated_method_details FROM finops.allocation_rows ORDER BY rule, row_id")
    by = {(r[0], r[1]): r for r in rows}
    # Azure SQL Database: 12.5 usage (tags env=dev, owner=null) and 1.25 tax (untagged but SQL: rule shared-sql)
    sql_rows = [r for r in rows if r[0] == "shared-sql"]
    assert sorted((r[1], r[3]) for r in sql_rows) == [
        ("team/finops", Decimal("0.7500000000")), ("team/finops", Decimal("7.5000000000")),
        ("team/payments", Decimal("0.5000000000")), ("team/payments", Decimal("5.0000000000"))]
    assert by[("shared-sql", "team/finops")][2] == "finops:fixed"
    assert by[("shared-sql", "team/finops")][5] == {"team": "finops"}
    details = by[("shared-sql", "team/finops")][6]
    assert details["x_Rule"] == "shared-sql" and details["x_WeightPercent"] == "60"
    assert details["Elements"] == [{"AllocatedRatio": Decimal("0.6")}] or \
        Decimal(str(details["Elements"][0]["AllocatedRatio"])) == Decimal("0.6")
    # BigQuery 5 USD split by direct EffectiveCost: payments has 0.75 (the provider's split row, AllocatedTags
    # team=payments over Tags team=finops); finops nets to -1.9016 (the 5 USD credit and the -0.5 correction
    # outweigh its usage), and a negative basis counts as 0: everything goes to payments, finops gets no row
    bq = [r for r in rows if r[0] == "bigquery"]
    assert [(r[1], r[4]) for r in bq] == [("team/payments", Decimal("5.0000000000"))]
    assert bq[0][6]["x_DirectCost"] == "0.75"
    # sums per billing period and currency are those of the bill
    assert totals(db13, "focus_allocated") == totals(db13, "focus_costs")


def test_a_rerun_replaces_and_a_dry_run_stores_nothing(db13: str) -> None:
    first = run(db13, RULES)
    dry = run(db13, RULES, dry_run=True)
    assert dry.run_id is None and dry.summary == first.summary
    second = run(db13, RULES)
    assert second.summary == first.summary
    assert query(db13, "SELECT count(DISTINCT run_id) FROM finops.allocation_rows") == [(1,)]


def test_export_of_split_rows_is_valid_focus_13(db13: str, tmp_path: Path) -> None:
    run(db13, RULES)
    out = tmp_path / "allocated.csv"
    count = export(db13, out, version="1.3", start=JAN[0], end=JAN[1], table="focus_allocated")
    assert count == query(db13, "SELECT count(*) FROM finops.focus_allocated")[0][0]
    report = validate(out, version="1.3")
    assert report.ok, report.format()
    assert "finops:fixed" in out.read_text()
    done = CliRunner().invoke(cli, ["focus", "validate", "--version", "1.3", str(out)])
    assert done.exit_code == 0 and "OK: no violations" in done.output, done.output


@pytest.mark.parametrize(("rules", "message"), [
    ({"rules": [{"name": "a", "method": "fixed", "source": {"ServiceName": "BigQuery"},
                 "weights": {"x": 50, "y": 40}}]}, "weights sum to 90 %, not 100 %"),
    ({"rules": [{"name": "a", "method": "even", "source": {"NoSuchColumn": "x"}, "targets": ["a"]}]},
     "source.NoSuchColumn is not a FOCUS dimension column"),
    ({"rules": [{"name": "a", "method": "magic", "source": {"ServiceName": "x"}}]}, "method 'magic'"),
    ({"rules": [{"name": "a", "method": "even", "targets": ["a"]}]}, "'source' must be a mapping"),
    ({"rules": [{"name": "a", "method": "usage", "source": {"ServiceName": "x"}}]}, "method usage needs usage"),
])
def test_bad_rules_are_config_errors(db13: str, rules: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        run(db13, rules)


def test_overlapping_rules_are_refused_naming_them(db13: str) -> None:
    rules = {"rules": [
        {"name": "by-service", "method": "even", "source": {"ServiceName": "BigQuery"}, "targets": ["a", "b"]},
        {"name": "by-account", "method": "even", "source": {"SubAccountId": "sub-goo"}, "targets": ["a", "b"]}]}
    with pytest.raises(BadInputError, match=r"rules overlap: 1 row.*by-account and by-service"):
        run(db13, rules)
    assert query(db13, "SELECT count(*) FROM finops.allocation_runs") == [(0,)]


def test_unknown_tags_are_refused_listing_known_keys(db13: str) -> None:
    rules = {"rules": [{"name": "a", "method": "even", "source": {"tags": {"tema": "x"}}, "targets": ["a"]}]}
    with pytest.raises(BadInputError, match=r"source tag 'tema' appears on no row.*keys present: .*team"):
        run(db13, rules)


@pytest.mark.parametrize(("rules", "field"), [
    ({"rules": [{"name": "sh\x00ared", "method": "even", "source": {"ServiceName": "BigQuery"},
                 "targets": ["a", "b"]}]}, "rules[0].name"),
    ({"rules": [{"name": "a", "method": "even", "source": {"ServiceName": "BigQuery"},
                 "targets": ["finops", "pay\x00ments"]}]}, "rules[0].targets[1]"),
    ({"rules": [{"name": "a", "method": "fixed", "source": {"ServiceName": "BigQuery"},
                 "weights": {"x\x00": 50, "y": 50}}]}, "rules[0].weights: key 'x\\x00'"),
    ({"rules": [{"name": "a", "method": "even", "source": {"tags": {"team": "fin\x00ops"}},
                 "targets": [{"id": "t1", "tags": {"te\x00am": "x"}}]}]}, "rules[0].source.tags.team"),
    ({"tag_key": "te\x00am", "rules": [{"name": "a", "method": "even", "source": {"ServiceName": "BigQuery"},
                                        "targets": ["a"]}]}, "allocation.tag_key"),
])
def test_a_nul_anywhere_in_the_rules_is_a_config_error_naming_the_field(
    db13: str, rules: dict[str, Any], field: str
) -> None:
    # the rules' names, targets and tags are written to finops.allocation_*: PostgreSQL text cannot hold U+0000,
    # so a NUL is refused when the YAML is read, before any run starts (issue 8 item 1)
    with pytest.raises(ConfigError) as info:
        run(db13, rules)
    message = str(info.value)
    assert field in message and "NUL character (U+0000)" in message
    assert "\x00" not in message  # shown escaped
    assert query(db13, "SELECT count(*) FROM finops.allocation_runs") == [(0,)]
