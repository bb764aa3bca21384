"""`finops report forecast`: forecast every cost and usage series, print them (table, CSV, JSON), optionally store
them; `--watch 24h` is the periodic job (stores every run).

    finops report forecast --db.url $DSN                          # a table, nothing stored
    finops report forecast --store --format json                  # store the issue, score earlier ones
    finops report forecast --daily --format csv > forecasts.csv   # every forecast day with its bounds
    finops report forecast --config.file forecast.yml --watch 24h # the periodic job

Exit status: 0 done, 1 database unavailable or another failure, 2 invalid configuration.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import math
import signal
import sys
import threading
from collections.abc import Sequence
from datetime import date
from typing import Any, NoReturn

import click

from finops.cli import setting_options
from finops.errors import ConfigError, FinopsError
from reports.forecast.budget import BudgetStatus
from reports.forecast.config import SETTINGS, ForecastConfig, load_config
from reports.forecast.job import RunResult, SeriesResult, run_once, watch

log = logging.getLogger(__name__)

EXIT_FAILED = 1
EXIT_CONFIG = 2

SUMMARY_COLUMNS = (
    "series_key", "kind", "labels", "unit", "history_from", "history_to", "history_days", "missing_days", "model",
    "next_7_days", "month", "month_actual", "month_projection", "month_lo80", "month_hi80", "month_lo95",
    "month_hi95", "backtest_mase", "reason", "notes",
)  # fmt: skip
DAILY_COLUMNS = ("series_key", "origin", "target", "yhat", "lo80", "hi80", "lo95", "hi95", "model")
BUDGET_COLUMNS = ("budget", "currency", "amount", "month", "series", "actual", "projected", "breach", "note")


def _fail(exc: Exception, code: int) -> NoReturn:
    click.echo(f"finops report forecast: {exc}", err=True)
    sys.exit(code)


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), digits)


def summary_row(r: SeriesResult) -> dict[str, Any]:
    s, fc, month = r.series, r.forecast, r.month
    return {
        "series_key": s.key,
        "kind": s.kind,
        "labels": dict(s.labels),
        "unit": s.unit,
        "history_from": s.start.isoformat(),
        "history_to": s.end.isoformat(),
        "history_days": s.observed,
        "missing_days": s.missing,
        "model": fc.model if fc else None,
        "next_7_days": _round(float(fc.yhat[: min(7, r.horizon)].sum())) if fc else None,
        "month": month.start.isoformat()[:7] if month else None,
        "month_actual": _round(month.actual) if month else None,
        "month_projection": _round(month.yhat) if month else None,
        "month_lo80": _round(month.lo80) if month else None,
        "month_hi80": _round(month.hi80) if month else None,
        "month_lo95": _round(month.lo95) if month else None,
        "month_hi95": _round(month.hi95) if month else None,
        "backtest_mase": _round(fc.backtest_mase, 3) if fc else None,
        "reason": r.reason,
        "notes": "; ".join(s.notes) or None,
    }


def daily_rows(r: SeriesResult) -> list[dict[str, Any]]:
    fc = r.forecast
    if fc is None:
        return []
    return [
        {"series_key": r.series.key, "origin": r.origin.isoformat(), "target": t.isoformat(),
         "yhat": _round(fc.yhat[i]), "lo80": _round(fc.lo80[i]), "hi80": _round(fc.hi80[i]),
         "lo95": _round(fc.lo95[i]), "hi95": _round(fc.hi95[i]), "model": fc.model}
        for i, t in enumerate(r.targets())
    ]  # fmt: skip


def budget_row(b: BudgetStatus) -> dict[str, Any]:
    return {
        "budget": b.budget.name,
        "currency": b.budget.currency,
        "amount": b.budget.amount,
        "month": b.month_start.isoformat()[:7],
        "series": b.series,
        "actual": _round(b.actual),
        "projected": _round(b.projected),
        "breach": b.breach.isoformat() if b.breach else None,
        "note": None,
    }


def skipped_row(name: str, reason: str) -> dict[str, Any]:
    """A budget of the file the forecast cannot scope (a tag, say): listed with the reason, never dropped."""
    return {c: None for c in BUDGET_COLUMNS} | {"budget": name, "note": f"not forecast: {reason}"}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, dict):
        return "/".join("-" if v is None else str(v) for v in value.values())
    return str(value)


def render_table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    cells = [[_text(row[c]) for c in columns] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)


def render_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([json.dumps(row[c], sort_keys=True) if isinstance(row[c], dict) else
                         ("" if row[c] is None else row[c]) for c in columns])  # fmt: skip
    return out.getvalue()


def render(run: RunResult, fmt: str, daily: bool, skipped: Sequence[tuple[str, str]] = ()) -> str:
    if daily:
        rows = [row for r in run.results for row in daily_rows(r)]
        columns: Sequence[str] = DAILY_COLUMNS
    else:
        rows, columns = [summary_row(r) for r in run.results], SUMMARY_COLUMNS
    budgets = [budget_row(b) for b in run.budgets] + [skipped_row(name, why) for name, why in skipped]
    if fmt == "json":
        return json.dumps({"issued_at": run.issued_at.isoformat(), "as_of": run.as_of.isoformat(),
                           "horizon_days": run.horizon, "series" if not daily else "forecasts": rows,
                           "budgets": budgets}, indent=2)  # fmt: skip
    if fmt == "csv":
        return render_csv(rows, columns).rstrip("\n")
    table_columns = columns if daily else [c for c in columns if c not in ("series_key", "unit", "month_lo95",
                                                                           "month_hi95", "notes")]  # fmt: skip
    text = render_table(rows, table_columns)
    if budgets:
        text += "\n\nbudgets:\n" + render_table(budgets, BUDGET_COLUMNS)
    return text


@click.command("forecast")
@click.option("--as-of", "as_of", default=None, help="First day not read, YYYY-MM-DD (default: today, UTC).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--daily", is_flag=True, help="One row per series and forecast day instead of one per series.")
@click.option("--store", is_flag=True, help="Store the forecasts and score the stored ones of earlier runs.")
@click.option("--watch", "watch_interval", default=None,
              help="Run every interval (e.g. 24h), storing each run, until stopped (the periodic job).")
@setting_options(SETTINGS, config_file_help="YAML file (forecast settings, budgets)")
def command(config_file: str | None, as_of: str | None, fmt: str, daily: bool, store: bool,
            watch_interval: str | None, **flags: Any) -> None:  # fmt: skip
    """Forecast daily effective cost per provider, sub account, service category, region and currency (FOCUS
    table) and daily usage per resource (samples): seasonal naive or Holt-Winters, chosen per series by a
    rolling-origin backtest, with 80 % and 95 % intervals and the month-end projection."""
    if watch_interval is not None:
        flags["forecast_watch"] = watch_interval
    try:
        config, _ = load_config(config_file, flags=flags)
        day = date.fromisoformat(as_of) if as_of else None
    except ConfigError as exc:
        _fail(exc, EXIT_CONFIG)
    except ValueError as exc:
        _fail(ConfigError([f"--as-of: {exc}"]), EXIT_CONFIG)
    if config.watch is not None:
        _watch(config)
        return
    try:
        run = run_once(config, as_of=day, store=store)
    except FinopsError as exc:
        _fail(exc, EXIT_FAILED)
    click.echo(render(run, fmt, daily, config.skipped_budgets))


def _watch(config: ForecastConfig) -> None:
    assert config.watch is not None
    stop = threading.Event()

    def on_signal(_signum: int, _frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    log.info("forecast job: a run every %.0fs, stored", config.watch)
    watch(config, config.watch, stop=stop)
    log.info("forecast job stopped")
