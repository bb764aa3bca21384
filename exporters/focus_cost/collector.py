"""Pure part of the exporter: rows -> immutable `Snapshot` of series -> metric families / exposition text.

Cost mode exposes FOCUS rows as series under the contract of `focus.series` (shared with the adapter's cost
path, which decodes it): one gauge family per FOCUS metric column, ``focus_<sql name>`` (``focus_billed_cost``,
``focus_effective_cost``, ...), one series per row and family, the column's value as the sample (never a label;
a NULL value gives no sample), labels ``focus_row_id`` and ``focus_version`` (the FOCUS version the source was
read as), dimension columns under their SQL names, custom columns under ``x_`` names or escaped as ``x__`` +
name, label text as `focus.series.label_text` writes it. This module chooses which families and labels a source
exposes (its layout) and renders them. Two layouts, per source:

* compact (the default): the families of ``metrics:`` (default ``billed_cost``, ``effective_cost``) and the
  fixed labels below, plus ``extra_labels``. Made for PromQL: few families, short label sets.
* complete (``columns: all``): a family for every FOCUS metric column (families whose column is absent or
  NULL have no series), and every FOCUS dimension column of the row and every custom column as labels. This is
  what the adapter's cost path (remote_write_adapter/costs.py) needs to rebuild whole rows of
  finops.focus_costs, identical to `finops focus load` of the same file.

  Trade-off: Prometheus stores one series per (row, family with a value), each carrying the whole label set,
  so a row costs up to 13 series instead of 2, and every series repeats all the row's dimension text
  (descriptions, names, JSON columns). Measured on the FOCUS 1.0 sample (1000 rows): 7984 series instead of
  2000, label text about 1070 bytes per series instead of 700, so about 6x the exposition bytes and head memory.
  Use it for sources whose rows must reach the table complete; keep the compact layout for dashboards.

Labels of the compact layout (every family of a row carries the same ones, so families join on them):

* ``source``: the config source name; one process serves several sources.
* ``focus_row_id``: the row's id from `focus.identity` (20 hex digits of SHA-256 over every FOCUS dimension
  column and every custom column that does not read like a metric), with the occurrence suffix ``-2``,
  ``-3``, ... for rows identical in all of those, numbered in file order: exactly the ids `focus.load` gives,
  so a row has the same id whichever way it reaches the table. Metric columns are not part of it, so a
  restated cost updates the same series instead of creating a new one.
* ``focus_version``: the FOCUS version the source was read as (for a source of several pages, the newest any
  page needs), so the table knows which columns the row's version has.
* ``billing_currency``: the unit of the cost values (``focus_billed_cost{billing_currency="USD",...}``).
* ``provider_name``, ``service_provider_name``, ``billing_account_id``, ``sub_account_id``: who charges whom.
* ``billing_period_start``, ``charge_period_start``, ``charge_period_end``: UTC date/times
  (``2024-09-18T22:00:00Z``, ``.ffffff`` only with microseconds); identity, see below.
* ``charge_category``, ``charge_class``, ``pricing_category``, ``commitment_discount_id``: Usage vs Tax vs
  Credit rows, corrections and commitments, the rows Krateo's key collapsed.
* ``service_category``, ``service_name``, ``sku_id``, ``sku_price_id``, ``region_id``, ``resource_id``: the
  usual cost-allocation dimensions.
* ``consumed_unit``, ``pricing_unit``: the units of the quantity families.
* ``tags``: Tags as canonical JSON (sorted keys, no spaces, UTF-8 kept); survives the trip exactly,
  ``json.loads`` gives back the tag object. Every JSON column is written this way.
* ``tag_<key>``: Tags[key] for the keys listed in ``tag_labels``, for PromQL grouping (key sanitized); both
  layouts.
* extra (``extra_labels``): the snake_case of a FOCUS column, or a custom column under its custom label.

Custom columns whose names are not valid label names cannot travel; they are counted as ``columns_dropped``.

Left out of the compact layout on purpose: names (account, resource, SKU descriptions) are mutable display
text that would split series when renamed, ``ChargeDescription`` is free text, ``BillingPeriodEnd`` follows
from the start; all of them still count in ``focus_row_id`` and can be added with ``extra_labels``.

Labels whose value is NULL or empty are left out (Prometheus treats an empty label as absent anyway), so an
empty-string cell reaches the table as NULL. A cell holding text no label may carry (a NUL character, a lone
surrogate from a JSON escape) is read as NULL and counted in ``parse_errors`` (the rule ``not-storable`` of
`focus.formats`); in generic mode such a row is skipped and counted there too.

Why the charge period is a label and not the sample timestamp: a FOCUS row *is* a charge over
``[ChargePeriodStart, ChargePeriodEnd)``; that interval is part of the row's identity (the same SKU on the same
resource has one row per hour or day). Sample timestamps must be recent for Prometheus to accept them
(out-of-order/too-old samples are rejected), while cost data arrives hours to days late and is restated for
weeks. So the sample is "the latest known value of this row's cost" at scrape time, and the interval travels
as labels that the adapter parses back into ``charge_period_start``/``_end`` columns.

Rows identical in every identity column are not merged: each keeps its own series and value under its
suffixed id (counted as ``duplicate_rows``), as the loader keeps each as its own table row.

Precision: the sample value is a float64. Every decimal with at most 15 significant digits survives
``Decimal -> float -> shortest repr -> Decimal`` unchanged, and the exposition writes the shortest repr; cost
values in FOCUS files (the sample's have <= 12) are well inside that, so the adapter rebuilds the exact Decimal
from the text of the sample value. Values with more significant digits are rounded to the nearest float;
``snapshot.inexact_values`` counts them (exported as a poll item) so nobody is surprised.

Generic mode: one family named by ``generic.metric_name``; value from the chosen column; every other column is
a label with a sanitized name (invalid characters -> ``_``, leading digit -> ``label_`` prefix, ``__name__`` ->
``metric_name``, collisions -> ``_2``, ``_3``; ``source`` from data -> ``exported_source``), its text by
`focus.series.value_text`.

The `/metrics` fast path (`render`) writes exactly what prometheus_client's encoders write for `collect()`
(tested byte for byte), but from label text escaped once per poll, which is what makes 100k rows render in well
under a second.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector
from prometheus_client.utils import floatToGoString

from focus.columns import LATEST_VERSION, Category, is_focus_column, snake_case
from focus.columns import column as focus_column
from focus.formats import storable_text
from focus.identity import RowIds, RowwiseIdentity, canonical_json
from focus.series import (
    METRIC_COLUMNS,
    ROW_ID_LABEL,
    VERSION_LABEL,
    custom_label_name,
    family_name,
    is_exact,
    label_text,
    sample_value,
    value_text,
)

LABEL_COLUMNS: tuple[str, ...] = (
    "BillingAccountId", "BillingCurrency", "BillingPeriodStart", "ChargeCategory", "ChargeClass",
    "ChargePeriodEnd", "ChargePeriodStart", "CommitmentDiscountId", "ConsumedUnit", "PricingCategory",
    "PricingUnit", "ProviderName", "RegionId", "ResourceId", "ServiceCategory", "ServiceName",
    "ServiceProviderName", "SkuId", "SkuPriceId", "SubAccountId", "Tags",
)  # fmt: skip
#: the metric columns the compact layout exposes unless `metrics:` says otherwise
DEFAULT_METRICS: tuple[str, ...] = ("billed_cost", "effective_cost")

_HELP = {
    "billed_cost": "FOCUS BilledCost of the row, in the row's billing_currency (what is invoiced).",
    "effective_cost": "FOCUS EffectiveCost of the row, in billing_currency (amortized, after discounts).",
    "list_cost": "FOCUS ListCost of the row, in billing_currency (at public list prices).",
    "contracted_cost": "FOCUS ContractedCost of the row, in billing_currency (at negotiated prices).",
    "consumed_quantity": "FOCUS ConsumedQuantity of the row, in consumed_unit.",
    "pricing_quantity": "FOCUS PricingQuantity of the row, in pricing_unit.",
}
_INVALID_LABEL_CHARS = re.compile(r"[^a-zA-Z0-9_]")


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


@lru_cache(maxsize=1 << 16)  # label values repeat from row to row (providers, regions, services)
def escape_label_value(value: str) -> str:
    return value.replace("\\", r"\\").replace("\n", r"\n").replace('"', r"\"")


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
    """Which families and labels a cost source exposes (from its config).

    `complete=False` (compact): the families of `metrics` and the fixed `LABEL_COLUMNS` plus `extra_labels`;
    `complete=True` (``columns: all``): a family per FOCUS metric column and every dimension and custom column
    of the data as labels (`metrics` and `extra_labels` are then ignored).
    """

    metrics: tuple[str, ...] = DEFAULT_METRICS
    extra_labels: tuple[str, ...] = ()
    tag_labels: tuple[str, ...] = ()
    complete: bool = False

    @property
    def family_metrics(self) -> tuple[str, ...]:
        return tuple(METRIC_COLUMNS) if self.complete else self.metrics

    def families(self) -> tuple[Family, ...]:
        return tuple(Family(family_name(m), _help(m)) for m in self.family_metrics)


def _help(metric: str) -> str:
    known = _HELP.get(metric)
    if known is not None:
        return known
    column = focus_column(METRIC_COLUMNS[metric])
    unit = "in billing_currency" if "cost" in metric or "price" in metric else "see the row's unit labels"
    if metric.startswith("pricing_currency_"):
        unit = "in pricing_currency"
    return f"FOCUS {column.name} of the row ({unit})."


#: prometheus_client's float formatting (shortest repr, Go-style exponents), typed
_go_float: Callable[[float], str] = floatToGoString


def _series(labels: dict[str, str], values: Sequence[float | None]) -> Series:
    items = tuple(sorted(labels.items()))
    text = ",".join(f'{k}="{escape_label_value(v)}"' for k, v in items)
    tails = tuple(None if v is None else (_go_float(v) + "\n").encode() for v in values)
    return Series(items, ("{" + text + "} ").encode(), tuple(values), tails)


class _Labeller:
    """Row -> label dict for one layout; column -> label name decisions are made once per column name."""

    def __init__(self, source: str, layout: CostLayout) -> None:
        self.source = source
        self.layout = layout
        reserved = {"source", ROW_ID_LABEL, VERSION_LABEL, *(snake_case(c) for c in LABEL_COLUMNS)}
        extra = [(c, snake_case(c) if is_focus_column(c) else custom_label_name(c)) for c in layout.extra_labels]
        self.extra = [(c, n) for c, n in extra if n is not None and n not in reserved]
        reserved |= {n for _, n in self.extra}
        tag_names = unique_label_names(["tag_" + k for k in layout.tag_labels], reserved)
        self.tags = list(zip(tag_names, layout.tag_labels, strict=True))
        self.fixed = [(c, snake_case(c)) for c in LABEL_COLUMNS]
        self._names: dict[str, str | None] = {}
        self.dropped: set[str] = set()

    def name(self, column: str) -> str | None:
        """`columns: all`: the label of a column, None for metric columns and names that cannot travel."""
        try:
            return self._names[column]
        except KeyError:
            pass
        if is_focus_column(column):
            spec = focus_column(column)
            name = None if spec.category is Category.METRIC else spec.sql_name
        else:
            name = custom_label_name(column)
            if name is None:
                self.dropped.add(column)
        self._names[column] = name
        return name

    def labels(self, row: Mapping[str, Any], rid: str, version: str) -> dict[str, str]:
        labels = {"source": self.source, ROW_ID_LABEL: rid, VERSION_LABEL: version}
        if self.layout.complete:
            for column, value in row.items():
                if value is None:
                    continue
                name = self.name(column)
                if name is not None and name not in labels:
                    text = label_text(column, value)
                    if text is not None:
                        labels[name] = text
        else:
            for column, name in (*self.fixed, *self.extra):
                text = label_text(column, row.get(column))
                if text is not None:
                    labels[name] = text
        tags = row.get("Tags")
        if isinstance(tags, dict):
            for name, key in self.tags:
                if key in tags:
                    value = tags[key]
                    text = value if isinstance(value, str) else canonical_json(value)
                    if text:
                        labels[name] = text
        return labels


def build_cost_snapshot(
    source: str,
    rows: Iterable[Mapping[str, Any]],
    layout: CostLayout,
    counts: Mapping[str, float] | None = None,
    *,
    version: str = LATEST_VERSION,
) -> Snapshot:
    """Typed FOCUS rows (as `focus.reader` yields them), read as FOCUS `version` -> one series per row, in order.

    Ids come from `focus.identity` (`row_id` with `RowIds` occurrence suffixes), exactly as `focus.load` gives
    them, so a row has the same id on both paths; identical rows are not merged.
    """
    columns = [METRIC_COLUMNS[m] for m in layout.family_metrics]
    labeller = _Labeller(source, layout)
    ids = RowIds()
    identity = RowwiseIdentity()
    series: list[Series] = []
    n_rows = skipped = inexact = 0
    for row in rows:
        n_rows += 1
        rid = ids.number(identity.row_id(row))  # numbered before skipping: the loader numbers every row of the file
        if row.get("ChargePeriodStart") is None or not row.get("BillingCurrency"):
            skipped += 1  # a row without its period or currency cannot be placed or valued
            continue
        floats: list[float | None] = []
        for column in columns:
            d = _decimal(row.get(column))
            if d is None:
                floats.append(None)
                continue
            if not is_exact(d):
                inexact += 1
            floats.append(sample_value(d))
        series.append(_series(labeller.labels(row, rid, version), floats))
    all_counts = {
        "rows": float(n_rows),
        "series": float(len(series)),
        "rows_skipped": float(skipped),
        "duplicate_rows": float(ids.duplicates),
        "inexact_values": float(inexact),
    }
    if layout.complete:
        all_counts["columns_dropped"] = float(len(labeller.dropped))
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
            text = value_text(cell)
            if text is not None:
                labels[name] = text
        if not all(map(storable_text, labels.values())):
            errors += 1  # a NUL or a lone surrogate: no label may carry it (the adapter refuses it too)
            continue
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


class FocusCostCollector(Collector):
    """Builds fresh gauge families from the current snapshots on every `collect()`; no I/O.

    `snapshots` returns the current snapshot of every source; families with the same name from several
    sources are merged into one family (one HELP/TYPE), as the exposition formats require.
    """

    def __init__(self, families: Sequence[Family], snapshots: Callable[[], Iterable[Snapshot]]) -> None:
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
