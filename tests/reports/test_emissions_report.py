"""`finops report emissions` on the hand-computed fixture: table, CSV and JSON, and its errors."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from finops.cli import cli
from tests.reports.carbon_fixture import VM_A, carbon_db
from tests.reports.test_emissions_sql import storage, vcpu_hours, vm_a
from tests.services import ROOT, free_port

__all__ = ["carbon_db"]
WINDOW = ["--from", "2025-01-15", "--to", "2025-01-16T00:00:00Z"]


def run(dsn: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["report", "emissions", "--db.url", dsn, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_json_per_service_has_cost_and_kilograms_as_computed_by_hand(carbon_db: str) -> None:
    out = json.loads(run(carbon_db, *WINDOW, "--format", "json"))
    by_group = {r["group"]: r for r in out}
    assert [r["group"] for r in out] == ["Storage Accounts", "Virtual Machines", "Azure Container Apps"]
    vm = by_group["Virtual Machines"]
    assert (vm["currency"], vm["billed_cost"], vm["rows"], vm["rows_estimated"]) == ("USD", "0.318", 3, 1)
    mid, low, high = vm_a()
    assert (vm["co2e_kg"], vm["co2e_kg_low"], vm["co2e_kg_high"]) == pytest.approx(
        (mid / 1000, low / 1000, high / 1000), rel=1e-12)
    assert vm["methods"] == "live:electricity_maps, none, table:region"  # the methods of the group's hours
    assert by_group["Storage Accounts"]["co2e_kg"] == pytest.approx(storage()[0] / 1000, rel=1e-12)
    assert by_group["Azure Container Apps"]["co2e_kg"] == pytest.approx(vcpu_hours()[0] / 1000, rel=1e-12)


def test_without_a_window_the_whole_bill_is_reported(carbon_db: str) -> None:
    assert json.loads(run(carbon_db, "--format", "json")) == json.loads(run(carbon_db, *WINDOW, "--format", "json"))


def test_csv_per_tag_and_a_table_per_resource(carbon_db: str) -> None:
    rows = list(csv.DictReader(io.StringIO(run(carbon_db, *WINDOW, "--group-by", "tag:team", "--format", "csv"))))
    assert {r["group"]: r["billed_cost"] for r in rows} == {"web": "0.288", "data": "0.06", "": "0.23"}
    table = run(carbon_db, *WINDOW, "--group-by", "resource")
    header, *lines = table.splitlines()
    assert header.split() == ["group", "currency", "billed_cost", "effective_cost", "rows", "rows_estimated",
                              "energy_kwh", "co2e_kg", "co2e_kg_low", "co2e_kg_high", "g_per_currency_unit", "methods"]
    vm_line = next(line for line in lines if line.startswith(VM_A.lower()))
    assert f" {vm_a()[0] / 1000:.6g} " in vm_line


def test_rows_alternatives_and_limit(carbon_db: str) -> None:
    rows = json.loads(run(carbon_db, *WINDOW, "--view", "rows", "--format", "json"))
    assert len(rows) == 6
    assert sum(r["co2e_kg"] or 0 for r in rows) == pytest.approx((vm_a()[0] + storage()[0] + vcpu_hours()[0]) / 1000)
    alternatives = json.loads(run(carbon_db, *WINDOW, "--view", "alternatives", "--format", "json", "--limit", "3"))
    assert len(alternatives) == 3
    cheapest = alternatives[0]  # ordered by resource, then lowest emissions first
    assert cheapest["co2e_kg"] <= alternatives[1]["co2e_kg"]


def test_empty_views_print_only_the_header(carbon_db: str) -> None:
    assert run(carbon_db, "--view", "windows").splitlines()[0].split()[:3] == ["provider", "region", "source"]
    assert len(run(carbon_db, "--view", "accuracy", "--format", "csv").splitlines()) == 1


def test_bad_options_are_usage_errors(carbon_db: str) -> None:
    runner = CliRunner()
    for args, message in ((["--group-by", "colour"], "use one of service"),
                          (["--from", "yesterday"], "not a date"),
                          (["--default-utilization", "1.5"], "1.5")):
        result = runner.invoke(cli, ["report", "emissions", "--db.url", carbon_db, *args])
        assert result.exit_code == 2, args
        assert message in result.output


def test_an_unreachable_database_is_one_clear_line(tmp_path: object) -> None:
    env = {**os.environ, "FINOPS_DB_URL": f"postgresql://nobody@127.0.0.1:{free_port()}/finops?connect_timeout=3"}
    done = subprocess.run([sys.executable, "-m", "finops", "report", "emissions"], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=60, check=False)
    assert done.returncode == 1
    assert done.stderr.startswith("finops: cannot reach the database")
    assert "Traceback" not in done.stderr


def test_money_is_printed_exactly_and_without_exponent() -> None:
    from decimal import Decimal

    from reports.carbon.report import render

    out = render(["cost"], [(Decimal("0E-11"),), (Decimal("16.04169305050"),), (Decimal("1E+2"),)], "csv")
    assert out.splitlines() == ["cost", "0", "16.0416930505", "100"]
