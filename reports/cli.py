"""`finops report …`: one subcommand per analysis, each loaded on first use."""

from __future__ import annotations

import click

from finops.cli import LazyGroup

# subcommand name -> "module:attribute" of a click command or group; each analysis adds its line
_REPORTS: dict[str, str] = {
    "emissions": "reports.carbon.report:emissions",
    "forecast": "reports.forecast.cli:command",
}


@click.group(cls=LazyGroup, lazy_commands=_REPORTS)
def report() -> None:
    """Showback, chargeback, optimization and forecasts over the stored costs and usage."""
