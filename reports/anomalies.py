"""`finops report anomalies`: daily cost per service outside its robust band, detected and stored.

The band is the median of the previous `window_days` days ± max(k x 1.4826 x MAD, `min_band_percent` % of the
median) (`finops.daily_cost_bands`, migration 0011); `--save` stores every band in `finops.cost_anomalies`.
Defaults: 28 days (four weekly cycles), k = 3 (about 3 standard deviations for normal data), 7 days of history
before anything is flagged, a band never narrower than 10 % of the median.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import click

from finops.config import Setting, resolve
from reports.context import common_options, context_from, dict_rows, run_report, window, window_options


def _positive_int(value: Any) -> int:
    number = int(str(value))
    if number < 1:
        raise ValueError("must be at least 1")
    return number


def _non_negative_decimal(value: Any) -> Decimal:
    number = Decimal(str(value))
    if not number.is_finite() or number < 0:
        raise ValueError("must be a non-negative number")
    return number


ANOMALY_SETTINGS = [
    Setting("anomalies.window_days", _positive_int, 28, "days of history in the baseline"),
    Setting("anomalies.k", _non_negative_decimal, "3", "band half-width in robust standard deviations"),
    Setting("anomalies.min_history", _positive_int, 7, "days of history before a day can be flagged"),
    Setting("anomalies.min_band_percent", _non_negative_decimal, "10", "narrowest band, % of the median"),
]


@dataclass(frozen=True)
class AnomalyParameters:
    window_days: int
    k: Decimal
    min_history: int
    min_band_percent: Decimal


def anomaly_parameters(flags: dict[str, Any], file_values: dict[str, Any],
                       environ: dict[str, str] | None = None, source: str = "configuration") -> AnomalyParameters:
    values = resolve(ANOMALY_SETTINGS, flags=flags, file_values={"anomalies": file_values.get("anomalies") or {}},
                     environ=environ, source=source)
    return AnomalyParameters(values["anomalies.window_days"], values["anomalies.k"],
                             values["anomalies.min_history"], values["anomalies.min_band_percent"])


@click.command("anomalies")
@click.option("--all", "show_all", is_flag=True, help="Show every day's band, not only the anomalies.")
@click.option("--save/--no-save", default=True, show_default=True, help="Store the bands in finops.cost_anomalies.")
@click.option("--anomalies.window-days", "anomalies_window_days", default=None, help="Baseline days [default 28].")
@click.option("--anomalies.k", "anomalies_k", default=None, help="Band half-width in robust sigmas [default 3].")
@click.option("--anomalies.min-history", "anomalies_min_history", default=None, help="[default 7 days]")
@click.option("--anomalies.min-band-percent", "anomalies_min_band_percent", default=None, help="[default 10]")
@window_options
@common_options
def anomalies_command(show_all: bool, save: bool, start: str | None, end: str | None,
                      anomalies_window_days: str | None, anomalies_k: str | None, anomalies_min_history: str | None,
                      anomalies_min_band_percent: str | None, **common: Any) -> None:
    """Daily EffectiveCost per service outside its expected band (median ± robust spread of recent days)."""

    def body() -> None:
        ctx = context_from(**common)
        params = anomaly_parameters(
            {"anomalies_window_days": anomalies_window_days, "anomalies_k": anomalies_k,
             "anomalies_min_history": anomalies_min_history,
             "anomalies_min_band_percent": anomalies_min_band_percent},
            ctx.file_values, source=ctx.source)
        since, until = window(start, end)
        args = (since, until, params.window_days, params.k, params.min_history, params.min_band_percent)
        with ctx.connect() as conn:
            if save:
                conn.execute("SELECT finops.detect_cost_anomalies(%s, %s, %s, %s, %s, %s)", args)
            with conn.cursor() as cur:
                cur.execute("SELECT * FROM finops.daily_cost_bands(%s, %s, %s, %s, %s, %s)", args)
                columns, rows = dict_rows(cur)
        if not show_all:
            rows = [r for r in rows if r["is_anomaly"]]
        ctx.emit(columns, rows)

    run_report("anomalies", body)


__all__ = ["ANOMALY_SETTINGS", "AnomalyParameters", "anomalies_command", "anomaly_parameters"]
