"""The identity of a FOCUS row: `row_id`, a hash of what the row *is about*, not of what it costs.

Every path that writes FOCUS rows (the file loader `focus.load`, the FOCUS cost exporter, the adapter's cost
path) must compute ids with this module, so a row has the same id however it arrives.

The rule
--------
* Identity columns: every FOCUS column whose model category is `Category.DIMENSION` (see `focus.columns`,
  Tags and the other JSON dimensions included), plus every custom (non-FOCUS, usually `x_`) column except
  those whose name reads like a metric (last word Cost/Costs/Price/Quantity/Amount/Rate, optionally followed
  by `In<Currency>`: `x_BilledCostInUsd`, `x_EffectiveUnitPrice`, `x_BillingExchangeRate`), because
  providers restate those along with the FOCUS metrics. FOCUS metric columns (costs, prices, quantities) never
  count, so a restated row (same dimensions, new cost) keeps its id.
* Canonical text: the non-null identity values as `Name=<tag>:<text>` sorted by column name, each followed by
  U+001E. A null (or absent) column contributes nothing, so a column that is null or missing gives the same id
  (older files lacking newer, empty columns keep their ids); an empty string is *not* null (`Name=s:`).
  Tags: `s` string, `d` decimal (normalised, fixed-point: `1E+2` -> `100`, `1.50` -> `1.5`), `t` date/time
  (UTC, `YYYY-MM-DDTHH:MM:SSZ`, `.ffffff` before the Z only when there are microseconds), `j` JSON value
  (sorted keys, no spaces, UTF-8 kept) for dicts, lists, booleans and numbers that are not Decimals.
* `row_id`: the first 20 hex digits (80 bits) of SHA-256 over the UTF-8 canonical text.
* Rows identical in every identity column within one file are numbered in file order: the first keeps the
  plain id, the next ones get `-2`, `-3`, ... (`RowIds`, `assign_row_ids`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal
from functools import lru_cache
from typing import Any

from focus.columns import Category, column, is_focus_column
from focus.formats import as_utc

ID_HEX_DIGITS = 20
TERMINATOR = "\x1e"
#: a row id as `RowIds` numbers it: the base id, or the base id and an occurrence suffix from -2 on
ROW_ID_RE = re.compile(rf"[0-9a-f]{{{ID_HEX_DIGITS}}}(?:-(?:[2-9]|[1-9][0-9]+))?")
_METRIC_WORDS = frozenset({"cost", "costs", "price", "quantity", "amount", "rate"})
_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def is_metric_like(name: str) -> bool:
    """Whether a custom column name reads like a metric (`x_BilledCostInUsd`, `x_unit_price`)."""
    words = [w.lower() for w in _WORDS.findall(name.removeprefix("x_"))]
    if len(words) >= 3 and words[-2] == "in" and len(words[-1]) == 3:
        words = words[:-2]  # ...CostInUsd, ...PriceInEur
    return bool(words) and words[-1] in _METRIC_WORDS


@lru_cache(maxsize=4096)
def is_identity_column(name: str) -> bool:
    """FOCUS dimension columns and custom columns that do not read like metrics."""
    if is_focus_column(name):
        return column(name).category is Category.DIMENSION
    return not is_metric_like(name)


def identity_columns(names: Iterable[str]) -> list[str]:
    """The identity columns among `names`, in canonical (sorted) order."""
    return sorted(n for n in set(names) if is_identity_column(n))


@lru_cache(maxsize=256)
def _identity_order(keys: tuple[str, ...]) -> tuple[str, ...]:
    """`identity_columns` of a row's keys; rows of one file share their keys, so this runs once per file."""
    return tuple(identity_columns(keys))


def format_datetime(value: datetime) -> str:
    """`YYYY-MM-DDTHH:MM:SSZ` in UTC (naive = UTC); microseconds only when present."""
    value = as_utc(value)
    if value.microsecond:
        return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


#: normalize() in this context only strips trailing zeros: no rounding, whatever the number of digits
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)


def format_decimal(value: Decimal) -> str:
    """Fixed-point text without exponent or trailing zeros; `-0` is `0`."""
    if not value.is_finite():
        return str(value)
    text = format(value.normalize(_EXACT), "f")  # the default context would round to 28 digits
    return "0" if text in {"-0", "0"} else text


def canonical_json(value: Any) -> str:
    """Compact JSON with sorted keys; the same text for equal JSON values. A Decimal is written as the exact JSON
    number it is (never through float: a cost inside ContractApplied keeps every digit)."""
    try:
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default)
    except _HoldsDecimalError:
        return "".join(_exact_json(value))


class _HoldsDecimalError(Exception):
    """The value holds a Decimal: the C encoder cannot write it as a number, the exact writer below does."""


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        if value.is_finite() and value == value.to_integral_value():
            return int(value)
        raise _HoldsDecimalError
    if isinstance(value, datetime):
        return format_datetime(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _exact_json(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        yield "{"
        for index, key in enumerate(sorted(value)):
            if not isinstance(key, str):
                raise TypeError(f"JSON object keys are text, not {type(key).__name__}")
            yield ("," if index else "") + json.dumps(key, ensure_ascii=False) + ":"
            yield from _exact_json(value[key])
        yield "}"
    elif isinstance(value, list | tuple):
        yield "["
        for index, item in enumerate(value):
            if index:
                yield ","
            yield from _exact_json(item)
        yield "]"
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} is not a JSON number")
        yield str(int(value)) if value == value.to_integral_value() else format_decimal(value)
    else:
        yield json.dumps(value, ensure_ascii=False, default=_json_default)


def encode_value(value: Any) -> str | None:
    """`<tag>:<text>` for a non-null value, None for null."""
    if value is None:
        return None
    if isinstance(value, str):
        return "s:" + value
    if isinstance(value, Decimal):
        return "d:" + format_decimal(value)
    if isinstance(value, datetime):
        return "t:" + format_datetime(value)
    return "j:" + canonical_json(value)


def canonical_text(row: Mapping[str, Any]) -> str:
    """The text `row_id` hashes (see the module docstring)."""
    parts = []
    for name in _identity_order(tuple(row)):
        encoded = encode_value(row[name])
        if encoded is not None:
            parts.append(f"{name}={encoded}{TERMINATOR}")
    return "".join(parts)


def is_row_id(text: str) -> bool:
    """Whether `text` has the form of a row id (`ROW_ID_RE`)."""
    return ROW_ID_RE.fullmatch(text) is not None


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:ID_HEX_DIGITS]


def row_id(row: Mapping[str, Any]) -> str:
    """The base identity of one row (no occurrence suffix); keys are FOCUS/custom column names."""
    return _digest(canonical_text(row))


class RowIds:
    """Occurrence numbering within one file: the first row with a base id keeps it, the n-th gets `-n`.

    Memory is one small integer per distinct id (about 60 bytes), plus a counter for repeated ones.
    """

    __slots__ = ("_repeats", "_seen")

    def __init__(self) -> None:
        self._seen: set[int] = set()
        self._repeats: dict[str, int] = {}

    def number(self, base: str) -> str:
        key = int(base, 16)
        if key not in self._seen:
            self._seen.add(key)
            return base
        n = self._repeats.get(base, 1) + 1
        self._repeats[base] = n
        return f"{base}-{n}"

    @property
    def duplicates(self) -> int:
        """Rows that got an occurrence suffix so far."""
        return sum(n - 1 for n in self._repeats.values())


def assign_row_ids(rows: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """Ids of `rows` in order, with occurrence suffixes for rows identical in every identity column."""
    ids = RowIds()
    for row in rows:
        yield ids.number(row_id(row))


class _Segments(dict[Any, str]):
    """Memo of `Name=<encoded><TERMINATOR>` per hashable value of one column; "" for null."""

    def __init__(self, name: str) -> None:
        super().__init__({None: ""})
        self.prefix = name + "="

    def __missing__(self, value: Any) -> str:
        segment = self[value] = self.segment(value)
        return segment

    def segment(self, value: Any) -> str:
        encoded = encode_value(value)
        return "" if encoded is None else f"{self.prefix}{encoded}{TERMINATOR}"


class ColumnwiseIdentity:
    """`row_id` for column-wise batches (`{name: [values]}`), the loader's fast path; same ids as `row_id`.

    Segments of hashable values (text, timestamps, decimals) are memoised per column, so repeated values cost a
    dictionary lookup; JSON values (dicts) are memoised per batch by object identity, which is safe while the
    batch holds them and cheap because the reader hands out one object per distinct raw text.
    """

    def __init__(self, names: Sequence[str], cache_limit: int = 200_000) -> None:
        self.names = identity_columns(names)
        self.cache_limit = cache_limit
        self._memos = {n: _Segments(n) for n in self.names}

    def _segments(self, name: str, values: Sequence[Any]) -> list[str]:
        memo = self._memos[name]
        if len(memo) > self.cache_limit:
            memo.clear()
            memo[None] = ""
        try:
            return list(map(memo.__getitem__, values))
        except TypeError:  # unhashable JSON values in this column
            by_id: dict[int, str] = {}
            out = []
            for value in values:
                try:
                    out.append(memo[value])
                except TypeError:
                    key = id(value)
                    hit = by_id.get(key)
                    if hit is None:
                        hit = by_id[key] = memo.segment(value)
                    out.append(hit)
            return out

    def base_ids(self, columns: Mapping[str, Sequence[Any]], num_rows: int) -> list[str]:
        segments = [self._segments(n, columns[n]) for n in self.names if n in columns]
        if not segments:
            return [_digest("")] * num_rows
        join = "".join
        sha = hashlib.sha256
        return [sha(join(parts).encode("utf-8")).hexdigest()[:ID_HEX_DIGITS] for parts in zip(*segments, strict=True)]



class RowwiseIdentity:
    """`row_id` for a stream of row mappings (the cost exporter's path), with the per-column segment memos of
    `ColumnwiseIdentity`: same ids as `row_id`, without re-encoding values that repeat from row to row."""

    def __init__(self, cache_limit: int = 200_000) -> None:
        self.cache_limit = cache_limit
        self._memos: dict[str, _Segments] = {}

    def row_id(self, row: Mapping[str, Any]) -> str:
        parts = []
        memos = self._memos
        for name in _identity_order(tuple(row)):
            memo = memos.get(name)
            if memo is None or len(memo) > self.cache_limit:
                memo = memos[name] = _Segments(name)
            value = row[name]
            try:
                parts.append(memo[value])
            except TypeError:  # unhashable JSON value
                parts.append(memo.segment(value))
        return _digest("".join(parts))


__all__ = [
    "ROW_ID_RE",
    "ColumnwiseIdentity",
    "RowIds",
    "RowwiseIdentity",
    "assign_row_ids",
    "canonical_json",
    "canonical_text",
    "encode_value",
    "format_datetime",
    "format_decimal",
    "identity_columns",
    "is_identity_column",
    "is_metric_like",
    "is_row_id",
    "row_id",
]
