"""`finops exporter azure` (the scrape target) and `finops azure backfill` (history via remote write).

Every setting of `config.settings()` is a flag (`--azure.poll-interval`), an environment variable
(`FINOPS_AZURE_POLL_INTERVAL`) and a YAML key (`azure: {poll_interval: …}`); flags win.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import click

from exporters.azure.config import AzureConfig, load_config, settings
from exporters.base.cli import parse_label_options
from finops.cli import setting_options
from finops.config import load_yaml_file, parse_duration
from finops.runtime import tune_gc
from finops.web import run

log = logging.getLogger(__name__)


_setting_options = setting_options(settings())


def _load(config_file: str | None, flags: dict[str, Any]) -> AzureConfig:
    file_values = load_yaml_file(config_file) if config_file else {}
    return load_config(flags=flags, file_values=file_values, source=config_file or "configuration")


@click.command("azure")
@_setting_options
def command(config_file: str | None, **flags: Any) -> None:
    """Export Azure Monitor metrics of VMs (and other resource types) for Prometheus."""
    from exporters.azure.app import build

    config = _load(config_file, flags)
    exporter = build(config)
    log.info(
        "exporting Azure metrics: %d subscriptions, %d explicit resources, poll every %.0fs",
        len(config.subscription_ids),
        len(config.resource_ids),
        config.poll_interval,
    )
    tune_gc()
    run(exporter.app, config.web)


@click.group("azure")
def azure() -> None:
    """Azure tools (backfill of past metrics)."""


@azure.command("backfill")
@click.option("--since", default="7d", show_default=True, help="how far back to read (e.g. 7d, 12h)")
@click.option(
    "--remote-write.url",
    "--remote-write-url",
    "remote_write_url",
    required=True,
    help="Remote-Write 1.0 receiver, e.g. http://adapter:9201/api/v1/write",
)
@click.option("--window", default="6h", show_default=True, help="time range of one metrics query")
@click.option(
    "--label",
    "labels",
    multiple=True,
    help="extra label name=value on every series; use the scrape target's job and instance (repeatable)",
)
@_setting_options
def backfill(
    since: str, remote_write_url: str, window: str, labels: tuple[str, ...], config_file: str | None, **flags: Any
) -> None:
    """Read past Azure metrics and remote-write them with the live exporter's series and timestamps."""
    from exporters.azure.backfill import run_backfill

    config = _load(config_file, flags)
    try:
        since_s, window_s = parse_duration(since), parse_duration(window)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    report = asyncio.run(
        run_backfill(
            config,
            since=since_s,
            remote_write_url=remote_write_url,
            extra_labels=parse_label_options(labels),
            window=window_s,
        )
    )
    click.echo(
        f"backfill: {report.resources} resources, {report.windows} windows, {report.series} series, "
        f"{report.samples} samples in {report.requests} requests, {report.failed_batches} failed batches"
    )
