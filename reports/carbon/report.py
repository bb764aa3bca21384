"""`finops report emissions`: emissions beside cost from the SQL of migration 0010, as a table, CSV or JSON.

    finops report emissions --group-by service                      # the whole bill in the database
    finops report emissions --from 2025-01-01 --to 2025-02-01 --group-by tag:team --format csv
    finops report emissions --view alternatives --limit 20          # the same workload in the other regions
    finops report emissions --view windows --window-hours 3         # lowest-intensity window of each forecast
    finops report emissions --view accuracy                         # how good the stored forecasts were

Without `--from`/`--to` the window is the whole span of the FOCUS table. Emissions are computed in grams (the
SQL's base unit) and shown in kilograms CO2e; CSV and JSON keep full precision. The database URL comes from
`--db.url`, else FINOPS_DB_URL; a password from `--db.password-file`.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import click
import psycopg
from psycopg import sql

from finops.errors import BadInputError, FinopsError, UnavailableError
from focus.load_cli import db_dsn, db_options, parse_when

GROUPS = ("service", "resource", "sub_account", "region", "provider", "kind")

VIEWS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    # view -> (SQL function, [(result column, shown as)])
    "totals": ("carbon_emissions", [
        ("group_key", "group"), ("billing_currency", "currency"), ("billed_cost", "billed_cost"),
        ("effective_cost", "effective_cost"), ("rows", "rows"), ("rows_estimated", "rows_estimated"),
        ("energy_kwh", "energy_kwh"), ("emissions_g", "co2e_kg"), ("emissions_g_low", "co2e_kg_low"),
        ("emissions_g_high", "co2e_kg_high"), ("grams_per_currency_unit", "g_per_currency_unit"),
        ("methods", "methods"),
    ]),
    "rows": ("carbon_row_emissions", [
        ("charge_period_start", "charge_period_start"), ("service_name", "service"), ("resource_id", "resource_id"),
        ("region_id", "region"), ("billed_cost", "billed_cost"), ("billing_currency", "currency"), ("kind", "kind"),
        ("instance_type", "instance_type"), ("hours", "hours"),
        ("hours_utilization_measured", "hours_cpu_measured"), ("energy_kwh", "energy_kwh"),
        ("emissions_g", "co2e_kg"), ("emissions_g_low", "co2e_kg_low"), ("emissions_g_high", "co2e_kg_high"),
        ("intensity_method", "method"),
    ]),
    "alternatives": ("carbon_region_alternatives", [
        ("resource_id", "resource_id"), ("region_id", "region"), ("candidate_region", "candidate_region"),
        ("energy_kwh", "energy_kwh"), ("emissions_g", "co2e_kg"), ("current_emissions_g", "current_co2e_kg"),
        ("difference_g", "difference_kg"),
    ]),
    "windows": ("carbon_lowest_window", [
        ("provider", "provider"), ("region_id", "region"), ("source", "source"), ("zone", "zone"),
        ("window_start", "window_start"), ("window_end", "window_end"), ("window_g_per_kwh", "window_g_per_kwh"),
        ("now_g_per_kwh", "now_g_per_kwh"), ("reduction", "reduction"),
    ]),
    "accuracy": ("carbon_forecast_accuracy", [
        ("source", "source"), ("zone", "zone"), ("signal", "signal"), ("lead_hours", "lead_hours"),
        ("forecasts", "forecasts"), ("mae", "mae_g_per_kwh"), ("mape", "mape"), ("bias", "bias_g_per_kwh"),
    ]),
}
GRAM_COLUMNS = {"emissions_g", "emissions_g_low", "emissions_g_high", "current_emissions_g", "difference_g"}


def _group(text: str) -> str:
    if text in GROUPS or (text.startswith("tag:") and len(text) > 4):
        return text
    raise click.BadParameter(f"{text!r}: use one of {', '.join(GROUPS)} or tag:<key>", param_hint="--group-by")


def fetch(dsn: str, view: str, *, start: datetime | None, end: datetime | None, group_by: str = "service",
          usage_metric: str = "azure_vm_cpu_utilization_percent", default_utilization: float = 0.5,
          window_hours: int = 1, as_of: datetime | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
    """(column titles, rows) of one view; grams become kilograms."""
    function, columns = VIEWS[view]
    try:
        with psycopg.connect(dsn) as conn:
            if start is None or end is None:
                span = conn.execute("SELECT min(charge_period_start), max(coalesce(charge_period_end, "
                                    "charge_period_start)) FROM finops.focus_costs").fetchone()
                start = start or (span[0] if span else None)
                end = end or (span[1] if span else None)
            if view == "windows":
                args: Sequence[Any] = (window_hours, as_of or datetime.now(UTC))
            elif start is None or end is None:
                return [title for _, title in columns], []  # an empty FOCUS table: nothing to report
            elif view == "accuracy":
                args = (start, end)
            elif view == "totals":
                args = (start, end, group_by, usage_metric, default_utilization)
            else:
                args = (start, end, usage_metric, default_utilization)
            query = sql.SQL("SELECT {} FROM finops.{}({})").format(
                sql.SQL(", ").join(sql.Identifier(c) for c, _ in columns), sql.Identifier(function),
                sql.SQL(", ").join(sql.Placeholder() * len(args)))
            rows = conn.execute(query, args).fetchall()
    except psycopg.OperationalError as exc:
        raise UnavailableError(f"cannot reach the database: {exc}") from exc
    except psycopg.errors.UndefinedFunction as exc:
        raise FinopsError("the carbon functions are missing: run `finops db migrate` first") from exc
    except psycopg.errors.InvalidParameterValue as exc:
        raise BadInputError(str(exc.diag.message_primary)) from exc
    scaled = [tuple(v / 1000.0 if c in GRAM_COLUMNS and v is not None else v for (c, _), v in zip(columns, row,
                                                                                                   strict=True))
              for row in rows]
    return [title for _, title in columns], scaled


def _cell(value: Any, fmt: str) -> Any:
    if value is None:
        return "" if fmt != "json" else None
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, Decimal):  # money stays exact, in JSON too (a string); no exponent (0E-11 is 0)
        return format(value.normalize(), "f") if value else "0"
    if isinstance(value, float) and fmt == "table":
        return f"{value:.6g}"  # six significant digits: readable, and small kilograms do not round to 0
    return value


def render(titles: list[str], rows: list[tuple[Any, ...]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([dict(zip(titles, (_cell(v, fmt) for v in row), strict=True)) for row in rows],
                          indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(titles)
        writer.writerows([[_cell(v, fmt) for v in row] for row in rows])
        return out.getvalue()
    cells = [[str(_cell(v, fmt)) for v in row] for row in rows]
    widths = [max([len(t)] + [len(r[i]) for r in cells]) for i, t in enumerate(titles)]
    lines = ["  ".join(t.ljust(w) for t, w in zip(titles, widths, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines) + "\n"


@click.command("emissions")
@click.option("--from", "start", default=None, help="Window start (date or ISO 8601; default: the first charge).")
@click.option("--to", "end", default=None, help="Window end, exclusive (default: the last charge period's end).")
@click.option("--group-by", "group_by", default="service", show_default=True, callback=lambda _c, _p, v: _group(v),
              help=f"{', '.join(GROUPS)} or tag:<key> (the totals view)")
@click.option("--view", type=click.Choice(list(VIEWS)), default="totals", show_default=True,
              help="totals per group, rows, region alternatives, forecast windows or forecast accuracy")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--limit", type=click.IntRange(min=0), default=0, help="Show at most this many rows (0: all).")
@click.option("--usage-metric", default="azure_vm_cpu_utilization_percent", show_default=True,
              help="CPU utilisation metric in percent, labelled resource_id")
@click.option("--default-utilization", type=click.FloatRange(0, 1), default=0.5, show_default=True,
              help="CPU utilisation assumed where the metric has no samples (CCF: 0.5)")
@click.option("--window-hours", type=click.IntRange(1, 72), default=1, show_default=True,
              help="Length of the window the windows view looks for")
@db_options
def emissions(start: str | None, end: str | None, group_by: str, view: str, fmt: str, limit: int, usage_metric: str,
              default_utilization: float, window_hours: int, db_url: str | None, db_password_file: str | None) -> None:
    """Emissions beside cost (gCO2e from CCF energy x hourly grid intensity), per group, row or region."""
    titles, rows = fetch(db_dsn(db_url, db_password_file), view, start=parse_when(start, "--from"),
                         end=parse_when(end, "--to"), group_by=group_by, usage_metric=usage_metric,
                         default_utilization=default_utilization, window_hours=window_hours)
    sys.stdout.write(render(titles, rows[:limit] if limit else rows, fmt))
