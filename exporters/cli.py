"""`finops exporter …`: one subcommand per exporter, loaded on first use."""

from __future__ import annotations

import importlib

import click

_EXPORTERS = {
    "focus-cost": "exporters.focus_cost.cli:command",
    "azure": "exporters.azure.cli:command",
    "forecast": "exporters.forecast.cli:command",
}


class _LazyExporters(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_EXPORTERS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in _EXPORTERS:
            return None
        module_name, attr = _EXPORTERS[cmd_name].split(":")
        command = getattr(importlib.import_module(module_name), attr)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=_LazyExporters)
def exporter() -> None:
    """Run an exporter (a Prometheus scrape target)."""
