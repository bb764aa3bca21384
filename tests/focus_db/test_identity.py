from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from focus.identity import (
    ColumnwiseIdentity,
    RowIds,
    RowwiseIdentity,
    assign_row_ids,
    canonical_text,
    is_identity_column,
    is_metric_like,
    is_row_id,
    row_id,
)
from focus.reader import read_focus
from tests.focus_db.conftest import FIXTURES, SAMPLE

ROW: dict[str, Any] = {
    "BillingAccountId": "acct-1",
    "ChargePeriodStart": datetime(2025, 1, 15, tzinfo=UTC),
    "ServiceName": "Amazon EC2",
    "Tags": {"team": "finops", "env": "prod"},
    "BilledCost": Decimal("1.25"),
    "EffectiveCost": Decimal("1.00"),
    "x_Project": "alpha",
}


def test_id_is_20_hex_digits_and_stable() -> None:
    rid = row_id(ROW)
    assert re.fullmatch(r"[0-9a-f]{20}", rid), rid
    assert rid == row_id(dict(reversed(list(ROW.items()))))  # column order does not matter


def test_restated_costs_keep_the_id() -> None:
    restated = {**ROW, "BilledCost": Decimal("9.99"), "EffectiveCost": Decimal(0), "x_BilledCostInUsd": "9.99"}
    assert row_id(restated) == row_id(ROW)


def test_every_dimension_changes_the_id() -> None:
    assert row_id({**ROW, "ServiceName": "Amazon S3"}) != row_id(ROW)
    assert row_id({**ROW, "ChargePeriodStart": datetime(2025, 1, 16, tzinfo=UTC)}) != row_id(ROW)
    assert row_id({**ROW, "Tags": {"team": "finops"}}) != row_id(ROW)
    assert row_id({**ROW, "x_Project": "beta"}) != row_id(ROW)


def test_null_differs_from_empty_string_and_equals_absent() -> None:
    assert row_id({**ROW, "ResourceId": ""}) != row_id({**ROW, "ResourceId": None})
    assert row_id({**ROW, "ResourceId": None}) == row_id(ROW)


def test_canonical_values() -> None:
    text = canonical_text(
        {
            "ChargePeriodStart": datetime(2025, 1, 15, 1, 0, tzinfo=timezone(timedelta(hours=1))),
            "Tags": {"b": 1, "a": "x"},
            "x_Size": Decimal("1E+2"),
            "x_Ratio": Decimal("1.50"),
        }
    )
    parts = ["ChargePeriodStart=t:2025-01-15T00:00:00Z", 'Tags=j:{"a":"x","b":1}', "x_Ratio=d:1.5", "x_Size=d:100"]
    assert text == "".join(f"{part}\x1e" for part in parts)


def test_tags_key_order_does_not_matter() -> None:
    assert row_id({**ROW, "Tags": {"env": "prod", "team": "finops"}}) == row_id(ROW)


def test_metric_like_custom_columns() -> None:
    for name in ("x_BilledCostInUsd", "x_EffectiveUnitPrice", "x_BillingExchangeRate", "x_unit_price"):
        assert is_metric_like(name), name
    for name in ("x_CostCenter", "x_SkuMeterCategory", "x_ResourceGroupName", "Id", "x_PricingBlockSize"):
        assert not is_metric_like(name), name
    assert is_identity_column("Tags")
    assert not is_identity_column("BilledCost")


def test_identical_rows_get_occurrence_suffixes_in_file_order() -> None:
    other = {**ROW, "ServiceName": "Amazon S3"}
    ids = list(assign_row_ids([ROW, other, {**ROW, "BilledCost": Decimal(2)}, ROW]))
    base = row_id(ROW)
    assert ids == [base, row_id(other), f"{base}-2", f"{base}-3"]


def test_sample_rows_all_distinct() -> None:
    ids = list(assign_row_ids(read_focus(SAMPLE)))
    assert len(ids) == 1000
    assert len(set(ids)) == 1000


def test_columnwise_matches_rowwise_on_files() -> None:
    for path in (SAMPLE, *sorted(FIXTURES.glob("*.csv"))):
        reader = read_focus(path)
        for batch in reader.batches():
            fast = ColumnwiseIdentity(reader.header).base_ids(batch.columns, batch.num_rows)
            rows = list(batch.rows())
            assert fast == [row_id(r) for r in rows], path
            memoised = RowwiseIdentity(cache_limit=50)  # also crosses the memo reset
            assert [memoised.row_id(r) for r in rows] == fast, path


_values = st.one_of(
    st.none(),
    st.text(max_size=8),
    st.decimals(allow_nan=False, allow_infinity=False, places=4),
    st.datetimes(timezones=st.just(UTC)),
    st.dictionaries(st.text(max_size=4), st.one_of(st.integers(), st.text(max_size=4), st.booleans()), max_size=3),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.fixed_dictionaries({"SkuId": _values, "Tags": _values, "x_Note": _values}), max_size=20))
def test_columnwise_matches_rowwise(rows: list[dict[str, Any]]) -> None:
    columns = {name: [r[name] for r in rows] for name in ("SkuId", "Tags", "x_Note")}
    reference = [row_id(r) for r in rows]
    assert ColumnwiseIdentity(list(columns)).base_ids(columns, len(rows)) == reference
    memoised = RowwiseIdentity(cache_limit=3)
    assert [memoised.row_id(r) for r in rows] == reference


def test_numbered_ids_have_the_row_id_format() -> None:
    ids = RowIds()
    base = row_id(ROW)
    numbered = [ids.number(base) for _ in range(12)]
    assert numbered[:3] == [base, f"{base}-2", f"{base}-3"] and numbered[-1] == f"{base}-12"
    assert all(is_row_id(rid) for rid in numbered)
    for bad in (f"{base}-1", f"{base}-01", base.upper(), base[:-1], base + "0", f"{base}-", ""):
        assert not is_row_id(bad), bad
