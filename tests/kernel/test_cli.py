"""The kernel's click helpers: lazy groups and settings as options."""

from __future__ import annotations

import importlib
import sys

import click
import pytest
from click.testing import CliRunner

from finops.cli import LazyGroup, cli, setting_options
from finops.config import Setting, at_least


def test_a_lazy_group_imports_a_command_only_when_it_runs() -> None:
    @click.group(cls=LazyGroup, lazy_commands={"adapter": "remote_write_adapter.cli:adapter",
                                               "gone": "no_such_package.cli:command"})
    def root() -> None:
        """Root."""

    sys.modules.pop("remote_write_adapter.cli", None)
    assert isinstance(root, LazyGroup)
    assert root.list_commands(click.Context(root)) == ["adapter", "gone"]
    assert "remote_write_adapter.cli" not in sys.modules  # listing the names imports nothing
    assert CliRunner().invoke(root, ["adapter", "--help"]).exit_code == 0
    assert "remote_write_adapter.cli" in sys.modules
    missing = CliRunner().invoke(root, ["gone"])
    assert missing.exit_code != 0 and "No such command 'gone'" in missing.output


def test_every_top_level_command_loads() -> None:
    for name in ("adapter", "db", "focus", "exporter", "azure", "report"):
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)


def test_setting_options_pass_only_what_was_given() -> None:
    seen: dict[str, object] = {}

    @click.command()
    @setting_options([Setting("ingest.flush_samples", int, 5, "samples per COPY", bounds=at_least(1))])
    def command(config_file: str | None, **flags: object) -> None:
        seen.update(flags, config_file=config_file)

    assert CliRunner().invoke(command, [], env={}).exit_code == 0
    assert seen == {"ingest_flush_samples": None, "config_file": None}  # resolve() then applies env/file/default
    CliRunner().invoke(command, ["--ingest.flush-samples", "7", "--config.file", "c.yml"])
    assert seen == {"ingest_flush_samples": "7", "config_file": "c.yml"}
    help_text = " ".join(CliRunner().invoke(command, ["--help"]).output.split())
    assert "samples per COPY [default: 5; valid: >= 1; env: FINOPS_INGEST_FLUSH_SAMPLES]" in help_text


# every command that declares settings, and the settings its --help must show (written by setting_options)
SETTING_COMMANDS = [
    (["exporter", "forecast"], "exporters.forecast.app:EXPORTER_SETTINGS"),
    (["exporter", "recommendations"], "exporters.recommendations.config:SETTINGS"),
    (["report", "forecast"], "reports.forecast.config:SETTINGS"),
    (["report", "showback"], "finops.db:DB_SETTINGS"),
    (["report", "emissions"], "finops.db:DB_SETTINGS"),
    (["focus", "load"], "finops.db:DB_SETTINGS"),
    (["focus", "export"], "finops.db:DB_SETTINGS"),
]


@pytest.mark.parametrize(("argv", "settings"), [pytest.param(a, s, id=" ".join(a)) for a, s in SETTING_COMMANDS])
def test_every_command_shows_default_range_and_environment_of_its_settings(argv: list[str], settings: str) -> None:
    module, attribute = settings.split(":")
    declared: list[Setting] = getattr(importlib.import_module(module), attribute)
    result = CliRunner().invoke(cli, [*argv, "--help"], terminal_width=400)
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    for setting in declared:
        assert f"{setting.flag} TEXT {setting.help_text()}" in text, setting.key
