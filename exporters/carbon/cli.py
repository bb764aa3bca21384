"""`finops exporter carbon` (the scrape target) and `finops carbon backfill` (history via remote write).

Every setting of `config.settings()` is a flag (`--carbon.poll-interval`), an environment variable
(`FINOPS_CARBON_POLL_INTERVAL`) and a YAML key (`carbon: {poll_interval: …}`); flags win.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import click

from exporters.base.cli import parse_label_options
from exporters.carbon.config import CarbonConfig, load_config, settings
from finops.cli import setting_options
from finops.config import load_yaml_file, parse_duration
from finops.runtime import tune_gc
from finops.web import run

log = logging.getLogger(__name__)


_setting_options = setting_options(settings())


def _load(config_file: str | None, flags: dict[str, Any]) -> CarbonConfig:
    file_values = load_yaml_file(config_file) if config_file else {}
    return load_config(flags=flags, file_values=file_values, source=config_file or "configuration")


@click.command("carbon")
@_setting_options
def command(config_file: str | None, **flags: Any) -> None:
    """Export grid carbon intensity (UK Carbon Intensity, Electricity Maps, WattTime, the embedded table)."""
    from exporters.carbon.app import build

    config = _load(config_file, flags)
    exporter = build(config)
    log.info("exporting carbon intensity from %s, poll every %.0fs", ", ".join(config.source_names()),
             config.poll_interval)
    tune_gc()
    run(exporter.app, config.web)


@click.group("carbon")
def carbon() -> None:
    """Carbon tools (backfill of past grid intensities)."""


@carbon.command("backfill")
@click.option("--since", default="1d", show_default=True, help="how far back to read (e.g. 1d, 7d)")
@click.option("--remote-write.url", "remote_write_url", required=True,
              help="Remote-Write 1.0 receiver, e.g. http://adapter:9201/api/v1/write")
@click.option("--label", "labels", multiple=True,
              help="extra label name=value on every series; use the scrape target's job and instance (repeatable)")
@_setting_options
def backfill(since: str, remote_write_url: str, labels: tuple[str, ...], config_file: str | None,
             **flags: Any) -> None:
    """Read past grid intensities and remote-write them with the live exporter's series and timestamps."""
    from exporters.carbon.backfill import run_backfill

    config = _load(config_file, flags)
    try:
        since_s = parse_duration(since)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--since") from exc
    report = asyncio.run(run_backfill(config, since=since_s, remote_write_url=remote_write_url,
                                      extra_labels=parse_label_options(labels)))
    click.echo(f"backfill: {report.zones} zones ({report.failed_zones} failed), {report.series} series, "
               f"{report.samples} samples, {report.requests} API requests")
