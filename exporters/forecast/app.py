"""Configuration and wiring of the forecast exporter on `exporters.base` (one poller, private registry)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from prometheus_client import CollectorRegistry

from exporters.base import Poller, PollerCollector, create_app
from exporters.forecast.collector import ForecastCollector
from exporters.forecast.source import ForecastSource, Snapshot
from finops.config import Setting, at_least, parse_duration
from finops.web import WebConfig, web_settings
from reports.forecast.budget import Budget
from reports.forecast.config import load_config

log = logging.getLogger(__name__)

SELF_PREFIX = "forecast_exporter"
DEFAULT_LISTEN = ":9104"


EXPORTER_SETTINGS = [
    *web_settings(DEFAULT_LISTEN),
    Setting("exporter.interval", parse_duration, "5m", "how often the stored forecasts are read",
            bounds=at_least(1)),
]


@dataclass(frozen=True)
class ExporterConfig:
    dsn: str
    web: WebConfig
    interval: float
    budgets: tuple[Budget, ...]

    def __repr__(self) -> str:
        return f"ExporterConfig(port={self.web.port}, interval={self.interval}, budgets={len(self.budgets)})"


def load_exporter_config(
    config_file: str | None, flags: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> ExporterConfig:
    """The same YAML file as the job (db, budgets; its `forecast:` section is accepted and unused) plus `web:`
    and `exporter:`; every problem reported at once."""
    forecast, values = load_config(config_file, flags=flags, environ=environ, extra_settings=EXPORTER_SETTINGS)
    for name, reason in forecast.skipped_budgets:
        log.warning("budget %r has no breach gauges: %s", name, reason)
    return ExporterConfig(forecast.dsn, WebConfig.from_resolved(values), values["exporter.interval"], forecast.budgets)


@dataclass(frozen=True)
class Exporter:
    app: web.Application
    registry: CollectorRegistry
    poller: Poller[Snapshot]


def build(config: ExporterConfig, *, start_pollers: bool = True) -> Exporter:
    source = ForecastSource(config.dsn, config.budgets)
    poller: Poller[Snapshot] = Poller(
        "forecasts", source.fetch, initial=Snapshot(), interval=config.interval,
        counts=lambda s: {"daily_points": len(s.daily), "budgets": len(s.budgets)},
    )  # fmt: skip
    registry = CollectorRegistry(auto_describe=True)
    registry.register(ForecastCollector(lambda: poller.snapshot))
    registry.register(PollerCollector(SELF_PREFIX, [poller]))
    app = create_app(web_config=config.web, registry=registry, pollers=[poller], start_pollers=start_pollers)
    return Exporter(app, registry, poller)
