"""`finops exporter recommendations --config.file=finops.yml --web.listen-address=:9103`."""

from __future__ import annotations

from typing import Any

import click

from exporters.recommendations.config import SETTINGS, load_config
from finops.web import run


@click.command("recommendations")
@click.option("--config.file", "config_file", default=None, envvar="FINOPS_CONFIG_FILE",
              type=click.Path(dir_okay=False),
              help="YAML with web, db and rightsizing sections [env FINOPS_CONFIG_FILE]")
def _base(config_file: str | None, **flags: Any) -> None:
    """Expose rightsizing and idle recommendations (savings, confidence, vCPU change) as Prometheus gauges."""
    from exporters.recommendations.app import build

    config = load_config(config_file, flags=flags)
    run(build(config).app, config.web)


command = _base
for _setting in reversed(SETTINGS):
    command = click.option(_setting.flag, _setting.param, default=None,
                           help=f"{_setting.help} [env {_setting.env}]")(command)
