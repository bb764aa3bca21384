from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from focus.reader import Batch, ProblemLog
from focus.validate import RowChecks, check_rows, validate
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
    assert report.count("must-be-null", "PricingCategory") == 1  # on a Tax row


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


# --- the FOCUS 1.2 requirements the official validator's model has (issue 8) -------------------------------------


def _edited(tmp_path: Path, edits: dict[int, dict[str, str]], version: str = "1.2") -> Path:
    """The conformant fixture of `version` with cells replaced: {data row (1-based): {column: raw text}}."""
    rows = list(csv.reader((FIXTURES / f"focus-{version}-conformant.csv").read_text(encoding="utf-8").splitlines()))
    header = rows[0]
    for row, cells in edits.items():
        for name, text in cells.items():
            rows[row][header.index(name)] = text
    path = tmp_path / f"edited-{version}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


# rows of the fixture: 1-7 Usage, 8 Purchase of commitment sp-1, 9/10 its Used/Unused usage, 11 Credit, 12 Tax,
# 13 a Usage correction on capacity reservation cr-9
USAGE_ROW, PURCHASE_ROW, CREDIT_ROW, TAX_ROW, CORRECTION_ROW = 1, 8, 11, 12, 13


@pytest.mark.parametrize("column", ["PricingCurrency", "PricingCurrencyEffectiveCost"])
def test_pricing_currency_columns_must_not_be_null(tmp_path: Path, column: str) -> None:
    report = validate(_edited(tmp_path, {USAGE_ROW: {column: ""}, TAX_ROW: {column: ""}}), version="1.2")
    assert report.count("not-null", column) == 2
    assert not report.ok


def test_conditional_nullability(tmp_path: Path) -> None:
    path = _edited(tmp_path, {
        TAX_ROW: {"ListUnitPrice": "0.5", "SkuId": "SKU-X"},        # MUST be null on Tax rows
        USAGE_ROW: {"SkuId": "", "SubAccountName": ""},  # MUST NOT be null on priced rows / with its id
        CORRECTION_ROW: {"PricingCategory": ""},                     # a correction MAY leave it null
        CREDIT_ROW: {"ConsumedQuantity": "3", "ConsumedUnit": "Hours"},  # MUST be null outside Usage
    })  # fmt: skip
    report = validate(path, version="1.2")
    assert report.count("must-be-null", "ListUnitPrice") == 1
    assert report.count("must-be-null", "SkuId") == 1
    assert report.count("must-not-be-null", "SkuId") == 1  # ChargeClass null is "not Correction"
    assert report.count("must-not-be-null", "SubAccountName") == 1
    assert report.count("must-not-be-null", "PricingCategory") == 0
    assert report.count("must-be-null", "ConsumedQuantity") == 1
    assert report.count("must-be-null", "SkuMeter") == 1  # the Usage row's SkuMeter without its SkuId
    assert report.count("should-not-be-null", "SkuMeter") == 1  # the Tax row's SkuId without a SkuMeter (SHOULD)
    example = next(r for r in report.violations if r.column == "ListUnitPrice").examples[0]
    assert example.row == TAX_ROW
    assert example.value == "ListUnitPrice=0.5, ChargeCategory=Tax (ListUnitPrice-C-004-C)"


def test_recommendations_are_warnings(tmp_path: Path) -> None:
    report = validate(_edited(tmp_path, {USAGE_ROW: {"ChargeDescription": "", "SkuMeter": ""}}), version="1.2")
    assert report.count("should-not-be-null", "ChargeDescription") == 1
    assert report.count("should-not-be-null", "SkuMeter") == 1
    assert report.ok  # SHOULD, not MUST
    assert {r.column for r in report.warnings} == {"ChargeDescription", "SkuMeter"}


def test_prices_quantities_and_costs(tmp_path: Path) -> None:
    path = _edited(tmp_path, {
        1: {"ListUnitPrice": "-0.0416", "ListCost": "-0.9984"},  # negative price (the product still matches)
        2: {"ListCost": "0.024"},                                 # 0.023 x 1 is not 0.024
        3: {"ContractedCost": "0.300000000001"},                  # within 1e-9 of 0.3: rounding, accepted
        CORRECTION_ROW: {"ListCost": "7"},                        # a correction may differ
        PURCHASE_ROW: {"EffectiveCost": "100"},                   # a commitment purchase is amortized: 0
    })  # fmt: skip
    report = validate(path, version="1.2")
    assert report.count("non-negative", "ListUnitPrice") == 1
    assert report.count("unit-price-times-quantity", "ListCost") == 1
    assert report.count("unit-price-times-quantity", "ContractedCost") == 0
    assert report.count("purchase-effective-cost", "EffectiveCost") == 1
    assert {r.rule.id for r in report.violations} == {"non-negative", "unit-price-times-quantity",
                                                      "purchase-effective-cost"}  # fmt: skip


def test_billing_currency_must_be_national_while_pricing_currency_may_be_virtual(tmp_path: Path) -> None:
    path = _edited(tmp_path, {1: {"BillingCurrency": "Credits"}, 2: {"PricingCurrency": "Credits"}})
    report = validate(path, version="1.2")
    assert report.count("national-currency", "BillingCurrency") == 1
    assert report.count("national-currency") == 1
    assert report.count("currency-code") == 0  # a virtual currency is a valid currency format in 1.2


def test_one_parent_per_identifier_across_the_file(tmp_path: Path) -> None:
    path = _edited(tmp_path, {
        2: {"SkuPriceId": "PRICE-AMAZ", "SkuId": "SKU-OTHER"},  # PRICE-AMAZ has SKU-AMAZ on rows 1, 3, 8-10
        4: {"ServiceName": "Amazon EC2"},                       # Compute, as EC2 elsewhere: fine
        6: {"ServiceName": "Amazon EC2"},                       # Storage: EC2 now has two categories
    })  # fmt: skip
    report = validate(path, version="1.2")
    assert report.count("single-parent", "SkuPriceId") == 1
    assert report.count("single-parent", "ServiceName") == 1
    assert report.count("single-parent-recommended", "ServiceName") == 1  # and two subcategories (a SHOULD)
    (sku,) = [r for r in report.violations if r.column == "SkuPriceId"]
    assert sku.examples[0].row == 2
    assert sku.examples[0].value == "SkuPriceId=PRICE-AMAZ: SkuId SKU-AMAZ and SKU-OTHER (SkuPriceId-C-008-M)"


def test_one_parent_rule_sees_every_batch_and_identifiers_without_a_parent() -> None:
    checks = RowChecks("1.2", ("SkuPriceId", "SkuId"))
    problems = ProblemLog()
    checks.check(Batch(1, 2, {"SkuPriceId": ["p1", "p2"], "SkuId": ["s1", None]}), problems)
    checks.check(Batch(3, 2, {"SkuPriceId": ["p1", None], "SkuId": ["s2", "s3"]}), problems)
    assert problems.counts == {}  # nothing until the whole file is seen
    checks.finish(problems)
    assert problems.counts == {("single-parent", "SkuPriceId"): 2}  # p1: two parents; p2: none
    assert sorted(v.row or 0 for v in problems.examples[("single-parent", "SkuPriceId")]) == [2, 3]


def test_rules_from_the_1_2_model_apply_from_1_2_on(tmp_path: Path) -> None:
    edits = {TAX_ROW: {"ListUnitPrice": "0.5"}, 2: {"ListCost": "0.024"}}
    assert validate(_edited(tmp_path, edits, "1.1"), version="1.1").ok
    for version in ("1.2", "1.3"):
        report = validate(_edited(tmp_path, edits, version), version=version)
        assert report.count("must-be-null", "ListUnitPrice") == 1, version
        assert report.count("unit-price-times-quantity", "ListCost") == 1, version


def test_check_rows_takes_the_version_from_the_columns_when_not_given() -> None:
    """Strict loading calls check_rows per batch: a 1.2 header gets the 1.2 rules, a 1.0 header does not."""
    rows: dict[str, list[Any]] = {"ChargeCategory": ["Tax"], "ChargeClass": [None], "ListUnitPrice": [Decimal(1)]}
    problems = ProblemLog()
    check_rows(Batch(1, 1, rows), problems)
    assert problems.counts == {}
    check_rows(Batch(1, 1, {**rows, "InvoiceId": ["i-1"]}), problems)  # InvoiceId came with 1.2
    assert problems.counts == {("must-be-null", "ListUnitPrice"): 1}
    check_rows(Batch(1, 1, rows), problems, version="1.3")
    assert problems.counts == {("must-be-null", "ListUnitPrice"): 2}
