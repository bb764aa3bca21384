"""`finops exporter forecast --db.url … --config.file forecast.yml --web.listen-address :9104`."""

from __future__ import annotations

from typing import Any

import click

from exporters.forecast.app import EXPORTER_SETTINGS, build, load_exporter_config
from finops.cli import setting_options
from finops.db import DB_SETTINGS
from finops.web import run


@click.command("forecast")
@setting_options([*DB_SETTINGS, *EXPORTER_SETTINGS], config_file_help="YAML file (db, web, exporter, budgets)")
def command(config_file: str | None, **flags: Any) -> None:
    """Export the stored forecasts (finops report forecast --store / --watch) as Prometheus gauges: daily
    quantiles, month-end projections, budget breach dates."""
    config = load_exporter_config(config_file, flags=flags)
    run(build(config).app, config.web)
