"""The FOCUS use-case library as commands: commitments, month over month, budgets and unit economics.

Each runs one SQL function of migration 0011; Grafana panels call the same functions.
"""

from __future__ import annotations

import json
from typing import Any

import click
from psycopg import sql

from finops.errors import BadInputError, ConfigError
from reports.budgets import parse_budgets
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


@click.command("budgets")
@window_options
@common_options
def budgets_command(start: str | None, end: str | None, **common: Any) -> None:
    """Budget vs actual per month for the `budgets:` of the YAML file (EffectiveCost, allocations applied).

    A budget's scope with costs in another currency than the budget's is refused: costs are never converted. A
    budget this report cannot scope (several dimensions, the forecast's `provider` label) is listed with the
    reason in `note`.
    """

    def body() -> None:
        ctx = context_from(**common)
        budgets, problems = parse_budgets(ctx.section("budgets"), "budgets")
        if not budgets and not problems:
            problems = ["'budgets' must be a non-empty list of {name, amount, currency[, match]}"]
        if problems:
            raise ConfigError(problems, ctx.source)
        scoped: list[dict[str, Any]] = []
        skipped: list[dict[str, Any]] = []
        for b in budgets:
            scope = b.report_scope()
            if isinstance(scope, str):
                skipped.append({"budget": b.name, "billing_currency": b.currency, "budget_amount": b.amount,
                                "note": f"not evaluated: {scope}"})
            else:
                scoped.append({"name": b.name, "amount": str(b.amount), "currency": b.currency,
                               "dimension": scope[0], "value": scope[1]})
        since, until = window(start, end)
        with ctx.connect() as conn, conn.cursor() as cur:
            cur.execute("SELECT * FROM finops.budget_vs_actual(%s::jsonb, %s, %s)",
                        (json.dumps(scoped), since, until))
            columns, rows = dict_rows(cur)
        mixed = [r for r in rows if r["other_currencies"]]
        if mixed:
            raise BadInputError("; ".join(
                f"budget {r['budget']!r} is in {r['billing_currency']} but its scope has "
                f"{r['other_currency_cost']} in {', '.join(r['other_currencies'])} in {r['month']:%Y-%m}"
                " (costs are never converted: split the budget per currency)" for r in mixed))
        shown = [c for c in columns if c not in ("other_currencies", "other_currency_cost")]
        ctx.emit([*shown, "note"], rows + skipped)

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


__all__ = ["budgets_command", "commitments_command", "trend_command", "unit_cost_command"]
