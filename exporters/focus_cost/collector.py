"""Pure part of the exporter: rows -> immutable `Snapshot` of series -> metric families / exposition text.

Cost mode: one gauge family per exposed FOCUS metric column, ``focus_billed_cost`` (always available),
``focus_effective_cost`` (default on), ``focus_list_cost``, ``focus_contracted_cost``,
``focus_consumed_quantity`` and ``focus_pricing_quantity`` (opt-in via ``metrics:``). One series per FOCUS
row per family; the sample value is the column's value, never a label; a NULL value gives no sample.

Labels (every family of a row carries the same ones, so families join on identical label sets):

* ``source``: the config source name; one process serves several sources.
* ``focus_row_id``: 16 hex digits of SHA-256 over every FOCUS dimension column of the row (canonical JSON).
  A stable upsert key for the adapter; the metric columns are not part of it, so a restated cost updates the
  same series instead of creating a new one.
* ``billing_currency``: the unit of the cost values (``focus_billed_cost{billing_currency="USD",...}``).
* ``provider_name``, ``service_provider_name``, ``billing_account_id``, ``sub_account_id``: who charges whom.
* ``billing_period_start``, ``charge_period_start``, ``charge_period_end``: RFC3339 UTC
  (``2024-09-18T22:00:00Z``); identity, see below.
* ``charge_category``, ``charge_class``, ``pricing_category``, ``commitment_discount_id``: Usage vs Tax vs
  Credit rows, corrections and commitments, the rows Krateo's key collapsed.
* ``service_category``, ``service_name``, ``sku_id``, ``sku_price_id``, ``region_id``, ``resource_id``: the
  usual cost-allocation dimensions.
* ``consumed_unit``, ``pricing_unit``: the units of the quantity families.
* ``tags``: Tags as canonical JSON (sorted keys, no spaces, UTF-8 kept); survives the trip exactly,
  ``json.loads`` gives back the tag object.
* ``tag_<key>``: Tags[key] for the keys listed in ``tag_labels``, for PromQL grouping (key sanitized).
* extra (``extra_labels``): the snake_case of any FOCUS or ``x_`` column, opt-in (e.g. ``resource_name``).

Left out on purpose: names (account, resource, SKU descriptions) are mutable display text that would split
series when renamed, ``ChargeDescription`` is free text, ``BillingPeriodEnd`` follows from the start; all of
them still count in ``focus_row_id`` and can be added with ``extra_labels``.

Labels whose value is NULL are left out (Prometheus treats an empty label as absent anyway).

Why the charge period is a label and not the sample timestamp: a FOCUS row *is* a charge over
``[ChargePeriodStart, ChargePeriodEnd)``; that interval is part of the row's identity (the same SKU on the same
resource has one row per hour or day). Sample timestamps must be recent for Prometheus to accept them
(out-of-order/too-old samples are rejected), while cost data arrives hours to days late and is restated for
weeks. So the sample is "the latest known value of this row's cost" at scrape time, and the interval travels
as labels that the adapter parses back into ``charge_period_start``/``_end`` columns.

Rows that are identical in every FOCUS dimension (so indistinguishable) are merged: their metric values are
summed as Decimals, keeping totals exact; the merges are counted as ``duplicate_rows``.

Precision: the sample value is a float64. Every decimal with at most 15 significant digits survives
``Decimal -> float -> shortest repr -> Decimal`` unchanged, and the exposition writes the shortest repr; cost
values in FOCUS files (the sample's have <= 12) are well inside that, so the adapter rebuilds the exact Decimal
from the text of the sample value. Values with more significant digits are rounded to the nearest float;
``snapshot.inexact_values`` counts them (exported as a poll item) so nobody is surprised.

Generic mode: one family named by ``generic.metric_name``; value from the chosen column; every other column is
a label with a sanitized name (invalid characters -> ``_``, leading digit -> ``label_`` prefix, ``__name__`` ->
``metric_name``, collisions -> ``_2``, ``_3``; ``source`` from data -> ``exported_source``).

The `/metrics` fast path (`render`) writes exactly what prometheus_client's encoders write for `collect()`
(tested byte for byte), but from label text escaped once per poll, which is what makes 100k rows render in well
under a second.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector
from prometheus_client.utils import floatToGoString

from focus.columns import Category, all_columns, snake_case

PREFIX = "focus_"
LABEL_COLUMNS: tuple[str, ...] = (
    "BillingAccountId", "BillingCurrency", "BillingPeriodStart", "ChargeCategory", "ChargeClass",
    "ChargePeriodEnd", "ChargePeriodStart", "CommitmentDiscountId", "ConsumedUnit", "PricingCategory",
    "PricingUnit", "ProviderName", "RegionId", "ResourceId", "ServiceCategory", "ServiceName",
    "ServiceProviderName", "SkuId", "SkuPriceId", "SubAccountId", "Tags",
)  # fmt: skip
#: FOCUS dimension columns: the identity of a row (metric columns excluded, x_ columns excluded)
IDENTITY_COLUMNS: tuple[str, ...] = tuple(sorted(c.name for c in all_columns() if c.category is Category.DIMENSION))

_HELP = {
    "billed_cost": "FOCUS BilledCost of the row, in the row's billing_currency (what is invoiced).",
    "effective_cost": "FOCUS EffectiveCost of the row, in billing_currency (amortized, after discounts).",
    "list_cost": "FOCUS ListCost of the row, in billing_currency (at public list prices).",
    "contracted_cost": "FOCUS ContractedCost of the row, in billing_currency (at negotiated prices).",
    "consumed_quantity": "FOCUS ConsumedQuantity of the row, in consumed_unit.",
    "pricing_quantity": "FOCUS PricingQuantity of the row, in pricing_unit.",
}
_COLUMN_OF = {
    "billed_cost": "BilledCost",
    "effective_cost": "EffectiveCost",
    "list_cost": "ListCost",
    "contracted_cost": "ContractedCost",
    "consumed_quantity": "ConsumedQuantity",
    "pricing_quantity": "PricingQuantity",
}
_INVALID_LABEL_CHARS = re.compile(r"[^a-zA-Z0-9_]")
_LEGACY_LABEL = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")


def sanitize_label_name(name: str) -> str:
    """Any column name -> a label name valid in the Prometheus text format and OpenMetrics."""
    if name == "__name__":
        return "metric_name"
    out = _INVALID_LABEL_CHARS.sub("_", name)
    if not out or out[0].isdigit():
        out = "label_" + out
    if out.startswith("__"):
        out = "x" + out  # `__` prefixes are reserved for Prometheus' internal labels
    return out


def unique_label_names(names: Sequence[str], reserved: Iterable[str] = ()) -> list[str]:
    """Sanitized names, collisions resolved with `_2`, `_3` …, never equal to a reserved name."""
    taken = set(reserved)
    out: list[str] = []
    for name in names:
        base = sanitize_label_name(name)
        if base in taken and base in set(reserved):
            base = "exported_" + base
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}_{n}"
        taken.add(candidate)
        out.append(candidate)
    return out


def escape_label_value(value: str) -> str:
    return value.replace("\\", r"\\").replace("\n", r"\n").replace('"', r"\"")


def rfc3339(value: datetime) -> str:
    """UTC RFC3339 with `Z`, seconds precision unless the value has microseconds."""
    text = value.astimezone(UTC).isoformat()
    return text.removesuffix("+00:00") + "Z"


def canonical_json(value: Any) -> str:
    """Sorted keys, no whitespace, UTF-8 kept: the same object always gives the same text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return rfc3339(value)
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot serialize {type(value).__name__}")


def label_text(value: Any) -> str | None:
    """Typed FOCUS value -> label value; None for NULL (the label is then left out)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, datetime):
        return rfc3339(value)
    if isinstance(value, dict | list):
        return canonical_json(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def row_id(row: Mapping[str, Any]) -> str:
    """16 hex digits of SHA-256 over the row's FOCUS dimension columns; independent of column order and of
    the metric values, so the same row keeps its id when its cost is restated."""
    identity = {name: label_text(row.get(name)) for name in IDENTITY_COLUMNS}
    return hashlib.sha256(canonical_json(identity).encode()).hexdigest()[:16]


def is_exact(value: Decimal) -> bool:
    """Whether the float64 nearest to `value` reads back (shortest repr) as the same number."""
    if not value.is_finite():
        return False
    return Decimal(repr(float(value))) == value


@dataclass(frozen=True, slots=True)
class Series:
    """One row: its labels (sorted by name, NULLs left out), pre-escaped label text, one value per family."""

    labels: tuple[tuple[str, str], ...]
    #: UTF-8 of `{name="escaped value",…} `, written as is after the metric name
    head: bytes
    values: tuple[float | None, ...]
    #: UTF-8 of each value as prometheus_client writes it, with the line's newline
    tails: tuple[bytes | None, ...]


@dataclass(frozen=True, slots=True)
class Family:
    name: str
    help: str


@dataclass(frozen=True)
class Snapshot:
    """What one poll of one source produced; immutable, swapped atomically by the poller."""

    source: str
    families: tuple[Family, ...]
    series: tuple[Series, ...] = ()
    counts: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class CostLayout:
    """Which families and labels a cost source exposes (from its config)."""

    metrics: tuple[str, ...] = ("billed_cost", "effective_cost")
    extra_labels: tuple[str, ...] = ()
    tag_labels: tuple[str, ...] = ()

    def families(self) -> tuple[Family, ...]:
        return tuple(Family(PREFIX + m, _HELP[m]) for m in self.metrics)


#: prometheus_client's float formatting (shortest repr, Go-style exponents), typed
_go_float: Callable[[float], str] = floatToGoString


def _series(labels: dict[str, str], values: Sequence[float | None]) -> Series:
    items = tuple(sorted(labels.items()))
    text = ",".join(f'{k}="{escape_label_value(v)}"' for k, v in items)
    tails = tuple(None if v is None else (_go_float(v) + "\n").encode() for v in values)
    return Series(items, ("{" + text + "} ").encode(), tuple(values), tails)


def build_cost_snapshot(
    source: str, rows: Iterable[Mapping[str, Any]], layout: CostLayout, counts: Mapping[str, float] | None = None
) -> Snapshot:
    """Typed FOCUS rows (as `focus.reader` yields them) -> one series per distinct row."""
    columns = [_COLUMN_OF[m] for m in layout.metrics]
    label_columns = [(snake_case(c), c) for c in LABEL_COLUMNS]
    reserved = {"source", "focus_row_id", *(n for n, _ in label_columns)}
    extra_names = unique_label_names([snake_case(c) for c in layout.extra_labels], reserved)
    extra = list(zip(extra_names, layout.extra_labels, strict=True))
    reserved |= set(extra_names)
    tag_names = list(
        zip(unique_label_names(["tag_" + k for k in layout.tag_labels], reserved), layout.tag_labels, strict=True)
    )
    merged: dict[str, tuple[dict[str, str], list[Decimal | None]]] = {}
    n_rows = skipped = duplicates = inexact = 0
    for row in rows:
        n_rows += 1
        if row.get("ChargePeriodStart") is None or not row.get("BillingCurrency"):
            skipped += 1  # a row without its period or currency cannot be identified or valued
            continue
        rid = row_id(row)
        values = [_decimal(row.get(c)) for c in columns]
        known = merged.get(rid)
        if known is not None:
            duplicates += 1
            known[1][:] = [_add(a, b) for a, b in zip(known[1], values, strict=True)]
            continue
        labels = {"source": source, "focus_row_id": rid}
        for name, col in (*label_columns, *extra):
            text = label_text(row.get(col))
            if text is not None:
                labels[name] = text
        tags = row.get("Tags")
        if isinstance(tags, dict):
            for name, key in tag_names:
                if key in tags:
                    value = tags[key]
                    text = value if isinstance(value, str) else canonical_json(value)
                    if text:
                        labels[name] = text
        merged[rid] = (labels, values)
    series = []
    for labels, decimals in merged.values():
        floats: list[float | None] = []
        for d in decimals:
            if d is None:
                floats.append(None)
                continue
            if not is_exact(d):
                inexact += 1
            floats.append(float(d))
        series.append(_series(labels, floats))
    all_counts = {
        "rows": float(n_rows),
        "series": float(len(series)),
        "rows_skipped": float(skipped),
        "duplicate_rows": float(duplicates),
        "inexact_values": float(inexact),
    }
    all_counts.update(counts or {})
    return Snapshot(source, layout.families(), tuple(series), all_counts)


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int | float):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return None


def _add(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def build_generic_snapshot(
    source: str,
    metric_name: str,
    header: Sequence[str],
    records: Iterable[Sequence[Any]],
    value_index: int,
    counts: Mapping[str, float] | None = None,
) -> Snapshot:
    """Rows of any table (header + cells) -> one series per distinct label set of `metric_name`."""
    names = unique_label_names(list(header), reserved={"source"})
    seen: set[tuple[tuple[str, str], ...]] = set()
    series: list[Series] = []
    n_rows = errors = duplicates = 0
    for cells in records:
        n_rows += 1
        try:
            raw = cells[value_index]
            value = float(raw) if not isinstance(raw, bool) and raw is not None else None
        except (IndexError, TypeError, ValueError):
            value = None
        if value is None:
            errors += 1
            continue
        labels = {"source": source}
        for i, (name, cell) in enumerate(zip(names, cells, strict=False)):
            if i == value_index:
                continue
            text = label_text(cell)
            if text is not None:
                labels[name] = text
        one = _series(labels, [value])
        if one.labels in seen:
            duplicates += 1
            continue
        seen.add(one.labels)
        series.append(one)
    all_counts = {
        "rows": float(n_rows),
        "series": float(len(series)),
        "parse_errors": float(errors),
        "duplicate_rows": float(duplicates),
    }
    all_counts.update(counts or {})
    family = Family(metric_name, f"Generic metric {metric_name} read from source data.")
    return Snapshot(source, (family,), tuple(series), all_counts)


SnapshotGetter = Any  # a zero-argument callable returning the current Snapshot (a poller's `snapshot` read)


class FocusCostCollector(Collector):
    """Builds fresh gauge families from the current snapshots on every `collect()`; no I/O.

    `snapshots` returns the current snapshot of every source; families with the same name from several
    sources are merged into one family (one HELP/TYPE), as the exposition formats require.
    """

    def __init__(self, families: Sequence[Family], snapshots: Any) -> None:
        self._families = _unique_families(families)
        self._snapshots = snapshots

    def describe(self) -> Iterable[Metric]:
        return [Metric(f.name, f.help, "gauge") for f in self._families]

    def collect(self) -> Iterable[Metric]:
        metrics = {f.name: Metric(f.name, f.help, "gauge") for f in self._families}
        for snapshot in self._snapshots():
            for i, family in enumerate(snapshot.families):
                metric = metrics[family.name]
                for series in snapshot.series:
                    value = series.values[i]
                    if value is not None:
                        metric.add_sample(family.name, dict(series.labels), value)
        return list(metrics.values())

    def render(self, openmetrics: bool = False) -> bytes:
        """The families `collect()` would give, encoded as prometheus_client encodes them (no `# EOF`)."""
        del openmetrics  # gauges without timestamps, units or exemplars are written the same in both formats
        parts: list[bytes] = []
        snapshots = list(self._snapshots())
        for family in self._families:
            parts.append(f"# HELP {family.name} {_escape_help(family.help)}\n# TYPE {family.name} gauge\n".encode())
            name = family.name.encode()
            for snapshot in snapshots:
                for i, fam in enumerate(snapshot.families):
                    if fam.name != family.name:
                        continue
                    for series in snapshot.series:
                        tail = series.tails[i]
                        if tail is not None:
                            parts += (name, series.head, tail)
        return b"".join(parts)


def _escape_help(text: str) -> str:
    return text.replace("\\", r"\\").replace("\n", r"\n")


def _unique_families(families: Sequence[Family]) -> tuple[Family, ...]:
    out: dict[str, Family] = {}
    for family in families:
        out.setdefault(family.name, family)
    return tuple(out.values())
