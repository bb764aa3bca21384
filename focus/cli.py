"""`finops focus ...`: FOCUS file tools. Other subcommands (load, export) attach to the same group."""

from __future__ import annotations

import sys

import click

from finops.errors import BadInputError
from focus.columns import SUPPORTED_VERSIONS
from focus.validate import validate

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_UNREADABLE = 2


@click.group(name="focus")
def focus() -> None:
    """FOCUS cost and usage files: validate, load into the FOCUS table, export from it."""


@focus.command("validate")
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "--version",
    "version",
    type=click.Choice(SUPPORTED_VERSIONS),
    default=None,
    help="FOCUS version to validate against (default: detected from the columns).",
)
@click.option("--lenient", is_flag=True, help="Normalise known export defects instead of reporting them.")
@click.option("--examples", default=3, show_default=True, type=click.IntRange(0, 100), help="Examples per rule.")
def validate_command(file: str, version: str | None, lenient: bool, examples: int) -> None:
    """Check FILE (CSV, CSV.gz or Parquet) against the FOCUS format rules.

    Exit status: 0 clean, 1 violations found, 2 file unreadable.
    """
    try:
        report = validate(file, version=version, mode="lenient" if lenient else "strict")
    except BadInputError as exc:
        click.echo(f"finops focus validate: {exc}", err=True)
        sys.exit(EXIT_UNREADABLE)
    click.echo(report.format(max_examples=examples))
    sys.exit(EXIT_OK if report.ok else EXIT_VIOLATIONS)


def _attach_table_commands() -> None:
    from focus.load_cli import export_command, load_command

    focus.add_command(load_command, "load")
    focus.add_command(export_command, "export")


_attach_table_commands()
