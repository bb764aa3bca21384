"""`finops exporter recommendations --config.file=finops.yml --web.listen-address=:9103`."""

from __future__ import annotations

from typing import Any

import click

from exporters.recommendations.config import SETTINGS, load_config
from finops.cli import setting_options
from finops.web import run


@click.command("recommendations")
@setting_options(SETTINGS, config_file_help="YAML with web, db and rightsizing sections")
def command(config_file: str | None, **flags: Any) -> None:
    """Expose rightsizing and idle recommendations (savings, confidence, vCPU change) as Prometheus gauges."""
    from exporters.recommendations.app import build

    config = load_config(config_file, flags=flags)
    run(build(config).app, config.web)
