"""The FOCUS-as-series contract (focus/series.py): what the exporter encodes, the adapter decodes back exactly."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporters.focus_cost.collector import CostLayout, build_cost_snapshot
from focus.columns import SUPPORTED_VERSIONS, Category, Column, DataType, ValueFormat, columns_for
from focus.identity import canonical_json, format_datetime, format_decimal, row_id
from focus.series import (
    DIMENSION_LABELS,
    METRIC_COLUMNS,
    ROW_ID_LABEL,
    VERSION_LABEL,
    RowSeries,
    SeriesContractError,
    custom_column,
    custom_label_name,
    decimal_from_sample,
    decode_labels,
    family_name,
    is_exact,
    label_text,
    metric_of_family,
    value_text,
)

RID = "0123456789abcdef0123"
BASE = {
    "__name__": "focus_billed_cost",
    ROW_ID_LABEL: RID,
    VERSION_LABEL: "1.2",
    "charge_period_start": "2024-09-02T00:00:00Z",
    "job": "focus",
}

# --- strategies: typed rows as focus.reader yields them ------------------------------------------------------

_TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), min_size=1, max_size=20)
_SCALAR = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**20), 10**20), st.floats(allow_nan=False, allow_infinity=False), _TEXT
)
_JSON = st.recursive(
    _SCALAR, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3), max_leaves=8
)
_DATETIME = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(9999, 1, 1), timezones=st.just(UTC))
# decimals of up to 15 significant digits: the contract's exact range
_DECIMAL = st.builds(
    lambda digits, exponent: Decimal(digits).scaleb(exponent),
    st.integers(-(10**15) + 1, 10**15 - 1),
    st.integers(-18, 12),
)
_CUSTOM_NAME = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,15}", fullmatch=True)


def _value(column: Column) -> st.SearchStrategy[Any]:
    if column.data_type is DataType.DECIMAL:
        return _DECIMAL
    if column.data_type is DataType.DATETIME:
        return _DATETIME
    if column.data_type is DataType.JSON:
        if column.value_format is ValueFormat.KEY_VALUE:
            return st.dictionaries(_TEXT, _SCALAR, max_size=4)
        return _JSON
    return _TEXT


@st.composite
def focus_rows(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A FOCUS version and a row of it: some of its columns (ChargePeriodStart and BillingCurrency always, the
    row's place and unit), some custom columns."""
    version = draw(st.sampled_from(SUPPORTED_VERSIONS))
    row: dict[str, Any] = {}
    for column in columns_for(version):
        required = column.name in {"ChargePeriodStart", "BillingCurrency", "BilledCost"}
        if required or draw(st.booleans()):
            row[column.name] = draw(_value(column))
    for name in draw(st.lists(_CUSTOM_NAME, max_size=3, unique=True)):
        row.setdefault(name, draw(_TEXT))
    return version, row


def _decoded_row(decoded: list[RowSeries]) -> tuple[str, str, dict[str, Any]]:
    """The row the series of one FOCUS row describe together, with FOCUS column names."""
    first = decoded[0]
    row: dict[str, Any] = {DIMENSION_LABELS[name].name: value for name, value in first.dimensions.items()}
    row.update(first.custom)
    return first.row_id, first.version, row


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(focus_rows())
def test_a_row_of_every_version_survives_encoding_and_decoding(example: tuple[str, dict[str, Any]]) -> None:
    version, row = example
    snapshot = build_cost_snapshot("s", [row], CostLayout(complete=True), version=version)
    (series,) = snapshot.series
    decoded = []
    values: dict[str, Decimal] = {}
    for family, value in zip(snapshot.families, series.values, strict=True):
        if value is None:
            continue
        one = decode_labels({"__name__": family.name, **dict(series.labels)})
        assert one is not None
        decoded.append(one)
        values[METRIC_COLUMNS[one.metric]] = decimal_from_sample(value)
    rid, decoded_version, dimensions = _decoded_row(decoded)
    assert all((d.row_id, d.version, d.dimensions, d.custom) == (rid, version, decoded[0].dimensions, d.custom)
               for d in decoded)  # fmt: skip
    assert rid == row_id(row)
    assert decoded_version == version
    metrics = {k: v for k, v in row.items() if k in METRIC_COLUMNS.values()}
    assert values == metrics  # every decimal of up to 15 significant digits comes back exact
    others = {k: _as_read(v) for k, v in row.items() if k not in METRIC_COLUMNS.values() and v is not None}
    assert dimensions == others


def _as_read(value: Any) -> Any:
    """A JSON number with a fraction or exponent is read as the exact Decimal of its text (a float's repr)."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, dict):
        return {k: _as_read(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_read(v) for v in value]
    return value


def test_datetimes_are_utc_whatever_their_zone_and_naive_means_utc() -> None:
    naive = datetime(2024, 9, 2, 1, 30)
    aware = datetime(2024, 9, 2, 3, 30, tzinfo=timezone(timedelta(hours=2)))
    assert value_text(naive) == value_text(aware) == format_datetime(naive) == "2024-09-02T01:30:00Z"
    assert value_text(datetime(2024, 9, 2, tzinfo=UTC).replace(microsecond=5)) == "2024-09-02T00:00:00.000005Z"


def test_decimals_inside_json_stay_numbers_one_canonical_json() -> None:
    # the exporter's second canonical_json wrote them as strings: a JSON API's {"n": 1.5} became {"n": "1.5"}
    assert label_text("Tags", {"n": Decimal("1.5"), "b": "x"}) == '{"b":"x","n":1.5}'
    assert canonical_json({"n": Decimal(2)}) == '{"n":2}'
    assert label_text("ContractApplied", "text") == '"text"'  # JSON columns always as JSON
    assert label_text("ServiceName", "") is None  # empty: no label


@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5)
    | st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(lambda d: abs(d.adjusted()) < 400),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=12,
))
def test_canonical_json_writes_every_decimal_exactly_and_parses_back_equal(value: Any) -> None:
    text = canonical_json(value)
    back = json.loads(text, parse_float=Decimal)
    assert back == value  # Decimal("0.1") == Decimal("0.10"): the number, not its scale, is kept
    assert canonical_json(back) == text  # one text for equal values


def test_canonical_json_keeps_digits_float_would_lose_and_sorts_keys_at_every_level() -> None:
    value = {"z": [{"b": Decimal("0.333333333333333333333333"), "a": 1}], "a": Decimal("1E+2")}
    assert canonical_json(value) == '{"a":100,"z":[{"a":1,"b":0.333333333333333333333333}]}'
    assert canonical_json({"b": 1.5, "a": "x"}) == '{"a":"x","b":1.5}'  # no Decimal: json's own encoder
    assert format_decimal(Decimal("27542373.288031068606184470961000")) == "27542373.288031068606184470961"


def test_names_of_families_and_custom_columns_round_trip() -> None:
    assert family_name("billed_cost") == "focus_billed_cost"
    assert metric_of_family("focus_billed_cost") == "billed_cost"
    assert metric_of_family("focus_up") is None and metric_of_family("billed_cost") is None
    for column, label in [("x_Foo", "x_Foo"), ("Id", "x__Id"), ("x__odd", "x__x__odd")]:
        assert custom_label_name(column) == label
        assert custom_column(label) == column
    assert custom_label_name("a b") is None
    assert custom_column("job") is None


def test_decimals_beyond_15_digits_are_flagged_inexact() -> None:
    assert is_exact(Decimal("0.123456789012345"))
    assert not is_exact(Decimal("0.12345678901234567"))
    assert not is_exact(Decimal("NaN"))


def test_other_series_are_not_cost_series() -> None:
    assert decode_labels({**BASE, "__name__": "up"}) is None
    assert decode_labels({k: v for k, v in BASE.items() if k != ROW_ID_LABEL}) is None
    decoded = decode_labels(BASE)
    assert decoded is not None
    assert decoded.charge_period_start == datetime(2024, 9, 2, tzinfo=UTC)
    assert decoded.dimensions == {"charge_period_start": datetime(2024, 9, 2, tzinfo=UTC)}
    assert decoded.custom == {}  # job is a target label, not a column


def test_a_series_without_a_version_is_the_latest() -> None:
    decoded = decode_labels({k: v for k, v in BASE.items() if k != VERSION_LABEL})
    assert decoded is not None and decoded.version == SUPPORTED_VERSIONS[-1]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({ROW_ID_LABEL: "not-an-id"}, "row_id"),
        ({ROW_ID_LABEL: RID + "-1"}, "row_id"),
        ({VERSION_LABEL: "9.9"}, "version"),
        ({"charge_period_start": "yesterday"}, "datetime"),
        ({"charge_period_start": "2024-09-02T00:00:00"}, "datetime"),  # no zone: which instant?
        ({"billing_period_start": "2024-13-01T00:00:00Z"}, "datetime"),
        ({"tags": "{not json"}, "json"),
        ({"tags": '{"a":"\\u0000"}'}, "not_storable"),
        ({"tags": '{"\\u0000":1}'}, "not_storable"),
        ({"tags": '{"a":"\\ud800"}'}, "not_storable"),
        ({"tags": '{"a":1e200000}'}, "not_storable"),  # beyond numeric (1e999 is exact and fits)
        ({"service_name": "a\x00b"}, "not_storable"),
        ({"x_CostCenter": "a\x00b"}, "not_storable"),
        ({"x__Id": "\x00"}, "not_storable"),
    ],
)
def test_a_cost_series_the_table_cannot_hold_is_refused_with_a_reason(change: dict[str, str], reason: str) -> None:
    with pytest.raises(SeriesContractError) as info:
        decode_labels({**BASE, **change})
    assert info.value.reason == reason


def test_a_cost_series_without_its_charge_period_is_refused() -> None:
    with pytest.raises(SeriesContractError) as info:
        decode_labels({k: v for k, v in BASE.items() if k != "charge_period_start"})
    assert info.value.reason == "charge_period_start"


def test_every_metric_and_dimension_column_is_in_the_map_once() -> None:
    metric = {c.sql_name for v in SUPPORTED_VERSIONS for c in columns_for(v) if c.category is Category.METRIC}
    dimension = {c.sql_name for v in SUPPORTED_VERSIONS for c in columns_for(v) if c.category is Category.DIMENSION}
    assert set(METRIC_COLUMNS) == metric
    assert set(DIMENSION_LABELS) == dimension
    assert not metric & dimension
    assert json.loads(canonical_json(list(METRIC_COLUMNS))) == list(METRIC_COLUMNS)
