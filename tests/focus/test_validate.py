from __future__ import annotations

import csv
from pathlib import Path

import pytest

from focus.validate import validate
from tests.focus.conftest import FIXTURES, SAMPLE


@pytest.mark.parametrize("version", ["1.1", "1.2", "1.3"])
def test_conformant_fixtures_validate_clean_in_strict_mode(version: str) -> None:
    report = validate(FIXTURES / f"focus-{version}-conformant.csv", version=version, mode="strict")
    assert report.ok, report.format()
    assert report.results == ()
    assert report.rows >= 12


def test_sample_fails_strict_with_counts_per_rule() -> None:
    report = validate(SAMPLE)
    assert not report.ok
    assert report.count("null-literal", "ChargeClass") == 1000
    assert report.count("null-empty-string") == 56
    assert report.count("datetime-format") == 4000
    assert report.count("allowed-values-case", "ChargeFrequency") == 7
    assert report.count("custom-column-prefix", "Id") == 1
    assert report.count("not-null", "ContractedCost") == 7


def test_sample_in_lenient_mode_only_keeps_unfixable_violations() -> None:
    report = validate(SAMPLE, mode="lenient")
    assert {(r.rule.id, r.column) for r in report.violations} == {("not-null", "ContractedCost")}
    assert report.count("null-literal") == 8966
    assert all(r.normalized for r in report.results if r.rule.id == "datetime-format")


def test_cross_column_rules(tmp_path: Path) -> None:
    text = (FIXTURES / "focus-1.2-conformant.csv").read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    cells = text[1].split(",")
    cells[header.index("ChargePeriodEnd")] = "2025-01-14T00:00:00Z"
    cells[header.index("ServiceSubcategory")] = "Object Storage"
    cells[header.index("ChargeCategory")] = "Tax"
    path = tmp_path / "cross.csv"
    path.write_text("\n".join([text[0], ",".join(cells)]) + "\n", encoding="utf-8")
    report = validate(path)
    assert report.count("period-order") == 1
    assert report.count("service-subcategory") == 1
    assert report.count("pricing-category-tax") == 1


def test_report_examples_are_bounded(tmp_path: Path) -> None:
    report = validate(SAMPLE, max_examples=2)
    assert all(len(r.examples) <= 2 for r in report.results)


def test_focus_1_3_json_objects_are_checked_in_strict_mode(tmp_path: Path) -> None:
    rows = list(csv.reader((FIXTURES / "focus-1.3-conformant.csv").read_text(encoding="utf-8").splitlines()))
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("ContractApplied")]:
            row[header.index("ContractApplied")] = '{"Elements": [{"ContractID": "c-1"}]}'  # no commitment id
        if row[header.index("AllocatedMethodDetails")]:
            row[header.index("AllocatedMethodDetails")] = '{"Elements": [{"AllocatedRatio": "0.5"}]}'  # a string
    path = tmp_path / "objects.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    report = validate(path, version="1.3", mode="strict")
    assert report.count("contract-applied-object", "ContractApplied") >= 1
    assert report.count("allocated-method-details-object", "AllocatedMethodDetails") >= 1
    assert not report.ok
