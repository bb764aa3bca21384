"""`finops report …`: one subcommand per analysis, each loaded on first use."""

from __future__ import annotations

import click

from finops.cli import LazyGroup

# subcommand name -> "module:attribute" of a click command or group; each analysis adds its line
_REPORTS: dict[str, str] = {
    "allocate": "reports.allocation:allocate_command",
    "anomalies": "reports.anomalies:anomalies_command",
    "budgets": "reports.usecases:budgets_command",
    "commitments": "reports.usecases:commitments_command",
    "emissions": "reports.carbon.report:emissions",
    "forecast": "reports.forecast.cli:command",
    "rightsizing": "reports.rightsizing:rightsizing_command",
    "showback": "reports.showback:showback_command",
    "tag-coverage": "reports.showback:tag_coverage_command",
    "trend": "reports.usecases:trend_command",
    "unit-cost": "reports.usecases:unit_cost_command",
}


@click.group(cls=LazyGroup, lazy_commands=_REPORTS)
def report() -> None:
    """Showback, chargeback, optimization and forecasts over the stored costs and usage."""
