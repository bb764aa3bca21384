"""`finops krateo convert DIR --output OUT`: converts Krateo's collection resources and prints what became of
each one; exit status 1 when something was not converted (the rest is written all the same)."""

from __future__ import annotations

from pathlib import Path

import click


@click.group("krateo")
def krateo() -> None:
    """Move from Krateo Composable FinOps."""


@krateo.command("convert")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--output", "output", type=click.Path(file_okay=False, path_type=Path), default=Path("converted"),
              show_default=True, help="where the configuration files are written")
@click.option("--adapter-url", default="http://finops-adapter:9201", show_default=True,
              help="the adapter Prometheus remote-writes to (the Service of deploy/kubernetes)")
def convert_command(directory: Path, output: Path, adapter_url: str) -> None:
    """Convert ExporterScraperConfig, ScraperConfig, FocusConfig and DatabaseConfig resources (with their
    Secrets) found in DIR into exporter configurations and Prometheus scrape and remote-write settings."""
    from exporters.krateo.convert import convert

    report = convert(directory, output.resolve(), adapter_url=adapter_url)
    click.echo(report.text())
    if not report.ok:
        raise SystemExit(1)
