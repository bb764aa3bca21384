"""Database plumbing shared by every component: connection settings and the schema migrations in `sql/`.

Migrations are numbered SQL files applied in order, each in its own transaction, under an advisory lock, so
`finops db migrate` is safe to run twice or from several replicas at once.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import conninfo, sql

from finops.config import Secret, Setting, format_duration, read_secret_file, scalar_text, secret_file
from finops.errors import StartupError
from finops.logging import redact

log = logging.getLogger(__name__)

SQL_DIR = Path(os.environ.get("FINOPS_SQL_DIR", Path(__file__).resolve().parent.parent / "sql"))
_MIGRATION_LOCK = 0x46494E4F5053  # "FINOPS": one advisory lock for every migrator
_MIGRATION_FILE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")



def database_url(value: object) -> str:
    """Setting parser: a libpq URL or key=value string psycopg can parse, checked with the other problems."""
    text = scalar_text(value)
    try:
        conninfo.conninfo_to_dict(text)
    except psycopg.ProgrammingError as exc:
        raise ValueError(f"not a PostgreSQL URL: {exc}") from None
    return text


DB_SETTINGS = [
    Setting("db.url", database_url, "postgresql://postgres@127.0.0.1:5432/finops",
            "PostgreSQL URL (libpq); put the password in FINOPS_DB_PASSWORD_FILE or ~/.pgpass, not here"),
    Setting("db.password_file", secret_file, None, "file holding the database password", secret=True),
]


def dsn_with_password(url: str, password: Secret | None) -> str:
    """The one place a password joins the URL (libpq quoting), for every component that connects."""
    return conninfo.make_conninfo(url, password=password.value) if password else url


def resolved_dsn(values: Mapping[str, Any]) -> str:
    """The DSN of resolved `DB_SETTINGS`: `--db.url` with the password read from `--db.password-file` (the
    result carries the password: never log it, show it with `one_line`/`redact`)."""
    password_file = values.get("db.password_file")
    return dsn_with_password(str(values["db.url"]), read_secret_file(str(password_file)) if password_file else None)


# Server answers that will not change by retrying (libpq gives no SQLSTATE for connection failures, so the
# server's FATAL text is matched; in another server language they are retried until the timeout instead).
_REFUSED_PASSWORD = re.compile(r"password authentication failed|no password supplied|authentication failed")
_REFUSED_FOR_GOOD = re.compile(r"does not exist|no pg_hba\.conf entry|not permitted to log in|permission denied")


def one_line(exc: BaseException) -> str:
    """A database error as one line, credentials masked: libpq spreads its messages over several lines."""
    return redact(" ".join(str(exc).split()))


async def wait_for_database(
    dsn: str,
    timeout: float,
    *,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> None:
    """Connects once, retrying for `timeout` seconds while the database is not up yet (a container starting
    beside us); a refused password, role or database fails at once. Raises a one-line `StartupError`."""
    deadline = clock() + timeout
    delay = 0.25
    waiting_logged = False
    while True:
        attempt = max(2, int(deadline - clock() + 0.999))  # libpq's connect_timeout: whole seconds, at least 2
        try:
            conn = await psycopg.AsyncConnection.connect(dsn, connect_timeout=attempt)
        except psycopg.OperationalError as exc:
            cause = one_line(exc)
            if _REFUSED_PASSWORD.search(cause):
                raise StartupError(f"--db.password-file: the database refused the password: {cause}") from None
            if _REFUSED_FOR_GOOD.search(cause):
                raise StartupError(f"--db.url {_shown(dsn)}: the database refused the connection: {cause}") from None
            if clock() + delay > deadline:
                raise StartupError(
                    f"--db.url {_shown(dsn)}: database not reachable within --db.connect-timeout "
                    f"{format_duration(timeout)}: {cause}"
                ) from None
            if not waiting_logged:
                log.warning("database not reachable yet, retrying for up to %s: %s", format_duration(timeout), cause)
                waiting_logged = True
            await sleep(delay)
            delay = min(delay * 2, 2.0)
        else:
            await conn.close()
            return


def _shown(dsn: str) -> str:
    """The URL as a message may show it: without the password `dsn_with_password` put in."""
    try:
        params = conninfo.conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        return "(unparsable)"
    if "password" not in params:
        return redact(dsn)
    params.pop("password")
    return redact(conninfo.make_conninfo(**{k: str(v) for k, v in params.items()}))


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path


def migrations(directory: Path = SQL_DIR / "migrations") -> list[Migration]:
    found = []
    for path in sorted(directory.glob("*.sql")):
        match = _MIGRATION_FILE.match(path.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), path))
    return found


@dataclass(frozen=True)
class MigrationResult:
    applied: list[str]
    engine: str
    license: str | None


def timescaledb_license(conn: psycopg.Connection[tuple[Any, ...]]) -> str | None:
    """`apache`, `timescale` or None when the extension is not installed in this database."""
    row = conn.execute("SELECT current_setting('timescaledb.license', true)").fetchone()
    installed = conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'").fetchone()
    return str(row[0]) if installed and row and row[0] else None


def migrate(dsn: str, use_timescaledb: bool = True) -> MigrationResult:
    """Applies pending migrations; creates the TimescaleDB extension first when it is available. A database
    error (no permission, no connection) is a one-line `StartupError`."""
    try:
        return _migrate(dsn, use_timescaledb)
    except psycopg.Error as exc:
        raise StartupError(f"--db.url {_shown(dsn)}: schema migration failed: {one_line(exc)}") from None


def _migrate(dsn: str, use_timescaledb: bool) -> MigrationResult:
    applied: list[str] = []
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (_MIGRATION_LOCK,))
        try:
            if use_timescaledb:
                _try_create_timescaledb(conn)
            conn.execute(
                "CREATE SCHEMA IF NOT EXISTS finops;"
                "CREATE TABLE IF NOT EXISTS finops.schema_migrations ("
                " version integer PRIMARY KEY, name text NOT NULL,"
                " applied_at timestamptz NOT NULL DEFAULT now())"
            )
            done = {r[0] for r in conn.execute("SELECT version FROM finops.schema_migrations").fetchall()}
            for migration in migrations():
                if migration.version in done:
                    continue
                with conn.transaction():
                    conn.execute(migration.path.read_text(encoding="utf-8").encode())
                    conn.execute("INSERT INTO finops.schema_migrations (version, name) VALUES (%s, %s)",
                                 (migration.version, migration.name))
                applied.append(f"{migration.version:04d}_{migration.name}")
                log.info("applied migration %04d_%s", migration.version, migration.name)
            conn.execute("SELECT finops.refresh_metric_views()")
            engine_row = conn.execute("SELECT value FROM finops.storage_info WHERE key = 'engine'").fetchone()
            return MigrationResult(applied, str(engine_row[0]) if engine_row else "unknown",
                                   timescaledb_license(conn))
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (_MIGRATION_LOCK,))


def _try_create_timescaledb(conn: psycopg.Connection[tuple[Any, ...]]) -> None:
    available = conn.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'").fetchone()
    if not available:
        log.warning("TimescaleDB is not installed: using plain PostgreSQL partitioned tables")
        return
    try:
        conn.execute("CREATE EXTENSION IF NOT EXISTS timescaledb")
    except psycopg.Error as exc:
        # typically: not in shared_preload_libraries; plain PostgreSQL still works
        log.warning("cannot create the TimescaleDB extension (%s): using plain PostgreSQL", exc.diag.message_primary)


def drop_old_data(dsn: str, older_than_seconds: float) -> dict[str, int]:
    """Retention: drops whole chunks (TimescaleDB) or partitions (plain PostgreSQL) older than the cutoff, hot
    samples and compact blocks alike (plain PostgreSQL keeps blocks in one table: their old rows are deleted)."""
    dropped: dict[str, int] = {}
    with psycopg.connect(dsn, autocommit=True) as conn:
        engine = conn.execute("SELECT value FROM finops.storage_info WHERE key = 'engine'").fetchone()
        cutoff = conn.execute("SELECT now() - make_interval(secs => %s)", (older_than_seconds,)).fetchone()
        assert cutoff is not None
        timescale = bool(engine and engine[0] == "timescaledb")
        for table in ("samples_hot", "sample_blocks", "exemplars", "histograms"):
            if timescale:
                rows = conn.execute("SELECT drop_chunks(%s, older_than => %s)",
                                    (f"finops.{table}", cutoff[0])).fetchall()
                dropped[table] = len(rows)
            elif table == "sample_blocks":
                dropped[table] = conn.execute("DELETE FROM finops.sample_blocks WHERE end_time < %s",
                                              (cutoff[0],)).rowcount
            else:
                dropped[table] = _drop_partitions(conn, table, cutoff[0])
        conn.execute("DELETE FROM finops.compacted_windows WHERE window_start < %s - interval '1 day'", (cutoff[0],))
    return dropped


def _drop_partitions(conn: psycopg.Connection[tuple[Any, ...]], table: str, cutoff: object) -> int:
    parts = conn.execute(
        """
        SELECT c.relname, pg_get_expr(c.relpartbound, c.oid)
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = %s::regclass
        """,
        (f"finops.{table}",),
    ).fetchall()
    count = 0
    for name, bound in parts:
        match = re.search(r"TO \('([^']+)'\)", bound or "")
        if not match:
            continue
        upper = conn.execute("SELECT %s::timestamptz <= %s", (match.group(1), cutoff)).fetchone()
        if upper and upper[0]:
            conn.execute(sql.SQL("DROP TABLE finops.{}").format(sql.Identifier(name)))
            count += 1
    return count
