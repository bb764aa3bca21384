"""What every showback/optimization report command shares: the database, the configuration file, the output
format and the time window, resolved as the project resolves configuration (flags > FINOPS_* env > YAML >
defaults, every problem reported at once).

The YAML file (`--config.file`, FINOPS_CONFIG_FILE) holds `db:` and `report:` settings and the sections the
commands read themselves (`allocation:`, `budgets:`, `rightsizing:`, `anomalies:`, `unit_cost:`, `forecast:`),
and may hold the settings of the exporters that read the same file (`web:`, `exporter:`, `recommendations:`):
one file serves every command, each checking its own keys and leaving the others to theirs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, NoReturn

import click
import psycopg

from finops.cli import setting_options
from finops.config import Setting, load_yaml_file, resolve
from finops.db import DB_SETTINGS, resolved_dsn
from finops.errors import BadInputError, ConfigError, FinopsError, UnavailableError
from focus.load_cli import parse_when  # one parser of --from/--to for every command
from reports.render import OUTPUT_FORMATS, OutputFormat, render

EXIT_FAILED = 1  # database unavailable or another runtime failure
EXIT_BAD_INPUT = 2  # bad configuration, rules or arguments

#: sections of the YAML file that the commands read themselves
SECTIONS = ("allocation", "budgets", "rightsizing", "anomalies", "unit_cost", "showback", "forecast")
#: every top-level key of the one YAML file: settings (db, report, the exporters' web server) and SECTIONS
FILE_KEYS = ("db", "report", *SECTIONS, "web", "exporter", "recommendations")


def other_keys(settings: Sequence[Setting]) -> list[str]:
    """The top-level keys of the shared file that `settings` do not own: accepted, and left to the commands that
    read them (a key a command owns stays strictly checked, so a typo under it is still an error)."""
    own = {s.key.split(".", 1)[0] for s in settings}
    return [k for k in FILE_KEYS if k not in own]


def _output(value: Any) -> OutputFormat:
    text = str(value)
    if text not in OUTPUT_FORMATS:
        raise ValueError(f"use one of {', '.join(OUTPUT_FORMATS)}")
    return text


REPORT_SETTINGS = [
    *DB_SETTINGS,
    Setting("report.output", _output, "table", "output format: table, csv or json"),
]


@dataclass(frozen=True)
class ReportContext:
    """The resolved settings of one report command."""

    dsn: str = field(repr=False)  # carries the password of --db.password-file
    output: OutputFormat
    file_values: dict[str, Any] = field(default_factory=dict)
    source: str = "configuration"

    def section(self, name: str) -> Any:
        return self.file_values.get(name)

    def connect(self) -> psycopg.Connection[tuple[Any, ...]]:
        try:
            conn = psycopg.connect(self.dsn)
        except psycopg.OperationalError as exc:
            raise UnavailableError(f"cannot connect to the database: {exc}") from exc
        conn.execute("SET TIME ZONE 'UTC'")
        return conn

    def emit(self, columns: Sequence[str], rows: Sequence[dict[str, Any]], title: str = "") -> None:
        click.echo(render(columns, rows, self.output, title), nl=False)


def build_context(flags: dict[str, Any], config_file: str | None,
                  environ: dict[str, str] | None = None) -> ReportContext:
    file_values = load_yaml_file(config_file) if config_file else {}
    source = config_file or "configuration"
    values = resolve(REPORT_SETTINGS, flags=flags, file_values=file_values, environ=environ, source=source,
                     allow_unknown_file_keys=other_keys(REPORT_SETTINGS))
    return ReportContext(dsn=resolved_dsn(values), output=values["report.output"], file_values=file_values,
                         source=source)


def window(start: str | None, end: str | None, default_days: int = 30,
           now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> tuple[datetime, datetime]:
    """[from, to): the given bounds, else the last `default_days` whole UTC days up to today's midnight."""
    until = parse_when(end, "--to")
    since = parse_when(start, "--from")
    if until is None:
        today = now().date()
        until = datetime(today.year, today.month, today.day, tzinfo=UTC) + timedelta(days=1)
    if since is None:
        since = until - timedelta(days=default_days)
    if since >= until:
        raise click.BadParameter(f"--from {since.isoformat()} is not before --to {until.isoformat()}")
    return since, until


def common_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--db.url, --db.password-file, --config.file, --output (each with its FINOPS_* variable)."""
    func = click.option("--output", "report_output", default=None, type=click.Choice(OUTPUT_FORMATS),
                        help="table, csv or json [default: table; env: FINOPS_REPORT_OUTPUT]")(func)
    return setting_options(DB_SETTINGS, config_file_help="YAML with db/report settings and the report sections")(func)


def window_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--to", "end", default=None,
                        help="End of the window, exclusive (date or date/time, UTC; default: tomorrow 00:00).")(func)
    func = click.option("--from", "start", default=None,
                        help="Start of the window on ChargePeriodStart (default: 30 days before --to).")(func)
    return func


def context_from(db_url: str | None, db_password_file: str | None, config_file: str | None,
                 report_output: str | None) -> ReportContext:
    return build_context({"db_url": db_url, "db_password_file": db_password_file, "report_output": report_output},
                         config_file)


def fail(command: str, exc: BaseException, code: int) -> NoReturn:
    click.echo(f"finops report {command}: {exc}", err=True)
    sys.exit(code)


def run_report(command: str, body: Callable[[], None]) -> None:
    """Runs a command body mapping our error kinds (and the database's refusals of bad input) to exit codes."""
    try:
        body()
    except (ConfigError, BadInputError) as exc:
        fail(command, exc, EXIT_BAD_INPUT)
    except psycopg.errors.InvalidParameterValue as exc:
        hint = f" ({exc.diag.message_hint})" if exc.diag.message_hint else ""
        fail(command, BadInputError(f"{exc.diag.message_primary}{hint}"), EXIT_BAD_INPUT)
    except FinopsError as exc:
        fail(command, exc, EXIT_FAILED)
    except psycopg.OperationalError as exc:
        fail(command, UnavailableError(str(exc)), EXIT_FAILED)


def dict_rows(cur: psycopg.Cursor[tuple[Any, ...]]) -> tuple[list[str], list[dict[str, Any]]]:
    columns = [d.name for d in cur.description or ()]
    return columns, [dict(zip(columns, r, strict=True)) for r in cur.fetchall()]


__all__ = [
    "EXIT_BAD_INPUT", "EXIT_FAILED", "FILE_KEYS", "REPORT_SETTINGS", "SECTIONS", "ReportContext", "build_context",
    "common_options", "context_from", "dict_rows", "fail", "other_keys", "parse_when", "run_report", "window",
    "window_options",
]
