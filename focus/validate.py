"""Validate a FOCUS file: per-cell format rules from the reader plus cross-column rules, summarised per rule.

The report keeps counts and the first examples of each (rule, column), so a million bad rows cost no more
memory than ten.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from focus.columns import SUBCATEGORY_TO_CATEGORY
from focus.formats import RULES, Rule, Severity
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
    for batch in reader.batches():
        check_rows(batch, problems)
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


# --- cross-column rules (1.2 normative text, also true of earlier versions) ------------------------------------


def _rows_where(batch: Batch, names: tuple[str, ...]) -> Iterator[tuple[int, tuple[Any, ...]]] | None:
    if not all(n in batch.columns for n in names):
        return None
    return enumerate(zip(*(batch.columns[n] for n in names), strict=True), start=batch.first_row)


def _collect(problems: ProblemLog, rule: str, column: str | None, hits: list[tuple[int, Any]]) -> None:
    if hits:
        head = hits[: problems.max_examples]
        problems.add(rule, column, [row for row, _ in head], str(head[0][1]), count=len(hits))


def _period_order(batch: Batch, problems: ProblemLog) -> None:
    for start, end in (("ChargePeriodStart", "ChargePeriodEnd"), ("BillingPeriodStart", "BillingPeriodEnd")):
        rows = _rows_where(batch, (start, end))
        if rows is None:
            continue
        hits = [(r, f"{s:%Y-%m-%dT%H:%M:%SZ} >= {e:%Y-%m-%dT%H:%M:%SZ}") for r, (s, e) in rows if s and e and s >= e]
        _collect(problems, "period-order", start, hits)


def _charge_in_billing_period(batch: Batch, problems: ProblemLog) -> None:
    rows = _rows_where(batch, ("ChargePeriodStart", "ChargePeriodEnd", "BillingPeriodStart", "BillingPeriodEnd"))
    if rows is None:
        return
    hits = [
        (r, f"charge {_ts(cs)}..{_ts(ce)} billing {_ts(bs)}..{_ts(be)}")
        for r, (cs, ce, bs, be) in rows
        if cs and ce and bs and be and (cs < bs or ce > be)
    ]
    _collect(problems, "charge-period-in-billing-period", "ChargePeriodStart", hits)


def _ts(value: datetime) -> str:
    return f"{value:%Y-%m-%dT%H:%M:%SZ}"


def _charge_frequency_purchase(batch: Batch, problems: ProblemLog) -> None:
    rows = _rows_where(batch, ("ChargeCategory", "ChargeFrequency"))
    if rows is not None:
        hits = [(r, f) for r, (c, f) in rows if c == "Purchase" and f == "Usage-Based"]
        _collect(problems, "charge-frequency-purchase", "ChargeFrequency", hits)


def _service_subcategory(batch: Batch, problems: ProblemLog) -> None:
    rows = _rows_where(batch, ("ServiceCategory", "ServiceSubcategory"))
    if rows is not None:
        hits = [
            (r, f"{sub} under {cat}")
            for r, (cat, sub) in rows
            if cat and sub and sub in SUBCATEGORY_TO_CATEGORY and SUBCATEGORY_TO_CATEGORY[sub] != cat
        ]
        _collect(problems, "service-subcategory", "ServiceSubcategory", hits)


def _commitment_status(batch: Batch, problems: ProblemLog) -> None:
    rows = _rows_where(batch, ("CommitmentDiscountId", "CommitmentDiscountStatus", "ChargeCategory"))
    if rows is not None:
        hits = [
            (r, f"Id={cid!r} Status={status!r}")
            for r, (cid, status, category) in rows
            if (cid is None and status is not None) or (cid is not None and status is None and category == "Usage")
        ]
        _collect(problems, "commitment-status-null", "CommitmentDiscountStatus", hits)


def _pricing_category_tax(batch: Batch, problems: ProblemLog) -> None:
    rows = _rows_where(batch, ("ChargeCategory", "PricingCategory"))
    if rows is not None:
        hits = [(r, p) for r, (c, p) in rows if c == "Tax" and p is not None]
        _collect(problems, "pricing-category-tax", "PricingCategory", hits)


_CROSS_CHECKS: tuple[Callable[[Batch, ProblemLog], None], ...] = (
    _period_order,
    _charge_in_billing_period,
    _charge_frequency_purchase,
    _service_subcategory,
    _commitment_status,
    _pricing_category_tax,
)

__all__ = ["Report", "RuleResult", "validate"]


def check_rows(batch: Batch, problems: ProblemLog) -> None:
    """The cross-column rules over one batch; shared with strict-mode loading."""
    for check in _CROSS_CHECKS:
        check(batch, problems)
