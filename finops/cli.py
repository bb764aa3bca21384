"""The `finops` command. Subcommands are loaded by name on first use, so the kernel imports no component
and `finops --help` stays fast."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import click

from finops import __version__
from finops.config import Setting
from finops.errors import ConfigError, FinopsError
from finops.logging import setup_logging
from finops.runtime import tune_gc

F = TypeVar("F", bound=Callable[..., Any])


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use (`lazy_commands`: name -> "module:attribute"), so
    `--help` stays fast and a group never imports the components it does not run."""

    def __init__(self, *args: Any, lazy_commands: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands: Mapping[str, str] = lazy_commands if lazy_commands is not None else {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.lazy_commands) | set(super().list_commands(ctx)))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.lazy_commands:
            return super().get_command(ctx, cmd_name)
        module_name, attr = self.lazy_commands[cmd_name].split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:  # a component left out of this installation
            if exc.name and module_name.startswith(exc.name):
                return None
            raise
        command = getattr(module, attr)
        assert isinstance(command, click.Command)
        return command


def setting_options(
    settings: Sequence[Setting],
    *,
    config_file: bool = True,
    config_file_required: bool = False,
    config_file_help: str = "YAML configuration file",
) -> Callable[[F], F]:
    """One click option per setting (default None, so `resolve` can tell a flag from the environment and the
    file) plus `--config.file` unless `config_file=False`; the help shows each setting's default, valid range
    and environment variable. The one way every command turns settings into flags."""

    def decorate(func: F) -> F:
        for setting in reversed(settings):
            func = click.option(setting.flag, setting.param, default=None, help=setting.help_text())(func)
        if not config_file:
            return func
        return click.option(
            "--config.file",
            "config_file",
            required=config_file_required,
            envvar="FINOPS_CONFIG_FILE",
            type=click.Path(dir_okay=False),
            help=f"{config_file_help} [env: FINOPS_CONFIG_FILE]",
        )(func)

    return decorate


# subcommand name -> "module:attribute" of a click command or group
_COMMANDS: dict[str, str] = {
    "adapter": "remote_write_adapter.cli:adapter",
    "db": "remote_write_adapter.cli:db",
    "focus": "focus.cli:focus",
    "exporter": "exporters.cli:exporter",
    "azure": "exporters.azure.cli:azure",
    "report": "reports.cli:report",
    "krateo": "exporters.krateo.cli:krateo",
    "carbon": "exporters.carbon.cli:carbon",
}


@click.group(cls=LazyGroup, lazy_commands=_COMMANDS)
@click.version_option(__version__, prog_name="finops")
@click.option(
    "--log.level",
    "log_level",
    default="info",
    show_default=True,
    type=click.Choice(["debug", "info", "warning", "error"]),
    envvar="FINOPS_LOG_LEVEL",
)
@click.option(
    "--log.format",
    "log_format",
    default="logfmt",
    show_default=True,
    type=click.Choice(["logfmt", "json"]),
    envvar="FINOPS_LOG_FORMAT",
)
def cli(log_level: str, log_format: str) -> None:
    """Composable FinOps for Prometheus: exporters, the remote-write adapter and FOCUS tools."""
    setup_logging(log_level, log_format)


def main() -> None:
    tune_gc()  # every command is a service or a batch job over many small objects (e.g. 8% off a 1M-row read)
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except ConfigError as exc:
        click.echo(f"finops: {exc}", err=True)
        sys.exit(2)
    except FinopsError as exc:
        click.echo(f"finops: {exc}", err=True)
        sys.exit(1)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
