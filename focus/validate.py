"""Validate a FOCUS file: per-cell format rules from the reader plus cross-column rules, summarised per rule.

The report keeps counts and the first examples of each (rule, column), so a million bad rows cost no more
memory than ten. The cross-column rules are data (`ROW_RULES`, `DATASET_RULES`), each naming the FOCUS
requirement it implements, so a test can compare them rule by rule with the FOCUS Requirements Model that the
official validator ships (tests/focus_db/test_focus_validator.py); this module does not depend on it.
"""

from __future__ import annotations

import functools
import itertools
import logging
import operator
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from focus.columns import SUBCATEGORY_TO_CATEGORY, detect_version, version_at_least
from focus.formats import CURRENCY_CODES, RULES, Rule, Severity
from focus.reader import Batch, Mode, ProblemLog, Violation, read_focus

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RuleResult:
    """How often one rule broke in one column (None = row- or file-level), with the first examples."""

    rule: Rule
    column: str | None
    count: int
    examples: tuple[Violation, ...]
    normalized: bool  # fixed by the lenient reader; counted, not a violation

    @property
    def is_violation(self) -> bool:
        return not self.normalized and self.rule.severity is Severity.ERROR


@dataclass(frozen=True, slots=True)
class Report:
    """Outcome of validating one file."""

    path: str
    version: str
    mode: Mode
    rows: int
    columns: tuple[str, ...]
    results: tuple[RuleResult, ...]

    @property
    def violations(self) -> list[RuleResult]:
        return [r for r in self.results if r.is_violation]

    @property
    def warnings(self) -> list[RuleResult]:
        return [r for r in self.results if not r.normalized and r.rule.severity is Severity.WARNING]

    @property
    def normalizations(self) -> list[RuleResult]:
        return [r for r in self.results if r.normalized]

    @property
    def ok(self) -> bool:
        return not self.violations

    def count(self, rule: str, column: str | None = None) -> int:
        """Occurrences of `rule` (in `column` when given)."""
        return sum(r.count for r in self.results if r.rule.id == rule and (column is None or r.column == column))

    def format(self, max_examples: int = 3) -> str:
        """Readable multi-line summary for the CLI."""
        lines = [
            f"{self.path}: FOCUS {self.version}, {self.rows} rows, {len(self.columns)} columns, {self.mode} mode",
        ]
        sections: list[tuple[str, list[RuleResult]]] = [
            ("violations", self.violations),
            ("warnings", self.warnings),
            ("normalized (lenient)", self.normalizations),
        ]
        for title, results in sections:
            if not results:
                continue
            total = sum(r.count for r in results)
            lines.append(f"{title}: {total}")
            for result in results:
                where = f" [{result.column}]" if result.column else ""
                lines.append(f"  {result.rule.id}{where}: {result.count} - {result.rule.description}")
                shown = 0 if result.normalized else max_examples
                for ex in sorted(result.examples, key=lambda v: (v.row or 0, v.line or 0))[:shown]:
                    lines.append(f"      {_where(ex)}{'' if ex.value is None else f' value={ex.value!r}'}")
        lines.append("OK: no violations" if self.ok else f"FAILED: {sum(r.count for r in self.violations)} violations")
        return "\n".join(lines)


def _where(ex: Violation) -> str:
    if ex.row is not None:
        return f"row {ex.row}"
    if ex.line is not None:
        return f"line {ex.line}"
    return "file"


def validate(
    path: str | Path, version: str | None = None, mode: Mode = "strict", *, max_examples: int = 10
) -> Report:
    """Read the whole file (streaming) and check every rule; raises FocusFileError for unreadable files."""
    reader = read_focus(path, mode=mode, version=version, max_examples=max_examples)
    problems = reader.problems
    checks = RowChecks(reader.version, reader.header)
    for batch in reader.batches():
        checks.check(batch, problems)
    checks.finish(problems)
    results = []
    for (rule_id, column), count in sorted(problems.counts.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        rule = RULES[rule_id]
        results.append(
            RuleResult(
                rule=rule,
                column=column,
                count=count,
                examples=tuple(problems.examples.get((rule_id, column), ())),
                normalized=mode == "lenient" and rule.fixable,
            )
        )
    report = Report(str(path), reader.version, mode, reader.rows_read, reader.header, tuple(results))
    log.info(
        "validated %s: FOCUS %s, %d rows, %d violations",
        path,
        report.version,
        report.rows,
        sum(r.count for r in report.violations),
    )
    return report


# --- the rule language: checks evaluated column-wise over a batch -----------------------------------------------

#: A check's outcome over a batch: one byte per row (1 where it holds) packed into one int, so AND, OR and NOT
#: over a whole batch are single big-integer operations in C rather than a Python step per row.
Outcome = int


class Check:
    """A condition on one row. Checks are frozen and hashable, so a batch evaluates each distinct one once."""

    __slots__ = ()

    def columns(self) -> frozenset[str]:
        raise NotImplementedError

    def evaluate(self, ev: _Evaluation) -> Outcome:
        raise NotImplementedError


class _Evaluation:
    """One batch and the outcomes already computed for it."""

    __slots__ = ("all", "batch", "cache")

    def __init__(self, batch: Batch) -> None:
        self.batch = batch
        self.all: Outcome = int.from_bytes(b"\x01" * batch.num_rows)  # holds on every row
        self.cache: dict[Check, Outcome] = {}

    def values(self, column: str) -> list[Any]:
        return self.batch.columns[column]

    def outcome(self, check: Check) -> Outcome:
        hit = self.cache.get(check)
        if hit is None:
            hit = self.cache[check] = check.evaluate(self)
        return hit

    def pack(self, flags: Iterable[bool]) -> Outcome:
        """Per-row truth values (bools, or anything bytes() takes as 0/1) as an outcome."""
        return int.from_bytes(bytes(flags))

    def rows(self, outcome: Outcome) -> Sequence[int]:
        """Indices (0-based, in the batch) of the rows where `outcome` holds."""
        n = self.batch.num_rows
        if outcome == self.all:
            return range(n)
        return list(itertools.compress(range(n), outcome.to_bytes(n)))

    def negate(self, outcome: Outcome) -> Outcome:
        return outcome ^ self.all


# Per-row work goes through map() over operator functions where it can: C loops, no Python step per row.


@dataclass(frozen=True, slots=True)
class _ColumnCheck(Check):
    """A check on one column of the row."""

    column: str

    def columns(self) -> frozenset[str]:
        return frozenset((self.column,))


@dataclass(frozen=True, slots=True)
class IsNull(_ColumnCheck):
    def evaluate(self, ev: _Evaluation) -> Outcome:
        # identity, not list.count(None): that would call Decimal.__eq__ on every amount
        return ev.pack(map(operator.is_, ev.values(self.column), itertools.repeat(None)))


@dataclass(frozen=True, slots=True)
class NotNull(_ColumnCheck):
    def evaluate(self, ev: _Evaluation) -> Outcome:
        return ev.negate(ev.outcome(IsNull(self.column)))


@dataclass(frozen=True, slots=True)
class Equals(_ColumnCheck):
    """The column holds `value` (a null holds no value)."""

    value: str | Decimal

    def evaluate(self, ev: _Evaluation) -> Outcome:
        return ev.pack(map(operator.eq, ev.values(self.column), itertools.repeat(self.value)))


@dataclass(frozen=True, slots=True)
class NotEquals(_ColumnCheck):
    """The column does not hold `value`; a null does not ("ChargeClass is not "Correction"" holds for null)."""

    value: str | Decimal

    def evaluate(self, ev: _Evaluation) -> Outcome:
        return ev.negate(ev.outcome(Equals(self.column, self.value)))


@dataclass(frozen=True, slots=True)
class AtLeast(_ColumnCheck):
    """The column is null or at least `bound`."""

    bound: Decimal

    def evaluate(self, ev: _Evaluation) -> Outcome:
        values = ev.values(self.column)
        present = [v for v in values if v is not None]
        if not present or min(present) >= self.bound:
            return ev.all
        bound = self.bound
        return ev.pack(v is None or v >= bound for v in values)


_COMPARISONS = {"<": operator.lt, "<=": operator.le, ">=": operator.ge}


@dataclass(frozen=True, slots=True)
class Compare(Check):
    """`left op right` between two columns of the row, holding when either is null."""

    left: str
    op: Literal["<", "<=", ">="]
    right: str

    def columns(self) -> frozenset[str]:
        return frozenset((self.left, self.right))

    def evaluate(self, ev: _Evaluation) -> Outcome:
        compare = _COMPARISONS[self.op]
        left, right = ev.values(self.left), ev.values(self.right)
        either_null = ev.outcome(IsNull(self.left)) | ev.outcome(IsNull(self.right))
        if either_null == 0:  # the usual case: period bounds are never null
            return ev.pack(map(compare, left, right))
        return ev.pack(a is None or b is None or compare(a, b) for a, b in zip(left, right, strict=True))


@dataclass(frozen=True, slots=True)
class ProductMatches(Check):
    """`price` x `quantity` equals `cost` (holding when any is null), within the relative tolerance the official
    validator allows (1e-9 of the cost, at least 1e-9): providers round costs to their precision."""

    price: str
    quantity: str
    cost: str

    def columns(self) -> frozenset[str]:
        return frozenset((self.price, self.quantity, self.cost))

    def evaluate(self, ev: _Evaluation) -> Outcome:
        present = ev.negate(ev.outcome(IsNull(self.price)) | ev.outcome(IsNull(self.quantity))
                            | ev.outcome(IsNull(self.cost)))  # fmt: skip
        if not present:
            return ev.all
        mask = present.to_bytes(ev.batch.num_rows)
        prices, quantities, costs = (
            list(itertools.compress(ev.values(name), mask)) for name in (self.price, self.quantity, self.cost)
        )
        # exact products in C first; the tolerance only for the rows that are not exact
        exact = list(map(operator.eq, map(operator.mul, prices, quantities), costs))
        if all(exact):
            return ev.all
        result = bytearray(b"\x01") * ev.batch.num_rows
        rows = list(itertools.compress(range(ev.batch.num_rows), mask))
        for k in itertools.compress(range(len(exact)), map(operator.not_, exact)):
            cost = costs[k]
            if abs(prices[k] * quantities[k] - cost) > _TOLERANCE * max(abs(cost), _ONE):
                result[rows[k]] = 0
        return int.from_bytes(result)


_TOLERANCE = Decimal("1e-9")
_ONE = Decimal(1)


@dataclass(frozen=True, slots=True)
class NationalCurrency(_ColumnCheck):
    """The column is null or an ISO 4217 code (1.2+ allows virtual currencies elsewhere, not here)."""

    def evaluate(self, ev: _Evaluation) -> Outcome:
        return ev.pack(v is None or v in CURRENCY_CODES for v in ev.values(self.column))


@dataclass(frozen=True, slots=True)
class ParentIs(Check):
    """`mapping[child]` is the row's `parent` (holding when either is null or the child is not in `mapping`)."""

    child: str
    parent: str
    mapping: Mapping[str, str] = field(hash=False, compare=False)

    def columns(self) -> frozenset[str]:
        return frozenset((self.child, self.parent))

    def evaluate(self, ev: _Evaluation) -> Outcome:
        mapping = self.mapping
        pairs = list(zip(ev.values(self.child), ev.values(self.parent), strict=True))
        wrong = set()
        for child, parent in dict.fromkeys(pairs):  # a batch has few distinct pairs
            expected = None if child is None else mapping.get(child)
            if not (expected is None or parent is None or expected == parent):
                wrong.add((child, parent))
        if not wrong:
            return ev.all
        return ev.pack(pair not in wrong for pair in pairs)


@dataclass(frozen=True, slots=True)
class _Combination(Check):
    items: tuple[Check, ...]

    def columns(self) -> frozenset[str]:
        return frozenset().union(*(item.columns() for item in self.items))

    def evaluate(self, ev: _Evaluation) -> Outcome:
        every = isinstance(self, AllOf)
        result, settled = (ev.all, 0) if every else (0, ev.all)
        for item in self.items:
            result = result & ev.outcome(item) if every else result | ev.outcome(item)
            if result == settled:
                break
        return result


@dataclass(frozen=True, slots=True)
class AllOf(_Combination):
    """Every item holds."""


@dataclass(frozen=True, slots=True)
class AnyOf(_Combination):
    """At least one item holds."""


@dataclass(frozen=True, slots=True)
class RowRule:
    """A requirement on each row: where `when` holds (every row when None), `require` must hold; a failure counts
    as `rule` (an id in focus.formats.RULES) in `column`. `refs` are the FOCUS Requirements Model ids it
    implements; it applies from FOCUS `since` on, to files that have every column it names."""

    rule: str
    column: str
    require: Check
    when: Check | None = None
    refs: tuple[str, ...] = ()
    since: str = "1.0"

    def __post_init__(self) -> None:
        _known(self.rule)

    def columns(self) -> frozenset[str]:
        names = self.require.columns() | {self.column}
        return names if self.when is None else names | self.when.columns()


@dataclass(frozen=True, slots=True)
class SingleParent:
    """Across the whole file, each non-null `child` value has exactly one non-null `parent` value."""

    rule: str
    child: str
    parent: str
    refs: tuple[str, ...] = ()
    since: str = "1.0"

    def __post_init__(self) -> None:
        _known(self.rule)

    def columns(self) -> frozenset[str]:
        return frozenset((self.child, self.parent))


def _known(rule: str) -> None:
    if rule not in RULES:
        raise ValueError(f"unknown rule id {rule!r}")


# --- the rules --------------------------------------------------------------------------------------------------
# The refs are FOCUS 1.2 Requirements Model ids. Rules derived from the 1.2 model apply from 1.2 on (1.0 and 1.1
# have no machine-readable model; their older rules below keep `since="1.0"`).

CC, CLASS = "ChargeCategory", "ChargeClass"
TAX, USAGE, PURCHASE = Equals(CC, "Tax"), Equals(CC, "Usage"), Equals(CC, "Purchase")
NOT_CORRECTION = NotEquals(CLASS, "Correction")
#: "ChargeCategory is "Usage" or "Purchase" and ChargeClass is not "Correction""
PRICED = AllOf((AnyOf((USAGE, PURCHASE)), NOT_CORRECTION))
CD_ID, CD_STATUS, CD_QUANTITY = "CommitmentDiscountId", "CommitmentDiscountStatus", "CommitmentDiscountQuantity"
CR_ID, CR_STATUS = "CapacityReservationId", "CapacityReservationStatus"


def _null_when(column: str, when: Check, ref: str, since: str = "1.2") -> RowRule:
    return RowRule("must-be-null", column, IsNull(column), when, (ref,), since)


def _value_when(column: str, when: Check, ref: str, since: str = "1.2") -> RowRule:
    return RowRule("must-not-be-null", column, NotNull(column), when, (ref,), since)


def _priced(column: str, null_on_tax: str, value_when_priced: str) -> tuple[RowRule, RowRule]:
    """Null on Tax rows, set on Usage and Purchase rows that are not corrections (prices, quantities, SKUs)."""
    return _null_when(column, TAX, null_on_tax), _value_when(column, PRICED, value_when_priced)


def _follows(column: str, key: str, null_ref: str, value_ref: str) -> tuple[RowRule, RowRule]:
    """Null exactly when `key` is (a name and its id, a unit and its quantity)."""
    return _null_when(column, IsNull(key), null_ref), _value_when(column, NotNull(key), value_ref)


ROW_RULES: tuple[RowRule, ...] = (
    # periods: start inclusive, end exclusive (the DateTimeFormat and period column texts)
    RowRule("period-order", "ChargePeriodStart", Compare("ChargePeriodStart", "<", "ChargePeriodEnd")),
    RowRule("period-order", "BillingPeriodStart", Compare("BillingPeriodStart", "<", "BillingPeriodEnd")),
    RowRule(
        "charge-period-in-billing-period", "ChargePeriodStart",
        AllOf((Compare("ChargePeriodStart", ">=", "BillingPeriodStart"),
               Compare("ChargePeriodEnd", "<=", "BillingPeriodEnd"))),
    ),
    # categories
    RowRule("charge-frequency-purchase", "ChargeFrequency", NotEquals("ChargeFrequency", "Usage-Based"), PURCHASE,
            ("ChargeFrequency-C-004-C",)),
    RowRule("service-subcategory", "ServiceSubcategory",
            ParentIs("ServiceSubcategory", "ServiceCategory", SUBCATEGORY_TO_CATEGORY),
            refs=("ServiceSubcategory-C-004-M",)),
    # commitment discounts
    _null_when(CD_STATUS, IsNull(CD_ID), "CommitmentDiscountStatus-C-003-C", since="1.0"),
    _value_when(CD_STATUS, AllOf((NotNull(CD_ID), USAGE)), "CommitmentDiscountStatus-C-004-C", since="1.0"),
    _null_when("CommitmentDiscountName", IsNull(CD_ID), "CommitmentDiscountName-C-004-C"),
    *_follows("CommitmentDiscountCategory", CD_ID, "CommitmentDiscountCategory-C-003-C",
              "CommitmentDiscountCategory-C-004-C"),
    *_follows("CommitmentDiscountType", CD_ID, "CommitmentDiscountType-C-004-C", "CommitmentDiscountType-C-005-C"),
    _value_when(CD_QUANTITY, AllOf((AnyOf((USAGE, PURCHASE)), NotNull(CD_ID), NOT_CORRECTION)),
                "CommitmentDiscountQuantity-C-005-C"),
    _null_when(CD_QUANTITY, AnyOf((AllOf((NotEquals(CC, "Usage"), NotEquals(CC, "Purchase"))), IsNull(CD_ID))),
               "CommitmentDiscountQuantity-C-007-C"),
    *_follows("CommitmentDiscountUnit", CD_QUANTITY, "CommitmentDiscountUnit-C-005-C",
              "CommitmentDiscountUnit-C-006-C"),
    RowRule("purchase-effective-cost", "EffectiveCost", Equals("EffectiveCost", Decimal(0)),
            AllOf((PURCHASE, NotNull(CD_ID))), ("EffectiveCost-C-005-C",), since="1.2"),
    # capacity reservations
    _value_when(CR_ID, Equals(CR_STATUS, "Unused"), "CapacityReservationId-C-005-C"),
    _null_when(CR_STATUS, IsNull(CR_ID), "CapacityReservationStatus-C-003-C"),
    _value_when(CR_STATUS, AllOf((NotNull(CR_ID), USAGE)), "CapacityReservationStatus-C-004-C"),
    # prices, quantities and SKUs: null on Tax rows, set on priced rows
    _null_when("PricingCategory", TAX, "PricingCategory-C-003-C", since="1.0"),
    _value_when("PricingCategory", PRICED, "PricingCategory-C-004-C"),
    *_priced("ListUnitPrice", "ListUnitPrice-C-004-C", "ListUnitPrice-C-005-C"),
    *_priced("ContractedUnitPrice", "ContractedUnitPrice-C-005-C", "ContractedUnitPrice-C-006-C"),
    *_priced("PricingCurrencyListUnitPrice", "PricingCurrencyListUnitPrice-C-004-C",
             "PricingCurrencyListUnitPrice-C-005-C"),
    *_priced("PricingQuantity", "PricingQuantity-C-004-C", "PricingQuantity-C-005-C"),
    *_follows("PricingUnit", "PricingQuantity", "PricingUnit-C-005-C", "PricingUnit-C-006-C"),
    *_priced("SkuId", "SkuId-C-004-C", "SkuId-C-005-C"),
    *_priced("SkuPriceId", "SkuPriceId-C-004-C", "SkuPriceId-C-005-C"),
    _null_when("SkuMeter", IsNull("SkuId"), "SkuMeter-C-004-C"),
    RowRule("should-not-be-null", "SkuMeter", NotNull("SkuMeter"), NotNull("SkuId"), ("SkuMeter-C-005-C",), "1.2"),
    _null_when("SkuPriceDetails", IsNull("SkuPriceId"), "SkuPriceDetails-C-004-C"),
    # usage
    _null_when("ConsumedQuantity", AnyOf((NotEquals(CC, "Usage"), AllOf((USAGE, Equals(CD_STATUS, "Unused"))))),
               "ConsumedQuantity-C-004-C"),
    _value_when("ConsumedQuantity", AllOf((USAGE, NotEquals(CD_STATUS, "Unused"), NOT_CORRECTION)),
                "ConsumedQuantity-C-006-C"),
    *_follows("ConsumedUnit", "ConsumedQuantity", "ConsumedUnit-C-005-C", "ConsumedUnit-C-006-C"),
    # names and types that go with an id
    *_follows("BillingAccountType", "BillingAccountId", "BillingAccountType-C-004-C", "BillingAccountType-C-005-C"),
    *_follows("SubAccountName", "SubAccountId", "SubAccountName-C-004-C", "SubAccountName-C-005-C"),
    *_follows("SubAccountType", "SubAccountId", "SubAccountType-C-004-C", "SubAccountType-C-005-C"),
    *_follows("RegionName", "RegionId", "RegionName-C-004-C", "RegionName-C-005-C"),
    *_follows("ResourceType", "ResourceId", "ResourceType-C-004-C", "ResourceType-C-005-C"),
    RowRule("should-not-be-null", "ChargeDescription", NotNull("ChargeDescription"),
            refs=("ChargeDescription-C-003-O",), since="1.2"),
    # amounts
    *(RowRule("non-negative", name, AtLeast(name, Decimal(0)), refs=(ref,), since="1.2") for name, ref in (
        ("ListUnitPrice", "ListUnitPrice-C-008-M"),
        ("ContractedUnitPrice", "ContractedUnitPrice-C-009-C"),
        ("PricingCurrencyListUnitPrice", "PricingCurrencyListUnitPrice-C-008-M"),
    )),
    RowRule("unit-price-times-quantity", "ListCost", ProductMatches("ListUnitPrice", "PricingQuantity", "ListCost"),
            NOT_CORRECTION, ("ListUnitPrice-C-010-C", "ListCost-C-009-C"), since="1.2"),
    RowRule("unit-price-times-quantity", "ContractedCost",
            ProductMatches("ContractedUnitPrice", "PricingQuantity", "ContractedCost"),
            NOT_CORRECTION, ("ContractedUnitPrice-C-011-C",), since="1.2"),
    RowRule("national-currency", "BillingCurrency", NationalCurrency("BillingCurrency"),
            refs=("BillingCurrency-C-006-M",), since="1.2"),
)  # fmt: skip

DATASET_RULES: tuple[SingleParent, ...] = (
    SingleParent("single-parent", "SkuPriceId", "SkuId", ("SkuPriceId-C-008-M",), since="1.2"),
    SingleParent("single-parent", "ServiceName", "ServiceCategory", ("ServiceName-C-005-C",), since="1.2"),
    SingleParent("single-parent-recommended", "ServiceName", "ServiceSubcategory", ("ServiceName-C-008-C",),
                 since="1.2"),
)  # fmt: skip


def rules_for(version: str) -> tuple[RowRule | SingleParent, ...]:
    """The cross-column rules of one FOCUS version (before filtering by the columns a file has)."""
    rules: tuple[RowRule | SingleParent, ...] = (*ROW_RULES, *DATASET_RULES)
    return tuple(r for r in rules if version_at_least(version, r.since))


@functools.lru_cache(maxsize=64)
def _row_rules(version: str, present: frozenset[str]) -> tuple[RowRule, ...]:
    return tuple(r for r in ROW_RULES if version_at_least(version, r.since) and r.columns() <= present)


# --- running them -----------------------------------------------------------------------------------------------


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%dT%H:%M:%SZ}"
    return str(value)


def _describe(rule: RowRule, batch: Batch, index: int) -> str:
    """The failing row's values: the rule's column, what the requirement compares it with, then the condition's
    columns; the FOCUS requirement id last (the first thing a short example drops)."""
    required = rule.require.columns() | {rule.column}
    names = [rule.column, *sorted(required - {rule.column}), *sorted(rule.columns() - required)]
    values = ", ".join(f"{name}={_show(batch.columns[name][index])}" for name in names)
    return f"{values} ({rule.refs[0]})" if rule.refs else values


def _check_rule(rule: RowRule, ev: _Evaluation, problems: ProblemLog) -> None:
    when = ev.all if rule.when is None else ev.outcome(rule.when)
    if not when:
        return
    failed = when & ev.negate(ev.outcome(rule.require))
    if not failed:
        return
    batch = ev.batch
    indices = ev.rows(failed)
    head = [batch.first_row + i for i in indices[: problems.max_examples]]
    problems.add(rule.rule, rule.column, head, _describe(rule, batch, indices[0]), count=len(indices))


_UNSEEN = object()


class _ParentTracker:
    """One SingleParent rule over a pass: the first non-null parent of each child value (memory grows with the
    number of distinct child values, not with rows), the children already found with a second parent."""

    def __init__(self, rule: SingleParent) -> None:
        self.rule = rule
        self.parents: dict[Any, Any] = {}
        self.orphans: dict[Any, int] = {}  # child -> first row, while it has had only null parents
        self.conflicts: set[Any] = set()
        self.conflict_rows: list[int] = []
        self.first_conflict: str | None = None

    def feed(self, batch: Batch) -> None:
        rule = self.rule
        children, parents = batch.columns[rule.child], batch.columns[rule.parent]
        known = self.parents
        # each distinct (child, parent) pair of the batch once, in order of first appearance
        for child, parent in dict.fromkeys(zip(children, parents, strict=True)):
            if child is None:
                continue
            seen = known.get(child, _UNSEEN)
            if seen is _UNSEEN:
                known[child] = parent
                if parent is None:
                    self.orphans[child] = batch.first_row + _position(children, parents, child, parent)
            elif seen is None:
                if parent is not None:
                    known[child] = parent
                    self.orphans.pop(child, None)
            elif parent is not None and parent != seen and child not in self.conflicts:
                self.conflicts.add(child)
                self.conflict_rows.append(batch.first_row + _position(children, parents, child, parent))
                if self.first_conflict is None:
                    self.first_conflict = f"{rule.child}={child}: {rule.parent} {seen} and {parent}"

    def finish(self, problems: ProblemLog) -> None:
        rule = self.rule
        suffix = f" ({rule.refs[0]})" if rule.refs else ""
        if self.conflicts:
            problems.add(rule.rule, rule.child, self.conflict_rows[: problems.max_examples],
                         f"{self.first_conflict}{suffix}", count=len(self.conflicts))  # fmt: skip
        if self.orphans:
            child = next(iter(self.orphans))
            rows = list(self.orphans.values())[: problems.max_examples]
            value = f"{rule.child}={child}: {rule.parent} always null{suffix}"
            problems.add(rule.rule, rule.child, rows, value, count=len(self.orphans))


def _position(children: list[Any], parents: list[Any], child: Any, parent: Any) -> int:
    return next(i for i, pair in enumerate(zip(children, parents, strict=True)) if pair == (child, parent))


class RowChecks:
    """The cross-column rules of one FOCUS version over one pass of a file: per-row rules batch by batch, and the
    rules over the whole file (one parent per identifier), reported by `finish`."""

    def __init__(self, version: str, columns: Collection[str]) -> None:
        present = frozenset(columns)
        self.version = version
        self.row_rules = _row_rules(version, present)
        self.trackers = [
            _ParentTracker(r)
            for r in DATASET_RULES
            if version_at_least(version, r.since) and r.columns() <= present
        ]

    def check(self, batch: Batch, problems: ProblemLog) -> None:
        ev = _Evaluation(batch)
        for rule in self.row_rules:
            _check_rule(rule, ev, problems)
        for tracker in self.trackers:
            tracker.feed(batch)

    def finish(self, problems: ProblemLog) -> None:
        for tracker in self.trackers:
            tracker.finish(problems)


def check_rows(batch: Batch, problems: ProblemLog, version: str | None = None) -> None:
    """The per-row cross-column rules over one batch, shared with strict-mode loading (the version defaults to the
    one the batch's columns imply). The whole-file rules need every batch of a pass: `RowChecks`."""
    ev = _Evaluation(batch)
    for rule in _row_rules(version or detect_version(batch.columns), frozenset(batch.columns)):
        _check_rule(rule, ev, problems)


__all__ = [
    "DATASET_RULES",
    "ROW_RULES",
    "Report",
    "RowChecks",
    "RowRule",
    "RuleResult",
    "SingleParent",
    "check_rows",
    "rules_for",
    "validate",
]
