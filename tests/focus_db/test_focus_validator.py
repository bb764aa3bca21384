"""The official FOCUS validator (PyPI focus-validator 2.x, its own venv) on our 1.2 export of the 1.2 fixture.

Every rule the validator fails must be listed below with the reason; composite rules (X-C-000, CostAndUsage-D-*)
fail whenever one of their parts fails, so a composite is accepted when every failed part is accepted.
"""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from focus.export import export
from focus.load import load_file
from tests.focus_db.conftest import FIXTURES, REPO

INSTALL = REPO / "scripts" / "install-focus-validator.sh"

#: Failures that are the validator's (or its bundled 1.2 requirements model's) own, with the reason.
VALIDATOR_DEFECTS = {
    # Model condition "ProviderName != InvoiceIssuerName => BilledCost = 0" stands in for "payment received by a
    # third party (marketplace)"; the fixture's rows are invoiced by a reseller, which FOCUS allows with real
    # BilledCost. The data cannot express the spec's condition.
    "BilledCost-C-005-C": "marketplace condition approximated by ProviderName != InvoiceIssuerName",
    # Model has no condition at all ("MUST be null when not associated with an invoice"), so every row with an
    # InvoiceId fails; contradicts InvoiceId-C-005-C (known model defect).
    "InvoiceId-C-004-C": "unconditional in the model, contradicts InvoiceId-C-005-C",
    # Model condition is inverted (CheckValue CommitmentDiscountId == null instead of not null + Usage): rows
    # without a commitment discount are required to have a status.
    "CommitmentDiscountStatus-C-004-C": "condition inverted in the model",
    # Conditions written as {"AND": ...} without CheckFunction are not applied (focus_validator#142): every row
    # is checked, so rows without a reservation "must have" a status and the reserved row "must not".
    "CapacityReservationStatus-C-003-C": "malformed AND condition ignored (focus_validator#142)",
    "CapacityReservationStatus-C-004-C": "malformed AND condition ignored (focus_validator#142)",
}
#: CSV only: the validator infers column types with polars from text; integer-looking quantities (24, 1, 100)
#: become BIGINT and fail "MUST be of type DECIMAL" (a CSV has no types; the Parquet export passes these).
CSV_TYPE_INFERENCE = {
    "ConsumedQuantity-C-001-M": "polars infers BIGINT from integer-looking CSV text",
    "PricingQuantity-C-001-M": "polars infers BIGINT from integer-looking CSV text",
}


@pytest.fixture(scope="module")
def validator() -> Path:
    done = subprocess.run(["bash", str(INSTALL)], capture_output=True, text=True, timeout=900, check=False)
    if done.returncode != 0:
        pytest.fail(f"scripts/install-focus-validator.sh failed (tests never skip it):\n{done.stderr[-3000:]}")
    path = Path(done.stdout.strip().splitlines()[-1])
    assert path.is_file(), done.stdout
    return path


def _site_packages(validator: Path) -> Path:
    found = sorted((validator.parent.parent / "lib").glob("python3*/site-packages/focus_validator"))
    assert found, "focus_validator package not found next to the executable"
    return found[0].parent


def _run(validator: Path, data: Path, report: Path) -> dict[str, str]:
    """Runs offline (bundled 1.2 model, --block-download); returns {rule id: passed|failed|skipped}."""
    done = subprocess.run(
        [str(validator), "--data-file", str(data), "--validate-version", "1.2", "--block-download",
         "--applicability-criteria", "ALL", "--output-type", "unittest", "--output-destination", str(report)],
        cwd=_site_packages(validator),  # it opens focus_validator/rules/currency_codes.csv relative to the cwd
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert report.is_file(), f"validator wrote no report (exit {done.returncode}):\n{done.stderr[-3000:]}"
    outcome: dict[str, str] = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        rule = case.attrib["name"].split(" :: ")[0]
        tags = {child.tag for child in case}
        outcome[rule] = "failed" if tags & {"failure", "error"} else "skipped" if "skipped" in tags else "passed"
    return outcome


def _unexpected(outcome: dict[str, str], accepted: set[str], model: dict[str, dict[str, object]]) -> list[str]:
    failed = {r for r, o in outcome.items() if o == "failed"}

    def ok(rule: str) -> bool:
        if rule in accepted:
            return True
        spec = model.get(rule, {})
        deps = spec.get("ValidationCriteria", {}).get("Dependencies", [])  # type: ignore[union-attr]
        failed_parts = [d for d in deps if d in failed]
        return spec.get("Function") == "Composite" and bool(failed_parts) and all(ok(d) for d in failed_parts)

    return sorted(r for r in failed if not ok(r))


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_export_of_conformant_12_fixture_passes_the_official_validator(
    db: str, tmp_path: Path, validator: Path, suffix: str
) -> None:
    load_file(db, FIXTURES / "focus-1.2-conformant.csv", mode="strict")
    data = tmp_path / f"export.{suffix}"
    assert export(db, data, version="1.2") == 13
    outcome = _run(validator, data, tmp_path / "report.xml")
    model_file = next(_site_packages(validator).glob("focus_validator/rules/model-1.2*.json"))
    model = json.loads(model_file.read_text())["ModelRules"]
    accepted = set(VALIDATOR_DEFECTS) | (set(CSV_TYPE_INFERENCE) if suffix == "csv" else set())
    assert sum(1 for o in outcome.values() if o == "passed") > 300  # it really checked the file
    assert _unexpected(outcome, accepted, model) == []
    # the type rules CSV cannot satisfy do pass on the typed Parquet export
    if suffix == "parquet":
        assert all(outcome[r] == "passed" for r in CSV_TYPE_INFERENCE)
