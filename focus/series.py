"""The FOCUS-as-series contract: how a FOCUS row travels as Prometheus series, defined once below both sides of
the wall. The FOCUS cost exporter encodes (`exporters.focus_cost.collector` keeps the layouts and the rendering),
the adapter's cost path decodes (`remote_write_adapter.costs` keeps the table logic).

A row travels as one series per FOCUS metric column that has a value, every one with the row's labels:

* the family ``focus_<SQL name of the metric column>`` (``focus_billed_cost``, `METRIC_COLUMNS`); the sample is
  the value as float64 (`sample_value`), read back as the shortest decimal that is the same float
  (`decimal_from_sample`): exact for every decimal of up to 15 significant digits (`is_exact`);
* ``focus_row_id``: the row's id from `focus.identity` (20 lower-case hex digits, then ``-2``, ``-3``, ... for
  rows identical in every identity column);
* ``focus_version``: the FOCUS version the exporter read the row as. A series without it is taken as the
  latest version (what exporters before this label meant, and the table's default);
* a FOCUS dimension column: a label named by the column's SQL name (``charge_period_start``), its text by
  `label_text`: date/times as ``YYYY-MM-DDTHH:MM:SSZ`` in UTC (``.ffffff`` before the Z only with microseconds;
  `focus.identity.format_datetime`), JSON columns as canonical JSON (`focus.identity.canonical_json`: sorted
  keys, no spaces, UTF-8 kept, numbers as numbers, strings too as JSON), other text as it is;
* a custom column: under its own name when it is an ``x_`` name (``x_CostCenter``), else as ``x__`` + its name
  (the 1.0 sample's ``Id`` is ``x__Id``; ``x__odd`` is ``x__x__odd``), so target labels cannot pass for custom
  columns and the exact name comes back; names that are not valid label names do not travel; the value is text;
* NULL and the empty string: no label (Prometheus treats an empty label as absent), so both arrive as NULL.

Decoding (`decode_labels`) gives back typed values (text, aware UTC datetimes, JSON values) and refuses, with a
`SeriesContractError` naming the reason, a cost series whose labels the table could not hold: a malformed row id,
an unknown version, a date/time or JSON label that does not parse, text PostgreSQL refuses (a NUL character,
`focus.formats.storable_text`), a missing ``charge_period_start``. Series of other metrics are not cost series.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from focus.columns import LATEST_VERSION, SUPPORTED_VERSIONS, Category, Column, DataType, all_columns, is_focus_column
from focus.columns import column as focus_column
from focus.formats import as_utc, storable_json, storable_text
from focus.identity import canonical_json, format_datetime, is_row_id

METRIC_PREFIX = "focus_"
ROW_ID_LABEL = "focus_row_id"
VERSION_LABEL = "focus_version"
CUSTOM_PREFIX = "x_"
CUSTOM_ESCAPE = "x__"

#: every FOCUS metric column by family suffix (its SQL name), in the model's order: `focus_<suffix>` carries it
METRIC_COLUMNS: Mapping[str, str] = MappingProxyType(
    {c.sql_name: c.name for c in all_columns() if c.category is Category.METRIC}
)
#: every FOCUS dimension column by its label name (its SQL name)
DIMENSION_LABELS: Mapping[str, Column] = MappingProxyType(
    {c.sql_name: c for c in all_columns() if c.category is not Category.METRIC}
)
_LEGACY_LABEL = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")


def family_name(metric: str) -> str:
    """`billed_cost` -> `focus_billed_cost`."""
    return METRIC_PREFIX + metric


def metric_of_family(name: str) -> str | None:
    """The metric column (SQL name) a family carries, None for names outside the contract."""
    if not name.startswith(METRIC_PREFIX):
        return None
    metric = name[len(METRIC_PREFIX) :]
    return metric if metric in METRIC_COLUMNS else None


# --- encoding ----------------------------------------------------------------------------------------------


def custom_label_name(column: str) -> str | None:
    """The label of a custom (non-FOCUS) column; None when it cannot be a label name (it does not travel)."""
    plain = column.startswith(CUSTOM_PREFIX) and not column.startswith(CUSTOM_ESCAPE)
    name = column if plain else CUSTOM_ESCAPE + column
    return name if _LEGACY_LABEL.match(name) else None


def value_text(value: Any) -> str | None:
    """Label text of a typed value (None, and the empty string, for no label): date/times in FOCUS form, JSON
    values as canonical JSON, booleans as `true`/`false`, decimals and numbers as `str` gives them."""
    if value is None:
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, dict | list):
        return canonical_json(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def label_text(column: str, value: Any) -> str | None:
    """Label text of a column's value: JSON columns always as canonical JSON (so any JSON value, a string too,
    parses back), everything else as `value_text`."""
    if value is not None and _is_json_column(column):
        return canonical_json(value)
    return value_text(value)


@lru_cache(maxsize=4096)
def _is_json_column(column: str) -> bool:
    return is_focus_column(column) and focus_column(column).data_type is DataType.JSON


def sample_value(value: Decimal) -> float:
    """The sample a decimal travels as (float64; see `is_exact`)."""
    return float(value)


def is_exact(value: Decimal) -> bool:
    """Whether the float64 nearest to `value` reads back (shortest repr) as the same number."""
    if not value.is_finite():
        return False
    return decimal_from_sample(float(value)) == value


def decimal_from_sample(value: float) -> Decimal:
    """The shortest decimal that is the same float64: the value as the exporter had it when `is_exact`."""
    return Decimal(repr(value))


# --- decoding ----------------------------------------------------------------------------------------------


class SeriesContractError(ValueError):
    """A cost series whose labels break the contract; `reason` is a short code for counting."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class RowSeries:
    """What one cost series says about its row."""

    metric: str  # SQL name of the metric column whose value the samples are
    row_id: str
    version: str
    charge_period_start: datetime
    dimensions: Mapping[str, Any]  # SQL name -> text, aware UTC datetime or JSON value
    custom: Mapping[str, str]  # custom column name -> text


def custom_column(label: str) -> str | None:
    """The custom column a label stands for (`x_Foo` -> `x_Foo`, `x__Id` -> `Id`), None for other labels."""
    if label.startswith(CUSTOM_ESCAPE):
        return label[len(CUSTOM_ESCAPE) :] or None
    if label.startswith(CUSTOM_PREFIX):
        return label
    return None


def decode_labels(labels: Mapping[str, str]) -> RowSeries | None:
    """The row a series describes; None for series outside the contract (another metric, no row id).

    Raises SeriesContractError for a cost series the table could not hold (see the module docstring).
    """
    metric = metric_of_family(labels.get("__name__", ""))
    row_id = labels.get(ROW_ID_LABEL)
    if metric is None or not row_id:
        return None
    if not is_row_id(row_id):
        raise SeriesContractError("row_id", f"{ROW_ID_LABEL} {_short(row_id)!r} is not a FOCUS row id")
    version = labels.get(VERSION_LABEL, LATEST_VERSION)
    if version not in SUPPORTED_VERSIONS:
        raise SeriesContractError("version", f"{VERSION_LABEL} {_short(version)!r} is not a supported FOCUS version")
    dimensions: dict[str, Any] = {}
    custom: dict[str, str] = {}
    for name, text in labels.items():
        column = DIMENSION_LABELS.get(name)
        if column is not None:
            dimensions[name] = _decode_value(column, text)
            continue
        custom_name = custom_column(name)
        if custom_name is not None:
            if not storable_text(text):
                raise SeriesContractError("not_storable", f"label {name} holds a NUL character")
            custom[custom_name] = text
    start = dimensions.get("charge_period_start")
    if start is None:
        raise SeriesContractError("charge_period_start", "no charge_period_start label")
    return RowSeries(metric, row_id, version, start, dimensions, custom)


def _decode_value(column: Column, text: str) -> Any:
    if column.data_type is DataType.DATETIME:
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            raise SeriesContractError(
                "datetime", f"label {column.sql_name} {_short(text)!r} is not a date/time"
            ) from None
        if value.tzinfo is None:
            raise SeriesContractError("datetime", f"label {column.sql_name} {_short(text)!r} has no time zone")
        return as_utc(value)
    if column.data_type is DataType.JSON:
        try:
            value = json.loads(text, parse_float=Decimal)
        except (ValueError, RecursionError):
            raise SeriesContractError("json", f"label {column.sql_name} is not JSON: {_short(text)!r}") from None
        if not storable_json(value):
            raise SeriesContractError("not_storable", f"label {column.sql_name} holds JSON the database cannot store")
        return value
    if not storable_text(text):
        raise SeriesContractError("not_storable", f"label {column.sql_name} holds a NUL character")
    return text


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


__all__ = [
    "CUSTOM_ESCAPE",
    "DIMENSION_LABELS",
    "METRIC_COLUMNS",
    "METRIC_PREFIX",
    "ROW_ID_LABEL",
    "VERSION_LABEL",
    "RowSeries",
    "SeriesContractError",
    "custom_column",
    "custom_label_name",
    "decimal_from_sample",
    "decode_labels",
    "family_name",
    "is_exact",
    "label_text",
    "metric_of_family",
    "sample_value",
    "value_text",
]
