"""`finops exporter forecast --db.url … --config.file forecast.yml --web.listen-address :9104`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from exporters.forecast.app import EXPORTER_SETTINGS, build, load_exporter_config
from finops.db import DB_SETTINGS
from finops.web import run


def _options(func: Callable[..., Any]) -> Callable[..., Any]:
    for setting in reversed([*DB_SETTINGS, *EXPORTER_SETTINGS]):
        func = click.option(setting.flag, setting.param, default=None, help=f"{setting.help} [env {setting.env}]")(func)
    return click.option("--config.file", "config_file", default=None, envvar="FINOPS_CONFIG_FILE",
                        type=click.Path(dir_okay=False),
                        help="YAML file (db, web, exporter, budgets) [env FINOPS_CONFIG_FILE]")(func)  # fmt: skip


@click.command("forecast")
@_options
def command(config_file: str | None, **flags: Any) -> None:
    """Export the stored forecasts (finops report forecast --store / --watch) as Prometheus gauges: daily
    quantiles, month-end projections, budget breach dates."""
    config = load_exporter_config(config_file, flags=flags)
    run(build(config).app, config.web)
