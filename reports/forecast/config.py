"""Settings of the forecast job and report: flags > `FINOPS_*` environment > the YAML file > defaults, resolved
once and validated together (every problem reported at once), as everywhere in the project.

    # forecast.yml (--config.file)
    db: {url: postgresql://finops@db:5432/finops}
    forecast:
      horizon: 30d            # up to 90d
      lookback: 400d          # history read per series
      min_history: 14d        # fewer days with a value: no forecast (14 is the floor: two weekly seasons)
      stale_after: 7d         # no value in the history's last 7 days: no forecast
      credits: exclude        # or include
      watch: 24h              # `--watch`: re-run every interval
      usage:
        metrics: [azure_vm_cpu_utilization_percent]
        resource_label: resource_id
        aggregation: avg      # avg | max | sum of the day's samples
    budgets: [...]            # see reports.budgets (the same list `finops report budgets` reads)

The other sections of the file (`report:`, `allocation:`, ...) belong to the other commands and are accepted.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from finops.config import Setting, at_least, load_yaml_file, parse_duration, resolve
from finops.db import DB_SETTINGS, resolved_dsn
from finops.errors import ConfigError
from reports.budgets import parse_budgets
from reports.context import other_keys
from reports.forecast.budget import Budget, forecast_budgets

MAX_HORIZON_DAYS = 90
MIN_HISTORY_DAYS = 14


def _days(low: int, high: int) -> Any:
    def parse(value: Any) -> int:
        seconds = parse_duration(value if isinstance(value, int | float) and not isinstance(value, bool)
                                 else str(value))  # fmt: skip
        if isinstance(value, int | float) and not isinstance(value, bool):
            seconds *= 86400  # a bare number is days
        days = seconds / 86400
        if days != int(days):
            raise ValueError(f"must be whole days, got {value!r}")
        if not low <= days <= high:
            raise ValueError(f"must be between {low}d and {high}d, got {value!r}")
        return int(days)

    return parse


def _choice(*allowed: str) -> Any:
    def parse(value: Any) -> str:
        text = str(value).strip().lower()
        if text not in allowed:
            raise ValueError(f"must be one of {', '.join(allowed)}")
        return text

    return parse


def _names(value: Any) -> tuple[str, ...]:
    """A YAML list or a comma-separated text (flags, environment)."""
    items = value if isinstance(value, list) else str(value).split(",")
    names = tuple(str(v).strip() for v in items if str(v).strip())
    return names


SETTINGS = [
    *DB_SETTINGS,
    Setting("forecast.horizon", _days(1, MAX_HORIZON_DAYS), "30d", f"days to forecast (up to {MAX_HORIZON_DAYS}d)"),
    Setting("forecast.lookback", _days(MIN_HISTORY_DAYS, 3660), "400d", "history read per series"),
    Setting("forecast.min_history", _days(MIN_HISTORY_DAYS, 3660), "14d",
            "fewer days with a value: no forecast (at least 14d)"),
    Setting("forecast.stale_after", _days(1, 3660), "7d", "no value in the history's last days: no forecast"),
    Setting("forecast.credits", _choice("exclude", "include"), "exclude", "leave credits out of cost series"),
    Setting("forecast.watch", parse_duration, None, "re-run every interval, storing each run (e.g. 24h)",
            bounds=at_least(1)),
    Setting("forecast.usage.metrics", _names, "azure_vm_cpu_utilization_percent",
            "usage metrics forecast per resource (comma-separated; empty: none)"),
    Setting("forecast.usage.resource_label", str, "resource_id", "the label naming the resource"),
    Setting("forecast.usage.aggregation", _choice("avg", "max", "sum"), "avg", "how a day's samples are combined"),
]  # fmt: skip


@dataclass(frozen=True)
class ForecastConfig:
    dsn: str
    horizon: int = 30
    lookback: int = 400
    min_history: int = MIN_HISTORY_DAYS
    stale_after: int = 7
    include_credits: bool = False
    watch: float | None = None
    usage_metrics: tuple[str, ...] = ("azure_vm_cpu_utilization_percent",)
    resource_label: str = "resource_id"
    aggregation: str = "avg"
    budgets: tuple[Budget, ...] = ()
    skipped_budgets: tuple[tuple[str, str], ...] = ()  # (name, why the forecast cannot scope it)

    def __repr__(self) -> str:  # the DSN may carry a password read from a file
        return f"ForecastConfig(horizon={self.horizon}, lookback={self.lookback}, budgets={len(self.budgets)})"


def load_config(
    config_file: str | None = None,
    flags: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
    extra_settings: list[Setting] | None = None,
    allow_unknown: tuple[str, ...] = (),
) -> tuple[ForecastConfig, dict[str, Any]]:
    """The job's configuration and the resolved values of `extra_settings` (the exporter's web settings)."""
    file_values = load_yaml_file(config_file) if config_file else {}
    source = config_file or "configuration"
    problems: list[str] = []
    budgets, budget_problems = parse_budgets(file_values.get("budgets"), f"{source}: budgets")
    problems += budget_problems
    scoped, skipped = forecast_budgets(budgets)
    settings = SETTINGS + (extra_settings or [])
    values: dict[str, Any] = {}
    try:
        values = resolve(settings, flags=flags, file_values=file_values,
                         environ=os.environ if environ is None else environ, source=source,
                         allow_unknown_file_keys=(*other_keys(settings), *allow_unknown))  # fmt: skip
    except ConfigError as exc:
        problems = exc.problems + problems
    if problems:
        raise ConfigError(problems, source=source)
    config = ForecastConfig(
        dsn=resolved_dsn(values),
        horizon=values["forecast.horizon"],
        lookback=values["forecast.lookback"],
        min_history=values["forecast.min_history"],
        stale_after=values["forecast.stale_after"],
        include_credits=values["forecast.credits"] == "include",
        watch=values["forecast.watch"],
        usage_metrics=values["forecast.usage.metrics"],
        resource_label=values["forecast.usage.resource_label"],
        aggregation=values["forecast.usage.aggregation"],
        budgets=tuple(scoped),
        skipped_budgets=tuple(skipped),
    )
    return config, values
