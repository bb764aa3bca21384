from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from focus.formats import (
    CURRENCY_CODES,
    ELEMENTS_OBJECTS,
    FormatError,
    parse_datetime,
    parse_decimal,
    parse_json,
    parse_key_value,
)


def test_decimal_is_exact_and_accepts_e_notation() -> None:
    assert parse_decimal("0.00000080000") == Decimal("0.0000008")
    assert parse_decimal("35.2E-7") == Decimal("0.00000352")
    assert isinstance(parse_decimal("1"), Decimal)


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-inf", "1,234.5", "+1", "1e+5", "$3", "1_000", " 1", ""])
def test_decimal_rejects_non_focus_numbers(text: str) -> None:
    with pytest.raises(FormatError) as info:
        parse_decimal(text)
    assert info.value.rule == "numeric-format"


def test_datetime_strict_and_lenient() -> None:
    assert parse_datetime("2024-09-18T22:00:00Z") == datetime(2024, 9, 18, 22, tzinfo=UTC)
    with pytest.raises(FormatError):
        parse_datetime("2024-09-18 22:00:00")
    assert parse_datetime("2024-09-18 22:00:00", lenient=True) == datetime(2024, 9, 18, 22, tzinfo=UTC)
    assert parse_datetime("2024-09-19T00:00:00+02:00", lenient=True) == datetime(2024, 9, 18, 22, tzinfo=UTC)
    with pytest.raises(FormatError):
        parse_datetime("2024-13-01T00:00:00Z")


@pytest.mark.parametrize("text", ['["a"]', '{"a": {"b": 1}}', '{"a": [1]}', '{"a": 1, "a": 2}', "{bad", '{"a": NaN}'])
def test_key_value_rejects_non_objects_and_nested_values(text: str) -> None:
    with pytest.raises(FormatError):
        parse_key_value(text)


def test_key_value_accepts_scalars() -> None:
    assert parse_key_value('{"a": "x", "b": 1, "c": true, "d": null}') == {"a": "x", "b": 1, "c": True, "d": None}


def test_currency_list_has_common_codes() -> None:
    assert {"USD", "EUR", "JPY", "GBP", "CHF"} <= CURRENCY_CODES
    assert "usd" not in CURRENCY_CODES


CONTRACT = ELEMENTS_OBJECTS["ContractApplied"]
ALLOCATION = ELEMENTS_OBJECTS["AllocatedMethodDetails"]


@pytest.mark.parametrize("raw", [
    '{"Elements": [{"ContractID": "12345", "ContractCommitmentID": "23456",'
    ' "ContractCommitmentAppliedCost": 500000.00},'
    ' {"ContractID": "12345", "ContractCommitmentID": "34567", "ContractCommitmentAppliedQuantity": 10000,'
    ' "ContractCommitmentAppliedUnit": "compute_hours"}]}',  # the spec's example
    '{"Elements": [{"ContractId": "c", "ContractCommitmentId": "cc", "ContractCommitmentAppliedUnit": null,'
    ' "x_Note": "n"}], "x_Source": "erp"}',  # the erratum's casing, a null optional, custom keys
])
def test_contract_applied_objects_that_conform(raw: str) -> None:
    assert CONTRACT.convert(raw)[1] is None


@pytest.mark.parametrize(("raw", "problem"), [
    ('[{"ContractID": "c"}]', "not a JSON object"),
    ('{"Elements": []}', "non-empty array"),
    ('{"elements": [{"ContractID": "c", "ContractCommitmentID": "cc"}]}', "top-level key 'elements'"),
    ('{"Elements": [{"ContractID": "c"}]}', "lacks ContractCommitmentID"),
    ('{"Elements": [{"ContractID": "c", "ContractCommitmentID": null}]}', "ContractCommitmentID is null"),
    ('{"Elements": [{"ContractID": "c", "ContractCommitmentID": "cc", "ContractCommitmentAppliedCost": "5"}]}',
     "is not a number"),
    ('{"Elements": [{"ContractID": "c", "ContractCommitmentID": "cc", "Discount": 1}]}', "'Discount' is neither"),
    ('{"Elements": [{"ContractID": "c", "ContractCommitmentID": "cc", "x_Terms": {"a": 1}}]}', "x_Terms is nested"),
    ('{"Elements": ["c"]}', "is not an object"),
])
def test_contract_applied_objects_that_do_not(raw: str, problem: str) -> None:
    assert problem in (CONTRACT.problem(parse_json(raw)) or "")
    assert CONTRACT.convert(raw)[1] == "contract-applied-object"


def test_allocated_method_details_shape() -> None:
    spec_example = ('{"Elements": [{"AllocatedRatio": 0.05, "UsageUnit": "CPU", "UsageQuantity": 0.5},'
                    ' {"AllocatedRatio": 0.1, "UsageUnit": "Memory", "UsageQuantity": 4}]}')
    assert ALLOCATION.convert(spec_example) == (parse_json(spec_example), None)
    assert ALLOCATION.problem({"Elements": [{"UsageUnit": "CPU"}]}) == "Elements[0] lacks AllocatedRatio"
    assert ALLOCATION.problem({"Elements": [{"AllocatedRatio": True}]}) == "Elements[0].AllocatedRatio is not a number"
    with pytest.raises(FormatError):
        ALLOCATION.convert('{"Elements": [')
