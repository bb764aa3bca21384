"""FOCUS format rules (date/time, numeric, currency, key-value, unit) and the catalogue of rule violations.

Each converter turns one raw cell into its typed value plus the id of the rule the cell broke, if any, so the
reader can normalise in lenient mode and report in strict mode from the same code.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from focus.columns import SKU_PRICE_DETAILS_KEYS, Column, DataType, ValueFormat

#: ISO 4217 active codes (national, supranational, funds and precious-metal codes; ANG and XCG both listed
#: for the 2025 changeover, ZWG since 2024). HRK, SLL-only and other withdrawn codes are not listed except SLL.
CURRENCY_CODES: frozenset[str] = frozenset(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD
    CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP
    GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW
    KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN
    NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL
    SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES
    VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG ZWL
    """.split()  # noqa: SIM905
)

NULL_TOKENS = frozenset({"", "NULL"})
DATETIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
NUMERIC_RE = re.compile(r"-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE]-?\d+)?")
CURRENCY_RE = re.compile(r"[A-Z]{3}")
# <units>, <units>-<time units>, <units>/<time unit>, optionally prefixed by a whole-number quantity
UNIT_RE = re.compile(r"(?:[1-9]\d* )?[A-Za-z][A-Za-z0-9]*(?:[-/][A-Za-z][A-Za-z0-9]*)?")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Rule:
    """A checked requirement; `fixable` ones are normalised (and only counted) in lenient mode."""

    id: str
    description: str
    severity: Severity = Severity.ERROR
    fixable: bool = False


_RULE_LIST = (
    Rule("null-literal", "null written as the string 'NULL' instead of an empty/absent value", fixable=True),
    Rule("null-empty-string", "empty string used for a null value", fixable=True),
    Rule("not-null", "null in a column that does not allow nulls"),
    Rule("datetime-format", "date/time not in ISO 8601 UTC form YYYY-MM-DDTHH:MM:SSZ", fixable=True),
    Rule("datetime-invalid", "value is not a date/time"),
    Rule("numeric-format", "not a FOCUS numeric value (no thousands separators, NaN, Infinity, '+' or units)"),
    Rule("allowed-values-case", "enumerated value in the wrong case", fixable=True),
    Rule("allowed-values", "value outside the column's allowed values"),
    Rule("currency-code", "not an ISO 4217 currency code"),
    Rule("currency-code-case", "currency code not in upper case", fixable=True),
    Rule("key-value-format", "not a JSON object with unique keys and scalar values"),
    Rule("json-format", "not valid JSON"),
    Rule("sku-price-details-key", "SkuPriceDetails key neither FOCUS-defined nor x_-prefixed"),
    Rule("contract-applied-object", "ContractApplied is not a ContractAppliedObject (FOCUS 1.3)"),
    Rule("allocated-method-details-object", "AllocatedMethodDetails is not an AllocatedMethodDetailsObject (1.3)"),
    Rule("unit-format", "unit does not follow the FOCUS unit format", Severity.WARNING),
    Rule("custom-column-prefix", "column is not a FOCUS column and lacks the x_ prefix", fixable=True),
    Rule("column-not-in-version", "FOCUS column not defined in the declared version", fixable=True),
    Rule("deprecated-column-missing", "deprecated mandatory column absent", Severity.WARNING),
    Rule("ragged-row", "row has a different number of fields than the header (row skipped)"),
    Rule("period-order", "period start is not before period end (start inclusive, end exclusive)"),
    Rule("charge-frequency-purchase", "ChargeFrequency is Usage-Based on a Purchase row"),
    Rule("service-subcategory", "ServiceSubcategory does not belong to the row's ServiceCategory"),
    Rule("must-be-null", "value where FOCUS requires null in this row (conditional nullability)"),
    Rule("must-not-be-null", "null where FOCUS requires a value in this row (conditional nullability)"),
    Rule("should-not-be-null", "null where FOCUS recommends a value", Severity.WARNING),
    Rule("non-negative", "negative value where FOCUS requires a non-negative one"),
    Rule("unit-price-times-quantity", "unit price times PricingQuantity does not match the cost"),
    Rule("purchase-effective-cost", "EffectiveCost is not 0 on the purchase of a commitment discount"),
    Rule("national-currency", "BillingCurrency is not a national (ISO 4217) currency"),
    Rule("single-parent", "one identifier maps to several parent values (or none)"),
    Rule("single-parent-recommended", "one identifier maps to several parent values (or none)", Severity.WARNING),
    Rule("charge-period-in-billing-period", "charge period outside its billing period", Severity.WARNING),
    Rule("no-rows", "file has a header but no data rows", Severity.WARNING),
    Rule(
        "not-storable",
        "value the database cannot store: text with a NUL character (U+0000) or a lone surrogate, or a number"
        " beyond the range of NUMERIC",
    ),
)
RULES: Mapping[str, Rule] = MappingProxyType({r.id: r for r in _RULE_LIST})
#: Problems after which a value is lost (a skipped row, a cell that could not be read or cannot be stored): a
#: load never accepts them, the cost exporter counts them as parse errors.
DATA_LOSS_RULES = frozenset(
    {"ragged-row", "numeric-format", "datetime-invalid", "json-format", "key-value-format", "not-storable"}
)


class FormatError(ValueError):
    """A cell breaks a format rule; `rule` is the id in RULES."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule


# --- what PostgreSQL can store --------------------------------------------------------------------------------
#
# Text columns and jsonb refuse U+0000 (valid UTF-8, but not storable); a lone surrogate (possible in text that
# came from JSON escapes such as "\ud800") cannot even be encoded as UTF-8; NUMERIC holds up to 131072 digits
# before the decimal point and 16383 after; jsonb numbers are NUMERIC too, so a JSON number Python read as an
# infinite float cannot be written back. Every path that hands outside text to the database checks with these.

NUMERIC_MAX_INTEGER_DIGITS = 131_072
NUMERIC_MAX_FRACTION_DIGITS = 16_383


def storable_text(text: str) -> bool:
    """Whether PostgreSQL text (and jsonb strings) can hold `text`: no NUL, no lone surrogate."""
    if "\x00" in text:
        return False
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def storable_decimal(value: Decimal) -> bool:
    """Whether a NUMERIC column can hold `value` exactly (finite, within its digit limits)."""
    if not value.is_finite():
        return False
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return value.adjusted() < NUMERIC_MAX_INTEGER_DIGITS and -exponent <= NUMERIC_MAX_FRACTION_DIGITS


def storable_json(value: Any) -> bool:
    """Whether jsonb can hold the JSON value: every key and string storable text, every number finite."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not storable_text(item):
                return False
        elif isinstance(item, dict):
            for key, child in item.items():
                if not isinstance(key, str) or not storable_text(key):
                    return False
                stack.append(child)
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, float):
            if not math.isfinite(item):
                return False
        elif isinstance(item, Decimal) and not storable_decimal(item):
            return False
    return True


def parse_decimal(text: str) -> Decimal:
    """Exact Decimal from FOCUS numeric format; never goes through float."""
    if NUMERIC_RE.fullmatch(text) is None:
        raise FormatError("numeric-format", f"{_short(text)!r} is not a FOCUS numeric value")
    value = Decimal(text)
    if not storable_decimal(value):
        raise FormatError("not-storable", f"{_short(text)!r} is beyond the range of NUMERIC")
    return value


def as_utc(value: datetime) -> datetime:
    """The same instant as an aware UTC datetime; a naive one is taken as UTC (FOCUS date/times are UTC)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def parse_datetime(text: str, *, lenient: bool = False) -> datetime:
    """Aware UTC datetime from `YYYY-MM-DDTHH:MM:SSZ`; lenient also takes other ISO 8601 forms (naive = UTC)."""
    if DATETIME_RE.fullmatch(text) is not None:
        try:
            return datetime(
                int(text[0:4]), int(text[5:7]), int(text[8:10]),
                int(text[11:13]), int(text[14:16]), int(text[17:19]), tzinfo=UTC,
            )  # fmt: skip
        except ValueError as exc:
            raise FormatError("datetime-invalid", f"{text!r} is not a valid date/time: {exc}") from None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise FormatError("datetime-invalid", f"{_short(text)!r} is not a date/time") from None
    if not lenient:
        raise FormatError("datetime-format", f"{text!r} is not in the form YYYY-MM-DDTHH:MM:SSZ")
    return as_utc(value)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise FormatError("key-value-format", "duplicate keys in JSON object")
    return result


def parse_json(text: str) -> Any:
    """JSON value without NaN/Infinity (which are not JSON) and with unique object keys; a number with a fraction
    or an exponent is an exact Decimal (a cost inside a JSON column keeps every digit)."""
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_reject_constant, object_pairs_hook=_unique_pairs)
    except FormatError:
        raise
    except (ValueError, RecursionError):
        raise FormatError("json-format", f"{_short(text)!r} is not valid JSON") from None


def parse_key_value(text: str) -> dict[str, Any]:
    """FOCUS key-value format: a JSON object whose values are scalars (string, number, boolean, null)."""
    value = parse_json(text)
    if not isinstance(value, dict):
        raise FormatError("key-value-format", f"{_short(text)!r} is not a JSON object")
    for key, item in value.items():
        if isinstance(item, dict | list):
            raise FormatError("key-value-format", f"key {key!r} has a nested {type(item).__name__} value")
    return value


def is_unit_format(text: str) -> bool:
    return UNIT_RE.fullmatch(text) is not None


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


#: A converter returns the typed value and the id of the rule the raw cell broke (None when clean).
Converter = Callable[[str], tuple[Any, str | None]]


@dataclass(slots=True)
class _ConverterFactory:
    column: Column | None
    version: str
    _case_map: dict[str, str] = field(default_factory=dict)

    def build(self) -> Converter:
        col = self.column
        if col is None:  # custom column: nulls normalised silently, value kept as text
            return _custom
        if col.allowed_values is not None:
            self._case_map = {v.casefold(): v for v in col.allowed_values}
        nullable = col.nullable
        typed = self._typed()

        json_typed = col.data_type is DataType.JSON

        def convert(raw: str) -> tuple[Any, str | None]:
            if raw in NULL_TOKENS:
                if not nullable:
                    return None, "not-null"
                return None, "null-empty-string" if raw == "" else "null-literal"
            if not storable_text(raw):
                return None, "not-storable"
            try:
                value, rule = typed(raw)
            except FormatError as exc:
                return None, exc.rule
            if json_typed and not storable_json(value):
                return None, "not-storable"
            return value, rule

        return convert

    def _typed(self) -> Converter:
        col = self.column
        assert col is not None
        dtype = col.data_type
        if dtype is DataType.DECIMAL:
            return lambda raw: (parse_decimal(raw), None)
        if dtype is DataType.DATETIME:
            return self._datetime
        if dtype is DataType.JSON:
            if col.value_format is ValueFormat.KEY_VALUE:
                if col.name == "SkuPriceDetails":
                    return _sku_price_details
                return lambda raw: (parse_key_value(raw), None)
            if col.name in ELEMENTS_OBJECTS:
                return ELEMENTS_OBJECTS[col.name].convert
            return lambda raw: (parse_json(raw), None)
        if col.allowed_values is not None:
            return self._enum
        if col.value_format is ValueFormat.CURRENCY:
            return self._currency
        if col.value_format is ValueFormat.UNIT:
            return _unit
        return _plain

    def _datetime(self, raw: str) -> tuple[Any, str | None]:
        if DATETIME_RE.fullmatch(raw) is not None:
            return parse_datetime(raw), None
        return parse_datetime(raw, lenient=True), "datetime-format"

    def _enum(self, raw: str) -> tuple[Any, str | None]:
        assert self.column is not None and self.column.allowed_values is not None
        if raw in self.column.allowed_values:
            return raw, None
        canonical = self._case_map.get(raw.strip().casefold())
        if canonical is not None:
            return canonical, "allowed-values-case"
        return raw, "allowed-values"

    def _currency(self, raw: str) -> tuple[Any, str | None]:
        if raw in CURRENCY_CODES:
            return raw, None
        if raw.upper() in CURRENCY_CODES:
            return raw.upper(), "currency-code-case"
        if self.version >= "1.2" and CURRENCY_RE.fullmatch(raw) is None and raw.strip() == raw:
            return raw, None  # 1.2+ allows virtual currencies (tokens, credits) as plain strings
        return raw, "currency-code"


def _plain(raw: str) -> tuple[Any, str | None]:
    return raw, None


def _custom(raw: str) -> tuple[Any, str | None]:
    if raw in NULL_TOKENS:
        return None, None
    return (raw, None) if storable_text(raw) else (None, "not-storable")


def _unit(raw: str) -> tuple[Any, str | None]:
    return raw, (None if UNIT_RE.fullmatch(raw) is not None else "unit-format")


def _sku_price_details(raw: str) -> tuple[Any, str | None]:
    value = parse_key_value(raw)
    for key in value:
        if key not in SKU_PRICE_DETAILS_KEYS and not key.startswith("x_"):
            return value, "sku-price-details-key"
    return value, None


def converter_for(column: Column | None, version: str) -> Converter:
    """Converter for one column (None = custom column): raw cell text -> (typed value, broken rule id).

    The same converter serves both modes: the value is always normalised where possible, and the mode only
    decides whether the broken rule counts as a normalisation or as a violation.
    """
    return _ConverterFactory(column, version).build()


# --- FOCUS 1.3 JSON objects: {"Elements": [{flat key-value entry}, ...]} ------------------------------------------


@dataclass(frozen=True, slots=True)
class ElementsObject:
    """The shape 1.3 gives ContractApplied and AllocatedMethodDetails: a JSON object whose `Elements` array holds
    one or more flat objects of FOCUS-defined keys (typed) and x_-prefixed custom keys; other top-level keys
    must be x_-prefixed too. Keys match case-insensitively: the 1.3 text spells ContractID and ContractId both.
    """

    rule: str
    required: Mapping[str, str]  # key -> "string" | "number", present and not null
    optional: Mapping[str, str]  # key -> "string" | "number", may be absent or null
    #: casefolded key -> (FOCUS spelling, kind), built once rather than per cell
    known: Mapping[str, tuple[str, str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        known = {k.casefold(): (k, kind) for k, kind in (*self.required.items(), *self.optional.items())}
        object.__setattr__(self, "known", MappingProxyType(known))

    def problem(self, value: Any) -> str | None:
        if not isinstance(value, dict):
            return "not a JSON object"
        for key in value:
            if key != "Elements" and not key.startswith("x_"):
                return f"top-level key {key!r} is neither Elements nor x_-prefixed"
        elements = value.get("Elements")
        if not isinstance(elements, list) or not elements:
            return "Elements must be a non-empty array"
        known = self.known
        for index, entry in enumerate(elements):
            if not isinstance(entry, dict):
                return f"Elements[{index}] is not an object"
            seen = set()
            for key, item in entry.items():
                if isinstance(item, dict | list):
                    return f"Elements[{index}].{key} is nested"
                spec = known.get(key.casefold())
                if spec is None:
                    if not key.startswith("x_"):
                        return f"Elements[{index}] key {key!r} is neither FOCUS-defined nor x_-prefixed"
                    continue
                name, kind = spec
                seen.add(name)
                if item is None:
                    if name in self.required:
                        return f"Elements[{index}].{name} is null"
                elif not _is_kind(item, kind):
                    return f"Elements[{index}].{name} is not a {kind}"
            for name in self.required:
                if name not in seen:
                    return f"Elements[{index}] lacks {name}"
        return None

    def convert(self, raw: str) -> tuple[Any, str | None]:
        value = parse_json(raw)
        return value, (None if self.problem(value) is None else self.rule)


def _is_kind(item: Any, kind: str) -> bool:
    if kind == "number":
        return isinstance(item, int | float | Decimal) and not isinstance(item, bool)
    return isinstance(item, str)


ELEMENTS_OBJECTS: Mapping[str, ElementsObject] = MappingProxyType({
    "ContractApplied": ElementsObject(
        "contract-applied-object",
        required={"ContractID": "string", "ContractCommitmentID": "string"},
        optional={"ContractCommitmentAppliedCost": "number", "ContractCommitmentAppliedQuantity": "number",
                  "ContractCommitmentAppliedUnit": "string"},
    ),
    "AllocatedMethodDetails": ElementsObject(
        "allocated-method-details-object",
        required={"AllocatedRatio": "number"},
        optional={"UsageUnit": "string", "UsageQuantity": "number"},
    ),
})
