"""`finops exporter focus-cost --config.file=… --web.listen-address=:9101`.

The sources come from the YAML file (or a Krateo ExporterScraperConfig); the web settings are flags, the
environment (`FINOPS_WEB_LISTEN_ADDRESS`, …) or the file's `web:` section, in that order.
"""

from __future__ import annotations

import logging
from typing import Any

import click

from exporters.focus_cost.config import WEB_SETTINGS, load_config
from finops.cli import setting_options
from finops.runtime import tune_gc
from finops.web import run

log = logging.getLogger(__name__)


_options = setting_options(
    WEB_SETTINGS,
    config_file_required=True,
    config_file_help="YAML file with the sources (or a Krateo ExporterScraperConfig)",
)


@click.command("focus-cost")
@_options
def command(config_file: str, **flags: Any) -> None:
    """Export FOCUS cost rows (files or HTTP APIs) as Prometheus gauges."""
    from exporters.focus_cost.app import build

    config = load_config(config_file, flags=flags)
    exporter = build(config)
    for source in config.sources:
        log.info(
            "source %s: %s %s every %.0fs",
            source.name,
            source.mode.value,
            source.path or (source.url or "").split("?")[0],
            source.interval,
        )
    tune_gc()
    run(exporter.app, config.web)
