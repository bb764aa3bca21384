"""`finops report …`: one subcommand per analysis, each loaded on first use."""

from __future__ import annotations

import importlib

import click

# subcommand name -> "module:attribute" of a click command or group; each analysis adds its line
_REPORTS: dict[str, str] = {
    "forecast": "reports.forecast.cli:command",
}


class _LazyReports(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_REPORTS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in _REPORTS:
            return None
        module_name, attr = _REPORTS[cmd_name].split(":")
        command = getattr(importlib.import_module(module_name), attr)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=_LazyReports)
def report() -> None:
    """Showback, chargeback, optimization and forecasts over the stored costs and usage."""
