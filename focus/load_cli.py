"""`finops focus load` and `finops focus export`: plain click commands, registered into the `focus` group.

The database URL comes from `--db.url`, else FINOPS_DB_URL, else the default (finops.db.DB_SETTINGS); a
password from `--db.password-file` / FINOPS_DB_PASSWORD_FILE.
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from typing import Any, NoReturn

import click

from finops.cli import setting_options
from finops.config import resolve
from finops.db import DB_SETTINGS, resolved_dsn
from finops.errors import BadInputError, ConfigError, FinopsError
from focus.columns import SUPPORTED_VERSIONS
from focus.export import FORMATS, export
from focus.formats import as_utc
from focus.load import LoadRejectedError, LoadResult, load_file

EXIT_OK = 0
EXIT_FAILED = 1  # database unavailable or another runtime failure
EXIT_BAD_INPUT = 2  # unreadable or rejected file


def db_dsn(db_url: str | None, db_password_file: str | None) -> str:
    """The DSN of the `db_options` flags, their FINOPS_DB_* variables or the defaults."""
    return resolved_dsn(resolve(DB_SETTINGS, flags={"db_url": db_url, "db_password_file": db_password_file}))


#: --db.url and --db.password-file, as every command that connects spells them (default, range, env in --help)
db_options = setting_options(DB_SETTINGS, config_file=False)


def _fail(command: str, exc: Exception, code: int) -> NoReturn:
    click.echo(f"finops focus {command}: {exc}", err=True)
    sys.exit(code)


def summary(result: LoadResult) -> str:
    """Readable outcome of one load."""
    if result.skipped:
        head = f"{result.location}: already loaded (load {result.load_id}), nothing changed; {result.rows} rows"
    else:
        head = (
            f"{result.location}: FOCUS {result.version}, {result.rows} rows as source {result.source!r}"
            f" (load {result.load_id}): {result.inserted} new, {result.updated} updated, {result.removed} removed,"
            f" {result.unchanged} unchanged in {result.seconds:.1f}s"
        )
    lines = [head, f"scopes ({len(result.scopes)}):"]
    lines += [
        f"  {s.provider} / {s.billing_account_id} / billing period {s.as_dict()['billing_period_start']}"
        for s in result.scopes
    ]
    if result.duplicates:
        lines.append(f"{result.duplicates} rows identical in every dimension to an earlier row (ids numbered -2, -3…)")
    if result.problems:
        lines.append("normalized or tolerated: " + ", ".join(f"{r} x{n}" for r, n in sorted(result.problems.items())))
    return "\n".join(lines)


@click.command("load")
@click.argument("location", metavar="FILE|URL")
@click.option("--source", default=None, help="Name stored with the rows (default: the file name).")
@click.option("--version", "version", type=click.Choice(SUPPORTED_VERSIONS), default=None,
              help="FOCUS version of the file (default: detected from the columns).")
@click.option("--strict", is_flag=True, help="Refuse files that break any FOCUS format rule.")
@click.option("--force", is_flag=True, help="Compare row by row even when this content was loaded before.")
@click.option("--progress/--no-progress", default=True, show_default=True, help="Show a progress bar.")
@db_options
def load_command(
    location: str, source: str | None, version: str | None, strict: bool, force: bool, progress: bool,
    db_url: str | None, db_password_file: str | None,
) -> None:  # fmt: skip
    """Load a FOCUS file or http(s) URL (CSV, CSV.gz, Parquet) as the new snapshot of its scopes.

    A scope is (provider, BillingAccountId, BillingPeriodStart): rows of the file's scopes that the file no
    longer has move to history, restated rows are updated, other scopes are untouched. Exit status: 0 loaded,
    1 database or other failure, 2 file unreadable or rejected.
    """
    try:
        dsn = db_dsn(db_url, db_password_file)
    except ConfigError as exc:
        _fail("load", exc, EXIT_FAILED)
    bar: Any = None
    done = 0

    def on_progress(rows: int, total: int | None) -> None:
        nonlocal bar, done
        if bar is None:
            bar = click.progressbar(length=max(total or rows, 1), label="rows", file=sys.stderr, show_pos=True)
            bar.__enter__()
        if bar.length is not None and rows > bar.length:
            bar.length = rows
        bar.update(rows - done)
        done = rows

    try:
        result = load_file(
            dsn, location, source=source, version=version, mode="strict" if strict else "lenient",
            progress=on_progress if progress else None, force=force,
        )  # fmt: skip
    except (LoadRejectedError, BadInputError) as exc:
        _fail("load", exc, EXIT_BAD_INPUT)
    except FinopsError as exc:
        _fail("load", exc, EXIT_FAILED)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    click.echo(summary(result))


def parse_when(value: str | None, option: str) -> datetime | None:
    """A --from/--to value of every command: a date (midnight UTC) or an ISO 8601 date/time (naive = UTC)."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD) or date/time", param_hint=option) from None
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    return as_utc(parsed)


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--version", "version", type=click.Choice(SUPPORTED_VERSIONS), default=SUPPORTED_VERSIONS[-1],
              show_default=True, help="FOCUS version (columns and names) to write.")
@click.option("--from", "start", default=None, help="First ChargePeriodStart to include (date or date/time, UTC).")
@click.option("--to", "end", default=None, help="ChargePeriodStart before which to stop (exclusive).")
@click.option("--provider", "providers", multiple=True, help="Only this provider (repeatable).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format (default: from FILE's extension: .parquet, .gz, else CSV).")
@db_options
def export_command(
    file: str, version: str, start: str | None, end: str | None, providers: tuple[str, ...], fmt: str | None,
    db_url: str | None, db_password_file: str | None,
) -> None:  # fmt: skip
    """Write FOCUS rows from the database to FILE (CSV, CSV.gz or Parquet) as FOCUS VERSION."""
    since = parse_when(start, "--from")
    until = parse_when(end, "--to")
    try:
        dsn = db_dsn(db_url, db_password_file)
        rows = export(dsn, file, version=version, start=since, end=until, providers=providers or None, fmt=fmt)
    except BadInputError as exc:
        _fail("export", exc, EXIT_BAD_INPUT)
    except FinopsError as exc:
        _fail("export", exc, EXIT_FAILED)
    click.echo(f"{file}: {rows} rows as FOCUS {version}")


__all__ = ["db_dsn", "db_options", "export_command", "load_command", "parse_when", "summary"]
