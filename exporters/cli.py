"""`finops exporter …`: one subcommand per exporter, loaded on first use."""

from __future__ import annotations

import click

from finops.cli import LazyGroup

_EXPORTERS = {
    "focus-cost": "exporters.focus_cost.cli:command",
    "azure": "exporters.azure.cli:command",
    "forecast": "exporters.forecast.cli:command",
    "recommendations": "exporters.recommendations.cli:command",
    "carbon": "exporters.carbon.cli:command",
}


@click.group(cls=LazyGroup, lazy_commands=_EXPORTERS)
def exporter() -> None:
    """Run an exporter (a Prometheus scrape target)."""
