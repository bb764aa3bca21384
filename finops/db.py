"""Database plumbing shared by every component: connection settings and the schema migrations in `sql/`.

Migrations are numbered SQL files applied in order, each in its own transaction, under an advisory lock, so
`finops db migrate` is safe to run twice or from several replicas at once.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from finops.config import Setting

log = logging.getLogger(__name__)

SQL_DIR = Path(os.environ.get("FINOPS_SQL_DIR", Path(__file__).resolve().parent.parent / "sql"))
_MIGRATION_LOCK = 0x46494E4F5053  # "FINOPS": one advisory lock for every migrator
_MIGRATION_FILE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

DB_SETTINGS = [
    Setting("db.url", str, "postgresql://postgres@127.0.0.1:5432/finops",
            "PostgreSQL URL (libpq); put the password in FINOPS_DB_PASSWORD_FILE or ~/.pgpass, not here"),
    Setting("db.password_file", str, None, "file holding the database password", secret=True),
]


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
    """Applies pending migrations; creates the TimescaleDB extension first when it is available."""
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
