"""The FOCUS use-case library as commands: commitments, month over month, budgets and unit economics.

Each runs one SQL function of migration 0011; Grafana panels call the same functions.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

import click
from psycopg import sql

from finops.errors import BadInputError, ConfigError
from reports.context import common_options, context_from, dict_rows, run_report, window, window_options


@click.command("commitments")
@click.option("--view", "view", type=click.Choice(["utilization", "coverage", "savings-rate", "unused"]),
              default="utilization", show_default=True, help="Which commitment use case to show.")
@window_options
@common_options
def commitments_command(view: str, start: str | None, end: str | None, **common: Any) -> None:
    """Commitment discounts: utilization, coverage, effective savings rate, unused commitments and reservations."""
    function = {"utilization": "commitment_utilization", "coverage": "commitment_coverage",
                "savings-rate": "effective_savings_rate", "unused": "unused_commitments"}[view]

    def body() -> None:
        ctx = context_from(**common)
        since, until = window(start, end)
        with ctx.connect() as conn, conn.cursor() as cur:
            cur.execute(sql.SQL("SELECT * FROM {}(%s, %s)").format(sql.Identifier("finops", function)),
                        (since, until))
            columns, rows = dict_rows(cur)
        ctx.emit(columns, rows)

    run_report("commitments", body)


@click.command("trend")
@click.option("--by", "dimension", default="ServiceName", show_default=True,
              help="ServiceName, RegionId, SubAccountId, any FOCUS column or tag:<key>.")
@window_options
@common_options
def trend_command(dimension: str, start: str | None, end: str | None, **common: Any) -> None:
    """Month over month: EffectiveCost per calendar month and value of a dimension, with the change."""

    def body() -> None:
        ctx = context_from(**common)
        since, until = window(start, end, default_days=92)
        with ctx.connect() as conn, conn.cursor() as cur:
            cur.execute("SELECT * FROM finops.cost_trend(%s, %s, %s)", (dimension, since, until))
            columns, rows = dict_rows(cur)
        ctx.emit(columns, rows)

    run_report("trend", body)


def parse_budgets(raw: Any, source: str = "budgets") -> list[dict[str, Any]]:
    """The `budgets:` YAML list, checked whole: every problem reported at once.

    Each item: name, amount (a decimal), currency (ISO 4217), optionally `by` (a dimension, e.g. tag:team or
    SubAccountId) with `value`.
    """
    problems: list[str] = []
    if not isinstance(raw, list) or not raw:
        raise ConfigError(["'budgets' must be a non-empty list of {name, amount, currency[, by, value]}"], source)
    out: list[dict[str, Any]] = []
    names: set[str] = set()
    for i, item in enumerate(raw):
        where = f"budgets[{i}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: must be a mapping")
            continue
        unknown = set(item) - {"name", "amount", "currency", "by", "value"}
        if unknown:
            problems.append(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
        name = str(item.get("name") or "")
        if not name:
            problems.append(f"{where}: name is required")
        elif name in names:
            problems.append(f"{where}: budget {name!r} is defined twice")
        names.add(name)
        try:
            amount = Decimal(str(item.get("amount")))
            if not amount.is_finite() or amount < 0:
                raise InvalidOperation
        except InvalidOperation:
            problems.append(f"{where}: amount {item.get('amount')!r} is not a non-negative decimal")
            amount = Decimal(0)
        currency = str(item.get("currency") or "")
        if len(currency) != 3 or not currency.isalpha() or not currency.isupper():
            problems.append(f"{where}: currency {currency!r} is not an ISO 4217 code such as USD")
        if ("by" in item) != ("value" in item):
            problems.append(f"{where}: 'by' and 'value' go together")
        out.append({"name": name, "amount": str(amount), "currency": currency,
                    "dimension": item.get("by"), "value": None if item.get("value") is None else str(item["value"])})
    if problems:
        raise ConfigError(problems, source)
    return out


@click.command("budgets")
@window_options
@common_options
def budgets_command(start: str | None, end: str | None, **common: Any) -> None:
    """Budget vs actual per month for the `budgets:` of the YAML file (EffectiveCost, allocations applied).

    A budget's scope with costs in another currency than the budget's is refused: costs are never converted.
    """

    def body() -> None:
        ctx = context_from(**common)
        budgets = parse_budgets(ctx.section("budgets"), ctx.source)
        since, until = window(start, end)
        with ctx.connect() as conn, conn.cursor() as cur:
            cur.execute("SELECT * FROM finops.budget_vs_actual(%s::jsonb, %s, %s)",
                        (json.dumps(budgets), since, until))
            columns, rows = dict_rows(cur)
        mixed = [r for r in rows if r["other_currencies"]]
        if mixed:
            raise BadInputError("; ".join(
                f"budget {r['budget']!r} is in {r['billing_currency']} but its scope has "
                f"{r['other_currency_cost']} in {', '.join(r['other_currencies'])} in {r['month']:%Y-%m}"
                " (costs are never converted: split the budget per currency)" for r in mixed))
        ctx.emit([c for c in columns if c not in ("other_currencies", "other_currency_cost")], rows)

    run_report("budgets", body)


@click.command("unit-cost")
@click.option("--metric", default=None, help="Business metric stored from Prometheus [YAML unit_cost.metric].")
@click.option("--kind", type=click.Choice(["counter", "gauge"]), default=None,
              help="counter: the day's increase; gauge: the day's average [YAML unit_cost.kind; default counter].")
@click.option("--match", "matchers", multiple=True, help="label=value the metric's series must have (repeatable).")
@click.option("--by", "dimension", default=None, help="Only the cost of this dimension value (with --value).")
@click.option("--value", "dimension_value", default=None, help="The dimension value, e.g. payments.")
@window_options
@common_options
def unit_cost_command(metric: str | None, kind: str | None, matchers: tuple[str, ...], dimension: str | None,
                      dimension_value: str | None, start: str | None, end: str | None, **common: Any) -> None:
    """Unit economics: daily EffectiveCost divided by a business metric (e.g. requests served)."""

    def body() -> None:
        ctx = context_from(**common)
        section = ctx.section("unit_cost") or {}
        if not isinstance(section, dict):
            raise ConfigError(["'unit_cost' must be a mapping"], ctx.source)
        name = metric or section.get("metric")
        if not name:
            raise ConfigError(["--metric (or unit_cost.metric) is required"], ctx.source)
        labels: dict[str, str] = {str(k): str(v) for k, v in (section.get("match") or {}).items()}
        for m in matchers:
            if "=" not in m:
                raise BadInputError(f"--match {m!r} is not label=value")
            k, v = m.split("=", 1)
            labels[k] = v
        dim = dimension or section.get("by")
        val = dimension_value if dimension_value is not None else section.get("value")
        if (dim is None) != (val is None):
            raise BadInputError("--by and --value go together")
        since, until = window(start, end)
        with ctx.connect() as conn, conn.cursor() as cur:
            cur.execute("SELECT * FROM finops.unit_cost(%s, %s, %s, %s::jsonb, %s, %s, %s)",
                        (name, since, until, json.dumps(labels), kind or section.get("kind") or "counter", dim,
                         None if val is None else str(val)))
            columns, rows = dict_rows(cur)
        ctx.emit(columns, rows)

    run_report("unit-cost", body)


__all__ = ["budgets_command", "commitments_command", "parse_budgets", "trend_command", "unit_cost_command"]
